use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Id, LongText, Money};

/// A payment received (one row of `payments.csv`).
///
/// A payment with no `invoice_id` is unapplied cash on the customer's account. A payment
/// with a `reversed_on` date (a direct-debit storno, a card chargeback) no longer counts
/// from that date on (DOMAIN.md §2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    /// Unique payment reference.
    pub payment_id: Id,
    /// The paying customer.
    pub customer_id: Id,
    /// The invoice the payment is applied to; `None` for unapplied cash.
    pub invoice_id: Option<Id>,
    /// Value date of the payment.
    pub payment_date: NaiveDate,
    /// Amount received (a negative amount is a refund or a clearing entry).
    pub amount: Money,
    /// How the money came in.
    pub method: PaymentMethod,
    /// Date the payment was reversed, if it was.
    pub reversed_on: Option<NaiveDate>,
    /// The account the money came from, when a bank statement said (optional column
    /// `payer_iban`): what teaches cash application which accounts a customer pays from.
    /// Text on the heap (8 bytes in the row on wasm32, 16 on 64-bit): an IBAN (16–34
    /// characters) is longer than an [`Id`] keeps in place anyway.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payer_iban: Option<LongText>,
}

impl Payment {
    /// Whether the payment counts at date `d`: received on or before `d` and not reversed
    /// on or before `d`.
    pub fn counts_at(&self, d: NaiveDate) -> bool {
        self.payment_date <= d && self.reversed_on.is_none_or(|r| r > d)
    }
}

/// Payment channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethod {
    /// Bank transfer initiated by the customer.
    Transfer,
    /// SEPA direct debit collected by the creditor (may be reversed).
    DirectDebit,
    /// Card payment.
    Card,
    /// Anything else, including clearing entries between a credit note and an invoice.
    Other,
}

impl PaymentMethod {
    /// All methods, in a fixed order.
    pub const ALL: [PaymentMethod; 4] = [
        PaymentMethod::Transfer,
        PaymentMethod::DirectDebit,
        PaymentMethod::Card,
        PaymentMethod::Other,
    ];

    /// The CSV spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentMethod::Transfer => "transfer",
            PaymentMethod::DirectDebit => "direct_debit",
            PaymentMethod::Card => "card",
            PaymentMethod::Other => "other",
        }
    }

    /// Parses the CSV spelling (case-insensitive).
    pub fn parse(s: &str) -> Option<PaymentMethod> {
        PaymentMethod::ALL
            .into_iter()
            .find(|x| x.as_str().eq_ignore_ascii_case(s))
    }
}
