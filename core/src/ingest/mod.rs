//! Reading receivables data: the CSV exchange format v1, foreign CSV exports through a
//! column mapping, and Peppol BIS Billing 3.0 UBL documents.
//!
//! Reading happens in two steps so that hosts can parse files in parallel:
//! 1. parse each file on its own ([`parse_table`] from bytes, [`read_table`] as a stream,
//!    [`mapping::Mapping::apply`], [`ubl::parse_document`]): syntax and types, every bad
//!    row reported with its line;
//! 2. [`assemble`] the parsed tables into a [`Portfolio`]: references, duplicates,
//!    date order and currency, every refused row again reported with its file and line.
//!
//! Nothing is dropped silently: for every file, accepted + rejected + skipped = read.

pub mod bank;
pub mod camt;
pub mod cell;
pub mod coda;
mod csv_reader;
mod csv_v1;
pub mod imr;
pub mod mapping;
mod origin;
mod record;
mod report;
pub(crate) mod rows;
pub(crate) mod text;
pub mod ubl;
mod xml_depth;
mod xml_lines;

#[cfg(test)]
pub(crate) use csv_v1::read_without_room;
pub use csv_v1::{
    ParsedTable, TableReader, parse_pair_for_update, parse_table, parse_table_for_update,
    read_table, write_table, write_tables,
};
pub use origin::{Origin, Origins};
pub use record::{ColumnKind, Record};
pub use report::{FileSummary, ImportReport, Problem, Severity};
pub use text::transcode;

use std::io::Read;

use crate::model::{
    Building, Customer, Dispute, Invoice, Order, Payment, PlanInstalment, Portfolio, Promise,
    Table, Tables, WriteOff,
};

/// All tables of one import, parsed but not yet cross-checked.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// `customers.csv`
    pub customers: ParsedTable<Customer>,
    /// `invoices.csv`
    pub invoices: ParsedTable<Invoice>,
    /// `payments.csv`
    pub payments: ParsedTable<Payment>,
    /// `orders.csv`
    pub orders: ParsedTable<Order>,
    /// `disputes.csv`
    pub disputes: ParsedTable<Dispute>,
    /// `write_offs.csv`
    pub write_offs: ParsedTable<WriteOff>,
    /// `payment_plans.csv`
    pub payment_plans: ParsedTable<PlanInstalment>,
    /// `promises.csv`
    pub promises: ParsedTable<Promise>,
    /// Problems not tied to one table's rows (e.g. a required file that is absent).
    pub problems: Vec<Problem>,
}

impl Default for Parsed {
    fn default() -> Self {
        Parsed {
            customers: ParsedTable::empty(),
            invoices: ParsedTable::empty(),
            payments: ParsedTable::empty(),
            orders: ParsedTable::empty(),
            disputes: ParsedTable::empty(),
            write_offs: ParsedTable::empty(),
            payment_plans: ParsedTable::empty(),
            promises: ParsedTable::empty(),
            problems: Vec::new(),
        }
    }
}

/// A named file's contents.
#[derive(Debug, Clone, Copy)]
pub struct CsvFile<'a> {
    /// File name (its last path component decides the table).
    pub name: &'a str,
    /// Raw bytes.
    pub bytes: &'a [u8],
}

impl Parsed {
    /// Parses a folder's worth of v1 files, choosing each file's table by its name
    /// (`customers.csv`, …). A missing required table is a file error; a file with
    /// another name is reported as a warning and not read.
    pub fn from_files(files: &[CsvFile<'_>]) -> Parsed {
        let mut p = Parsed::from_present_files(files);
        p.note_missing(&[]);
        p
    }

    /// As [`Parsed::from_files`], but says nothing of absent tables: for callers that
    /// fill tables from other sources too (Peppol documents) and then call
    /// [`Parsed::note_missing`].
    pub fn from_present_files(files: &[CsvFile<'_>]) -> Parsed {
        let (plan, problems) = plan_tables(files.iter().map(|f| f.name));
        let mut p = Parsed {
            problems,
            ..Parsed::default()
        };
        for (k, t) in plan {
            p.parse_into(t, files[k].name, files[k].bytes);
        }
        p
    }

    /// As [`Parsed::from_files`], taking the files `(name, bytes)` and freeing each
    /// file's bytes as soon as its table is read: a host handed the files whole (the
    /// component) then reuses that memory for the next table's rows and the portfolio's
    /// indexes instead of touching fresh pages, and its peak is lower by about the
    /// files' size.
    pub fn from_owned_files(mut files: Vec<(String, Vec<u8>)>) -> Parsed {
        let (plan, problems) = plan_tables(files.iter().map(|(name, _)| name.as_str()));
        let mut p = Parsed {
            problems,
            ..Parsed::default()
        };
        for (k, t) in plan {
            let bytes = std::mem::take(&mut files[k].1);
            p.parse_into(t, &files[k].0, &bytes);
        }
        p.note_missing(&[]);
        p
    }

    /// The file error of the first table file left unread because the room for its rows
    /// could not be had ([`ParsedTable::lacking_room`]): a host with less memory than the
    /// files need (a WebAssembly module: 4 GiB) refuses them with it, rather than go on
    /// without that table.
    pub fn lacking_room(&self) -> Option<&Problem> {
        (self.customers.lacking_room())
            .or_else(|| self.invoices.lacking_room())
            .or_else(|| self.payments.lacking_room())
            .or_else(|| self.orders.lacking_room())
            .or_else(|| self.disputes.lacking_room())
            .or_else(|| self.write_offs.lacking_room())
            .or_else(|| self.payment_plans.lacking_room())
            .or_else(|| self.promises.lacking_room())
    }

    /// Whether table `t` was read from at least one source.
    pub fn has_source(&self, t: Table) -> bool {
        match t {
            Table::Customers => !self.customers.sources.is_empty(),
            Table::Invoices => !self.invoices.sources.is_empty(),
            Table::Payments => !self.payments.sources.is_empty(),
            Table::Orders => !self.orders.sources.is_empty(),
            Table::Disputes => !self.disputes.sources.is_empty(),
            Table::WriteOffs => !self.write_offs.sources.is_empty(),
            Table::PaymentPlans => !self.payment_plans.sources.is_empty(),
            Table::Promises => !self.promises.sources.is_empty(),
        }
    }

    /// Notes every table without a source ([`Parsed::note_absent`]), except those in
    /// `provided` (given in another way).
    pub fn note_missing(&mut self, provided: &[Table]) {
        for t in Table::ALL {
            if !self.has_source(t) && !provided.contains(&t) {
                self.note_absent(t, t.file_name());
            }
        }
    }

    /// Records that table `t` has no file (expected at `path`): a file error when the
    /// table is required, nothing when it is optional.
    pub fn note_absent(&mut self, t: Table, path: &str) {
        if t.is_required() {
            self.problems.push(Problem {
                file: path.to_string(),
                line: None,
                column: None,
                severity: Severity::FileError,
                reason: "required file is missing".into(),
            });
        }
    }

    /// Parses `bytes` as table `t` and stores the result (replacing what was there).
    pub fn parse_into(&mut self, t: Table, name: &str, bytes: &[u8]) {
        self.read_into(t, name, bytes, bytes.len() as u64);
    }

    /// As [`Parsed::parse_into`], for a file of `size` bytes that the reader pulls from
    /// `source` as it goes ([`read_table`]): hosts reading from disk use this, so that a
    /// file's bytes and its rows are never in memory together.
    pub fn read_into<S: Read>(&mut self, t: Table, name: &str, source: S, size: u64) {
        let mut file = TableFile::new(t, name, source, size);
        while !file.step(usize::MAX) {}
        file.store(self);
    }

    /// Moves table `t` from `other` into `self` (hosts that parse each table on its own
    /// thread collect the results with this).
    pub fn absorb(&mut self, t: Table, other: Parsed) {
        match t {
            Table::Customers => self.customers = other.customers,
            Table::Invoices => self.invoices = other.invoices,
            Table::Payments => self.payments = other.payments,
            Table::Orders => self.orders = other.orders,
            Table::Disputes => self.disputes = other.disputes,
            Table::WriteOffs => self.write_offs = other.write_offs,
            Table::PaymentPlans => self.payment_plans = other.payment_plans,
            Table::Promises => self.promises = other.promises,
        }
    }
}

/// Which table each of the files `names` is read as (by its name, `customers.csv`, …),
/// as `(position in names, table)`, and a warning for each file that is not read: a
/// second file for the same table, or a name that is not one of the format's.
pub fn plan_tables<'a>(
    names: impl IntoIterator<Item = &'a str>,
) -> (Vec<(usize, Table)>, Vec<Problem>) {
    let mut plan: Vec<(usize, Table)> = Vec::new();
    let mut problems = Vec::new();
    for (k, name) in names.into_iter().enumerate() {
        let warn = |reason: &str| Problem {
            file: name.into(),
            line: None,
            column: None,
            severity: Severity::Warning,
            reason: reason.into(),
        };
        match Table::ALL.iter().find(|t| t.file_name() == base_name(name)) {
            Some(&t) if !plan.iter().any(|(_, u)| *u == t) => plan.push((k, t)),
            Some(_) => problems.push(warn("a second file for the same table; ignored")),
            None => problems.push(warn("not a file of the exchange format; ignored")),
        }
    }
    (plan, problems)
}

/// A table file of any table being read a slice of rows at a time
/// ([`TableReader`]), then stored in its place in a [`Parsed`].
pub struct TableFile<'s> {
    reader: Box<dyn Stepped + 's>,
}

impl<'s> TableFile<'s> {
    /// Starts reading `source` (`size` bytes, named `name`) as table `t`.
    pub fn new<S: Read + 's>(t: Table, name: &str, source: S, size: u64) -> TableFile<'s> {
        fn boxed<'s, R: Stored + 's, S: Read + 's>(
            name: &str,
            source: S,
            size: u64,
        ) -> Box<dyn Stepped + 's> {
            Box::new(TableReader::<R, S>::new(name, source, size))
        }
        let reader = match t {
            Table::Customers => boxed::<Customer, S>(name, source, size),
            Table::Invoices => boxed::<Invoice, S>(name, source, size),
            Table::Payments => boxed::<Payment, S>(name, source, size),
            Table::Orders => boxed::<Order, S>(name, source, size),
            Table::Disputes => boxed::<Dispute, S>(name, source, size),
            Table::WriteOffs => boxed::<WriteOff, S>(name, source, size),
            Table::PaymentPlans => boxed::<PlanInstalment, S>(name, source, size),
            Table::Promises => boxed::<Promise, S>(name, source, size),
        };
        TableFile { reader }
    }

    /// Reads up to `rows` more data rows; whether the file is read to its end.
    pub fn step(&mut self, rows: usize) -> bool {
        self.reader.step(rows)
    }

    /// Bytes read so far and the file's expected length ([`TableReader::progress`]).
    pub fn progress(&self) -> (u64, u64) {
        self.reader.progress()
    }

    /// Reads the rest and stores the table in `parsed` (replacing what was there).
    pub fn store(self, parsed: &mut Parsed) {
        self.reader.store(parsed);
    }
}

/// A [`TableReader`] whatever its record type.
trait Stepped {
    fn step(&mut self, rows: usize) -> bool;
    fn progress(&self) -> (u64, u64);
    fn store(self: Box<Self>, parsed: &mut Parsed);
}

impl<R: Stored, S: Read> Stepped for TableReader<R, S> {
    fn step(&mut self, rows: usize) -> bool {
        TableReader::step(self, rows)
    }
    fn progress(&self) -> (u64, u64) {
        TableReader::progress(self)
    }
    fn store(self: Box<Self>, parsed: &mut Parsed) {
        *R::slot(parsed) = self.finish();
    }
}

/// A record type with its table's place in a [`Parsed`].
trait Stored: Record {
    fn slot(p: &mut Parsed) -> &mut ParsedTable<Self>;
}

macro_rules! stored {
    ($($record:ty => $field:ident),* $(,)?) => {$(
        impl Stored for $record {
            fn slot(p: &mut Parsed) -> &mut ParsedTable<Self> {
                &mut p.$field
            }
        }
    )*};
}

stored!(
    Customer => customers,
    Invoice => invoices,
    Payment => payments,
    Order => orders,
    Dispute => disputes,
    WriteOff => write_offs,
    PlanInstalment => payment_plans,
    Promise => promises,
);

fn base_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

/// Options of [`assemble`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// The portfolio currency; invoices in another currency are refused. Default: the most
    /// frequent invoice currency.
    pub currency: Option<String>,
    /// Threads the checks may use where the target has them (0 and 1: the calling
    /// thread only, the default); the result is the same for any number
    /// ([`Building::on_threads`]).
    pub threads: usize,
}

/// A portfolio together with the report of how it was read.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The validated portfolio.
    pub portfolio: Portfolio,
    /// Per-file totals and every problem.
    pub report: ImportReport,
}

impl Imported {
    /// Whether anything usable was read: at least one customer and one invoice.
    pub fn is_usable(&self) -> bool {
        !self.portfolio.customers().is_empty() && !self.portfolio.invoices().is_empty()
    }
}

/// Cross-checks parsed tables and builds the portfolio (see [`Portfolio::build`] for the
/// rules): [`Assembling`] run to its end. Rows refused here are reported with their file
/// and line and move from accepted to rejected in their file's summary.
pub fn assemble(parsed: Parsed, options: &ImportOptions) -> Imported {
    Assembling::new(parsed, options).finish()
}

/// Parsed tables being assembled into a portfolio a phase of its checks at a time
/// ([`Building`]), for a host that must keep answering meanwhile; the result is
/// [`assemble`]'s however it is stepped.
pub struct Assembling {
    building: Building,
    meta: Vec<TableMeta>,
    report: ImportReport,
}

impl Assembling {
    /// Takes the parsed tables (their files and problems join the report).
    pub fn new(parsed: Parsed, options: &ImportOptions) -> Assembling {
        let (customers, invoices, rest) = parsed.split_first();
        let mut a = Assembling::of_first(customers, invoices, options);
        a.add_rest(rest);
        a
    }

    /// The customers and the invoices taken (their files and problems join the report),
    /// the portfolio's build started from them; the other tables come with
    /// [`Assembling::add_rest`].
    fn of_first(
        customers: ParsedTable<Customer>,
        invoices: ParsedTable<Invoice>,
        options: &ImportOptions,
    ) -> Assembling {
        let mut report = ImportReport::default();
        let mut meta: Vec<TableMeta> = Vec::with_capacity(Table::ALL.len());
        let tables = Tables {
            customers: take(customers, &mut meta, &mut report),
            invoices: take(invoices, &mut meta, &mut report),
            ..Tables::default()
        };
        Assembling {
            building: Building::new(tables, options.currency.as_deref())
                .on_threads(options.threads),
            meta,
            report,
        }
    }

    /// The tables after the first two taken: their files follow the first two tables'
    /// in the report, their rows go to the build ([`Building::add_rest`]).
    fn add_rest(&mut self, rest: ParsedRest) {
        let tables = rest.take(&mut self.meta, &mut self.report);
        self.building.add_rest(tables);
    }

    /// [`Assembling::new`] in two parts, for a host that reads each table on a thread of
    /// its own: the checks that need only the customers and the invoices (the customers',
    /// the invoices' customers: [`Building::check_first`]) run as soon as those two
    /// tables are read, while the others are still being read; [`FirstChecked::with_rest`]
    /// then admits the invoices while it waits for them. On 1 M invoices the two big
    /// files end within tens of milliseconds of each other, either first: when the
    /// invoices' ends first, those lookups and the admission fill the time until the
    /// payments' is read. The result is [`assemble`]'s of all the tables.
    pub fn first(
        customers: ParsedTable<Customer>,
        invoices: ParsedTable<Invoice>,
        options: &ImportOptions,
    ) -> FirstChecked {
        let mut first = Assembling::of_first(customers, invoices, options);
        first.building.check_first();
        FirstChecked(first)
    }

    /// Runs the next step of the portfolio's checks (at most `rows` rows' references
    /// looked up: [`Building::step`]); `true` once all are done.
    pub fn step(&mut self, rows: usize) -> bool {
        self.building.step(rows)
    }

    /// Phases done, of all ([`Building::progress`]).
    pub fn progress(&self) -> (usize, usize) {
        self.building.progress()
    }

    /// Runs the checks left, builds the portfolio and reports each refused row at its
    /// file and line.
    pub fn finish(self) -> Imported {
        let Assembling {
            building,
            meta,
            mut report,
        } = self;
        let (portfolio, refused) = building.finish();
        let mut refused_rows: Vec<Vec<usize>> = vec![Vec::new(); meta.len()];
        for r in refused {
            let t = Table::ALL.iter().position(|t| *t == r.table).unwrap_or(0);
            let m = &meta[t];
            let o = m.origins.get(r.row);
            refused_rows[t].push(r.row);
            let summary = &mut report.files[m.first_file + o.source as usize];
            summary.accepted -= 1;
            summary.rejected += 1;
            report.problems.push(Problem {
                file: summary.file.clone(),
                line: Some(o.line),
                column: Some(r.column.to_string()),
                severity: Severity::Rejected,
                reason: r.reason,
            });
        }
        let kept = portfolio.tables();
        let files = &mut report.files;
        recount(&kept.customers, &meta[0], &mut refused_rows[0], files);
        recount(&kept.invoices, &meta[1], &mut refused_rows[1], files);
        recount(&kept.payments, &meta[2], &mut refused_rows[2], files);
        recount(&kept.orders, &meta[3], &mut refused_rows[3], files);
        recount(&kept.disputes, &meta[4], &mut refused_rows[4], files);
        recount(&kept.write_offs, &meta[5], &mut refused_rows[5], files);
        recount(&kept.payment_plans, &meta[6], &mut refused_rows[6], files);
        recount(&kept.promises, &meta[7], &mut refused_rows[7], files);
        report.problems.sort_by(|a, b| {
            (a.file.as_str(), a.line, a.severity).cmp(&(b.file.as_str(), b.line, b.severity))
        });
        Imported { portfolio, report }
    }
}

/// The customers and the invoices checked, the other tables to come
/// ([`Assembling::first`]).
pub struct FirstChecked(Assembling);

impl FirstChecked {
    /// Goes on with the other tables of what `rest` gives (its customers and invoices
    /// are not read: they came first) and the problems not tied to a table's rows.
    /// `rest` may wait for a host still reading those tables: it is called on a second
    /// core, where there is one, while the invoices are admitted
    /// ([`Building::admit_invoices_while`]), so that the admission does not wait for
    /// them. An error from `rest` (a file that could not be read) is the answer.
    pub fn with_rest(
        self,
        rest: impl FnOnce() -> Result<Parsed, String> + Send,
    ) -> Result<Assembling, String> {
        let FirstChecked(mut a) = self;
        // Called once, by the core that runs beside the admission (the build asks for
        // a function it may call from there).
        let rest = std::sync::Mutex::new(Some(rest));
        let take = || -> Result<ParsedRest, String> {
            let rest = rest.lock().ok().and_then(|mut r| r.take());
            let rest = rest.ok_or("the tables after the invoices were asked for twice")?;
            let (customers, invoices, rest) = rest()?.split_first();
            debug_assert!(customers.sources.is_empty() && invoices.sources.is_empty());
            Ok(rest)
        };
        let rest = (a.building).admit_invoices_while(take, |r| {
            r.as_ref()
                .ok()
                .map(|r: &ParsedRest| r.payments.rows.as_slice())
        })?;
        a.add_rest(rest);
        Ok(a)
    }
}

/// The tables of a [`Parsed`] after the customers and the invoices, with the problems
/// not tied to a table's rows.
struct ParsedRest {
    payments: ParsedTable<Payment>,
    orders: ParsedTable<Order>,
    disputes: ParsedTable<Dispute>,
    write_offs: ParsedTable<WriteOff>,
    payment_plans: ParsedTable<PlanInstalment>,
    promises: ParsedTable<Promise>,
    problems: Vec<Problem>,
}

impl Parsed {
    /// The customers, the invoices and the rest.
    fn split_first(self) -> (ParsedTable<Customer>, ParsedTable<Invoice>, ParsedRest) {
        let rest = ParsedRest {
            payments: self.payments,
            orders: self.orders,
            disputes: self.disputes,
            write_offs: self.write_offs,
            payment_plans: self.payment_plans,
            promises: self.promises,
            problems: self.problems,
        };
        (self.customers, self.invoices, rest)
    }
}

impl ParsedRest {
    /// The rows of these tables (with no customer and no invoice), their files and
    /// problems added to `report` and their origins to `meta` in the order of
    /// `Table::ALL`, after the first two tables'.
    fn take(self, meta: &mut Vec<TableMeta>, report: &mut ImportReport) -> Tables {
        report.problems.extend(self.problems);
        Tables {
            customers: Vec::new(),
            invoices: Vec::new(),
            payments: take(self.payments, meta, report),
            orders: take(self.orders, meta, report),
            disputes: take(self.disputes, meta, report),
            write_offs: take(self.write_offs, meta, report),
            payment_plans: take(self.payment_plans, meta, report),
            promises: take(self.promises, meta, report),
        }
    }
}

/// Where a table's rows came from: its files (`files` of them from `first_file` on in
/// the report) and each row's origin, in input order.
struct TableMeta {
    first_file: usize,
    files: usize,
    origins: Origins,
}

fn take<R: Record>(
    t: ParsedTable<R>,
    meta: &mut Vec<TableMeta>,
    report: &mut ImportReport,
) -> Vec<R> {
    meta.push(TableMeta {
        first_file: report.files.len(),
        files: t.sources.len(),
        origins: t.origins,
    });
    report.files.extend(t.sources);
    report.problems.extend(t.problems);
    t.rows
}

/// Sets each file's `amount_accepted` to the sum of the amounts of its rows the build
/// kept: `kept` are the table's rows after the build, in input order, which are its
/// input rows less the `refused` ones. Summing what was kept (rather than keeping every
/// row's amount through the build to subtract the refused ones) costs no memory per row.
/// When the build refused none of the table's rows, the sums made as the rows were read
/// already are those of the rows kept (the same rows in the same order): they stay, and
/// the rows are not visited again (checked by debug builds, which sum them again).
fn recount<R: Record>(kept: &[R], m: &TableMeta, refused: &mut [usize], files: &mut [FileSummary]) {
    let files = &mut files[m.first_file..m.first_file + m.files];
    if refused.is_empty() && !cfg!(debug_assertions) {
        return;
    }
    // Nothing refused (a debug build): the sums as read, to be compared at the end.
    let as_read: Option<Vec<rust_decimal::Decimal>> = refused
        .is_empty()
        .then(|| files.iter().map(|f| f.amount_accepted).collect());
    for f in files.iter_mut() {
        f.amount_accepted = rust_decimal::Decimal::ZERO;
    }
    refused.sort_unstable();
    let mut refused = refused.iter().peekable();
    let mut kept = kept.iter();
    for (row, o) in m.origins.iter().enumerate() {
        let mut was_refused = false;
        while refused.next_if(|&&r| r == row).is_some() {
            was_refused = true;
        }
        if was_refused {
            continue;
        }
        let Some(r) = kept.next() else { break };
        if let Some(a) = r.amount() {
            files[o.source as usize].amount_accepted += a;
        }
    }
    debug_assert!(
        as_read.is_none_or(|a| files.iter().map(|f| f.amount_accepted).eq(a)),
        "the amounts summed as the rows were read differ from those of the rows kept"
    );
}

/// Parses and assembles a folder's worth of v1 files in one call (single-threaded; hosts
/// that want parallel parsing call [`parse_table`] per file and then [`assemble`]).
pub fn read_csv(files: &[CsvFile<'_>], options: &ImportOptions) -> Imported {
    assemble(Parsed::from_files(files), options)
}

/// Reads exchange-format files, or a foreign export through `mapping` (then only the
/// mapping's source files are read). The one entry point hosts use for a set of files.
pub fn read(
    files: &[CsvFile<'_>],
    mapping: Option<&mapping::Mapping>,
    options: &ImportOptions,
) -> Imported {
    match mapping {
        Some(m) => assemble(m.apply(files), options),
        None => read_csv(files, options),
    }
}

/// Table `t`'s file among `files` (by the last component of its name), if there is one.
pub fn find_file<'a>(files: &[CsvFile<'a>], t: Table) -> Option<CsvFile<'a>> {
    files
        .iter()
        .find(|f| base_name(f.name) == t.file_name())
        .copied()
}

/// Whether any of `names` is a file of the exchange format (`customers.csv`, …): when
/// none is, the files are a foreign export that needs a column mapping.
pub fn has_exchange_files<'a>(names: impl IntoIterator<Item = &'a str>) -> bool {
    names
        .into_iter()
        .any(|n| Table::ALL.iter().any(|t| t.file_name() == base_name(n)))
}
