//! Belgium: what may be charged to a consumer in arrears (Book XIX Code of Economic Law,
//! law of 4 May 2023, in force 1 September 2023).

use rust_decimal::Decimal;

use crate::model::{Money, round2};

/// Most a later reminder may cost, before postage (art. XIX.2 §2): €7.50.
pub const MAX_REMINDER_FEE: Decimal = Decimal::from_parts(750, 0, 0, false, 2);
/// Upper bound of the damages lump sum: €2,000.
pub const MAX_DAMAGES: Decimal = Decimal::from_parts(2_000, 0, 0, false, 0);

/// Maximum damages (schadebeding / clause pénale) on an unpaid balance owed by a consumer
/// (DOMAIN.md §6): ≤ €150 → €20; €150.01–€500 → €30 + 10 % of the part above €150;
/// above €500 → €65 + 5 % of the part above €500, at most €2,000 (reached at €39,200).
/// Zero for a balance that is not positive.
///
/// Vectors: €100 → €20; €300 → €45; €1,000 → €90.
pub fn damages(balance: Money) -> Money {
    if balance <= Money::ZERO {
        return round2(Money::ZERO);
    }
    let pct = |d: Decimal, p: i64| d * Decimal::from(p) / Decimal::ONE_HUNDRED;
    let fee = if balance <= Decimal::from(150) {
        Decimal::from(20)
    } else if balance <= Decimal::from(500) {
        Decimal::from(30) + pct(balance - Decimal::from(150), 10)
    } else {
        Decimal::from(65) + pct(balance - Decimal::from(500), 5)
    };
    round2(fee.min(MAX_DAMAGES))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn domain_vectors() {
        assert_eq!(damages(d("100")), d("20.00"));
        assert_eq!(damages(d("300")), d("45.00"));
        assert_eq!(damages(d("1000")), d("90.00"));
    }

    #[test]
    fn band_boundaries() {
        assert_eq!(damages(d("150")), d("20.00"));
        assert_eq!(damages(d("150.01")), d("30.00"));
        assert_eq!(damages(d("150.10")), d("30.01"));
        assert_eq!(damages(d("500")), d("65.00"));
        assert_eq!(damages(d("500.01")), d("65.00"));
        assert_eq!(damages(d("500.20")), d("65.01"));
        assert_eq!(damages(d("39199.99")), d("2000.00"));
        assert_eq!(damages(d("39180")), d("1999.00"));
        assert_eq!(damages(d("39200")), d("2000.00"));
        assert_eq!(damages(d("1000000")), d("2000.00"));
        assert_eq!(damages(d("0")), d("0.00"));
    }
}
