//! File handling for the collections commands: policies, action history, fee quotes.

use std::path::Path;

use rappel_core::collections::dunning::History;
use rappel_core::collections::fees::quote;
use rappel_core::collections::policy::{self, Policy, PolicyFormat};

/// Validates a policy file's text (TOML, or JSON by extension); every problem is
/// listed in the error.
pub fn load_policy(file: &crate::engine::PolicyFile) -> Result<Policy, String> {
    let path = &file.path;
    let format = PolicyFormat::from_file_name(&path.display().to_string());
    policy::parse(&file.text, format).map_err(|problems| {
        let mut s = format!(
            "{}: the policy is not valid ({} problem(s)):",
            path.display(),
            problems.len()
        );
        for p in problems {
            s.push_str(&format!("\n  {p}"));
        }
        s
    })
}

/// Reads a policy file without parsing it (the engine parses and validates it).
pub fn read_policy(path: &Path) -> Result<crate::engine::PolicyFile, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(crate::engine::PolicyFile {
        path: path.to_path_buf(),
        text,
    })
}

/// Reads a history file: `.csv` as actions.csv, anything else as JSON.
pub fn load_history(path: Option<&Path>) -> Result<History, String> {
    let Some(path) = path else {
        return Ok(History::default());
    };
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| format!("{name}: {e}"))?;
    let read = if name.to_ascii_lowercase().ends_with(".csv") {
        History::from_csv(&name, &bytes)
    } else {
        let text = String::from_utf8(bytes).map_err(|_| format!("{name}: not UTF-8 text"))?;
        History::from_json(&name, &text)
    };
    read.map_err(|problems| {
        let mut s = format!("{name}: the history does not read; nothing was run:");
        for p in problems {
            s.push_str(&format!("\n  {p}"));
        }
        s
    })
}

/// The fee rules `rappel fees` can quote.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuoteRule {
    /// Netherlands, WIK staffel.
    NlWik,
    /// Belgium, consumer damages caps.
    BeConsumer,
    /// EU B2B: €40 plus interest.
    EuB2b,
}

impl From<QuoteRule> for quote::QuoteRule {
    fn from(r: QuoteRule) -> Self {
        match r {
            QuoteRule::NlWik => quote::QuoteRule::NlWik,
            QuoteRule::BeConsumer => quote::QuoteRule::BeConsumer,
            QuoteRule::EuB2b => quote::QuoteRule::EuB2b,
        }
    }
}

/// `rappel import-imr`: applies Invoice Response `files` to disputes.csv and
/// promises.csv in `dir` on `engine`, writing both when a response changed anything.
pub fn import_imr(
    engine: &crate::engine::Engine,
    files: &[std::path::PathBuf],
    dir: &Path,
    payment_expected_days: u32,
) -> Result<Vec<rappel_core::collections::disputes::ResponseOutcome>, String> {
    use rappel_core::model::Table;
    let mut documents = Vec::new();
    for f in files {
        let bytes = std::fs::read(f).map_err(|e| format!("{}: {e}", f.display()))?;
        documents.push((f.display().to_string(), bytes));
    }
    let src = crate::data::Source {
        data: Some(dir.to_path_buf()),
        mapping: None,
        demo: false,
        currency: None,
        strict: false,
    };
    let applied = engine.apply_responses(&src, documents, payment_expected_days)?;
    if applied.changed() {
        for (t, bytes) in [
            (Table::Disputes, &applied.disputes),
            (Table::Promises, &applied.promises),
        ] {
            let path = dir.join(t.file_name());
            std::fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    Ok(applied.outcomes)
}
