//! Supporting KPIs named by the seeds (DOMAIN.md §3): disputes and the 48-hour
//! assessment SLA, unpaid first invoices of new customers, direct-debit reversals and
//! write-offs.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::KpiOptions;
use super::dso::{percent, ratio};
use super::period::Period;
use crate::model::{Money, Payment, PaymentMethod, Portfolio};

/// Disputes must be assessed within 48 hours (seed 003); with dates only, that is at most
/// two days after the day the dispute was opened.
pub const ASSESSMENT_SLA_DAYS: u64 = 2;

/// Supporting KPIs of the whole portfolio for one period, unrounded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupportingKpis {
    /// Disputes opened in the period.
    pub disputes_opened: u64,
    /// Disputes opened in the period whose 48-hour window has passed (or that were
    /// assessed): the base of the SLA share.
    pub disputes_sla_due: u64,
    /// Of those, assessed within 48 hours.
    pub disputes_assessed_within_48h: u64,
    /// `disputes_assessed_within_48h / disputes_sla_due × 100`.
    pub disputes_assessed_within_48h_percent: Option<Money>,
    /// Disputes open at the end of the period and not assessed 48 hours after opening.
    pub disputes_assessment_overdue: u64,
    /// Disputes open at the end of the period.
    pub disputes_open: u64,
    /// Disputes resolved in the period.
    pub disputes_resolved: u64,
    /// Mean days from opening to resolution of the disputes resolved in the period.
    pub average_days_to_resolve: Option<Money>,
    /// Days after the due date at which a first invoice is checked (option).
    pub first_invoice_days: u32,
    /// New customers whose first invoice reached due date + `first_invoice_days` in the
    /// period.
    pub first_invoices_checked: u64,
    /// Of those, the ones still (partly) unpaid at that date.
    pub first_invoices_unpaid: u64,
    /// `first_invoices_unpaid / first_invoices_checked × 100`.
    pub first_invoice_unpaid_percent: Option<Money>,
    /// Direct debits collected in the period (count).
    pub direct_debits: u64,
    /// Direct debits collected in the period (amount).
    pub direct_debit_amount: Money,
    /// Of those, reversed by the end of the period (count).
    pub direct_debits_reversed: u64,
    /// Of those, reversed by the end of the period (amount).
    pub direct_debit_reversed_amount: Money,
    /// Reversal rate by count, percent.
    pub direct_debit_reversal_rate_count: Option<Money>,
    /// Reversal rate by amount, percent.
    pub direct_debit_reversal_rate_amount: Option<Money>,
    /// Write-offs dated in the period (count).
    pub write_offs: u64,
    /// Write-offs dated in the period (amount).
    pub write_off_amount: Money,
}

/// Each customer's first invoice (earliest issue date among positive invoices; ties: the
/// smallest invoice id, so that row order never matters), found visiting the invoices
/// one by one ([`FirstInvoices::visit`]).
pub(crate) struct FirstInvoices(Vec<Option<First>>);

/// A customer's first invoice so far: its row, with the two dates the KPIs read of it
/// kept beside it, so that neither the comparison with a later invoice nor the check of
/// each period reads the row itself (elsewhere in memory: a cache miss per customer and
/// period). The row is read only when two invoices share an issue date, and for the
/// balance of an invoice whose check falls in the period.
#[derive(Debug, Clone, Copy)]
struct First {
    issue_date: NaiveDate,
    due_date: NaiveDate,
    row: u32,
}

impl FirstInvoices {
    /// None found yet, for the customers of `p`.
    pub(crate) fn new(p: &Portfolio) -> FirstInvoices {
        FirstInvoices(vec![None; p.customers().len()])
    }

    /// Takes invoice `i` of `p` into account.
    pub(crate) fn visit(&mut self, p: &Portfolio, i: usize) {
        let inv = &p.invoices()[i];
        if inv.amount <= Money::ZERO {
            return;
        }
        let first = First {
            issue_date: inv.issue_date,
            due_date: inv.due_date,
            row: i as u32,
        };
        Self::keep_first(p, &mut self.0[p.customer_of_invoice(i)], first);
    }

    /// Takes into account the first invoices `other` found among other invoices of `p`
    /// (a part of a split computation).
    pub(crate) fn merge(&mut self, p: &Portfolio, other: &FirstInvoices) {
        for (slot, found) in self.0.iter_mut().zip(&other.0) {
            if let Some(found) = *found {
                Self::keep_first(p, slot, found);
            }
        }
    }

    /// Puts invoice `new` in `slot` unless the slot's is earlier (see [`First`]).
    fn keep_first(p: &Portfolio, slot: &mut Option<First>, new: First) {
        let id = |r: u32| &p.invoices()[r as usize].invoice_id;
        let earlier = |f: &First| {
            f.issue_date < new.issue_date
                || f.issue_date == new.issue_date && id(f.row) <= id(new.row)
        };
        if !slot.as_ref().is_some_and(earlier) {
            *slot = Some(new);
        }
    }
}

/// Direct debits collected in one period and those of them reversed by its end, found
/// visiting the payments one by one ([`DirectDebits::visit`]).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct DirectDebits {
    count: u64,
    amount: Money,
    reversed: u64,
    reversed_amount: Money,
}

impl DirectDebits {
    /// Takes `pay` into account for period `q`.
    pub(crate) fn visit(&mut self, pay: &Payment, q: &Period) {
        if pay.method == PaymentMethod::DirectDebit && q.contains(pay.payment_date) {
            self.count += 1;
            self.amount += pay.amount;
            if pay.reversed_on.is_some_and(|r| r <= q.to()) {
                self.reversed += 1;
                self.reversed_amount += pay.amount;
            }
        }
    }

    /// Adds the direct debits `other` found among other payments (a part of a split
    /// computation).
    pub(crate) fn merge(&mut self, other: &DirectDebits) {
        self.count += other.count;
        self.amount += other.amount;
        self.reversed += other.reversed;
        self.reversed_amount += other.reversed_amount;
    }
}

/// The supporting KPIs of period `q`, with the first invoices and the period's direct
/// debits already found.
pub(crate) fn compute(
    p: &Portfolio,
    q: &Period,
    options: &KpiOptions,
    first_invoices: &FirstInvoices,
    direct_debits: &DirectDebits,
) -> SupportingKpis {
    let to = q.to();
    let sla = |d: NaiveDate| {
        d.checked_add_days(Days::new(ASSESSMENT_SLA_DAYS))
            .unwrap_or(d)
    };
    let (mut opened, mut due, mut within, mut overdue, mut open, mut resolved) = (0, 0, 0, 0, 0, 0);
    let mut resolve_days = 0i64;
    for d in p.disputes() {
        let assessed = d.assessed_on.filter(|a| *a <= to);
        if q.contains(d.opened_on) {
            opened += 1;
            if sla(d.opened_on) <= to || assessed.is_some() {
                due += 1;
                if assessed.is_some_and(|a| a <= sla(d.opened_on)) {
                    within += 1;
                }
            }
        }
        if d.is_open_at(to) {
            open += 1;
            if assessed.is_none() && sla(d.opened_on) < to {
                overdue += 1;
            }
        }
        if let Some(r) = d.resolved_on.filter(|r| q.contains(*r)) {
            resolved += 1;
            resolve_days += (r - d.opened_on).num_days();
        }
    }

    let x = options.first_invoice_days;
    let (mut checked, mut unpaid) = (0, 0);
    for first in first_invoices.0.iter().flatten() {
        let Some(check) = first.due_date.checked_add_days(Days::new(u64::from(x))) else {
            continue;
        };
        if q.contains(check) {
            checked += 1;
            if p.balance_at(first.row as usize, check) > Money::ZERO {
                unpaid += 1;
            }
        }
    }

    let DirectDebits {
        count: dd,
        amount: dd_amt,
        reversed: rev,
        reversed_amount: rev_amt,
    } = *direct_debits;

    let (mut wo, mut wo_amt) = (0, Money::ZERO);
    for w in p.write_offs() {
        if q.contains(w.written_off_on) {
            wo += 1;
            wo_amt += w.amount;
        }
    }

    SupportingKpis {
        disputes_opened: opened,
        disputes_sla_due: due,
        disputes_assessed_within_48h: within,
        disputes_assessed_within_48h_percent: percent(within.into(), due.into()),
        disputes_assessment_overdue: overdue,
        disputes_open: open,
        disputes_resolved: resolved,
        average_days_to_resolve: ratio(resolve_days.into(), resolved.into()),
        first_invoice_days: x,
        first_invoices_checked: checked,
        first_invoices_unpaid: unpaid,
        first_invoice_unpaid_percent: percent(unpaid.into(), checked.into()),
        direct_debits: dd,
        direct_debit_amount: dd_amt,
        direct_debits_reversed: rev,
        direct_debit_reversed_amount: rev_amt,
        direct_debit_reversal_rate_count: percent(rev.into(), dd.into()),
        direct_debit_reversal_rate_amount: percent(rev_amt, dd_amt),
        write_offs: wo,
        write_off_amount: wo_amt,
    }
}
