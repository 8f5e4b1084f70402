//! Strict parsing of single CSV cells into typed values, with a reason on failure.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::model::{CurrencyCode, CustomerStatus, Language, LongText, PaymentMethod, Sector};

/// Why one cell could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellError {
    /// The canonical column.
    pub column: &'static str,
    /// Human-readable reason, quoting the offending value.
    pub reason: String,
}

fn err(column: &'static str, reason: String) -> CellError {
    CellError { column, reason }
}

/// A required text cell (surrounding white space removed; must not be empty).
pub fn text<T: for<'a> From<&'a str>>(column: &'static str, s: &str) -> Result<T, CellError> {
    if s.is_empty() {
        Err(err(column, "required value is empty".into()))
    } else {
        Ok(T::from(s))
    }
}

/// An optional text cell: empty means `None`.
pub fn opt_text<T: for<'a> From<&'a str>>(s: &str) -> Option<T> {
    (!s.is_empty()).then(|| T::from(s))
}

/// An ISO 8601 calendar date `YYYY-MM-DD` (DOMAIN.md §1), required.
pub fn date(column: &'static str, s: &str) -> Result<NaiveDate, CellError> {
    iso_date(s.as_bytes())
        .ok_or_else(|| err(column, format!("not a valid ISO date (YYYY-MM-DD): {s:?}")))
}

/// The dates of one table's cells read so far, by their text: a file's dates repeat
/// from row to row (an export sorted by date gives the same issue date to hundreds of
/// rows), and a date read before is then found by comparing its ten bytes instead of
/// being parsed and checked again (parsing one and building it with `chrono` was ~3 %
/// of `rappel kpis`'s time: BENCHMARKS.md, issue 15, fifteenth pass). The answer is
/// [`date`]'s either way; a cell that is not a date is never kept.
#[derive(Debug, Clone)]
pub struct Dates {
    /// Direct-mapped by [`Dates::slot`]; a key of bytes that no text has (0xff is never
    /// in UTF-8) marks a slot not used yet.
    seen: [([u8; 10], NaiveDate); DATE_SLOTS],
}

/// Slots of [`Dates`]: more than the days of the two months around which a file's dates
/// usually cluster.
const DATE_SLOTS: usize = 128;

impl Default for Dates {
    fn default() -> Dates {
        Dates {
            seen: [([0xff; 10], NaiveDate::MIN); DATE_SLOTS],
        }
    }
}

impl Dates {
    /// [`date`], found among the dates read before when it is one of them.
    pub fn date(&mut self, column: &'static str, s: &str) -> Result<NaiveDate, CellError> {
        let Ok(key) = <[u8; 10]>::try_from(s.as_bytes()) else {
            return date(column, s);
        };
        let slot = &mut self.seen[Dates::slot(&key)];
        if slot.0 == key {
            return Ok(slot.1);
        }
        let d = date(column, s)?;
        *slot = (key, d);
        Ok(d)
    }

    /// An optional ISO date: empty means `None`; otherwise [`Dates::date`].
    pub fn opt_date(
        &mut self,
        column: &'static str,
        s: &str,
    ) -> Result<Option<NaiveDate>, CellError> {
        if s.is_empty() {
            Ok(None)
        } else {
            self.date(column, s).map(Some)
        }
    }

    /// The slot of a date's text `YYYY-MM-DD`: from the day's, the month's and the
    /// year's last digits, so that the days of a few months around one another fall in
    /// different slots.
    #[inline]
    fn slot(key: &[u8; 10]) -> usize {
        let day = usize::from(key[8] & 3) * 10 + usize::from(key[9] & 15);
        let month = usize::from(key[5] & 1) * 10 + usize::from(key[6] & 15);
        (day + month * 31 + usize::from(key[3] & 15) * 53) % DATE_SLOTS
    }
}

fn iso_date(b: &[u8]) -> Option<NaiveDate> {
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: &[u8]| -> Option<u32> {
        r.iter().try_fold(0u32, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    let y = num(&b[0..4])?;
    let m = num(&b[5..7])?;
    let d = num(&b[8..10])?;
    NaiveDate::from_ymd_opt(y as i32, m, d)
}

/// A decimal number with a point and no thousands separators (`-1234.50`), required.
/// Exponents, separators and more than 28 significant digits are refused, never rounded;
/// so is a number not below [`MAX_AMOUNT`](crate::limits::MAX_AMOUNT) in magnitude.
pub fn decimal(column: &'static str, s: &str) -> Result<Decimal, CellError> {
    let d = plain_decimal(s.as_bytes())
        .ok_or_else(|| err(column, format!("not a decimal number like 1234.56: {s:?}")))?;
    crate::limits::amount(d, s).map_err(|why| err(column, why))
}

/// An optional decimal: empty means `None`.
pub fn opt_decimal(column: &'static str, s: &str) -> Result<Option<Decimal>, CellError> {
    if s.is_empty() {
        Ok(None)
    } else {
        decimal(column, s).map(Some)
    }
}

fn plain_decimal(b: &[u8]) -> Option<Decimal> {
    let (neg, digits) = match b.first()? {
        b'-' => (true, &b[1..]),
        b'+' => (false, &b[1..]),
        _ => (false, b),
    };
    // The digits are gathered in 64 bits while they fit (19 digits: every amount in
    // practice), then in 128; a 29th digit refuses the number there, so neither
    // overflows (10^28 < 2^127). Arithmetic on 128 bits is a call to a library routine
    // in WebAssembly, for every digit.
    let mut short: u64 = 0;
    let mut long: i128 = 0;
    let mut scale: Option<u32> = None;
    let mut n_digits = 0u32;
    for &c in digits {
        match c {
            b'0'..=b'9' => {
                n_digits += 1;
                let d = c - b'0';
                match n_digits {
                    ..=19 => short = short * 10 + u64::from(d),
                    20 => long = i128::from(short) * 10 + i128::from(d),
                    21..=28 => long = long * 10 + i128::from(d),
                    _ => return None,
                }
                if let Some(s) = scale.as_mut() {
                    *s += 1;
                }
            }
            b'.' if scale.is_none() => scale = Some(0),
            _ => return None,
        }
    }
    let scale = scale.unwrap_or(0);
    if n_digits == 0 || (scale == 0 && digits.last() == Some(&b'.')) {
        return None;
    }
    let mantissa = if n_digits <= 19 {
        i128::from(short)
    } else {
        long
    };
    let d = Decimal::try_from_i128_with_scale(mantissa, scale).ok()?;
    Some(if neg { -d } else { d })
}

/// `true`/`false` (also `yes`/`no`, `1`/`0`; case-insensitive), required.
pub fn boolean(column: &'static str, s: &str) -> Result<bool, CellError> {
    match s.to_ascii_lowercase().as_str() {
        "true" | "yes" | "1" => Ok(true),
        "false" | "no" | "0" => Ok(false),
        _ => Err(err(column, format!("expected true or false, found {s:?}"))),
    }
}

/// A sector (`residential`, `tertiary`, `industrial`); empty means unknown.
pub fn sector(column: &'static str, s: &str) -> Result<Option<Sector>, CellError> {
    if s.is_empty() {
        return Ok(None);
    }
    Sector::parse(s).map(Some).ok_or_else(|| {
        err(
            column,
            format!("expected residential, tertiary or industrial, found {s:?}"),
        )
    })
}

/// A language code (`nl`, `fr`, `en`, `de`); empty means unknown.
pub fn language(column: &'static str, s: &str) -> Result<Option<Language>, CellError> {
    if s.is_empty() {
        return Ok(None);
    }
    Language::parse(s)
        .map(Some)
        .ok_or_else(|| err(column, format!("expected nl, fr, en or de, found {s:?}")))
}

/// A country code (ISO 3166-1 alpha-2, either case); empty means unknown.
pub fn country(
    column: &'static str,
    s: &str,
) -> Result<Option<crate::collections::law::Country>, CellError> {
    if s.is_empty() {
        return Ok(None);
    }
    crate::collections::law::Country::parse(s)
        .map(Some)
        .map_err(|e| err(column, e))
}

/// Bank accounts separated by `;`, each a valid IBAN ([`crate::cash::iban`]); empty:
/// none.
pub fn ibans(column: &'static str, s: &str) -> Result<Vec<String>, CellError> {
    s.split(';')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(|x| crate::cash::iban::normalize(x).map_err(|e| err(column, e)))
        .collect()
}

/// One optional IBAN.
pub fn opt_iban(column: &'static str, s: &str) -> Result<Option<LongText>, CellError> {
    if s.is_empty() {
        return Ok(None);
    }
    let mut v = ibans(column, s)?;
    if v.len() > 1 {
        return Err(err(column, format!("one account expected: {s:?}")));
    }
    Ok(v.pop().map(LongText::from))
}

/// An account status (`active`, `delivery_stopped`, `collection_partner`, `insolvent`);
/// empty means active.
pub fn customer_status(column: &'static str, s: &str) -> Result<CustomerStatus, CellError> {
    if s.is_empty() {
        return Ok(CustomerStatus::Active);
    }
    CustomerStatus::parse(s).ok_or_else(|| {
        err(
            column,
            format!(
                "expected active, delivery_stopped, collection_partner or insolvent, found {s:?}"
            ),
        )
    })
}

/// A space-separated list of ids (at least one).
pub fn id_list(column: &'static str, s: &str) -> Result<Vec<String>, CellError> {
    let ids: Vec<String> = s.split_whitespace().map(str::to_string).collect();
    if ids.is_empty() {
        Err(err(column, "required list of ids is empty".into()))
    } else {
        Ok(ids)
    }
}

/// A payment method (`transfer`, `direct_debit`, `card`, `other`).
pub fn payment_method(column: &'static str, s: &str) -> Result<PaymentMethod, CellError> {
    PaymentMethod::parse(s).ok_or_else(|| {
        err(
            column,
            format!("expected transfer, direct_debit, card or other, found {s:?}"),
        )
    })
}

/// An ISO 4217 currency code: three upper-case letters.
pub fn currency(column: &'static str, s: &str) -> Result<CurrencyCode, CellError> {
    s.parse().map_err(|why| err(column, why))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn decimals_are_strict_and_exact() {
        let d = |s: &str| plain_decimal(s.as_bytes());
        assert_eq!(d("1234.50"), Some(Decimal::from_str("1234.50").unwrap()));
        assert_eq!(d("-0.01"), Some(Decimal::from_str("-0.01").unwrap()));
        assert_eq!(d("+7"), Some(Decimal::from(7)));
        assert_eq!(d(".5"), Some(Decimal::from_str("0.5").unwrap()));
        for bad in [
            "", "-", "1,5", "1.2.3", "1e5", "12 3", "1_000", "abc", "1.", "NaN",
        ] {
            assert_eq!(d(bad), None, "{bad:?} must be refused");
        }
        assert_eq!(d("12345678901234567890123456789"), None);
    }

    /// Every length up to 28 digits (the most allowed), with the point
    /// anywhere and either sign, reads as `Decimal::from_str` reads it: same value and
    /// same scale (so the same text when written back; a negative zero keeps its sign).
    #[test]
    fn decimals_of_every_length_read_as_the_library_reads_them() {
        let patterns = ["9", "1", "0", "1234567890", "8070605040"];
        for n in 1..=28usize {
            for pat in patterns {
                let digits: String = pat.chars().cycle().take(n).collect();
                for point in 0..=n {
                    let (int, frac) = digits.split_at(point);
                    let plain = if frac.is_empty() {
                        int.to_string()
                    } else {
                        format!("{int}.{frac}")
                    };
                    for sign in ["", "-", "+"] {
                        let text = format!("{sign}{plain}");
                        let ours = plain_decimal(text.as_bytes()).unwrap();
                        let theirs = Decimal::from_str(text.trim_start_matches('+')).unwrap();
                        assert_eq!(ours, theirs, "{text}");
                        // A negative zero keeps its sign as written ("-0.0"), as before.
                        if !(sign == "-" && theirs.is_zero()) {
                            assert_eq!(ours.to_string(), theirs.to_string(), "{text}");
                        }
                    }
                }
            }
        }
        // The largest numbers of 19 and 20 digits (either side of what 64 bits hold), and
        // 28 nines.
        let d = |s: &str| plain_decimal(s.as_bytes()).unwrap().to_string();
        assert_eq!(d("9999999999999999999"), "9999999999999999999");
        assert_eq!(d("99999999999999999999"), "99999999999999999999");
        assert_eq!(
            d("-9999999999999999999999999999"),
            "-9999999999999999999999999999"
        );
    }

    /// Numbers below 10^15 in magnitude are read; from 10^15 on the cell is refused as
    /// too large, naming the limit.
    #[test]
    fn numbers_from_ten_to_the_fifteenth_are_too_large() {
        let ok = ["999999999999999.99", "-999999999999999.99", "0.000001"];
        for s in ok {
            assert_eq!(decimal("amount", s).unwrap(), Decimal::from_str(s).unwrap());
        }
        for s in [
            "1000000000000000",
            "-1000000000000000.00",
            "562333333333333333333333380",
        ] {
            let e = decimal("amount", s).unwrap_err();
            assert_eq!(e.column, "amount");
            assert_eq!(
                e.reason,
                format!(
                    "too large: {s:?} is not below the 1000000000000000 (10^15) in magnitude a number may have"
                )
            );
        }
    }

    #[test]
    fn dates_are_iso_and_real() {
        assert_eq!(
            date("d", "2024-02-29").unwrap(),
            NaiveDate::from_ymd_opt(2024, 2, 29).unwrap()
        );
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "2024-1-01",
            "01/02/2024",
            "2024-01-01T00",
        ] {
            let e = date("issue_date", bad).unwrap_err();
            assert_eq!(e.column, "issue_date");
            assert!(e.reason.contains(bad));
        }
    }

    #[test]
    fn enums_and_booleans() {
        assert!(boolean("b2c", "TRUE").unwrap());
        assert!(!boolean("b2c", "no").unwrap());
        assert!(boolean("b2c", "maybe").is_err());
        assert_eq!(sector("sector", "").unwrap(), None);
        assert!(sector("sector", "retail").is_err());
        assert!(currency("currency", "eur").is_err());
        assert_eq!(currency("currency", "EUR").unwrap(), "EUR");
        assert_eq!(
            payment_method("method", "direct_debit").unwrap(),
            PaymentMethod::DirectDebit
        );
    }

    /// The dates read through [`Dates`] are [`date`]'s, cell by cell, whatever came
    /// before: every day of five years (each slot taken and retaken many times), each
    /// read twice in a row and again after all the others, among cells that are not
    /// dates (never kept: the same bad cell fails every time) and texts of other lengths.
    #[test]
    fn dates_read_through_the_memo_are_dates_read_alone() {
        let mut cells: Vec<String> = Vec::new();
        let first = NaiveDate::from_ymd_opt(2022, 1, 1).unwrap();
        for k in 0..5 * 366 {
            let d = first + chrono::Days::new(k);
            cells.push(d.to_string());
            cells.push(d.to_string());
            if k % 97 == 0 {
                cells.extend(
                    [
                        "2024-02-30",
                        "2023-02-29",
                        "2024-13-01",
                        "2024-1-011",
                        "24-01-0101",
                    ]
                    .map(String::from),
                );
                cells.extend(
                    ["", "2024-01-01 ", "\u{ff}", "\0\0\0\0\0\0\0\0\0\0"].map(String::from),
                );
            }
        }
        let again = cells.clone();
        cells.extend(again);
        let mut dates = Dates::default();
        for cell in &cells {
            assert_eq!(dates.date("d", cell), date("d", cell), "{cell:?}");
            let alone = if cell.is_empty() {
                Ok(None)
            } else {
                date("d", cell).map(Some)
            };
            assert_eq!(dates.opt_date("d", cell), alone, "{cell:?}");
        }
    }
}
