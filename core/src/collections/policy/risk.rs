//! Risk classes from a customer's own payment history (amount-weighted average days
//! late) and an optional external score (seed 000: internal payment history combined
//! with e.g. Graydon or Creditsafe).

use chrono::{Months, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::document::RiskModel;
use crate::model::{Money, Portfolio};

/// How a customer paid in the lookback window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentHistory {
    /// Invoices that fell due in the window.
    pub invoices: u32,
    /// Amount-weighted average days late, rounded to one decimal; `None` without
    /// invoices.
    pub avg_days_late: Option<Decimal>,
}

/// The date invoice `i` was settled (its balance first reached zero) on or before
/// `as_of`, counting payments and write-offs as they stand at `as_of`.
pub fn settled_on(p: &Portfolio, i: usize, as_of: NaiveDate) -> Option<NaiveDate> {
    let inv = &p.invoices()[i];
    let mut events: Vec<(NaiveDate, Money)> = Vec::new();
    for &k in p.payments_of_invoice(i) {
        let pay = &p.payments()[k as usize];
        if pay.counts_at(as_of) {
            events.push((pay.payment_date, pay.amount));
        }
    }
    for &k in p.write_offs_of_invoice(i) {
        let w = &p.write_offs()[k as usize];
        if w.written_off_on <= as_of {
            events.push((w.written_off_on, w.amount));
        }
    }
    events.sort();
    let mut left = inv.amount;
    for (d, a) in events {
        left -= a;
        if left <= Money::ZERO {
            return Some(d);
        }
    }
    None
}

/// Payment history of customer `c` at `as_of`: every invoice (not credit note) due in
/// the `lookback_months` before `as_of` counts, weighted by its amount. A settled
/// invoice was late by `settled_on − due_date` days (0 when early); one still open is
/// late by `as_of − due_date` days so far, weighted by its open balance — a customer
/// who stops paying does not look like one without history.
pub fn payment_history(
    p: &Portfolio,
    c: usize,
    as_of: NaiveDate,
    lookback_months: u32,
) -> PaymentHistory {
    let start = as_of
        .checked_sub_months(Months::new(lookback_months))
        .unwrap_or(NaiveDate::MIN);
    let mut n = 0u32;
    let mut weighted = Decimal::ZERO;
    let mut weights = Decimal::ZERO;
    for &i in p.invoices_of_customer(c) {
        let i = i as usize;
        let inv = &p.invoices()[i];
        if inv.amount <= Money::ZERO || inv.due_date <= start || inv.due_date > as_of {
            continue;
        }
        let (days, weight) = match settled_on(p, i, as_of) {
            Some(d) => ((d - inv.due_date).num_days().max(0), inv.amount),
            None => (
                (as_of - inv.due_date).num_days(),
                p.balance_at(i, as_of).max(Money::ZERO),
            ),
        };
        n += 1;
        weighted += weight * Decimal::from(days);
        weights += weight;
    }
    PaymentHistory {
        invoices: n,
        avg_days_late: (!weights.is_zero()).then(|| {
            (weighted / weights)
                .round_dp_with_strategy(1, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        }),
    }
}

/// Index of the risk class of a customer with `history` and external `score`, and why.
/// Too little history gives [`RiskModel::no_history_class`]; otherwise the first class
/// whose conditions hold (a missing score skips the score condition); when none holds,
/// the last class.
pub fn classify(
    model: &RiskModel,
    history: &PaymentHistory,
    score: Option<Decimal>,
) -> (usize, String) {
    let by_name = |name: &str| model.classes.iter().position(|c| c.name == name);
    let last = model.classes.len().saturating_sub(1);
    let avg = match history.avg_days_late {
        Some(a) if history.invoices >= model.min_invoices => a,
        _ => {
            return (
                by_name(&model.no_history_class).unwrap_or(last),
                format!(
                    "risk {} (no history: {} invoice(s) due in the last {} months, {} needed)",
                    model.no_history_class,
                    history.invoices,
                    model.lookback_months,
                    model.min_invoices
                ),
            );
        }
    };
    let score_text = score
        .map(|s| format!(", external score {s}"))
        .unwrap_or_default();
    for (k, class) in model.classes.iter().enumerate() {
        let days_ok = class.max_avg_days_late.is_none_or(|m| avg <= m);
        let score_ok = match (class.min_external_score, score) {
            (Some(min), Some(s)) => s >= min,
            _ => true,
        };
        if days_ok && score_ok {
            return (
                k,
                format!(
                    "risk {} ({avg} days late on average over {} invoices{score_text})",
                    class.name, history.invoices
                ),
            );
        }
    }
    (
        last,
        format!(
            "risk {} (no class matched {avg} days late{score_text}; last class used)",
            model
                .classes
                .get(last)
                .map(|c| c.name.as_str())
                .unwrap_or("?")
        ),
    )
}
