//! Statutory late-payment interest for business debts (EU Late Payment Directive
//! 2011/7/EU; NL art. 6:119a BW, BE law of 2 August 2002): a dated rate table and simple
//! interest on the reducing balance.

use chrono::{Months, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::model::{Money, round2};

/// One entry of a rate table: from `valid_from` on, the yearly rate is `rate` percent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatePeriod {
    /// First day the rate applies.
    pub valid_from: NaiveDate,
    /// Yearly rate in percent (e.g. `10.15`).
    pub rate: Decimal,
    /// Where the rate was published.
    pub source: String,
}

/// A dated table of statutory interest rates, sorted by `valid_from`. The rate changes
/// every half year (ECB reference rate + 8 points), so the table is data that users
/// extend; the engine warns when it is asked for a date more than six months after the
/// last entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct RateTable(pub Vec<RatePeriod>);

const NL_SOURCE: &str = "wettelijke handelsrente, art. 6:119a/6:120 BW (ECB main refinancing rate + 8 points), rijksoverheid.nl";

impl RateTable {
    /// The Dutch statutory commercial interest rate (wettelijke handelsrente) since 2023:
    /// the ECB main refinancing rate on 1 January / 1 July plus 8 points.
    pub fn nl_commercial() -> RateTable {
        let e = |y, m, rate: i64| RatePeriod {
            valid_from: NaiveDate::from_ymd_opt(y, m, 1).unwrap_or_default(),
            rate: Decimal::new(rate, 2),
            source: NL_SOURCE.into(),
        };
        RateTable(vec![
            e(2023, 1, 1050),
            e(2023, 7, 1200),
            e(2024, 1, 1250),
            e(2024, 7, 1225),
            e(2025, 1, 1115),
            e(2025, 7, 1015),
        ])
    }

    /// The rate on day `d` and whether the table had an entry valid then (`false` when
    /// `d` is before the first entry, in which case the first rate is used).
    pub fn rate_on(&self, d: NaiveDate) -> Option<(Decimal, bool)> {
        let pos = self.0.partition_point(|p| p.valid_from <= d);
        match pos {
            0 => self.0.first().map(|p| (p.rate, false)),
            n => Some((self.0[n - 1].rate, true)),
        }
    }

    /// Problems with the table itself: unsorted or duplicate dates, negative rates.
    pub fn problems(&self) -> Vec<(usize, String)> {
        let mut out = Vec::new();
        for (i, p) in self.0.iter().enumerate() {
            if p.rate.is_sign_negative() && !p.rate.is_zero() {
                out.push((i, "rate must not be negative".into()));
            }
            if i > 0 && p.valid_from <= self.0[i - 1].valid_from {
                out.push((
                    i,
                    "valid_from must be later than the previous entry's".into(),
                ));
            }
        }
        if self.0.is_empty() {
            out.push((0, "the table needs at least one rate".into()));
        }
        out
    }
}

/// A stretch of days with a constant balance and rate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterestPeriod {
    /// First day (inclusive).
    pub from: NaiveDate,
    /// Last day (inclusive).
    pub to: NaiveDate,
    /// Number of days.
    pub days: i64,
    /// Balance the interest runs on.
    pub principal: Money,
    /// Yearly rate in percent.
    pub rate: Decimal,
    /// Interest for the stretch, unrounded.
    pub amount: Money,
}

/// Interest owed, with how it was computed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interest {
    /// Total, rounded to cents once.
    pub amount: Money,
    /// The stretches it was computed over.
    pub periods: Vec<InterestPeriod>,
    /// Things the user should know (a stale or too short rate table).
    pub warnings: Vec<String>,
}

/// Simple late-payment interest from `first_day` through `last_day` (both inclusive) on a
/// reducing balance: `steps` lists `(date, balance from that date on)` in date order
/// (the first step at or before `first_day`). Each stretch of constant balance and rate
/// earns `balance × rate / 100 × days / 365` (actual/365); the total is rounded once.
/// Interest runs from the day after the due date (DOMAIN.md §6), so callers pass
/// `due_date + 1` as `first_day`.
pub fn interest(
    steps: &[(NaiveDate, Money)],
    first_day: NaiveDate,
    last_day: NaiveDate,
    table: &RateTable,
) -> Interest {
    let mut out = Interest {
        amount: round2(Money::ZERO),
        periods: Vec::new(),
        warnings: Vec::new(),
    };
    if last_day < first_day || table.0.is_empty() {
        return out;
    }
    // Break points: balance changes and rate changes inside the window.
    let mut breaks: Vec<NaiveDate> = steps
        .iter()
        .map(|s| s.0)
        .chain(table.0.iter().map(|p| p.valid_from))
        .filter(|d| *d > first_day && *d <= last_day)
        .collect();
    breaks.push(first_day);
    breaks.sort();
    breaks.dedup();
    let balance_on = |d: NaiveDate| {
        let k = steps.partition_point(|s| s.0 <= d);
        if k == 0 { Money::ZERO } else { steps[k - 1].1 }
    };
    let mut total = Money::ZERO;
    for (k, &from) in breaks.iter().enumerate() {
        let to = breaks
            .get(k + 1)
            .map(|d| d.pred_opt().unwrap_or(*d))
            .unwrap_or(last_day);
        let principal = balance_on(from);
        let Some((rate, known)) = table.rate_on(from) else {
            continue;
        };
        if !known {
            out.warnings.push(format!(
                "the rate table starts on {}; its first rate was used from {from}",
                table.0[0].valid_from
            ));
        }
        if principal <= Money::ZERO {
            continue;
        }
        let days = (to - from).num_days() + 1;
        let amount =
            principal * rate / Decimal::ONE_HUNDRED * Decimal::from(days) / Decimal::from(365);
        total += amount;
        out.periods.push(InterestPeriod {
            from,
            to,
            days,
            principal,
            rate,
            amount,
        });
    }
    if let Some(last) = table.0.last()
        && last
            .valid_from
            .checked_add_months(Months::new(6))
            .is_some_and(|stale| last_day >= stale)
    {
        out.warnings.push(format!(
            "the rate table ends with {} % from {}; that rate was assumed unchanged through {last_day} — add the newer rate",
            last.rate, last.valid_from
        ));
    }
    out.amount = round2(total);
    out
}

/// Simple interest at one fixed yearly `rate` percent for `days` days on `principal`
/// (actual/365), rounded to cents.
pub fn simple(principal: Money, rate: Decimal, days: i64) -> Money {
    if days <= 0 || principal <= Money::ZERO {
        return round2(Money::ZERO);
    }
    round2(principal * rate / Decimal::ONE_HUNDRED * Decimal::from(days) / Decimal::from(365))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }
    fn m(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn constant_balance_and_rate() {
        // €10,000 at 10.15 % for 31 days: 10000 × 0.1015 × 31 / 365 = 86.205… → 86.21.
        let t = RateTable::nl_commercial();
        let i = interest(
            &[(d("2025-07-01"), m("10000"))],
            d("2025-08-01"),
            d("2025-08-31"),
            &t,
        );
        assert_eq!(i.amount, m("86.21"));
        assert_eq!(i.periods.len(), 1);
        assert!(i.warnings.is_empty());
    }

    #[test]
    fn rate_change_and_partial_payment_split_the_period() {
        let t = RateTable::nl_commercial();
        // From 2024-12-17 through 2025-01-15 on €1,000, €400 paid on 2025-01-06.
        let steps = [(d("2024-11-01"), m("1000")), (d("2025-01-06"), m("600"))];
        let i = interest(&steps, d("2024-12-17"), d("2025-01-15"), &t);
        let p: Vec<(i64, Decimal, Decimal)> = i
            .periods
            .iter()
            .map(|p| (p.days, p.principal, p.rate))
            .collect();
        assert_eq!(
            p,
            vec![
                (15, m("1000"), m("12.25")),
                (5, m("1000"), m("11.15")),
                (10, m("600"), m("11.15")),
            ]
        );
        // 1000×.1225×15/365 + 1000×.1115×5/365 + 600×.1115×10/365 = 5.0342+1.5274+1.8329
        assert_eq!(i.amount, m("8.39"));
    }

    #[test]
    fn stale_table_warns() {
        let t = RateTable::nl_commercial();
        let i = interest(
            &[(d("2025-01-01"), m("100"))],
            d("2026-02-01"),
            d("2026-02-10"),
            &t,
        );
        assert_eq!(i.warnings.len(), 1, "{:?}", i.warnings);
        assert_eq!(simple(m("1000"), m("8"), 365), m("80.00"));
        assert_eq!(simple(m("1000"), m("8"), 0), m("0.00"));
    }
}
