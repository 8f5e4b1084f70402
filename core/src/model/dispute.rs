use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A dispute raised by the customer about an invoice (one row of `disputes.csv`).
/// Disputes must be assessed within 48 hours (seed 003).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dispute {
    /// Unique dispute reference.
    pub dispute_id: String,
    /// The disputed invoice.
    pub invoice_id: String,
    /// Date the dispute was raised.
    pub opened_on: NaiveDate,
    /// Date it was assessed (judged real, miscommunication or stalling).
    pub assessed_on: Option<NaiveDate>,
    /// Date it was resolved.
    pub resolved_on: Option<NaiveDate>,
    /// Free-text outcome label (e.g. `credit_note`, `rejected`, `miscommunication`).
    pub outcome: Option<String>,
}

impl Dispute {
    /// Whether the dispute is open at date `d`.
    pub fn is_open_at(&self, d: NaiveDate) -> bool {
        self.opened_on <= d && self.resolved_on.is_none_or(|r| r > d)
    }
}
