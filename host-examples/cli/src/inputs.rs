//! Reading the inputs a command names besides the data folder: policy documents and
//! dunning histories, with errors that name the file. Both engines take them as the
//! core's documents (`rappel_core::api`).

use std::path::Path;

use rappel_core::api::{HistoryDocument, PolicyDocument};
use rappel_core::collections::dunning::History;
use rappel_core::collections::policy::PolicyFormat;

/// A policy file (TOML, or JSON by its `.json` extension), unparsed: the engine parses
/// and validates it. What a valid policy asks but can never do is printed on stderr
/// (`warning: policy.toml: processes[0].steps[2].fee: …`).
pub fn policy(path: &Path) -> Result<PolicyDocument, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let doc = PolicyDocument {
        format: PolicyFormat::from_file_name(&path.display().to_string()),
        text,
    };
    for w in doc.warnings().unwrap_or_default() {
        eprintln!("warning: {}: {w}", path.display());
    }
    Ok(doc)
}

/// A history file: `.csv` as actions.csv, anything else as the JSON of earlier runs.
pub fn history(path: &Path) -> Result<HistoryDocument, String> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| format!("{name}: {e}"))?;
    if name.to_ascii_lowercase().ends_with(".csv") {
        Ok(HistoryDocument::Csv(bytes))
    } else {
        String::from_utf8(bytes)
            .map(HistoryDocument::Json)
            .map_err(|_| format!("{name}: not UTF-8 text"))
    }
}

/// Reads and parses a history file; problems name the file.
pub fn load_history(path: &Path) -> Result<History, String> {
    history(path)?
        .parse(&path.display().to_string())
        .map_err(|e| e.to_string())
}
