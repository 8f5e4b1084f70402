//! File handling for the collections commands: policies, action history, fee quotes.

use std::path::Path;

use rappel_core::dunning::History;
use rappel_core::fees::quote;
use rappel_core::policy::{self, Policy, PolicyFormat};

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

/// Applies Invoice Responses to the data folder's disputes.csv and promises.csv. The
/// two files are rewritten only when they read without a single bad row (nothing is
/// ever dropped); a response that does not parse stops the import before any write.
pub fn import_imr(
    files: &[std::path::PathBuf],
    dir: &Path,
    payment_expected_days: u32,
) -> Result<Vec<rappel_core::disputes::ResponseOutcome>, String> {
    use rappel_core::ingest::{ImportOptions, imr, parse_table, write_table};
    use rappel_core::model::{Dispute, Promise, Table};
    let mut responses = Vec::new();
    for f in files {
        let name = f.display().to_string();
        let xml = std::fs::read_to_string(f).map_err(|e| format!("{name}: {e}"))?;
        responses.push(imr::parse_response(&name, &xml).map_err(|p| p.to_string())?);
    }
    let imported = crate::data::read_folder(dir, &ImportOptions::default())?;
    crate::data::print_report(&imported.report);
    let existing = |t: Table| -> Result<Vec<u8>, String> {
        let path = dir.join(t.file_name());
        if path.exists() {
            std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))
        } else {
            Ok(Vec::new())
        }
    };
    let dname = dir.join(Table::Disputes.file_name()).display().to_string();
    let pname = dir.join(Table::Promises.file_name()).display().to_string();
    let dbytes = existing(Table::Disputes)?;
    let pbytes = existing(Table::Promises)?;
    let mut disputes: Vec<Dispute> = Vec::new();
    let mut promises: Vec<Promise> = Vec::new();
    for (name, bytes, is_disputes) in [(&dname, &dbytes, true), (&pname, &pbytes, false)] {
        if bytes.is_empty() {
            continue;
        }
        let problems = if is_disputes {
            let t = parse_table::<Dispute>(name, bytes);
            disputes = t.rows;
            t.problems
        } else {
            let t = parse_table::<Promise>(name, bytes);
            promises = t.rows;
            t.problems
        };
        if problems
            .iter()
            .any(|p| p.severity != rappel_core::ingest::Severity::Warning)
        {
            let list: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
            return Err(format!(
                "{name} has rows that do not read; fix them first so that nothing is lost:\n  {}",
                list.join("\n  ")
            ));
        }
    }
    let outcomes = rappel_core::disputes::apply_responses(
        &imported.portfolio,
        &mut disputes,
        &mut promises,
        &responses,
        payment_expected_days,
    );
    if outcomes.iter().any(|o| o.changed) {
        std::fs::write(&dname, write_table(&disputes)).map_err(|e| format!("{dname}: {e}"))?;
        std::fs::write(&pname, write_table(&promises)).map_err(|e| format!("{pname}: {e}"))?;
    }
    Ok(outcomes)
}
