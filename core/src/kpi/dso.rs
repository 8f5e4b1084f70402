//! Days sales outstanding, three ways (DOMAIN.md §3).

use rust_decimal::Decimal;

use crate::model::Money;

/// Period DSO = AR / credit sales × days. `None` when sales are zero.
///
/// Seed 004: AR 100, sales 120 over 30 days → 25 days.
pub fn dso(receivables: Money, credit_sales: Money, days: i64) -> Option<Decimal> {
    scaled_ratio(receivables, Decimal::from(days), credit_sales)
}

/// Best possible DSO = current AR / credit sales × days: the DSO if every customer paid
/// exactly on the due date. `None` when sales are zero.
pub fn best_possible_dso(current: Money, credit_sales: Money, days: i64) -> Option<Decimal> {
    dso(current, credit_sales, days)
}

/// Average days delinquent = DSO − best possible DSO.
pub fn average_days_delinquent(dso: Option<Decimal>, bpdso: Option<Decimal>) -> Option<Decimal> {
    Some(dso? - bpdso?)
}

/// One month of the countback walk: the month's credit sales and the days it counts for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthSales {
    /// Credit sales issued in the month (up to the as-of date for the current month).
    pub sales: Money,
    /// Days of the month counted (for the current month: up to the as-of date).
    pub days: u32,
}

/// The countback walk stops after this many months.
pub const COUNTBACK_MONTHS: usize = 24;

/// Countback DSO: with R = AR, walk back month by month (newest first): while R ≥ the
/// month's sales, add its days and subtract its sales from R; at the first month whose
/// sales exceed R, add R / sales × its days and stop. At most 24 months are walked.
/// The walk also stops once R is exactly zero (all receivables are accounted for).
/// `None` only when R is negative and meets a month without sales (no ratio exists).
///
/// Worked example (trymesha.com): R = 212,000; sales 100,000, 80,000, 70,000 in 30-day
/// months → 30 + 30 + 32/70 × 30 = 73.71 days.
pub fn countback_dso(receivables: Money, months_newest_first: &[MonthSales]) -> Option<Decimal> {
    let mut r = receivables;
    let mut days = Decimal::ZERO;
    for m in months_newest_first.iter().take(COUNTBACK_MONTHS) {
        if r.is_zero() {
            break;
        }
        if r >= m.sales {
            days += Decimal::from(m.days);
            r -= m.sales;
        } else {
            return scaled_ratio(r, Decimal::from(m.days), m.sales).map(|x| days + x);
        }
    }
    Some(days)
}

/// `a / b`, or `None` when `b` is zero (DOMAIN.md §3: a ratio with a zero denominator is
/// absent, never 0 or infinity).
pub fn ratio(a: Decimal, b: Decimal) -> Option<Decimal> {
    if b.is_zero() { None } else { a.checked_div(b) }
}

/// `a / b × 100`, or `None` when `b` is zero.
pub fn percent(a: Decimal, b: Decimal) -> Option<Decimal> {
    scaled_ratio(a, Decimal::ONE_HUNDRED, b)
}

/// `a × k / b`, multiplying first so that exact results stay exact (100 × 30 / 120 = 25,
/// not 24.999…); falls back to dividing first if the product would overflow.
fn scaled_ratio(a: Decimal, k: Decimal, b: Decimal) -> Option<Decimal> {
    if b.is_zero() {
        return None;
    }
    match a.checked_mul(k) {
        Some(ak) => ak.checked_div(b),
        None => a.checked_div(b).and_then(|r| r.checked_mul(k)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::RoundingStrategy::MidpointAwayFromZero;

    fn dec(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn r2(d: Decimal) -> Decimal {
        d.round_dp_with_strategy(2, MidpointAwayFromZero)
    }

    #[test]
    fn seed_004_example() {
        assert_eq!(dso(dec("100"), dec("120"), 30), Some(dec("25")));
    }

    #[test]
    fn annual_example() {
        let d = dso(dec("150000"), dec("1800000"), 365).unwrap();
        assert_eq!(r2(d), dec("30.42"));
    }

    #[test]
    fn countback_example() {
        let m = |s: &str| MonthSales {
            sales: dec(s),
            days: 30,
        };
        let d = countback_dso(dec("212000"), &[m("100000"), m("80000"), m("70000")]).unwrap();
        assert_eq!(r2(d), dec("73.71"));
    }

    #[test]
    fn countback_edges() {
        let m = |s: &str, days| MonthSales {
            sales: dec(s),
            days,
        };
        // Zero AR: zero days, whatever the sales.
        assert_eq!(
            countback_dso(dec("0"), &[m("0", 31), m("10", 30)]),
            Some(dec("0"))
        );
        // AR exactly equal to the first month: that month's days, then stop at R = 0.
        assert_eq!(
            countback_dso(dec("10"), &[m("10", 15), m("10", 30)]),
            Some(dec("15"))
        );
        // More AR than 24 months of sales: the walk stops after 24 months.
        let months = vec![m("1", 30); 30];
        assert_eq!(countback_dso(dec("1000"), &months), Some(dec("720")));
        // Negative AR meeting a month with no sales: no ratio exists.
        assert_eq!(countback_dso(dec("-5"), &[m("0", 30)]), None);
        // Negative AR against positive sales: a negative number of days.
        assert_eq!(countback_dso(dec("-5"), &[m("10", 30)]), Some(dec("-15")));
    }

    #[test]
    fn add_example() {
        let d = dso(dec("15000"), dec("10000"), 30);
        let b = best_possible_dso(dec("4000"), dec("10000"), 30);
        assert_eq!(d, Some(dec("45")));
        assert_eq!(b, Some(dec("12")));
        assert_eq!(average_days_delinquent(d, b), Some(dec("33")));
        assert_eq!(dso(dec("1"), dec("0"), 30), None);
        assert_eq!(average_days_delinquent(None, b), None);
    }
}
