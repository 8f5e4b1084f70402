use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

mod building;
mod currency;
mod groups;

pub use building::{BUILD_PHASES, Building};
pub(super) use currency::CurrencyCount;
use groups::Groups;

use super::id_index::IdIndex;
use super::validate::RowProblem;
use super::{
    Customer, Dispute, Invoice, Money, Order, Payment, PaymentPlan, PlanInstalment, Promise, Table,
    WriteOff,
};

/// The raw tables of a portfolio, as read from CSV, converted from UBL or generated.
/// Row order is kept as given; nothing here is validated yet (see [`Portfolio::build`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tables {
    /// Customer accounts.
    pub customers: Vec<Customer>,
    /// Invoices and credit notes.
    pub invoices: Vec<Invoice>,
    /// Payments, applied and unapplied.
    pub payments: Vec<Payment>,
    /// Accepted orders.
    pub orders: Vec<Order>,
    /// Disputes.
    pub disputes: Vec<Dispute>,
    /// Write-offs.
    pub write_offs: Vec<WriteOff>,
    /// Payment-plan instalments.
    #[serde(default)]
    pub payment_plans: Vec<PlanInstalment>,
    /// Promises to pay.
    #[serde(default)]
    pub promises: Vec<Promise>,
}

impl Tables {
    /// Number of rows in `table`.
    pub fn len_of(&self, table: Table) -> usize {
        match table {
            Table::Customers => self.customers.len(),
            Table::Invoices => self.invoices.len(),
            Table::Payments => self.payments.len(),
            Table::Orders => self.orders.len(),
            Table::Disputes => self.disputes.len(),
            Table::WriteOffs => self.write_offs.len(),
            Table::PaymentPlans => self.payment_plans.len(),
            Table::Promises => self.promises.len(),
        }
    }
}

/// A validated portfolio: the tables with every reference resolved, in one currency, with
/// the indexes that KPIs, credit checks and dunning need. Build it with
/// [`Portfolio::build`]; it is immutable afterwards.
#[derive(Debug, Clone)]
pub struct Portfolio {
    tables: Tables,
    currency: String,
    segments: Vec<String>,
    customer_segment: Vec<u32>,
    customer_by_id: IdIndex,
    invoice_by_id: IdIndex,
    invoice_customer: Vec<u32>,
    /// Each payment's customer and (when applied) invoice.
    payment_refs: Vec<(u32, Option<u32>)>,
    payments_of_invoice: Groups,
    write_offs_of_invoice: Groups,
    disputes_of_invoice: Groups,
    invoices_of_customer: Groups,
    unapplied_of_customer: Groups,
    orders_of_customer: Groups,
    invoices_of_order: Groups,
    plans: Vec<PaymentPlan>,
    plan_of_invoice: FxHashMap<u32, u32>,
    promises_of_customer: Groups,
    promise_invoice: Vec<Option<u32>>,
}

/// Label used for customers whose `segment` cell is empty.
pub const UNSEGMENTED: &str = "(unsegmented)";

impl Portfolio {
    /// Validates `tables` and builds the portfolio.
    ///
    /// Rows are checked in dependency order (customers, invoices, payments, orders,
    /// disputes, write-offs). A row is refused, and reported in the returned problems, when
    /// an id is empty or duplicated, a date is out of order (due before issue, reversal
    /// before payment, assessment before opening), a limit is negative, its currency is not
    /// the portfolio's, or it refers to a customer or invoice that does not exist (or was
    /// itself refused). Everything else is kept. The portfolio currency is `currency` when
    /// given, otherwise the most frequent invoice currency (ties: alphabetical first).
    /// [`Building`] run to its end (the same checks, a phase at a time).
    pub fn build(tables: Tables, currency: Option<&str>) -> (Portfolio, Vec<RowProblem>) {
        Building::new(tables, currency).finish()
    }

    /// The validated tables.
    pub fn tables(&self) -> &Tables {
        &self.tables
    }

    /// The validated tables, the indexes dropped: to change a few rows and build again
    /// ([`Portfolio::build`]) without copying a million.
    pub fn into_tables(self) -> Tables {
        self.tables
    }

    /// Customers, in input order.
    pub fn customers(&self) -> &[Customer] {
        &self.tables.customers
    }

    /// Invoices and credit notes, in input order.
    pub fn invoices(&self) -> &[Invoice] {
        &self.tables.invoices
    }

    /// Payments, in input order.
    pub fn payments(&self) -> &[Payment] {
        &self.tables.payments
    }

    /// Orders, in input order.
    pub fn orders(&self) -> &[Order] {
        &self.tables.orders
    }

    /// Disputes, in input order.
    pub fn disputes(&self) -> &[Dispute] {
        &self.tables.disputes
    }

    /// Write-offs, in input order.
    pub fn write_offs(&self) -> &[WriteOff] {
        &self.tables.write_offs
    }

    /// Promises to pay, in input order.
    pub fn promises(&self) -> &[Promise] {
        &self.tables.promises
    }

    /// Agreed payment plans, in order of first appearance.
    pub fn payment_plans(&self) -> &[PaymentPlan] {
        &self.plans
    }

    /// Index into [`Portfolio::payment_plans`] of the plan covering invoice `i`.
    pub fn plan_of_invoice(&self, i: usize) -> Option<usize> {
        self.plan_of_invoice.get(&(i as u32)).map(|&k| k as usize)
    }

    /// Indexes of the promises of customer `c`, in input order.
    pub fn promises_of_customer(&self, c: usize) -> &[u32] {
        self.promises_of_customer.members(c)
    }

    /// Invoice index of promise `p`, when it names one.
    pub fn invoice_of_promise(&self, p: usize) -> Option<usize> {
        self.promise_invoice[p].map(|i| i as usize)
    }

    /// The single currency all amounts are in.
    pub fn currency(&self) -> &str {
        &self.currency
    }

    /// Segment labels, sorted; customers with an empty label are in [`UNSEGMENTED`].
    pub fn segments(&self) -> &[String] {
        &self.segments
    }

    /// Index into [`Portfolio::segments`] of customer `c`.
    pub fn segment_of_customer(&self, c: usize) -> usize {
        self.customer_segment[c] as usize
    }

    /// Index of the customer with id `id`.
    pub fn customer_index(&self, id: &str) -> Option<usize> {
        self.customer_by_id
            .get(id, |r| &self.tables.customers[r as usize].customer_id)
            .map(|i| i as usize)
    }

    /// Index of the invoice with id `id`.
    pub fn invoice_index(&self, id: &str) -> Option<usize> {
        self.invoice_by_id
            .get(id, |r| &self.tables.invoices[r as usize].invoice_id)
            .map(|i| i as usize)
    }

    /// Customer index of invoice `i`.
    pub fn customer_of_invoice(&self, i: usize) -> usize {
        self.invoice_customer[i] as usize
    }

    /// Customer index of payment `p`.
    pub fn customer_of_payment(&self, p: usize) -> usize {
        self.payment_refs[p].0 as usize
    }

    /// Indexes of the payments applied to invoice `i`, in input order.
    pub fn payments_of_invoice(&self, i: usize) -> &[u32] {
        self.payments_of_invoice.members(i)
    }

    /// Indexes of the write-offs of invoice `i`.
    pub fn write_offs_of_invoice(&self, i: usize) -> &[u32] {
        self.write_offs_of_invoice.members(i)
    }

    /// Indexes of the disputes about invoice `i`.
    pub fn disputes_of_invoice(&self, i: usize) -> &[u32] {
        self.disputes_of_invoice.members(i)
    }

    /// Indexes of the invoices of customer `c`.
    pub fn invoices_of_customer(&self, c: usize) -> &[u32] {
        self.invoices_of_customer.members(c)
    }

    /// Indexes of the unapplied payments of customer `c`.
    pub fn unapplied_of_customer(&self, c: usize) -> &[u32] {
        self.unapplied_of_customer.members(c)
    }

    /// Indexes of the orders of customer `c`.
    pub fn orders_of_customer(&self, c: usize) -> &[u32] {
        self.orders_of_customer.members(c)
    }

    /// Indexes of the invoices that bill order `o` (`invoices.csv` `order_id` naming an
    /// order of the same customer; an id that names no such order links nothing: the
    /// order may be older than `orders.csv`).
    pub fn invoices_of_order(&self, o: usize) -> &[u32] {
        self.invoices_of_order.members(o)
    }

    /// What is still to be invoiced of order `o` at `d`: nothing before its order date or
    /// from its `invoiced_on` on; otherwise its amount less the invoices issued by `d`
    /// that bill it, never below zero (a partial delivery leaves the rest open). So an
    /// order and its invoice are never both counted, even when `invoiced_on` was never
    /// filled in (DOMAIN.md §4).
    pub fn open_order_amount(&self, o: usize, d: NaiveDate) -> Money {
        let order = &self.orders()[o];
        if !order.is_open_at(d) {
            return Money::ZERO;
        }
        let billed: Money = self
            .invoices_of_order(o)
            .iter()
            .map(|&i| &self.invoices()[i as usize])
            .filter(|i| i.issue_date <= d)
            .map(|i| i.amount)
            .sum();
        (order.amount - billed).max(Money::ZERO)
    }

    /// The day order `o` counts as invoiced by `d`: its `invoiced_on`, else the issue
    /// date of the invoice that billed the last of it; `None` while some of it is open.
    pub fn order_invoiced_by(&self, o: usize, d: NaiveDate) -> Option<NaiveDate> {
        let order = &self.orders()[o];
        if let Some(on) = order.invoiced_on.filter(|on| *on <= d) {
            return Some(on);
        }
        let mut billed: Vec<&Invoice> = self
            .invoices_of_order(o)
            .iter()
            .map(|&i| &self.invoices()[i as usize])
            .filter(|i| i.issue_date <= d)
            .collect();
        billed.sort_by_key(|i| i.issue_date);
        let mut sum = Money::ZERO;
        billed.into_iter().find_map(|i| {
            sum += i.amount;
            (sum >= order.amount).then_some(i.issue_date)
        })
    }

    /// Indexes of all unapplied payments (no invoice), in input order.
    pub fn unapplied_payments(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.customers().len())
            .flat_map(|c| self.unapplied_of_customer(c).iter().map(|&p| p as usize))
    }

    /// Cash of customer `c` not applied to any invoice that counts at date `d` (paid on
    /// or before `d`, not reversed by then).
    pub fn unapplied_cash_at(&self, c: usize, d: NaiveDate) -> Money {
        self.unapplied_of_customer(c)
            .iter()
            .map(|&k| &self.tables.payments[k as usize])
            .filter(|x| x.counts_at(d))
            .map(|x| x.amount)
            .sum()
    }

    /// Balance of invoice `i` at date `d` (DOMAIN.md §2): amount − payments applied with
    /// payment_date ≤ d not reversed on or before d − write-offs dated ≤ d. Zero when the
    /// invoice is not yet issued at `d`.
    pub fn balance_at(&self, i: usize, d: NaiveDate) -> Money {
        let inv = &self.tables.invoices[i];
        if inv.issue_date > d {
            return Money::ZERO;
        }
        let mut b = inv.amount;
        for &p in self.payments_of_invoice(i) {
            let p = &self.tables.payments[p as usize];
            if p.counts_at(d) {
                b -= p.amount;
            }
        }
        b - self.written_off_at(i, d)
    }

    /// Reads what [`Portfolio::balance_at`] reads of each of `invoices` (the invoice's
    /// issue date and amount, its payments' amounts and dates) in a loop that does
    /// nothing else, before their balances are computed: the rows are elsewhere in
    /// memory (a cache miss each), and misses in a tight loop are waited for side by side,
    /// where among the balance arithmetic they were waited for one by one — more so in
    /// WebAssembly, whose code puts more instructions between two of them (BENCHMARKS.md,
    /// issue 15: the KPIs' balances, and the dunning run's in the twentieth pass; see
    /// [`Portfolio::read_ahead_customer`]). Both ends of what a balance reads of a
    /// payment are touched (its amount, then its dates after it), as they may lie on two
    /// cache lines. What is read is thrown away.
    pub fn read_ahead_balances(&self, invoices: impl IntoIterator<Item = usize>) {
        let mut seen = 0u32;
        for i in invoices {
            let inv = &self.tables.invoices[i];
            seen ^= inv.issue_date.ordinal() ^ inv.amount.scale();
            for &k in self.payments_of_invoice(i) {
                let pm = &self.tables.payments[k as usize];
                seen ^= pm.amount.scale() ^ pm.reversed_on.map_or(0, |d| d.ordinal());
                seen ^= pm.payment_date.ordinal();
            }
        }
        std::hint::black_box(seen);
    }

    /// [`Portfolio::read_ahead_balances`] of customer `c`'s invoices: for a workflow that
    /// goes customer by customer (the dunning run, the worklist, exposures, the
    /// scorecard, the forecast's open items) and reads each one's balances next.
    pub fn read_ahead_customer(&self, c: usize) {
        self.read_ahead_balances(self.invoices_of_customer(c).iter().map(|&i| i as usize));
    }

    /// The last day on which invoice `i`'s balance can change: its issue date, or a
    /// later day on which a payment applied to it counts or stops counting (reversed),
    /// or on which a write-off of it is dated. [`Portfolio::balance_at`] is the same on
    /// every day from this one on, since none of its conditions changes after it.
    pub fn last_change_of_invoice(&self, i: usize) -> NaiveDate {
        let payments = self.payments_of_invoice(i).iter().flat_map(|&p| {
            let p = &self.tables.payments[p as usize];
            std::iter::once(p.payment_date).chain(p.reversed_on)
        });
        let write_offs = self
            .write_offs_of_invoice(i)
            .iter()
            .map(|&w| self.tables.write_offs[w as usize].written_off_on);
        payments
            .chain(write_offs)
            .fold(self.tables.invoices[i].issue_date, NaiveDate::max)
    }

    /// What was written off invoice `i` on or before `d`.
    pub fn written_off_at(&self, i: usize, d: NaiveDate) -> Money {
        self.write_offs_of_invoice(i)
            .iter()
            .map(|&w| &self.tables.write_offs[w as usize])
            .filter(|w| w.written_off_on <= d)
            .map(|w| w.amount)
            .sum()
    }

    /// The earliest and latest date that appears anywhere in the portfolio, if any.
    pub fn date_range(&self) -> Option<(NaiveDate, NaiveDate)> {
        let t = &self.tables;
        let dates = t
            .invoices
            .iter()
            .flat_map(|i| [i.issue_date, i.due_date])
            .chain(
                t.payments
                    .iter()
                    .flat_map(|p| std::iter::once(p.payment_date).chain(p.reversed_on)),
            )
            .chain(t.write_offs.iter().map(|w| w.written_off_on));
        dates.fold(None, |acc, d| match acc {
            None => Some((d, d)),
            Some((lo, hi)) => Some((lo.min(d), hi.max(d))),
        })
    }
}

fn segment_label(c: &Customer) -> &str {
    if c.segment.is_empty() {
        UNSEGMENTED
    } else {
        &c.segment
    }
}

/// The segment labels, sorted, and each customer's segment.
fn segments(customers: &[Customer]) -> (Vec<String>, Vec<u32>) {
    let mut labels: BTreeMap<&str, u32> = BTreeMap::new();
    for c in customers {
        labels.insert(segment_label(c), 0);
    }
    let segments: Vec<String> = labels.keys().map(|s| s.to_string()).collect();
    for (i, v) in labels.values_mut().enumerate() {
        *v = i as u32;
    }
    let of_customer = customers.iter().map(|c| labels[segment_label(c)]).collect();
    (segments, of_customer)
}
