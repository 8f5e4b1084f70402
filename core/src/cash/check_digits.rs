//! The two mod-97 check-digit rules payment identifiers use, once:
//! - ISO 7064 MOD 97-10, with letters as 10…35: the IBAN (ISO 13616) and the RF creditor
//!   reference (ISO 11649) — valid when the identifier with its first four characters
//!   moved to the end is 1 mod 97; the check digits of a body are 98 − (body, tag, "00")
//!   mod 97;
//! - the Belgian rule: a number's remainder mod 97, 97 for 0 — the structured
//!   communication (OGM/VCS, Febelfin) and the national check of a Belgian account.

/// `s` (digits and letters, letters as 10…35) mod 97, character by character.
pub fn mod97(s: &str) -> u32 {
    mod97_from(0, s)
}

/// [`mod97`] of the characters of `s` following a prefix whose remainder is `acc`.
fn mod97_from(acc: u32, s: &str) -> u32 {
    s.chars().fold(acc, |acc, c| {
        let v = c.to_digit(36).unwrap_or(0);
        if v >= 10 {
            (acc * 100 + v) % 97
        } else {
            (acc * 10 + v) % 97
        }
    })
}

/// Whether an IBAN or RF reference (upper case, no spaces, at least four characters)
/// passes ISO 7064 MOD 97-10.
pub fn iso7064_valid(s: &str) -> bool {
    s.len() >= 4 && s.is_char_boundary(4) && mod97_from(mod97(&s[4..]), &s[..4]) == 1
}

/// The two ISO 7064 check digits of `body` under `tag` (`RF`, or an IBAN's country).
pub fn iso7064_check(body: &str, tag: &str) -> u32 {
    98 - mod97(&format!("{body}{tag}00"))
}

/// The Belgian check of `n`: `n mod 97`, or 97 when that is 0.
pub fn belgian(n: u64) -> u64 {
    match n % 97 {
        0 => 97,
        c => c,
    }
}
