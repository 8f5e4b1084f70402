//! The collector's worklist: customers with overdue money, ranked by a documented score
//! that combines the amount, the age, broken promises and the deviation from the
//! customer's own payment habit, and lowered for open disputes and pending promises
//! (SAP FSCM collection strategy, HighRadius buckets; DOMAIN.md §8). Each row explains
//! its rank.
//!
//! Score = (amount + age + promises + habit) × factor, where
//! - amount = `weights.amount` × log₁₀(overdue amount) (€1,000 → 3 × weight; the
//!   logarithm is taken piecewise-linearly between powers of ten so that every build
//!   gives the same number);
//! - age = `weights.age` × days the oldest item is overdue / 10, at most 50;
//! - promises = `weights.broken_promise` × promises broken in the last 90 days;
//! - habit = `weights.habit_deviation` × days past the date the customer's habit says it
//!   would have paid its oldest overdue invoice, at most 40;
//! - factor = `weights.deprioritise` when a dispute or a promise is pending, else 1.

mod factor;
pub mod habit;

pub use factor::Factor;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::collections::dunning::holds::{PromiseState, promise_state};
use crate::collections::policy::Policy;
use crate::model::{Money, Portfolio, round2};
use habit::{Habit, expected_payment};

/// HighRadius-style bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bucket {
    /// Broken promises or a break from the customer's habit: call first.
    AtRisk,
    /// Ordinary overdue.
    Standard,
    /// A dispute or a promise is pending: follow up later.
    Deprioritised,
}

/// One customer on the worklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorklistRow {
    /// 1-based rank.
    pub rank: usize,
    /// Customer.
    pub customer_id: String,
    /// Name.
    pub name: String,
    /// Score (higher first).
    pub score: Decimal,
    /// Bucket.
    pub bucket: Bucket,
    /// Overdue amount.
    pub overdue: Money,
    /// Number of overdue invoices.
    pub invoices_overdue: usize,
    /// Days the oldest item is overdue.
    pub oldest_days_overdue: i64,
    /// Promises broken in the last 90 days.
    pub broken_promises: usize,
    /// A promise is pending.
    pub promise_pending: bool,
    /// Open disputes on overdue invoices.
    pub open_disputes: usize,
    /// The customer's payment habit.
    #[serde(deserialize_with = "crate::wire::kind")]
    pub habit: Habit,
    /// Days past the habitual payment date of the oldest overdue invoice.
    pub habit_deviation_days: i64,
    /// Why this rank: each part of the score with what it added; [`Factor::text`] writes
    /// one out in a language.
    #[serde(deserialize_with = "crate::wire::factors")]
    pub factors: Vec<Factor>,
}

fn log10ish(x: Money) -> Decimal {
    if x < Decimal::ONE {
        return Decimal::ZERO;
    }
    let int = x.trunc();
    let digits = int.to_string().len() as i64;
    let mantissa = x / Decimal::from(10i64.pow((digits - 1) as u32));
    Decimal::from(digits - 1) + (mantissa - Decimal::ONE) / Decimal::from(9)
}

/// The worklist at `as_of`, highest score first (ties by customer id).
pub fn worklist(p: &Portfolio, policy: &Policy, as_of: NaiveDate) -> Vec<WorklistRow> {
    let w = &policy.worklist;
    let mut rows = Vec::new();
    for c in 0..p.customers().len() {
        let cust = &p.customers()[c];
        let mut overdue = Money::ZERO;
        let mut n = 0;
        let mut oldest: Option<NaiveDate> = None;
        let mut disputes = 0;
        p.read_ahead_customer(c);
        for &i in p.invoices_of_customer(c) {
            let i = i as usize;
            let inv = &p.invoices()[i];
            if inv.amount <= Money::ZERO || inv.due_date >= as_of || inv.issue_date > as_of {
                continue;
            }
            let b = p.balance_at(i, as_of);
            if b <= Money::ZERO {
                continue;
            }
            overdue += b;
            n += 1;
            oldest = Some(oldest.map_or(inv.due_date, |o| o.min(inv.due_date)));
            if p.disputes_of_invoice(i)
                .iter()
                .any(|&d| p.disputes()[d as usize].is_open_at(as_of))
            {
                disputes += 1;
            }
        }
        let Some(oldest) = oldest else { continue };
        let mut broken = 0;
        let mut pending = false;
        for &k in p.promises_of_customer(c) {
            let pr = &p.promises()[k as usize];
            if pr.promised_on > as_of {
                continue;
            }
            match promise_state(p, k as usize, as_of, policy.holds.promise_grace_days) {
                PromiseState::Pending { .. } => pending = true,
                PromiseState::Broken if (as_of - pr.pay_by).num_days() <= 90 => broken += 1,
                _ => {}
            }
        }
        let h = habit::habit(p, c, as_of, policy.risk.lookback_months);
        let deviation = expected_payment(h, oldest)
            .map(|d| (as_of - d).num_days().max(0))
            .unwrap_or(0);
        let age_days = (as_of - oldest).num_days();
        let pts_amount = w.amount * log10ish(overdue);
        let pts_age = (w.age * Decimal::from(age_days) / Decimal::TEN).min(Decimal::from(50));
        let pts_promises = w.broken_promise * Decimal::from(broken as u64);
        let pts_habit = (w.habit_deviation * Decimal::from(deviation)).min(Decimal::from(40));
        let deprioritised = disputes > 0 || pending;
        let factor = if deprioritised {
            w.deprioritise
        } else {
            Decimal::ONE
        };
        let score = round2((pts_amount + pts_age + pts_promises + pts_habit) * factor);
        let mut factors = vec![
            Factor::Overdue {
                amount: round2(overdue),
                invoices: n,
                points: round2(pts_amount),
            },
            Factor::OldestItem {
                days: age_days,
                points: round2(pts_age),
            },
        ];
        if broken > 0 {
            factors.push(Factor::BrokenPromises {
                count: broken,
                points: round2(pts_promises),
            });
        }
        match (h, deviation) {
            (Habit::MonthEnd, d) if d > 0 => factors.push(Factor::PastMonthEnd {
                days: d,
                points: round2(pts_habit),
            }),
            (Habit::DaysAfterDue { median_days }, d) if d > 0 => {
                factors.push(Factor::PastUsualDelay {
                    usual_days: median_days,
                    days: d,
                    points: round2(pts_habit),
                })
            }
            _ => {}
        }
        if disputes > 0 {
            factors.push(Factor::OpenDisputes {
                count: disputes,
                multiplier: w.deprioritise,
            });
        }
        if pending {
            factors.push(Factor::PromisePending {
                multiplier: w.deprioritise,
            });
        }
        let bucket = if deprioritised {
            Bucket::Deprioritised
        } else if broken > 0 || deviation > 0 {
            Bucket::AtRisk
        } else {
            Bucket::Standard
        };
        rows.push(WorklistRow {
            rank: 0,
            customer_id: cust.customer_id.to_string(),
            name: cust.name.clone(),
            score,
            bucket,
            overdue: round2(overdue),
            invoices_overdue: n,
            oldest_days_overdue: age_days,
            broken_promises: broken,
            promise_pending: pending,
            open_disputes: disputes,
            habit: h,
            habit_deviation_days: deviation,
            factors,
        });
    }
    rows.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then_with(|| a.customer_id.cmp(&b.customer_id))
    });
    for (k, r) in rows.iter_mut().enumerate() {
        r.rank = k + 1;
    }
    rows
}
