use std::collections::BTreeMap;

use chrono::NaiveDate;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::id_index::IdIndex;
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

/// A row that [`Portfolio::build`] refused, with the column at fault and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowProblem {
    /// Table of the row.
    pub table: Table,
    /// Index of the row in the input table (0-based, in input order).
    pub row: usize,
    /// Column at fault.
    pub column: &'static str,
    /// Human-readable reason.
    pub reason: String,
}

/// Compressed lists: for item `i`, the members are `items[offsets[i]..offsets[i + 1]]`.
#[derive(Debug, Clone, Default)]
struct Groups {
    offsets: Vec<u32>,
    items: Vec<u32>,
}

impl Groups {
    /// Groups `keys[j]` (the owner of member `j`, or `None`) into `n` lists, members in
    /// input order.
    fn from_keys(n: usize, keys: impl Iterator<Item = Option<u32>> + Clone) -> Groups {
        let mut offsets = vec![0u32; n + 1];
        for k in keys.clone().flatten() {
            offsets[k as usize + 1] += 1;
        }
        for i in 0..n {
            offsets[i + 1] += offsets[i];
        }
        let mut cursor = offsets.clone();
        let mut items = vec![0u32; offsets[n] as usize];
        for (j, k) in keys.enumerate() {
            if let Some(k) = k {
                items[cursor[k as usize] as usize] = j as u32;
                cursor[k as usize] += 1;
            }
        }
        Groups { offsets, items }
    }

    fn of(&self, i: usize) -> &[u32] {
        &self.items[self.offsets[i] as usize..self.offsets[i + 1] as usize]
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
    payment_customer: Vec<u32>,
    payments_of_invoice: Groups,
    write_offs_of_invoice: Groups,
    disputes_of_invoice: Groups,
    invoices_of_customer: Groups,
    unapplied_of_customer: Groups,
    orders_of_customer: Groups,
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
    pub fn build(tables: Tables, currency: Option<&str>) -> (Portfolio, Vec<RowProblem>) {
        let mut problems = Vec::new();
        let mut reject = |table, row, column, reason: String| {
            problems.push(RowProblem {
                table,
                row,
                column,
                reason,
            })
        };
        let Tables {
            customers,
            invoices,
            payments,
            orders,
            disputes,
            write_offs,
            payment_plans,
            promises,
        } = tables;

        // Customers.
        let mut customer_by_id = IdIndex::with_capacity(customers.len());
        let mut kept_customers: Vec<Customer> = Vec::with_capacity(customers.len());
        for (row, c) in customers.into_iter().enumerate() {
            let t = Table::Customers;
            if c.customer_id.is_empty() {
                reject(t, row, "customer_id", "empty customer_id".into());
            } else if c
                .credit_limit
                .is_some_and(|l| l.is_sign_negative() && !l.is_zero())
            {
                reject(
                    t,
                    row,
                    "credit_limit",
                    "credit limit must not be negative".into(),
                );
            } else if customer_by_id
                .get(&c.customer_id, |r| &kept_customers[r as usize].customer_id)
                .is_some()
            {
                reject(
                    t,
                    row,
                    "customer_id",
                    format!("duplicate customer_id {:?}", c.customer_id),
                );
            } else {
                kept_customers.push(c);
                customer_by_id.insert(kept_customers.len() as u32 - 1, |r| {
                    &kept_customers[r as usize].customer_id
                });
            }
        }

        // Invoices.
        let currency = match currency {
            Some(c) => c.to_string(),
            None => most_frequent_currency(&invoices),
        };
        let customer_row =
            |id: &str| customer_by_id.get(id, |r| &kept_customers[r as usize].customer_id);
        let mut invoice_by_id = IdIndex::with_capacity(invoices.len());
        let mut kept_invoices: Vec<Invoice> = Vec::with_capacity(invoices.len());
        let mut invoice_customer = Vec::with_capacity(invoices.len());
        for (row, i) in invoices.into_iter().enumerate() {
            let t = Table::Invoices;
            let customer = customer_row(&i.customer_id);
            if i.invoice_id.is_empty() {
                reject(t, row, "invoice_id", "empty invoice_id".into());
            } else if customer.is_none() {
                reject(
                    t,
                    row,
                    "customer_id",
                    unknown("customer_id", &i.customer_id),
                );
            } else if i.due_date < i.issue_date {
                reject(
                    t,
                    row,
                    "due_date",
                    format!(
                        "due_date {} is before issue_date {}",
                        i.due_date, i.issue_date
                    ),
                );
            } else if i.currency != currency {
                reject(
                    t,
                    row,
                    "currency",
                    format!(
                        "currency {} differs from the portfolio currency {currency}; convert it before import",
                        i.currency
                    ),
                );
            } else if invoice_by_id
                .get(&i.invoice_id, |r| &kept_invoices[r as usize].invoice_id)
                .is_some()
            {
                reject(
                    t,
                    row,
                    "invoice_id",
                    format!("duplicate invoice_id {:?}", i.invoice_id),
                );
            } else {
                invoice_customer.push(customer.unwrap_or_default());
                kept_invoices.push(i);
                invoice_by_id.insert(kept_invoices.len() as u32 - 1, |r| {
                    &kept_invoices[r as usize].invoice_id
                });
            }
        }

        let invoice_row =
            |id: &str| invoice_by_id.get(id, |r| &kept_invoices[r as usize].invoice_id);

        // Payments.
        let mut seen = IdIndex::with_capacity(payments.len());
        let mut kept_payments: Vec<Payment> = Vec::with_capacity(payments.len());
        let mut payment_customer = Vec::with_capacity(payments.len());
        let mut payment_invoice = Vec::with_capacity(payments.len());
        for (row, p) in payments.into_iter().enumerate() {
            let t = Table::Payments;
            let customer = customer_row(&p.customer_id);
            let invoice = p.invoice_id.as_deref().map(invoice_row);
            if p.payment_id.is_empty() {
                reject(t, row, "payment_id", "empty payment_id".into());
            } else if let Some((column, reason)) = reference_problem(
                customer,
                &p.customer_id,
                p.invoice_id.as_deref().zip(invoice),
                &invoice_customer,
                &kept_invoices,
            ) {
                reject(t, row, column, reason);
            } else if p.reversed_on.is_some_and(|r| r < p.payment_date) {
                reject(
                    t,
                    row,
                    "reversed_on",
                    format!(
                        "reversed_on {} is before payment_date {}",
                        p.reversed_on.unwrap_or_default(),
                        p.payment_date
                    ),
                );
            } else if seen
                .get(&p.payment_id, |r| &kept_payments[r as usize].payment_id)
                .is_some()
            {
                reject(
                    t,
                    row,
                    "payment_id",
                    format!("duplicate payment_id {:?}", p.payment_id),
                );
            } else {
                payment_customer.push(customer.unwrap_or_default());
                payment_invoice.push(invoice.flatten());
                kept_payments.push(p);
                seen.insert(kept_payments.len() as u32 - 1, |r| {
                    &kept_payments[r as usize].payment_id
                });
            }
        }

        // Orders.
        let mut seen = IdIndex::with_capacity(orders.len());
        let mut kept_orders: Vec<Order> = Vec::with_capacity(orders.len());
        let mut order_customer = Vec::with_capacity(orders.len());
        for (row, o) in orders.into_iter().enumerate() {
            let t = Table::Orders;
            let customer = customer_row(&o.customer_id);
            if o.order_id.is_empty() {
                reject(t, row, "order_id", "empty order_id".into());
            } else if customer.is_none() {
                reject(
                    t,
                    row,
                    "customer_id",
                    unknown("customer_id", &o.customer_id),
                );
            } else if o.invoiced_on.is_some_and(|d| d < o.order_date) {
                reject(
                    t,
                    row,
                    "invoiced_on",
                    "invoiced_on is before order_date".into(),
                );
            } else if seen
                .get(&o.order_id, |r| &kept_orders[r as usize].order_id)
                .is_some()
            {
                reject(
                    t,
                    row,
                    "order_id",
                    format!("duplicate order_id {:?}", o.order_id),
                );
            } else {
                order_customer.push(customer.unwrap_or_default());
                kept_orders.push(o);
                seen.insert(kept_orders.len() as u32 - 1, |r| {
                    &kept_orders[r as usize].order_id
                });
            }
        }

        // Disputes.
        let mut seen = IdIndex::with_capacity(disputes.len());
        let mut kept_disputes: Vec<Dispute> = Vec::with_capacity(disputes.len());
        let mut dispute_invoice = Vec::with_capacity(disputes.len());
        for (row, d) in disputes.into_iter().enumerate() {
            let t = Table::Disputes;
            let invoice = invoice_row(&d.invoice_id);
            if d.dispute_id.is_empty() {
                reject(t, row, "dispute_id", "empty dispute_id".into());
            } else if invoice.is_none() {
                reject(t, row, "invoice_id", unknown("invoice_id", &d.invoice_id));
            } else if d.assessed_on.is_some_and(|a| a < d.opened_on) {
                reject(
                    t,
                    row,
                    "assessed_on",
                    "assessed_on is before opened_on".into(),
                );
            } else if d.resolved_on.is_some_and(|r| r < d.opened_on) {
                reject(
                    t,
                    row,
                    "resolved_on",
                    "resolved_on is before opened_on".into(),
                );
            } else if seen
                .get(&d.dispute_id, |r| &kept_disputes[r as usize].dispute_id)
                .is_some()
            {
                reject(
                    t,
                    row,
                    "dispute_id",
                    format!("duplicate dispute_id {:?}", d.dispute_id),
                );
            } else {
                dispute_invoice.push(invoice.unwrap_or_default());
                kept_disputes.push(d);
                seen.insert(kept_disputes.len() as u32 - 1, |r| {
                    &kept_disputes[r as usize].dispute_id
                });
            }
        }

        // Write-offs.
        let mut kept_write_offs = Vec::with_capacity(write_offs.len());
        let mut write_off_invoice = Vec::with_capacity(write_offs.len());
        for (row, w) in write_offs.into_iter().enumerate() {
            match invoice_row(&w.invoice_id) {
                Some(inv) => {
                    write_off_invoice.push(inv);
                    kept_write_offs.push(w);
                }
                None => reject(
                    Table::WriteOffs,
                    row,
                    "invoice_id",
                    unknown("invoice_id", &w.invoice_id),
                ),
            }
        }

        // Payment plans: rows of one plan must agree; an invoice is in one plan at most.
        let mut kept_instalments = Vec::with_capacity(payment_plans.len());
        let mut plans: Vec<PaymentPlan> = Vec::new();
        let mut plan_by_id: FxHashMap<String, (u32, usize)> = FxHashMap::default();
        let mut plan_of_invoice: FxHashMap<u32, u32> = FxHashMap::default();
        for (row, p) in payment_plans.into_iter().enumerate() {
            let t = Table::PaymentPlans;
            let customer = customer_row(&p.customer_id);
            let Some(customer) = customer else {
                reject(
                    t,
                    row,
                    "customer_id",
                    unknown("customer_id", &p.customer_id),
                );
                continue;
            };
            let mut invoices = Vec::with_capacity(p.invoice_ids.len());
            let mut bad = None;
            for id in &p.invoice_ids {
                match invoice_row(id) {
                    None => bad = Some(unknown("invoice_id", id)),
                    Some(i) if invoice_customer[i as usize] != customer => {
                        bad = Some(format!(
                            "invoice {id:?} belongs to customer {:?}, not {:?}",
                            kept_invoices[i as usize].customer_id, p.customer_id
                        ))
                    }
                    Some(i) => invoices.push(i as usize),
                }
                if bad.is_some() {
                    break;
                }
            }
            let existing = plan_by_id.get(&p.plan_id).copied();
            if let Some(reason) = bad {
                reject(t, row, "invoice_ids", reason);
            } else if p.due_date < p.agreed_on {
                reject(t, row, "due_date", "due_date is before agreed_on".into());
            } else if p.amount <= Money::ZERO {
                reject(t, row, "amount", "an instalment must be positive".into());
            } else if let Some((_, first)) = existing
                && {
                    let f: &PlanInstalment = &kept_instalments[first];
                    f.customer_id != p.customer_id
                        || f.agreed_on != p.agreed_on
                        || f.invoice_ids != p.invoice_ids
                }
            {
                reject(
                    t,
                    row,
                    "plan_id",
                    format!(
                        "plan {:?} was given another customer, agreement date or invoice list on an earlier row",
                        p.plan_id
                    ),
                );
            } else if let Some(other) = existing
                .is_none()
                .then(|| {
                    invoices
                        .iter()
                        .find_map(|&i| plan_of_invoice.get(&(i as u32)).map(|&k| (i, k)))
                })
                .flatten()
            {
                reject(
                    t,
                    row,
                    "invoice_ids",
                    format!(
                        "invoice {:?} is already covered by plan {:?}",
                        kept_invoices[other.0].invoice_id, plans[other.1 as usize].plan_id
                    ),
                );
            } else {
                let k = match existing {
                    Some((k, _)) => k,
                    None => {
                        let k = plans.len() as u32;
                        for &i in &invoices {
                            plan_of_invoice.insert(i as u32, k);
                        }
                        plans.push(PaymentPlan {
                            plan_id: p.plan_id.clone(),
                            customer: customer as usize,
                            invoices,
                            agreed_on: p.agreed_on,
                            instalments: Vec::new(),
                        });
                        plan_by_id.insert(p.plan_id.clone(), (k, kept_instalments.len()));
                        k
                    }
                };
                plans[k as usize].instalments.push((p.due_date, p.amount));
                kept_instalments.push(p);
            }
        }
        for plan in &mut plans {
            plan.instalments.sort();
        }

        // Promises to pay.
        let mut seen = IdIndex::with_capacity(promises.len());
        let mut kept_promises: Vec<Promise> = Vec::with_capacity(promises.len());
        let mut promise_customer = Vec::with_capacity(promises.len());
        let mut promise_invoice = Vec::with_capacity(promises.len());
        for (row, p) in promises.into_iter().enumerate() {
            let t = Table::Promises;
            let customer = customer_row(&p.customer_id);
            let invoice = p.invoice_id.as_deref().map(invoice_row);
            if let Some((column, reason)) = reference_problem(
                customer,
                &p.customer_id,
                p.invoice_id.as_deref().zip(invoice),
                &invoice_customer,
                &kept_invoices,
            ) {
                reject(t, row, column, reason);
            } else if p.pay_by < p.promised_on {
                reject(t, row, "pay_by", "pay_by is before promised_on".into());
            } else if p.amount <= Money::ZERO {
                reject(
                    t,
                    row,
                    "amount",
                    "a promised amount must be positive".into(),
                );
            } else if seen
                .get(&p.promise_id, |r| &kept_promises[r as usize].promise_id)
                .is_some()
            {
                reject(
                    t,
                    row,
                    "promise_id",
                    format!("duplicate promise_id {:?}", p.promise_id),
                );
            } else {
                promise_customer.push(customer.unwrap_or_default());
                promise_invoice.push(invoice.flatten());
                kept_promises.push(p);
                seen.insert(kept_promises.len() as u32 - 1, |r| {
                    &kept_promises[r as usize].promise_id
                });
            }
        }

        // Segments, sorted by label.
        let mut labels: BTreeMap<&str, u32> = BTreeMap::new();
        for c in &kept_customers {
            labels.insert(segment_label(c), 0);
        }
        let segments: Vec<String> = labels.keys().map(|s| s.to_string()).collect();
        for (i, v) in labels.values_mut().enumerate() {
            *v = i as u32;
        }
        let customer_segment = kept_customers
            .iter()
            .map(|c| labels[segment_label(c)])
            .collect();

        let n_inv = kept_invoices.len();
        let n_cust = kept_customers.len();
        let portfolio = Portfolio {
            payments_of_invoice: Groups::from_keys(n_inv, payment_invoice.iter().copied()),
            write_offs_of_invoice: Groups::from_keys(
                n_inv,
                write_off_invoice.iter().map(|&i| Some(i)),
            ),
            disputes_of_invoice: Groups::from_keys(n_inv, dispute_invoice.iter().map(|&i| Some(i))),
            invoices_of_customer: Groups::from_keys(
                n_cust,
                invoice_customer.iter().map(|&c| Some(c)),
            ),
            unapplied_of_customer: Groups::from_keys(
                n_cust,
                payment_customer
                    .iter()
                    .zip(&payment_invoice)
                    .map(|(&c, i)| i.is_none().then_some(c)),
            ),
            orders_of_customer: Groups::from_keys(n_cust, order_customer.iter().map(|&c| Some(c))),
            promises_of_customer: Groups::from_keys(
                n_cust,
                promise_customer.iter().map(|&c| Some(c)),
            ),
            promise_invoice,
            plans,
            plan_of_invoice,
            tables: Tables {
                customers: kept_customers,
                invoices: kept_invoices,
                payments: kept_payments,
                orders: kept_orders,
                disputes: kept_disputes,
                write_offs: kept_write_offs,
                payment_plans: kept_instalments,
                promises: kept_promises,
            },
            currency,
            segments,
            customer_segment,
            customer_by_id,
            invoice_by_id,
            invoice_customer,
            payment_customer,
        };
        (portfolio, problems)
    }

    /// The validated tables.
    pub fn tables(&self) -> &Tables {
        &self.tables
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
        self.promises_of_customer.of(c)
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
        self.payment_customer[p] as usize
    }

    /// Indexes of the payments applied to invoice `i`, in input order.
    pub fn payments_of_invoice(&self, i: usize) -> &[u32] {
        self.payments_of_invoice.of(i)
    }

    /// Indexes of the write-offs of invoice `i`.
    pub fn write_offs_of_invoice(&self, i: usize) -> &[u32] {
        self.write_offs_of_invoice.of(i)
    }

    /// Indexes of the disputes about invoice `i`.
    pub fn disputes_of_invoice(&self, i: usize) -> &[u32] {
        self.disputes_of_invoice.of(i)
    }

    /// Indexes of the invoices of customer `c`.
    pub fn invoices_of_customer(&self, c: usize) -> &[u32] {
        self.invoices_of_customer.of(c)
    }

    /// Indexes of the unapplied payments of customer `c`.
    pub fn unapplied_of_customer(&self, c: usize) -> &[u32] {
        self.unapplied_of_customer.of(c)
    }

    /// Indexes of the orders of customer `c`.
    pub fn orders_of_customer(&self, c: usize) -> &[u32] {
        self.orders_of_customer.of(c)
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

/// The first problem with a row's customer and (optional) invoice references: unknown
/// customer, unknown invoice, or an invoice of another customer.
fn reference_problem(
    customer: Option<u32>,
    customer_id: &str,
    invoice: Option<(&str, Option<u32>)>,
    invoice_customer: &[u32],
    invoices: &[Invoice],
) -> Option<(&'static str, String)> {
    let Some(c) = customer else {
        return Some(("customer_id", unknown("customer_id", customer_id)));
    };
    match invoice {
        Some((id, None)) => Some(("invoice_id", unknown("invoice_id", id))),
        Some((_, Some(i))) if invoice_customer[i as usize] != c => Some((
            "invoice_id",
            format!(
                "invoice {:?} belongs to customer {:?}, not {customer_id:?}",
                invoices[i as usize].invoice_id, invoices[i as usize].customer_id
            ),
        )),
        _ => None,
    }
}

fn unknown(column: &str, value: &str) -> String {
    format!("{column} {value:?} does not exist (or its row was refused)")
}

fn most_frequent_currency(invoices: &[Invoice]) -> String {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for i in invoices {
        *counts.entry(i.currency.as_str()).or_default() += 1;
    }
    let mut best: Option<(&str, usize)> = None;
    for (c, n) in counts {
        if best.is_none_or(|(_, m)| n > m) {
            best = Some((c, n));
        }
    }
    best.map(|(c, _)| c.to_string())
        .unwrap_or_else(|| "EUR".into())
}
