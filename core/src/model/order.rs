use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Money;

/// An accepted sales order (one row of `orders.csv`). Until it is invoiced it takes up
/// credit limit (DOMAIN.md §4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Order {
    /// Unique order number.
    pub order_id: String,
    /// The ordering customer.
    pub customer_id: String,
    /// Date the order was accepted.
    pub order_date: NaiveDate,
    /// Order value including VAT.
    pub amount: Money,
    /// Date the order was invoiced (optional column `invoiced_on`); `None` while open.
    pub invoiced_on: Option<NaiveDate>,
}

impl Order {
    /// Whether the order is accepted but not yet invoiced at date `d`.
    pub fn is_open_at(&self, d: NaiveDate) -> bool {
        self.order_date <= d && self.invoiced_on.is_none_or(|i| i > d)
    }
}
