//! Payment behaviour calibrated from the portfolio's own history (seeds 003 and 004:
//! forecasting cash from risk profiles; issue 6 §2).
//!
//! **What is measured.** Every invoice (not a credit note) that fell due in the window
//! `[as_of − lookback_months, as_of − default_days]` has a known outcome at `as_of`: it
//! was settled `k` days after its due date (`k < 0`: early; payments and write-offs dated
//! on or before `as_of` count, see [`settled_on`]) with `k ≤ default_days`, or it is a
//! **default**: still open `default_days` after its due date, or mostly (≥ 50 %) written
//! off. The window stops `default_days` before `as_of` so that no outcome is still
//! unknown (no right-censoring bias towards fast payers).
//!
//! **What is calibrated.** Per segment, for the whole portfolio, and per customer with at
//! least `min_customer_invoices` observed invoices: the histogram of `k`, its quantiles,
//! the mean, and the probability of default. A customer's own model is shrunk towards
//! its segment's with the weight of `prior_weight` invoices (a customer with few invoices
//! looks like its segment; one with many, like itself).
//!
//! **Assumptions** (stated wherever the model is used): the window's behaviour continues
//! (no trend, no seasonality); invoices are independent of each other and of their
//! amount; a default is final (no recovery later); partial payments are not modelled —
//! an invoice's open balance arrives on its settlement day.

pub mod response;

use chrono::{Months, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::collections::policy::risk::settled_on;
use crate::model::{Money, Portfolio};

/// Settings of [`calibrate`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Options {
    /// Months of due dates looked at, counted back from `as_of`.
    pub lookback_months: u32,
    /// Days after the due date from which an open invoice counts as a default.
    pub default_days: i64,
    /// Observed invoices a customer needs for a model of its own.
    pub min_customer_invoices: u32,
    /// Weight, in invoices, of the segment's model in a customer's.
    pub prior_weight: u32,
}

impl Default for Options {
    /// 24 months, defaults at 180 days, own models from 8 invoices, prior weight 10.
    fn default() -> Self {
        Options {
            lookback_months: 24,
            default_days: 180,
            min_customer_invoices: 8,
            prior_weight: 10,
        }
    }
}

/// Earliest settlement kept apart, in days relative to the due date; earlier ones are
/// counted on this day.
pub const EARLIEST_DAY: i64 = -120;

/// Observed outcomes: how many invoices settled on each day relative to their due date
/// (from [`EARLIEST_DAY`] to `default_days`), and how many defaulted. Weights are
/// counts of invoices, scaled by 1 000 so that a prior can carry fractions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcomes {
    /// `settled[j]`: weight settled on day `EARLIEST_DAY + j`.
    settled: Vec<u64>,
    /// Weight of defaults.
    defaulted: u64,
    /// Running sums of `settled`: `cumulative[j]` = Σ settled[..j].
    cumulative: Vec<u64>,
    /// Guide table for [`Outcomes::sample`]: `guide[b]` = the first index `j` with
    /// `cumulative[j] > b × total / GUIDE` (Chen's method: a draw starts its search
    /// there and scans a step or two instead of a binary search).
    guide: Vec<u16>,
}

/// Entries of a guide table.
const GUIDE: u64 = 128;

const UNIT: u64 = 1_000;

impl Outcomes {
    fn new(default_days: i64) -> Outcomes {
        let len = (default_days - EARLIEST_DAY + 1).max(1) as usize;
        Outcomes {
            settled: vec![0; len],
            defaulted: 0,
            cumulative: Vec::new(),
            guide: Vec::new(),
        }
    }

    fn last_day(&self) -> i64 {
        EARLIEST_DAY + self.settled.len() as i64 - 1
    }

    fn add_settled(&mut self, day: i64, weight: u64) {
        self.cumulative.clear();
        let j = (day.max(EARLIEST_DAY) - EARLIEST_DAY) as usize;
        let j = j.min(self.settled.len() - 1);
        self.settled[j] += weight;
    }

    fn add(&mut self, other: &Outcomes, weight_num: u64, weight_den: u64) {
        if weight_den == 0 {
            return;
        }
        self.cumulative.clear();
        for (a, b) in self.settled.iter_mut().zip(&other.settled) {
            *a += b * weight_num / weight_den;
        }
        self.defaulted += other.defaulted * weight_num / weight_den;
    }

    fn seal(&mut self) {
        let mut sum = 0;
        self.cumulative = Vec::with_capacity(self.settled.len() + 1);
        self.cumulative.push(0);
        for s in &self.settled {
            sum += s;
            self.cumulative.push(sum);
        }
        self.guide = (0..GUIDE)
            .map(|b| {
                let floor = (u128::from(b) * u128::from(sum) / u128::from(GUIDE)) as u64;
                self.cumulative.partition_point(|&c| c <= floor) as u16
            })
            .collect();
    }

    /// Invoices observed (settled or defaulted).
    pub fn observed(&self) -> u64 {
        // Sealed: the running sums hold the total (the forecast asks for every item).
        let settled = match self.cumulative.last() {
            Some(&total) => total,
            None => self.settled.iter().sum(),
        };
        (settled + self.defaulted) / UNIT
    }

    /// Weight settled on days `(after, upto]` relative to the due date.
    fn settled_between(&self, after: i64, upto: i64) -> u64 {
        let idx = |d: i64| ((d + 1 - EARLIEST_DAY).clamp(0, self.settled.len() as i64)) as usize;
        let (a, b) = (idx(after), idx(upto));
        if b <= a {
            0
        } else {
            self.cumulative[b] - self.cumulative[a]
        }
    }

    /// Probability that an invoice still open `open_days` after its due date (negative:
    /// not yet due) is settled on a day in `(after, upto]` relative to its due date; the
    /// rest of the probability is a later settlement or a default. `None` when nothing
    /// was observed beyond `open_days`.
    pub fn probability(&self, open_days: i64, after: i64, upto: i64) -> Option<Decimal> {
        let remaining = self.settled_between(open_days, self.last_day()) + self.defaulted;
        if remaining == 0 {
            return None;
        }
        let hit = self.settled_between(after.max(open_days), upto);
        Some(Decimal::from(hit) / Decimal::from(remaining))
    }

    /// Probability of default of an invoice still open `open_days` after its due date.
    pub fn default_probability(&self, open_days: i64) -> Option<Decimal> {
        let remaining = self.settled_between(open_days, self.last_day()) + self.defaulted;
        (remaining > 0).then(|| Decimal::from(self.defaulted) / Decimal::from(remaining))
    }

    /// One outcome drawn for an invoice still open `open_days` after its due date:
    /// `u` is a uniform draw in `0..2³²`; `Some(k)` = settled `k` days after the due date
    /// (`k > open_days`), `None` = a default (also when nothing was observed that late).
    /// Integer arithmetic only, so that every build draws the same outcome.
    pub fn sample(&self, open_days: i64, u: u32) -> Option<i64> {
        let a = ((open_days + 1 - EARLIEST_DAY).clamp(0, self.settled.len() as i64)) as usize;
        let base = self.cumulative[a];
        let settled_after = self.cumulative[self.settled.len()] - base;
        let remaining = settled_after + self.defaulted;
        // u64 arithmetic when it cannot overflow (u128 is a slow library call in wasm).
        let target = if remaining >> 32 == 0 {
            (remaining * u64::from(u)) >> 32
        } else {
            ((u128::from(remaining) * u128::from(u)) >> 32) as u64
        };
        if target >= settled_after {
            return None;
        }
        let v = base + target;
        let total = self.cumulative[self.settled.len()];
        let b = if total >> 56 == 0 {
            v * GUIDE / total
        } else {
            (u128::from(v) * u128::from(GUIDE) / u128::from(total)) as u64
        };
        let mut q = self.guide[b as usize] as usize;
        while self.cumulative[q] <= v {
            q += 1;
        }
        Some(EARLIEST_DAY + q as i64 - 1)
    }

    /// The `q`-quantile (0–100) of the days late of settled invoices.
    fn quantile(&self, q: u64) -> Option<i64> {
        let total = *self.cumulative.last()?;
        if total == 0 {
            return None;
        }
        let target = (total * q).div_ceil(100).max(1);
        let j = self.cumulative.partition_point(|&c| c < target);
        Some(EARLIEST_DAY + j as i64 - 1)
    }

    fn summary(&self) -> Summary {
        let settled: u64 = self.settled.iter().sum();
        let mean = (settled > 0).then(|| {
            let days: i128 = self
                .settled
                .iter()
                .enumerate()
                .map(|(j, &w)| (EARLIEST_DAY + j as i64) as i128 * w as i128)
                .sum();
            (Decimal::from_i128_with_scale(days, 0) / Decimal::from(settled)).round_dp(1)
        });
        let observed = settled + self.defaulted;
        Summary {
            invoices: observed / UNIT,
            days_late_p10: self.quantile(10),
            days_late_p50: self.quantile(50),
            days_late_p90: self.quantile(90),
            days_late_mean: mean,
            default_probability: (observed > 0)
                .then(|| (Decimal::from(self.defaulted) / Decimal::from(observed)).round_dp(4)),
        }
    }
}

/// The numbers of one group of invoices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    /// Invoices observed (settled or defaulted).
    pub invoices: u64,
    /// 10th percentile of days late of the settled ones (negative: early).
    pub days_late_p10: Option<i64>,
    /// Median days late.
    pub days_late_p50: Option<i64>,
    /// 90th percentile of days late.
    pub days_late_p90: Option<i64>,
    /// Mean days late, one decimal.
    pub days_late_mean: Option<Decimal>,
    /// Share of observed invoices that defaulted, four decimals.
    pub default_probability: Option<Decimal>,
}

/// A segment's model.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SegmentBehaviour {
    /// Segment.
    pub segment: String,
    /// Its numbers.
    #[serde(flatten)]
    pub summary: Summary,
}

/// A customer's own model (only customers with enough observed invoices).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerBehaviour {
    /// Customer.
    pub customer_id: String,
    /// Its segment.
    pub segment: String,
    /// Its numbers, from its own invoices only (before shrinking to the segment).
    #[serde(flatten)]
    pub summary: Summary,
}

/// The calibrated payment-behaviour model of a portfolio at a date (serialized for
/// reading; the histograms behind it stay inside).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Behaviour {
    /// The date the model knows the history up to.
    pub as_of: NaiveDate,
    /// First and last due date observed.
    pub window: (NaiveDate, NaiveDate),
    /// Settings used.
    pub options: Options,
    /// The whole portfolio.
    pub portfolio: Summary,
    /// Per segment, in segment order.
    pub segments: Vec<SegmentBehaviour>,
    /// Customers with a model of their own, in customer order.
    pub customers: Vec<CustomerBehaviour>,
    /// The assumptions, in words (shown with every result that uses the model).
    pub assumptions: Vec<String>,
    #[serde(skip)]
    models: Models,
}

/// The histograms behind a [`Behaviour`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Models {
    portfolio: Option<Outcomes>,
    segments: Vec<Outcomes>,
    /// Per customer (by index): its shrunk model, when it has one.
    customers: Vec<Option<Outcomes>>,
}

/// The outcome of invoice `i` (in the observed window) at `as_of`: `Some(days late)`, or
/// `None` for a default.
fn outcome(p: &Portfolio, i: usize, as_of: NaiveDate, default_days: i64) -> Option<i64> {
    let inv = &p.invoices()[i];
    let written_off = p.written_off_at(i, as_of);
    if written_off * Decimal::TWO >= inv.amount {
        return None;
    }
    settled_on(p, i, as_of)
        .map(|d| (d - inv.due_date).num_days())
        .filter(|&k| k <= default_days)
}

/// Calibrates the payment-behaviour model of `p` from its history up to `as_of` (see
/// the module documentation for what is measured and assumed).
pub fn calibrate(p: &Portfolio, as_of: NaiveDate, options: &Options) -> Behaviour {
    let start = as_of
        .checked_sub_months(Months::new(options.lookback_months))
        .unwrap_or(NaiveDate::MIN);
    let end = as_of - chrono::Duration::days(options.default_days.max(0));
    let mut portfolio = Outcomes::new(options.default_days);
    let mut segments = vec![Outcomes::new(options.default_days); p.segments().len()];
    // Per customer: its own outcomes, when it has enough of them.
    let mut own: Vec<Option<Outcomes>> = vec![None; p.customers().len()];
    let mut window: Option<(NaiveDate, NaiveDate)> = None;
    for (c, slot) in own.iter_mut().enumerate() {
        let mut mine = Outcomes::new(options.default_days);
        for &i in p.invoices_of_customer(c) {
            let i = i as usize;
            let inv = &p.invoices()[i];
            if inv.is_credit_note() || inv.amount <= Money::ZERO {
                continue;
            }
            if inv.due_date < start || inv.due_date > end || inv.issue_date > as_of {
                continue;
            }
            window = Some(match window {
                None => (inv.due_date, inv.due_date),
                Some((a, b)) => (a.min(inv.due_date), b.max(inv.due_date)),
            });
            match outcome(p, i, as_of, options.default_days) {
                Some(k) => mine.add_settled(k, UNIT),
                None => mine.defaulted += UNIT,
            }
        }
        let s = p.segment_of_customer(c);
        segments[s].add(&mine, 1, 1);
        portfolio.add(&mine, 1, 1);
        if mine.observed() >= u64::from(options.min_customer_invoices) {
            *slot = Some(mine);
        }
    }
    for s in &mut segments {
        s.seal();
    }
    portfolio.seal();
    let mut customers_out = Vec::new();
    for (c, slot) in own.iter_mut().enumerate() {
        let Some(mine) = slot else { continue };
        mine.seal();
        let seg = p.segment_of_customer(c);
        customers_out.push(CustomerBehaviour {
            customer_id: p.customers()[c].customer_id.to_string(),
            segment: p.segments()[seg].clone(),
            summary: mine.summary(),
        });
        // Shrink: add the segment's outcomes scaled to `prior_weight` invoices.
        let seg_model = &segments[seg];
        let seg_total = seg_model.observed() * UNIT;
        mine.add(
            seg_model,
            u64::from(options.prior_weight) * UNIT,
            seg_total.max(1),
        );
        mine.seal();
    }
    let d = options.default_days;
    Behaviour {
        as_of,
        window: window.unwrap_or((start, end)),
        options: options.clone(),
        portfolio: portfolio.summary(),
        segments: p
            .segments()
            .iter()
            .zip(&segments)
            .map(|(name, o)| SegmentBehaviour {
                segment: name.clone(),
                summary: o.summary(),
            })
            .collect(),
        customers: customers_out,
        assumptions: vec![
            format!(
                "observed: invoices due from {} to {} (at least {d} days before {as_of}), so that every outcome is known",
                start.max(window.map_or(start, |w| w.0)),
                end
            ),
            format!("a default is an invoice still open {d} days after its due date, or mostly written off; it is final"),
            "the behaviour of the observed window continues: no trend, no seasonality".into(),
            "invoices are independent of each other and of their amount; an open balance arrives whole on its settlement day".into(),
            format!(
                "a customer with at least {} observed invoices has its own model, shrunk towards its segment's with the weight of {} invoices",
                options.min_customer_invoices, options.prior_weight
            ),
        ],
        models: Models {
            portfolio: Some(portfolio),
            segments,
            customers: own,
        },
    }
}

impl Behaviour {
    /// The model that describes customer `c` (by index): its own (shrunk) model, else
    /// its segment's, else the portfolio's.
    pub fn outcomes_of(&self, p: &Portfolio, c: usize) -> Option<&Outcomes> {
        if let Some(Some(m)) = self.models.customers.get(c) {
            return Some(m);
        }
        let s = p.segment_of_customer(c);
        self.models
            .segments
            .get(s)
            .filter(|m| m.observed() > 0)
            .or(self.models.portfolio.as_ref())
    }

    /// The portfolio-wide model.
    pub fn portfolio_outcomes(&self) -> Option<&Outcomes> {
        self.models.portfolio.as_ref()
    }
}
