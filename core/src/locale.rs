//! How amounts and dates are written for a reader, per correspondence language
//! (`€ 1.234,56` in Dutch and French, `€1,234.56` in English, `1.234,56 €` in German),
//! and the words of the screens and reports in Dutch, French and English ([`Text`]).

use chrono::{Datelike, NaiveDate};

use crate::model::{Language, Money, round2};

/// An amount with its currency, rounded to cents, in the reader's convention. The euro
/// is written `€`; other currencies by their ISO code.
pub fn money(amount: Money, currency: &str, lang: Language) -> String {
    let r = round2(amount);
    written(r, currency, lang, true)
}

/// An amount in whole currency units (rounded half away from zero), in the reader's
/// convention: `€123,606,032`, `€ 1.235`. For large sums in summaries.
pub fn money_whole(amount: Money, currency: &str, lang: Language) -> String {
    let r = amount.round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    written(r, currency, lang, false)
}

fn written(r: Money, currency: &str, lang: Language, cents: bool) -> String {
    let neg = r.is_sign_negative() && !r.is_zero();
    let digits = r.abs().to_string();
    let (int, frac) = digits.split_once('.').unwrap_or((&digits, "00"));
    let (group, decimal) = match lang {
        Language::En => (',', '.'),
        Language::Nl | Language::Fr | Language::De => ('.', ','),
    };
    let mut grouped = String::with_capacity(int.len() + int.len() / 3);
    for (k, c) in int.chars().enumerate() {
        if k > 0 && (int.len() - k) % 3 == 0 {
            grouped.push(group);
        }
        grouped.push(c);
    }
    let sign = if neg { "-" } else { "" };
    let number = if cents {
        format!("{grouped}{decimal}{frac}")
    } else {
        grouped
    };
    let symbol = if currency == "EUR" { "€" } else { currency };
    // The minus goes before the symbol in English (`-€1,234.56`), after it in Dutch and
    // French (`€ -1.234,56`), before the number in German (`-1.234,56 €`).
    match (lang, currency == "EUR") {
        (Language::En, true) => format!("{sign}{symbol}{number}"),
        (Language::En, false) => format!("{sign}{symbol} {number}"),
        (Language::De, _) => format!("{sign}{number} {symbol}"),
        _ => format!("{symbol} {sign}{number}"),
    }
}

/// A number with `decimals` decimals (rounded half away from zero) in the reader's
/// convention: `1.234,5` (nl, fr, de) or `1,234.5` (en). For KPI values: days, percents.
pub fn number(x: rust_decimal::Decimal, decimals: u32, lang: Language) -> String {
    let r = x.round_dp_with_strategy(
        decimals,
        rust_decimal::RoundingStrategy::MidpointAwayFromZero,
    );
    let neg = r.is_sign_negative() && !r.is_zero();
    let digits = format!("{:.*}", decimals as usize, r.abs());
    let (int, frac) = digits.split_once('.').unwrap_or((&digits, ""));
    let (group, decimal) = match lang {
        Language::En => (',', '.'),
        Language::Nl | Language::Fr | Language::De => ('.', ','),
    };
    let mut out = String::with_capacity(digits.len() + 4);
    if neg {
        out.push('-');
    }
    for (k, c) in int.chars().enumerate() {
        if k > 0 && (int.len() - k) % 3 == 0 {
            out.push(group);
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push(decimal);
        out.push_str(frac);
    }
    out
}

/// A calendar date in the reader's convention: `31-03-2026` (nl), `31/03/2026` (fr),
/// `31.03.2026` (de), `31 March 2026` (en).
pub fn date(d: NaiveDate, lang: Language) -> String {
    match lang {
        Language::Nl => d.format("%d-%m-%Y").to_string(),
        Language::Fr => d.format("%d/%m/%Y").to_string(),
        Language::De => d.format("%d.%m.%Y").to_string(),
        Language::En => format!(
            "{} {} {}",
            d.day(),
            MONTHS_EN[d.month0() as usize],
            d.year()
        ),
    }
}

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_per_language() {
        let d = |s: &str| s.parse::<rust_decimal::Decimal>().unwrap();
        assert_eq!(number(d("1234.567"), 2, Language::Nl), "1.234,57");
        assert_eq!(number(d("1234.567"), 2, Language::En), "1,234.57");
        assert_eq!(number(d("-0.005"), 2, Language::Fr), "-0,01");
        assert_eq!(number(d("45"), 1, Language::En), "45.0");
        assert_eq!(number(d("999.95"), 1, Language::Nl), "1.000,0");
        assert_eq!(number(d("12"), 0, Language::De), "12");
    }

    #[test]
    fn whole_amounts_per_language() {
        let m = |s: &str| s.parse::<Money>().unwrap();
        assert_eq!(
            money_whole(m("123606031.80"), "EUR", Language::En),
            "€123,606,032"
        );
        assert_eq!(money_whole(m("1234.50"), "EUR", Language::Nl), "€ 1.235");
        assert_eq!(money_whole(m("-4.5"), "EUR", Language::En), "-€5");
        assert_eq!(money_whole(m("0.40"), "USD", Language::De), "0 USD");
    }

    #[test]
    fn amounts_per_language() {
        let m = |s: &str| s.parse::<Money>().unwrap();
        assert_eq!(money(m("1234.56"), "EUR", Language::Nl), "€ 1.234,56");
        assert_eq!(money(m("1234.56"), "EUR", Language::Fr), "€ 1.234,56");
        assert_eq!(money(m("1234567.5"), "EUR", Language::En), "€1,234,567.50");
        assert_eq!(money(m("-999.999"), "EUR", Language::De), "-1.000,00 €");
        assert_eq!(money(m("12"), "USD", Language::En), "USD 12.00");
        assert_eq!(money(m("100"), "EUR", Language::Nl), "€ 100,00");
        assert_eq!(money(m("-6679.534"), "EUR", Language::En), "-€6,679.53");
        assert_eq!(money(m("-6679.534"), "EUR", Language::Nl), "€ -6.679,53");
        assert_eq!(money(m("-12"), "USD", Language::En), "-USD 12.00");
        assert_eq!(money(m("-0.001"), "EUR", Language::En), "€0.00");
    }

    #[test]
    fn dates_per_language() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        assert_eq!(date(d, Language::Nl), "01-03-2026");
        assert_eq!(date(d, Language::Fr), "01/03/2026");
        assert_eq!(date(d, Language::De), "01.03.2026");
        assert_eq!(date(d, Language::En), "1 March 2026");
    }
}

/// A word or phrase of a screen or report in Dutch, French and English (the dashboard's
/// languages); any other language reads the English.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Text {
    /// Dutch.
    pub nl: &'static str,
    /// French.
    pub fr: &'static str,
    /// English.
    pub en: &'static str,
}

impl Text {
    /// The text in `l`.
    pub fn get(&self, l: Language) -> &'static str {
        match l {
            Language::Nl => self.nl,
            Language::Fr => self.fr,
            _ => self.en,
        }
    }
}

/// Declares [`Text`] constants: `NAME: "nl", "fr", "en";` each.
#[macro_export]
macro_rules! texts {
    ($($name:ident: $nl:expr, $fr:expr, $en:expr;)*) => {
        $(
            #[allow(missing_docs)]
            pub const $name: $crate::locale::Text = $crate::locale::Text { nl: $nl, fr: $fr, en: $en };
        )*
    };
}
