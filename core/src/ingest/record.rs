//! The CSV exchange format v1 (DOMAIN.md §1): for each table its columns, and how one
//! row of cells becomes a model record and back.

use rust_decimal::Decimal;

use super::cell::{self, CellError, Dates};
use crate::model::{
    Customer, CustomerStatus, Dispute, Invoice, InvoiceReferences, Order, Payment, PlanInstalment,
    Promise, Table, WriteOff,
};

/// How the cells of a column are typed (lets a column mapping convert foreign dates and
/// numbers before the strict v1 parser sees them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// Free text or a code.
    Text,
    /// A calendar date.
    Date,
    /// A decimal amount.
    Decimal,
}

/// One table row of the exchange format.
pub trait Record: Sized {
    /// The table this record belongs to.
    const TABLE: Table;
    /// Columns, required ones first, then the optional ones in `OPTIONAL_FROM..`.
    const COLUMNS: &'static [(&'static str, ColumnKind)];
    /// Index in [`Record::COLUMNS`] from which columns may be absent from the header.
    const OPTIONAL_FROM: usize = Self::COLUMNS.len();
    /// Builds the record from cells in [`Record::COLUMNS`] order (absent optional
    /// columns are given as empty cells); its dates are read through `dates`, the
    /// dates of the table read so far.
    fn from_cells(c: &[&str], dates: &mut Dates) -> Result<Self, CellError>;
    /// The cells of the record in [`Record::COLUMNS`] order.
    fn to_cells(&self) -> Vec<String>;
    /// The record's money amount, for file totals.
    fn amount(&self) -> Option<Decimal> {
        None
    }
}

use ColumnKind::{Date as D, Decimal as N, Text as T};

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_default()
}

impl Record for Customer {
    const TABLE: Table = Table::Customers;
    const COLUMNS: &'static [(&'static str, ColumnKind)] = &[
        ("customer_id", T),
        ("name", T),
        ("segment", T),
        ("sector", T),
        ("credit_limit", N),
        ("customer_since", D),
        ("language", T),
        ("b2c", T),
        ("status", T),
        ("external_score", N),
        ("country", T),
        ("iban", T),
    ];
    const OPTIONAL_FROM: usize = 8;
    fn from_cells(c: &[&str], dates: &mut Dates) -> Result<Self, CellError> {
        Ok(Customer {
            customer_id: cell::text("customer_id", c[0])?,
            name: c[1].to_string(),
            segment: c[2].to_string(),
            sector: cell::sector("sector", c[3])?,
            credit_limit: cell::opt_decimal("credit_limit", c[4])?,
            customer_since: dates.date("customer_since", c[5])?,
            language: cell::language("language", c[6])?,
            b2c: cell::boolean("b2c", c[7])?,
            status: cell::customer_status("status", c[8])?,
            external_score: cell::opt_decimal("external_score", c[9])?,
            country: cell::country("country", c[10])?,
            ibans: cell::ibans("iban", c[11])?,
        })
    }
    fn to_cells(&self) -> Vec<String> {
        vec![
            self.customer_id.to_string(),
            self.name.clone(),
            self.segment.clone(),
            self.sector.map(|s| s.as_str()).unwrap_or_default().into(),
            opt(&self.credit_limit),
            self.customer_since.to_string(),
            self.language.map(|l| l.as_str()).unwrap_or_default().into(),
            self.b2c.to_string(),
            match self.status {
                CustomerStatus::Active => String::new(),
                s => s.as_str().into(),
            },
            opt(&self.external_score),
            opt(&self.country),
            self.ibans.join(";"),
        ]
    }
    fn amount(&self) -> Option<Decimal> {
        self.credit_limit
    }
}

impl Record for Invoice {
    const TABLE: Table = Table::Invoices;
    const COLUMNS: &'static [(&'static str, ColumnKind)] = &[
        ("invoice_id", T),
        ("customer_id", T),
        ("issue_date", D),
        ("due_date", D),
        ("amount", N),
        ("currency", T),
        ("order_id", T),
        ("payment_reference", T),
    ];
    const OPTIONAL_FROM: usize = 6;
    fn from_cells(c: &[&str], dates: &mut Dates) -> Result<Self, CellError> {
        Ok(Invoice {
            invoice_id: cell::text("invoice_id", c[0])?,
            customer_id: cell::text("customer_id", c[1])?,
            issue_date: dates.date("issue_date", c[2])?,
            due_date: dates.date("due_date", c[3])?,
            amount: cell::decimal("amount", c[4])?,
            currency: cell::currency("currency", c[5])?,
            references: InvoiceReferences::of(cell::opt_text(c[6]), cell::opt_text(c[7])),
        })
    }
    fn to_cells(&self) -> Vec<String> {
        vec![
            self.invoice_id.to_string(),
            self.customer_id.to_string(),
            self.issue_date.to_string(),
            self.due_date.to_string(),
            self.amount.to_string(),
            self.currency.to_string(),
            opt(&self.order_id()),
            opt(&self.payment_reference()),
        ]
    }
    fn amount(&self) -> Option<Decimal> {
        Some(self.amount)
    }
}

impl Record for Payment {
    const TABLE: Table = Table::Payments;
    const COLUMNS: &'static [(&'static str, ColumnKind)] = &[
        ("payment_id", T),
        ("customer_id", T),
        ("invoice_id", T),
        ("payment_date", D),
        ("amount", N),
        ("method", T),
        ("reversed_on", D),
        ("payer_iban", T),
    ];
    const OPTIONAL_FROM: usize = 7;
    fn from_cells(c: &[&str], dates: &mut Dates) -> Result<Self, CellError> {
        Ok(Payment {
            payment_id: cell::text("payment_id", c[0])?,
            customer_id: cell::text("customer_id", c[1])?,
            invoice_id: cell::opt_text(c[2]),
            payment_date: dates.date("payment_date", c[3])?,
            amount: cell::decimal("amount", c[4])?,
            method: cell::payment_method("method", c[5])?,
            reversed_on: dates.opt_date("reversed_on", c[6])?,
            payer_iban: cell::opt_iban("payer_iban", c[7])?,
        })
    }
    fn to_cells(&self) -> Vec<String> {
        vec![
            self.payment_id.to_string(),
            self.customer_id.to_string(),
            opt(&self.invoice_id),
            self.payment_date.to_string(),
            self.amount.to_string(),
            self.method.as_str().into(),
            opt(&self.reversed_on),
            opt(&self.payer_iban),
        ]
    }
    fn amount(&self) -> Option<Decimal> {
        Some(self.amount)
    }
}

impl Record for Order {
    const TABLE: Table = Table::Orders;
    const COLUMNS: &'static [(&'static str, ColumnKind)] = &[
        ("order_id", T),
        ("customer_id", T),
        ("order_date", D),
        ("amount", N),
        ("invoiced_on", D),
    ];
    const OPTIONAL_FROM: usize = 4;
    fn from_cells(c: &[&str], dates: &mut Dates) -> Result<Self, CellError> {
        Ok(Order {
            order_id: cell::text("order_id", c[0])?,
            customer_id: cell::text("customer_id", c[1])?,
            order_date: dates.date("order_date", c[2])?,
            amount: cell::decimal("amount", c[3])?,
            invoiced_on: dates.opt_date("invoiced_on", c[4])?,
        })
    }
    fn to_cells(&self) -> Vec<String> {
        vec![
            self.order_id.clone(),
            self.customer_id.to_string(),
            self.order_date.to_string(),
            self.amount.to_string(),
            opt(&self.invoiced_on),
        ]
    }
    fn amount(&self) -> Option<Decimal> {
        Some(self.amount)
    }
}

impl Record for Dispute {
    const TABLE: Table = Table::Disputes;
    const COLUMNS: &'static [(&'static str, ColumnKind)] = &[
        ("dispute_id", T),
        ("invoice_id", T),
        ("opened_on", D),
        ("assessed_on", D),
        ("resolved_on", D),
        ("outcome", T),
    ];
    fn from_cells(c: &[&str], dates: &mut Dates) -> Result<Self, CellError> {
        Ok(Dispute {
            dispute_id: cell::text("dispute_id", c[0])?,
            invoice_id: cell::text("invoice_id", c[1])?,
            opened_on: dates.date("opened_on", c[2])?,
            assessed_on: dates.opt_date("assessed_on", c[3])?,
            resolved_on: dates.opt_date("resolved_on", c[4])?,
            outcome: cell::opt_text(c[5]),
        })
    }
    fn to_cells(&self) -> Vec<String> {
        vec![
            self.dispute_id.clone(),
            self.invoice_id.clone(),
            self.opened_on.to_string(),
            opt(&self.assessed_on),
            opt(&self.resolved_on),
            opt(&self.outcome),
        ]
    }
}

impl Record for WriteOff {
    const TABLE: Table = Table::WriteOffs;
    const COLUMNS: &'static [(&'static str, ColumnKind)] =
        &[("invoice_id", T), ("written_off_on", D), ("amount", N)];
    fn from_cells(c: &[&str], dates: &mut Dates) -> Result<Self, CellError> {
        Ok(WriteOff {
            invoice_id: cell::text("invoice_id", c[0])?,
            written_off_on: dates.date("written_off_on", c[1])?,
            amount: cell::decimal("amount", c[2])?,
        })
    }
    fn to_cells(&self) -> Vec<String> {
        vec![
            self.invoice_id.clone(),
            self.written_off_on.to_string(),
            self.amount.to_string(),
        ]
    }
    fn amount(&self) -> Option<Decimal> {
        Some(self.amount)
    }
}

impl Record for PlanInstalment {
    const TABLE: Table = Table::PaymentPlans;
    const COLUMNS: &'static [(&'static str, ColumnKind)] = &[
        ("plan_id", T),
        ("customer_id", T),
        ("invoice_ids", T),
        ("agreed_on", D),
        ("due_date", D),
        ("amount", N),
    ];
    fn from_cells(c: &[&str], dates: &mut Dates) -> Result<Self, CellError> {
        Ok(PlanInstalment {
            plan_id: cell::text("plan_id", c[0])?,
            customer_id: cell::text("customer_id", c[1])?,
            invoice_ids: cell::id_list("invoice_ids", c[2])?,
            agreed_on: dates.date("agreed_on", c[3])?,
            due_date: dates.date("due_date", c[4])?,
            amount: cell::decimal("amount", c[5])?,
        })
    }
    fn to_cells(&self) -> Vec<String> {
        vec![
            self.plan_id.clone(),
            self.customer_id.to_string(),
            self.invoice_ids.join(" "),
            self.agreed_on.to_string(),
            self.due_date.to_string(),
            self.amount.to_string(),
        ]
    }
    fn amount(&self) -> Option<Decimal> {
        Some(self.amount)
    }
}

impl Record for Promise {
    const TABLE: Table = Table::Promises;
    const COLUMNS: &'static [(&'static str, ColumnKind)] = &[
        ("promise_id", T),
        ("customer_id", T),
        ("invoice_id", T),
        ("promised_on", D),
        ("pay_by", D),
        ("amount", N),
    ];
    fn from_cells(c: &[&str], dates: &mut Dates) -> Result<Self, CellError> {
        Ok(Promise {
            promise_id: cell::text("promise_id", c[0])?,
            customer_id: cell::text("customer_id", c[1])?,
            invoice_id: cell::opt_text(c[2]),
            promised_on: dates.date("promised_on", c[3])?,
            pay_by: dates.date("pay_by", c[4])?,
            amount: cell::decimal("amount", c[5])?,
        })
    }
    fn to_cells(&self) -> Vec<String> {
        vec![
            self.promise_id.clone(),
            self.customer_id.to_string(),
            opt(&self.invoice_id),
            self.promised_on.to_string(),
            self.pay_by.to_string(),
            self.amount.to_string(),
        ]
    }
    fn amount(&self) -> Option<Decimal> {
        Some(self.amount)
    }
}
