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

impl RateTable {
    /// The rate on day `d` and whether the table had an entry valid then (`false` when
    /// `d` is before the first entry, in which case the first rate is used).
    pub fn rate_on(&self, d: NaiveDate) -> Option<(Decimal, bool)> {
        let pos = self.0.partition_point(|p| p.valid_from <= d);
        match pos {
            0 => self.0.first().map(|p| (p.rate, false)),
            n => Some((self.0[n - 1].rate, true)),
        }
    }

    /// The source of the rate used on day `d` (the first entry's before the table).
    pub fn source_on(&self, d: NaiveDate) -> &str {
        let pos = self.0.partition_point(|p| p.valid_from <= d).max(1);
        self.0.get(pos - 1).map_or("", |p| p.source.as_str())
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
    /// Where the rate comes from (the table entry's source).
    pub source: String,
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

impl Interest {
    /// No interest (yet): zero, no stretches, no warnings.
    fn none() -> Interest {
        Interest {
            amount: round2(Money::ZERO),
            periods: Vec::new(),
            warnings: Vec::new(),
        }
    }
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
    let mut out = Interest::none();
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
        let source = table.source_on(from).to_string();
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
            source,
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

/// Late-payment interest that is **compounded yearly** (NL art. 6:119 lid 2 and 6:119a
/// lid 4 BW): at the end of each year counted from `first_day`, that year's interest is
/// added to the sum on which interest runs, for as long as a balance is open. Within a
/// year the stretches are those of [`interest`]; the total is rounded once. Payments
/// reduce the balance as `steps` records them (the ledger's allocation; art. 6:44 BW
/// would apply them to costs and interest first).
pub fn compounded(
    steps: &[(NaiveDate, Money)],
    first_day: NaiveDate,
    last_day: NaiveDate,
    table: &RateTable,
) -> Interest {
    let mut out = Interest::none();
    let mut added = Money::ZERO;
    let mut total = Money::ZERO;
    let mut start = first_day;
    for year in 1u32.. {
        let Some(next) = first_day.checked_add_months(Months::new(12 * year)) else {
            break;
        };
        let end = next.pred_opt().unwrap_or(next).min(last_day);
        // The year's base: each open balance plus the interest added so far.
        let base: Vec<(NaiveDate, Money)> = steps
            .iter()
            .map(|&(d, b)| (d, if b > Money::ZERO { b + added } else { b }))
            .collect();
        let y = interest(&base, start, end, table);
        let earned: Money = y.periods.iter().map(|p| p.amount).sum();
        total += earned;
        added += earned;
        out.periods.extend(y.periods);
        for w in y.warnings {
            if !out.warnings.contains(&w) {
                out.warnings.push(w);
            }
        }
        if end >= last_day {
            break;
        }
        start = next;
    }
    out.amount = round2(total);
    out
}

/// Late-payment interest under a law's terms: [`compounded`] yearly when `compound`
/// (the Netherlands), else [`interest`].
pub fn accrued(
    steps: &[(NaiveDate, Money)],
    first_day: NaiveDate,
    last_day: NaiveDate,
    table: &RateTable,
    compound: bool,
) -> Interest {
    if compound {
        compounded(steps, first_day, last_day, table)
    } else {
        interest(steps, first_day, last_day, table)
    }
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
        let t = crate::collections::law::rates::nl_commercial();
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
        let t = crate::collections::law::rates::nl_commercial();
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
    fn dutch_interest_is_added_to_the_base_after_each_year() {
        // €10,000 from 2024-01-01 through 2025-12-31 at the handelsrente:
        // year 1 (2024, 366 days): 10000×12.50%×182/365 + 10000×12.25%×184/365
        //   = 623.287671 + 617.534247 = 1240.821918;
        // year 2 (2025) on 11240.821918: ×11.15%×181/365 + ×10.15%×184/365
        //   = 621.525062 + 575.160521 = 1196.685583;
        // total 2437.507500 → 2437.51 (simple interest: 2305.41).
        let t = crate::collections::law::rates::nl_commercial();
        let steps = [(d("2023-12-31"), m("10000"))];
        let i = compounded(&steps, d("2024-01-01"), d("2025-12-31"), &t);
        assert_eq!(i.periods.len(), 4);
        assert_eq!(i.periods[2].principal.round_dp(6), m("11240.821918"));
        assert_eq!(i.amount, m("2437.51"));
        let simple = interest(&steps, d("2024-01-01"), d("2025-12-31"), &t);
        assert_eq!(simple.amount, m("2305.41"));
    }

    #[test]
    fn stale_table_warns() {
        // The table's last entry is 2026-01-01: from 2026-07-01 on its rate is assumed.
        let t = crate::collections::law::rates::nl_commercial();
        let steps = [(d("2025-01-01"), m("100"))];
        let fresh = interest(&steps, d("2026-02-01"), d("2026-02-10"), &t);
        assert!(fresh.warnings.is_empty(), "{:?}", fresh.warnings);
        let i = interest(&steps, d("2026-08-01"), d("2026-08-10"), &t);
        assert_eq!(i.warnings.len(), 1, "{:?}", i.warnings);
        assert_eq!(simple(m("1000"), m("8"), 365), m("80.00"));
        assert_eq!(simple(m("1000"), m("8"), 0), m("0.00"));
    }
}
