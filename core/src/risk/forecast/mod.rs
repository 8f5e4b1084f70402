//! Cash-flow forecast: the collections to expect per week for the next 13 weeks and per
//! month for the next 12, from the open invoices and the open orders, with a band
//! (issue 6 §3; seed 004: forecasting cash from risk profiles).
//!
//! Each open invoice's balance is expected on a day drawn from its customer's payment
//! behaviour ([`crate::risk::behaviour`]), *given* how long it has already been open: an
//! invoice 40 days overdue is paid on a day after day 40, or defaults. Unapplied cash of
//! a customer is first set against its oldest open invoices (that money is already in).
//! An open order is expected to be invoiced after the portfolio's median order-to-invoice
//! lag, due after the customer's median payment term, and paid like its invoices.
//!
//! The band (10th–90th percentile) is a normal approximation of the sum of independent
//! invoice outcomes: `expected ± 1.2816 σ` with `σ² = Σ b² p (1 − p)` per period. It
//! covers the uncertainty of which invoices pay when, not shocks that hit every customer
//! at once; [`backtest`] reports how often the actual fell inside it.

mod backtest;
mod report;

use chrono::{Datelike, Days, Months, NaiveDate};
use rust_decimal::{Decimal, MathematicalOps};
use serde::{Deserialize, Serialize};

use crate::kpi::{first_of_month, last_of_month};
use crate::model::{Money, Portfolio, round2};
use crate::risk::behaviour::{Behaviour, Outcomes};

pub use backtest::{Backtest, BacktestWeek, backtest};
pub use report::{
    BACKTEST_WEEKS, DunningResponse, ForecastReport, RESPONSE_WINDOW_DAYS, ReportOptions, report,
};

/// Settings of [`forecast`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Options {
    /// Weekly periods.
    pub weeks: u32,
    /// Monthly periods.
    pub months: u32,
    /// Whether open orders count.
    pub orders: bool,
}

impl Default for Options {
    /// 13 weeks, 12 months, orders included.
    fn default() -> Self {
        Options {
            weeks: 13,
            months: 12,
            orders: true,
        }
    }
}

/// z of the 90th percentile of the normal distribution.
const Z90: Decimal = Decimal::from_parts(12816, 0, 0, false, 4);

/// Expected collections of one period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    /// Expected collections.
    pub expected: Money,
    /// 10th percentile.
    pub low: Money,
    /// 90th percentile.
    pub high: Money,
    /// Of `expected`, from invoices open today.
    pub from_invoices: Money,
    /// Of `expected`, from open orders.
    pub from_orders: Money,
    /// Expected per segment (risk profile), in segment order; zero ones left out.
    pub by_segment: Vec<(String, Money)>,
}

/// The forecast.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Forecast {
    /// The date it is made at (collections from the next day on).
    pub as_of: NaiveDate,
    /// Currency.
    pub currency: String,
    /// Open invoice balances (after unapplied cash).
    pub open_invoices: Money,
    /// Open orders not yet invoiced.
    pub open_orders: Money,
    /// Per week.
    pub weeks: Vec<Period>,
    /// Per calendar month (the first from the day after `as_of` to its month's end).
    pub months: Vec<Period>,
    /// Expected never to be collected (defaults).
    pub expected_defaults: Money,
    /// Expected after the last month.
    pub later: Money,
    /// How it was made.
    pub assumptions: Vec<String>,
}

/// One amount that may arrive: its balance, its customer, how long it has been open on
/// `as_of` relative to its due date, and whether it is an order.
struct Item {
    amount: Money,
    customer: usize,
    due: NaiveDate,
    order: bool,
}

struct Acc {
    from: NaiveDate,
    to: NaiveDate,
    invoices: Money,
    orders: Money,
    variance: Decimal,
    by_segment: Vec<Money>,
}

impl Acc {
    fn new(from: NaiveDate, to: NaiveDate, segments: usize) -> Acc {
        Acc {
            from,
            to,
            invoices: Money::ZERO,
            orders: Money::ZERO,
            variance: Decimal::ZERO,
            by_segment: vec![Money::ZERO; segments],
        }
    }

    fn period(self, segments: &[String]) -> Period {
        // Rounded parts, so that the parts add up to the total exactly.
        let (invoices, orders) = (round2(self.invoices), round2(self.orders));
        let expected = invoices + orders;
        let sd = self.variance.sqrt().unwrap_or_default();
        Period {
            from: self.from,
            to: self.to,
            expected,
            low: round2((expected - Z90 * sd).max(Money::ZERO)).min(expected),
            high: round2(expected + Z90 * sd).max(expected),
            from_invoices: invoices,
            from_orders: orders,
            by_segment: segments
                .iter()
                .zip(self.by_segment)
                .filter(|(_, m)| !m.is_zero())
                .map(|(s, m)| (s.clone(), round2(m)))
                .collect(),
        }
    }
}

/// The open items at `as_of`: invoice balances net of unapplied cash (set against the
/// oldest first) and, when `orders`, open orders as future invoices.
/// `lag` is the order-to-invoice lag in days ([`median_order_lag`]).
fn open_items(p: &Portfolio, as_of: NaiveDate, orders: bool, lag: u64) -> Vec<Item> {
    let mut items = Vec::new();
    let terms = if orders {
        median_terms(p, as_of)
    } else {
        Vec::new()
    };
    let usual_terms = terms_all(&terms);
    for c in 0..p.customers().len() {
        p.read_ahead_customer(c);
        let mut unapplied = p.unapplied_cash_at(c, as_of);
        let mut open: Vec<(NaiveDate, Money)> = p
            .invoices_of_customer(c)
            .iter()
            .map(|&i| i as usize)
            .filter(|&i| p.invoices()[i].issue_date <= as_of)
            .map(|i| (p.invoices()[i].due_date, p.balance_at(i, as_of)))
            .collect();
        // Credit balances (credit notes, overpayments) are cash the customer may use.
        for (_, b) in &open {
            if *b < Money::ZERO {
                unapplied -= *b;
            }
        }
        open.retain(|(_, b)| *b > Money::ZERO);
        open.sort();
        for (due, mut b) in open {
            let used = unapplied.min(b).max(Money::ZERO);
            b -= used;
            unapplied -= used;
            if b > Money::ZERO {
                items.push(Item {
                    amount: b,
                    customer: c,
                    due,
                    order: false,
                });
            }
        }
        if orders {
            let t = terms.get(c).copied().flatten().unwrap_or(usual_terms);
            for &o in p.orders_of_customer(c) {
                // What is left to invoice: an order billed by an invoice already in the
                // open items is not counted again.
                let open = p.open_order_amount(o as usize, as_of);
                if open <= Money::ZERO {
                    continue;
                }
                let o = &p.orders()[o as usize];
                let invoiced = (o.order_date + Days::new(lag)).max(as_of);
                items.push(Item {
                    amount: open,
                    customer: c,
                    due: invoiced + Days::new(t),
                    order: true,
                });
            }
        }
    }
    items
}

/// Each customer's median payment term (due − issue) of invoices issued by `as_of`.
fn median_terms(p: &Portfolio, as_of: NaiveDate) -> Vec<Option<u64>> {
    (0..p.customers().len())
        .map(|c| {
            let mut t: Vec<u64> = p
                .invoices_of_customer(c)
                .iter()
                .map(|&i| &p.invoices()[i as usize])
                .filter(|i| !i.is_credit_note() && i.issue_date <= as_of)
                .map(|i| (i.due_date - i.issue_date).num_days().max(0) as u64)
                .collect();
            t.sort_unstable();
            t.get(t.len() / 2).copied()
        })
        .collect()
}

fn terms_all(terms: &[Option<u64>]) -> u64 {
    let mut all: Vec<u64> = terms.iter().flatten().copied().collect();
    all.sort_unstable();
    all.get(all.len() / 2).copied().unwrap_or(30)
}

/// The median days from order to invoice of orders invoiced by `as_of` (its
/// `invoiced_on`, else the invoices that billed it: [`Portfolio::order_invoiced_by`]; 0
/// without any).
fn median_order_lag(p: &Portfolio, as_of: NaiveDate) -> u64 {
    let mut lags: Vec<u64> = (0..p.orders().len())
        .filter_map(|o| Some((p.order_invoiced_by(o, as_of)?, p.orders()[o].order_date)))
        .map(|(d, o)| (d - o).num_days().max(0) as u64)
        .collect();
    lags.sort_unstable();
    lags.get(lags.len() / 2).copied().unwrap_or(0)
}

/// A period's first and last day.
type Span = (NaiveDate, NaiveDate);

/// The periods: `weeks` of 7 days from the day after `as_of`, and `months` calendar
/// months (the first from the day after `as_of` to the end of its month).
fn periods(as_of: NaiveDate, o: &Options) -> (Vec<Span>, Vec<Span>) {
    let start = as_of + Days::new(1);
    let weeks = (0..u64::from(o.weeks))
        .map(|w| (start + Days::new(7 * w), start + Days::new(7 * w + 6)))
        .collect();
    let mut months = Vec::new();
    let mut from = start;
    for _ in 0..o.months {
        let first = from.with_day(1).unwrap_or(from);
        let next = first.checked_add_months(Months::new(1)).unwrap_or(first);
        let to = next - Days::new(1);
        months.push((from, to));
        from = next;
    }
    (weeks, months)
}

/// Adds item `it` with model `m` to the accumulators. A month-end payer's settlement day
/// (drawn from `m` as for everyone) moves to the last day of its month: such a customer
/// pays a month's invoices together at the month end (seed 000's "always on the last
/// day of the month"), which puts its cash in the week holding that day.
fn spread(
    it: &Item,
    m: &Outcomes,
    as_of: NaiveDate,
    seg: usize,
    month_end: bool,
    accs: &mut [Acc],
) {
    let open_days = (as_of - it.due).num_days();
    let rel = |d: NaiveDate| (d - it.due).num_days();
    for a in accs.iter_mut() {
        let pr = if month_end {
            // Every month end in the period collects the draws of its whole month.
            let mut pr = Decimal::ZERO;
            let mut e = last_of_month(a.from);
            while e <= a.to {
                let first = first_of_month(e);
                if let Some(x) = m.probability(open_days, rel(first) - 1, rel(e)) {
                    pr += x;
                }
                e = last_of_month(e + Days::new(1));
            }
            pr
        } else {
            match m.probability(open_days, rel(a.from) - 1, rel(a.to)) {
                Some(x) => x,
                None => continue,
            }
        };
        if pr.is_zero() {
            continue;
        }
        let cash = it.amount * pr;
        if it.order {
            a.orders += cash;
        } else {
            a.invoices += cash;
        }
        a.by_segment[seg] += cash;
        a.variance += it.amount * it.amount * pr * (Decimal::ONE - pr);
    }
}

/// The forecast at `as_of` from the portfolio's open items and the calibrated
/// `behaviour` (made at the same date; see the module documentation).
pub fn forecast(
    p: &Portfolio,
    behaviour: &Behaviour,
    as_of: NaiveDate,
    options: &Options,
) -> Forecast {
    let lag = median_order_lag(p, as_of);
    let items = open_items(p, as_of, options.orders, lag);
    forecast_items(p, behaviour, as_of, options, &items, lag)
}

/// [`forecast`] of `items` (open at `as_of`; `lag` as for [`open_items`]).
fn forecast_items(
    p: &Portfolio,
    behaviour: &Behaviour,
    as_of: NaiveDate,
    options: &Options,
    items: &[Item],
    lag: u64,
) -> Forecast {
    let segments = p.segments();
    let (w, m) = periods(as_of, options);
    let mut weeks: Vec<Acc> = w
        .iter()
        .map(|&(a, b)| Acc::new(a, b, segments.len()))
        .collect();
    let mut months: Vec<Acc> = m
        .iter()
        .map(|&(a, b)| Acc::new(a, b, segments.len()))
        .collect();
    let horizon_end = m
        .last()
        .map_or(as_of, |x| x.1)
        .max(w.last().map_or(as_of, |x| x.1));
    let mut open_invoices = Money::ZERO;
    let mut open_orders = Money::ZERO;
    let mut defaults = Money::ZERO;
    // Month-end payers (at least 60 % of their payments in a month's last 5 days).
    let mut month_end: Vec<Option<bool>> = vec![None; p.customers().len()];
    let mut within = Money::ZERO;
    for it in items {
        if it.order {
            open_orders += it.amount;
        } else {
            open_invoices += it.amount;
        }
        let seg = p.segment_of_customer(it.customer);
        let Some(model) = behaviour.outcomes_of(p, it.customer) else {
            defaults += it.amount;
            continue;
        };
        let open_days = (as_of - it.due).num_days();
        match model.default_probability(open_days) {
            Some(d) => defaults += it.amount * d,
            None => {
                // Open longer than anything observed: counted as a default.
                defaults += it.amount;
                continue;
            }
        }
        let me = *month_end[it.customer].get_or_insert_with(|| {
            crate::collections::worklist::habit::habit(p, it.customer, as_of, 12)
                == crate::collections::worklist::habit::Habit::MonthEnd
        });
        spread(it, model, as_of, seg, me, &mut weeks);
        spread(it, model, as_of, seg, me, &mut months);
        let upto = (horizon_end - it.due).num_days();
        if let Some(pr) = model.probability(open_days, open_days, upto) {
            within += it.amount * pr;
        }
    }
    let later = open_invoices + open_orders - defaults - within;
    let mut assumptions = behaviour.assumptions.clone();
    assumptions.extend([
        "unapplied cash and credit balances are set against the customer's oldest open invoices first".to_string(),
        format!(
            "an open order is invoiced {lag} day(s) after it was placed (the median so far) and due after the customer's median payment term"
        ),
        "a customer who pays at month ends (at least 60 % of its payments of the last 12 months in a month's last 5 days) pays each invoice on the last day of the month its drawn settlement day falls in".into(),
        "band: 10th–90th percentile of the sum of independent invoice outcomes (normal approximation); shocks that hit all customers at once are not in it".into(),
    ]);
    Forecast {
        as_of,
        currency: p.currency().to_string(),
        open_invoices: round2(open_invoices),
        open_orders: round2(open_orders),
        weeks: weeks.into_iter().map(|a| a.period(segments)).collect(),
        months: months.into_iter().map(|a| a.period(segments)).collect(),
        expected_defaults: round2(defaults),
        later: round2(later.max(Money::ZERO)),
        assumptions,
    }
}
