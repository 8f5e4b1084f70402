//! A customer's own payment habit, learnt from its settled invoices: some pay in the
//! last days of the month, others a steady number of days after the due date. A
//! customer who departs from its habit is a signal (DESIGN.md, "Collector worklist").

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::collections::policy::risk::settled_on;
use crate::kpi::{days_in_month, last_of_month};
use crate::model::{Money, Portfolio};

/// How a customer usually pays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Habit {
    /// At least 60 % of payments fall in the last 5 days of a month.
    MonthEnd,
    /// Typically (median) this many days after the due date (negative: early).
    DaysAfterDue {
        /// Median days late.
        median_days: i64,
    },
    /// Fewer than 3 settled invoices in the lookback window.
    Unknown,
}

/// The habit of customer `c` over the `lookback_months` before `as_of`.
pub fn habit(p: &Portfolio, c: usize, as_of: NaiveDate, lookback_months: u32) -> Habit {
    let start = as_of
        .checked_sub_months(Months::new(lookback_months))
        .unwrap_or(NaiveDate::MIN);
    let mut settled: Vec<(NaiveDate, NaiveDate)> = Vec::new();
    for &i in p.invoices_of_customer(c) {
        let inv = &p.invoices()[i as usize];
        if inv.amount <= Money::ZERO || inv.due_date <= start || inv.due_date > as_of {
            continue;
        }
        if let Some(d) = settled_on(p, i as usize, as_of) {
            settled.push((inv.due_date, d));
        }
    }
    if settled.len() < 3 {
        return Habit::Unknown;
    }
    let month_end = settled
        .iter()
        .filter(|(_, d)| d.day() + 4 >= days_in_month(*d))
        .count();
    if month_end * 10 >= settled.len() * 6 {
        return Habit::MonthEnd;
    }
    let mut late: Vec<i64> = settled
        .iter()
        .map(|(due, d)| (*d - *due).num_days())
        .collect();
    late.sort_unstable();
    Habit::DaysAfterDue {
        median_days: late[late.len() / 2],
    }
}

/// The date a customer with `habit` would have paid an invoice due on `due`: the last
/// day of that month for a month-end payer, `due + median` days otherwise; `None` when
/// the habit is unknown.
pub fn expected_payment(habit: Habit, due: NaiveDate) -> Option<NaiveDate> {
    match habit {
        Habit::MonthEnd => Some(last_of_month(due)),
        Habit::DaysAfterDue { median_days } => {
            Some(due + chrono::Duration::days(median_days.max(0)))
        }
        Habit::Unknown => None,
    }
}
