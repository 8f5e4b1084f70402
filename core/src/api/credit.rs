//! `credit/check-order`: the order check on a portfolio.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::error::{Error, ErrorCode};
use super::request::{Request, portfolio};
use crate::credit::{CreditCheck, CreditError, CreditRules, NoLimit, check_credit};
use crate::model::{Money, Portfolio};

/// May this customer order this amount today?
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CheckOrder {
    /// Customer.
    pub customer_id: String,
    /// Order amount; positive.
    pub order_amount: Money,
    /// Date of the check.
    pub as_of: NaiveDate,
    /// An overdue balance older than this many days holds new orders.
    pub overdue_tolerance_days: i64,
    /// What an order of a customer without a credit limit gets.
    #[serde(default)]
    pub when_no_limit: NoLimit,
}

/// The decision.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OrderDecision {
    /// The check, with the exposure it used and every reason.
    pub decision: CreditCheck,
}

impl CreditError {
    /// As the engine reports it.
    pub fn to_error(&self) -> Error {
        match self {
            CreditError::InvalidAmount(_) => Error::argument("order-amount", self),
            CreditError::UnknownCustomer(_) => Error::new(
                ErrorCode::UnknownCustomer,
                self.to_string(),
                Some("customer-id"),
            ),
        }
    }
}

impl Request for CheckOrder {
    const NAME: &'static str = "credit/check-order";
    const RECORD: Option<&'static str> = None;
    const PORTFOLIO: bool = true;
    type Answer = OrderDecision;

    fn ledger_method(&self) -> Option<&'static str> {
        Some("check-order")
    }

    fn check(&self) -> Result<(), Error> {
        if self.customer_id.is_empty() {
            return Err(Error::argument("customer-id", "must not be empty"));
        }
        Ok(())
    }

    fn answer(&self, p: Option<&Portfolio>) -> Result<OrderDecision, Error> {
        self.check()?;
        let rules = CreditRules {
            overdue_tolerance_days: self.overdue_tolerance_days,
            when_no_limit: self.when_no_limit,
        };
        let p = portfolio(Self::NAME, p)?;
        check_credit(p, &self.customer_id, self.order_amount, self.as_of, &rules)
            .map(|decision| OrderDecision { decision })
            .map_err(|e| e.to_error())
    }
}
