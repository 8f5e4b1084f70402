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
    let lates = || {
        p.invoices_of_customer(c).iter().filter_map(move |&i| {
            let i = i as usize;
            let inv = &p.invoices()[i];
            if inv.amount <= Money::ZERO || inv.due_date <= start || inv.due_date > as_of {
                return None;
            }
            Some(match settled_on(p, i, as_of) {
                Some(d) => ((d - inv.due_date).num_days().max(0), inv.amount),
                None => (
                    (as_of - inv.due_date).num_days(),
                    p.balance_at(i, as_of).max(Money::ZERO),
                ),
            })
        })
    };
    // Amounts times days can leave Decimal's range (balances of 10^23 and more, ten
    // thousand years late): the same average is then taken from each weight divided
    // by the largest, which stays far inside it.
    weighted_days(lates(), Decimal::ONE).unwrap_or_else(|| {
        let largest = lates().map(|(_, w)| w).max().unwrap_or(Decimal::ONE);
        // Weights of at most one: no sum can leave the range (the fallback is never
        // reached with a largest weight above zero).
        weighted_days(lates(), largest).unwrap_or(PaymentHistory {
            invoices: 0,
            avg_days_late: None,
        })
    })
}

/// The history of `lates` (days late, weight): their number and the average of the
/// days weighted by the weights divided by `unit`, rounded to one decimal (none when no
/// weight is above zero); `None` when a sum leaves Decimal's range.
fn weighted_days(
    lates: impl Iterator<Item = (i64, Decimal)>,
    unit: Decimal,
) -> Option<PaymentHistory> {
    let mut n = 0u32;
    let mut weighted = Decimal::ZERO;
    let mut weights = Decimal::ZERO;
    for (days, weight) in lates {
        n += 1;
        let w = if unit == Decimal::ONE {
            weight
        } else {
            weight.checked_div(unit)?
        };
        weighted = weighted.checked_add(w.checked_mul(Decimal::from(days))?)?;
        weights = weights.checked_add(w)?;
    }
    let avg_days_late = if weights.is_zero() {
        None
    } else {
        let avg = weighted.checked_div(weights)?;
        Some(avg.round_dp_with_strategy(1, rust_decimal::RoundingStrategy::MidpointAwayFromZero))
    };
    Some(PaymentHistory {
        invoices: n,
        avg_days_late,
    })
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{Config, generate};
    use chrono::Days;

    /// One customer with two unpaid invoices at `as_of`, 10 and 40 days late, of 100
    /// and 300 × `unit`.
    fn two_late_invoices(unit: Decimal) -> (Portfolio, NaiveDate) {
        let mut t = generate(&Config {
            customers: 1,
            invoices: 2,
            ..Config::default()
        });
        let as_of = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
        t.invoices.truncate(2);
        assert_eq!(t.invoices.len(), 2);
        t.payments.clear();
        t.write_offs.clear();
        t.disputes.clear();
        t.orders.clear();
        for (inv, (late, amount)) in t.invoices.iter_mut().zip([(10, 100), (40, 300)]) {
            inv.due_date = as_of - Days::new(late);
            inv.issue_date = inv.due_date - Days::new(30);
            inv.amount = Decimal::from(amount) * unit;
            inv.references = None;
        }
        let (p, refused) = Portfolio::build(t, None);
        assert!(refused.is_empty(), "{refused:?}");
        (p, as_of)
    }

    /// (100 × 10 + 300 × 40) / 400 = 32.5 days; with amounts of 10^27 and 3 × 10^27 the
    /// products with the days (1.3 × 10^29 in all) leave Decimal's range (7.9 × 10^28):
    /// the same 32.5, where the product once panicked (found by the `portfolio` fuzz
    /// target, `fuzz/regressions/portfolio/`).
    #[test]
    fn the_average_days_late_of_any_amounts() {
        for unit in [
            Decimal::ONE,
            Decimal::from_i128_with_scale(10i128.pow(25), 0),
        ] {
            let (p, as_of) = two_late_invoices(unit);
            let h = payment_history(&p, 0, as_of, 12);
            assert_eq!(h.invoices, 2, "{unit}");
            assert_eq!(h.avg_days_late, Some(Decimal::new(325, 1)), "{unit}");
        }
    }
}
