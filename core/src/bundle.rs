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

use std::collections::VecDeque;
use std::io::Read;

use crate::cash::application::{CashReport, Decision, apply_statements, record};
use crate::cash::rules::CashRules;
use crate::collections::disputes::{self, ResponseOutcome};
use crate::collections::dunning::History;
use crate::ingest::bank::read_bank;
use crate::ingest::mapping::Mapping;
use crate::ingest::ubl::{self, Merged};
use crate::ingest::{
    self, Assembling, CsvFile, ImportOptions, Imported, Parsed, Problem, Severity, TableFile, imr,
};
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

/// Reads `files` (`(name, bytes)`), the tables through `mapping` when one is given: a
/// [`Reading`] run to its end.
pub fn read(
    files: &[(String, Vec<u8>)],
    mapping: Option<&Mapping>,
    options: &BundleOptions,
) -> Result<Bundle, BundleError> {
    Reading::new(files, mapping.cloned(), options.clone()).finish()
}

/// A bundle being read a slice at a time, for a host that must keep answering while a
/// large bundle is read (the dashboard paints a progress bar per file between slices):
/// the exchange-format tables are read [`Reading::step`] by step, then
/// [`Reading::finish`] does the rest (e-invoices, responses, history, the portfolio's
/// checks, bank statements). The result is [`read`]'s, however the reading is sliced.
/// `files` is anything that lends the `(name, bytes)` list (a slice, an `Arc<[_]>`).
pub struct Reading<'f, F> {
    files: F,
    mapping: Option<Mapping>,
    options: BundleOptions,
    kinds: Vec<FileKind>,
    needs_mapping: bool,
    parsed: Parsed,
    /// Exchange-format table files still to be started: (index in `files`, table).
    queue: VecDeque<(usize, Table)>,
    /// The table file being read: its index in `files`.
    current: Option<(usize, TableFile<'f>)>,
    /// Every table read and the other files gathered: the portfolio's checks under way.
    checking: Option<Checking>,
}

/// What a [`Reading`] holds while the portfolio is checked: the tables being assembled
/// and what the other files gave.
struct Checking {
    assembling: Assembling,
    merged: Vec<Merged>,
    history: History,
    responses: Vec<imr::InvoiceResponse>,
}

/// How far a [`Reading`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Reading file `file` (its index in the bundle): `done` of its `size` bytes.
    Reading { file: usize, done: u64, size: u64 },
    /// Every file read; the portfolio's checks (references, duplicates, dates): `done`
    /// of `of` phases.
    Checking { done: usize, of: usize },
    /// Every file read and checked: [`Reading::finish`] does the rest (it indexes the
    /// portfolio, applies Invoice Responses and matches bank statements).
    Read,
}

impl<'f, F: AsRef<[(String, Vec<u8>)]> + Clone + 'f> Reading<'f, F> {
    /// Classifies `files` (each once: an XML file's root element is looked at) and
    /// plans the reading of the tables.
    pub fn new(files: F, mapping: Option<Mapping>, options: BundleOptions) -> Reading<'f, F> {
        let list = files.as_ref();
        let kinds: Vec<FileKind> = list.iter().map(|(n, b)| FileKind::of(n, b)).collect();
        let tables: Vec<(usize, &str)> = kinds
            .iter()
            .enumerate()
            .filter(|(_, k)| **k == FileKind::Table)
            .map(|(i, _)| (i, list[i].0.as_str()))
            .collect();
        let needs_mapping = mapping.is_none()
            && !tables.is_empty()
            && !ingest::has_exchange_files(tables.iter().map(|(_, n)| *n));
        let mut parsed = Parsed::default();
        let mut queue = VecDeque::new();
        if mapping.is_none() && !needs_mapping {
            let (plan, problems) = ingest::plan_tables(tables.iter().map(|(_, n)| *n));
            parsed.problems = problems;
            queue = plan.into_iter().map(|(k, t)| (tables[k].0, t)).collect();
        }
        Reading {
            files,
            mapping,
            options,
            kinds,
            needs_mapping,
            parsed,
            queue,
            current: None,
            checking: None,
        }
    }

    /// The files read a slice at a time (exchange-format tables), by index, in the
    /// order they are read; the other files are read by [`Reading::finish`].
    pub fn sliced(&self) -> Vec<usize> {
        let mut v: Vec<usize> = self.current.iter().map(|(i, _)| *i).collect();
        v.extend(self.queue.iter().map(|(i, _)| *i));
        v
    }

    /// Reads up to `rows` more rows of the table being read (starting the next one when
    /// it is done), or, every table read, runs the next step of the portfolio's checks
    /// (the first one reads the other files; a step looks up the references of at most
    /// `rows` rows), and says how far the reading is.
    pub fn step(&mut self, rows: usize) -> Step {
        let (index, file) = match &mut self.current {
            Some((i, f)) => (*i, f),
            None => match self.queue.pop_front() {
                None => return self.check(rows),
                Some((i, t)) => {
                    let (name, bytes) = &self.files.as_ref()[i];
                    let size = bytes.len() as u64;
                    let source = FileBytes {
                        files: self.files.clone(),
                        index: i,
                        at: 0,
                    };
                    let file = TableFile::new(t, name, source, size);
                    let (_, f) = self.current.insert((i, file));
                    (i, f)
                }
            },
        };
        let done = file.step(rows);
        let (read, size) = file.progress();
        if done && let Some((_, f)) = self.current.take() {
            f.store(&mut self.parsed);
        }
        Step::Reading {
            file: index,
            done: read,
            size,
        }
    }

    /// The next phase of the checks once every table is read (the first call gathers
    /// the other files); [`Step::Read`] when they are done or cannot start (a mapping is
    /// needed).
    fn check(&mut self, rows: usize) -> Step {
        if self.needs_mapping {
            return Step::Read;
        }
        let checking = match &mut self.checking {
            Some(c) => c,
            None => {
                let gathered = self.gather();
                let (done, of) = gathered.assembling.progress();
                self.checking = Some(gathered);
                return Step::Checking { done, of };
            }
        };
        if checking.assembling.step(rows) {
            return Step::Read;
        }
        let (done, of) = checking.assembling.progress();
        Step::Checking { done, of }
    }

    /// Every table read: the tables (through the mapping, when there is one) with the
    /// e-invoices added, the history files and the Invoice Responses read, ready to be
    /// checked.
    fn gather(&mut self) -> Checking {
        let (list, kinds) = (self.files.as_ref(), &self.kinds);
        let of = |kind: FileKind| files_of(list, kinds, kind);
        let mut parsed = match &self.mapping {
            Some(m) => {
                let tables: Vec<CsvFile<'_>> = of(FileKind::Table)
                    .into_iter()
                    .map(|(name, bytes)| CsvFile { name, bytes })
                    .collect();
                m.apply(&tables)
            }
            None => std::mem::take(&mut self.parsed),
        };
        let invoices: Vec<(String, Vec<u8>)> = of(FileKind::Invoice).into_iter().cloned().collect();
        let (merged, refused) =
            ubl::add_to_tables(&mut parsed.customers, &mut parsed.invoices, &invoices);
        parsed.problems.extend(refused);
        if self.mapping.is_none() {
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
        let responses: Vec<(String, Vec<u8>)> =
            of(FileKind::Response).into_iter().cloned().collect();
        let (responses, refused) = imr::parse_responses(&responses);
        parsed.problems.extend(refused);
        Checking {
            assembling: Assembling::new(parsed, &self.options.import),
            merged,
            history,
            responses,
        }
    }

    /// Reads and checks what is left (the rest of the tables, the e-invoices, the
    /// history files and the Invoice Responses), builds the portfolio, applies the
    /// responses and matches the bank statements.
    pub fn finish(mut self) -> Result<Bundle, BundleError> {
        if self.needs_mapping {
            return Err(BundleError::NeedsMapping);
        }
        while self.step(usize::MAX) != Step::Read {}
        let Checking {
            assembling,
            merged,
            history,
            responses,
        } = match self.checking.take() {
            Some(c) => c,
            None => self.gather(),
        };
        let options = &self.options;
        let mut imported = assembling.finish();
        let outcomes = apply_responses(&mut imported, &responses, options.payment_expected_days);
        let banks = files_of(self.files.as_ref(), &self.kinds, FileKind::Bank);
        let bank = apply_bank(&mut imported, &banks, options);
        Ok(Bundle {
            imported,
            merged,
            responses: outcomes,
            history,
            bank,
        })
    }
}

/// The files of `list` (whose kinds are `kinds`) of kind `kind`, in order.
fn files_of<'l>(
    list: &'l [(String, Vec<u8>)],
    kinds: &[FileKind],
    kind: FileKind,
) -> Vec<&'l (String, Vec<u8>)> {
    list.iter()
        .zip(kinds)
        .filter(|(_, k)| **k == kind)
        .map(|(f, _)| f)
        .collect()
}

/// One file of a bundle as a byte stream (a [`TableFile`]'s source while the bundle's
/// list is lent to it).
struct FileBytes<F> {
    files: F,
    index: usize,
    at: usize,
}

impl<F: AsRef<[(String, Vec<u8>)]>> Read for FileBytes<F> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let bytes = &self.files.as_ref()[self.index].1;
        let rest = bytes.get(self.at..).unwrap_or_default();
        let n = rest.len().min(buf.len());
        buf[..n].copy_from_slice(&rest[..n]);
        self.at += n;
        Ok(n)
    }
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
