//! [`LongText`]: a row's optional free text held by one pointer (a payment's account;
//! an invoice's payment reference, which used it too, now shares one pointer with the
//! invoice's order id: [`super::InvoiceReferences`]).
//!
//! Most rows leave these cells empty, but an `Option<Box<str>>` takes 16 bytes in every
//! row all the same (a pointer and a length). The big tables' rows are what every
//! workflow scans, so their size decides how fast the engine reads, checks and computes
//! (BENCHMARKS.md, issue 15, fourteenth pass: 8 bytes off each invoice and payment row
//! made `rappel kpis` on 1 M invoices 5 % faster and its peak 15 MiB smaller). One
//! pointer takes 8 bytes natively, 4 on wasm32, and `None` fits in the same space. The
//! price is paid only by rows that have the text: the length sits in a small block of its
//! own beside the text's (about 24 bytes more of heap a row, never read by a scan).
//! Why not a crate: the thin single-allocation strings (`triomphe::ThinArc` and the like)
//! hand out bytes, which would be checked as UTF-8 again on every read or read unchecked
//! through `unsafe`; two plain boxes need neither.

use std::ops::Deref;

use serde::{Deserialize, Deserializer};

/// Immutable text behind one pointer; reads, compares, prints and serialises as the
/// `str` it holds.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LongText(Box<Box<str>>);

const _: () = assert!(std::mem::size_of::<Option<LongText>>() == std::mem::size_of::<usize>());

impl LongText {
    /// The text.
    #[inline]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<&str> for LongText {
    fn from(s: &str) -> LongText {
        LongText(Box::new(s.into()))
    }
}

impl From<String> for LongText {
    fn from(s: String) -> LongText {
        LongText(Box::new(s.into_boxed_str()))
    }
}

impl From<LongText> for String {
    fn from(t: LongText) -> String {
        String::from(*t.0)
    }
}

impl Deref for LongText {
    type Target = str;
    #[inline]
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for LongText {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for LongText {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for LongText {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

super::id::shown_as_text!(LongText);

impl<'de> Deserialize<'de> for LongText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<LongText, D::Error> {
        Box::<str>::deserialize(d).map(|b| LongText(Box::new(b)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_compares_and_serialises_as_its_text() {
        let t = LongText::from("RF18 5390 0754 7034");
        assert_eq!(t.as_str(), "RF18 5390 0754 7034");
        assert_eq!(&*t, "RF18 5390 0754 7034");
        assert_eq!(t, "RF18 5390 0754 7034");
        assert_eq!(LongText::from(String::from("x")), LongText::from("x"));
        assert_eq!(
            format!("{t}|{t:?}"),
            "RF18 5390 0754 7034|\"RF18 5390 0754 7034\""
        );
        assert_eq!(String::from(t.clone()), "RF18 5390 0754 7034");
        let json = serde_json::to_string(&vec![Some(t.clone()), None]).expect("serialises");
        assert_eq!(json, "[\"RF18 5390 0754 7034\",null]");
        let back: Vec<Option<LongText>> = serde_json::from_str(&json).expect("reads");
        assert_eq!(back, [Some(t), None]);
    }
}
