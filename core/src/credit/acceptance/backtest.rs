//! How the scorecard would have done: every customer served in a past window is scored
//! with what was known at the window's start, and its decision is set against how it
//! then paid (seed 004: error 1 = credit to a customer who does not pay, written-off
//! sales; error 2 = credit refused to a customer who would have paid, missed sales).

use chrono::{Months, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{Acceptance, Applicant, decide};
use crate::model::{Money, Portfolio, round2};

/// Settings of [`backtest`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Options {
    /// The decision date: customers are scored with the data known then.
    pub from: NaiveDate,
    /// Months of invoices after `from` whose payment is judged.
    pub months: u32,
    /// An invoice still open this many days after its due date at `as_of` (or mostly
    /// written off) makes its customer "bad".
    pub bad_days: i64,
}

/// Counts and amounts for one cut-off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tradeoff {
    /// Customers scoring at least this get credit.
    pub cutoff: i32,
    /// Customers given credit.
    pub accepted: u32,
    /// Customers refused credit (by score or knock-out).
    pub rejected: u32,
    /// Error 1: given credit and did not pay.
    pub error1: u32,
    /// Error 1 as a share of the bad customers, percent.
    pub error1_percent: Option<Decimal>,
    /// What the error-1 customers left unpaid (written off or still open).
    pub error1_loss: Money,
    /// Error 2: refused and did pay.
    pub error2: u32,
    /// Error 2 as a share of the good customers, percent.
    pub error2_percent: Option<Decimal>,
    /// What the error-2 customers were invoiced in the window (missed sales).
    pub error2_sales: Money,
}

/// The backtest's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Backtest {
    /// Settings used.
    pub options: Options,
    /// The date payments were judged at.
    pub as_of: NaiveDate,
    /// Customers invoiced in the window.
    pub customers: u32,
    /// Of which bad.
    pub bad: u32,
    /// Of which good.
    pub good: u32,
    /// The policy's own cut-off (the `min_points` of its lowest class that gives credit).
    pub chosen: Option<Tradeoff>,
    /// Every cut-off at a score some customer had, lowest first: the trade-off.
    pub curve: Vec<Tradeoff>,
    /// How the figures were obtained, in words.
    pub method: Vec<String>,
}

struct Judged {
    /// `None` after a knock-out (always refused).
    score: Option<i32>,
    credit: bool,
    bad: bool,
    sales: Money,
    loss: Money,
}

/// Scores every customer invoiced in `(from, from + months]` at `from` and judges its
/// payment of those invoices at `as_of`; `min_invoices` and `lookback_months` come from
/// the policy's risk model.
pub fn backtest(
    card: &Acceptance,
    p: &Portfolio,
    as_of: NaiveDate,
    options: &Options,
    lookback_months: u32,
    min_invoices: u32,
) -> Backtest {
    let from = options.from;
    let to = from
        .checked_add_months(Months::new(options.months))
        .unwrap_or(from)
        .min(as_of);
    let judge_until = as_of - chrono::Duration::days(options.bad_days.max(0));
    let mut judged = Vec::new();
    for c in 0..p.customers().len() {
        let mut sales = Money::ZERO;
        let mut loss = Money::ZERO;
        let mut first_sales = Money::ZERO;
        let first_window_end = from + chrono::Duration::days(90);
        for &i in p.invoices_of_customer(c) {
            let i = i as usize;
            let inv = &p.invoices()[i];
            if inv.amount <= Money::ZERO || inv.issue_date <= from || inv.issue_date > to {
                continue;
            }
            sales += inv.amount;
            if inv.issue_date <= first_window_end {
                first_sales += inv.amount;
            }
            let written_off = p.written_off_at(i, as_of);
            let open = if inv.due_date <= judge_until {
                p.balance_at(i, as_of).max(Money::ZERO)
            } else {
                Money::ZERO
            };
            if written_off * Decimal::TWO >= inv.amount || open > Money::ZERO {
                loss += written_off + open;
            }
        }
        if sales.is_zero() {
            continue;
        }
        let cust = &p.customers()[c];
        let requested = cust.credit_limit.unwrap_or(first_sales);
        let applicant =
            Applicant::from_portfolio(p, c, from, lookback_months, Some(requested), None);
        let v = decide(card, &applicant, min_invoices);
        judged.push(Judged {
            score: v.score,
            credit: v.gives_credit(),
            bad: loss > Money::ZERO,
            sales,
            loss,
        });
    }
    let bad = judged.iter().filter(|j| j.bad).count() as u32;
    let good = judged.len() as u32 - bad;
    let at = |cutoff: i32| tradeoff(&judged, cutoff, bad, good);
    let mut scores: Vec<i32> = judged.iter().filter_map(|j| j.score).collect();
    scores.sort_unstable();
    scores.dedup();
    // The chosen row applies the policy's own classes and conditions.
    let chosen = card.credit_cutoff_class().map(|k| Tradeoff {
        cutoff: card.classes[k].min_points,
        ..tally(&judged, |j| j.credit, bad, good)
    });
    Backtest {
        options: options.clone(),
        as_of,
        customers: judged.len() as u32,
        bad,
        good,
        chosen,
        curve: scores.into_iter().map(at).collect(),
        method: vec![
            format!(
                "every customer invoiced from {} to {to} is scored with what was known on {from} (payment history over the {lookback_months} months before, years as customer, sector, external score); the requested limit is its credit limit, or else what it was invoiced in its first 90 days of the window",
                from.succ_opt().unwrap_or(from)
            ),
            format!(
                "a customer is bad when one of those invoices was mostly written off by {as_of}, or was still open {} days after its due date on {as_of}; invoices due after {judge_until} are not judged",
                options.bad_days
            ),
            "credit = accepted, with or without conditions, except prepayment; error 1 = credit given and bad (loss: what was written off or left open); error 2 = credit refused and good (missed sales: what it was invoiced)".into(),
            "error 2 is estimated: every customer in the data was in fact served, so what a customer the scorecard would refuse would have done is observed; applicants the policy in force then turned away are not in the data, so no reject inference is made and the rates hold for the served population".into(),
            "the curve moves one cut-off (credit from that score up, knock-outs always refused); the chosen row applies the policy's classes and conditions as written".into(),
        ],
    }
}

fn tradeoff(judged: &[Judged], cutoff: i32, bad: u32, good: u32) -> Tradeoff {
    let mut t = tally(judged, |j| j.score.is_some_and(|s| s >= cutoff), bad, good);
    t.cutoff = cutoff;
    t
}

fn tally(judged: &[Judged], credit: impl Fn(&Judged) -> bool, bad: u32, good: u32) -> Tradeoff {
    let mut t = Tradeoff {
        cutoff: 0,
        accepted: 0,
        rejected: 0,
        error1: 0,
        error1_percent: None,
        error1_loss: Money::ZERO,
        error2: 0,
        error2_percent: None,
        error2_sales: Money::ZERO,
    };
    for j in judged {
        if credit(j) {
            t.accepted += 1;
            if j.bad {
                t.error1 += 1;
                t.error1_loss += j.loss;
            }
        } else {
            t.rejected += 1;
            if !j.bad {
                t.error2 += 1;
                t.error2_sales += j.sales;
            }
        }
    }
    let pct = |a: u32, b: u32| {
        (b > 0).then(|| round2(Decimal::from(a) * Decimal::ONE_HUNDRED / Decimal::from(b)))
    };
    t.error1_percent = pct(t.error1, bad);
    t.error2_percent = pct(t.error2, good);
    t.error1_loss = round2(t.error1_loss);
    t.error2_sales = round2(t.error2_sales);
    t
}
