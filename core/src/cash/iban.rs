//! International bank account numbers (ISO 13616): how a payer is recognised on a
//! statement. Written with or without spaces, in either case; checked with the mod-97
//! rule (the first four characters moved to the end, letters as 10…35, remainder 1).

use std::borrow::Cow;

/// `text` as an IBAN in electronic form (upper case, no spaces), or why it is not one.
pub fn normalize(text: &str) -> Result<String, String> {
    electronic(text).map(Cow::into_owned)
}

/// [`normalize`], borrowing `text` when it is already in electronic form (as banks write
/// it on a statement): a hundred thousand movements are then looked up without a copy.
pub fn electronic(text: &str) -> Result<Cow<'_, str>, String> {
    let written = text
        .bytes()
        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    let s: Cow<'_, str> = if written {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(
            text.chars()
                .filter(|c| !c.is_whitespace())
                .map(|c| c.to_ascii_uppercase())
                .collect(),
        )
    };
    let shape = (15..=34).contains(&s.len())
        && s.bytes().take(2).all(|b| b.is_ascii_uppercase())
        && s.bytes().skip(2).take(2).all(|b| b.is_ascii_digit())
        && s.bytes().all(|b| b.is_ascii_alphanumeric());
    if !shape {
        return Err(format!(
            "{text:?} is not an IBAN (two letters, two check digits, up to 30 letters and digits)"
        ));
    }
    if super::check_digits::iso7064_valid(&s) {
        Ok(s)
    } else {
        Err(format!(
            "{text:?} is not a valid IBAN: its check digits are wrong"
        ))
    }
}

/// The IBAN of account `bban` in `country` (two letters): the check digits computed
/// ([`super::check_digits::iso7064_check`]).
pub fn from_bban(country: &str, bban: &str) -> String {
    let check = super::check_digits::iso7064_check(bban, country);
    format!("{country}{check:02}{bban}")
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn ibans_are_checked() {
        // The CODA sample's counterparty and the camt samples' accounts.
        assert_eq!(
            normalize("BE41 0630 1234 5610").unwrap(),
            "BE41063012345610"
        );
        assert_eq!(
            normalize("nl77abna0574908765").unwrap(),
            "NL77ABNA0574908765"
        );
        assert!(
            normalize("BE41063012345611")
                .unwrap_err()
                .contains("check digits")
        );
        assert!(normalize("12345").unwrap_err().contains("not an IBAN"));
    }
}
