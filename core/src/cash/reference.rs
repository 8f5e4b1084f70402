//! Payment references that come back with the money: the Belgian structured
//! communication (OGM/VCS, `+++123/4567/89002+++`) and the ISO 11649 RF creditor
//! reference (`RF18 5390 0754 7034`). Each carries check digits, verified on every
//! reference read, so that a typo is caught instead of paying the wrong invoice.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::check_digits;

/// The form of the references the creditor prints (policy `[cash] reference`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferenceKind {
    /// Belgian structured communication: 10 digits and a mod-97 check (Febelfin).
    #[default]
    Ogm,
    /// ISO 11649 creditor reference: `RF`, two check digits (ISO 7064 mod 97-10), and up
    /// to 21 letters and digits.
    Rf,
}

/// A payment reference whose check digits are right.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum PaymentReference {
    /// The 12 digits of an OGM/VCS (10 digits and the check).
    Ogm(String),
    /// An RF reference in electronic form: `RF`, check digits and body, upper case, no
    /// spaces.
    Rf(String),
}

impl PaymentReference {
    /// Reads `text` as an OGM/VCS (`+++ddd/dddd/ddddd+++`, `***…***`, or the 12 digits
    /// with any spaces or separators) or an RF reference (`RF` + check + body, spaces
    /// allowed). `Ok(None)`: it has neither form (free text). `Err`: it has the form of
    /// one, but the check digits are wrong — the reason says so.
    pub fn read(text: &str) -> Result<Option<PaymentReference>, String> {
        let t = text.trim();
        let compact: String = t.chars().filter(|c| !c.is_whitespace()).collect();
        if compact.len() >= 5 && compact[..2].eq_ignore_ascii_case("RF") {
            let body = compact.to_ascii_uppercase();
            if body.len() <= 25
                && body[2..4].bytes().all(|b| b.is_ascii_digit())
                && body[4..].bytes().all(|b| b.is_ascii_alphanumeric())
            {
                return if check_digits::iso7064_valid(&body) {
                    Ok(Some(PaymentReference::Rf(body)))
                } else {
                    Err(format!(
                        "{t:?} is not a valid RF creditor reference: its check digits are wrong (ISO 11649)"
                    ))
                };
            }
            return Ok(None);
        }
        let digits: String = compact.chars().filter(|c| c.is_ascii_digit()).collect();
        let framing_ok = compact
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | '*' | '/' | '-' | '.'));
        if digits.len() != 12 || !framing_ok {
            return Ok(None);
        }
        if ogm_valid(&digits) {
            Ok(Some(PaymentReference::Ogm(digits)))
        } else {
            Err(format!(
                "{t:?} is not a valid structured communication: {} mod 97 is not {} (OGM/VCS check digits)",
                &digits[..10],
                &digits[10..]
            ))
        }
    }

    /// The OGM/VCS of a 10-digit number (`base` < 10^10): the number and its check,
    /// `base mod 97`, or 97 when that is 0.
    pub fn ogm(base: u64) -> PaymentReference {
        let base = base % 10_000_000_000;
        PaymentReference::Ogm(format!("{base:010}{:02}", check_digits::belgian(base)))
    }

    /// The RF reference of `body` (letters and digits, at most 21; others dropped):
    /// check digits 98 − (body + "RF00" as digits mod 97).
    pub fn rf(body: &str) -> Option<PaymentReference> {
        let body: String = body
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if body.is_empty() || body.len() > 21 {
            return None;
        }
        let check = check_digits::iso7064_check(&body, "RF");
        Some(PaymentReference::Rf(format!("RF{check:02}{body}")))
    }

    /// The reference as printed: `+++123/4567/89002+++`, or an RF in groups of four.
    pub fn printed(&self) -> String {
        match self {
            PaymentReference::Ogm(d) => format!("+++{}/{}/{}+++", &d[..3], &d[3..7], &d[7..]),
            PaymentReference::Rf(r) => r
                .as_bytes()
                .chunks(4)
                .map(|c| String::from_utf8_lossy(c).into_owned())
                .collect::<Vec<_>>()
                .join(" "),
        }
    }

    /// The reference in electronic form (the 12 digits, or the RF without spaces): the
    /// key a statement's reference is matched on.
    pub fn key(&self) -> &str {
        match self {
            PaymentReference::Ogm(d) | PaymentReference::Rf(d) => d,
        }
    }
}

impl fmt::Display for PaymentReference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.printed())
    }
}

/// Whether the 12 digits of an OGM/VCS carry the right check.
fn ogm_valid(digits: &str) -> bool {
    let (Ok(base), Ok(check)) = (digits[..10].parse::<u64>(), digits[10..].parse::<u64>()) else {
        return false;
    };
    check == check_digits::belgian(base)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ogm_check_digits() {
        // 2402838428 = 97 × 24 771 530 + 18: check 18 (the CODA sample's communication).
        assert_eq!(
            PaymentReference::read("240283842818").unwrap(),
            Some(PaymentReference::Ogm("240283842818".into()))
        );
        assert_eq!(PaymentReference::ogm(2_402_838_428).key(), "240283842818");
        assert_eq!(
            PaymentReference::ogm(2_402_838_428).printed(),
            "+++240/2838/42818+++"
        );
        // A multiple of 97 has check 97, not 00: 97 × 10 = 970.
        assert_eq!(PaymentReference::ogm(970).key(), "000000097097");
        // Every framing banks print.
        for s in [
            "+++240/2838/42818+++",
            "***240/2838/42818***",
            "240 2838 42818",
        ] {
            assert_eq!(
                PaymentReference::read(s).unwrap().unwrap().key(),
                "240283842818"
            );
        }
        // One digit wrong: refused, with the reason.
        let e = PaymentReference::read("+++240/2838/42817+++").unwrap_err();
        assert!(e.contains("mod 97 is not 17"), "{e}");
        // Not twelve digits, or with letters: free text, not a reference.
        assert_eq!(PaymentReference::read("invoice 2026-042").unwrap(), None);
        assert_eq!(PaymentReference::read("12345").unwrap(), None);
    }

    #[test]
    fn rf_check_digits() {
        // ISO 11649's example: RF18 5390 0754 7034 (body 539007547034).
        let r = PaymentReference::rf("539007547034").unwrap();
        assert_eq!(r.key(), "RF18539007547034");
        assert_eq!(r.printed(), "RF18 5390 0754 7034");
        assert_eq!(
            PaymentReference::read("RF18 5390 0754 7034").unwrap(),
            Some(r)
        );
        assert!(PaymentReference::read("RF19 5390 0754 7034").is_err());
        // Letters count as 10…35: RF of "INV2026042" reads back.
        let inv = PaymentReference::rf("INV-2026/042").unwrap();
        assert_eq!(
            PaymentReference::read(inv.key()).unwrap(),
            Some(inv.clone())
        );
        assert!(inv.key().starts_with("RF") && inv.key().ends_with("INV2026042"));
        // Over 21 characters: none.
        assert_eq!(PaymentReference::rf(&"9".repeat(22)), None);
    }
}
