//! Available credit = credit limit − AR of the customer (open invoice balances minus
//! unapplied cash) − accepted orders not yet invoiced; an order of amount A fits when
//! A ≤ available (DOMAIN.md §4, seed 004: "Dit maximale krediet wordt verminderd met de
//! waarde van alle openstaande facturen en reeds geaccepteerde nog niet gefactureerde
//! orders").

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::kpi::report::round2;
use crate::model::{CustomerStatus, Money, Portfolio};

/// What a customer owes and has on order at a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exposure {
    /// Σ open invoice balances (credit notes included).
    pub open_invoices: Money,
    /// Unapplied cash on the account.
    pub unapplied_cash: Money,
    /// Σ accepted orders not yet invoiced (less the invoices that bill them already:
    /// [`Portfolio::open_order_amount`]).
    pub open_orders: Money,
    /// Σ balances past their due date.
    pub overdue: Money,
    /// Days past due of the oldest overdue balance, if any.
    pub oldest_days_past_due: Option<i64>,
}

impl Exposure {
    /// AR of the customer + open orders: what the limit is measured against.
    pub fn total(&self) -> Money {
        self.open_invoices - self.unapplied_cash + self.open_orders
    }
}

/// The exposure of customer index `c` at `as_of`.
pub fn exposure(p: &Portfolio, c: usize, as_of: NaiveDate) -> Exposure {
    let mut e = Exposure {
        open_invoices: Money::ZERO,
        unapplied_cash: Money::ZERO,
        open_orders: Money::ZERO,
        overdue: Money::ZERO,
        oldest_days_past_due: None,
    };
    p.read_ahead_customer(c);
    for &i in p.invoices_of_customer(c) {
        let i = i as usize;
        let bal = p.balance_at(i, as_of);
        if bal.is_zero() {
            continue;
        }
        e.open_invoices += bal;
        let dpd = (as_of - p.invoices()[i].due_date).num_days();
        if dpd > 0 && bal > Money::ZERO {
            e.overdue += bal;
            e.oldest_days_past_due = Some(e.oldest_days_past_due.map_or(dpd, |o| o.max(dpd)));
        }
    }
    e.unapplied_cash += p.unapplied_cash_at(c, as_of);
    for &o in p.orders_of_customer(c) {
        e.open_orders += p.open_order_amount(o as usize, as_of);
    }
    e
}

/// Rules of the order check beyond the limit itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditRules {
    /// An overdue balance older than this many days puts new orders on hold. Default 30.
    pub overdue_tolerance_days: i64,
    /// What an order of a customer without a credit limit gets. Default: approve.
    #[serde(default)]
    pub when_no_limit: NoLimit,
}

impl Default for CreditRules {
    fn default() -> Self {
        CreditRules {
            overdue_tolerance_days: 30,
            when_no_limit: NoLimit::Approve,
        }
    }
}

/// The credit policy for a customer without a credit limit (`credit_limit` empty): some
/// creditors deliver (the limit is simply not managed), others want a credit manager to
/// look at every such order first.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoLimit {
    /// Approve, as far as the limit goes (other rules still apply).
    #[default]
    Approve,
    /// Refer to a credit manager: the order is held.
    Refer,
}

/// Outcome of an order check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Deliver.
    Approve,
    /// A credit manager must decide (over limit, overdue balance).
    Hold,
    /// No credit terms for this customer: prepayment only.
    Reject,
}

/// Machine-readable reason codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReasonCode {
    /// The order fits the available credit.
    WithinLimit,
    /// The order exceeds the available credit.
    OverLimit,
    /// No credit limit is set for the customer; the limit is not checked.
    NoLimitSet,
    /// The credit limit is zero: the customer buys on prepayment only.
    NoCredit,
    /// The customer has a balance overdue beyond the tolerance.
    OverdueBalance,
    /// The customer is insolvent (bankruptcy, judicial reorganisation): no credit.
    Insolvent,
    /// The customer's debts are with the collection partner: no credit.
    CollectionPartner,
    /// Deliveries to the customer are stopped: a credit manager decides.
    DeliveryStopped,
    /// The check could not be made (a host's engine trapped or timed out): hosts fail
    /// closed and hold the order rather than approve it unchecked. The engine itself
    /// never gives this code.
    EngineUnavailable,
}

/// One reason behind a decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    /// Code.
    pub code: ReasonCode,
    /// Explanation with the amounts involved.
    pub message: String,
}

/// The answer to "may customer X order amount A today?".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditCheck {
    /// Customer.
    pub customer_id: String,
    /// Date of the check.
    pub as_of: NaiveDate,
    /// Order amount A.
    pub order_amount: Money,
    /// Credit limit, if one is set.
    pub credit_limit: Option<Money>,
    /// What the customer owes and has on order.
    pub exposure: Exposure,
    /// Limit − exposure; `None` when no limit is set.
    pub available: Option<Money>,
    /// Whether A ≤ available (true when no limit is set).
    pub fits: bool,
    /// The decision.
    pub decision: Decision,
    /// Why, most important first.
    pub reasons: Vec<Reason>,
}

/// A check that could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CreditError {
    /// No customer with this id.
    UnknownCustomer(String),
    /// The order amount is zero or negative.
    InvalidAmount(Money),
}

impl std::fmt::Display for CreditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CreditError::UnknownCustomer(id) => write!(f, "unknown customer {id:?}"),
            CreditError::InvalidAmount(a) => write!(f, "order amount must be positive, got {a}"),
        }
    }
}

impl std::error::Error for CreditError {}

/// Checks an order of `amount` for `customer_id` at `as_of`.
///
/// Reject when the customer is insolvent or at the collection partner, or the limit is
/// zero (prepayment only); hold when deliveries are stopped, the order exceeds the
/// available credit or a balance is overdue more than `rules.overdue_tolerance_days`;
/// approve otherwise. Every rule that fired is in `reasons`, the status first.
pub fn check_credit(
    p: &Portfolio,
    customer_id: &str,
    amount: Money,
    as_of: NaiveDate,
    rules: &CreditRules,
) -> Result<CreditCheck, CreditError> {
    let c = p
        .customer_index(customer_id)
        .ok_or_else(|| CreditError::UnknownCustomer(customer_id.to_string()))?;
    let limit = p.customers()[c].credit_limit;
    decide(
        customer_id,
        limit,
        p.customers()[c].status,
        exposure(p, c, as_of),
        amount,
        as_of,
        rules,
    )
}

/// Decides an order of `amount` from a customer's `limit` and `e`xposure alone, for
/// hosts that keep exposures themselves (the component's `check-credit`): the same rules
/// as [`check_credit`], without a portfolio. Available = limit − exposure (DOMAIN.md §4).
pub fn decide(
    customer_id: &str,
    limit: Option<Money>,
    status: CustomerStatus,
    e: Exposure,
    amount: Money,
    as_of: NaiveDate,
    rules: &CreditRules,
) -> Result<CreditCheck, CreditError> {
    if amount <= Money::ZERO {
        return Err(CreditError::InvalidAmount(amount));
    }
    let available = limit.map(|l| l - e.total());
    let fits = available.is_none_or(|a| amount <= a);
    let mut reasons = Vec::new();
    let (mut decision, status_reason) = match status {
        CustomerStatus::Active => (Decision::Approve, None),
        CustomerStatus::Insolvent => (
            Decision::Reject,
            Some((
                ReasonCode::Insolvent,
                "the customer is insolvent: no credit",
            )),
        ),
        CustomerStatus::CollectionPartner => (
            Decision::Reject,
            Some((
                ReasonCode::CollectionPartner,
                "the customer's debts are with the collection partner: no credit",
            )),
        ),
        CustomerStatus::DeliveryStopped => (
            Decision::Hold,
            Some((
                ReasonCode::DeliveryStopped,
                "deliveries to the customer are stopped: a credit manager decides",
            )),
        ),
    };
    if let Some((code, message)) = status_reason {
        reasons.push(Reason {
            code,
            message: message.into(),
        });
    }
    match (limit, available) {
        (Some(l), _) if l.is_zero() => {
            decision = Decision::Reject;
            reasons.push(Reason {
                code: ReasonCode::NoCredit,
                message: "credit limit is 0.00: prepayment only".into(),
            });
        }
        (Some(_), Some(a)) if !fits => {
            if decision == Decision::Approve {
                decision = Decision::Hold;
            }
            reasons.push(Reason {
                code: ReasonCode::OverLimit,
                message: format!(
                    "order {} exceeds available credit {} by {}",
                    round2(amount),
                    round2(a),
                    round2(amount - a)
                ),
            });
        }
        (Some(_), Some(a)) => reasons.push(Reason {
            code: ReasonCode::WithinLimit,
            message: format!(
                "order {} fits available credit {}",
                round2(amount),
                round2(a)
            ),
        }),
        _ => match rules.when_no_limit {
            NoLimit::Approve => reasons.push(Reason {
                code: ReasonCode::NoLimitSet,
                message: "no credit limit set for this customer; limit not checked".into(),
            }),
            NoLimit::Refer => {
                if decision == Decision::Approve {
                    decision = Decision::Hold;
                }
                reasons.push(Reason {
                    code: ReasonCode::NoLimitSet,
                    message: "no credit limit set for this customer: referred to a credit manager (when_no_limit = refer)".into(),
                });
            }
        },
    }
    if let Some(days) = e.oldest_days_past_due
        && days > rules.overdue_tolerance_days
    {
        if decision == Decision::Approve {
            decision = Decision::Hold;
        }
        reasons.push(Reason {
            code: ReasonCode::OverdueBalance,
            message: format!(
                "{} overdue, oldest {days} days past due (tolerance {} days)",
                round2(e.overdue),
                rules.overdue_tolerance_days
            ),
        });
    }
    Ok(CreditCheck {
        customer_id: customer_id.to_string(),
        as_of,
        order_amount: amount,
        credit_limit: limit,
        exposure: e,
        available,
        fits,
        decision,
        reasons,
    })
}
