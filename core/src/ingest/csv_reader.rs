//! The records of a CSV file of the exchange format and the physical line each starts
//! on, read from any source without holding the file in memory.
//!
//! A line with no quote and no carriage return inside it (nearly every line of an
//! export) is a record as it stands: its cells are what lies between the commas, found
//! in one pass over the line. Every other record — quoted cells, line breaks inside
//! quotes, a lone `\r`, a line longer than the buffer — is read by `csv_core`, the state
//! machine the `csv` crate runs, from the same bytes. The records, their cells and
//! their lines are therefore exactly the `csv` crate's (RFC 4180 with its leniencies;
//! `\n`, `\r\n` and `\r` end a record; blank lines are skipped): a property test
//! compares the two on arbitrary bytes read in arbitrary pieces through buffers of any
//! size. The one difference: in a file that starts with two byte-order marks (the first
//! is the encoding's, skipped before) and then a blank line, the `csv` crate counted the
//! lines one short; here they are physical.
//!
//! Why not the `csv` crate's reader, as before: its state machine (a table lookup and a
//! branch a byte) was 10 % of `rappel kpis`'s CPU time natively and 18 % of the
//! component's, and the physical lines took a second copy of every byte. The plain
//! lines' split takes about half the state machine's time (BENCHMARKS.md, issue 15,
//! tenth pass); looking at eight bytes at a time took a tenth off the reading of the
//! tables, and reading a plain line's cells where they lie in the buffer (no copy into
//! the record) 8 % off the component's KPIs together with it (fifteenth pass).

use std::io::{self, Read};
use std::ops::Range;

use csv_core::ReadRecordResult;

use super::text;

/// Bytes asked of the source at a time; a line longer than this is read by `csv_core`.
const BUFFER: usize = 64 << 10;

/// A record read by [`CsvReader`]: where each cell is among its bytes, and where those
/// are. A plain line's bytes stay in the reader's buffer (no copy of the line); the
/// other records' bytes (quotes removed) are here. [`CsvReader::cells`] gives the cells.
#[derive(Debug, Default, Clone)]
pub(crate) struct CsvRecord {
    /// A record read by `csv_core`: its bytes; only `bytes[..used]` belong to it (the
    /// rest is room kept).
    bytes: Vec<u8>,
    used: usize,
    /// A plain line: where it starts in the reader's buffer (`used` bytes long).
    in_buffer: Option<usize>,
    /// A plain line whose bytes are all ASCII (seen while it was split).
    ascii: bool,
    /// Each cell's range among the record's bytes.
    cells: Vec<Range<usize>>,
}

impl CsvRecord {
    /// The number of cells.
    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.cells.len()
    }

    /// The number of bytes of all its cells (and of the commas between them when it was
    /// a plain line): no cell is longer.
    #[inline]
    pub(crate) fn bytes_len(&self) -> usize {
        self.used
    }

    /// The length of each cell, in order.
    pub(crate) fn cell_lens(&self) -> impl Iterator<Item = usize> {
        self.cells.iter().map(|r| r.len())
    }

    /// Makes room for `n` bytes of output after the `used` ones.
    fn room(&mut self, n: usize) {
        if self.bytes.len() < self.used + n {
            self.bytes.resize(self.used + n, 0);
        }
    }
}

/// The cells of a record, borrowed from it and from its reader ([`CsvReader::cells`]).
#[derive(Clone, Copy)]
pub(crate) struct Cells<'a> {
    bytes: &'a [u8],
    cells: &'a [Range<usize>],
    /// Every byte is ASCII (known from the split): the bytes are text as they stand.
    ascii: bool,
}

impl<'a> Cells<'a> {
    /// Cell `k`'s bytes.
    #[inline]
    pub(crate) fn get(&self, k: usize) -> Option<&'a [u8]> {
        self.cells.get(k).map(|r| &self.bytes[r.clone()])
    }

    /// The cells' bytes in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &'a [u8]> {
        let bytes = self.bytes;
        self.cells.iter().map(move |r| &bytes[r.clone()])
    }

    /// The record's bytes as text when they are all UTF-8 and none is a NUL (one check
    /// for the record, none for a plain line the split saw to be ASCII: a plain line
    /// has no NUL); a cell is then [`Cells::cell_in`] of it. `None` sends the reader to
    /// the record's cells one by one, to name the column at fault.
    #[inline]
    pub(crate) fn text(&self) -> Option<&'a str> {
        if self.ascii {
            debug_assert!(self.bytes.is_ascii());
            // SAFETY: `ascii` is set only for a plain line every byte of which the split
            // saw below 0x80 ([`CsvReader::split_line`]: the words it looked at cover
            // the line), and ASCII is UTF-8. The bytes are the buffer's, which the
            // borrow of the reader keeps from changing.
            return Some(unsafe { std::str::from_utf8_unchecked(self.bytes) });
        }
        (!text::has_nul(self.bytes))
            .then(|| std::str::from_utf8(self.bytes).ok())
            .flatten()
    }

    /// Cell `k` of the record's text `text` ([`Cells::text`]); `None` when a cell
    /// boundary falls inside a character (the cell alone is then not UTF-8).
    #[inline]
    pub(crate) fn cell_in<'t>(&self, text: &'t str, k: usize) -> Option<&'t str> {
        text.get(self.cells.get(k)?.clone())
    }
}

/// The CSV records of `source` with the physical line each starts on (see the module
/// documentation); the bytes are read [`BUFFER`] at a time.
pub(crate) struct CsvReader<S> {
    source: S,
    /// Bytes read; `buf[pos..end]` are not consumed yet.
    buf: Box<[u8]>,
    pos: usize,
    end: usize,
    /// The source's offset of `buf[0]`.
    base: u64,
    /// No more bytes to come from the source.
    eof: bool,
    /// Whether the start was looked at (a UTF-8 byte-order mark there is skipped, as
    /// `csv_core` skips it).
    started: bool,
    /// The physical line `buf[pos]` is on (the first is 1).
    line: u64,
    /// The state machine for the records that are not plain lines.
    core: csv_core::Reader,
    /// Cell ends `csv_core` writes (room reused for every record).
    ends: Vec<usize>,
}

impl<S: Read> CsvReader<S> {
    /// Records of `source`, the first one on line 1.
    pub(crate) fn new(source: S) -> CsvReader<S> {
        CsvReader::with_buffer(source, BUFFER)
    }

    /// [`CsvReader::new`] reading `bytes` at a time (at least 3: a byte-order mark).
    fn with_buffer(source: S, bytes: usize) -> CsvReader<S> {
        // `csv_core` skips a byte-order mark at the start of the first input it is
        // given, which here need not be the start of the file: it is given a blank line
        // first (it stays at the start of a record), and the mark at the start of the
        // file is skipped here ([`CsvReader::at_record`]).
        let mut core = csv_core::Reader::new();
        core.read_record(b"\n", &mut [0], &mut [0]);
        CsvReader {
            source,
            buf: vec![0; bytes.max(3)].into_boxed_slice(),
            pos: 0,
            end: 0,
            base: 0,
            eof: false,
            started: false,
            line: 1,
            core,
            ends: vec![0; 32],
        }
    }

    /// The cells of `rec`, the record this reader read last (a plain line's bytes are
    /// in the buffer until the next read; the borrow keeps the reader from reading
    /// before the cells are done with).
    #[inline]
    pub(crate) fn cells<'a>(&'a self, rec: &'a CsvRecord) -> Cells<'a> {
        let (bytes, ascii) = match rec.in_buffer {
            Some(start) => match self.buf.get(start..start + rec.used) {
                Some(line) => (line, rec.ascii),
                None => (&[][..], false),
            },
            None => (&rec.bytes[..rec.used], false),
        };
        Cells {
            bytes,
            cells: &rec.cells,
            ascii,
        }
    }

    /// Bytes of the source consumed so far.
    pub(crate) fn offset(&self) -> u64 {
        self.base + self.pos as u64
    }

    /// Whether the source is read to its end.
    pub(crate) fn is_done(&self) -> bool {
        self.eof && self.pos == self.end
    }

    /// The line the bytes read so far end on (where a read error stopped the reader).
    pub(crate) fn line_at_end(&self) -> u64 {
        self.line + memchr::memchr_iter(b'\n', &self.buf[self.pos..self.end]).count() as u64
    }

    /// Reads the next record into `rec`: the physical line it starts on, `None` at the
    /// end of the source, or the source's read error.
    pub(crate) fn read(&mut self, rec: &mut CsvRecord) -> io::Result<Option<u64>> {
        if !self.at_record()? {
            return Ok(None);
        }
        let line = self.line;
        if !self.plain_line(rec)? {
            self.core_record(rec)?;
        }
        Ok(Some(line))
    }

    /// Skips the line breaks before the next record (blank lines are no records), and
    /// at the start of the source a UTF-8 byte-order mark; whether there is a record.
    fn at_record(&mut self) -> io::Result<bool> {
        if !self.started {
            while self.end < 3 && !self.eof {
                self.fill()?;
            }
            if self.buf[..self.end].starts_with(b"\xef\xbb\xbf") {
                self.pos = 3;
            }
            self.started = true;
        }
        loop {
            while self.pos < self.end {
                match self.buf[self.pos] {
                    b'\n' => self.line += 1,
                    b'\r' => {}
                    _ => return Ok(true),
                }
                self.pos += 1;
            }
            if self.eof {
                return Ok(false);
            }
            self.fill()?;
        }
    }

    /// Reads the record at `pos` when it is a plain line: whole in the buffer, ending
    /// in `\n`, `\r\n` or the end of the source, with no quote and no other `\r`. Its
    /// cells are then the bytes between commas, found in one pass over the line
    /// ([`CsvReader::split_line`]), and stay where they are in the buffer (`rec` says
    /// where). `false`: the record is not plain (nothing consumed).
    fn plain_line(&mut self, rec: &mut CsvRecord) -> io::Result<bool> {
        let (len, next, ascii) = loop {
            match self.split_line(&mut rec.cells) {
                Split::Line { len, next, ascii } => break (len, next, ascii),
                Split::NotPlain => return Ok(false),
                // Room for more of the line: read on.
                Split::More if self.pos > 0 || self.end < self.buf.len() => self.fill()?,
                Split::More => return Ok(false),
            }
        };
        rec.in_buffer = Some(self.pos);
        rec.ascii = ascii;
        rec.used = len;
        self.pos += next;
        self.line += u64::from(next > len);
        Ok(true)
    }

    /// The cells of the line at `pos` into `cells`, and how the line ends ([`Split`]).
    ///
    /// The bytes are looked at eight at a time ([`below_comma`]): digits, letters, `-`,
    /// `.` and `/` (most of a file) are above every byte this looks for (`"` 34, `,` 44,
    /// `\n`, `\r`), so a word without such a byte costs a few operations and the bytes
    /// that matter are visited one by one from the word's mask, without a branch per
    /// byte that the processor mispredicts at every comma. The words' top bits, gathered
    /// on the way, say whether the line is ASCII (its text then needs no UTF-8 check:
    /// [`Cells::text`]); a line that ends in the last bytes of the buffer, after its
    /// last whole word, is never said to be.
    fn split_line(&self, cells: &mut Vec<Range<usize>>) -> Split {
        cells.clear();
        let rest = &self.buf[self.pos..self.end];
        let mut start = 0;
        let mut words = rest.chunks_exact(8);
        let mut any = 0;
        for (k, word) in words.by_ref().enumerate() {
            let x = word_of(word);
            any |= x;
            let ascii = any & TOP == 0;
            let mut mask = below_comma(x);
            while mask != 0 {
                let i = 8 * k + (mask.trailing_zeros() / 8) as usize;
                mask &= mask - 1;
                if let Some(found) = self.seen(rest, i, &mut start, cells, ascii) {
                    return found;
                }
            }
        }
        let at = rest.len() - words.remainder().len();
        for (i, &b) in words.remainder().iter().enumerate() {
            if b <= b','
                && let Some(found) = self.seen(rest, at + i, &mut start, cells, false)
            {
                return found;
            }
        }
        if !self.eof {
            return Split::More;
        }
        cells.push(start..rest.len());
        Split::Line {
            len: rest.len(),
            next: rest.len(),
            ascii: false,
        }
    }

    /// What byte `rest[i]` (at most `,`) means to [`CsvReader::split_line`]: a comma
    /// ends a cell and any other byte but these is part of one (`None`: go on); a line
    /// end ends the line; a quote, a NUL or a lone `\r` makes it not plain; a `\r` at
    /// the end of the buffer needs more bytes. `ascii`: every byte up to `rest[i]` is ASCII.
    #[inline(always)]
    fn seen(
        &self,
        rest: &[u8],
        i: usize,
        start: &mut usize,
        cells: &mut Vec<Range<usize>>,
        ascii: bool,
    ) -> Option<Split> {
        let end = match rest[i] {
            b',' => {
                cells.push(*start..i);
                *start = i + 1;
                return None;
            }
            b'\n' => (i, i + 1),
            b'\r' => match rest.get(i + 1) {
                Some(b'\n') => (i, i + 2),
                None if self.eof => (i, i + 1),
                None => return Some(Split::More),
                Some(_) => return Some(Split::NotPlain),
            },
            // A NUL byte (a damaged file): read by `csv_core` like a quoted line, so a
            // plain line never holds one and [`Cells::text`] need not look for it there.
            b'"' | 0 => return Some(Split::NotPlain),
            _ => return None,
        };
        cells.push(*start..i);
        Some(Split::Line {
            len: end.0,
            next: end.1,
            ascii,
        })
    }

    /// Reads the record at `pos` with `csv_core` (quotes, line breaks in quotes, a lone
    /// `\r`, or a line longer than the buffer).
    fn core_record(&mut self, rec: &mut CsvRecord) -> io::Result<()> {
        rec.in_buffer = None;
        rec.ascii = false;
        rec.used = 0;
        rec.cells.clear();
        rec.room(256);
        let mut fields = 0;
        loop {
            let input = &self.buf[self.pos..self.end];
            let (res, nin, nout, nend) =
                self.core
                    .read_record(input, &mut rec.bytes[rec.used..], &mut self.ends[fields..]);
            self.line += memchr::memchr_iter(b'\n', &input[..nin]).count() as u64;
            self.pos += nin;
            rec.used += nout;
            fields += nend;
            match res {
                ReadRecordResult::InputEmpty if !self.eof => self.fill()?,
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull => {
                    let n = rec.bytes.len().max(64);
                    rec.room(n);
                }
                ReadRecordResult::OutputEndsFull => {
                    let n = self.ends.len() * 2;
                    self.ends.resize(n, 0);
                }
                ReadRecordResult::Record | ReadRecordResult::End => break,
            }
        }
        let mut start = 0;
        for &end in &self.ends[..fields] {
            rec.cells.push(start..end);
            start = end;
        }
        Ok(())
    }

    /// Moves the bytes not consumed to the front of the buffer and reads more after
    /// them (at least one byte, or the end of the source).
    fn fill(&mut self) -> io::Result<()> {
        if self.pos > 0 {
            self.buf.copy_within(self.pos..self.end, 0);
            self.base += self.pos as u64;
            self.end -= self.pos;
            self.pos = 0;
        }
        if self.end == self.buf.len() {
            return Ok(());
        }
        loop {
            match self.source.read(&mut self.buf[self.end..]) {
                Ok(0) => self.eof = true,
                Ok(n) => self.end += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
            return Ok(());
        }
    }
}

/// How the line at the reader's position ends, as [`CsvReader::split_line`] found it.
enum Split {
    /// A plain line: `len` bytes without its line end, `next` with it; whether all its
    /// bytes are ASCII.
    Line {
        len: usize,
        next: usize,
        ascii: bool,
    },
    /// A quote or a lone `\r`: `csv_core` reads the record.
    NotPlain,
    /// The line's end is not in the buffer yet.
    More,
}

/// The top bit of every byte of a word.
const TOP: u64 = 0x8080_8080_8080_8080;

/// Eight bytes as a word, byte 0 lowest.
#[inline(always)]
fn word_of(bytes: &[u8]) -> u64 {
    let mut b = [0; 8];
    b.copy_from_slice(bytes);
    u64::from_le_bytes(b)
}

/// The bytes of a word `x` ([`word_of`]) that are at most `,` (44), as a mask with the
/// top bit of each such byte set (byte 0 lowest). Exact for every byte: the low seven
/// bits of each byte plus 83 cannot carry into the next byte (127 + 83 < 256), and set
/// the top bit exactly when they are at least 45; a byte with its own top bit set is
/// above 44.
#[inline(always)]
fn below_comma(x: u64) -> u64 {
    const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const ADD: u64 = 0x5353_5353_5353_5353; // 0x53 = 83 = 128 - 45
    !(((x & LOW) + ADD) | x) & TOP
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::text::PhysicalLines;
    use proptest::prelude::*;

    /// A source that gives its bytes in pieces of the given sizes, in turn.
    struct Pieces<'a> {
        bytes: &'a [u8],
        sizes: Vec<usize>,
        turn: usize,
    }

    impl Read for Pieces<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let size = self.sizes[self.turn % self.sizes.len()].max(1);
            self.turn += 1;
            let n = size.min(buf.len()).min(self.bytes.len());
            buf[..n].copy_from_slice(&self.bytes[..n]);
            self.bytes = &self.bytes[n..];
            Ok(n)
        }
    }

    type Records = Vec<(u64, Vec<Vec<u8>>)>;

    /// The records of `bytes` and their lines as the `csv` crate reads them (the reader
    /// the exchange format used before this one), lines by [`PhysicalLines`].
    fn by_the_csv_crate(bytes: &[u8]) -> Records {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(PhysicalLines::new(bytes));
        let mut rec = csv::ByteRecord::new();
        let mut out = Vec::new();
        while reader.read_byte_record(&mut rec).unwrap_or(false) {
            let line = reader.get_mut().of(rec.position());
            out.push((line, rec.iter().map(<[u8]>::to_vec).collect()));
        }
        out
    }

    fn by_this_reader(bytes: &[u8], sizes: Vec<usize>, buffer: usize) -> Records {
        let turn = 0;
        let source = Pieces { bytes, sizes, turn };
        let mut reader = CsvReader::with_buffer(source, buffer);
        let mut rec = CsvRecord::default();
        let mut out = Vec::new();
        while let Ok(Some(line)) = reader.read(&mut rec) {
            let cells = reader.cells(&rec);
            // The record's text, whether or not the split saw it to be ASCII, is what
            // its bytes say.
            assert_eq!(cells.text(), std::str::from_utf8(cells.bytes).ok());
            out.push((line, cells.iter().map(<[u8]>::to_vec).collect()));
        }
        assert!(reader.is_done());
        out
    }

    #[test]
    fn plain_lines_quoted_cells_and_every_line_ending() {
        // Line 1: plain; 2: CRLF; 3 blank; 4: a quoted cell with a comma, an escaped
        // quote and a line break inside (so the record spans lines 4-5); 6: a lone CR
        // ends "e" and "f" starts on the same physical line; the last has no line end.
        let bytes = b"a,b\r\nc,d\n\n\"x,\"\"y\"\"\nz\",w\ne\rf,,\n\xc3\xa9,g";
        let want: Records = vec![
            (1, vec![b"a".to_vec(), b"b".to_vec()]),
            (2, vec![b"c".to_vec(), b"d".to_vec()]),
            (4, vec![b"x,\"y\"\nz".to_vec(), b"w".to_vec()]),
            (6, vec![b"e".to_vec()]),
            (6, vec![b"f".to_vec(), vec![], vec![]]),
            (7, vec!["é".as_bytes().to_vec(), b"g".to_vec()]),
        ];
        assert_eq!(by_the_csv_crate(bytes), want);
        for buffer in [1, 2, 3, 5, 8, 64, BUFFER] {
            assert_eq!(
                by_this_reader(bytes, vec![usize::MAX], buffer),
                want,
                "{buffer}"
            );
            assert_eq!(
                by_this_reader(bytes, vec![1, 2, 7], buffer),
                want,
                "{buffer}"
            );
        }
    }

    #[test]
    fn a_byte_order_mark_is_skipped_at_the_start_only() {
        let bytes = b"\xef\xbb\xbfa,b\n\xef\xbb\xbfc\n";
        let want: Records = vec![
            (1, vec![b"a".to_vec(), b"b".to_vec()]),
            (2, vec![b"\xef\xbb\xbfc".to_vec()]),
        ];
        assert_eq!(by_the_csv_crate(bytes), want);
        assert_eq!(by_this_reader(bytes, vec![1], 4), want);
        // After a blank line, the record is on line 2.
        let bytes = b"\xef\xbb\xbf\na";
        assert_eq!(
            by_this_reader(bytes, vec![9], 8),
            vec![(2, vec![b"a".to_vec()])]
        );
    }

    /// A plain line is known to be ASCII when every byte of it is and its end lies in a
    /// whole word of the buffer; a byte above 0x7f anywhere in the line (even in the
    /// word where it ends, or only in the next line's bytes of that word), a quoted
    /// record or a line that ends after the buffer's last whole word is not.
    #[test]
    fn only_a_plain_ascii_line_skips_the_utf8_check() {
        let bytes =
            "abcdefgh,ijkl\np,q\nr\u{e9}\nmnopqr\u{e9}s,t\nuv\u{e9}\n\"w\",x\nyz,0\nend".as_bytes();
        let source = Pieces {
            bytes,
            sizes: vec![usize::MAX],
            turn: 0,
        };
        let mut reader = CsvReader::new(source);
        let mut rec = CsvRecord::default();
        let mut seen = Vec::new();
        while let Ok(Some(_)) = reader.read(&mut rec) {
            let cells = reader.cells(&rec);
            seen.push((
                cells.iter().next().unwrap_or_default().to_vec(),
                cells.ascii,
            ));
        }
        let first = |s: &str| s.as_bytes().to_vec();
        assert_eq!(
            seen,
            vec![
                // Its end is in the second word, whose next-line bytes are ASCII too.
                (first("abcdefgh"), true),
                // ASCII, but the next line's bytes in its word are not.
                (first("p"), false),
                (first("r\u{e9}"), false),
                (first("mnopqr\u{e9}s"), false),
                (first("uv\u{e9}"), false),
                (first("w"), false),
                (first("yz"), true),
                // After the last whole word of the buffer.
                (first("end"), false),
            ]
        );
    }

    /// Every byte value in every place of a word, among neighbours of every kind: the
    /// mask marks exactly the bytes at most `,`.
    #[test]
    fn below_comma_marks_exactly_the_bytes_up_to_a_comma() {
        for b in 0..=255u8 {
            for place in 0..8 {
                for fill in [0u8, b',', b'-', 0x7f, 0x80, 0xff] {
                    let mut word = [fill; 8];
                    word[place] = b;
                    let mask = below_comma(word_of(&word));
                    for (k, &w) in word.iter().enumerate() {
                        let marked = mask & (0x80 << (8 * k)) != 0;
                        assert_eq!(marked, w <= b',', "byte {w:#x} at {k} of {word:x?}");
                    }
                    assert_eq!(mask & !0x8080_8080_8080_8080, 0);
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// The same records, cells and lines as the `csv` crate, for any bytes of the
        /// characters that matter to CSV (and a multi-byte one), read in any pieces
        /// through any buffer (down to one byte, so that lines are longer than it).
        #[test]
        fn the_records_and_lines_are_the_csv_crates(
            parts in proptest::collection::vec(
                prop_oneof![
                    Just(&b"a"[..]), Just(&b"bc"[..]), Just(&b","[..]), Just(&b"\""[..]),
                    Just(&b"\r"[..]), Just(&b"\n"[..]), Just(&b"\r\n"[..]),
                    Just(&b" "[..]), Just("é".as_bytes()), Just(&b"\xef\xbb\xbf"[..]),
                    Just(&b"defghijk"[..]), Just(&b"#"[..]),
                ],
                0..60,
            ),
            sizes in proptest::collection::vec(1usize..9, 1..4),
            buffer in prop_oneof![1usize..16, Just(BUFFER)],
        ) {
            let bytes = parts.concat();
            // One mark at the start is skipped. The reference reads the bytes after it
            // behind a blank line (one line less for each record): the `csv` crate
            // would skip a second mark too, and count the lines after a mark from
            // where the mark is, a line short when a blank line follows it.
            let after_mark = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
            let mut want = by_the_csv_crate(&[b"\n", after_mark].concat());
            want.iter_mut().for_each(|(line, _)| *line -= 1);
            prop_assert_eq!(by_this_reader(&bytes, sizes, buffer), want);
        }
    }
}
