//! One pass over the portfolio computes every KPI for every period and segment.

use chrono::{Datelike, Months, NaiveDate};

use super::dso::{self, COUNTBACK_MONTHS, MonthSales};
use super::period::{Period, days_in_month, first_of_month};
use super::series::Series;
use super::snapshot::Snapshot;
use super::supporting::SupportingKpis;
use super::{KpiOptions, cei};
use crate::model::{Money, Portfolio};

/// The KPIs of one group of customers (the whole portfolio or one segment) for one
/// period, unrounded (round once, at output: see [`super::report`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KpiSet {
    /// Credit sales S: invoice amounts issued in the period, credit notes included.
    pub credit_sales: Money,
    /// Receivables the day before the period starts.
    pub opening: Snapshot,
    /// Receivables at the end of the period.
    pub closing: Snapshot,
    /// Write-offs dated in the period.
    pub write_offs: Money,
    /// Credit sales per calendar month, newest first, as used by countback DSO.
    pub monthly_sales: Vec<MonthSales>,
    /// Period DSO, on invoice balances.
    pub dso: Option<Money>,
    /// Net DSO: net AR (less unapplied cash) / S × days.
    pub dso_net: Option<Money>,
    /// Countback DSO.
    pub dso_countback: Option<Money>,
    /// Best possible DSO.
    pub best_possible_dso: Option<Money>,
    /// Average days delinquent.
    pub average_days_delinquent: Option<Money>,
    /// Collection effectiveness index, percent.
    pub cei: Option<Money>,
    /// Bad-debt ratio: write-offs / credit sales, percent.
    pub bad_debt_ratio: Option<Money>,
    /// Overdue AR / AR, percent.
    pub overdue_percent: Option<Money>,
    /// Balances more than 60 days past due / AR, percent.
    pub overdue_60_percent: Option<Money>,
}

impl KpiSet {
    /// Receivables at the end of the period.
    pub fn receivables(&self) -> Money {
        self.closing.receivables()
    }

    pub(super) fn new(
        period: &Period,
        credit_sales: Money,
        opening: Snapshot,
        closing: Snapshot,
        write_offs: Money,
        monthly_sales: Vec<MonthSales>,
    ) -> KpiSet {
        let days = period.days();
        let ar = closing.receivables();
        let current = closing.current();
        let d = dso::dso(ar, credit_sales, days);
        let b = dso::best_possible_dso(current, credit_sales, days);
        KpiSet {
            dso: d,
            dso_net: dso::dso(closing.net_receivables(), credit_sales, days),
            dso_countback: dso::countback_dso(ar, &monthly_sales),
            best_possible_dso: b,
            average_days_delinquent: dso::average_days_delinquent(d, b),
            cei: cei::cei(opening.receivables(), credit_sales, ar, current),
            bad_debt_ratio: dso::percent(write_offs, credit_sales),
            overdue_percent: dso::percent(closing.overdue(), ar),
            overdue_60_percent: dso::percent(closing.aging.over_60(), ar),
            credit_sales,
            opening,
            closing,
            write_offs,
            monthly_sales,
        }
    }
}

/// The KPIs of one segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SegmentKpis {
    /// The segment label.
    pub segment: String,
    /// Its KPIs.
    pub kpis: KpiSet,
}

/// All KPIs for one period: the whole portfolio, each segment (sorted by label) and the
/// supporting KPIs of DOMAIN.md §3.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KpiReport {
    /// The period.
    pub period: Period,
    /// The whole portfolio.
    pub total: KpiSet,
    /// Per segment, sorted by label.
    pub segments: Vec<SegmentKpis>,
    /// Disputes, first-invoice-unpaid, direct-debit reversals, write-offs.
    pub supporting: SupportingKpis,
}

/// Computes the KPIs of one period with default options.
pub fn compute(p: &Portfolio, period: Period) -> KpiReport {
    compute_series(p, &[period], &KpiOptions::default())
        .pop()
        .expect("compute_series returns one report per period")
}

/// Computes the KPIs of many periods (e.g. a 12-month trend) in one pass over the data:
/// every invoice is visited once and contributes to every snapshot date and period it
/// belongs to ([`Series`] run to its end). Returns one report per period, in the order
/// given. With more than one thread ([`KpiOptions::threads`]) the invoices are split into
/// contiguous parts visited side by side ([`Series::part`]), each with the same share of
/// the payments (an invoice costs more than a payment: splitting all rows in halves left
/// one thread most of the work), then merged: the same figures, exact sums in another
/// order.
pub fn compute_series(p: &Portfolio, periods: &[Period], options: &KpiOptions) -> Vec<KpiReport> {
    let (n_inv, n_pay) = (p.invoices().len(), p.payments().len());
    // Payment row matching invoice row `i` in proportion (all payments at the end).
    let share = |i: usize| {
        if i >= n_inv {
            n_pay
        } else {
            (i as u128 * n_pay as u128 / n_inv as u128) as usize
        }
    };
    let parts = crate::threads::in_ranges(n_inv, options.threads, |inv| {
        let pay = share(inv.start)..share(inv.end);
        Series::part(p, periods, inv, pay)
    });
    let mut parts = parts.into_iter();
    let Some(mut series) = parts.next() else {
        return Series::new(p, periods).finish(options);
    };
    for part in parts {
        series.merge(part);
    }
    series.finish(options)
}

/// Days counted for each countback month as of `to`: the current month up to `to`, then
/// each earlier full calendar month.
pub(super) fn countback_days(to: NaiveDate) -> Vec<u32> {
    let first = first_of_month(to);
    (0..COUNTBACK_MONTHS as u32)
        .map(|m| {
            if m == 0 {
                to.day()
            } else {
                first
                    .checked_sub_months(Months::new(m))
                    .map(days_in_month)
                    .unwrap_or(30)
            }
        })
        .collect()
}
