//! A running total of amounts that is the decimal sum, digit for digit, while adding
//! most amounts as one integer addition.
//!
//! The KPIs add an invoice's amount or balance to its period's sales, its countback
//! month and its aging bucket at every snapshot date: millions of decimal additions on
//! a large portfolio, each of which aligns scales and carries through 96 bits (6 % of
//! the one-thread upload benchmark's samples; more in the browser). Amounts of one portfolio nearly all have the same scale (cents),
//! so the total keeps their sum as a 64-bit count of units of that scale and becomes a
//! decimal only when an amount does not fit that (another scale, a zero, an overflow).
//! Every figure is the one the decimal additions, in the same order, would give — with
//! the same scale, which is what the reports print: see [`Total::add`].

use crate::model::Money;

/// A sum of amounts, equal to `Money::ZERO` followed by `+=` of each amount in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Total {
    /// `units` × 10^−`scale`: every amount added so far was non-zero, had this scale and
    /// fitted, with the sum, in 64 bits.
    Units { units: i64, scale: u32 },
    /// The sum as a decimal (from the start, or since an amount that was not one of
    /// the above).
    Decimal(Money),
}

impl Default for Total {
    fn default() -> Total {
        Total::Decimal(Money::ZERO)
    }
}

impl Total {
    /// Adds `amount`. The decimal sum of two non-zero amounts of one scale is their
    /// units added, in that scale (also when it is zero: `5.00 + −5.00 = 0.00`), and a
    /// zero plus a non-zero amount is that amount as it is (its scale kept): these two
    /// rules are the integer path, checked against the decimal one by a property test.
    /// Anything else (a zero amount, another scale, a mantissa or sum beyond 64 bits) is
    /// added as a decimal, from the sum so far.
    #[inline]
    pub(crate) fn add(&mut self, amount: Money) {
        if let Ok(m) = i64::try_from(amount.mantissa())
            && m != 0
        {
            match self {
                Total::Units { units, scale } if *scale == amount.scale() => {
                    if let Some(sum) = units.checked_add(m) {
                        *units = sum;
                        return;
                    }
                }
                Total::Decimal(d) if d.is_zero() => {
                    *self = Total::Units {
                        units: m,
                        scale: amount.scale(),
                    };
                    return;
                }
                _ => {}
            }
        }
        let mut d = self.value();
        d += amount;
        *self = Total::Decimal(d);
    }

    /// Adds the total `other` (of other rows): as adding its value.
    pub(crate) fn merge(&mut self, other: &Total) {
        self.add(other.value());
    }

    /// The sum.
    pub(crate) fn value(&self) -> Money {
        match *self {
            Total::Units { units, scale } => Money::from_i128_with_scale(units.into(), scale),
            Total::Decimal(d) => d,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::str::FromStr;

    /// The sum as the decimal additions give it, with what `Display` shows of it (the
    /// scale and the sign of a zero included).
    fn shown(d: Money) -> String {
        format!("{d} {}", d.is_sign_negative())
    }

    fn decimal_sum(amounts: &[Money]) -> Money {
        let mut sum = Money::ZERO;
        for a in amounts {
            sum += *a;
        }
        sum
    }

    fn total_of(amounts: &[Money]) -> Total {
        let mut t = Total::default();
        for a in amounts {
            t.add(*a);
        }
        t
    }

    #[test]
    fn cents_add_as_units_and_the_rest_as_decimals() {
        let d = |s: &str| Money::from_str(s).unwrap();
        // 12.50 + 7.25 − 19.75 = 0.00 (scale 2, not negative), then + 3.10 = 3.10.
        let t = total_of(&[d("12.50"), d("7.25"), d("-19.75"), d("3.10")]);
        assert_eq!(
            t,
            Total::Units {
                units: 310,
                scale: 2
            }
        );
        // A whole number among cents: 3.10 + 2 = 5.10, as a decimal from then on.
        let t = total_of(&[d("3.10"), d("2"), d("0.01")]);
        assert_eq!(t, Total::Decimal(d("5.11")));
        // A zero first keeps the next amount's scale: 0.000 + 5.00 = 5.00.
        assert_eq!(
            shown(total_of(&[d("0.000"), d("5.00")]).value()),
            "5.00 false"
        );
        assert_eq!(Total::default().value(), Money::ZERO);
        // Zeros, signed and of other scales, where the decimal additions keep or drop a
        // zero's sign and scale by rules of their own: the total follows them.
        let zero = |s: u32| Money::new(0, s);
        let cases: [&[Money]; 7] = [
            &[-zero(2)],
            &[zero(3)],
            &[-zero(2), -zero(2)],
            &[zero(2), -zero(3)],
            &[d("5.00"), -zero(2)],
            &[d("5.00"), d("-5.00"), -zero(1)],
            &[-zero(0), d("1.5"), d("-1.5"), zero(4)],
        ];
        for amounts in cases {
            let t = total_of(amounts);
            assert_eq!(shown(t.value()), shown(decimal_sum(amounts)), "{amounts:?}");
        }
    }

    fn amount() -> impl Strategy<Value = Money> {
        prop_oneof![
            // Mostly cents, some other scales, zeros of any scale and sign, and
            // mantissas near and beyond 64 bits.
            4 => (-100_000i64..100_000).prop_map(|c| Money::new(c, 2)),
            1 => (-1000i64..1000, 0u32..6).prop_map(|(m, s)| Money::new(m, s)),
            1 => (0u32..4, any::<bool>()).prop_map(|(s, neg)| {
                let z = Money::new(0, s);
                if neg { -z } else { z }
            }),
            1 => (any::<i64>(), 0u32..3).prop_map(|(m, s)| Money::new(m, s)),
            1 => (any::<i32>(), any::<i32>()).prop_map(|(a, b)| {
                Money::from_i128_with_scale(i128::from(a) << 40 | i128::from(b as u32), 2)
            }),
        ]
    }

    proptest! {
        /// The total is the decimal sum, shown the same (scale and sign of a zero
        /// included), for any amounts in any order, and merging totals of two parts is
        /// adding the second's sum to the first.
        #[test]
        fn a_total_is_the_decimal_sum(
            amounts in prop_oneof![
                proptest::collection::vec(amount(), 0..4),
                proptest::collection::vec(amount(), 0..40),
            ],
            cut in 0usize..40,
        ) {
            let t = total_of(&amounts);
            prop_assert_eq!(shown(t.value()), shown(decimal_sum(&amounts)));
            let cut = cut.min(amounts.len());
            let mut first = total_of(&amounts[..cut]);
            first.merge(&total_of(&amounts[cut..]));
            let mut parts = decimal_sum(&amounts[..cut]);
            parts += decimal_sum(&amounts[cut..]);
            prop_assert_eq!(shown(first.value()), shown(parts));
        }
    }
}
