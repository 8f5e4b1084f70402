use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Money;

/// A write-off of (part of) an invoice as bad debt (one row of `write_offs.csv`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WriteOff {
    /// The invoice written off.
    pub invoice_id: String,
    /// Booking date of the write-off.
    pub written_off_on: NaiveDate,
    /// Amount written off.
    pub amount: Money,
}
