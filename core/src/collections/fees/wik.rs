//! Netherlands: statutory extrajudicial collection costs (WIK).

use rust_decimal::Decimal;

use crate::model::{Money, round2};

/// The WIK staffel (Besluit vergoeding voor buitengerechtelijke incassokosten, art. 2):
/// `(band width, percent)`, applied to consecutive slices of the principal.
const BANDS: [(i64, i64); 4] = [(2_500, 15), (2_500, 10), (5_000, 5), (190_000, 1)];

/// Minimum amount of the WIK compensation (art. 2 lid 1).
pub const MINIMUM: Decimal = Decimal::from_parts(40, 0, 0, false, 0);
/// Maximum amount of the WIK compensation (art. 2 lid 1).
pub const MAXIMUM: Decimal = Decimal::from_parts(6_775, 0, 0, false, 0);

/// Statutory collection costs on a principal, in euro, excluding VAT (DOMAIN.md §6):
/// 15 % of the first €2,500, 10 % of the next €2,500, 5 % of the next €5,000, 1 % of
/// the next €190,000 and 0.5 % of the rest, at least €40 and at most €6,775.
/// Zero for a principal that is not positive (nothing is owed).
///
/// Vectors: €200 → €40; €1,000 → €150; €10,000 → €875; €1,000,000 → €6,775.
pub fn wik(principal: Money) -> Money {
    if principal <= Money::ZERO {
        return round2(Money::ZERO);
    }
    let mut rest = principal;
    let mut fee = Money::ZERO;
    for (width, pct) in BANDS {
        let slice = rest.min(Decimal::from(width));
        fee += slice * Decimal::from(pct) / Decimal::ONE_HUNDRED;
        rest -= slice;
        if rest.is_zero() {
            break;
        }
    }
    fee += rest * Decimal::new(5, 3);
    round2(fee.clamp(MINIMUM, MAXIMUM))
}

/// WIK compensation plus VAT at `vat_percent`, for a creditor that cannot reclaim VAT
/// (and says so in the 14-day letter).
pub fn wik_with_vat(principal: Money, vat_percent: Decimal) -> Money {
    let base = wik(principal);
    round2(base + base * vat_percent / Decimal::ONE_HUNDRED)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn domain_vectors() {
        assert_eq!(wik(d("200")), d("40.00"));
        assert_eq!(wik(d("1000")), d("150.00"));
        assert_eq!(wik(d("10000")), d("875.00"));
        assert_eq!(wik(d("1000000")), d("6775.00"));
    }

    #[test]
    fn band_boundaries() {
        // Minimum until 15 % reaches 40: 266.67 → 40.0005 → 40.00; 266.66 → 40.00 (minimum).
        assert_eq!(wik(d("266.66")), d("40.00"));
        assert_eq!(wik(d("266.67")), d("40.00"));
        assert_eq!(wik(d("300")), d("45.00"));
        assert_eq!(wik(d("2500")), d("375.00"));
        assert_eq!(wik(d("2500.01")), d("375.00"));
        assert_eq!(wik(d("2500.10")), d("375.01"));
        assert_eq!(wik(d("5000")), d("625.00"));
        assert_eq!(wik(d("5100")), d("630.00"));
        assert_eq!(wik(d("10100")), d("876.00"));
        assert_eq!(wik(d("200000")), d("2775.00"));
        assert_eq!(wik(d("200200")), d("2776.00"));
        // The maximum is reached at exactly €1,000,000.
        assert_eq!(wik(d("999999.99")), d("6775.00"));
        assert_eq!(wik(d("5000000")), d("6775.00"));
        assert_eq!(wik(d("0")), d("0.00"));
        assert_eq!(wik(d("-10")), d("0.00"));
    }

    #[test]
    fn vat_is_added_on_top() {
        assert_eq!(wik_with_vat(d("1000"), d("21")), d("181.50"));
    }
}
