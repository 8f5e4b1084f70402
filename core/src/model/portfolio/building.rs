//! [`Portfolio::build`] a step at a time, so that a host which must keep answering (the
//! dashboard paints between steps) is never blocked for the whole build: the customers;
//! the invoices' customers looked up a given number of rows a step, then the invoices
//! admitted (their own checks, repeated ids); the payments' customers and invoices
//! looked up a slice at a time, then the payments admitted; then the smaller tables.
//! The result is the same however it is stepped: the steps are the build's own phases,
//! in its order, and a lookup depends on nothing but its row.

use super::super::validate::{
    self, Invoices, Kept, Linked, PerRow, Plans, Problems, Repeats, Unindexed,
};
use super::super::{Customer, Dispute, Invoice, Order, Payment, Promise, WriteOff};
use super::{CurrencyCount, Groups, Portfolio, Tables, every, segments};
use crate::model::RowProblem;
use crate::threads::{in_parts, side_by_side, side_by_side_runs};

/// A portfolio being built: [`Building::new`], [`Building::step`] until it says the
/// checks are done (or not at all), then [`Building::finish`].
pub struct Building {
    /// The tables not checked yet (each taken out as its phase runs).
    raw: Tables,
    currency: Currency,
    problems: Problems,
    stage: Stage,
    /// Threads the lookup phases may use ([`Building::on_threads`]).
    threads: usize,
}

/// The portfolio's currency: given, or the invoices' most frequent, counted while
/// their customers are looked up (known from the invoices' admission on).
struct Currency {
    /// Given, or settled once every invoice was counted.
    known: Option<String>,
    /// The invoices counted so far, while `known` is `None`.
    count: CurrencyCount,
}

impl Currency {
    /// Whether the invoices are still to be counted.
    fn counting(&self) -> bool {
        self.known.is_none()
    }

    /// The currency, once every invoice is counted.
    fn known(&mut self) -> &str {
        let count = &mut self.count;
        self.known
            .get_or_insert_with(|| std::mem::take(count).most_frequent())
    }
}

/// How far the checks are, with what they have kept so far.
#[derive(Default)]
enum Stage {
    #[default]
    Start,
    Customers(Kept<Customer>),
    /// The customers of the invoices looked up so far.
    InvoiceCustomers(Kept<Customer>, PerRow<u32>),
    /// The invoices admitted; the payments' references looked up so far (and the
    /// repeats of their ids, when a second core found them meanwhile); the segments.
    PaymentReferences(
        Kept<Customer>,
        Invoices,
        PerRow<(u32, Option<u32>)>,
        Option<Repeats>,
        Segments,
    ),
    /// The payments admitted; the segments and the invoices by customer.
    Payments(Kept<Customer>, Invoices, Linked<Payment>, Segments, Groups),
    Checked(Box<Checked>),
}

/// The segment labels, sorted, and each customer's segment ([`segments`]).
type Segments = (Vec<String>, Vec<u32>);

/// Phases of the checks ([`Building::progress`]); the two lookup phases take as many
/// steps as their rows need.
pub const BUILD_PHASES: usize = 6;

/// The portfolio's groups other than those by the payments and the invoices by
/// customer (built side by side with those).
struct Others {
    write_offs_of_invoice: Groups,
    disputes_of_invoice: Groups,
    orders_of_customer: Groups,
    invoices_of_order: Groups,
    promises_of_customer: Groups,
}

/// Every table checked, with the segments and the invoices by customer (built on a
/// second core while the invoices' and the payments' admissions ran).
struct Checked {
    customers: Kept<Customer>,
    invoices: Invoices,
    payments: Linked<Payment>,
    segments: Segments,
    invoices_of_customer: Groups,
    orders: (Kept<Order>, Vec<u32>),
    disputes: (Kept<Dispute, Unindexed>, Vec<u32>),
    write_offs: (Vec<WriteOff>, Vec<u32>),
    plans: Plans,
    promises: Linked<Promise>,
}

impl Building {
    /// Starts building a portfolio from `tables`, in `currency` when given (otherwise
    /// the most frequent invoice currency; see [`Portfolio::build`]).
    pub fn new(tables: Tables, currency: Option<&str>) -> Building {
        let currency = Currency {
            known: currency.map(str::to_string),
            count: CurrencyCount::default(),
        };
        Building {
            raw: tables,
            currency,
            problems: Problems::default(),
            stage: Stage::Start,
            threads: 1,
        }
    }

    /// Lets the lookup phases (each row's customer and invoice found by id, a row
    /// independent of the others) use up to `threads` threads where the target has
    /// them ([`crate::threads::in_parts`]); one by default. The portfolio and the
    /// problems are the same for any number.
    pub fn on_threads(mut self, threads: usize) -> Building {
        self.threads = threads;
        self
    }

    /// Runs the checks that need only the customers and the invoices, but the
    /// invoices' admission (the customers, the invoices' customers looked up), for a
    /// host that is still reading the other tables meanwhile: it started from tables
    /// holding only those two and gives the others next, with
    /// [`Building::admit_invoices_while`] (the admission runs while they are still being
    /// read) or [`Building::add_rest`]; the portfolio and the problems are those of a
    /// build of all tables at once.
    pub fn check_first(&mut self) {
        loop {
            let invoices = self.raw.invoices.len();
            match &self.stage {
                Stage::Start | Stage::Customers(_) => {}
                Stage::InvoiceCustomers(_, cs) if cs.len() < invoices => {}
                _ => return,
            }
            let stage = std::mem::take(&mut self.stage);
            self.stage = self.next(stage, usize::MAX);
        }
    }

    /// The invoices' admission, after [`Building::check_first`], while `rest` — which
    /// gives the other tables, and may wait for a host still reading them — is called
    /// on a second core, where there is one. That core then finds the repeats of the
    /// payments' ids (`payments_of` gives their rows: the same rows, in the same order,
    /// the host passes on with [`Building::add_rest`] next) and the customers'
    /// segments, as it does beside the admission of a build of all tables at once; the
    /// admission no longer waits for the payments' file (BENCHMARKS.md, issue 15,
    /// twenty-fourth pass). Where the second core is not there, or the invoices are not
    /// all looked up, `rest` is called first and the admission runs after
    /// [`Building::add_rest`], as usual. Gives what `rest` gave; the portfolio and the
    /// problems are the same either way. `rest` is called once.
    pub fn admit_invoices_while<T: Send>(
        &mut self,
        rest: impl Fn() -> T + Sync,
        payments_of: impl Fn(&T) -> Option<&[Payment]> + Sync,
    ) -> T {
        if !side_by_side_runs(self.threads) {
            return rest();
        }
        let (c, cs) = match std::mem::take(&mut self.stage) {
            Stage::InvoiceCustomers(c, cs) if cs.len() == self.raw.invoices.len() => (c, cs),
            other => {
                self.stage = other;
                return rest();
            }
        };
        let invoices = std::mem::take(&mut self.raw.invoices);
        let (problems, currency) = (&mut self.problems, self.currency.known());
        let admission = Admission {
            threads: self.threads,
            customers: &c,
            currency,
        };
        let (i, rest, early, segs) = admission.run(invoices, cs, problems, rest, payments_of);
        // The payments' references are looked up in one step from here on (a host that
        // steps the build gives its tables with `Building::add_rest`).
        self.stage = Stage::PaymentReferences(c, i, PerRow::with_room(0), early, segs);
        rest
    }

    /// The tables other than the customers and the invoices (`rest`'s customers and
    /// invoices are not read: they were given to [`Building::new`]), before the
    /// invoices' admission (right after `new`, or after [`Building::check_first`]; the
    /// checks go on with that admission) or after it
    /// ([`Building::admit_invoices_while`]).
    pub fn add_rest(&mut self, rest: Tables) {
        let raw = &mut self.raw;
        raw.payments = rest.payments;
        raw.orders = rest.orders;
        raw.disputes = rest.disputes;
        raw.write_offs = rest.write_offs;
        raw.payment_plans = rest.payment_plans;
        raw.promises = rest.promises;
    }

    /// Runs the next step of the checks (looking up the references of at most `rows`
    /// rows, in a lookup phase); `true` once all are done (then only
    /// [`Building::finish`] is left, which indexes what was kept).
    pub fn step(&mut self, rows: usize) -> bool {
        if !matches!(self.stage, Stage::Checked(_)) {
            let stage = std::mem::take(&mut self.stage);
            self.stage = self.next(stage, rows.max(1));
        }
        matches!(self.stage, Stage::Checked(_))
    }

    /// Phases done, of [`BUILD_PHASES`] (a lookup phase counts as done once every row
    /// is looked up).
    pub fn progress(&self) -> (usize, usize) {
        let raw = &self.raw;
        let done = match &self.stage {
            Stage::Start => 0,
            Stage::Customers(..) => 1,
            Stage::InvoiceCustomers(_, cs) => 1 + usize::from(cs.len() == raw.invoices.len()),
            Stage::PaymentReferences(_, _, refs, ..) => {
                3 + usize::from(refs.len() == raw.payments.len())
            }
            Stage::Payments(..) => 5,
            Stage::Checked(_) => 6,
        };
        (done, BUILD_PHASES)
    }

    /// Runs the checks left and builds the portfolio, with the rows refused.
    pub fn finish(mut self) -> (Portfolio, Vec<RowProblem>) {
        loop {
            match std::mem::take(&mut self.stage) {
                Stage::Checked(c) => {
                    let currency = self.currency.known().to_string();
                    let portfolio = c.portfolio(currency, self.threads);
                    return (portfolio, self.problems.0);
                }
                stage => self.stage = self.next(stage, usize::MAX),
            }
        }
    }

    /// The step after `stage`, in dependency order: customers, invoices, payments,
    /// then the smaller tables.
    fn next(&mut self, stage: Stage, rows: usize) -> Stage {
        let (raw, problems, threads) = (&mut self.raw, &mut self.problems, self.threads);
        match stage {
            Stage::Start => Stage::Customers(validate::customers(
                std::mem::take(&mut raw.customers),
                problems,
            )),
            Stage::Customers(c) => {
                let room = room_for(rows, raw.invoices.len());
                Stage::InvoiceCustomers(c, PerRow::with_room(room))
            }
            Stage::InvoiceCustomers(c, mut cs) if cs.len() < raw.invoices.len() => {
                let rest = &raw.invoices[cs.len()..];
                let slice = &rest[..rows.min(rest.len())];
                let counting = self.currency.counting();
                let look_up = |r: &[_]| {
                    let mut count = CurrencyCount::default();
                    let part = validate::invoice_customers(r, &c, counting.then_some(&mut count));
                    (part, count)
                };
                for (part, count) in in_parts(slice, threads, look_up) {
                    cs.append(part);
                    self.currency.count.merge(count);
                }
                Stage::InvoiceCustomers(c, cs)
            }
            Stage::InvoiceCustomers(c, cs) => {
                let invoices = std::mem::take(&mut raw.invoices);
                let admission = Admission {
                    threads,
                    customers: &c,
                    currency: self.currency.known(),
                };
                let payments = raw.payments.as_slice();
                let spare = side_by_side_runs(threads);
                let (i, _, early, segs) =
                    admission.run(invoices, cs, problems, || payments, |p| spare.then_some(*p));
                let room = room_for(rows, raw.payments.len());
                Stage::PaymentReferences(c, i, PerRow::with_room(room), early, segs)
            }
            Stage::PaymentReferences(c, i, mut refs, early, segs)
                if refs.len() < raw.payments.len() =>
            {
                let rest = &raw.payments[refs.len()..];
                let slice = &rest[..rows.min(rest.len())];
                let look_up = |r: &[Payment]| validate::payment_references(r, &c, &i);
                for part in in_parts(slice, threads, look_up) {
                    refs.append(part);
                }
                Stage::PaymentReferences(c, i, refs, early, segs)
            }
            Stage::PaymentReferences(c, i, refs, early, segs) => {
                let rows = std::mem::take(&mut raw.payments);
                // The payments' admission runs on one core; the second groups the
                // invoices by customer meanwhile.
                let (p, invoices_of_customer) = side_by_side(
                    threads,
                    || validate::payments(rows, refs, early, problems),
                    || Groups::from_keys(c.rows.len(), every(&i.customer)),
                );
                Stage::Payments(c, i, p, segs, invoices_of_customer)
            }
            Stage::Payments(customers, invoices, payments, segments, invoices_of_customer) => {
                let (c, i) = (&customers, &invoices);
                let orders = validate::orders(std::mem::take(&mut raw.orders), c, problems);
                let disputes = validate::disputes(std::mem::take(&mut raw.disputes), i, problems);
                let write_offs =
                    validate::write_offs(std::mem::take(&mut raw.write_offs), i, problems);
                let plans = std::mem::take(&mut raw.payment_plans);
                let plans = validate::payment_plans(plans, c, i, problems);
                let promises =
                    validate::promises(std::mem::take(&mut raw.promises), c, i, problems);
                Stage::Checked(Box::new(Checked {
                    customers,
                    invoices,
                    payments,
                    segments,
                    invoices_of_customer,
                    orders,
                    disputes,
                    write_offs,
                    plans,
                    promises,
                }))
            }
            checked @ Stage::Checked(_) => checked,
        }
    }
}

/// The invoices' admission, with what runs beside it.
struct Admission<'a> {
    threads: usize,
    customers: &'a Kept<Customer>,
    /// The portfolio's currency.
    currency: &'a str,
}

impl Admission<'_> {
    /// Admits `invoices` (`validate::invoices`; `cs`: their customers, looked up) on
    /// this core, while the second, where there is one, gets a value from `beside`,
    /// finds the repeats of the ids of the payments `payments_of` gives from it (none:
    /// not found ahead), and the customers' segments: the admission runs on one core,
    /// and these fill the other (BENCHMARKS.md, issue 15, sixteenth pass). One after
    /// the other on one thread.
    fn run<T: Send>(
        self,
        invoices: Vec<Invoice>,
        cs: PerRow<u32>,
        problems: &mut Problems,
        beside: impl Fn() -> T + Sync,
        payments_of: impl Fn(&T) -> Option<&[Payment]> + Sync,
    ) -> (Invoices, T, Option<Repeats>, Segments) {
        let (i, (value, early, segs)) = side_by_side(
            self.threads,
            || validate::invoices(invoices, cs, self.currency, problems),
            || {
                let value = beside();
                let early = payments_of(&value).map(Repeats::of);
                (value, early, segments(&self.customers.rows))
            },
        );
        (i, value, early, segs)
    }
}

/// The room a lookup of `all` rows makes for its results when it runs `rows` rows a
/// step ([`PerRow::with_room`]): all of them when it takes several steps, none when one
/// step does it all.
fn room_for(rows: usize, all: usize) -> usize {
    if rows < all { all } else { 0 }
}

impl Checked {
    /// The portfolio of the rows kept, with its indexes.
    fn portfolio(self, currency: String, threads: usize) -> Portfolio {
        let Checked {
            customers,
            invoices,
            payments,
            segments: (segments, customer_segment),
            invoices_of_customer,
            orders: (orders, order_customer),
            disputes: (disputes, dispute_invoice),
            write_offs: (write_offs, write_off_invoice),
            plans,
            promises,
        } = self;
        let n_inv = invoices.kept.rows.len();
        let n_cust = customers.rows.len();
        // The groups of the payments on one core, the others (the invoices' orders, the
        // smaller tables') on the second where there is one: each group is a pass over
        // its table, independent of the others, and the two sides take about as long.
        let by_payments = || {
            let refs = &payments.refs;
            let unapplied = refs.iter().map(|&(c, i)| i.is_none().then_some(c));
            (
                Groups::from_keys(n_inv, refs.iter().map(|&(_, i)| i)),
                Groups::from_keys(n_cust, unapplied),
            )
        };
        let by_invoices = || {
            // The invoices of an order of their own customer, gathered in one pass over
            // the invoices (most name no order).
            let ordered: Vec<(u32, u32)> = (invoices.kept.rows.iter())
                .zip(&invoices.customer)
                .enumerate()
                .filter_map(|(j, (inv, &c))| {
                    let o = orders.row(inv.order_id()?)?;
                    (order_customer[o as usize] == c).then_some((j as u32, o))
                })
                .collect();
            Others {
                write_offs_of_invoice: Groups::from_keys(n_inv, every(&write_off_invoice)),
                disputes_of_invoice: Groups::from_keys(n_inv, every(&dispute_invoice)),
                orders_of_customer: Groups::from_keys(n_cust, every(&order_customer)),
                invoices_of_order: Groups::from_members(orders.rows.len(), ordered.iter().copied()),
                promises_of_customer: Groups::from_keys(
                    n_cust,
                    promises.refs.iter().map(|&(c, _)| Some(c)),
                ),
            }
        };
        let ((payments_of_invoice, unapplied_of_customer), others) =
            side_by_side(threads, by_payments, by_invoices);
        let Others {
            write_offs_of_invoice,
            disputes_of_invoice,
            orders_of_customer,
            invoices_of_order,
            promises_of_customer,
        } = others;
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
