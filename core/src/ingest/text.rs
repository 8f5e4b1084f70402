//! A CSV file's bytes before the CSV reader sees them, and the physical lines its rows
//! are on.
//!
//! - UTF-8, with or without a byte-order mark, is read as it is.
//! - UTF-16 with a byte-order mark (what Excel saves as "Unicode text") is transcoded to
//!   UTF-8 (`encoding_rs`); line breaks survive, so line numbers stay physical.
//! - A file that starts like UTF-16 without a byte-order mark (a NUL byte beside most
//!   characters) is refused with that cause instead of being read as garbage. A NUL
//!   byte here and there (a damaged export) is no sign of it: the rows whose cells hold
//!   one are refused, each with its line and column ([`NUL_IN_CELL`]).
//! - A cell that is not UTF-8 is reported with how it reads as Windows-1252, the
//!   encoding Excel uses on Dutch and French Windows, and how to read it: saved as
//!   "CSV UTF-8", or through a column mapping that declares its `encoding` ([`decoded`]).

use std::borrow::Cow;
use std::io::{self, Cursor, Read};

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// How a file starts, from its first bytes: UTF-8 (after a byte-order mark of `bom`
/// bytes, or none), or another encoding announced by its mark.
enum Start {
    Utf8 { bom: usize },
    Decode { enc: &'static Encoding, bom: usize },
}

/// What the first bytes of a file (`head`) say about its encoding, or why it cannot be
/// read: UTF-16 without its byte-order mark ([`looks_like_utf16`]).
fn start_of(head: &[u8]) -> Result<Start, String> {
    match Encoding::for_bom(head) {
        Some((enc, bom)) if enc == UTF_8 => Ok(Start::Utf8 { bom }),
        Some((enc, bom)) => Ok(Start::Decode { enc, bom }),
        None if looks_like_utf16(head) => Err(
            "the file has NUL bytes: it looks like UTF-16 without a byte-order mark; save it as \"CSV UTF-8\" (or as Unicode text, which has the mark)"
                .into(),
        ),
        None if mostly_nul(head) => Err(
            "the file starts with NUL bytes (0x00), which no text has: it is damaged, or it is not a CSV file"
                .into(),
        ),
        None => Ok(Start::Utf8 { bom: 0 }),
    }
}

/// The bytes at the start of a file that [`looks_like_utf16`] looks at: the header line
/// of every format, and more.
const UTF16_SIGNS_WITHIN: usize = 256;

/// Whether a file starting with `head` looks like UTF-16 without a byte-order mark. In
/// UTF-16 every character below U+0100 (the header's names, the commas, the digits) is
/// that byte beside a NUL, on the same side of each byte pair (after it in UTF-16LE,
/// before it in UTF-16BE). So in the first [`UTF16_SIGNS_WITHIN`] bytes, at least one
/// pair in four has a NUL on one side, and at most a quarter as many on the other. A
/// UTF-8 file with a NUL byte here and there does not look so.
fn looks_like_utf16(head: &[u8]) -> bool {
    let sample = &head[..head.len().min(UTF16_SIGNS_WITHIN)];
    let (mut first, mut second) = (0usize, 0usize);
    for pair in sample.chunks(2) {
        first += usize::from(pair[0] == 0);
        second += usize::from(pair.get(1) == Some(&0));
    }
    let pairs = sample.len().div_ceil(2);
    let (most, least) = (first.max(second), first.min(second));
    most > 0 && most * 4 >= pairs && least * 4 <= most
}

/// Whether at least a quarter of the first [`UTF16_SIGNS_WITHIN`] bytes of `head` are
/// NUL bytes, on both sides of the byte pairs (not UTF-16: [`looks_like_utf16`]): a file
/// of zeros, or another kind of file, which no row of would read.
fn mostly_nul(head: &[u8]) -> bool {
    let sample = &head[..head.len().min(UTF16_SIGNS_WITHIN)];
    sample.iter().filter(|&&b| b == 0).count() * 4 >= sample.len().max(1)
}

/// Why a row whose cell (in a column the format reads) holds a NUL byte is refused: no
/// text has one, and a CSV reader would keep it in the text (a name on a letter, an id
/// that matches nothing).
pub(crate) const NUL_IN_CELL: &str = "cell has a NUL byte (0x00), which no text has: the file is damaged, or part of it is UTF-16 text; save it as \"CSV UTF-8\"";

/// Whether `cell` holds a NUL byte ([`NUL_IN_CELL`]).
#[inline]
pub(crate) fn has_nul(cell: &[u8]) -> bool {
    memchr::memchr(0, cell).is_some()
}

/// `bytes` (after a byte-order mark) in `enc`, as UTF-8.
fn decode(enc: &'static Encoding, bytes: &[u8]) -> Result<Vec<u8>, String> {
    enc.decode_without_bom_handling_and_without_replacement(bytes)
        .map(|text| text.into_owned().into_bytes())
        .ok_or_else(|| {
            format!(
                "not valid {} although it starts with its byte-order mark",
                enc.name()
            )
        })
}

/// `bytes` as UTF-8 without a byte-order mark, or why the file cannot be read.
pub(crate) fn as_utf8(bytes: &[u8]) -> Result<Cow<'_, [u8]>, String> {
    match start_of(bytes)? {
        Start::Utf8 { bom } => Ok(Cow::Borrowed(&bytes[bom..])),
        Start::Decode { enc, bom } => decode(enc, &bytes[bom..]).map(Cow::Owned),
    }
}

/// How much of a file [`Utf8Source`] looks at before reading on: enough for the
/// encoding's signs, the header line and a sample of rows.
pub(crate) const HEAD_BYTES: usize = 64 << 10;

/// A file's bytes as UTF-8 without a byte-order mark, read as the CSV reader asks for
/// them: the stream form of [`as_utf8`], so that a large file is never all in memory.
/// UTF-8 passes through; a UTF-16 file (rare, and what Excel's "Unicode text" is) is
/// read whole and transcoded.
pub(crate) enum Utf8Source<S> {
    /// UTF-8: the first bytes (mark skipped), then the rest of the source.
    Plain(io::Chain<Cursor<Vec<u8>>, S>),
    /// Transcoded in memory.
    Decoded(Cursor<Vec<u8>>),
}

impl<S: Read> Utf8Source<S> {
    /// Reads the first [`HEAD_BYTES`] of `source` and decides how to read the rest; an
    /// error says why the file cannot be read (a read error, or the encoding).
    pub(crate) fn new(mut source: S) -> Result<Utf8Source<S>, String> {
        let mut head = Vec::with_capacity(HEAD_BYTES);
        (&mut source)
            .take(HEAD_BYTES as u64)
            .read_to_end(&mut head)
            .map_err(|e| format!("could not be read: {e}"))?;
        match start_of(&head)? {
            Start::Utf8 { bom } => {
                let mut first = Cursor::new(head);
                first.set_position(bom as u64);
                Ok(Utf8Source::Plain(first.chain(source)))
            }
            Start::Decode { enc, bom } => {
                source
                    .read_to_end(&mut head)
                    .map_err(|e| format!("could not be read: {e}"))?;
                decode(enc, &head[bom..]).map(|b| Utf8Source::Decoded(Cursor::new(b)))
            }
        }
    }

    /// The first bytes of the UTF-8 text (at most [`HEAD_BYTES`], fewer when the file
    /// is shorter), whatever has been read since.
    pub(crate) fn head(&self) -> &[u8] {
        match self {
            Utf8Source::Plain(c) => {
                let first = c.get_ref().0;
                &first.get_ref()[(first.position() as usize).min(first.get_ref().len())..]
            }
            Utf8Source::Decoded(c) => &c.get_ref()[..c.get_ref().len().min(HEAD_BYTES)],
        }
    }

    /// The number of UTF-8 bytes to expect from a file of `size` bytes: exact for a
    /// transcoded file, `size` less the mark otherwise.
    pub(crate) fn expected_len(&self, size: u64) -> u64 {
        match self {
            Utf8Source::Plain(c) => size.saturating_sub(c.get_ref().0.position()),
            Utf8Source::Decoded(c) => c.get_ref().len() as u64,
        }
    }
}

impl<S: Read> Read for Utf8Source<S> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Utf8Source::Plain(r) => r.read(buf),
            Utf8Source::Decoded(r) => r.read(buf),
        }
    }
}

/// `bytes` in the `declared` encoding (a column mapping's), as UTF-8: a byte-order mark
/// in the file takes precedence ([`as_utf8`]).
pub(crate) fn decoded<'a>(
    bytes: &'a [u8],
    declared: &'static Encoding,
) -> Result<Cow<'a, [u8]>, String> {
    if declared == UTF_8 || Encoding::for_bom(bytes).is_some() {
        return as_utf8(bytes);
    }
    let (text, _) = declared.decode_without_bom_handling(bytes);
    Ok(match text {
        Cow::Borrowed(t) => Cow::Borrowed(t.as_bytes()),
        Cow::Owned(t) => Cow::Owned(t.into_bytes()),
    })
}

/// The encoding a WHATWG `label` names, if its line breaks are ASCII (UTF-16 is read
/// from its byte-order mark instead).
pub(crate) fn encoding(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label(label.trim().as_bytes()).filter(|e| e.is_ascii_compatible())
}

/// `bytes`, which the user says are in the encoding `label` (a WHATWG label such as
/// `windows-1252`), as UTF-8: what a host does with files declared to be in an encoding
/// (the CLI's `--encoding`; a column mapping's `encoding` does the same). A byte-order
/// mark in the file takes precedence; line breaks survive, so line numbers stay
/// physical. An unknown label, or one of an encoding that is not ASCII-compatible, is
/// an error naming it.
pub fn transcode<'a>(bytes: &'a [u8], label: &str) -> Result<Cow<'a, [u8]>, String> {
    let declared = encoding(label).ok_or_else(|| {
        format!(
            "unknown or unsupported encoding {label:?}: use an ASCII-compatible WHATWG label such as windows-1252 or iso-8859-15"
        )
    })?;
    decoded(bytes, declared)
}

/// Why `cell` is refused: not UTF-8, with how it reads as Windows-1252 and what to do.
pub(crate) fn not_utf8(cell: &[u8]) -> String {
    let (as_1252, _, _) = WINDOWS_1252.decode(cell);
    format!(
        "cell is not valid UTF-8 (as Windows-1252 it reads {:?}: save the file as \"CSV UTF-8\", or read it with a column mapping whose encoding is windows-1252)",
        as_1252.trim()
    )
}

/// A hint for a header that lacks the `required` columns when it is split at `,`: the
/// delimiter (`;` or a tab) that does give them, if one does.
pub(crate) fn delimiter_hint(header_line: &[u8], required: &[&str]) -> Option<String> {
    let line = String::from_utf8_lossy(header_line);
    [(';', "';'"), ('\t', "a tab")]
        .into_iter()
        .find(|(d, _)| {
            let names: Vec<&str> = line
                .split(*d)
                .map(|h| h.trim().trim_start_matches('\u{feff}').trim_matches('"'))
                .collect();
            required.iter().all(|r| names.contains(r))
        })
        .map(|(_, name)| {
            format!(
                "the header's columns are separated by {name}: save the file with commas, or read it with a column mapping whose delimiter is {name}"
            )
        })
}

/// `cell` without surrounding white space ([`str::trim`]), checking its two end bytes
/// first: a cell that starts and ends with a printable ASCII character (nearly every
/// cell) is returned as it is, without `trim`'s decoding of a character at each end.
///
/// The other cells are trimmed out of line, and what comes back is where the trimmed
/// text starts and ends, not the trimmed `&str` itself. In WebAssembly a returned `&str`
/// comes back through memory, and taking `trim`'s result as it is made the compiler keep
/// every cell, trimmed or not, in that memory and read it back as one 8-byte word just
/// after writing it as two 4-byte ones — a load the processor cannot forward from those
/// stores, waited for on every cell of every row: half of the page's time in the table
/// reader's step (BENCHMARKS.md, issue 15, seventeenth pass).
#[inline]
pub(crate) fn trimmed(cell: &str) -> &str {
    let bare = |b: Option<&u8>| b.is_none_or(|&b| b.is_ascii_graphic());
    let bytes = cell.as_bytes();
    if bare(bytes.first()) && bare(bytes.last()) {
        return cell;
    }
    let (start, end) = trim_bounds(cell);
    cell.get(start..end).unwrap_or(cell)
}

/// Where `cell.trim()` starts and ends within `cell` (byte offsets).
#[inline(never)]
fn trim_bounds(cell: &str) -> (usize, usize) {
    let t = cell.trim();
    let start = t.as_ptr() as usize - cell.as_ptr() as usize;
    (start, start + t.len())
}

/// The bytes a CSV reader reads, passed through from `source`, and the physical line of
/// each record it returns: the reader's line at the record's offset (it counts every
/// `\n` it consumes) plus the line breaks between that offset and the record's first
/// byte (the reader's record starts where the previous one ended, which after a `\r\n`
/// or blank lines is that many lines short). Offsets only grow, and only the bytes since
/// the last record asked about are kept (the file is never all in memory).
pub(crate) struct PhysicalLines<S> {
    source: S,
    /// Bytes read from `source` from offset `base` on.
    window: Vec<u8>,
    base: u64,
    /// Bytes of `window` already counted; `line` is the line at that point.
    counted: usize,
    line: u64,
}

impl<S: Read> Read for PhysicalLines<S> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.source.read(buf)?;
        self.window.extend_from_slice(&buf[..n]);
        Ok(n)
    }
}

impl<S> PhysicalLines<S> {
    /// Lines of what `source` gives, the first one line 1.
    pub(crate) fn new(source: S) -> PhysicalLines<S> {
        PhysicalLines {
            source,
            window: Vec::new(),
            base: 0,
            counted: 0,
            line: 1,
        }
    }

    /// The line the bytes read so far end on (where a read error stopped the reader).
    pub(crate) fn line_at_end(&self) -> u64 {
        self.line + memchr::memchr_iter(b'\n', &self.window[self.counted..]).count() as u64
    }

    /// The line of the record the reader says starts at `position` (its first byte that is
    /// not a line break left from the record before). Positions must not go back (the
    /// reader's records do not); one before the last asked about gets that record's line.
    pub(crate) fn of(&mut self, position: Option<&csv::Position>) -> u64 {
        let Some(p) = position else { return 0 };
        let len = self.window.len();
        let Some(mut start) = p
            .byte()
            .checked_sub(self.base)
            .map(|r| usize::try_from(r).unwrap_or(usize::MAX).min(len))
        else {
            return self.line;
        };
        let at = start;
        while start < len && matches!(self.window[start], b'\r' | b'\n') {
            start += 1;
        }
        if start <= self.counted {
            return self.line;
        }
        // The reader counts every `\n` it consumes, so `p.line()` is the line at `at`;
        // only the line breaks left before the record are counted here.
        let breaks = self.window[at..start]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.line = p.line() + breaks as u64;
        self.counted = start;
        // Forget what is counted once it is most of the window (amortised: each byte is
        // moved at most once more).
        if self.counted >= HEAD_BYTES && self.counted * 2 >= len {
            self.window.drain(..self.counted);
            self.base += self.counted as u64;
            self.counted = 0;
        }
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trimmed_is_trim() {
        // Printable ASCII at both ends (kept as is), ASCII and Unicode white space at
        // either end (no-break space U+00A0, ideographic space U+3000, next line U+0085),
        // a control character that is not white space, empty and all-space cells.
        for cell in [
            "INV1",
            "a b",
            " a",
            "a ",
            "\ta\r\n",
            "\u{a0}a",
            "a\u{3000}",
            "\u{85}a\u{85}",
            "\u{1}a\u{1}",
            "é",
            "",
            " ",
            "\u{a0}",
            "a\u{200b}",
        ] {
            assert_eq!(trimmed(cell), cell.trim(), "{cell:?}");
        }
    }

    #[test]
    fn utf16_with_a_mark_is_transcoded_and_nul_bytes_without_one_are_refused() {
        // "a,b\n" in UTF-16LE and UTF-16BE with their marks.
        let le = [0xFF, 0xFE, b'a', 0, b',', 0, b'b', 0, b'\n', 0];
        let be = [0xFE, 0xFF, 0, b'a', 0, b',', 0, b'b', 0, b'\n'];
        assert_eq!(as_utf8(&le).unwrap().as_ref(), b"a,b\n");
        assert_eq!(as_utf8(&be).unwrap().as_ref(), b"a,b\n");
        assert_eq!(as_utf8(b"\xEF\xBB\xBFa,b\n").unwrap().as_ref(), b"a,b\n");
        assert!(
            as_utf8(&le[2..])
                .unwrap_err()
                .contains("UTF-16 without a byte-order mark")
        );
        // An unpaired surrogate (0xD800) after the mark.
        assert!(
            as_utf8(&[0xFF, 0xFE, 0x00, 0xD8])
                .unwrap_err()
                .contains("not valid UTF-16LE")
        );
    }

    #[test]
    fn utf16_without_its_mark_is_told_from_a_nul_here_and_there() {
        let header = "customer_id,name,segment,sector,credit_limit,customer_since,language,b2c\n";
        // Rows of Chinese names after the ASCII header: their characters have no NUL.
        let text = format!(
            "{header}{}",
            "K1,\u{674e}\u{660e}\u{534e},S1,,,2020-01-01,,false\n".repeat(40)
        );
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert!(looks_like_utf16(&le) && looks_like_utf16(&be));
        assert!(looks_like_utf16(&le[..4]), "\"cu\" alone");
        // UTF-8 with a NUL in the header, in the first row and in a few more: not UTF-16.
        let mut damaged = text.clone().into_bytes();
        for at in [3, 90, 100, 150, 200, 250] {
            damaged[at] = 0;
        }
        assert!(!looks_like_utf16(&damaged));
        assert!(as_utf8(&damaged).is_ok());
        assert!(!looks_like_utf16(b"") && !looks_like_utf16(header.as_bytes()));
        // NUL bytes on both sides of the pairs (a file of zeros) are no UTF-16 text, and
        // no text at all.
        assert!(!looks_like_utf16(&[0; 64]));
        assert!(
            as_utf8(&[0; 64])
                .unwrap_err()
                .contains("starts with NUL bytes")
        );
    }

    #[test]
    fn the_line_counter_keeps_only_the_bytes_since_the_last_record() {
        // 100 000 records of 11 bytes (1.1 MB), one with a quoted line break: each record's
        // line is right, and the bytes kept stay under 64 KiB + the reader's buffer + the
        // bytes counted since the last forgetting (at most as many again): < 3 × 64 KiB.
        let mut text = String::new();
        for k in 0..100_000 {
            text += &if k == 50_000 {
                "\"a\nb\",1234\n".to_string()
            } else {
                format!("{k:06},123\n")
            };
        }
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(PhysicalLines::new(text.as_bytes()));
        let mut rec = csv::ByteRecord::new();
        let (mut k, mut largest) = (0u64, 0usize);
        while reader.read_byte_record(&mut rec).unwrap() {
            let line = reader.get_mut().of(rec.position());
            assert_eq!(line, if k <= 50_000 { k + 1 } else { k + 2 }, "record {k}");
            largest = largest.max(reader.get_ref().window.len());
            k += 1;
        }
        assert_eq!(k, 100_000);
        assert!(largest < 3 * HEAD_BYTES, "{largest}");
        assert_eq!(reader.get_ref().line_at_end(), 100_002);
    }

    #[test]
    fn hints_name_the_encoding_and_the_delimiter() {
        assert_eq!(
            not_utf8(b"Caf\xe9 De Hoek"),
            "cell is not valid UTF-8 (as Windows-1252 it reads \"Café De Hoek\": save the file as \"CSV UTF-8\", or read it with a column mapping whose encoding is windows-1252)"
        );
        let hint = delimiter_hint(b"customer_id;name;x\r\n", &["customer_id", "name"]).unwrap();
        assert!(hint.contains("separated by ';'"), "{hint}");
        assert!(
            delimiter_hint(b"id\tname", &["id", "name"])
                .unwrap()
                .contains("a tab")
        );
        assert_eq!(
            delimiter_hint(b"customer_id,name", &["customer_id", "segment"]),
            None
        );
    }
}
