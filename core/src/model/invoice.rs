use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{CurrencyCode, Id, Money};

/// An invoice or, with a negative amount, a credit note (one row of `invoices.csv`).
///
/// Serialises as the row it was read from: the [`InvoiceReferences`] appear as the
/// optional fields `order_id` and `payment_reference`, left out when absent.
#[derive(Debug, Clone, PartialEq, Eq)]
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
    /// The order it bills and the payment reference printed on it, when the row gives
    /// either; `None` (no allocation) when it gives neither. One pointer in the row
    /// instead of the 24 bytes the two would take in place: every workflow scans the
    /// invoices' rows and most leave both cells empty (BENCHMARKS.md, issue 15,
    /// twenty-third pass). Made with [`InvoiceReferences::of`]; read with
    /// [`Invoice::order_id`] and [`Invoice::payment_reference`].
    pub references: Option<Box<InvoiceReferences>>,
}

// 64 bytes on wasm32 (the page, the component), 72 on 64-bit targets
// (`id::tests::the_big_rows_keep_their_size`).
#[cfg(target_pointer_width = "32")]
const _: () = assert!(std::mem::size_of::<Invoice>() == 64);

/// The optional references of an invoice, kept beside its row ([`Invoice::references`]):
/// at least one of the two, since the only way to make them, [`InvoiceReferences::of`],
/// gives `None` for neither (the fields are private), so that an invoice without
/// references always holds `None` — equal to any other such invoice, and serialised the
/// same. An empty pair does not compile:
///
/// ```compile_fail
/// let empty = rappel_core::model::InvoiceReferences { order_id: None, payment_reference: None };
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceReferences {
    order_id: Option<Id>,
    payment_reference: Option<Box<str>>,
}

impl InvoiceReferences {
    /// The references of a row: `None` when it gives neither, so that such a row
    /// allocates nothing.
    pub fn of(
        order_id: Option<Id>,
        payment_reference: Option<Box<str>>,
    ) -> Option<Box<InvoiceReferences>> {
        if order_id.is_none() && payment_reference.is_none() {
            return None;
        }
        Some(Box::new(InvoiceReferences {
            order_id,
            payment_reference,
        }))
    }

    /// The order the invoice bills (optional column `order_id`; Peppol
    /// `cac:OrderReference/cbc:ID`): its amount stops counting as an open order of the
    /// same customer from the issue date, so an order and its invoice are never both in
    /// the exposure or the forecast.
    pub fn order_id(&self) -> Option<&Id> {
        self.order_id.as_ref()
    }

    /// The payment reference printed on the invoice (optional column
    /// `payment_reference`; Peppol `cac:PaymentMeans/cbc:PaymentID`): a payment that
    /// quotes it pays this invoice. Empty: the engine derives one in the policy's form
    /// ([`crate::cash::reference`]).
    pub fn payment_reference(&self) -> Option<&str> {
        self.payment_reference.as_deref()
    }
}

impl Invoice {
    /// A credit note is an invoice row with a negative amount (DOMAIN.md §1).
    pub fn is_credit_note(&self) -> bool {
        self.amount.is_sign_negative() && !self.amount.is_zero()
    }

    /// The order this invoice bills, if the row names one ([`InvoiceReferences::order_id`]).
    #[inline]
    pub fn order_id(&self) -> Option<&Id> {
        self.references.as_ref()?.order_id()
    }

    /// The payment reference printed on the invoice, if the row gives one
    /// ([`InvoiceReferences::payment_reference`]).
    #[inline]
    pub fn payment_reference(&self) -> Option<&str> {
        self.references.as_ref()?.payment_reference()
    }
}

/// The serialised form of an [`Invoice`]: the row's columns, flat.
#[derive(Serialize)]
struct Flat<'a> {
    invoice_id: &'a Id,
    customer_id: &'a Id,
    issue_date: NaiveDate,
    due_date: NaiveDate,
    amount: Money,
    currency: CurrencyCode,
    #[serde(skip_serializing_if = "Option::is_none")]
    order_id: Option<&'a Id>,
    #[serde(skip_serializing_if = "Option::is_none")]
    payment_reference: Option<&'a str>,
}

/// [`Flat`], read.
#[derive(Deserialize)]
struct FlatOwned {
    invoice_id: Id,
    customer_id: Id,
    issue_date: NaiveDate,
    due_date: NaiveDate,
    amount: Money,
    currency: CurrencyCode,
    #[serde(default)]
    order_id: Option<Id>,
    #[serde(default)]
    payment_reference: Option<Box<str>>,
}

impl Serialize for Invoice {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Flat {
            invoice_id: &self.invoice_id,
            customer_id: &self.customer_id,
            issue_date: self.issue_date,
            due_date: self.due_date,
            amount: self.amount,
            currency: self.currency,
            order_id: self.order_id(),
            payment_reference: self.payment_reference(),
        }
        .serialize(s)
    }
}

impl<'de> Deserialize<'de> for Invoice {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Invoice, D::Error> {
        let f = FlatOwned::deserialize(d)?;
        Ok(Invoice {
            invoice_id: f.invoice_id,
            customer_id: f.customer_id,
            issue_date: f.issue_date,
            due_date: f.due_date,
            amount: f.amount,
            currency: f.currency,
            references: InvoiceReferences::of(f.order_id, f.payment_reference),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn invoice(references: Option<Box<InvoiceReferences>>) -> Invoice {
        let day = NaiveDate::from_ymd_opt(2026, 3, 1).expect("a date");
        Invoice {
            invoice_id: "F1".into(),
            customer_id: "C1".into(),
            issue_date: day,
            due_date: day,
            amount: Money::new(12_150, 2),
            currency: CurrencyCode::parse("EUR").expect("a code"),
            references,
        }
    }

    #[test]
    fn a_row_without_references_allocates_none_and_reads_none() {
        assert_eq!(InvoiceReferences::of(None, None), None);
        let inv = invoice(None);
        assert_eq!((inv.order_id(), inv.payment_reference()), (None, None));
        let inv = invoice(InvoiceReferences::of(
            None,
            Some("+++090/9337/55493+++".into()),
        ));
        assert_eq!(inv.order_id(), None);
        assert_eq!(inv.payment_reference(), Some("+++090/9337/55493+++"));
        let inv = invoice(InvoiceReferences::of(Some("PO-7".into()), None));
        assert_eq!(inv.order_id().map(Id::as_str), Some("PO-7"));
        assert_eq!(inv.payment_reference(), None);
    }

    /// The references serialise as the row's two optional columns, flat, and are left
    /// out when absent; what is read back is equal, and a row read without them holds
    /// no references at all (not an empty pair).
    #[test]
    fn serialises_as_the_flat_row() {
        let base = r#"{"invoice_id":"F1","customer_id":"C1","issue_date":"2026-03-01","due_date":"2026-03-01","amount":"121.50","currency":"EUR""#;
        let cases = [
            (invoice(None), format!("{base}}}")),
            (
                invoice(InvoiceReferences::of(Some("PO-7".into()), None)),
                format!(r#"{base},"order_id":"PO-7"}}"#),
            ),
            (
                invoice(InvoiceReferences::of(
                    Some("PO-7".into()),
                    Some("RF18".into()),
                )),
                format!(r#"{base},"order_id":"PO-7","payment_reference":"RF18"}}"#),
            ),
        ];
        for (inv, json) in cases {
            assert_eq!(serde_json::to_string(&inv).expect("serialises"), json);
            let back: Invoice = serde_json::from_str(&json).expect("reads");
            assert_eq!(back, inv);
        }
        let back: Invoice =
            serde_json::from_str(&format!(r#"{base},"order_id":null}}"#)).expect("reads");
        assert!(back.references.is_none());
    }
}
