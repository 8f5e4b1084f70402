//! Reading the inputs a command names besides the data folder: policy documents and
//! dunning histories, with errors that name the file. Shared by every command and by
//! both engines (the component takes the policy text, the core the parsed policy).

use std::path::{Path, PathBuf};

use rappel_core::collections::dunning::History;
use rappel_core::collections::policy::{self, Policy, PolicyFormat};
use rappel_core::credit::acceptance;
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

/// A policy file as the engines take it: the core parses it ([`load_policy`]), the
/// component receives it as a `policy-document` (`{"format": "toml", "text": …}`).
pub struct PolicyFile {
    /// Path, for messages.
    pub path: PathBuf,
    /// Text.
    pub text: String,
}

impl Serialize for PolicyFile {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let format = match PolicyFormat::from_file_name(&self.path.display().to_string()) {
            PolicyFormat::Toml => "toml",
            PolicyFormat::Json => "json",
        };
        let mut doc = s.serialize_struct("PolicyDocument", 2)?;
        doc.serialize_field("format", format)?;
        doc.serialize_field("text", &self.text)?;
        doc.end()
    }
}

/// A dunning history file as the engines take it: `.csv` as actions.csv, anything else
/// as the JSON of earlier runs. The component receives it as the `history` variant.
pub struct HistoryFile {
    /// Path, for messages.
    pub name: String,
    /// Contents.
    pub bytes: Vec<u8>,
}

impl HistoryFile {
    /// Reads the file at `path`.
    pub fn read(path: &Path) -> Result<HistoryFile, String> {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| format!("{name}: {e}"))?;
        Ok(HistoryFile { name, bytes })
    }

    fn is_csv(&self) -> bool {
        self.name.to_ascii_lowercase().ends_with(".csv")
    }

    /// The history, read by the core; every problem is listed in the error.
    pub fn parse(&self) -> Result<History, String> {
        let name = &self.name;
        let read = if self.is_csv() {
            History::from_csv(name, &self.bytes)
        } else {
            let text =
                std::str::from_utf8(&self.bytes).map_err(|_| format!("{name}: not UTF-8 text"))?;
            History::from_json(name, text)
        };
        read.map_err(|problems| {
            let mut s = format!("{name}: the history does not read; nothing was run:");
            for p in problems {
                s.push_str(&format!("\n  {p}"));
            }
            s
        })
    }
}

/// An optional history as the `history` variant: `"none"`, `{"csv": bytes}` or
/// `{"json": text}`.
pub fn history_variant<S: Serializer>(h: &Option<HistoryFile>, s: S) -> Result<S::Ok, S::Error> {
    match h {
        None => s.serialize_unit_variant("History", 0, "none"),
        Some(f) if f.is_csv() => s.serialize_newtype_variant("History", 1, "csv", &f.bytes),
        Some(f) => {
            let text = std::str::from_utf8(&f.bytes)
                .map_err(|_| serde::ser::Error::custom(format!("{}: not UTF-8 text", f.name)))?;
            s.serialize_newtype_variant("History", 2, "json", text)
        }
    }
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

/// Reads and parses a history file (see [`HistoryFile`]).
pub fn load_history(path: &Path) -> Result<History, String> {
    HistoryFile::read(path)?.parse()
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
