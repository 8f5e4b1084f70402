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

use std::borrow::Cow;
use std::collections::VecDeque;

mod files;

pub use files::{BundleFiles, KIND_HEAD};
use files::{FileBytes, head};

use crate::cash::application::{CashReport, Decision, Matching, record};
use crate::cash::rules::CashRules;
use crate::cash::statement::BankStatement;
use crate::collections::disputes::{self, ResponseOutcome};
use crate::collections::dunning::History;
use crate::ingest::bank::read_bank;
use crate::ingest::mapping::Mapping;
use crate::ingest::ubl::{self, Merged};
use crate::ingest::{
    self, Assembling, CsvFile, ImportOptions, ImportReport, Imported, Parsed, Problem, Severity,
    TableFile, imr,
};
use crate::model::{Building, Table, Tables};

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
    /// The kind of file `name` with contents `bytes`; it depends on no byte past the
    /// first [`KIND_HEAD`], so a host may give only those.
    pub fn of(name: &str, bytes: &[u8]) -> FileKind {
        let base = name
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(name)
            .to_ascii_lowercase();
        let head = &bytes[..bytes.len().min(CAMT_WITHIN)];
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

/// The bytes at the start of a file that [`FileKind::of`] looks in for the camt
/// namespace.
const CAMT_WITHIN: usize = 600;

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
/// [`Reading::step`] by step, the exchange-format tables are read, the other files
/// gathered, the portfolio checked, the Invoice Responses applied and the bank
/// statements matched and recorded (each change checked again: the portfolio is built
/// anew from the changed tables, a phase at a time); [`Reading::finish`] then gives the
/// bundle. The result is [`read`]'s, however the reading is sliced.
/// `files` is anything that lends the files ([`BundleFiles`]: a `(name, bytes)` list, the
/// dashboard's files as the browser read them).
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
    /// Where the work after the tables' reading is.
    after: After,
}

/// The work after the tables' reading, in its order.
#[derive(Default)]
enum After {
    /// The tables are still being read.
    #[default]
    Tables,
    /// Every table read and the other files gathered: the portfolio's checks.
    Checking(Box<Checking>),
    /// The portfolio built anew from the tables Invoice Responses or bank statements
    /// changed.
    Rebuilding(Box<Rebuilding>),
    /// The bank statements read and their movements matched.
    Settling(Box<Settling>),
    /// Everything done.
    Done(Box<Bundle>),
}

/// What the other files gave, carried to the bundle.
struct Gathered {
    merged: Vec<Merged>,
    history: History,
    /// The Invoice Responses, until they are applied.
    responses: Vec<imr::InvoiceResponse>,
    /// What each response did.
    outcomes: Vec<ResponseOutcome>,
    bank: Option<CashReport>,
}

/// The tables being assembled and checked.
struct Checking {
    assembling: Assembling,
    gathered: Gathered,
}

/// The portfolio being built again from changed tables; a row the change made
/// inconsistent is reported (with `source`), never kept.
struct Rebuilding {
    building: Building,
    report: ImportReport,
    source: &'static str,
    gathered: Gathered,
}

impl Rebuilding {
    /// The portfolio built (the checks' last phase run, the indexes made), each row the
    /// change made inconsistent reported; with the bundle's other parts.
    fn finish(self) -> (Imported, Gathered) {
        let Rebuilding {
            building,
            mut report,
            source,
            gathered,
        } = self;
        let (portfolio, refused) = building.finish();
        for r in refused {
            report.problems.push(Problem {
                file: source.into(),
                line: None,
                column: Some(r.column.to_string()),
                severity: Severity::Rejected,
                reason: format!("{} row {}: {}", r.table.file_name(), r.row + 1, r.reason),
            });
        }
        (Imported { portfolio, report }, gathered)
    }
}

/// The bundle of the portfolio and what the other files gave.
fn done_with(imported: Imported, gathered: Gathered) -> (After, Step) {
    let Gathered {
        merged,
        history,
        outcomes,
        bank,
        ..
    } = gathered;
    let bundle = Bundle {
        imported,
        merged,
        responses: outcomes,
        history,
        bank,
    };
    (After::Done(Box::new(bundle)), Step::Read)
}

/// The bank statements being read (a file a step) and their movements matched.
struct Settling {
    imported: Imported,
    statements: Vec<BankStatement>,
    /// Bank files read so far.
    files_read: usize,
    /// Started once every bank file is read.
    matching: Option<Matching>,
    gathered: Gathered,
}

/// How far a [`Reading`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Reading file `file` (its index in the bundle): `done` of its `size` bytes. The
    /// tables come first, a slice at a time; a bank statement is read whole in a step,
    /// after the checks.
    Reading { file: usize, done: u64, size: u64 },
    /// Every file read but the bank statements (those are read after the checks: every
    /// other file was read, or set aside with a warning, before the first of these
    /// steps); the portfolio's checks (references, duplicates, dates): `done` of `of`
    /// phases.
    Checking { done: usize, of: usize },
    /// Matching the bank statements' movements (first the invoices' balances they are
    /// matched against: `done` is 0 meanwhile): `done` of `of`.
    Matching { done: usize, of: usize },
    /// The portfolio checked again with what Invoice Responses or bank statements
    /// changed (disputes, promises, payments): `done` of `of` phases.
    Recording { done: usize, of: usize },
    /// Everything done: [`Reading::finish`] gives the bundle.
    Read,
}

impl<'f, F: BundleFiles + 'f> Reading<'f, F> {
    /// Classifies `files` (each by its name and its first [`KIND_HEAD`] bytes: an XML
    /// file's root element is looked at) and plans the reading of the tables.
    pub fn new(files: F, mapping: Option<Mapping>, options: BundleOptions) -> Reading<'f, F> {
        let kinds: Vec<FileKind> = (0..files.count())
            .map(|i| FileKind::of(files.name(i), &head(&files, i)))
            .collect();
        let tables: Vec<(usize, &str)> = kinds
            .iter()
            .enumerate()
            .filter(|(_, k)| **k == FileKind::Table)
            .map(|(i, _)| (i, files.name(i)))
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
            after: After::Tables,
        }
    }

    /// What each file of the bundle is, in the bundle's order.
    pub fn kinds(&self) -> &[FileKind] {
        &self.kinds
    }

    /// The files read a slice at a time (exchange-format tables), by index, in the
    /// order they are read; the other files are read whole, after them.
    pub fn sliced(&self) -> Vec<usize> {
        let mut v: Vec<usize> = self.current.iter().map(|(i, _)| *i).collect();
        v.extend(self.queue.iter().map(|(i, _)| *i));
        v
    }

    /// Whether a table file read so far was left unread because the room for its rows
    /// could not be had ([`Parsed::lacking_room`]; its file error says so): a host with
    /// less memory than the bundle needs (a browser page: 4 GiB) stops here and says the
    /// files are too large for it, rather than read on. Such a file is stored in the
    /// step that opens it, so the step after which this is looked at is that one.
    pub fn lacks_room(&self) -> bool {
        self.parsed.lacking_room().is_some()
    }

    /// Runs the next step and says how far the reading is: up to `rows` more rows of
    /// the table being read (starting the next one when it is done); every table read,
    /// the next step of the work after them ([`Step`]: a lookup step looks up the
    /// references of at most `rows` rows, a matching step matches at most `rows`
    /// movements or computes the balances of at most `rows` invoices).
    pub fn step(&mut self, rows: usize) -> Step {
        let (index, file) = match &mut self.current {
            Some((i, f)) => (*i, f),
            None => match self.queue.pop_front() {
                None => return self.after(rows),
                Some((i, t)) => {
                    let source = FileBytes {
                        files: self.files.clone(),
                        index: i,
                        at: 0,
                    };
                    let (name, size) = (self.files.name(i), self.files.size(i));
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

    /// The next step of the work after the tables' reading; [`Step::Read`] when it is
    /// done or cannot start (a mapping is needed).
    fn after(&mut self, rows: usize) -> Step {
        if self.needs_mapping {
            return Step::Read;
        }
        let rows = rows.max(1);
        let (next, step) = match std::mem::take(&mut self.after) {
            After::Tables => {
                let checking = self.gather();
                let (done, of) = checking.assembling.progress();
                (
                    After::Checking(Box::new(checking)),
                    Step::Checking { done, of },
                )
            }
            After::Checking(mut c) => match c.assembling.progress() {
                (done, of) if done == of => {
                    let Checking {
                        assembling,
                        gathered,
                    } = *c;
                    self.responses(assembling.finish(), gathered)
                }
                _ => {
                    c.assembling.step(rows);
                    let (done, of) = c.assembling.progress();
                    (After::Checking(c), Step::Checking { done, of })
                }
            },
            After::Rebuilding(mut r) => match r.building.progress() {
                (done, of) if done == of => {
                    // Rebuilt after the Invoice Responses (the statements still to come)
                    // or after the statements' matching (their report kept).
                    let (imported, gathered) = r.finish();
                    match gathered.bank {
                        None => self.bank(imported, gathered),
                        Some(_) => done_with(imported, gathered),
                    }
                }
                _ => {
                    r.building.step(rows);
                    let (done, of) = r.building.progress();
                    (After::Rebuilding(r), Step::Recording { done, of })
                }
            },
            After::Settling(s) => self.settle(*s, rows),
            After::Done(b) => (After::Done(b), Step::Read),
        };
        self.after = next;
        step
    }

    /// Every table read: the tables (through the mapping, when there is one) with the
    /// e-invoices added, the history files and the Invoice Responses read, ready to be
    /// checked.
    fn gather(&mut self) -> Checking {
        let (files, kinds) = (&self.files, &self.kinds);
        let of = |kind: FileKind| files_of(files, kinds, kind);
        let owned = |kind: FileKind| -> Vec<(String, Vec<u8>)> {
            (of(kind).into_iter())
                .map(|(name, bytes)| (name.to_string(), bytes.into_owned()))
                .collect()
        };
        let mut parsed = match &self.mapping {
            Some(m) => {
                let whole = of(FileKind::Table);
                let tables: Vec<CsvFile<'_>> = (whole.iter())
                    .map(|(name, bytes)| CsvFile { name, bytes })
                    .collect();
                m.apply(&tables)
            }
            None => std::mem::take(&mut self.parsed),
        };
        let invoices = owned(FileKind::Invoice);
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
        let (responses, refused) = imr::parse_responses(&owned(FileKind::Response));
        parsed.problems.extend(refused);
        Checking {
            assembling: Assembling::new(parsed, &self.options.import),
            gathered: Gathered {
                merged,
                history,
                responses,
                outcomes: Vec::new(),
                bank: None,
            },
        }
    }

    /// The portfolio checked: the Invoice Responses applied to it (disputes opened or
    /// closed, promises from "paid" responses), then checked again; without responses,
    /// the bank statements.
    fn responses(&self, imported: Imported, mut gathered: Gathered) -> (After, Step) {
        if gathered.responses.is_empty() || !imported.is_usable() {
            return self.bank(imported, gathered);
        }
        let p = &imported.portfolio;
        let (mut disputes, mut promises) = (p.disputes().to_vec(), p.promises().to_vec());
        let responses = std::mem::take(&mut gathered.responses);
        gathered.outcomes = disputes::apply_responses(
            p,
            &mut disputes,
            &mut promises,
            &responses,
            self.options.payment_expected_days,
        );
        let change = |t: &mut Tables| (t.disputes, t.promises) = (disputes, promises);
        self.rebuild(imported, "invoice responses", change, gathered)
    }

    /// The bank statements, when there are any: read a file a step, then matched.
    fn bank(&self, imported: Imported, gathered: Gathered) -> (After, Step) {
        let Some(file) = self.kinds.iter().position(|k| *k == FileKind::Bank) else {
            return done_with(imported, gathered);
        };
        let settling = Settling {
            imported,
            statements: Vec::new(),
            files_read: 0,
            matching: None,
            gathered,
        };
        let size = self.files.size(file);
        let next = Step::Reading {
            file,
            done: 0,
            size,
        };
        (After::Settling(Box::new(settling)), next)
    }

    /// The next step with bank statements: the next file read, the matching started or
    /// run a step, or (every movement matched) the payments recorded.
    fn settle(&self, mut s: Settling, rows: usize) -> (After, Step) {
        let mut banks = (self.kinds.iter().enumerate()).filter(|(_, k)| **k == FileKind::Bank);
        if let Some((file, _)) = banks.nth(s.files_read) {
            let r = read_bank(self.files.name(file), &self.files.bytes(file));
            s.statements.extend(r.statements);
            s.imported.report.problems.extend(r.problems);
            s.files_read += 1;
            let size = self.files.size(file);
            let read = Step::Reading {
                file,
                done: size,
                size,
            };
            return (After::Settling(Box::new(s)), read);
        }
        if !s.imported.is_usable() {
            return done_with(s.imported, s.gathered);
        }
        let (p, statements) = (&s.imported.portfolio, &s.statements);
        let mut matching = s.matching.take().unwrap_or_else(|| {
            let decisions = self.options.decisions.iter().cloned().collect();
            Matching::new(statements, self.options.cash.clone(), decisions)
        });
        if !matching.step(p, statements, rows) {
            let (done, of) = matching.progress();
            s.matching = Some(matching);
            return (After::Settling(Box::new(s)), Step::Matching { done, of });
        }
        let Settling {
            imported,
            statements,
            mut gathered,
            ..
        } = s;
        let matched = matching.finish(&imported.portfolio, &statements);
        let (new, reversals) = (matched.payments(&statements), matched.reversals());
        gathered.bank = Some(matched);
        let change = |t: &mut Tables| {
            record(&mut t.payments, &new, &reversals);
        };
        self.rebuild(imported, "bank statements", change, gathered)
    }

    /// Starts building the portfolio of `imported` again, its tables moved out of it (not
    /// copied) and changed by `source` (`change`), in its currency.
    fn rebuild(
        &self,
        imported: Imported,
        source: &'static str,
        change: impl FnOnce(&mut Tables),
        gathered: Gathered,
    ) -> (After, Step) {
        let Imported { portfolio, report } = imported;
        let currency = portfolio.currency().to_string();
        let mut tables = portfolio.into_tables();
        change(&mut tables);
        let building =
            Building::new(tables, Some(&currency)).on_threads(self.options.import.threads);
        let (done, of) = building.progress();
        let r = Rebuilding {
            building,
            report,
            source,
            gathered,
        };
        (After::Rebuilding(Box::new(r)), Step::Recording { done, of })
    }

    /// The bundle: [`Reading::step`] run to its end.
    pub fn finish(mut self) -> Result<Bundle, BundleError> {
        if self.needs_mapping {
            return Err(BundleError::NeedsMapping);
        }
        loop {
            match std::mem::take(&mut self.after) {
                After::Done(b) => return Ok(*b),
                working => {
                    self.after = working;
                    self.step(usize::MAX);
                }
            }
        }
    }
}

/// The files of `files` (whose kinds are `kinds`) of kind `kind`, whole, in order.
fn files_of<'l, F: BundleFiles>(
    files: &'l F,
    kinds: &[FileKind],
    kind: FileKind,
) -> Vec<(&'l str, Cow<'l, [u8]>)> {
    (kinds.iter().enumerate())
        .filter(|(_, k)| **k == kind)
        .map(|(i, _)| (files.name(i), files.bytes(i)))
        .collect()
}

/// The history files, one history; a file with a bad row is not used (every row of it
/// is reported) so that no reminder is repeated on the strength of a half-read history.
fn histories(files: &[(&str, Cow<'_, [u8]>)]) -> (History, Vec<Problem>) {
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
