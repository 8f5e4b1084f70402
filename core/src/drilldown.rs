//! Drill-down for a dashboard or a report: from a segment to its customers (balance,
//! payment habit, risk class, credit limit and available credit) and from a customer to
//! its invoices with their payments and disputes. Everything at a date, from the
//! portfolio alone (the risk class also needs a policy's risk model).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::collections::policy::RiskModel;
use crate::collections::policy::risk;
use crate::collections::worklist::habit::{self, Habit};
use crate::credit;
use crate::model::{Money, Portfolio, round2};

/// Months of history the payment habit is read from.
pub const HABIT_LOOKBACK_MONTHS: u32 = 12;

/// One customer of a segment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerRow {
    /// Index in the portfolio (for the next drill-down step).
    pub index: usize,
    /// Account.
    pub customer_id: String,
    /// Name.
    pub name: String,
    /// Segment label.
    pub segment: String,
    /// Open invoice balances minus unapplied cash.
    pub balance: Money,
    /// Balances past their due date.
    pub overdue: Money,
    /// Days past due of the oldest overdue balance.
    pub oldest_days_past_due: Option<i64>,
    /// Credit limit, if set.
    pub credit_limit: Option<Money>,
    /// Limit − exposure (balance + open orders), if a limit is set (DOMAIN.md §4).
    pub available: Option<Money>,
    /// How the customer usually pays (last 12 months).
    pub habit: Habit,
    /// Risk class name from the risk model, with the reason, when a model is given.
    pub risk_class: Option<(String, String)>,
}

/// The customers of `segment` (all when `None`) at `as_of`, largest balance first (ties
/// by id). `risk` classifies them (DOMAIN.md §5) when given.
pub fn customers(
    p: &Portfolio,
    segment: Option<&str>,
    as_of: NaiveDate,
    risk: Option<&RiskModel>,
) -> Vec<CustomerRow> {
    let seg = segment.and_then(|s| p.segments().iter().position(|x| x == s));
    if segment.is_some() && seg.is_none() {
        return Vec::new();
    }
    let mut rows: Vec<CustomerRow> = (0..p.customers().len())
        .filter(|&c| seg.is_none_or(|s| p.segment_of_customer(c) == s))
        .map(|c| {
            let cust = &p.customers()[c];
            let e = credit::exposure(p, c, as_of);
            let risk_class = risk.map(|m| {
                let h = risk::payment_history(p, c, as_of, m.lookback_months);
                let (i, why) = risk::classify(m, &h, cust.external_score);
                let name = m
                    .classes
                    .get(i)
                    .map(|k| k.name.clone())
                    .unwrap_or_else(|| m.no_history_class.clone());
                (name, why)
            });
            CustomerRow {
                index: c,
                customer_id: cust.customer_id.to_string(),
                name: cust.name.clone(),
                segment: p.segments()[p.segment_of_customer(c)].clone(),
                balance: round2(e.open_invoices - e.unapplied_cash),
                overdue: round2(e.overdue),
                oldest_days_past_due: e.oldest_days_past_due,
                credit_limit: cust.credit_limit,
                available: cust.credit_limit.map(|l| round2(l - e.total())),
                habit: habit::habit(p, c, as_of, HABIT_LOOKBACK_MONTHS),
                risk_class,
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        b.balance
            .cmp(&a.balance)
            .then_with(|| a.customer_id.cmp(&b.customer_id))
    });
    rows
}

/// A payment on an invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentLine {
    /// Payment id.
    pub payment_id: String,
    /// Date.
    pub date: NaiveDate,
    /// Amount.
    pub amount: Money,
    /// Reversed (direct debit returned) on, if it was by `as_of`.
    pub reversed_on: Option<NaiveDate>,
}

/// A dispute on an invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisputeLine {
    /// Dispute id.
    pub dispute_id: String,
    /// Opened on.
    pub opened_on: NaiveDate,
    /// Resolved on, if by `as_of`.
    pub resolved_on: Option<NaiveDate>,
    /// Outcome label.
    pub outcome: Option<String>,
}

/// One invoice of a customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceRow {
    /// Invoice (or credit note) number.
    pub invoice_id: String,
    /// Issue date.
    pub issue_date: NaiveDate,
    /// Due date.
    pub due_date: NaiveDate,
    /// Amount (negative for a credit note).
    pub amount: Money,
    /// Balance at `as_of`.
    pub balance: Money,
    /// Days past due at `as_of` (≤ 0: not yet due).
    pub days_past_due: i64,
    /// Payments made by `as_of`.
    pub payments: Vec<PaymentLine>,
    /// Disputes opened by `as_of`.
    pub disputes: Vec<DisputeLine>,
    /// The payment plan covering the invoice, if one was agreed by `as_of`.
    pub plan: Option<PlanLine>,
    /// Promises to pay made for this invoice by `as_of`.
    pub promises: Vec<PromiseLine>,
}

/// A payment plan on an invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanLine {
    /// Plan id.
    pub plan_id: String,
    /// Date agreed.
    pub agreed_on: NaiveDate,
    /// Instalments `(due date, amount)`.
    pub instalments: Vec<(NaiveDate, Money)>,
}

/// A promise to pay an invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PromiseLine {
    /// Promise id.
    pub promise_id: String,
    /// Date the promise was made.
    pub promised_on: NaiveDate,
    /// Date by which payment was promised.
    pub pay_by: NaiveDate,
    /// Amount promised.
    pub amount: Money,
}

/// Customer `c`'s invoices issued by `as_of`, newest first; `open_only` keeps those with
/// a balance.
pub fn invoices(p: &Portfolio, c: usize, as_of: NaiveDate, open_only: bool) -> Vec<InvoiceRow> {
    let mut rows: Vec<InvoiceRow> = p
        .invoices_of_customer(c)
        .iter()
        .map(|&i| i as usize)
        .filter(|&i| p.invoices()[i].issue_date <= as_of)
        .map(|i| {
            let inv = &p.invoices()[i];
            InvoiceRow {
                invoice_id: inv.invoice_id.to_string(),
                issue_date: inv.issue_date,
                due_date: inv.due_date,
                amount: inv.amount,
                balance: round2(p.balance_at(i, as_of)),
                days_past_due: (as_of - inv.due_date).num_days(),
                payments: p
                    .payments_of_invoice(i)
                    .iter()
                    .map(|&k| &p.payments()[k as usize])
                    .filter(|pay| pay.payment_date <= as_of)
                    .map(|pay| PaymentLine {
                        payment_id: pay.payment_id.to_string(),
                        date: pay.payment_date,
                        amount: pay.amount,
                        reversed_on: pay.reversed_on.filter(|d| *d <= as_of),
                    })
                    .collect(),
                disputes: p
                    .disputes_of_invoice(i)
                    .iter()
                    .map(|&k| &p.disputes()[k as usize])
                    .filter(|d| d.opened_on <= as_of)
                    .map(|d| DisputeLine {
                        dispute_id: d.dispute_id.clone(),
                        opened_on: d.opened_on,
                        resolved_on: d.resolved_on.filter(|r| *r <= as_of),
                        outcome: d.outcome.clone(),
                    })
                    .collect(),
                plan: p
                    .plan_of_invoice(i)
                    .map(|k| &p.payment_plans()[k])
                    .filter(|pl| pl.agreed_on <= as_of)
                    .map(|pl| PlanLine {
                        plan_id: pl.plan_id.clone(),
                        agreed_on: pl.agreed_on,
                        instalments: pl.instalments.clone(),
                    }),
                promises: p
                    .promises_of_customer(c)
                    .iter()
                    .map(|&k| &p.promises()[k as usize])
                    .filter(|pr| {
                        pr.invoice_id.as_deref() == Some(inv.invoice_id.as_str())
                            && pr.promised_on <= as_of
                    })
                    .map(|pr| PromiseLine {
                        promise_id: pr.promise_id.clone(),
                        promised_on: pr.promised_on,
                        pay_by: pr.pay_by,
                        amount: pr.amount,
                    })
                    .collect(),
            }
        })
        .filter(|r| !open_only || !r.balance.is_zero())
        .collect();
    rows.sort_by(|a, b| {
        b.issue_date
            .cmp(&a.issue_date)
            .then_with(|| a.invoice_id.cmp(&b.invoice_id))
    });
    rows
}
