//! What a Peppol Invoice Response does to the dispute register and the promises to pay
//! (DOMAIN.md §7): UQ and RE open a dispute (dunning is held), AP closes the open ones,
//! PD records a promise (payment initiated: do not remind), AB, IP and CA are noted.

use chrono::Days;
use serde::{Deserialize, Serialize};

use crate::ingest::imr::{InvoiceResponse, ResponseCode};
use crate::ingest::{CsvFile, Problem, parse_pair_for_update, write_table};
use crate::model::{Dispute, Money, Portfolio, Promise};

/// What one response did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponseOutcome {
    /// Response id.
    pub response_id: String,
    /// Invoice answered.
    pub invoice_id: String,
    /// Status code.
    pub code: ResponseCode,
    /// Whether the register changed.
    pub changed: bool,
    /// What happened, in words.
    pub effect: String,
}

/// Applies `responses` (in date order) to `disputes` and `promises`. Importing the
/// same response twice changes nothing the second time: ids are derived from the
/// invoice and the response id. A PD response becomes a promise of the invoice's open
/// balance, due `payment_expected_days` after the response date.
pub fn apply_responses(
    p: &Portfolio,
    disputes: &mut Vec<Dispute>,
    promises: &mut Vec<Promise>,
    responses: &[InvoiceResponse],
    payment_expected_days: u32,
) -> Vec<ResponseOutcome> {
    let mut order: Vec<&InvoiceResponse> = responses.iter().collect();
    order.sort_by(|a, b| (a.date(), &a.response_id).cmp(&(b.date(), &b.response_id)));
    let mut out = Vec::new();
    for r in order {
        let d = r.date();
        let id = format!("IMR-{}-{}", r.invoice_id, r.response_id);
        let mut outcome = |changed, effect: String| {
            out.push(ResponseOutcome {
                response_id: r.response_id.clone(),
                invoice_id: r.invoice_id.clone(),
                code: r.code,
                changed,
                effect,
            })
        };
        let Some(i) = p.invoice_index(&r.invoice_id) else {
            outcome(
                false,
                format!(
                    "invoice {:?} is not in the portfolio; nothing changed",
                    r.invoice_id
                ),
            );
            continue;
        };
        let inv = &p.invoices()[i];
        let why = if r.reasons.is_empty() && r.details.is_empty() {
            String::new()
        } else {
            format!(
                " ({})",
                [r.reasons.join(" "), r.details.join("; ")]
                    .join(": ")
                    .trim_matches([':', ' '])
            )
        };
        match r.code {
            ResponseCode::UQ | ResponseCode::RE => {
                let open = disputes
                    .iter()
                    .any(|x| x.invoice_id == r.invoice_id && x.resolved_on.is_none());
                if disputes.iter().any(|x| x.dispute_id == id) {
                    outcome(false, format!("dispute {id} already registered"));
                } else if open {
                    outcome(false, format!("invoice already has an open dispute{why}"));
                } else {
                    disputes.push(Dispute {
                        dispute_id: id.clone(),
                        invoice_id: r.invoice_id.clone(),
                        opened_on: d,
                        assessed_on: None,
                        resolved_on: None,
                        outcome: None,
                    });
                    let kind = if r.code == ResponseCode::RE {
                        "rejected"
                    } else {
                        "under query"
                    };
                    outcome(
                        true,
                        format!("{kind}: dispute {id} opened on {d}; dunning held{why}"),
                    );
                }
            }
            ResponseCode::AP => {
                let mut closed = Vec::new();
                for x in disputes.iter_mut().filter(|x| {
                    x.invoice_id == r.invoice_id && x.resolved_on.is_none() && x.opened_on <= d
                }) {
                    x.assessed_on = x.assessed_on.or(Some(d));
                    x.resolved_on = Some(d);
                    x.outcome = Some("accepted_by_buyer".into());
                    closed.push(x.dispute_id.clone());
                }
                if closed.is_empty() {
                    outcome(false, "accepted; no open dispute to close".into());
                } else {
                    outcome(
                        true,
                        format!("accepted: closed {} on {d}", closed.join(", ")),
                    );
                }
            }
            ResponseCode::PD => {
                let paid: Money = p
                    .payments_of_invoice(i)
                    .iter()
                    .map(|&k| &p.payments()[k as usize])
                    .filter(|x| x.counts_at(d))
                    .map(|x| x.amount)
                    .sum();
                let balance = inv.amount - paid;
                if promises.iter().any(|x| x.promise_id == id) {
                    outcome(false, format!("promise {id} already registered"));
                } else if balance <= Money::ZERO {
                    outcome(false, "paid: the invoice is already settled".into());
                } else {
                    let pay_by = d
                        .checked_add_days(Days::new(u64::from(payment_expected_days)))
                        .unwrap_or(d);
                    promises.push(Promise {
                        promise_id: id.clone(),
                        customer_id: inv.customer_id.to_string(),
                        invoice_id: Some(r.invoice_id.clone()),
                        promised_on: d,
                        pay_by,
                        amount: balance,
                    });
                    outcome(
                        true,
                        format!(
                            "payment initiated: promise {id} of {balance} expected by {pay_by}; no reminders until then"
                        ),
                    );
                }
            }
            ResponseCode::AB => {
                outcome(false, format!("acknowledged on {d}: proof of receipt{why}"))
            }
            ResponseCode::IP => outcome(false, format!("in process since {d}{why}")),
            ResponseCode::CA => outcome(false, format!("conditionally accepted{why}")),
        }
    }
    out
}

/// `disputes.csv` and `promises.csv` after [`apply_to_files`], with what each response
/// did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AppliedFiles {
    /// The new `disputes.csv`.
    pub disputes: Vec<u8>,
    /// The new `promises.csv`.
    pub promises: Vec<u8>,
    /// What each response did, in the order applied.
    pub outcomes: Vec<ResponseOutcome>,
}

impl AppliedFiles {
    /// Whether any response changed a file (when none did, the files need no writing).
    pub fn changed(&self) -> bool {
        self.outcomes.iter().any(|o| o.changed)
    }
}

/// Applies `responses` to the current `disputes` and `promises` files of portfolio `p`
/// (either may be absent: the file is created) with [`apply_responses`], and writes both
/// again. Refuses, with every problem, when a current file has a row that does not
/// read: rewriting the file would lose it. The CLI and the component both use it.
pub fn apply_to_files(
    p: &Portfolio,
    disputes: Option<CsvFile<'_>>,
    promises: Option<CsvFile<'_>>,
    responses: &[InvoiceResponse],
    payment_expected_days: u32,
) -> Result<AppliedFiles, Vec<Problem>> {
    let (mut disputes, mut promises) =
        parse_pair_for_update::<Dispute, Promise>(disputes, promises)?;
    let outcomes = apply_responses(
        p,
        &mut disputes,
        &mut promises,
        responses,
        payment_expected_days,
    );
    Ok(AppliedFiles {
        disputes: write_table(&disputes),
        promises: write_table(&promises),
        outcomes,
    })
}
