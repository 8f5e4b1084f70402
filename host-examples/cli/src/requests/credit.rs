//! `credit/check-order`.

use chrono::NaiveDate;
use rappel_core::credit::{CreditCheck, CreditRules, check_credit};
use rappel_core::model::{Money, Portfolio};
use serde::{Deserialize, Serialize};

use super::{Request, needs_portfolio};

/// May this customer order this amount today?
#[derive(Serialize)]
pub struct CheckOrder {
    /// Customer.
    pub customer_id: String,
    /// Order amount.
    pub order_amount: Money,
    /// Date of the check.
    pub as_of: NaiveDate,
    /// An overdue balance older than this holds new orders.
    pub overdue_tolerance_days: i64,
}

/// The decision.
#[derive(Deserialize)]
pub struct OrderDecision {
    /// The check.
    pub decision: CreditCheck,
}

impl Request for CheckOrder {
    const EXPORT: &'static str = "credit/check-order";
    const RECORD: Option<&'static str> = None;
    type Answer = OrderDecision;

    fn native(&self, p: Option<Portfolio>) -> Result<OrderDecision, String> {
        let p = p.ok_or_else(|| needs_portfolio(Self::EXPORT))?;
        let rules = CreditRules {
            overdue_tolerance_days: self.overdue_tolerance_days,
        };
        check_credit(&p, &self.customer_id, self.order_amount, self.as_of, &rules)
            .map(|decision| OrderDecision { decision })
            .map_err(|e| e.to_string())
    }
}
