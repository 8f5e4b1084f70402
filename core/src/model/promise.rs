use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Money;

/// A promise to pay made by a customer (one row of the optional `promises.csv`): by a
/// collector's call, in reply to a reminder, or a Peppol Invoice Response with code PD
/// ("paid", DOMAIN.md §7).
///
/// While it is pending, dunning for the invoice it names is held and the collector's
/// worklist de-prioritises the customer; a broken promise raises the customer there
/// (SAP FSCM, HighRadius; DOMAIN.md §8).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Promise {
    /// Unique reference.
    pub promise_id: String,
    /// The customer who promised.
    pub customer_id: String,
    /// The invoice the promise is about; `None` for a promise on the account as a whole.
    pub invoice_id: Option<String>,
    /// Date the promise was made.
    pub promised_on: NaiveDate,
    /// Date by which the customer said they would pay.
    pub pay_by: NaiveDate,
    /// Amount promised.
    pub amount: Money,
}
