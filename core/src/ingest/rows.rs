//! Admitting the data rows of a CSV file, the same way for the exchange format and for
//! column mappings: every row read is counted, and one that is not readable CSV, has a
//! field count other than the header's, has a cell longer than
//! [`MAX_CELL_BYTES`](crate::limits::MAX_CELL_BYTES) or comes after the file's row
//! bound is refused with its physical line and reason (so read = accepted + rejected +
//! skipped holds for every file, however damaged).

use std::io::Read;

use super::csv_reader::{CsvReader, CsvRecord};
use super::csv_v1::ParsedTable;
use super::record::Record;
use super::report::Severity;
use super::text::PhysicalLines;
use crate::limits::{self, MAX_CELL_BYTES};

/// A CSV record's cells, as far as admitting its row needs them.
pub(crate) trait CsvRow {
    /// Its number of fields.
    fn fields(&self) -> usize;
    /// The bytes of its cells together (no cell is longer).
    fn bytes_len(&self) -> usize;
    /// Each cell's length in bytes, in order.
    fn cell_lens(&self) -> impl Iterator<Item = usize>;
    /// The first cell longer than `max` bytes: its index and length (none when the
    /// whole record is no longer, the usual case, without looking at each cell).
    fn too_long_cell(&self, max: usize) -> Option<(usize, usize)> {
        if self.bytes_len() <= max {
            return None;
        }
        self.cell_lens().enumerate().find(|&(_, len)| len > max)
    }
}

impl CsvRow for csv::StringRecord {
    fn fields(&self) -> usize {
        self.len()
    }
    fn bytes_len(&self) -> usize {
        self.as_slice().len()
    }
    fn cell_lens(&self) -> impl Iterator<Item = usize> {
        self.iter().map(str::len)
    }
}

impl CsvRow for CsvRecord {
    fn fields(&self) -> usize {
        self.len()
    }
    fn bytes_len(&self) -> usize {
        CsvRecord::bytes_len(self)
    }
    fn cell_lens(&self) -> impl Iterator<Item = usize> {
        CsvRecord::cell_lens(self)
    }
}

/// Why a reader gave no record.
pub(crate) enum NoRecord {
    /// The source failed (a file that vanished, a disk that failed): what it said.
    Unreadable(String),
    /// The record at this line is not readable as CSV, and why.
    NotCsv(u64, String),
}

/// A reader of CSV records of type `C`, each with the physical line it starts on: the
/// exchange format's [`CsvReader`], or the `csv` crate's reader (column mappings,
/// which read cells by name and any delimiter).
pub(crate) trait Records<C> {
    /// The next record into `rec` and its line; `None` at the end.
    fn next_record(&mut self, rec: &mut C) -> Result<Option<u64>, NoRecord>;
    /// Whether the source is read to its end.
    fn is_done(&self) -> bool;
    /// The line the bytes read so far end on.
    fn line_at_end(&self) -> u64;
}

impl<S: Read> Records<CsvRecord> for CsvReader<S> {
    fn next_record(&mut self, rec: &mut CsvRecord) -> Result<Option<u64>, NoRecord> {
        self.read(rec)
            .map_err(|e| NoRecord::Unreadable(e.to_string()))
    }
    fn is_done(&self) -> bool {
        CsvReader::is_done(self)
    }
    fn line_at_end(&self) -> u64 {
        CsvReader::line_at_end(self)
    }
}

impl<S: Read> Records<csv::StringRecord> for csv::Reader<PhysicalLines<S>> {
    fn next_record(&mut self, rec: &mut csv::StringRecord) -> Result<Option<u64>, NoRecord> {
        match self.read_record(rec) {
            Ok(false) => Ok(None),
            Ok(true) => Ok(Some(self.get_mut().of(rec.position()))),
            Err(e) if matches!(e.kind(), csv::ErrorKind::Io(_)) => {
                Err(NoRecord::Unreadable(e.to_string()))
            }
            Err(e) => {
                let line = self.get_mut().of(e.position());
                Err(NoRecord::NotCsv(line, e.to_string()))
            }
        }
    }
    fn is_done(&self) -> bool {
        csv::Reader::is_done(self)
    }
    fn line_at_end(&self) -> u64 {
        self.get_ref().line_at_end()
    }
}

/// What [`ParsedTable::next_row`] decided about the next row.
pub(crate) enum Admit {
    /// No more rows (or the rest refused past the row bound).
    End,
    /// The row was refused and reported.
    Refused,
    /// The row, at this physical line, is ready to be read.
    Row(u64),
}

/// The file being read: its reader (which gives each record's physical line), header
/// and row bound.
pub(crate) struct Rows<'r, Rd> {
    /// The reader, past the header.
    pub reader: &'r mut Rd,
    /// The header's cells (names the column of a refused cell).
    pub header: &'r [String],
    /// Rows after this many are refused, counted and not parsed.
    pub max_rows: u64,
}

impl<R: Record> ParsedTable<R> {
    /// Reads the next data row of `rows` into `rec` and admits it: counts it as read of
    /// source `source`, and refuses it (with its line) when it is not readable CSV, its
    /// field count differs from the header's or a cell is too long. Past the row bound,
    /// the rest of the file is refused as one problem.
    pub(crate) fn next_row<C: CsvRow, Rd: Records<C>>(
        &mut self,
        source: u32,
        rows: &mut Rows<'_, Rd>,
        rec: &mut C,
    ) -> Admit {
        if self.sources[source as usize].read >= rows.max_rows {
            self.refuse_rest(source, rows, rec);
            return Admit::End;
        }
        let line = match rows.reader.next_record(rec) {
            Ok(None) => return Admit::End,
            Ok(Some(line)) => line,
            Err(NoRecord::Unreadable(e)) => {
                self.unreadable_rest(source, rows, &e);
                return Admit::End;
            }
            Err(NoRecord::NotCsv(line, e)) => {
                self.sources[source as usize].read += 1;
                self.refuse(source, line, None, format!("not readable as CSV: {e}"));
                return Admit::Refused;
            }
        };
        self.sources[source as usize].read += 1;
        let header_fields = rows.header.len();
        if rec.fields() != header_fields {
            let fields = rec.fields();
            let why = format!("expected {header_fields} fields as in the header, found {fields}");
            self.refuse(source, line, None, why);
            return Admit::Refused;
        }
        if let Some((k, len)) = rec.too_long_cell(MAX_CELL_BYTES) {
            let column = rows.header.get(k).cloned();
            self.refuse(source, line, column, limits::cell_too_long(len));
            return Admit::Refused;
        }
        Admit::Row(line)
    }

    /// Refuses the rows after the bound: counted as read and rejected (so that read =
    /// accepted + rejected still holds), not parsed, and reported once with the line of
    /// the first.
    fn refuse_rest<C: CsvRow, Rd: Records<C>>(
        &mut self,
        source: u32,
        rows: &mut Rows<'_, Rd>,
        rec: &mut C,
    ) {
        let mut first = None;
        let mut rest = 0u64;
        loop {
            let line = match rows.reader.next_record(rec) {
                Ok(None) => break,
                Err(NoRecord::Unreadable(e)) => {
                    self.unreadable_rest(source, rows, &e);
                    break;
                }
                Ok(Some(line)) | Err(NoRecord::NotCsv(line, _)) => line,
            };
            first = first.or(Some(line));
            rest += 1;
            if rows.reader.is_done() {
                break;
            }
        }
        let Some(line) = first else { return };
        let s = &mut self.sources[source as usize];
        s.read += rest;
        s.rejected += rest;
        let max = rows.max_rows;
        self.file_problem(
            source,
            Severity::FileError,
            format!(
                "too large: more than {max} data rows; the {rest} rows from line {line} on are refused"
            ),
        );
    }

    /// Reports that the file could not be read to its end (`e`, an I/O error of the
    /// source: a file that vanished or a disk that failed). The rows read so far stay;
    /// the rest is unknown, so the file is in error.
    fn unreadable_rest<C, Rd: Records<C>>(&mut self, source: u32, rows: &Rows<'_, Rd>, e: &str) {
        let line = rows.reader.line_at_end();
        self.file_problem(
            source,
            Severity::FileError,
            format!(
                "could not be read to its end ({e}): the rest of the file from line {line} on is missing"
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_is_too_long_only_past_the_bound_whatever_the_record_holds() {
        // Bound 10: a short record (no cell looked at), a record of 3 × 8 = 24 bytes
        // whose cells all fit, one whose third cell has 11 bytes, and one whose first
        // cell has exactly 10 (fits); as the exchange format's record and as text.
        type Case<'a> = (&'a [&'a str], Option<(usize, usize)>);
        let cases: [Case; 4] = [
            (&["a", "bc"], None),
            (&["aaaaaaaa", "bbbbbbbb", "cccccccc"], None),
            (&["a", "b", "ccccccccccc"], Some((2, 11))),
            (&["aaaaaaaaaa", "b"], None),
        ];
        for (cells, want) in cases {
            let line = cells.join(",");
            let mut bytes = CsvRecord::default();
            let read = CsvReader::new(line.as_bytes()).read(&mut bytes);
            assert_eq!(read.ok(), Some(Some(1)), "{cells:?}");
            let text = csv::StringRecord::from(cells.to_vec());
            assert_eq!(bytes.too_long_cell(10), want, "{cells:?}");
            assert_eq!(text.too_long_cell(10), want, "{cells:?}");
        }
    }
}
