//! A country as ISO 3166-1 alpha-2, and the member states of the European Union (the
//! Late Payment Directive 2011/7/EU applies in each of them).

use serde::{Deserialize, Serialize};

/// The 27 member states of the European Union (since 1 February 2020), alpha-2. Greece
/// is `GR` in ISO 3166-1 (the EU's own style guide writes `EL`; both are accepted).
const EU: [&str; 27] = [
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT",
    "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
];

/// A country code: two upper-case ASCII letters (ISO 3166-1 alpha-2).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Country(String);

impl Country {
    /// `code` as a country: two letters, either case (`be` → `BE`); `EL` is read as `GR`.
    pub fn parse(code: &str) -> Result<Country, String> {
        let c = code.trim().to_ascii_uppercase();
        if c.len() != 2 || !c.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(format!(
                "{code:?} is not a country code (two letters, ISO 3166-1 alpha-2, e.g. BE, NL)"
            ));
        }
        Ok(Country(if c == "EL" { "GR".into() } else { c }))
    }

    /// The code (`BE`).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the country is an EU member state.
    pub fn in_eu(&self) -> bool {
        EU.contains(&self.0.as_str())
    }
}

impl TryFrom<String> for Country {
    type Error = String;
    fn try_from(s: String) -> Result<Country, String> {
        Country::parse(&s)
    }
}

impl From<Country> for String {
    fn from(c: Country) -> String {
        c.0
    }
}

impl std::fmt::Display for Country {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_two_letters_and_eu_membership_is_known() {
        assert_eq!(Country::parse(" be ").unwrap().as_str(), "BE");
        assert_eq!(Country::parse("EL").unwrap().as_str(), "GR");
        assert!(Country::parse("BEL").is_err());
        assert!(Country::parse("B1").is_err());
        assert!(Country::parse("NL").unwrap().in_eu());
        assert!(!Country::parse("GB").unwrap().in_eu());
        assert!(!Country::parse("CH").unwrap().in_eu());
    }
}
