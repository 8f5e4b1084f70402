//! Drill-down: the open invoice balances behind every receivables figure.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::snapshot::Bucket;
use crate::model::{Money, Portfolio};

/// One open (non-zero) invoice balance at a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenItem {
    /// Index of the invoice in the portfolio.
    pub invoice: usize,
    /// Index of its customer.
    pub customer: usize,
    /// Balance at the date.
    pub balance: Money,
    /// Days past due at the date (≤ 0: not yet due).
    pub days_past_due: i64,
    /// Aging bucket.
    pub bucket: Bucket,
}

/// All invoices with a non-zero balance at `d`, in portfolio order, optionally only those
/// of customer `customer`. Their balances sum to the aging total of the snapshot at `d`.
pub fn open_items(p: &Portfolio, d: NaiveDate, customer: Option<usize>) -> Vec<OpenItem> {
    let item = |i: usize| {
        let inv = &p.invoices()[i];
        let balance = p.balance_at(i, d);
        let days_past_due = (d - inv.due_date).num_days();
        (!balance.is_zero()).then(|| OpenItem {
            invoice: i,
            customer: p.customer_of_invoice(i),
            balance,
            days_past_due,
            bucket: Bucket::of(days_past_due),
        })
    };
    match customer {
        Some(c) => p
            .invoices_of_customer(c)
            .iter()
            .filter_map(|&i| item(i as usize))
            .collect(),
        None => (0..p.invoices().len()).filter_map(item).collect(),
    }
}
