//! [`Id`]: an id or a short code, kept in the row itself.
//!
//! A million invoices and a million payments hold five million ids; their rows are what
//! every workflow scans and every lookup confirms a candidate against, so the rows' size
//! decides how fast the engine reads, checks and computes (BENCHMARKS.md, issue 15: 48
//! bytes more a row made `rappel kpis` about 30 % slower on the 1 M portfolio). An `Id`
//! is 16 bytes and keeps up to 15 bytes of text in place — no heap allocation for any
//! invoice, customer or payment number in practice — on 64-bit targets and on wasm32
//! alike, and `Option<Id>` is 16 bytes too (an optional reference costs no more than a
//! required one).
//!
//! Why not a crate: `ecow::EcoString` (used before) is 16 bytes with 15 in place but
//! leaves no spare bit pattern, so `Option<EcoString>` takes 24; `compact_str` and
//! `smol_str` take 24 on 64-bit; `lean_string` is 16 on 64-bit but keeps only 8 bytes in
//! place on wasm32, so the page and the component would allocate for every 10-character
//! invoice number. None has all three properties; this type is the small part of them
//! the engine needs (an immutable string, built once, read many times).

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::Arc;

use serde::{Deserialize, Deserializer};

/// Bytes kept in place.
const INLINE: usize = 15;

/// An id or a short code (customer, invoice, payment and order numbers):
/// immutable text that reads, compares, orders, hashes, prints and serialises as the
/// `str` it holds. Up to 15 bytes in place, longer ones on the heap (shared by clones);
/// 16 bytes, and `Option<Id>` too.
#[derive(Clone)]
pub struct Id(Repr);

#[derive(Clone)]
enum Repr {
    /// `bytes[..len]` is the text, UTF-8 (the only ways in are [`Id::from`] of a `str`
    /// and the empty [`Id::new`]), and the bytes after it are zero.
    Inline { len: Len, bytes: [u8; INLINE] },
    /// Longer text. Thin (one pointer) so that the variant leaves the tag's spare
    /// values free for `Option`.
    Heap(Arc<Box<str>>),
}

/// The length of an inline id: 0..=15 and nothing else, so that the compiler has 240
/// spare values of this byte to tell the variants and `None` apart.
#[derive(Clone, Copy)]
#[repr(u8)]
#[rustfmt::skip]
enum Len { L0, L1, L2, L3, L4, L5, L6, L7, L8, L9, L10, L11, L12, L13, L14, L15 }

#[rustfmt::skip]
const LENS: [Len; INLINE + 1] = [
    Len::L0, Len::L1, Len::L2, Len::L3, Len::L4, Len::L5, Len::L6, Len::L7,
    Len::L8, Len::L9, Len::L10, Len::L11, Len::L12, Len::L13, Len::L14, Len::L15,
];

const _: () = assert!(std::mem::size_of::<Id>() == 16);
const _: () = assert!(std::mem::size_of::<Option<Id>>() == 16);

impl Id {
    /// The empty id.
    pub const fn new() -> Id {
        Id(Repr::Inline {
            len: Len::L0,
            bytes: [0; INLINE],
        })
    }

    /// The text.
    #[inline]
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Inline { len, bytes } => {
                let text = &bytes[..*len as usize];
                // SAFETY: `Repr::Inline` is only made by `Id::from(&str)`, which copies
                // the first `len` bytes from a `str` whole, and by `Id::new` with `len`
                // 0: they are valid UTF-8, and nothing changes them afterwards (the type
                // has no mutation).
                unsafe { std::str::from_utf8_unchecked(text) }
            }
            Repr::Heap(text) => text,
        }
    }
}

impl Default for Id {
    fn default() -> Id {
        Id::new()
    }
}

impl From<&str> for Id {
    #[inline]
    fn from(s: &str) -> Id {
        match LENS.get(s.len()) {
            Some(&len) => Id(Repr::Inline {
                len,
                bytes: inline_bytes(s.as_bytes()),
            }),
            None => Id(Repr::Heap(Arc::new(s.into()))),
        }
    }
}

/// `s` (at most [`INLINE`] bytes) at the start of zeroed bytes, gathered in a register
/// from two loads of a fixed size that overlap (8, 4 or 1 bytes each, from the start
/// and from the end; bytes read twice are the same bytes, so or-ing them is exact): a
/// copy of `s.len()` bytes is a `memcpy` call for every id read (natively a library
/// call, in WebAssembly a `memory.copy` the runtime performs out of line), and copies
/// into the array that overlap stall the load of the whole id that follows.
#[inline]
fn inline_bytes(s: &[u8]) -> [u8; INLINE] {
    let n = s.len();
    let le = |at: usize, w: usize| -> u64 {
        let mut b = [0; 8];
        b[..w].copy_from_slice(&s[at..at + w]);
        u64::from_le_bytes(b)
    };
    // The first eight bytes and the next seven, each in a `u64` (shifts of 128-bit
    // values are library calls in WebAssembly).
    let (low, high) = match n {
        8.. => {
            let (head, tail, k) = (le(0, 8), le(n - 8, 8), 8 * (n - 8));
            let high = if k == 0 { 0 } else { tail >> (64 - k) };
            (head | tail << k, high)
        }
        4..8 => (le(0, 4) | le(n - 4, 4) << (8 * (n - 4)), 0),
        1..4 => (
            le(0, 1) | le(n / 2, 1) << (8 * (n / 2)) | le(n - 1, 1) << (8 * (n - 1)),
            0,
        ),
        _ => (0, 0),
    };
    let mut bytes = [0; INLINE];
    bytes[..8].copy_from_slice(&low.to_le_bytes());
    bytes[8..].copy_from_slice(&high.to_le_bytes()[..INLINE - 8]);
    bytes
}

/// Whether `a` and `b` are the same text. Ids of 4 to 16 bytes (every invoice, customer
/// and payment number in practice) are compared as two words that overlap (4 or 8 bytes
/// each, from the start and from the end), and of 1 to 3 bytes (short codes) byte by
/// byte: `==` on two slices calls `memcmp` for every
/// candidate a lookup confirms (natively a library call, 4 % of `rappel kpis`; in
/// WebAssembly a loop a byte). Every comparison of ids goes through here, and the XML
/// readers' comparison of an element's name (`ubl::is_element_named`).
#[inline]
pub(crate) fn same_text(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let n = a.len();
    if n != b.len() {
        return false;
    }
    match n {
        8..=16 => word::<8>(a, 0) == word::<8>(b, 0) && word::<8>(a, n - 8) == word::<8>(b, n - 8),
        4..8 => word::<4>(a, 0) == word::<4>(b, 0) && word::<4>(a, n - 4) == word::<4>(b, n - 4),
        // A currency code: its first, middle and last bytes are all of its bytes.
        1..4 => a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1],
        0 => true,
        _ => a == b,
    }
}

/// The `W` bytes of `s` from `at`.
#[inline]
fn word<const W: usize>(s: &[u8], at: usize) -> [u8; W] {
    let mut w = [0; W];
    w.copy_from_slice(&s[at..at + W]);
    w
}

impl From<String> for Id {
    fn from(s: String) -> Id {
        if s.len() <= INLINE {
            Id::from(s.as_str())
        } else {
            Id(Repr::Heap(Arc::new(s.into_boxed_str())))
        }
    }
}

impl From<&String> for Id {
    fn from(s: &String) -> Id {
        Id::from(s.as_str())
    }
}

impl From<Id> for String {
    fn from(id: Id) -> String {
        id.as_str().to_string()
    }
}

impl Deref for Id {
    type Target = str;
    #[inline]
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Id {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for Id {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for Id {
    #[inline]
    fn eq(&self, other: &Id) -> bool {
        same_text(self.as_str(), other.as_str())
    }
}

impl Eq for Id {}

impl PartialOrd for Id {
    fn partial_cmp(&self, other: &Id) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Id {
    fn cmp(&self, other: &Id) -> Ordering {
        self.as_str().cmp(other.as_str())
    }
}

/// Hashes as its `str` does, so that a map keyed by ids is looked up by `&str`.
impl Hash for Id {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

/// `id == "INV1"` and the like, in both directions, for the text types.
macro_rules! eq_text {
    ($($t:ty),*) => {$(
        impl PartialEq<$t> for Id {
            fn eq(&self, other: &$t) -> bool {
                same_text(self.as_str(), AsRef::<str>::as_ref(other))
            }
        }
        impl PartialEq<Id> for $t {
            fn eq(&self, other: &Id) -> bool {
                same_text(AsRef::<str>::as_ref(self), other.as_str())
            }
        }
    )*};
}

eq_text!(str, &str, String);

/// Prints (`{}` and `{:?}`) and serialises a type of immutable text exactly as the
/// `str` its `as_str` gives: [`Id`] and [`super::LongText`].
macro_rules! shown_as_text {
    ($($t:ty),* $(,)?) => {$(
        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Display::fmt(self.as_str(), f)
            }
        }
        impl std::fmt::Debug for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Debug::fmt(self.as_str(), f)
            }
        }
        impl serde::Serialize for $t {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    )*};
}
pub(super) use shown_as_text;

shown_as_text!(Id);

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Id, D::Error> {
        struct Text;
        impl serde::de::Visitor<'_> for Text {
            type Value = Id;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Id, E> {
                Ok(Id::from(s))
            }
            fn visit_string<E: serde::de::Error>(self, s: String) -> Result<Id, E> {
                Ok(Id::from(s))
            }
        }
        d.deserialize_str(Text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn ids_of_every_length_read_back_as_given_and_compare_as_their_text() {
        // 0, 1, 14, 15 (the most in place), 16 and 40 bytes (on the heap), a multi-byte
        // character across the 15-byte boundary (2 + 12 + 2 = 16 bytes) and a NUL.
        let texts = [
            "",
            "A",
            "INV00000000001",
            "INV000000000001",
            "INV0000000000012",
            "INV000000000001-and-a-long-suffix-to-40b",
            "\u{e9}INV00000000000\u{e9}",
            "A\0",
        ];
        let ids: Vec<Id> = texts.iter().map(|t| Id::from(*t)).collect();
        for (id, t) in ids.iter().zip(texts) {
            assert_eq!(id.as_str(), t);
            assert_eq!(id.len(), t.len());
            assert_eq!(Id::from(t.to_string()), *id);
            assert_eq!(id.clone(), *id);
            // Compared with each text type, on either side.
            assert_eq!(*id, t);
            assert_eq!(t, *id);
            assert_eq!(*id, *t);
            assert_eq!(*id, t.to_string());
            assert_eq!(t.to_string(), *id);
            assert_eq!(format!("{id}|{id:?}"), format!("{t}|{t:?}"));
            assert_eq!(String::from(id.clone()), t);
        }
        // Ordered as their text, whether in place or not.
        let mut sorted = ids.clone();
        sorted.sort();
        let mut by_text = texts.to_vec();
        by_text.sort();
        assert_eq!(sorted.iter().map(Id::as_str).collect::<Vec<_>>(), by_text);
        assert_ne!(Id::from("A"), Id::from("A\0"));
        assert_eq!(Id::default(), Id::from(""));
    }

    #[test]
    fn every_length_in_place_keeps_its_bytes_and_zeroes_the_rest() {
        // Each length 0..=15 (the copies of 1, 2, 4 and 8 bytes overlap differently for
        // each), and 16..=20 on the heap; bytes differ at every position.
        let all = "0123456789abcdefghij";
        for n in 0..=all.len() {
            let t = &all[..n];
            let id = Id::from(t);
            assert_eq!(id.as_str(), t, "length {n}");
            if let Repr::Inline { len, bytes } = &id.0 {
                assert_eq!(*len as usize, n);
                assert!(bytes[n..].iter().all(|&b| b == 0), "length {n}: {bytes:?}");
            } else {
                assert!(n > INLINE, "length {n} on the heap");
            }
            for k in 0..n {
                let mut other = t.as_bytes().to_vec();
                other[k] = b'_';
                let other = String::from_utf8(other).unwrap();
                assert_ne!(Id::from(other.as_str()), id, "length {n}, byte {k}");
            }
        }
    }

    #[test]
    fn texts_are_the_same_only_when_every_byte_is() {
        // Every pair of lengths 0..=20 (the word comparisons cover 4..=16), and for equal
        // lengths a difference at each position.
        let all = "0123456789abcdefghij";
        for n in 0..=all.len() {
            for m in 0..=all.len() {
                assert_eq!(same_text(&all[..n], &all[..m]), n == m, "{n} {m}");
            }
            for k in 0..n {
                let mut other = all.as_bytes()[..n].to_vec();
                other[k] ^= 1;
                let other = String::from_utf8(other).unwrap();
                assert!(!same_text(&all[..n], &other), "length {n}, byte {k}");
            }
        }
    }

    #[test]
    fn a_map_keyed_by_ids_is_found_by_text_and_json_is_the_text() {
        let mut m: HashMap<Id, u32> = HashMap::new();
        m.insert(Id::from("C000001"), 1);
        m.insert(Id::from("a-customer-number-of-thirty-bytes"), 2);
        assert_eq!(m.get("C000001"), Some(&1));
        assert_eq!(m.get("a-customer-number-of-thirty-bytes"), Some(&2));
        assert_eq!(m.get("C000002"), None);
        let json = serde_json::to_string(&vec![Id::from("x\"y"), Id::from("z".repeat(20))])
            .expect("serialises");
        assert_eq!(json, format!("[\"x\\\"y\",\"{}\"]", "z".repeat(20)));
        let back: Vec<Option<Id>> =
            serde_json::from_str("[\"INV1\",null,\"INV0000000000000002\"]").expect("reads");
        assert_eq!(
            back,
            [
                Some(Id::from("INV1")),
                None,
                Some(Id::from("INV0000000000000002"))
            ]
        );
    }

    /// The rows every workflow scans: their size is what the engine's speed on a large
    /// portfolio depends on (BENCHMARKS.md, issue 15). Invoice: two ids, an amount of
    /// 16, two dates of 4, a currency code of 3 and its optional references (order,
    /// payment reference) behind one pointer; payment: three ids, an amount, a date, an
    /// optional date, the method and an optional account of one pointer. (On wasm32: 64
    /// and 80 bytes, the pointers taking 4.)
    #[cfg(target_pointer_width = "64")]
    #[test]
    fn the_big_rows_keep_their_size() {
        use crate::model::{Invoice, Payment};
        assert_eq!(std::mem::size_of::<Invoice>(), 72);
        assert_eq!(std::mem::size_of::<Payment>(), 88);
    }
}
