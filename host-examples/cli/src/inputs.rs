//! Reading the inputs a command names besides the data folder: policy documents and
//! dunning histories, with errors that name the file. Shared by every command and by
//! both engines (the component takes the policy text, the core the parsed policy).

use std::path::{Path, PathBuf};

use rappel_core::collections::dunning::History;
use rappel_core::collections::policy::{self, Policy, PolicyFormat};
use rappel_core::credit::acceptance;

/// A policy file as the engines take it.
pub struct PolicyFile {
    /// Path, for messages.
    pub path: PathBuf,
    /// Text.
    pub text: String,
}

/// Validates a policy file's text (TOML, or JSON by extension); every problem is
/// listed in the error.
pub fn load_policy(file: &PolicyFile) -> Result<Policy, String> {
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
pub fn read_policy(path: &Path) -> Result<PolicyFile, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(PolicyFile {
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

/// The policy's scorecard, or an error naming the file.
pub fn card(policy: &Policy, file: &Path) -> Result<acceptance::Acceptance, String> {
    policy.acceptance.clone().ok_or_else(|| {
        format!(
            "{}: the policy has no [acceptance] section (see examples/policies/wholesale.toml)",
            file.display()
        )
    })
}
