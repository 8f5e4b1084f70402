//! The files of a bundle as its reading needs them: a name, a length, the bytes of a
//! table a buffer at a time (streamed: a table file is never needed whole), the other
//! files whole. A host that holds the files in memory as `(name, bytes)` lists has this
//! for free; the dashboard keeps the bytes where the browser read them (outside the
//! module's memory, which cannot grow past 4 GiB) and copies in a buffer at a time, so
//! that a million-invoice upload's ~120 MB of CSV never enter the module whole.

use std::borrow::Cow;
use std::io::Read;

use crate::ingest::imr::RESPONSE_ROOT_WITHIN;

/// The bytes at the start of a file that tell its kind ([`super::FileKind::of`] depends
/// on no later byte): the camt namespace within the first 600 bytes, a CODA header line
/// (128 bytes and its line break), an Invoice Response's root element within the first
/// [`RESPONSE_ROOT_WITHIN`] ([`crate::ingest::imr::is_response`]).
pub const KIND_HEAD: usize = RESPONSE_ROOT_WITHIN;

const _: () = assert!(KIND_HEAD >= super::CAMT_WITHIN && KIND_HEAD > 129);

/// The files of a bundle, by index in the order the user gave them.
pub trait BundleFiles: Clone {
    /// How many files there are.
    fn count(&self) -> usize;
    /// File `i`'s name as the user gave it.
    fn name(&self, i: usize) -> &str;
    /// File `i`'s length in bytes.
    fn size(&self, i: usize) -> u64;
    /// Copies file `i`'s bytes from `at` into `buf`: as many as fit or remain (none at
    /// or past the end); says how many.
    fn read_at(&self, i: usize, at: u64, buf: &mut [u8]) -> usize;
    /// File `i` whole: e-invoices, Invoice Responses, dunning histories, bank statements
    /// and foreign exports are read whole. Borrowed where the host holds it in memory.
    fn bytes(&self, i: usize) -> Cow<'_, [u8]>;
}

/// A list of `(name, bytes)` (a slice, a `Vec`, an `Arc<[_]>`) lends its files as they
/// are.
impl<F: AsRef<[(String, Vec<u8>)]> + Clone> BundleFiles for F {
    fn count(&self) -> usize {
        self.as_ref().len()
    }

    fn name(&self, i: usize) -> &str {
        &self.as_ref()[i].0
    }

    fn size(&self, i: usize) -> u64 {
        self.as_ref()[i].1.len() as u64
    }

    fn read_at(&self, i: usize, at: u64, buf: &mut [u8]) -> usize {
        let bytes = &self.as_ref()[i].1;
        let rest = usize::try_from(at)
            .ok()
            .and_then(|at| bytes.get(at..))
            .unwrap_or_default();
        let n = rest.len().min(buf.len());
        buf[..n].copy_from_slice(&rest[..n]);
        n
    }

    fn bytes(&self, i: usize) -> Cow<'_, [u8]> {
        Cow::Borrowed(&self.as_ref()[i].1)
    }
}

/// The first [`KIND_HEAD`] bytes of file `i` (all of a shorter file).
pub(super) fn head<F: BundleFiles>(files: &F, i: usize) -> Vec<u8> {
    let mut head = vec![0; KIND_HEAD];
    let n = files.read_at(i, 0, &mut head);
    head.truncate(n);
    head
}

/// One file of a bundle as a byte stream (a table's source while it is read).
pub(super) struct FileBytes<F> {
    pub(super) files: F,
    pub(super) index: usize,
    pub(super) at: u64,
}

impl<F: BundleFiles> Read for FileBytes<F> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.files.read_at(self.index, self.at, buf);
        self.at += n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_lends_its_files_from_any_offset() {
        let files = vec![
            ("a.csv".to_string(), b"hello".to_vec()),
            ("b.xml".to_string(), Vec::new()),
        ];
        assert_eq!(files.count(), 2);
        assert_eq!((files.name(0), files.size(0)), ("a.csv", 5));
        let mut buf = [0u8; 3];
        // Three of "hello" from 1, the two that remain from 3, none at or past the end.
        assert_eq!(files.read_at(0, 1, &mut buf), 3);
        assert_eq!(&buf, b"ell");
        assert_eq!(files.read_at(0, 3, &mut buf), 2);
        assert_eq!(&buf[..2], b"lo");
        assert_eq!(files.read_at(0, 5, &mut buf), 0);
        assert_eq!(files.read_at(0, u64::MAX, &mut buf), 0);
        assert_eq!(files.read_at(1, 0, &mut buf), 0);
        assert!(matches!(files.bytes(0), Cow::Borrowed(b"hello")));
    }

    #[test]
    fn a_stream_of_a_file_gives_every_byte_once() {
        let bytes: Vec<u8> = (0..=255u8).cycle().take(5000).collect();
        let files = [("t.csv".to_string(), bytes.clone())];
        let mut stream = FileBytes {
            files: &files[..],
            index: 0,
            at: 0,
        };
        let mut out = Vec::new();
        let mut buf = [0u8; 333];
        loop {
            let n = stream.read(&mut buf).unwrap();
            if n == 0 {
                break;
            }
            out.extend_from_slice(&buf[..n]);
        }
        assert_eq!(out, bytes);
        assert_eq!(head(&&files[..], 0), bytes[..KIND_HEAD]);
    }
}
