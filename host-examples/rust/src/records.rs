//! WIT records that several typed calls share: the files a request carries (the core's
//! [`NamedFile`] as a `csv-file` or an `xml-file`), and, read as the core's own, an
//! import problem, a file's summary, the import report, and the text a WIT `decimal` or
//! `date` is. The reverse of the engine's conversions (`wasm/src`), one per type; the
//! engine writes decimals and dates as `Decimal`'s and `NaiveDate`'s own text, read back
//! exactly (same digits, same scale).

use std::str::FromStr;

use chrono::NaiveDate;
use rappel_core::api::NamedFile;
use rappel_core::ingest::{FileSummary, ImportReport, Problem, Severity};
use rappel_core::model::Table;
use rust_decimal::Decimal;

use crate::bindings::exports::rappel::engine::types as wt;

/// Why the engine's answer could not be read as the core's records (a component of
/// another version, or a defect): the field and what it held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable(pub String);

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the engine's answer: {}", self.0)
    }
}

/// A file of a request as a WIT `csv-file` (its bytes copied as they are).
pub fn csv_file(f: &NamedFile) -> wt::CsvFile {
    wt::CsvFile {
        name: f.name.clone(),
        contents: f.contents.clone(),
    }
}

/// A file of a request as a WIT `xml-file` (its bytes copied as they are).
pub fn xml_file(f: &NamedFile) -> wt::XmlFile {
    wt::XmlFile {
        name: f.name.clone(),
        contents: f.contents.clone(),
    }
}

/// The portfolio's import report of the WIT as the core's.
pub fn import_report(r: wt::ImportReport) -> Result<ImportReport, Unreadable> {
    Ok(ImportReport {
        files: (r.files.into_iter())
            .map(file_summary)
            .collect::<Result<_, _>>()?,
        problems: (r.problems.into_iter()).map(problem).collect(),
    })
}

fn file_summary(f: wt::FileSummary) -> Result<FileSummary, Unreadable> {
    let table = (Table::ALL.into_iter())
        .find(|t| t.name() == f.table)
        .ok_or_else(|| Unreadable(format!("file-summary.table: no table {:?}", f.table)))?;
    Ok(FileSummary {
        file: f.file,
        table,
        read: f.read,
        accepted: f.accepted,
        rejected: f.rejected,
        skipped: f.skipped,
        amount_accepted: decimal("file-summary.amount-accepted", &f.amount_accepted)?,
    })
}

/// An import problem of the WIT as the core's.
pub fn problem(p: wt::ImportProblem) -> Problem {
    Problem {
        file: p.file,
        line: p.line,
        column: p.column,
        severity: match p.severity {
            wt::Severity::FileError => Severity::FileError,
            wt::Severity::Rejected => Severity::Rejected,
            wt::Severity::Warning => Severity::Warning,
        },
        reason: p.reason,
    }
}

/// A WIT `decimal`.
pub(crate) fn decimal(field: &str, text: &str) -> Result<Decimal, Unreadable> {
    Decimal::from_str(text).map_err(|e| Unreadable(format!("{field}: {text:?}: {e}")))
}

/// A WIT `date` (`YYYY-MM-DD`).
pub(crate) fn date(field: &str, text: &str) -> Result<NaiveDate, Unreadable> {
    NaiveDate::from_str(text).map_err(|e| Unreadable(format!("{field}: {text:?}: {e}")))
}
