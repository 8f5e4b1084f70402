//! Every table checked: the portfolio's groups built one after the other, a slice of
//! rows a step on one thread (all at once on two, in two halves side by side), then the
//! portfolio put together from the tables kept and their groups.

use super::super::super::validate::{Invoices, Kept, Linked, Plans, Unindexed};
use super::super::super::{Customer, Dispute, Order, Payment, Promise, WriteOff};
use super::super::groups::{Grouping, Groups, owned};
use super::super::{Portfolio, Tables};
use super::Segments;
use crate::threads::{side_by_side, side_by_side_runs};

/// The portfolio's groups, in the order they are built.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Group {
    PaymentsOfInvoice,
    UnappliedOfCustomer,
    InvoicesOfCustomer,
    WriteOffsOfInvoice,
    DisputesOfInvoice,
    OrdersOfCustomer,
    InvoicesOfOrder,
    PromisesOfCustomer,
}

/// How many groups a portfolio has.
const GROUPS: usize = 8;

/// Rows of a group's table a step goes through, for each row a lookup step looks up: a
/// member is counted or placed in a few nanoseconds, an eighth of a lookup or less, and
/// in the page every step has a fixed cost (the build's and the slice's bookkeeping: at
/// 2 000 rows a step, the groups of 1 M invoices took 15 ms more than in one go;
/// BENCHMARKS.md, issue 15, thirtieth pass).
pub(super) const GROUP_ROWS_A_ROW: usize = 8;

impl Group {
    /// Every group, in the order they are built (their discriminants' order).
    const ALL: [Group; GROUPS] = [
        Group::PaymentsOfInvoice,
        Group::UnappliedOfCustomer,
        Group::InvoicesOfCustomer,
        Group::WriteOffsOfInvoice,
        Group::DisputesOfInvoice,
        Group::OrdersOfCustomer,
        Group::InvoicesOfOrder,
        Group::PromisesOfCustomer,
    ];

    /// Whether the group goes through the payments: built on one core, when all are
    /// built side by side, while the other groups (which take about as long together)
    /// are built on the second.
    fn of_payments(self) -> bool {
        matches!(self, Group::PaymentsOfInvoice | Group::UnappliedOfCustomer)
    }
}

/// The portfolio's groups built so far, and how far the one being built is.
pub(super) struct Grouped {
    /// By [`Group`].
    done: [Option<Groups>; GROUPS],
    /// The next group, while it takes several steps.
    grouping: Option<Grouping>,
    /// The invoices (row, order) that name an order of their own customer, gathered so
    /// far, and the invoices gone through: the members of the invoices by order,
    /// gathered before they are grouped (a pass over the invoices, most of which name
    /// no order).
    ordered: (Vec<(u32, u32)>, usize),
}

impl Grouped {
    /// No group built yet but the invoices by customer, when `by_customer` has them
    /// (built beside the payments' admission, on two threads).
    pub(super) fn new(by_customer: Option<Groups>) -> Grouped {
        let mut done: [Option<Groups>; GROUPS] = Default::default();
        done[Group::InvoicesOfCustomer as usize] = by_customer;
        Grouped {
            done,
            grouping: None,
            ordered: (Vec::new(), 0),
        }
    }
}

/// Every table checked, with the segments and the groups built so far.
pub(super) struct Checked {
    pub(super) customers: Kept<Customer>,
    pub(super) invoices: Invoices,
    pub(super) payments: Linked<Payment>,
    pub(super) segments: Segments,
    pub(super) orders: (Kept<Order>, Vec<u32>),
    pub(super) disputes: (Kept<Dispute, Unindexed>, Vec<u32>),
    pub(super) write_offs: (Vec<WriteOff>, Vec<u32>),
    pub(super) plans: Plans,
    pub(super) promises: Linked<Promise>,
    pub(super) grouped: Grouped,
}

impl Checked {
    /// Whether every group of the portfolio was built.
    pub(super) fn grouped(&self) -> bool {
        self.grouped.done.iter().all(Option::is_some)
    }

    /// The next step of the groups: on two threads, every group not built yet at once
    /// (those by the payments on one core, the others on the second); otherwise
    /// [`GROUP_ROWS_A_ROW`] × `rows` rows of the next group's table (or of the invoices,
    /// to gather those that name an order, before the invoices by order).
    pub(super) fn group(&mut self, threads: usize, rows: usize) {
        let rows = rows.saturating_mul(GROUP_ROWS_A_ROW);
        let missing =
            || (Group::ALL.into_iter()).filter(|&g| self.grouped.done[g as usize].is_none());
        if side_by_side_runs(threads) {
            let built = |of_payments: bool| -> Vec<(Group, Groups)> {
                (missing().filter(|g| g.of_payments() == of_payments))
                    .map(|g| (g, self.whole(g)))
                    .collect()
            };
            let (first, second) = side_by_side(threads, || built(true), || built(false));
            for (g, groups) in first.into_iter().chain(second) {
                self.grouped.done[g as usize] = Some(groups);
            }
            self.grouped.grouping = None;
            return;
        }
        let Some(g) = missing().next() else {
            return;
        };
        let invoices = self.invoices.kept.rows.len();
        let (ordered, gone_through) = &self.grouped.ordered;
        if g == Group::InvoicesOfOrder && *gone_through < invoices {
            let to = gone_through + rows.min(invoices - gone_through);
            let more: Vec<(u32, u32)> = self.ordered(*gone_through, to).collect();
            let ordered = &mut self.grouped.ordered;
            ordered.0.extend(more);
            ordered.1 = to;
            return;
        }
        let grouping = self.grouped.grouping.take();
        let mut grouping = grouping.unwrap_or_else(|| Grouping::new(self.lists(g)));
        match self.advance(g, &mut grouping, ordered, rows) {
            Some(groups) => self.grouped.done[g as usize] = Some(groups),
            None => self.grouped.grouping = Some(grouping),
        }
    }

    /// Group `g` in one go.
    fn whole(&self, g: Group) -> Groups {
        let ordered: Vec<(u32, u32)> = match g {
            Group::InvoicesOfOrder => self.ordered(0, self.invoices.kept.rows.len()).collect(),
            _ => Vec::new(),
        };
        let mut grouping = Grouping::new(self.lists(g));
        loop {
            if let Some(groups) = self.advance(g, &mut grouping, &ordered, usize::MAX) {
                return groups;
            }
        }
    }

    /// How many lists group `g` has: one per invoice, customer or order.
    fn lists(&self, g: Group) -> usize {
        match g {
            Group::PaymentsOfInvoice | Group::WriteOffsOfInvoice | Group::DisputesOfInvoice => {
                self.invoices.kept.rows.len()
            }
            Group::UnappliedOfCustomer
            | Group::InvoicesOfCustomer
            | Group::OrdersOfCustomer
            | Group::PromisesOfCustomer => self.customers.rows.len(),
            Group::InvoicesOfOrder => self.orders.0.rows.len(),
        }
    }

    /// The next `rows` rows of group `g`'s table through `grouping` (`ordered`: the
    /// invoices that name an order of their own customer, all of them, for the
    /// invoices by order); the group, once built.
    fn advance(
        &self,
        g: Group,
        grouping: &mut Grouping,
        ordered: &[(u32, u32)],
        rows: usize,
    ) -> Option<Groups> {
        let refs = &self.payments.refs;
        match g {
            Group::PaymentsOfInvoice => {
                grouping.step(refs, |j, &(_, i)| Some((j as u32, i?)), rows)
            }
            Group::UnappliedOfCustomer => {
                let unapplied =
                    |j: usize, &(c, i): &(u32, Option<u32>)| i.is_none().then_some((j as u32, c));
                grouping.step(refs, unapplied, rows)
            }
            Group::InvoicesOfCustomer => grouping.step(&self.invoices.customer, owned, rows),
            Group::WriteOffsOfInvoice => grouping.step(&self.write_offs.1, owned, rows),
            Group::DisputesOfInvoice => grouping.step(&self.disputes.1, owned, rows),
            Group::OrdersOfCustomer => grouping.step(&self.orders.1, owned, rows),
            Group::InvoicesOfOrder => grouping.step(ordered, |_, &(j, o)| Some((j, o)), rows),
            Group::PromisesOfCustomer => {
                let promises = &self.promises.refs;
                grouping.step(promises, |j, &(c, _)| Some((j as u32, c)), rows)
            }
        }
    }

    /// The invoices of rows `from..to` that name an order of their own customer, with
    /// that order.
    fn ordered(&self, from: usize, to: usize) -> impl Iterator<Item = (u32, u32)> + '_ {
        let (orders, order_customer) = (&self.orders.0, &self.orders.1);
        let invoices = &self.invoices;
        (from..to)
            .zip(&invoices.kept.rows[from..to])
            .zip(&invoices.customer[from..to])
            .filter_map(move |((j, inv), &c)| {
                let o = orders.row(inv.order_id()?)?;
                (order_customer[o as usize] == c).then_some((j as u32, o))
            })
    }

    /// The portfolio of the rows kept, with its groups (those not built yet built
    /// here).
    pub(super) fn portfolio(mut self, currency: String, threads: usize) -> Portfolio {
        while !self.grouped() {
            self.group(threads, usize::MAX);
        }
        let Checked {
            customers,
            invoices,
            payments,
            segments: (segments, customer_segment),
            orders: (orders, _),
            disputes: (disputes, _),
            write_offs: (write_offs, _),
            plans,
            promises,
            grouped,
        } = self;
        let [
            payments_of_invoice,
            unapplied_of_customer,
            invoices_of_customer,
            write_offs_of_invoice,
            disputes_of_invoice,
            orders_of_customer,
            invoices_of_order,
            promises_of_customer,
        ] = grouped.done.map(Option::unwrap_or_default);
        Portfolio {
            payments_of_invoice,
            write_offs_of_invoice,
            disputes_of_invoice,
            invoices_of_customer,
            unapplied_of_customer,
            orders_of_customer,
            invoices_of_order,
            promises_of_customer,
            promise_invoice: promises.refs.iter().map(|&(_, i)| i).collect(),
            plans: plans.plans,
            plan_of_invoice: plans.of_invoice,
            tables: Tables {
                customers: customers.rows,
                invoices: invoices.kept.rows,
                payments: payments.kept.rows,
                orders: orders.rows,
                disputes: disputes.rows,
                write_offs,
                payment_plans: plans.instalments,
                promises: promises.kept.rows,
            },
            currency,
            segments,
            customer_segment,
            customer_by_id: customers.index,
            invoice_by_id: invoices.kept.index,
            invoice_customer: invoices.customer,
            payment_refs: payments.refs,
        }
    }
}
