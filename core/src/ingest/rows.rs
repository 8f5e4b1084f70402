//! Admitting the data rows of a CSV file, the same way for the exchange format and for
//! column mappings: every row read is counted, and one that is not readable CSV, has a
//! field count other than the header's, has a cell longer than
//! [`MAX_CELL_BYTES`](crate::limits::MAX_CELL_BYTES) or comes after the file's row
//! bound is refused with its physical line and reason (so read = accepted + rejected +
//! skipped holds for every file, however damaged).

use std::io::Read;

use super::csv_v1::ParsedTable;
use super::record::Record;
use super::report::Severity;
use super::text::PhysicalLines;
use crate::limits::{self, MAX_CELL_BYTES};

/// A CSV record type the reader fills: bytes (the exchange format, which checks UTF-8
/// per cell) or text (mappings, which read cells by name).
pub(crate) trait CsvRow {
    /// Reads the next record into `self`; `Ok(false)` at the end.
    fn read_from<T: Read>(&mut self, reader: &mut csv::Reader<T>) -> csv::Result<bool>;
    /// Where the record starts.
    fn start(&self) -> Option<&csv::Position>;
    /// Its number of fields.
    fn fields(&self) -> usize;
    /// The first cell longer than `max` bytes: its index and length (none when the
    /// whole record is no longer, the usual case, without looking at each cell).
    fn too_long_cell(&self, max: usize) -> Option<(usize, usize)>;
}

/// The same four methods for both record types, each reading with its own reader call.
macro_rules! csv_row {
    ($($record:ty => $read:ident),* $(,)?) => {$(
        impl CsvRow for $record {
            fn read_from<T: Read>(&mut self, reader: &mut csv::Reader<T>) -> csv::Result<bool> {
                reader.$read(self)
            }
            fn start(&self) -> Option<&csv::Position> {
                self.position()
            }
            fn fields(&self) -> usize {
                self.len()
            }
            fn too_long_cell(&self, max: usize) -> Option<(usize, usize)> {
                if self.as_slice().len() <= max {
                    return None;
                }
                self.iter()
                    .enumerate()
                    .find(|(_, c)| c.len() > max)
                    .map(|(k, c)| (k, c.len()))
            }
        }
    )*};
}

csv_row!(csv::ByteRecord => read_byte_record, csv::StringRecord => read_record);

/// What [`ParsedTable::next_row`] decided about the next row.
pub(crate) enum Admit {
    /// No more rows (or the rest refused past the row bound).
    End,
    /// The row was refused and reported.
    Refused,
    /// The row, at this physical line, is ready to be read.
    Row(u64),
}

/// The file being read: its reader (which counts physical lines), header and row bound.
pub(crate) struct Rows<'r, S: Read> {
    /// The CSV reader, past the header.
    pub reader: &'r mut csv::Reader<PhysicalLines<S>>,
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
    pub(crate) fn next_row<S: Read, C: CsvRow>(
        &mut self,
        source: u32,
        rows: &mut Rows<'_, S>,
        rec: &mut C,
    ) -> Admit {
        if self.sources[source as usize].read >= rows.max_rows {
            self.refuse_rest(source, rows, rec);
            return Admit::End;
        }
        let line = match rec.read_from(rows.reader) {
            Ok(false) => return Admit::End,
            Ok(true) => rows.reader.get_mut().of(rec.start()),
            Err(e) if matches!(e.kind(), csv::ErrorKind::Io(_)) => {
                self.unreadable_rest(source, rows, &e);
                return Admit::End;
            }
            Err(e) => {
                let line = rows.reader.get_mut().of(e.position());
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
    fn refuse_rest<S: Read, C: CsvRow>(
        &mut self,
        source: u32,
        rows: &mut Rows<'_, S>,
        rec: &mut C,
    ) {
        let mut first = None;
        let mut rest = 0u64;
        loop {
            match rec.read_from(rows.reader) {
                Ok(false) => break,
                Err(e) if matches!(e.kind(), csv::ErrorKind::Io(_)) => {
                    self.unreadable_rest(source, rows, &e);
                    break;
                }
                Ok(true) | Err(_) => {}
            }
            // Every record's line is asked for, so that the line counter keeps only the
            // bytes since the last one.
            let line = rows.reader.get_mut().of(rec.start());
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
    fn unreadable_rest<S: Read>(&mut self, source: u32, rows: &mut Rows<'_, S>, e: &csv::Error) {
        let line = rows.reader.get_ref().line_at_end();
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
        // cell has exactly 10 (fits); as bytes and as text.
        type Case<'a> = (&'a [&'a str], Option<(usize, usize)>);
        let cases: [Case; 4] = [
            (&["a", "bc"], None),
            (&["aaaaaaaa", "bbbbbbbb", "cccccccc"], None),
            (&["a", "b", "ccccccccccc"], Some((2, 11))),
            (&["aaaaaaaaaa", "b"], None),
        ];
        for (cells, want) in cases {
            let bytes = csv::ByteRecord::from(cells.to_vec());
            let text = csv::StringRecord::from(cells.to_vec());
            assert_eq!(bytes.too_long_cell(10), want, "{cells:?}");
            assert_eq!(text.too_long_cell(10), want, "{cells:?}");
        }
    }
}
