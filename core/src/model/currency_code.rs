//! [`CurrencyCode`]: an ISO 4217 alphabetic code, three bytes in the row.
//!
//! Every invoice names its currency. As an [`super::Id`] that took 16 bytes of each
//! invoice row; the exchange format (DOMAIN.md §1) and the Peppol documents (EN 16931
//! BT-5, the ISO 4217 code list) only ever allow three capital letters, so three bytes
//! say it all, and a comparison is one of three bytes. The rows' size decides how fast
//! the engine reads, checks and scans a million of them (BENCHMARKS.md, issue 15,
//! twentieth pass).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An ISO 4217 alphabetic currency code (`EUR`, `GBP`): exactly three ASCII capital
/// letters, checked where it is made ([`CurrencyCode::parse`]). Reads, compares,
/// prints and serialises as the text it is.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CurrencyCode([u8; 3]);

impl CurrencyCode {
    /// The euro, the exchange format's currency when a portfolio has no invoice.
    pub const EUR: CurrencyCode = CurrencyCode(*b"EUR");

    /// `s` as a code when it is three ASCII capital letters (ISO 4217's alphabetic
    /// form); `None` otherwise (lower case, other lengths, digits: ISO 4217's numeric
    /// codes are not accepted where the alphabetic one is expected).
    pub fn parse(s: &str) -> Option<CurrencyCode> {
        let b: [u8; 3] = s.as_bytes().try_into().ok()?;
        b.iter()
            .all(u8::is_ascii_uppercase)
            .then_some(CurrencyCode(b))
    }

    /// The code's text.
    pub fn as_str(&self) -> &str {
        // Three ASCII letters (the only way in is `parse`) are always UTF-8.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

/// [`CurrencyCode::parse`], refusing anything else with the reason a reader reports (the
/// CSV cell's and the JSON value's wording are the same).
impl std::str::FromStr for CurrencyCode {
    type Err = String;
    fn from_str(s: &str) -> Result<CurrencyCode, String> {
        CurrencyCode::parse(s).ok_or_else(|| {
            format!("expected a three-letter ISO 4217 code such as EUR, found {s:?}")
        })
    }
}

impl std::ops::Deref for CurrencyCode {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq<str> for CurrencyCode {
    fn eq(&self, other: &str) -> bool {
        self.0 == other.as_bytes()
    }
}

impl PartialEq<&str> for CurrencyCode {
    fn eq(&self, other: &&str) -> bool {
        self.0 == other.as_bytes()
    }
}

impl fmt::Display for CurrencyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for CurrencyCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl Serialize for CurrencyCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for CurrencyCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<CurrencyCode, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_capital_letters_and_nothing_else() {
        let eur = CurrencyCode::parse("EUR").unwrap();
        assert_eq!(eur, CurrencyCode::EUR);
        assert_eq!(eur.as_str(), "EUR");
        assert_eq!(eur, "EUR");
        assert_ne!(eur, "GBP");
        assert_eq!(eur.to_string(), "EUR");
        assert_eq!(format!("{eur:?}"), "\"EUR\"");
        for bad in ["", "EU", "EURO", "eur", "Eur", "978", "E R", "ÉUR", "EU\0"] {
            assert_eq!(CurrencyCode::parse(bad), None, "{bad:?}");
        }
        assert_eq!(std::mem::size_of::<CurrencyCode>(), 3);
    }

    #[test]
    fn serialises_as_its_text_and_refuses_another() {
        let gbp = CurrencyCode::parse("GBP").unwrap();
        assert_eq!(serde_json::to_string(&gbp).unwrap(), "\"GBP\"");
        assert_eq!(
            serde_json::from_str::<CurrencyCode>("\"GBP\"").unwrap(),
            gbp
        );
        let err = serde_json::from_str::<CurrencyCode>("\"gbp\"").unwrap_err();
        assert!(err.to_string().contains("three-letter ISO 4217"), "{err}");
    }
}
