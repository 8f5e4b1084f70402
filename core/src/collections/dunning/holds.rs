//! Whether a payment plan is being kept and a promise to pay is pending, kept or broken
//! (used by dunning holds and by the collector's worklist).

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::model::{Money, PaymentPlan, Portfolio};

/// Where a payment plan stands at a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum PlanState {
    /// Every instalment due so far (plus grace) is paid; the next one, if any.
    OnTrack {
        /// Next instalment `(due date, amount)`.
        next: Option<(NaiveDate, Money)>,
    },
    /// An instalment was missed.
    Broken {
        /// Due date of the first missed instalment.
        missed_due: NaiveDate,
        /// How much was short at that date (cumulative).
        short_by: Money,
    },
}

/// `d` shifted by `n` days (negative: earlier), saturating at the calendar's ends.
pub(crate) fn plus(d: NaiveDate, n: i64) -> NaiveDate {
    if n >= 0 {
        d.checked_add_days(Days::new(n as u64)).unwrap_or(d)
    } else {
        d.checked_sub_days(Days::new(n.unsigned_abs())).unwrap_or(d)
    }
}

/// State of `plan` at `as_of`. Instalments are checked cumulatively: by each due date
/// plus `grace_days`, payments applied to the covered invoices since the agreement
/// (dated up to that day and still counting at `as_of`) must add up to the instalments
/// due so far. Payments must be applied to the covered invoices to count.
pub fn plan_state(
    p: &Portfolio,
    plan: &PaymentPlan,
    as_of: NaiveDate,
    grace_days: u32,
) -> PlanState {
    let mut paid: Vec<(NaiveDate, Money)> = Vec::new();
    for &i in &plan.invoices {
        for &k in p.payments_of_invoice(i) {
            let pay = &p.payments()[k as usize];
            if pay.counts_at(as_of) && pay.payment_date >= plan.agreed_on {
                paid.push((pay.payment_date, pay.amount));
            }
        }
    }
    let mut due_so_far = Money::ZERO;
    for &(due, amount) in &plan.instalments {
        due_so_far += amount;
        let deadline = plus(due, i64::from(grace_days));
        if deadline >= as_of {
            return PlanState::OnTrack {
                next: Some((due, amount)),
            };
        }
        let by_deadline: Money = paid
            .iter()
            .filter(|(d, _)| *d <= deadline)
            .map(|x| x.1)
            .sum();
        if by_deadline < due_so_far {
            return PlanState::Broken {
                missed_due: due,
                short_by: due_so_far - by_deadline,
            };
        }
    }
    PlanState::OnTrack { next: None }
}

/// Where a promise to pay stands at a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum PromiseState {
    /// Not yet due (pay-by date plus grace not passed) and not yet paid.
    Pending {
        /// Last day of the grace period.
        until: NaiveDate,
    },
    /// Paid as promised.
    Kept,
    /// Not paid in time.
    Broken,
}

/// State of promise `k` at `as_of`: kept when the customer paid the promised amount
/// (to the named invoice, or anything for an account-level promise) between the
/// promise and its pay-by date plus `grace_days`.
pub fn promise_state(p: &Portfolio, k: usize, as_of: NaiveDate, grace_days: u32) -> PromiseState {
    let pr = &p.promises()[k];
    let until = plus(pr.pay_by, i64::from(grace_days));
    let window_end = until.min(as_of);
    let c = p.customer_index(&pr.customer_id).unwrap_or_default();
    let in_window = |d: NaiveDate| d >= pr.promised_on && d <= window_end;
    let mut paid = Money::ZERO;
    let mut add = |pay: &crate::model::Payment| {
        if pay.counts_at(as_of) && in_window(pay.payment_date) {
            paid += pay.amount;
        }
    };
    match p.invoice_of_promise(k) {
        Some(i) => p
            .payments_of_invoice(i)
            .iter()
            .for_each(|&x| add(&p.payments()[x as usize])),
        None => {
            for &i in p.invoices_of_customer(c) {
                p.payments_of_invoice(i as usize)
                    .iter()
                    .for_each(|&x| add(&p.payments()[x as usize]));
            }
            p.unapplied_of_customer(c)
                .iter()
                .for_each(|&x| add(&p.payments()[x as usize]));
        }
    }
    if paid >= pr.amount {
        PromiseState::Kept
    } else if as_of <= until {
        PromiseState::Pending { until }
    } else {
        PromiseState::Broken
    }
}
