//! Reading WIT arguments into core values, and building `error` records. Every check
//! here answers with an `error` naming the argument; nothing traps on bad input.

use chrono::NaiveDate;
use rappel_core::collections::policy::{self, Policy, PolicyFormat};
use rappel_core::ingest::{self, CsvFile, ImportOptions, ImportReport, Imported, mapping::Mapping};
use rappel_core::model::{Language, Portfolio};
use rust_decimal::Decimal;

use crate::exports::rappel::engine::collections::{PolicyDocument, PolicyFormat as WitFormat};
use crate::exports::rappel::engine::types as wit;

/// An `error` with one place.
pub fn error(code: wit::ErrorCode, message: String, path: Option<&str>) -> wit::Error {
    wit::Error {
        code,
        message,
        path: path.map(str::to_string),
        line: None,
        problems: Vec::new(),
    }
}

/// An `invalid-argument` error for argument `name`.
pub fn invalid(name: &str, reason: String) -> wit::Error {
    error(
        wit::ErrorCode::InvalidArgument,
        format!("{name}: {reason}"),
        Some(name),
    )
}

/// An input outside a core limit ([`rappel_core::limits`]) as an `invalid-argument`
/// error naming the WIT field (`trend-months`).
pub fn limit(e: rappel_core::limits::InputError) -> wit::Error {
    invalid(&e.field.replace('_', "-"), e.reason)
}

/// An error carrying a list of problems; `path` and `line` are the first problem's.
pub fn with_problems(
    code: wit::ErrorCode,
    message: String,
    problems: Vec<wit::Problem>,
) -> wit::Error {
    let (path, line) = problems
        .first()
        .map(|p| (Some(p.path.clone()), p.line))
        .unwrap_or((None, None));
    wit::Error {
        code,
        message,
        path,
        line,
        problems,
    }
}

/// A `decimal` argument: digits with an optional sign and point, nothing else.
pub fn decimal(name: &str, s: &str) -> Result<Decimal, wit::Error> {
    ingest::cell::decimal("", s).map_err(|_| {
        invalid(
            name,
            format!("not a decimal number like 1234.56: {:?}", clip(s)),
        )
    })
}

/// An optional `decimal` argument.
pub fn opt_decimal(name: &str, s: &Option<String>) -> Result<Option<Decimal>, wit::Error> {
    s.as_deref().map(|s| decimal(name, s)).transpose()
}

/// A `date` argument, `YYYY-MM-DD`.
pub fn date(name: &str, s: &str) -> Result<NaiveDate, wit::Error> {
    ingest::cell::date("", s).map_err(|_| {
        invalid(
            name,
            format!("not a valid ISO date (YYYY-MM-DD): {:?}", clip(s)),
        )
    })
}

/// At most 40 characters of an argument, for error messages.
fn clip(s: &str) -> String {
    s.chars().take(40).collect()
}

/// A portfolio read from its files; `invalid-data` (with every import problem) when no
/// customer or no invoice was accepted.
pub fn portfolio(p: &wit::Portfolio) -> Result<(Portfolio, ImportReport), wit::Error> {
    imported(p).map(|i| (i.portfolio, i.report))
}

/// As [`portfolio`], the portfolio and its import report together (what a `ledger`
/// resource keeps).
pub fn imported(p: &wit::Portfolio) -> Result<Imported, wit::Error> {
    let files: Vec<CsvFile<'_>> = p
        .files
        .iter()
        .map(|f| CsvFile {
            name: &f.name,
            bytes: &f.contents,
        })
        .collect();
    let options = ImportOptions {
        currency: p.currency.clone(),
    };
    let mapping = p
        .mapping
        .as_deref()
        .map(Mapping::from_toml)
        .transpose()
        .map_err(|e| invalid("portfolio.mapping", e.to_string()))?;
    let imported: Imported = ingest::read(&files, mapping.as_ref(), &options);
    if !imported.is_usable() {
        return Err(with_problems(
            wit::ErrorCode::InvalidData,
            "nothing usable was read: no customer or no invoice was accepted".into(),
            problems(&imported.report.problems),
        ));
    }
    Ok(imported)
}

/// Import problems as the `problem` records of an `error`.
pub fn problems(list: &[ingest::Problem]) -> Vec<wit::Problem> {
    list.iter()
        .map(|p| wit::Problem {
            path: p.file.clone(),
            line: p.line.map(|l| l.min(u64::from(u32::MAX)) as u32),
            field: p.column.clone(),
            reason: p.reason.clone(),
        })
        .collect()
}

/// A policy document, parsed and validated; `invalid-policy` lists every problem.
pub fn policy(d: &PolicyDocument) -> Result<Policy, wit::Error> {
    let format = match d.format {
        WitFormat::Toml => PolicyFormat::Toml,
        WitFormat::Json => PolicyFormat::Json,
    };
    policy::parse(&d.text, format).map_err(|problems| {
        let n = problems.len();
        with_problems(
            wit::ErrorCode::InvalidPolicy,
            format!("the policy is not valid ({n} problem(s))"),
            problems
                .into_iter()
                .map(|p| wit::Problem {
                    path: p.path,
                    line: None,
                    field: None,
                    reason: p.message,
                })
                .collect(),
        )
    })
}

impl From<Language> for wit::Language {
    fn from(l: Language) -> Self {
        match l {
            Language::Nl => wit::Language::Nl,
            Language::Fr => wit::Language::Fr,
            Language::En => wit::Language::En,
            Language::De => wit::Language::De,
        }
    }
}

impl From<&ImportReport> for wit::ImportReport {
    fn from(r: &ImportReport) -> Self {
        wit::ImportReport {
            files: r
                .files
                .iter()
                .map(|f| wit::FileSummary {
                    file: f.file.clone(),
                    table: f.table.name().into(),
                    read: f.read,
                    accepted: f.accepted,
                    rejected: f.rejected,
                    skipped: f.skipped,
                    amount_accepted: f.amount_accepted.to_string(),
                })
                .collect(),
            problems: r.problems.iter().map(Into::into).collect(),
        }
    }
}

impl From<&ingest::Problem> for wit::ImportProblem {
    fn from(p: &ingest::Problem) -> Self {
        wit::ImportProblem {
            file: p.file.clone(),
            line: p.line,
            column: p.column.clone(),
            severity: match p.severity {
                ingest::Severity::FileError => wit::Severity::FileError,
                ingest::Severity::Rejected => wit::Severity::Rejected,
                ingest::Severity::Warning => wit::Severity::Warning,
            },
            reason: p.reason.clone(),
        }
    }
}
