//! Collection effectiveness index (DOMAIN.md §3).

use rust_decimal::Decimal;

use super::dso::percent;
use crate::model::Money;

/// CEI = (AR(from − 1) + S − AR(to)) / (AR(from − 1) + S − current AR(to)) × 100:
/// the share of what could have been collected in the period that was collected.
/// `None` when the denominator is zero.
///
/// Worked example (wizedu.com): begin 6,200; sales 10,890; end 6,340; current end 3,590
/// → 79.63 %.
pub fn cei(
    opening_ar: Money,
    credit_sales: Money,
    closing_ar: Money,
    closing_current: Money,
) -> Option<Decimal> {
    let collectible = opening_ar + credit_sales;
    percent(collectible - closing_ar, collectible - closing_current)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::RoundingStrategy::MidpointAwayFromZero;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn worked_examples() {
        let r = |x: Option<Decimal>| x.unwrap().round_dp_with_strategy(2, MidpointAwayFromZero);
        assert_eq!(
            r(cei(d("6200"), d("10890"), d("6340"), d("3590"))),
            d("79.63")
        );
        assert_eq!(
            r(cei(d("100000"), d("1000000"), d("120000"), d("100000"))),
            d("98.00")
        );
        assert_eq!(cei(d("0"), d("100"), d("50"), d("100")), None);
    }
}
