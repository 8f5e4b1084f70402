//! Statutory interest rates per regime, as dated tables with their sources.
//!
//! The late-payment rates of the Netherlands and Belgium (and the EU minimum) all follow
//! the ECB's main refinancing rate on 1 January and 1 July plus 8 points; Belgium rounds
//! the sum **up** to the next half point. So the data is the ECB rate per half year
//! ([`ECB_REFERENCE`]) and each regime's table is its statutory formula applied to it;
//! the tests check the formula against the rates the authorities published. The Dutch
//! consumer rate and the Belgian legal rate are set by decree and listed as published.
//!
//! Figures marked *computed* or *not confirmed* were derived from the rule or could not
//! be checked against an official publication when this table was written; a policy can
//! replace any table (`[fees] interest_rates`), and every interest calculation warns
//! when asked for a date more than six months after a table's last entry.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::Regime;
use crate::collections::fees::interest::{RatePeriod, RateTable};

/// The ECB main refinancing operations rate (fixed rate) in force on the first day of
/// each half year, in hundredths of a percent, with where it was confirmed.
pub const ECB_REFERENCE: [(i32, u32, i64, &str); 7] = [
    (2023, 1, 250, "ECB MRO 2.50 % (since 21 Dec 2022)"),
    (2023, 7, 400, "ECB MRO 4.00 % (since 21 Jun 2023)"),
    (2024, 1, 450, "ECB MRO 4.50 % (since 20 Sep 2023)"),
    (2024, 7, 425, "ECB MRO 4.25 % (since 12 Jun 2024)"),
    (2025, 1, 315, "ECB MRO 3.15 % (since 18 Dec 2024)"),
    (2025, 7, 215, "ECB MRO 2.15 % (since 11 Jun 2025)"),
    (
        2026,
        1,
        215,
        "ECB MRO 2.15 % (unchanged on 18 Dec 2025); the rate for 1 Jul 2026 is not in this table yet",
    ),
];

fn day(y: i32, m: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, 1).unwrap_or_default()
}

/// `rate` (hundredths of a percent) rounded up to the next half point (50 hundredths).
fn up_to_half_point(rate: i64) -> i64 {
    (rate + 49) / 50 * 50
}

fn from_ecb(plus: impl Fn(i64) -> i64, law: &str) -> RateTable {
    RateTable(
        ECB_REFERENCE
            .iter()
            .map(|&(y, m, ecb, seen)| RatePeriod {
                valid_from: day(y, m),
                rate: Decimal::new(plus(ecb), 2),
                source: format!("{law}; {seen}"),
            })
            .collect(),
    )
}

/// Netherlands, business debts: the *wettelijke handelsrente* (art. 6:119a BW), the ECB
/// rate + 8 points (art. 6:120 lid 2 BW), not rounded. Published: 2023-H1 10.50 %,
/// 2023-H2 12 %, 2024-H1 12.50 %, 2024-H2 12.25 %, 2025-H1 11.15 %, 2025-H2 10.15 %;
/// 2026-H1 10.15 % is computed from the ECB rate (publication not seen).
pub fn nl_commercial() -> RateTable {
    from_ecb(
        |ecb| ecb + 800,
        "wettelijke handelsrente, art. 6:119a and 6:120 lid 2 BW (ECB rate + 8 points)",
    )
}

/// The EU minimum for business debts in any member state: the ECB rate + 8 points
/// (Directive 2011/7/EU art. 2(6) and (7), "reference rate" of the half year).
pub fn eu_minimum() -> RateTable {
    from_ecb(
        |ecb| ecb + 800,
        "statutory interest, Directive 2011/7/EU art. 2(6): ECB rate + 8 points (a minimum; national law may set more)",
    )
}

/// Belgium, business debts: law of 2 August 2002 art. 5, the ECB rate + 8 points rounded
/// up to the next half point, published each half year by the FPS Finance in the
/// Belgian Official Gazette. Published: 2023-H1 10.50 %, 2024-H1 and H2 12.50 %,
/// 2025-H1 11.50 %, 2025-H2 10.50 %; 2023-H2 12 % is computed (publication not seen);
/// 2026-H1 10.50 % was announced as unchanged before its publication.
pub fn be_commercial() -> RateTable {
    from_ecb(
        |ecb| up_to_half_point(ecb + 800),
        "law of 2 August 2002 art. 5 (ECB rate + 8 points, rounded up to the next half point), FPS Finance notice",
    )
}

fn listed(rows: &[(i32, u32, i64, &str)]) -> RateTable {
    RateTable(
        rows.iter()
            .map(|&(y, m, rate, source)| RatePeriod {
                valid_from: day(y, m),
                rate: Decimal::new(rate, 2),
                source: source.into(),
            })
            .collect(),
    )
}

/// Netherlands, consumers and other non-commercial debts: the *wettelijke rente* (art.
/// 6:119 BW), set by decree (Besluit vaststelling wettelijke rente). Confirmed through
/// 2024-H2 (7 %). **Later rates could not be confirmed** when this table was written:
/// calculations after 2024-12-31 warn that the last rate was assumed; add the current
/// rate to the policy (`[fees] consumer_interest_rates`).
pub fn nl_statutory() -> RateTable {
    const SRC: &str = "wettelijke rente, art. 6:119 BW, Besluit vaststelling wettelijke rente";
    listed(&[
        (2023, 1, 400, SRC),
        (2023, 7, 600, SRC),
        (2024, 1, 700, SRC),
        (2024, 7, 700, SRC),
    ])
}

/// Belgium, the legal interest rate (law of 5 May 1865 art. 2 §1: the average 1-year
/// Euribor of December rounded up to a quarter point + 2 points), for a year at a time,
/// published in the Belgian Official Gazette; it applies to consumers when no
/// contractual rate was agreed. 2023 5.25 %, 2024 5.75 %, 2025 4.50 %, 2026 4.50 %.
pub fn be_legal() -> RateTable {
    const SRC: &str = "legal interest rate, law of 5 May 1865 art. 2 §1, Belgian Official Gazette";
    listed(&[
        (2023, 1, 525, SRC),
        (2024, 1, 575, SRC),
        (2025, 1, 450, SRC),
        (2026, 1, 450, SRC),
    ])
}

/// The statutory interest of a debt under `regime` and whether it compounds yearly;
/// `None` where the engine knows no statutory interest.
pub fn of_regime(regime: Regime) -> Option<(RateTable, bool)> {
    match regime {
        Regime::BeB2c => Some((be_legal(), false)),
        Regime::BeB2b => Some((be_commercial(), false)),
        Regime::NlB2c => Some((nl_statutory(), true)),
        Regime::NlB2b => Some((nl_commercial(), true)),
        Regime::EuB2b => Some((eu_minimum(), false)),
        Regime::None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rate(t: &RateTable, y: i32, m: u32) -> Decimal {
        t.rate_on(day(y, m)).unwrap().0
    }

    #[test]
    fn the_formulas_give_the_published_rates() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        // NL handelsrente = ECB + 8: 4.25 + 8 = 12.25; 3.15 + 8 = 11.15; 2.15 + 8 = 10.15.
        let nl = nl_commercial();
        assert_eq!(rate(&nl, 2023, 7), d("12.00"));
        assert_eq!(rate(&nl, 2024, 1), d("12.50"));
        assert_eq!(rate(&nl, 2024, 7), d("12.25"));
        assert_eq!(rate(&nl, 2025, 1), d("11.15"));
        assert_eq!(rate(&nl, 2025, 7), d("10.15"));
        // BE = ECB + 8 rounded up to the next half point: 12.25 → 12.50; 11.15 → 11.50;
        // 10.15 → 10.50; 10.50 stays 10.50.
        let be = be_commercial();
        assert_eq!(rate(&be, 2023, 1), d("10.50"));
        assert_eq!(rate(&be, 2024, 7), d("12.50"));
        assert_eq!(rate(&be, 2025, 1), d("11.50"));
        assert_eq!(rate(&be, 2025, 7), d("10.50"));
        assert_eq!(rate(&be, 2026, 1), d("10.50"));
        assert_eq!(up_to_half_point(1200), 1200);
        assert_eq!(up_to_half_point(1201), 1250);
        assert_eq!(rate(&be_legal(), 2025, 3), d("4.50"));
        assert_eq!(rate(&nl_statutory(), 2024, 9), d("7.00"));
        for t in [
            nl_commercial(),
            be_commercial(),
            eu_minimum(),
            nl_statutory(),
            be_legal(),
        ] {
            assert!(t.problems().is_empty());
            assert!(t.0.iter().all(|p| !p.source.is_empty()));
        }
    }
}
