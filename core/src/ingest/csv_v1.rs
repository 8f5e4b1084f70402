//! Reading (records by [`super::csv_reader`]) and writing (the `csv` crate) the CSV exchange
//! format v1 (DOMAIN.md §1).

use std::io::Read;

use super::CsvFile;
use super::cell::{CellError, Dates};
use super::csv_reader::{Cells, CsvReader, CsvRecord};
use super::origin::{Origin, Origins};
use super::record::Record;
use super::report::{FileSummary, Problem, Severity};
use super::rows::{Admit, Rows};
use super::text;
use crate::limits::MAX_ROWS;
use crate::model::{Table, Tables};

/// The rows of one table as parsed from one or more files, not yet cross-checked.
#[derive(Debug, Clone)]
pub struct ParsedTable<R> {
    /// The table.
    pub table: Table,
    /// Rows that parsed, in file order.
    pub rows: Vec<R>,
    /// Origin of each row.
    pub origins: Origins,
    /// One summary per source file (accepted counts are final after assembly).
    pub sources: Vec<FileSummary>,
    /// Problems found while parsing.
    pub problems: Vec<Problem>,
    /// The dates read so far (their rows' dates are read through them).
    dates: Dates,
    /// The file left unread for want of room, and why ([`ParsedTable::lacking_room`]).
    lacking_room: Option<Box<Problem>>,
}

impl<R: Record> ParsedTable<R> {
    /// An empty table with no source (an optional file that is absent).
    pub fn empty() -> ParsedTable<R> {
        ParsedTable {
            table: R::TABLE,
            rows: Vec::new(),
            origins: Origins::default(),
            sources: Vec::new(),
            problems: Vec::new(),
            dates: Dates::default(),
            lacking_room: None,
        }
    }

    /// Records why the file could not be read at all (out of line: never on the way of
    /// a file that is read).
    #[cold]
    #[inline(never)]
    fn unopened(&mut self, why: Unopened) {
        let lacks_room = matches!(why, Unopened::NoRoom { .. });
        self.file_problem(SOURCE, Severity::FileError, why.reason());
        if lacks_room {
            self.lacking_room = self.problems.last().cloned().map(Box::new);
        }
    }

    /// The file error of a file left unread because the room for its rows, reserved in
    /// one piece from the file's size, could not be had, if one was: a WebAssembly module
    /// has at most 4 GiB (one piece at most 2 GiB), and a host that has less room than the
    /// file needs stops, saying so, rather than read on into a failed allocation (a
    /// trap). Never natively, where the room is only address space.
    pub fn lacking_room(&self) -> Option<&Problem> {
        self.lacking_room.as_deref()
    }

    /// Adds a source file and returns its index.
    pub(crate) fn add_source(&mut self, file: &str) -> u32 {
        self.sources.push(FileSummary::new(file, R::TABLE));
        (self.sources.len() - 1) as u32
    }

    /// Records a row refused at `line` of source `source`.
    pub(crate) fn refuse(
        &mut self,
        source: u32,
        line: u64,
        column: Option<String>,
        reason: String,
    ) {
        self.sources[source as usize].rejected += 1;
        self.problems.push(Problem {
            file: self.sources[source as usize].file.clone(),
            line: Some(line),
            column,
            severity: Severity::Rejected,
            reason,
        });
    }

    /// Records a parsed row.
    pub(crate) fn push(&mut self, source: u32, line: u64, row: R) {
        let s = &mut self.sources[source as usize];
        s.accepted += 1;
        if let Some(a) = row.amount() {
            s.amount_accepted += a;
        }
        self.rows.push(row);
        self.origins.push(Origin { source, line });
    }

    /// Gives the rows from `first` on, appended to `rows` by a reader of documents rather
    /// than files of rows (a Peppol invoice is one row), their origins: one source per
    /// document (`document_of` names it), each row at line 1 of its document, read and
    /// accepted there.
    pub(crate) fn adopt_rows(&mut self, first: usize, document_of: impl Fn(&R) -> String) {
        for k in first..self.rows.len() {
            let source = self.add_source(&document_of(&self.rows[k]));
            let s = &mut self.sources[source as usize];
            s.read += 1;
            s.accepted += 1;
            if let Some(a) = self.rows[k].amount() {
                s.amount_accepted += a;
            }
            self.origins.push(Origin { source, line: 1 });
        }
    }

    /// Records a problem with the whole of source `source`.
    pub(crate) fn file_problem(&mut self, source: u32, severity: Severity, reason: String) {
        self.problems.push(Problem {
            file: self.sources[source as usize].file.clone(),
            line: None,
            column: None,
            severity,
            reason,
        });
    }

    /// Parses one cell row and records the result.
    pub(crate) fn accept_cells(&mut self, source: u32, line: u64, cells: &[&str]) {
        match R::from_cells(cells, &mut self.dates) {
            Ok(row) => self.push(source, line, row),
            Err(CellError { column, reason }) => {
                self.refuse(source, line, Some(column.to_string()), reason)
            }
        }
    }
}

/// Most columns any v1 table has.
const MAX_COLUMNS: usize = 16;

/// Parses one v1 CSV file of table `R` named `file`.
///
/// Every data row ends up either in `rows` or in `problems` (with its line, column and
/// reason). A header that lacks a required column makes the whole file unusable: one
/// file error names the missing columns and all data rows count as rejected. Unknown
/// columns are ignored with a warning. Cells are trimmed of surrounding white space; a
/// UTF-8 byte-order mark is ignored, a UTF-16 file with its mark is transcoded
/// (`text::as_utf8`); line numbers are physical lines. Rows are admitted as in every
/// CSV reader (`ParsedTable::next_row`): a cell longer than
/// [`MAX_CELL_BYTES`](crate::limits::MAX_CELL_BYTES) refuses its row; rows after the
/// first [`MAX_ROWS`] are refused (counted, not parsed) with one file error.
pub fn parse_table<R: Record>(file: &str, bytes: &[u8]) -> ParsedTable<R> {
    read_table(file, bytes, bytes.len() as u64)
}

/// [`parse_table`] of a file the reader pulls from `source` as it goes (`size`: the
/// file's length in bytes, for the room reserved): a host reading a file from disk gives
/// it here rather than reading it into memory first, so the file's bytes and its rows
/// are never in memory at once. The core does no I/O of its own: `source` is whatever
/// the host opened. A read error midway keeps the rows before it and reports the file
/// as not read to its end.
pub fn read_table<R: Record, S: Read>(file: &str, source: S, size: u64) -> ParsedTable<R> {
    read_table_within::<R, S>(file, source, size, MAX_ROWS)
}

/// [`read_table`] with at most `max_rows` data rows.
fn read_table_within<R: Record, S: Read>(
    file: &str,
    source: S,
    size: u64,
    max_rows: u64,
) -> ParsedTable<R> {
    TableReader::within(file, source, size, max_rows).finish()
}

/// A table file being read a slice of rows at a time, for a host that must not be
/// blocked while a large file is read: the dashboard reads a slice, paints its progress
/// bar, and reads on ([`TableReader::step`]). [`read_table`] is this run to the end, so
/// the rows, problems and line numbers are the same however the file is sliced.
pub struct TableReader<R, S: Read> {
    /// What has been read so far.
    table: ParsedTable<R>,
    /// The file while rows remain to be read.
    open: Option<OpenFile<S>>,
    /// The file's expected length in UTF-8 bytes (progress).
    size: u64,
}

/// Why a file's rows cannot be read at all.
enum Unopened {
    /// It is not a readable table: the file error's wording.
    Unreadable(String),
    /// It is, but the room for its rows could not be had at once: about `rows` rows of
    /// `bytes` bytes each.
    NoRoom { rows: usize, bytes: usize },
}

impl From<String> for Unopened {
    fn from(why: String) -> Unopened {
        Unopened::Unreadable(why)
    }
}

impl Unopened {
    /// The file error's wording.
    fn reason(self) -> String {
        match self {
            Unopened::Unreadable(why) => why,
            Unopened::NoRoom { rows, bytes } => format!(
                "too large for the memory at hand: its rows (about {rows}) need {} MB in one piece, more than can be allocated; nothing of the file was read",
                (rows as u64)
                    .saturating_mul(bytes as u64)
                    .div_ceil(1_000_000)
            ),
        }
    }
}

/// The CSV reader of a file past its header, and what reading its rows needs.
struct OpenFile<S: Read> {
    reader: CsvReader<text::Utf8Source<S>>,
    header: Vec<String>,
    /// Where each of the table's columns is in the file.
    positions: Vec<Option<usize>>,
    /// Reused for every record.
    rec: CsvRecord,
    max_rows: u64,
    /// When required columns are missing: the file error's wording before the row count
    /// (rows are then only counted, all refused).
    missing: Option<(String, String)>,
}

/// The only source of a [`TableReader`]'s table.
const SOURCE: u32 = 0;

impl<R: Record, S: Read> TableReader<R, S> {
    /// Starts reading table file `file` from `source` (`size` bytes; see
    /// [`read_table`]): the encoding is decided and the header read, so that a file
    /// that cannot be read at all is known at once (and [`TableReader::step`] has
    /// nothing to do).
    pub fn new(file: &str, source: S, size: u64) -> TableReader<R, S> {
        TableReader::within(file, source, size, MAX_ROWS)
    }

    fn within(file: &str, source: S, size: u64, max_rows: u64) -> TableReader<R, S> {
        let mut table = ParsedTable::<R>::empty();
        table.add_source(file);
        match OpenFile::new(&mut table, source, size, max_rows) {
            Ok((open, size)) => TableReader {
                table,
                open: Some(open),
                size,
            },
            Err(why) => {
                table.unopened(why);
                TableReader {
                    table,
                    open: None,
                    size,
                }
            }
        }
    }

    /// Reads up to `rows` more data rows (each row read counts, accepted or refused);
    /// whether the file is now read to its end.
    pub fn step(&mut self, rows: usize) -> bool {
        let Some(open) = self.open.as_mut() else {
            return true;
        };
        let done = match open.missing {
            Some(_) => open.count(&mut self.table, rows),
            None => open.read(&mut self.table, rows),
        };
        if done && let Some(open) = self.open.take() {
            open.close(&mut self.table);
        }
        done
    }

    /// Bytes of the file read so far and its expected length (a progress bar's
    /// figures; the length is exact for a file transcoded from UTF-16).
    pub fn progress(&self) -> (u64, u64) {
        match &self.open {
            Some(o) => (o.reader.offset().min(self.size), self.size),
            None => (self.size, self.size),
        }
    }

    /// The table, read to the end first.
    pub fn finish(mut self) -> ParsedTable<R> {
        while !self.step(usize::MAX) {}
        self.table
    }
}

impl<S: Read> OpenFile<S> {
    /// Opens `source` and reads its header: the encoding decided, unknown and duplicate
    /// columns warned about in `t`, room reserved for the rows; with the file's
    /// expected length in UTF-8 bytes. The error says why the file cannot be read at
    /// all.
    fn new<R: Record>(
        t: &mut ParsedTable<R>,
        source: S,
        size: u64,
        max_rows: u64,
    ) -> Result<(OpenFile<S>, u64), Unopened> {
        let source = text::Utf8Source::new(source)?;
        let head = source.head().to_vec();
        let size = source.expected_len(size);
        let mut reader = CsvReader::new(source);
        let mut rec = CsvRecord::default();
        match reader.read(&mut rec) {
            Ok(Some(_)) => {}
            Ok(None) => return Err(Unopened::Unreadable("empty file: no header row".into())),
            Err(e) => return Err(Unopened::Unreadable(format!("not readable as CSV: {e}"))),
        }
        let header: Vec<String> = (reader.cells(&rec).iter())
            .map(|h| {
                String::from_utf8_lossy(h)
                    .trim_start_matches('\u{feff}')
                    .trim()
                    .to_string()
            })
            .collect();
        let positions: Vec<Option<usize>> = R::COLUMNS
            .iter()
            .map(|(name, _)| header.iter().position(|h| h == name))
            .collect();
        warn_unknown_columns(t, &header);
        let missing: Vec<&str> = R::COLUMNS[..R::OPTIONAL_FROM]
            .iter()
            .zip(&positions)
            .filter(|(_, p)| p.is_none())
            .map(|((name, _), _)| *name)
            .collect();
        let missing = if missing.is_empty() {
            let expected = estimated_rows(&head, reader.offset(), size).min(max_rows as usize);
            // Asked for fallibly: in a WebAssembly module (4 GiB at most) a file too
            // large for the room left is refused here, in one clear error, instead of
            // its rows failing an allocation later (a trap).
            if t.rows.try_reserve(expected).is_err() {
                return Err(no_room::<R>(expected));
            }
            t.origins.reserve_if_possible(expected);
            None
        } else {
            let first_line = head.split(|&b| b == b'\n').next().unwrap_or_default();
            let hint = text::delimiter_hint(first_line, &missing)
                .map(|h| format!(" ({h})"))
                .unwrap_or_default();
            Some((
                format!(
                    "missing required column(s) {}; found {}",
                    missing.join(", "),
                    header.join(", ")
                ),
                hint,
            ))
        };
        let open = OpenFile {
            reader,
            header,
            positions,
            rec,
            max_rows,
            missing,
        };
        Ok((open, size))
    }

    /// Reads up to `n` data rows into `t`; whether the file is read to its end.
    fn read<R: Record>(&mut self, t: &mut ParsedTable<R>, n: usize) -> bool {
        let width = R::COLUMNS.len();
        let mut rows = Rows {
            reader: &mut self.reader,
            header: &self.header,
            max_rows: self.max_rows,
        };
        let rec = &mut self.rec;
        for _ in 0..n {
            let line = match t.next_row(SOURCE, &mut rows, rec) {
                Admit::End => return true,
                Admit::Refused => continue,
                Admit::Row(line) => line,
            };
            // UTF-8 is checked once per record (the usual case: one pass over its bytes);
            // cell by cell only when that fails, to name the column at fault.
            let record = rows.reader.cells(rec);
            let mut cells = [""; MAX_COLUMNS];
            let all_text = record.text().is_some_and(|text| {
                cells
                    .iter_mut()
                    .zip(&self.positions)
                    .all(|(cell, p)| match *p {
                        Some(p) => record
                            .cell_in(text, p)
                            .map(|c| *cell = text::trimmed(c))
                            .is_some(),
                        None => true,
                    })
            });
            if all_text {
                t.accept_cells(SOURCE, line, &cells[..width]);
            } else {
                accept_bytes(t, SOURCE, line, record, &self.positions);
            }
        }
        false
    }

    /// Counts up to `n` data rows of a file that lacks required columns (all refused at
    /// its end); whether the file is read to its end.
    fn count<R: Record>(&mut self, t: &mut ParsedTable<R>, n: usize) -> bool {
        for _ in 0..n {
            match self.reader.read(&mut self.rec) {
                Ok(Some(_)) => t.sources[SOURCE as usize].read += 1,
                Ok(None) | Err(_) => return true,
            }
        }
        false
    }

    /// Ends the file: when required columns were missing, every row counted is refused
    /// with one file error.
    fn close<R: Record>(self, t: &mut ParsedTable<R>) {
        if let Some((what, hint)) = self.missing {
            let s = &mut t.sources[SOURCE as usize];
            s.rejected = s.read;
            let rows = s.read;
            let why = format!("{what}; all {rows} data rows refused{hint}");
            t.file_problem(SOURCE, Severity::FileError, why);
        }
    }
}

/// Warns about each column of `header` the table does not have, and each repeated one.
fn warn_unknown_columns<R: Record>(t: &mut ParsedTable<R>, header: &[String]) {
    for (i, h) in header.iter().enumerate() {
        let known = R::COLUMNS.iter().any(|(c, _)| c == h);
        let first = header.iter().position(|x| x == h) == Some(i);
        if !known || !first {
            let why = if known {
                format!("duplicate column {h:?} is ignored; the first one is used")
            } else {
                format!(
                    "column {h:?} is not part of the {} format and is ignored",
                    R::TABLE.name()
                )
            };
            t.file_problem(SOURCE, Severity::Warning, why);
        }
    }
}

/// Why the room for `rows` rows of `R` could not be had (out of line: the error path).
#[cold]
#[inline(never)]
fn no_room<R>(rows: usize) -> Unopened {
    Unopened::NoRoom {
        rows,
        bytes: std::mem::size_of::<R>(),
    }
}

/// `text` read as a file said to be 2^62 bytes long and without a row limit, so that the
/// room for its rows cannot be had natively either (more than `isize::MAX` bytes): for
/// tests of what a host does with a file left unread for want of room.
#[cfg(test)]
pub(crate) fn read_without_room<R: Record>(file: &str, text: &str) -> ParsedTable<R> {
    TableReader::<R, _>::within(file, text.as_bytes(), 1 << 62, u64::MAX).finish()
}

/// About how many rows the `size` bytes of a file hold after offset `from` (the end of
/// its header), from the lines in the first 64 KiB of them (in `head`, the file's first
/// bytes), 10 % added: room reserved once instead of the rows being copied each time
/// their vector doubles. Room reserved and not used is never touched, so natively it
/// costs no memory; a WebAssembly module's memory grows by all of it.
fn estimated_rows(head: &[u8], from: u64, size: u64) -> usize {
    let from = usize::try_from(from).unwrap_or(usize::MAX);
    let sample = head.get(from..).unwrap_or_default();
    let sample = &sample[..sample.len().min(64 << 10)];
    let rest = usize::try_from(size)
        .unwrap_or(usize::MAX)
        .saturating_sub(from);
    let lines = sample.iter().filter(|&&b| b == b'\n').count();
    if sample.is_empty() || lines == 0 {
        return 0;
    }
    rest / sample.len() * lines / 10 * 11 + lines
}

/// Reads the row `rec` (at `line`) whose bytes are not all UTF-8, or hold a NUL byte:
/// refused, naming the first column at fault ([`text::not_utf8`], [`text::NUL_IN_CELL`]),
/// or read when the bad bytes are in a column the format does not have (`positions`:
/// where each of the table's columns is in the file).
fn accept_bytes<R: Record>(
    t: &mut ParsedTable<R>,
    src: u32,
    line: u64,
    rec: Cells<'_>,
    positions: &[Option<usize>],
) {
    const { assert!(R::COLUMNS.len() <= MAX_COLUMNS) };
    let mut cells = [""; MAX_COLUMNS];
    for (i, p) in positions.iter().enumerate() {
        if let Some(p) = *p {
            let cell = rec.get(p).unwrap_or_default();
            let why = match std::str::from_utf8(cell) {
                Ok(_) if text::has_nul(cell) => text::NUL_IN_CELL.to_string(),
                Ok(s) => {
                    cells[i] = text::trimmed(s);
                    continue;
                }
                Err(_) => text::not_utf8(cell),
            };
            return t.refuse(src, line, Some(R::COLUMNS[i].0.into()), why);
        }
    }
    t.accept_cells(src, line, &cells[..R::COLUMNS.len()]);
}

/// Writes `rows` as one v1 CSV file (header included), into memory.
pub fn write_table<R: Record>(rows: &[R]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::with_capacity(rows.len() * 64 + 64));
    let header: Vec<&str> = R::COLUMNS.iter().map(|(c, _)| *c).collect();
    // Writing into a Vec cannot fail.
    let _ = w.write_record(&header);
    for r in rows {
        let _ = w.write_record(r.to_cells());
    }
    w.into_inner().unwrap_or_default()
}

/// Reads a v1 file that is about to be rewritten with rows added (`None`: there is no
/// file yet, so no rows). Refuses with every problem when a row does not read: writing
/// the file back would lose that row. Warnings (an unknown column) do not refuse.
pub fn parse_table_for_update<R: Record>(
    file: Option<CsvFile<'_>>,
) -> Result<Vec<R>, Vec<Problem>> {
    let Some(f) = file else {
        return Ok(Vec::new());
    };
    let t = parse_table::<R>(f.name, f.bytes);
    if t.problems.iter().any(|p| p.severity != Severity::Warning) {
        return Err(t.problems);
    }
    Ok(t.rows)
}

/// [`parse_table_for_update`] of two files, refusing with the problems of both.
pub fn parse_pair_for_update<A: Record, B: Record>(
    a: Option<CsvFile<'_>>,
    b: Option<CsvFile<'_>>,
) -> Result<(Vec<A>, Vec<B>), Vec<Problem>> {
    match (
        parse_table_for_update::<A>(a),
        parse_table_for_update::<B>(b),
    ) {
        (Ok(a), Ok(b)) => Ok((a, b)),
        (a, b) => {
            let mut problems = a.err().unwrap_or_default();
            problems.extend(b.err().unwrap_or_default());
            Err(problems)
        }
    }
}

/// Writes all tables as v1 CSV files: `(file name, bytes)` for each table, in
/// [`Table::ALL`] order (optional tables included even when empty).
pub fn write_tables(t: &Tables) -> Vec<(&'static str, Vec<u8>)> {
    vec![
        (Table::Customers.file_name(), write_table(&t.customers)),
        (Table::Invoices.file_name(), write_table(&t.invoices)),
        (Table::Payments.file_name(), write_table(&t.payments)),
        (Table::Orders.file_name(), write_table(&t.orders)),
        (Table::Disputes.file_name(), write_table(&t.disputes)),
        (Table::WriteOffs.file_name(), write_table(&t.write_offs)),
        (
            Table::PaymentPlans.file_name(),
            write_table(&t.payment_plans),
        ),
        (Table::Promises.file_name(), write_table(&t.promises)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Customer;

    #[test]
    fn the_rows_expected_are_estimated_from_the_first_lines() {
        // A 10-byte header, then 1 000 rows of 10 bytes: all within the 64 KiB sample,
        // 1 000 lines found; 10 000 / 10 000 × 1 000 / 10 × 11 + 1 000 = 2 100 (room to
        // spare is never touched). Nothing after the header: nothing reserved.
        let text = format!("h,h,h,h,h\n{}", "a,b,c,d,e\n".repeat(1_000));
        assert_eq!(
            estimated_rows(text.as_bytes(), 10, text.len() as u64),
            2_100
        );
        assert_eq!(estimated_rows(b"h,h,h,h,h\n", 10, 10), 0);
        assert_eq!(estimated_rows(b"h,h", 99, 3), 0);
        // 100 000 rows: the sample sees 6 553 of them (64 KiB / 10 bytes); the rest is
        // scaled from there: 1 000 000 / 65 536 = 15, × 6 553 / 10 × 11 = 108 119, + 6 553.
        let big = "a,b,c,d,e\n".repeat(100_000);
        assert_eq!(estimated_rows(big.as_bytes(), 0, big.len() as u64), 114_672);
        // Read as a stream only the first 64 KiB are at hand: the same estimate.
        assert_eq!(
            estimated_rows(&big.as_bytes()[..64 << 10], 0, big.len() as u64),
            114_672
        );
    }

    #[test]
    fn a_file_whose_rows_cannot_have_their_room_is_left_unread_and_says_so() {
        // A customers file said to be 2^62 bytes long (a host gives the size): its rows
        // are estimated at about 2^62 / 48 × 1.1, whose room passes the most one piece of
        // memory can be (isize::MAX bytes), as 30 M invoices (2.16 GB) do in a 32-bit
        // WebAssembly module (2 GiB).
        let text = format!("{HEADER}{}", row("A", "aaaaaaaaaa"));
        assert_eq!(row("A", "aaaaaaaaaa").len(), 48);
        let mut reader =
            TableReader::<Customer, _>::within("customers.csv", text.as_bytes(), 1 << 62, u64::MAX);
        assert!(reader.step(usize::MAX));
        let t = reader.finish();
        assert!(t.rows.is_empty());
        assert!(t.lacking_room().is_some());
        assert_eq!(t.lacking_room(), t.problems.first());
        // (2^62 − the header's bytes) / 48 bytes × 1 line / 10 × 11 + 1 line.
        let rows = ((1usize << 62) - HEADER.len()) / 48 / 10 * 11 + 1;
        let mb = (rows as u64)
            .saturating_mul(std::mem::size_of::<Customer>() as u64)
            .div_ceil(1_000_000);
        let found: Vec<(Option<u64>, Severity, &str)> = (t.problems.iter())
            .map(|p| (p.line, p.severity, p.reason.as_str()))
            .collect();
        assert_eq!(
            found,
            [(
                None,
                Severity::FileError,
                format!("too large for the memory at hand: its rows (about {rows}) need {mb} MB in one piece, more than can be allocated; nothing of the file was read").as_str()
            )]
        );
        // The same file with its true size is read.
        let mut reader =
            TableReader::<Customer, _>::new("customers.csv", text.as_bytes(), text.len() as u64);
        reader.step(usize::MAX);
        let t = reader.finish();
        assert!(t.lacking_room().is_none());
        assert_eq!(t.rows.len(), 1);
    }

    #[test]
    fn the_room_refused_is_given_in_megabytes() {
        // 33 812 000 rows × 64 bytes = 2 163 968 000 bytes: 2 164 MB (rounded up).
        let why = Unopened::NoRoom {
            rows: 33_812_000,
            bytes: 64,
        }
        .reason();
        assert!(
            why.contains("its rows (about 33812000) need 2164 MB in one piece"),
            "{why}"
        );
    }

    const HEADER: &str =
        "customer_id,name,segment,sector,credit_limit,customer_since,language,b2c\n";

    fn row(id: &str, name: &str) -> String {
        format!("{id},{name},S1,industrial,,2020-01-01,nl,false\n")
    }

    #[test]
    fn a_cell_too_long_refuses_its_row_and_rows_past_the_limit_are_refused_and_counted() {
        // Row 2 (line 3) has a 70 000-byte name; with a limit of 3 rows, the 4th and 5th
        // data rows (lines 5 and 6) are refused with one file error, counted as read.
        let long = "x".repeat(70_000);
        let text = [
            HEADER.to_string(),
            row("A", "a"),
            row("B", &long),
            row("C", "c"),
        ]
        .concat()
            + &row("D", "d")
            + &row("E", "e");
        let t = read_table_within::<Customer, _>(
            "customers.csv",
            text.as_bytes(),
            text.len() as u64,
            3,
        );
        let s = &t.sources[0];
        assert_eq!((s.read, s.accepted, s.rejected), (5, 2, 3));
        let found: Vec<(Option<u64>, Option<&str>, &str)> = t
            .problems
            .iter()
            .map(|p| (p.line, p.column.as_deref(), p.reason.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    Some(3),
                    Some("name"),
                    "too large: a cell of 70000 bytes, more than the 65536 a cell may have (an unclosed quote?)"
                ),
                (
                    None,
                    None,
                    "too large: more than 3 data rows; the 2 rows from line 5 on are refused"
                ),
            ]
        );
    }

    /// A source that gives at most `sizes[k % sizes.len()]` bytes per read, then fails
    /// after `fail_after` bytes when that is set.
    struct Trickle<'a> {
        bytes: &'a [u8],
        at: usize,
        sizes: Vec<usize>,
        reads: usize,
        fail_after: Option<usize>,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.fail_after.is_some_and(|n| self.at >= n) {
                return Err(std::io::Error::other("disk gone"));
            }
            let want = self.sizes[self.reads % self.sizes.len()].max(1);
            self.reads += 1;
            let end = (self.at + want.min(buf.len()))
                .min(self.bytes.len())
                .min(self.fail_after.unwrap_or(usize::MAX).max(self.at + 1));
            let n = end - self.at;
            buf[..n].copy_from_slice(&self.bytes[self.at..end]);
            self.at = end;
            Ok(n)
        }
    }

    fn trickle(bytes: &[u8], sizes: Vec<usize>) -> Trickle<'_> {
        Trickle {
            bytes,
            at: 0,
            sizes,
            reads: 0,
            fail_after: None,
        }
    }

    /// A file with a mark, CRLF line ends, a quoted line break, a blank line, a row with
    /// a bad date and a cell that is not UTF-8: every row's fate and line.
    fn messy() -> Vec<u8> {
        let mut b = b"\xEF\xBB\xBF".to_vec();
        b.extend_from_slice(HEADER.replace('\n', "\r\n").as_bytes());
        b.extend_from_slice(row("A", "a").replace('\n', "\r\n").as_bytes());
        b.extend_from_slice(
            row("B", "\"two\r\nlines\"")
                .replace('\n', "\r\n")
                .as_bytes(),
        );
        b.extend_from_slice(b"\r\n");
        b.extend_from_slice(row("C", "c").replace("2020-01-01", "2020-13-01").as_bytes());
        b.extend_from_slice(row("D", "Caf\u{e9}").replace('\u{e9}', "\u{1}").as_bytes());
        let at = b.len() - 30;
        b.splice(at..at, [0xE9]);
        b.extend_from_slice(row("E", "e").as_bytes());
        b
    }

    fn summary<R: std::fmt::Debug>(t: &ParsedTable<R>) -> String {
        format!(
            "{:?}\n{:?}\n{:?}\n{:?}",
            t.rows, t.origins, t.sources, t.problems
        )
    }

    /// Lines of every sort a damaged customers file holds (before line endings).
    const KINDS: [&str; 8] = [
        "A,Ann,retail,food,1000,2020-01-01,nl,false",
        "B,\"two\nlines\",retail,food,,2020-01-01,fr,false",
        "C,Cee,retail,food,1000,2020-13-01,nl,false",
        "D,too,few",
        "E,\"broken,retail,food,1000,2020-01-01,nl,false",
        "",
        "F,Caf\u{e9},retail,food,,2020-01-01,nl,true",
        "A,Again,retail,food,1000,2020-01-01,nl,false",
    ];

    proptest::proptest! {
        /// However a file is sliced (any number of rows a step, changing from step to
        /// step), the rows, origins, counts and problems are those of reading it whole;
        /// the progress never goes back and ends at the file's length. Also past a small
        /// row bound, whose refusal of the rest may span steps.
        #[test]
        fn a_file_read_in_slices_reads_as_the_whole_file(
            lines in proptest::collection::vec(0..KINDS.len(), 0..40),
            crlf in proptest::bool::ANY,
            latin1_at in proptest::option::of(0..40usize),
            slices in proptest::collection::vec(1..6usize, 1..8),
            max_rows in 1..50u64,
            semicolons in proptest::bool::ANY,
        ) {
            let eol = if crlf { "\r\n" } else { "\n" };
            // A header that does not read (`;`-separated): every row only counted.
            let header = if semicolons { HEADER.replace(',', ";") } else { HEADER.into() };
            let mut text = header.replace('\n', eol);
            for &k in &lines {
                text.push_str(&KINDS[k].replace('\n', eol));
                text.push_str(eol);
            }
            let mut bytes = text.into_bytes();
            if let Some(at) = latin1_at.filter(|&at| at < bytes.len()) {
                bytes.insert(at.max(HEADER.len()).min(bytes.len()), 0xE9);
            }
            let size = bytes.len() as u64;
            let whole = read_table_within::<Customer, _>("c.csv", &bytes[..], size, max_rows);
            let mut r = TableReader::<Customer, _>::within("c.csv", &bytes[..], size, max_rows);
            let mut read = 0;
            for n in slices.iter().cycle() {
                let done = r.step(*n);
                let (now, of) = r.progress();
                proptest::prop_assert!(now >= read && now <= of, "{} {} {}", read, now, of);
                read = now;
                if done {
                    proptest::prop_assert_eq!(now, of);
                    break;
                }
            }
            proptest::prop_assert_eq!(summary(&r.finish()), summary(&whole));
        }
    }

    #[test]
    fn a_stream_read_in_any_pieces_reads_as_the_whole_file() {
        let bytes = messy();
        let whole = parse_table::<Customer>("customers.csv", &bytes);
        // A, B, E accepted at lines 2, 3 and 8; C (line 6) and D (line 7) refused.
        let lines: Vec<u64> = whole.origins.iter().map(|o| o.line).collect();
        assert_eq!(lines, [2, 3, 8]);
        let refused: Vec<Option<u64>> = whole.problems.iter().map(|p| p.line).collect();
        assert_eq!(refused, [Some(6), Some(7)]);
        for sizes in [
            vec![1],
            vec![2, 3],
            vec![7],
            vec![64 << 10],
            vec![1, 100, 5],
        ] {
            let t = read_table::<Customer, _>(
                "customers.csv",
                trickle(&bytes, sizes.clone()),
                bytes.len() as u64,
            );
            assert_eq!(summary(&t), summary(&whole), "pieces of {sizes:?} bytes");
        }
    }

    #[test]
    fn a_utf16_stream_is_transcoded_and_keeps_its_lines() {
        let text = [HEADER.to_string(), row("A", "\u{e9}\u{e9}n"), row("B", "b")].concat();
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let t = read_table::<Customer, _>("customers.csv", trickle(&utf16, vec![3]), 0);
        assert_eq!(t.rows[0].name, "\u{e9}\u{e9}n");
        let lines: Vec<u64> = t.origins.iter().map(|o| o.line).collect();
        assert_eq!(lines, [2, 3]);
    }

    #[test]
    fn a_read_error_midway_keeps_the_rows_before_it_and_says_the_rest_is_missing() {
        // 2 000 rows of 45 bytes after a 73-byte header (90 073 bytes, more than the first
        // 64 KiB looked at before reading on): the source fails after 73 + 1 900 × 45 + 10
        // bytes, inside row 1 901 (line 1 902), so 1 900 rows are read and the file is
        // reported as not read to its end.
        let rows: String = (0..2_000)
            .map(|k| row(&format!("C{k:04}"), "abc"))
            .collect();
        let text = HEADER.to_string() + &rows;
        assert_eq!((HEADER.len(), row("C0000", "abc").len()), (73, 45));
        let mut source = trickle(text.as_bytes(), vec![4_000]);
        source.fail_after = Some(73 + 1_900 * 45 + 10);
        let t = read_table::<Customer, _>("customers.csv", source, text.len() as u64);
        let s = &t.sources[0];
        assert_eq!((s.read, s.accepted, s.rejected), (1_900, 1_900, 0));
        assert_eq!(t.problems.len(), 1, "{:?}", t.problems);
        let p = &t.problems[0];
        assert_eq!(p.severity, Severity::FileError);
        assert_eq!(
            p.reason,
            "could not be read to its end (disk gone): the rest of the file from line 1902 on is missing"
        );
        // Failing within the first bytes looked at: the file is not read at all.
        let mut source = trickle(text.as_bytes(), vec![4_000]);
        source.fail_after = Some(10);
        let t = read_table::<Customer, _>("customers.csv", source, text.len() as u64);
        assert_eq!(t.sources[0].read, 0);
        assert_eq!(t.problems[0].reason, "could not be read: disk gone");
    }

    /// An invoice's two optional columns as read and written: a row without either holds
    /// no references (no allocation), a row with one or both holds what it gave, and
    /// the table written back is the file read (the columns in place, empty when absent).
    #[test]
    fn an_invoices_order_and_payment_reference_read_and_written_back() {
        let text = "invoice_id,customer_id,issue_date,due_date,amount,currency,order_id,payment_reference\n\
                    F1,C1,2026-01-05,2026-02-04,100.00,EUR,,\n\
                    F2,C1,2026-01-05,2026-02-04,100.00,EUR,PO-7,\n\
                    F3,C1,2026-01-05,2026-02-04,100.00,EUR,,+++090/9337/55493+++\n\
                    F4,C1,2026-01-05,2026-02-04,100.00,EUR,PO-8,RF18 5390 0754 7034\n";
        let t = parse_table::<crate::model::Invoice>("invoices.csv", text.as_bytes());
        assert!(t.problems.is_empty(), "{:?}", t.problems);
        let got: Vec<(Option<&str>, Option<&str>)> = t
            .rows
            .iter()
            .map(|i| (i.order_id().map(|o| o.as_str()), i.payment_reference()))
            .collect();
        assert_eq!(
            got,
            [
                (None, None),
                (Some("PO-7"), None),
                (None, Some("+++090/9337/55493+++")),
                (Some("PO-8"), Some("RF18 5390 0754 7034")),
            ]
        );
        assert!(t.rows[0].references.is_none());
        assert_eq!(
            String::from_utf8(write_table(&t.rows)).expect("UTF-8"),
            text
        );
    }
}
