//! One pass over the portfolio computes every KPI for every period and segment.

use chrono::{Datelike, Months, NaiveDate};

use super::dso::{self, COUNTBACK_MONTHS, MonthSales};
use super::period::{Period, days_in_month, first_of_month, months_between};
use super::snapshot::{Bucket, Snapshot};
use super::supporting::{self, SupportingKpis};
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

    fn new(
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
/// belongs to. Returns one report per period, in the order given.
pub fn compute_series(p: &Portfolio, periods: &[Period], options: &KpiOptions) -> Vec<KpiReport> {
    let n_seg = p.segments().len();
    let g = n_seg + 1; // groups: each segment, then the total
    let mut dates: Vec<NaiveDate> = periods
        .iter()
        .flat_map(|q| [q.day_before(), q.to()])
        .collect();
    dates.sort_unstable();
    dates.dedup();
    let n_dates = dates.len();
    let n_per = periods.len();

    let mut snaps: Vec<Snapshot> = dates
        .iter()
        .flat_map(|&d| std::iter::repeat_n(Snapshot::empty(d), g))
        .collect();
    let mut sales = vec![Money::ZERO; n_per * g];
    let mut monthly = vec![Money::ZERO; n_per * COUNTBACK_MONTHS * g];
    let mut write_offs = vec![Money::ZERO; n_per * g];

    let invoices = p.invoices();
    for (i, inv) in invoices.iter().enumerate() {
        let seg = p.segment_of_customer(p.customer_of_invoice(i));
        for (pi, q) in periods.iter().enumerate() {
            if inv.issue_date > q.to() {
                continue;
            }
            if inv.issue_date >= q.from() {
                sales[pi * g + seg] += inv.amount;
            }
            let m = months_between(inv.issue_date, q.to()) as usize;
            if m < COUNTBACK_MONTHS {
                monthly[(pi * COUNTBACK_MONTHS + m) * g + seg] += inv.amount;
            }
        }
        let first = dates.partition_point(|d| *d < inv.issue_date);
        for (di, &d) in dates.iter().enumerate().skip(first) {
            let bal = p.balance_at(i, d);
            if !bal.is_zero() {
                let bucket = Bucket::of((d - inv.due_date).num_days());
                snaps[di * g + seg].aging.add(bucket, bal);
            }
        }
    }
    for pay in p.unapplied_payments() {
        let pm = &p.payments()[pay];
        let seg = p.segment_of_customer(p.customer_of_payment(pay));
        let first = dates.partition_point(|d| *d < pm.payment_date);
        for (di, &d) in dates.iter().enumerate().skip(first) {
            if pm.counts_at(d) {
                snaps[di * g + seg].unapplied_cash += pm.amount;
            }
        }
    }
    for w in p.write_offs() {
        let Some(i) = p.invoice_index(&w.invoice_id) else {
            continue;
        };
        let seg = p.segment_of_customer(p.customer_of_invoice(i));
        for (pi, q) in periods.iter().enumerate() {
            if q.contains(w.written_off_on) {
                write_offs[pi * g + seg] += w.amount;
            }
        }
    }

    // Totals are the sums of the segments (exact decimals: same as summing directly).
    for di in 0..n_dates {
        let (segs, total) = snaps[di * g..(di + 1) * g].split_at_mut(n_seg);
        for s in segs.iter() {
            total[0].aging.merge(&s.aging);
            total[0].unapplied_cash += s.unapplied_cash;
        }
    }
    let total_of = |v: &mut [Money], rows: usize| {
        for r in 0..rows {
            let sum: Money = v[r * g..r * g + n_seg].iter().copied().sum();
            v[r * g + n_seg] = sum;
        }
    };
    total_of(&mut sales, n_per);
    total_of(&mut monthly, n_per * COUNTBACK_MONTHS);
    total_of(&mut write_offs, n_per);

    let first_invoices = supporting::first_invoices(p);
    periods
        .iter()
        .enumerate()
        .map(|(pi, q)| {
            let open = dates.binary_search(&q.day_before()).unwrap_or(0);
            let close = dates.binary_search(&q.to()).unwrap_or(0);
            let month_days = countback_days(q.to());
            let set = |grp: usize| {
                let months = (0..COUNTBACK_MONTHS)
                    .map(|m| MonthSales {
                        sales: monthly[(pi * COUNTBACK_MONTHS + m) * g + grp],
                        days: month_days[m],
                    })
                    .collect();
                KpiSet::new(
                    q,
                    sales[pi * g + grp],
                    snaps[open * g + grp],
                    snaps[close * g + grp],
                    write_offs[pi * g + grp],
                    months,
                )
            };
            KpiReport {
                period: *q,
                total: set(n_seg),
                segments: p
                    .segments()
                    .iter()
                    .enumerate()
                    .map(|(s, label)| SegmentKpis {
                        segment: label.clone(),
                        kpis: set(s),
                    })
                    .collect(),
                supporting: supporting::compute(p, q, options, &first_invoices),
            }
        })
        .collect()
}

/// Days counted for each countback month as of `to`: the current month up to `to`, then
/// each earlier full calendar month.
fn countback_days(to: NaiveDate) -> Vec<u32> {
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
