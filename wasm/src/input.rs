//! Reading WIT arguments into the core's values, and the conversions every interface
//! shares: the `error` record, the import report, the language, the policy and history
//! documents. Every check answers with an `error` naming the argument; nothing traps on
//! bad input.

use chrono::NaiveDate;
use rappel_core::api::{self, HistoryDocument, PolicyDocument};
use rappel_core::collections::policy::PolicyFormat;
use rappel_core::ingest::{
    self, CsvFile, ImportOptions, ImportReport, Imported, Parsed, mapping::Mapping,
};
use rappel_core::model::Language;
use rust_decimal::Decimal;

use crate::exports::rappel::engine::collections as wc;
use crate::exports::rappel::engine::types as wit;

/// A `decimal` argument: digits with an optional sign and point, nothing else.
pub fn decimal(name: &str, s: &str) -> Result<Decimal, api::Error> {
    ingest::cell::decimal("", s).map_err(|_| {
        api::Error::argument(
            name,
            format!("not a decimal number like 1234.56: {:?}", clip(s)),
        )
    })
}

/// An optional `decimal` argument.
pub fn opt_decimal(name: &str, s: &Option<String>) -> Result<Option<Decimal>, api::Error> {
    s.as_deref().map(|s| decimal(name, s)).transpose()
}

/// A `date` argument, `YYYY-MM-DD`.
pub fn date(name: &str, s: &str) -> Result<NaiveDate, api::Error> {
    ingest::cell::date("", s).map_err(|_| {
        api::Error::argument(
            name,
            format!("not a valid ISO date (YYYY-MM-DD): {:?}", clip(s)),
        )
    })
}

/// At most 40 characters of an argument, for error messages.
fn clip(s: &str) -> String {
    s.chars().take(40).collect()
}

/// `p`'s files as the core's readers take them (borrowed).
pub fn csv_files(p: &wit::Portfolio) -> Vec<CsvFile<'_>> {
    (p.files.iter())
        .map(|f| CsvFile {
            name: &f.name,
            bytes: &f.contents,
        })
        .collect()
}

/// A portfolio read from its files, with its import report; `invalid-data` (with
/// every import problem) when no customer or no invoice was accepted, `too-large` when
/// a table file's rows could not have their room in the module's memory. The files are
/// taken, and in the exchange format each is freed once read
/// ([`Parsed::from_owned_files`]).
pub fn imported(p: wit::Portfolio) -> Result<Imported, api::Error> {
    let options = ImportOptions {
        currency: p.currency.clone(),
        ..ImportOptions::default()
    };
    let imported = match p.mapping.as_deref() {
        Some(text) => {
            let mapping = Mapping::from_toml(text)
                .map_err(|e| api::Error::argument("portfolio.mapping", e))?;
            ingest::read(&csv_files(&p), Some(&mapping), &options)
        }
        None => {
            let files = p.files.into_iter().map(|f| (f.name, f.contents)).collect();
            let parsed = Parsed::from_owned_files(files);
            if let Some(problem) = parsed.lacking_room() {
                return Err(api::Error::lacking_room(problem));
            }
            ingest::assemble(parsed, &options)
        }
    };
    if !imported.is_usable() {
        return Err(api::Error::with_problems(
            api::ErrorCode::InvalidData,
            "nothing usable was read: no customer or no invoice was accepted",
            api::Error::import_problems(&imported.report.problems),
        ));
    }
    Ok(imported)
}

/// Runs `r` on `p`'s portfolio: arguments checked first, then the files read.
pub fn on_portfolio<R: api::Request>(
    r: &R,
    p: wit::Portfolio,
) -> Result<(R::Answer, Imported), api::Error> {
    r.check()?;
    let i = imported(p)?;
    Ok((r.answer(Some(&i.portfolio))?, i))
}

impl From<api::Error> for wit::Error {
    fn from(e: api::Error) -> Self {
        use api::ErrorCode as C;
        wit::Error {
            code: match e.code {
                C::InvalidArgument => wit::ErrorCode::InvalidArgument,
                C::InvalidData => wit::ErrorCode::InvalidData,
                C::InvalidPolicy => wit::ErrorCode::InvalidPolicy,
                C::InvalidHistory => wit::ErrorCode::InvalidHistory,
                C::UnknownCustomer => wit::ErrorCode::UnknownCustomer,
                C::TooLarge => wit::ErrorCode::TooLarge,
            },
            message: e.message,
            path: e.path,
            line: e.line,
            problems: e.problems.into_iter().map(Into::into).collect(),
        }
    }
}

impl From<api::Problem> for wit::Problem {
    fn from(p: api::Problem) -> Self {
        wit::Problem {
            path: p.path,
            line: p.line,
            field: p.field,
            reason: p.reason,
        }
    }
}

impl From<&wc::PolicyDocument> for PolicyDocument {
    fn from(d: &wc::PolicyDocument) -> Self {
        PolicyDocument {
            format: match d.format {
                wc::PolicyFormat::Toml => PolicyFormat::Toml,
                wc::PolicyFormat::Json => PolicyFormat::Json,
            },
            text: d.text.clone(),
        }
    }
}

impl From<&wc::History> for HistoryDocument {
    fn from(h: &wc::History) -> Self {
        match h {
            wc::History::None => HistoryDocument::None,
            wc::History::Csv(bytes) => HistoryDocument::Csv(bytes.clone()),
            wc::History::Json(text) => HistoryDocument::Json(text.clone()),
        }
    }
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
