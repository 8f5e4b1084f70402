use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{CurrencyCode, Id, LongText, Money};

/// An invoice or, with a negative amount, a credit note (one row of `invoices.csv`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invoice {
    /// Unique invoice number.
    pub invoice_id: Id,
    /// The debtor.
    pub customer_id: Id,
    /// Invoice date; the invoice exists in receivables from this date on.
    pub issue_date: NaiveDate,
    /// Date payment is due; days past due count from here.
    pub due_date: NaiveDate,
    /// Gross amount including VAT; negative for a credit note.
    pub amount: Money,
    /// ISO 4217 currency code (three bytes in the row).
    pub currency: CurrencyCode,
    /// The order this invoice bills (optional column `order_id`; Peppol
    /// `cac:OrderReference/cbc:ID`): its amount stops counting as an open order of the
    /// same customer from the issue date, so an order and its invoice are never both in
    /// the exposure or the forecast.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_id: Option<Id>,
    /// The payment reference printed on the invoice (optional column
    /// `payment_reference`; Peppol `cac:PaymentMeans/cbc:PaymentID`): a payment that
    /// quotes it pays this invoice. Empty: the engine derives one in the policy's form
    /// ([`crate::cash::reference`]). Text on the heap (8 bytes in the row on wasm32, 16 on
    /// 64-bit): a structured reference (OGM, RF) is longer than an [`Id`] keeps in place
    /// anyway.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_reference: Option<LongText>,
}

impl Invoice {
    /// A credit note is an invoice row with a negative amount (DOMAIN.md §1).
    pub fn is_credit_note(&self) -> bool {
        self.amount.is_sign_negative() && !self.amount.is_zero()
    }
}
