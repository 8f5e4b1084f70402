//! What an import tells its user: a summary per file and every problem with its place.

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::model::Table;

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The whole file could not be used (missing columns, not CSV, empty).
    FileError,
    /// One row was refused; the rest of the file was read.
    Rejected,
    /// Something was ignored or assumed; no data was lost (e.g. an unknown column).
    Warning,
}

/// One problem found while importing, with the place it was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// The file name as given to the import.
    pub file: String,
    /// 1-based line number in that file (the header is line 1); `None` for a whole file.
    pub line: Option<u64>,
    /// The column at fault, by its name in the file where known.
    pub column: Option<String>,
    /// Kind of problem.
    pub severity: Severity,
    /// Why, quoting the offending value.
    pub reason: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::FileError => "error",
            Severity::Rejected => "rejected",
            Severity::Warning => "warning",
        };
        write!(f, "{}", self.file)?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
        }
        write!(f, ": {kind}")?;
        if let Some(c) = &self.column {
            write!(f, ": column {c}")?;
        }
        write!(f, ": {}", self.reason)
    }
}

/// Totals for one input file (or, for a mapped export, one source file feeding one table).
/// Invariant: `accepted + rejected + skipped == read`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileSummary {
    /// The file name as given.
    pub file: String,
    /// The table its rows went to.
    pub table: Table,
    /// Data rows read (header excluded).
    pub read: u64,
    /// Rows that made it into the portfolio.
    pub accepted: u64,
    /// Rows refused, each with a [`Problem`].
    pub rejected: u64,
    /// Rows a column mapping deliberately did not turn into a record (filtered out, or
    /// merged into an earlier row of the same key); counted, never silent.
    pub skipped: u64,
    /// Sum of the amounts of the accepted rows (credit limits for customers).
    pub amount_accepted: Decimal,
}

impl FileSummary {
    pub(crate) fn new(file: &str, table: Table) -> FileSummary {
        FileSummary {
            file: file.to_string(),
            table,
            read: 0,
            accepted: 0,
            rejected: 0,
            skipped: 0,
            amount_accepted: Decimal::ZERO,
        }
    }
}

/// The report of one import: per-file totals and all problems, in file and line order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    /// One entry per file read.
    pub files: Vec<FileSummary>,
    /// Every problem found.
    pub problems: Vec<Problem>,
}

impl ImportReport {
    /// Rows refused or lost to file errors, over all files.
    pub fn rejected(&self) -> u64 {
        self.files.iter().map(|f| f.rejected).sum()
    }

    /// Whether anything went wrong beyond warnings.
    pub fn has_errors(&self) -> bool {
        self.problems
            .iter()
            .any(|p| p.severity != Severity::Warning)
    }

    /// Accepted rows of `table`, over all files.
    pub fn accepted(&self, table: Table) -> u64 {
        self.files
            .iter()
            .filter(|f| f.table == table)
            .map(|f| f.accepted)
            .sum()
    }
}
