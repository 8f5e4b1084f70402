//! The checks of [`Portfolio::build`](super::Portfolio::build): one validator per table,
//! in dependency order, sharing one admission rule (an empty id, the table's own checks,
//! then a duplicate id: the first failing one refuses the row) and one reference check
//! (a customer or an invoice that does not exist, or an invoice of another customer).
//! A refused row is reported with its table, row, column and reason; everything else is
//! kept in input order.

use rustc_hash::FxHashMap;

mod admission;

use admission::{Referring, admit_referring};
pub(super) use admission::{Repeats, Unindexed};

use super::id_index::IdIndex;
use super::portfolio::CurrencyCount;
use super::{
    Customer, Dispute, Invoice, Money, Order, Payment, PaymentPlan, PlanInstalment, Promise, Table,
    WriteOff,
};
use serde::{Deserialize, Serialize};

/// A row that [`Portfolio::build`](super::Portfolio::build) refused, with the column at fault and why.
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

/// Why a row is refused: the column at fault and the reason.
type Refusal = (&'static str, String);

/// One value per row, or why the row is refused. The refusals (few) are kept apart from
/// the values, so that a million rows cost the size of a value each and not of a
/// message (a refused row has the default value).
pub(super) struct PerRow<T> {
    values: Vec<T>,
    /// `(row, why)`, by row.
    refused: Vec<(usize, Refusal)>,
}

impl<T: Default> FromIterator<Result<T, Refusal>> for PerRow<T> {
    fn from_iter<I: IntoIterator<Item = Result<T, Refusal>>>(iter: I) -> Self {
        let iter = iter.into_iter();
        let mut out = PerRow {
            values: Vec::with_capacity(iter.size_hint().0),
            refused: Vec::new(),
        };
        for (row, r) in iter.enumerate() {
            match r {
                Ok(v) => out.values.push(v),
                Err(why) => {
                    out.refused.push((row, why));
                    out.values.push(T::default());
                }
            }
        }
        out
    }
}

impl<T> PerRow<T> {
    /// Nothing yet, with room for `rows` rows: for a lookup run a slice at a time, so
    /// that the values are appended where they stay instead of being moved each time
    /// the vector outgrows its room (in WebAssembly every such move is a copy); 0 for a
    /// lookup of all rows at once ([`PerRow::append`] then keeps its first part).
    pub(super) fn with_room(rows: usize) -> PerRow<T> {
        PerRow {
            values: Vec::with_capacity(rows),
            refused: Vec::new(),
        }
    }

    /// Rows so far.
    pub(super) fn len(&self) -> usize {
        self.values.len()
    }

    /// Adds the rows of `next`, which follow these. With no rows yet and no room made
    /// for them, `next` is taken as it is (the first part of a lookup of all rows at
    /// once stays where its thread put it, instead of being copied).
    pub(super) fn append(&mut self, next: PerRow<T>) {
        if self.values.is_empty() && self.values.capacity() < next.values.len() {
            *self = next;
            return;
        }
        let offset = self.values.len();
        self.refused.extend(
            next.refused
                .into_iter()
                .map(|(row, why)| (row + offset, why)),
        );
        self.values.extend(next.values);
    }
}

/// Values of some rows (few, by row), taken as the rows go by in order: the row of the
/// next one is kept apart, so that a row without one costs one comparison. (A
/// `Peekable` took its next item out and put it back for every row — 48 bytes through
/// the stack, read back before the stores had landed: half the invoices' admission's
/// samples. BENCHMARKS.md, issue 15, twentieth pass.)
struct ByRow<T> {
    items: std::vec::IntoIter<(usize, T)>,
    /// The row of the next item (`usize::MAX`: none left).
    next: usize,
}

impl<T> ByRow<T> {
    /// `items`, by row (ascending, each row once).
    fn new(items: Vec<(usize, T)>) -> ByRow<T> {
        let items = items.into_iter();
        let next = first_row(items.as_slice());
        ByRow { items, next }
    }

    /// The value of row `row`, if it has one; rows are asked in ascending order.
    #[inline]
    fn take(&mut self, row: usize) -> Option<T> {
        if row != self.next {
            return None;
        }
        let (_, value) = self.items.next()?;
        self.next = first_row(self.items.as_slice());
        Some(value)
    }
}

/// The row of the first of `items`, `usize::MAX` when there is none.
fn first_row<T>(items: &[(usize, T)]) -> usize {
    items.first().map_or(usize::MAX, |&(row, _)| row)
}

/// The problems found so far.
#[derive(Default)]
pub(super) struct Problems(pub(super) Vec<RowProblem>);

impl Problems {
    fn refuse(&mut self, table: Table, row: usize, (column, reason): Refusal) {
        self.0.push(RowProblem {
            table,
            row,
            column,
            reason,
        });
    }
}

/// A row type with an id column of its own.
pub(super) trait Keyed {
    /// The id column's name.
    const ID: &'static str;
    /// The row's id.
    fn id(&self) -> &str;
}

macro_rules! keyed {
    ($($t:ty => $field:ident),* $(,)?) => {$(
        impl Keyed for $t {
            const ID: &'static str = stringify!($field);
            fn id(&self) -> &str {
                &self.$field
            }
        }
    )*};
}

keyed!(
    Customer => customer_id,
    Invoice => invoice_id,
    Payment => payment_id,
    Order => order_id,
    Dispute => dispute_id,
    Promise => promise_id,
);

/// The rows of one table admitted so far, with the index of their ids (an [`IdIndex`]
/// for a table other rows refer to; [`Unindexed`] for one nothing looks up by id).
pub(super) struct Kept<R, I = IdIndex> {
    pub(super) rows: Vec<R>,
    pub(super) index: I,
}

impl<R: Keyed> Kept<R> {
    /// The kept row with id `id`.
    pub(super) fn row(&self, id: &str) -> Option<u32> {
        self.index.get(id, |r| self.rows[r as usize].id())
    }

    /// The kept row of each of `ids` ([`IdIndex::get_all`]).
    fn rows_of(&self, ids: &[&str]) -> Vec<Option<u32>> {
        self.index.get_all(ids, |r| self.rows[r as usize].id())
    }
}

/// The reason for a reference to a row that does not exist.
pub(super) fn unknown(column: &str, value: &str) -> String {
    format!("{column} {value:?} does not exist (or its row was refused)")
}

/// Customer `id`, or the refusal of a row that names an unknown one.
fn customer(customers: &Kept<Customer>, id: &str) -> Result<u32, Refusal> {
    known(customers.row(id), "customer_id", id)
}

/// [`customer`] of each of `ids`.
fn customers_of(customers: &Kept<Customer>, ids: &[&str]) -> PerRow<u32> {
    let rows = customers.rows_of(ids);
    rows.into_iter()
        .zip(ids)
        .map(|(r, id)| known(r, "customer_id", id))
        .collect()
}

/// The row found for `value` of `column`, or the refusal of an unknown one.
fn known(row: Option<u32>, column: &'static str, value: &str) -> Result<u32, Refusal> {
    row.ok_or_else(|| (column, unknown(column, value)))
}

/// A `later` date that must not be before `earlier`.
fn in_order<T: PartialOrd>(
    later: Option<T>,
    earlier: T,
    refusal: impl FnOnce() -> Refusal,
) -> Option<Refusal> {
    later.is_some_and(|l| l < earlier).then(refusal)
}

/// A row's invoice as looked up (its id and the row found, when the row names one) and,
/// when the invoice settles the row's customer, that row again with its customer.
type InvoiceNamed<'a> = (Option<(&'a str, Option<u32>)>, Option<(u32, u32)>);

/// The invoices kept and the customer row of each.
pub(super) struct Invoices {
    pub(super) kept: Kept<Invoice>,
    pub(super) customer: Vec<u32>,
}

impl Invoices {
    /// For each row's customer id and optional invoice id (`named`): the customer and
    /// the invoice, or the first problem — an unknown customer, an unknown invoice, or
    /// an invoice of another customer.
    ///
    /// The invoices are looked up first: a row whose invoice is found and names the same
    /// customer id has that invoice's customer, without a lookup of its own (the
    /// invoice's row was just read to confirm its id, so the comparison costs no cache
    /// miss, and the invoice's customer row is read in the same loop, its miss under way
    /// beside the row's); only the other rows look their customer up. The answer is the
    /// one the customer lookup gives: a kept invoice's customer is the customer of that
    /// id.
    fn references<R>(
        &self,
        customers: &Kept<Customer>,
        rows: &[R],
        named: impl Fn(&R) -> (&str, Option<&str>),
    ) -> PerRow<(u32, Option<u32>)> {
        let invoice_ids: Vec<&str> = rows.iter().filter_map(|r| named(r).1).collect();
        let mut found = self.kept.rows_of(&invoice_ids).into_iter();
        drop(invoice_ids);
        // Each row's invoice (its id and the row found), and the invoice's row when it
        // settles the row's customer.
        let invoices: Vec<InvoiceNamed<'_>> = rows
            .iter()
            .map(|r| {
                let (customer_id, invoice_id) = named(r);
                let invoice = invoice_id.map(|id| (id, found.next().flatten()));
                let settled = match invoice {
                    Some((_, Some(i))) => (self.kept.rows[i as usize].customer_id == customer_id)
                        .then(|| (i, self.customer[i as usize])),
                    _ => None,
                };
                (invoice, settled)
            })
            .collect();
        let ids: Vec<&str> = rows
            .iter()
            .zip(&invoices)
            .filter(|(_, (_, settled))| settled.is_none())
            .map(|(r, _)| named(r).0)
            .collect();
        let cs = customers_of(customers, &ids);
        drop(ids);
        let mut looked_up = cs.values.into_iter().enumerate();
        let mut unknown = ByRow::new(cs.refused);
        rows.iter()
            .zip(invoices)
            .map(|(r, (invoice, settled))| {
                if let Some((i, c)) = settled {
                    return Ok((c, Some(i)));
                }
                let (k, c) = looked_up.next().unwrap_or_default();
                if let Some(why) = unknown.take(k) {
                    return Err(why);
                }
                let i = invoice
                    .map(|(id, i)| self.of_customer(c, named(r).0, id, i))
                    .transpose()?;
                Ok((c, i))
            })
            .collect()
    }

    /// Invoice `id` of customer row `c` (`customer_id`), found at `row`: unknown, or of
    /// another customer.
    fn of_customer(
        &self,
        c: u32,
        customer_id: &str,
        id: &str,
        row: Option<u32>,
    ) -> Result<u32, Refusal> {
        let i = known(row, "invoice_id", id)?;
        if self.customer[i as usize] != c {
            let inv = &self.kept.rows[i as usize];
            return Err((
                "invoice_id",
                format!(
                    "invoice {:?} belongs to customer {:?}, not {customer_id:?}",
                    inv.invoice_id, inv.customer_id
                ),
            ));
        }
        Ok(i)
    }
}

/// Customers: a credit limit must not be negative.
pub(super) fn customers(rows: Vec<Customer>, problems: &mut Problems) -> Kept<Customer> {
    let own = |_: usize, c: &Customer| {
        c.credit_limit
            .is_some_and(|l| l.is_sign_negative() && !l.is_zero())
            .then(|| ("credit_limit", "credit limit must not be negative".into()))
    };
    Kept::admit_all(Table::Customers, rows, own, None, problems).0
}

/// The customer of each of `rows` (invoices), or why the row is refused: the first
/// half of the invoices' checks, which [`Portfolio::build`](super::Portfolio::build) runs
/// a slice of rows at a time. Their currencies are counted in `currencies`, when given,
/// as the rows are read (for a portfolio whose currency is not given).
pub(super) fn invoice_customers(
    rows: &[Invoice],
    customers: &Kept<Customer>,
    mut currencies: Option<&mut CurrencyCount>,
) -> PerRow<u32> {
    in_chunks(rows, |rows| {
        let ids: Vec<&str> = (rows.iter())
            .map(|i| {
                if let Some(count) = currencies.as_deref_mut() {
                    count.add(i);
                }
                i.customer_id.as_str()
            })
            .collect();
        customers_of(customers, &ids)
    })
}

/// Rows a lookup takes at a time ([`in_chunks`]).
const LOOKUP_CHUNK: usize = 4_096;

/// `look_up` of `rows` [`LOOKUP_CHUNK`] rows at a time, joined: a lookup's lists of ids
/// and rows found (tens of bytes a row) stay in the cache and their memory is reused,
/// where lists for a million rows at once would each be fresh memory, touched page by
/// page (BENCHMARKS.md, issue 15, sixth pass). Rows are independent, so the result is
/// the same.
fn in_chunks<R, T>(rows: &[R], mut look_up: impl FnMut(&[R]) -> PerRow<T>) -> PerRow<T> {
    let mut all = PerRow {
        values: Vec::with_capacity(rows.len()),
        refused: Vec::new(),
    };
    for chunk in rows.chunks(LOOKUP_CHUNK) {
        all.append(look_up(chunk));
    }
    all
}

/// Invoices: of a known customer (`cs`, from [`invoice_customers`]), due on or after
/// their issue date, in `currency` ([`InvoiceAdmission`] in one go).
pub(super) fn invoices(
    rows: Vec<Invoice>,
    cs: PerRow<u32>,
    currency: &str,
    problems: &mut Problems,
) -> Invoices {
    InvoiceAdmission::new(rows, cs).finish(currency, problems)
}

/// An invoice's own checks: due on or after its issue date, in `currency`.
fn invoice_check(currency: &str) -> impl Fn(&Invoice) -> Option<Refusal> + '_ {
    move |i: &Invoice| {
        (i.due_date < i.issue_date)
            .then(|| {
                let why = format!("due_date {} is before issue_date {}", i.due_date, i.issue_date);
                ("due_date", why)
            })
            .or_else(|| {
                (i.currency != currency).then(|| {
                    let why = format!(
                        "currency {} differs from the portfolio currency {currency}; convert it before import",
                        i.currency
                    );
                    ("currency", why)
                })
            })
    }
}

/// The invoices' admission ([`invoices`]) a slice of rows at a time, for a host that
/// steps the build ([`Building`](super::Building)); the same rows kept and refused.
pub(super) struct InvoiceAdmission(Referring<Invoice, u32, IdIndex>);

impl InvoiceAdmission {
    /// The admission of `rows`, whose customers `cs` were looked up.
    pub(super) fn new(rows: Vec<Invoice>, cs: PerRow<u32>) -> InvoiceAdmission {
        InvoiceAdmission(Referring::new(Table::Invoices, rows, cs, None))
    }

    /// Whether every row was passed.
    pub(super) fn done(&self) -> bool {
        self.0.done()
    }

    /// Passes the next `rows` rows, in the portfolio's `currency`.
    pub(super) fn step(&mut self, rows: usize, currency: &str) {
        self.0.step(rows, invoice_check(currency));
    }

    /// Passes the rows left and gives the invoices kept, each refused row reported.
    pub(super) fn finish(self, currency: &str, problems: &mut Problems) -> Invoices {
        let (kept, customer) = self.0.finish(invoice_check(currency), problems);
        Invoices { kept, customer }
    }
}

/// Rows kept with the customer and the (optional) invoice each refers to, as the
/// lookup found them: one pair a row, not taken apart into two lists (for a million
/// payments that was a pass on one core and 12 MB of fresh memory; BENCHMARKS.md,
/// issue 15, sixteenth pass).
pub(super) struct Linked<R> {
    pub(super) kept: Kept<R, Unindexed>,
    pub(super) refs: Vec<(u32, Option<u32>)>,
}

impl<R: Keyed> Linked<R> {
    /// [`admit_referring`] with a customer and an optional invoice per row: the ids
    /// `named` gives, found with [`Invoices::references`].
    fn admit_all(
        table: Table,
        rows: Vec<R>,
        (customers, invoices): (&Kept<Customer>, &Invoices),
        named: impl Fn(&R) -> (&str, Option<&str>),
        check: impl Fn(&R) -> Option<Refusal>,
        problems: &mut Problems,
    ) -> Linked<R> {
        let refs = invoices.references(customers, &rows, named);
        let (kept, refs) = admit_referring(table, rows, refs, check, None, problems);
        Linked { kept, refs }
    }
}

/// What each of `rows` (payments) refers to: its customer and (when applied) that
/// customer's invoice, or why the row is refused — the first half of the payments'
/// checks, which [`Portfolio::build`](super::Portfolio::build) runs a slice of rows at a
/// time.
pub(super) fn payment_references(
    rows: &[Payment],
    customers: &Kept<Customer>,
    invoices: &Invoices,
) -> PerRow<(u32, Option<u32>)> {
    in_chunks(rows, |rows| {
        invoices.references(customers, rows, |p| {
            (p.customer_id.as_str(), p.invoice_id.as_deref())
        })
    })
}

/// Payments: of a known customer (and invoice of that customer, when applied: `refs`
/// from [`payment_references`]), not reversed before they were made; the repeats of
/// their ids found beforehand, `early`, when they were ([`PaymentAdmission`] in one go).
pub(super) fn payments(
    rows: Vec<Payment>,
    refs: PerRow<(u32, Option<u32>)>,
    early: Option<Repeats>,
    problems: &mut Problems,
) -> Linked<Payment> {
    PaymentAdmission::new(rows, refs, early).finish(problems)
}

/// A payment's own check: not reversed before it was made.
fn payment_check(p: &Payment) -> Option<Refusal> {
    in_order(p.reversed_on, p.payment_date, || {
        let why = format!(
            "reversed_on {} is before payment_date {}",
            p.reversed_on.unwrap_or_default(),
            p.payment_date
        );
        ("reversed_on", why)
    })
}

/// The payments' admission ([`payments`]) a slice of rows at a time, for a host that
/// steps the build ([`Building`](super::Building)); the same rows kept and refused.
pub(super) struct PaymentAdmission(Referring<Payment, (u32, Option<u32>), Unindexed>);

impl PaymentAdmission {
    /// The admission of `rows`, whose references `refs` were looked up, with the repeats
    /// of their ids found beforehand (`early`), when they were.
    pub(super) fn new(
        rows: Vec<Payment>,
        refs: PerRow<(u32, Option<u32>)>,
        early: Option<Repeats>,
    ) -> PaymentAdmission {
        PaymentAdmission(Referring::new(Table::Payments, rows, refs, early))
    }

    /// Whether every row was passed.
    pub(super) fn done(&self) -> bool {
        self.0.done()
    }

    /// Passes the next `rows` rows.
    pub(super) fn step(&mut self, rows: usize) {
        self.0.step(rows, payment_check);
    }

    /// Passes the rows left and gives the payments kept, each refused row reported.
    pub(super) fn finish(self, problems: &mut Problems) -> Linked<Payment> {
        let (kept, refs) = self.0.finish(payment_check, problems);
        Linked { kept, refs }
    }
}

/// Orders: of a known customer, not invoiced before they were placed.
pub(super) fn orders(
    rows: Vec<Order>,
    customers: &Kept<Customer>,
    problems: &mut Problems,
) -> (Kept<Order>, Vec<u32>) {
    let ids: Vec<&str> = rows.iter().map(|o| o.customer_id.as_str()).collect();
    let cs = customers_of(customers, &ids);
    drop(ids);
    let check = |o: &Order| {
        in_order(o.invoiced_on, o.order_date, || {
            ("invoiced_on", "invoiced_on is before order_date".into())
        })
    };
    admit_referring(Table::Orders, rows, cs, check, None, problems)
}

/// Disputes: on a known invoice, assessed and resolved no earlier than opened.
pub(super) fn disputes(
    rows: Vec<Dispute>,
    invoices: &Invoices,
    problems: &mut Problems,
) -> (Kept<Dispute, Unindexed>, Vec<u32>) {
    let ids: Vec<&str> = rows.iter().map(|d| d.invoice_id.as_str()).collect();
    let found: PerRow<u32> = invoices
        .kept
        .rows_of(&ids)
        .into_iter()
        .zip(&ids)
        .map(|(i, id)| known(i, "invoice_id", id))
        .collect();
    drop(ids);
    let check = |d: &Dispute| {
        in_order(d.assessed_on, d.opened_on, || {
            ("assessed_on", "assessed_on is before opened_on".into())
        })
        .or_else(|| {
            in_order(d.resolved_on, d.opened_on, || {
                ("resolved_on", "resolved_on is before opened_on".into())
            })
        })
    };
    admit_referring(Table::Disputes, rows, found, check, None, problems)
}

/// Write-offs: of a known invoice (they have no id of their own).
pub(super) fn write_offs(
    rows: Vec<WriteOff>,
    invoices: &Invoices,
    problems: &mut Problems,
) -> (Vec<WriteOff>, Vec<u32>) {
    let ids: Vec<&str> = rows.iter().map(|w| w.invoice_id.as_str()).collect();
    let found = invoices.kept.rows_of(&ids);
    drop(ids);
    let mut kept = Vec::with_capacity(rows.len());
    let mut of_invoice = Vec::with_capacity(rows.len());
    for (row, (w, i)) in rows.into_iter().zip(found).enumerate() {
        match i {
            Some(i) => {
                of_invoice.push(i);
                kept.push(w);
            }
            None => problems.refuse(
                Table::WriteOffs,
                row,
                ("invoice_id", unknown("invoice_id", &w.invoice_id)),
            ),
        }
    }
    (kept, of_invoice)
}

/// Promises to pay: of a known customer (and invoice of that customer, when named), due
/// no earlier than made, for a positive amount.
pub(super) fn promises(
    rows: Vec<Promise>,
    customers: &Kept<Customer>,
    invoices: &Invoices,
    problems: &mut Problems,
) -> Linked<Promise> {
    let check = |p: &Promise| {
        (p.pay_by < p.promised_on)
            .then(|| ("pay_by", "pay_by is before promised_on".into()))
            .or_else(|| {
                (p.amount <= Money::ZERO)
                    .then(|| ("amount", "a promised amount must be positive".into()))
            })
    };
    Linked::admit_all(
        Table::Promises,
        rows,
        (customers, invoices),
        |p| (p.customer_id.as_str(), p.invoice_id.as_deref()),
        check,
        problems,
    )
}

/// The payment plans: their instalment rows (kept), the plans they make, and the plan
/// that covers each invoice.
pub(super) struct Plans {
    pub(super) instalments: Vec<PlanInstalment>,
    pub(super) plans: Vec<PaymentPlan>,
    pub(super) of_invoice: FxHashMap<u32, u32>,
}

/// Payment plans, one row per instalment: of a known customer and its own invoices, due
/// no earlier than agreed, for a positive amount; the rows of one plan agree on the
/// customer, the agreement date and the invoices; an invoice is in one plan at most.
pub(super) fn payment_plans(
    rows: Vec<PlanInstalment>,
    customers: &Kept<Customer>,
    invoices: &Invoices,
    problems: &mut Problems,
) -> Plans {
    let mut out = Plans {
        instalments: Vec::with_capacity(rows.len()),
        plans: Vec::new(),
        of_invoice: FxHashMap::default(),
    };
    // Plan id → (plan, its first instalment row).
    let mut by_id: FxHashMap<String, (u32, usize)> = FxHashMap::default();
    for (row, p) in rows.into_iter().enumerate() {
        let t = Table::PaymentPlans;
        let existing = by_id.get(&p.plan_id).copied();
        match plan_refusal(&p, existing, &out, customers, invoices) {
            Err(refusal) => problems.refuse(t, row, refusal),
            Ok((customer, covered)) => {
                let k = match existing {
                    Some((k, _)) => k,
                    None => {
                        let k = out.plans.len() as u32;
                        for &i in &covered {
                            out.of_invoice.insert(i as u32, k);
                        }
                        out.plans.push(PaymentPlan {
                            plan_id: p.plan_id.clone(),
                            customer: customer as usize,
                            invoices: covered,
                            agreed_on: p.agreed_on,
                            instalments: Vec::new(),
                        });
                        by_id.insert(p.plan_id.clone(), (k, out.instalments.len()));
                        k
                    }
                };
                out.plans[k as usize]
                    .instalments
                    .push((p.due_date, p.amount));
                out.instalments.push(p);
            }
        }
    }
    for plan in &mut out.plans {
        plan.instalments.sort();
    }
    out
}

/// The checks of one instalment row: its customer and the invoices it covers, or why it
/// is refused.
fn plan_refusal(
    p: &PlanInstalment,
    existing: Option<(u32, usize)>,
    so_far: &Plans,
    customers: &Kept<Customer>,
    invoices: &Invoices,
) -> Result<(u32, Vec<usize>), Refusal> {
    let customer = customer(customers, &p.customer_id)?;
    let mut covered = Vec::with_capacity(p.invoice_ids.len());
    for id in &p.invoice_ids {
        let i = invoices
            .of_customer(customer, &p.customer_id, id, invoices.kept.row(id))
            .map_err(|(_, why)| ("invoice_ids", why))?;
        covered.push(i as usize);
    }
    if p.due_date < p.agreed_on {
        return Err(("due_date", "due_date is before agreed_on".into()));
    }
    if p.amount <= Money::ZERO {
        return Err(("amount", "an instalment must be positive".into()));
    }
    if let Some((_, first)) = existing {
        let f = &so_far.instalments[first];
        if f.customer_id != p.customer_id
            || f.agreed_on != p.agreed_on
            || f.invoice_ids != p.invoice_ids
        {
            return Err((
                "plan_id",
                format!(
                    "plan {:?} was given another customer, agreement date or invoice list on an earlier row",
                    p.plan_id
                ),
            ));
        }
    } else if let Some((i, k)) = covered
        .iter()
        .find_map(|&i| so_far.of_invoice.get(&(i as u32)).map(|&k| (i, k)))
    {
        return Err((
            "invoice_ids",
            format!(
                "invoice {:?} is already covered by plan {:?}",
                invoices.kept.rows[i].invoice_id, so_far.plans[k as usize].plan_id
            ),
        ));
    }
    Ok((customer, covered))
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use rust_decimal::Decimal;

    use super::{ByRow, PerRow, Problems, customers as customers_checked};
    use crate::generate::{Config, generate};
    use crate::model::{Customer, Portfolio, Promise, Table};

    /// Rows `from..to`, each refused when its number is odd (the value is the row's
    /// number, 0 when refused).
    fn part(from: usize, to: usize) -> PerRow<usize> {
        (from..to)
            .map(|r| match r % 2 {
                0 => Ok(r),
                _ => Err(("x", format!("row {r}"))),
            })
            .collect()
    }

    #[test]
    fn values_by_row_are_taken_at_their_rows_and_nowhere_else() {
        // Values at rows 0, 3 and 4 of rows 0..7 asked in order; then nothing is left.
        let mut by_row = ByRow::new(vec![(0, "a"), (3, "b"), (4, "c")]);
        let taken: Vec<Option<&str>> = (0..7).map(|row| by_row.take(row)).collect();
        assert_eq!(
            taken,
            [Some("a"), None, None, Some("b"), Some("c"), None, None]
        );
        let mut none: ByRow<u8> = ByRow::new(Vec::new());
        assert!((0..3).all(|row| none.take(row).is_none()));
        // usize::MAX is a row like any other, not the end.
        let mut last = ByRow::new(vec![(usize::MAX - 1, 1)]);
        assert_eq!(last.take(usize::MAX - 1), Some(1));
        assert_eq!(last.take(usize::MAX), None);
    }

    #[test]
    fn parts_appended_with_or_without_room_are_the_rows_in_order() {
        // 0..10 in parts of 4, 4 and 2 rows, each part numbering its rows from 0 as a
        // lookup of a slice does; appended into no room (the first part taken as it
        // is) and into room for all (every part copied).
        let parts = || [part(0, 4), part(0, 4), part(0, 2)];
        for room in [0, 10] {
            let mut all = PerRow::with_room(room);
            for p in parts() {
                all.append(p);
            }
            assert_eq!(all.values, [0, 0, 2, 0, 0, 0, 2, 0, 0, 0], "room {room}");
            let refused: Vec<(usize, String)> = all
                .refused
                .iter()
                .map(|(r, (_, why))| (*r, why.clone()))
                .collect();
            // Rows 1, 3 of each part, shifted by where the part starts.
            let expected = [
                (1, "row 1"),
                (3, "row 3"),
                (5, "row 1"),
                (7, "row 3"),
                (9, "row 1"),
            ];
            let expected: Vec<(usize, String)> =
                expected.iter().map(|(r, w)| (*r, w.to_string())).collect();
            assert_eq!(refused, expected, "room {room}");
        }
    }

    proptest::proptest! {
        /// The admission against its rule written out plainly: rows in order, an empty
        /// id refused first, then the row's own check (a negative credit limit), then an
        /// id an earlier admitted row has; the index finds each kept row by its id, and
        /// the id of a refused row only when a kept row has it.
        #[test]
        fn the_admission_is_its_rule(
            rows in proptest::collection::vec((0usize..6, proptest::bool::ANY), 0..40),
        ) {
            let id = |k: usize| if k == 5 { String::new() } else { format!("C{k}") };
            let mut generated = generate(&Config { customers: 1, invoices: 1, ..Config::default() });
            let model = generated.customers.remove(0);
            let customers: Vec<Customer> = rows
                .iter()
                .map(|&(k, negative)| Customer {
                    customer_id: id(k).as_str().into(),
                    credit_limit: negative.then(|| Decimal::new(-1, 0)),
                    ..model.clone()
                })
                .collect();
            let mut expected_kept = Vec::new();
            let mut expected_problems = Vec::new();
            for (row, &(k, negative)) in rows.iter().enumerate() {
                let column = if k == 5 {
                    Some("customer_id")
                } else if negative {
                    Some("credit_limit")
                } else if expected_kept.contains(&id(k)) {
                    Some("customer_id")
                } else {
                    None
                };
                match column {
                    Some(c) => expected_problems.push((row, c)),
                    None => expected_kept.push(id(k)),
                }
            }
            let mut problems = Problems::default();
            let kept = customers_checked(customers, &mut problems);
            let ids: Vec<String> = kept.rows.iter().map(|c| c.customer_id.to_string()).collect();
            proptest::prop_assert_eq!(&ids, &expected_kept);
            let found: Vec<(usize, &str)> = problems.0.iter().map(|p| (p.row, p.column)).collect();
            proptest::prop_assert_eq!(found, expected_problems);
            for k in 0..6 {
                let at = expected_kept.iter().position(|i| *i == id(k)).map(|r| r as u32);
                proptest::prop_assert_eq!(kept.row(&id(k)), at.filter(|_| k != 5));
            }
        }
    }

    #[test]
    fn a_row_is_refused_once_for_its_first_failing_check() {
        let mut t = generate(&Config {
            customers: 10,
            invoices: 50,
            ..Config::default()
        });
        // Invoice 1 takes invoice 0's number and falls due before it is issued: the
        // table's own check (due date) comes before the duplicate check.
        t.invoices[1].invoice_id = t.invoices[0].invoice_id.clone();
        t.invoices[1].due_date = t.invoices[1].issue_date - chrono::Days::new(1);
        // Invoice 2 only repeats a number: refused as a duplicate.
        t.invoices[2].invoice_id = t.invoices[0].invoice_id.clone();
        // A promise without an id is refused like any row without one.
        let d = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
        t.promises.push(Promise {
            promise_id: String::new(),
            customer_id: t.customers[0].customer_id.to_string(),
            invoice_id: None,
            promised_on: d,
            pay_by: d,
            amount: rust_decimal::Decimal::ONE,
        });
        let invoices = t.invoices.len();
        let (p, problems) = Portfolio::build(t, None);
        let of = |table: Table| -> Vec<(usize, &str)> {
            problems
                .iter()
                .filter(|x| x.table == table)
                .map(|x| (x.row, x.column))
                .collect()
        };
        // Payments of the refused invoices are refused too; look at invoices only.
        assert_eq!(
            of(Table::Invoices),
            vec![(1, "due_date"), (2, "invoice_id")]
        );
        assert!(
            problems
                .iter()
                .any(|x| x.reason.starts_with("duplicate invoice_id"))
        );
        assert_eq!(of(Table::Promises), vec![(0, "promise_id")]);
        assert_eq!(p.invoices().len(), invoices - 2);
    }
}
