use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Money;

/// One instalment of an agreed payment plan (one row of the optional
/// `payment_plans.csv`). The rows of a plan share its id, customer, agreement date and
/// the invoices it covers; [`crate::model::Portfolio`] checks that they agree and groups
/// them into a [`PaymentPlan`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanInstalment {
    /// Plan reference.
    pub plan_id: String,
    /// The customer who agreed the plan.
    pub customer_id: String,
    /// The invoices the plan covers (a space-separated list in CSV).
    pub invoice_ids: Vec<String>,
    /// Date the plan was agreed.
    pub agreed_on: NaiveDate,
    /// Date this instalment is due.
    pub due_date: NaiveDate,
    /// Amount of this instalment.
    pub amount: Money,
}

/// An agreed payment plan: a schedule of instalments that settles a set of invoices.
/// While the customer keeps to it the covered invoices are held from dunning; a missed
/// instalment ends the hold (DESIGN.md, "Holds").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentPlan {
    /// Plan reference.
    pub plan_id: String,
    /// Index of the customer in the portfolio.
    pub customer: usize,
    /// Indexes of the covered invoices.
    pub invoices: Vec<usize>,
    /// Date the plan was agreed.
    pub agreed_on: NaiveDate,
    /// Instalments `(due date, amount)`, by due date.
    pub instalments: Vec<(NaiveDate, Money)>,
}
