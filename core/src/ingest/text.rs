//! A CSV file's bytes before the CSV reader sees them, and the physical lines its rows
//! are on.
//!
//! - UTF-8, with or without a byte-order mark, is read as it is.
//! - UTF-16 with a byte-order mark (what Excel saves as "Unicode text") is transcoded to
//!   UTF-8 (`encoding_rs`); line breaks survive, so line numbers stay physical.
//! - A file with NUL bytes and no byte-order mark is refused with the likely cause
//!   (UTF-16 without a mark) instead of being read as garbage.
//! - A cell that is not UTF-8 is reported with how it reads as Windows-1252, the
//!   encoding Excel uses on Dutch and French Windows, and how to read it: saved as
//!   "CSV UTF-8", or through a column mapping that declares its `encoding` ([`decoded`]).

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// `bytes` as UTF-8 without a byte-order mark, or why the file cannot be read.
pub(crate) fn as_utf8(bytes: &[u8]) -> Result<Cow<'_, [u8]>, String> {
    match Encoding::for_bom(bytes) {
        Some((enc, bom)) if enc == UTF_8 => Ok(Cow::Borrowed(&bytes[bom..])),
        Some((enc, bom)) => enc
            .decode_without_bom_handling_and_without_replacement(&bytes[bom..])
            .map(|text| Cow::Owned(text.into_owned().into_bytes()))
            .ok_or_else(|| format!("not valid {} although it starts with its byte-order mark", enc.name())),
        None if bytes.iter().take(4096).any(|&b| b == 0) => Err(
            "the file has NUL bytes: it looks like UTF-16 without a byte-order mark; save it as \"CSV UTF-8\" (or as Unicode text, which has the mark)"
                .into(),
        ),
        None => Ok(Cow::Borrowed(bytes)),
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

/// The physical line of each record the CSV reader returns: counted from its byte offset
/// (the reader counts a line per `\n` from where the previous record ended, which after
/// a `\r\n` is one line short). Offsets only grow, so each byte is counted once.
pub(crate) struct PhysicalLines<'a> {
    bytes: &'a [u8],
    at: usize,
    line: u64,
}

impl<'a> PhysicalLines<'a> {
    /// Lines of `bytes`, the first one line 1.
    pub(crate) fn new(bytes: &'a [u8]) -> PhysicalLines<'a> {
        PhysicalLines {
            bytes,
            at: 0,
            line: 1,
        }
    }

    /// The line of the record the reader says starts at `position` (its first byte that is
    /// not a line break left from the record before).
    pub(crate) fn of(&mut self, position: Option<&csv::Position>) -> u64 {
        let Some(p) = position else { return 0 };
        let mut start = usize::try_from(p.byte())
            .unwrap_or(usize::MAX)
            .min(self.bytes.len());
        while start < self.bytes.len() && matches!(self.bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        if start < self.at {
            (self.at, self.line) = (0, 1);
        }
        self.line += self.bytes[self.at..start]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
        self.at = start;
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
