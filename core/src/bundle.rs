//! A bundle: every file a user hands over at once — exchange-format CSV tables or a
//! foreign export (read through a column mapping), Peppol UBL invoices and credit notes,
//! Peppol Invoice Responses and dunning history files (`actions*.csv`, `history*.csv`) —
//! read into one validated portfolio and one import report. The dashboard's drop zone
//! is this one call; new input formats join here.
//!
//! E-invoices are imported as rows of the tables being read (each document a source in
//! the import report), never written out as CSV and parsed again. Invoice Responses
//! change the disputes and promises tables and need the validated portfolio to do so
//! (a "paid" response promises the invoice's balance on its date), so they are applied
//! to the portfolio once it is built. Bank statements (camt.053/054, CODA) come last:
//! their movements are matched against that portfolio ([`crate::cash`]) and what is
//! applied (or confirmed by a person) joins the payments, so every figure follows.

use crate::cash::application::{CashReport, Decision, apply_statements, record};
use crate::cash::rules::CashRules;
use crate::collections::disputes::{self, ResponseOutcome};
use crate::collections::dunning::History;
use crate::ingest::bank::read_bank;
use crate::ingest::mapping::Mapping;
use crate::ingest::ubl::{self, Merged};
use crate::ingest::{self, CsvFile, ImportOptions, Imported, Parsed, Problem, Severity, imr};
use crate::model::{Portfolio, Table};

/// Days after a "paid" (PD) Invoice Response before the payment is expected, unless the
/// caller says otherwise (as `rappel import-imr`'s default).
pub const PAYMENT_EXPECTED_DAYS: u32 = 10;

/// How to read a bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundleOptions {
    /// The portfolio currency and other import options.
    pub import: ImportOptions,
    /// Days after a "paid" response before the payment is expected.
    pub payment_expected_days: u32,
    /// How bank statements are matched (a policy's `[cash]` section).
    pub cash: CashRules,
    /// A person's decisions on suggested matches, by movement id.
    pub decisions: Vec<(String, Decision)>,
}

impl Default for BundleOptions {
    fn default() -> Self {
        BundleOptions {
            import: ImportOptions::default(),
            payment_expected_days: PAYMENT_EXPECTED_DAYS,
            cash: CashRules::default(),
            decisions: Vec::new(),
        }
    }
}

/// What a bundle held.
#[derive(Debug, Clone)]
pub struct Bundle {
    /// The portfolio and the import report of every file (CSV rows, e-invoices,
    /// responses and history files alike).
    pub imported: Imported,
    /// The e-invoices added, one line each.
    pub merged: Vec<Merged>,
    /// What each Invoice Response did.
    pub responses: Vec<ResponseOutcome>,
    /// The dunning history given (empty when none): the next run continues from it.
    pub history: History,
    /// The bank statements' movements and what became of each, when there were any.
    pub bank: Option<CashReport>,
}

/// Why a bundle cannot be read as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BundleError {
    /// CSV files none of which is a table of the exchange format: a column mapping is
    /// needed to read them.
    NeedsMapping,
}

/// What a file of a bundle is, by its name and (for XML) its root element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// A table of the exchange format, or a file of a foreign export.
    Table,
    /// A dunning history (`actions*.csv`, `history*.csv`: what the actions export writes).
    History,
    /// A Peppol UBL invoice or credit note.
    Invoice,
    /// A Peppol Invoice Response.
    Response,
    /// A bank statement: camt.053/054 XML or Belgian CODA.
    Bank,
}

impl FileKind {
    /// The kind of file `name` with contents `bytes`.
    pub fn of(name: &str, bytes: &[u8]) -> FileKind {
        let base = name
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(name)
            .to_ascii_lowercase();
        let head = &bytes[..bytes.len().min(600)];
        const CAMT: &[u8] = b"urn:iso:std:iso:20022:tech:xsd:camt.05";
        let camt = head.windows(CAMT.len()).any(|w| w == CAMT);
        let first = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
        let coda =
            first.first() == Some(&b'0') && first.strip_suffix(b"\r").unwrap_or(first).len() == 128;
        if camt || (!base.ends_with(".csv") && coda) {
            FileKind::Bank
        } else if base.ends_with(".xml") {
            if imr::is_response(bytes) {
                FileKind::Response
            } else {
                FileKind::Invoice
            }
        } else if base.ends_with(".csv")
            && (base.starts_with("actions") || base.starts_with("history"))
        {
            FileKind::History
        } else {
            FileKind::Table
        }
    }
}

/// Reads `files` (`(name, bytes)`), the tables through `mapping` when one is given.
pub fn read(
    files: &[(String, Vec<u8>)],
    mapping: Option<&Mapping>,
    options: &BundleOptions,
) -> Result<Bundle, BundleError> {
    // Each file is classified once (an XML file's root element is looked at).
    let kinds: Vec<FileKind> = files.iter().map(|(n, b)| FileKind::of(n, b)).collect();
    let of = |kind: FileKind| -> Vec<&(String, Vec<u8>)> {
        files
            .iter()
            .zip(&kinds)
            .filter(|(_, k)| **k == kind)
            .map(|(f, _)| f)
            .collect()
    };
    let tables: Vec<CsvFile<'_>> = of(FileKind::Table)
        .into_iter()
        .map(|(name, bytes)| CsvFile { name, bytes })
        .collect();
    let invoices: Vec<(String, Vec<u8>)> = of(FileKind::Invoice).into_iter().cloned().collect();
    if mapping.is_none()
        && !tables.is_empty()
        && !ingest::has_exchange_files(tables.iter().map(|f| f.name))
    {
        return Err(BundleError::NeedsMapping);
    }
    let mut parsed = match mapping {
        Some(m) => m.apply(&tables),
        None => Parsed::from_present_files(&tables),
    };
    let (merged, refused) =
        ubl::add_to_tables(&mut parsed.customers, &mut parsed.invoices, &invoices);
    parsed.problems.extend(refused);
    if mapping.is_none() {
        // Invoices that arrive as e-invoices may have no payments yet.
        let provided: &[Table] = if merged.is_empty() {
            &[]
        } else {
            &[Table::Payments]
        };
        parsed.note_missing(provided);
    }
    let (history, history_problems) = histories(&of(FileKind::History));
    parsed.problems.extend(history_problems);
    let responses: Vec<(String, Vec<u8>)> = of(FileKind::Response).into_iter().cloned().collect();
    let (responses, refused) = imr::parse_responses(&responses);
    parsed.problems.extend(refused);
    let mut imported = ingest::assemble(parsed, &options.import);
    let outcomes = apply_responses(&mut imported, &responses, options.payment_expected_days);
    let bank = apply_bank(&mut imported, &of(FileKind::Bank), options);
    Ok(Bundle {
        imported,
        merged,
        responses: outcomes,
        history,
        bank,
    })
}

/// Matches the bank statements' movements against the imported portfolio and rebuilds
/// it with what was applied: the payments (one row per invoice a movement settles, the
/// unapplied rest, a settled difference) and the direct debits returned. Reading
/// problems join the import report.
fn apply_bank(
    imported: &mut Imported,
    files: &[&(String, Vec<u8>)],
    options: &BundleOptions,
) -> Option<CashReport> {
    if files.is_empty() {
        return None;
    }
    let mut statements = Vec::new();
    for (name, bytes) in files {
        let r = read_bank(name, bytes);
        statements.extend(r.statements);
        imported.report.problems.extend(r.problems);
    }
    if !imported.is_usable() {
        return None;
    }
    let decisions = options.decisions.iter().cloned().collect();
    let report = apply_statements(&imported.portfolio, &statements, &options.cash, &decisions);
    let mut tables = imported.portfolio.tables().clone();
    record(
        &mut tables.payments,
        &report.payments(&statements),
        &report.reversals(),
    );
    rebuild(imported, tables, "bank statements");
    Some(report)
}

/// Rebuilds the imported portfolio from `tables` changed by `source` (Invoice Responses,
/// bank statements); a row the change made inconsistent is reported, never kept.
fn rebuild(imported: &mut Imported, tables: crate::model::Tables, source: &str) {
    let currency = imported.portfolio.currency().to_string();
    let (p, refused) = Portfolio::build(tables, Some(&currency));
    for r in refused {
        imported.report.problems.push(Problem {
            file: source.into(),
            line: None,
            column: Some(r.column.to_string()),
            severity: Severity::Rejected,
            reason: format!("{} row {}: {}", r.table.file_name(), r.row + 1, r.reason),
        });
    }
    imported.portfolio = p;
}

/// The history files, one history; a file with a bad row is not used (every row of it
/// is reported) so that no reminder is repeated on the strength of a half-read history.
fn histories(files: &[&(String, Vec<u8>)]) -> (History, Vec<Problem>) {
    let mut history = History::default();
    let mut problems = Vec::new();
    for (name, bytes) in files {
        match History::from_csv(name, bytes) {
            Ok(h) => history.entries.extend(h.entries),
            Err(bad) => problems.extend(bad.into_iter().map(|p| Problem {
                file: p.file,
                line: p.line,
                column: p.column,
                severity: Severity::FileError,
                reason: format!("dunning history not used: {}", p.reason),
            })),
        }
    }
    (history, problems)
}

/// Applies the Invoice Responses to the imported portfolio (disputes opened or closed,
/// promises from "paid" responses) and rebuilds it with the changed tables.
fn apply_responses(
    imported: &mut Imported,
    responses: &[imr::InvoiceResponse],
    payment_expected_days: u32,
) -> Vec<ResponseOutcome> {
    if responses.is_empty() || !imported.is_usable() {
        return Vec::new();
    }
    let mut tables = imported.portfolio.tables().clone();
    let outcomes = disputes::apply_responses(
        &imported.portfolio,
        &mut tables.disputes,
        &mut tables.promises,
        responses,
        payment_expected_days,
    );
    rebuild(imported, tables, "invoice responses");
    outcomes
}
