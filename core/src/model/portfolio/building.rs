//! [`Portfolio::build`] a step at a time, so that a host which must keep answering (the
//! dashboard paints between steps) is never blocked for the whole build: the customers;
//! the invoices' customers looked up a given number of rows a step, then the invoices
//! admitted (their own checks, repeated ids) as many rows a step; the payments'
//! customers and invoices looked up, then the payments admitted, a slice at a time; the
//! invoices grouped by customer; the smaller tables; then the portfolio's groups, one a
//! step. No step but the smaller tables' works through a whole table, so a step's
//! length does not grow with the portfolio (BENCHMARKS.md, issue 15, thirtieth pass).
//! The result is the same however it is stepped: the steps are the build's own phases,
//! in its order, a lookup depends on nothing but its row, and an admission judges each
//! row by what the rows before it left ([`validate::InvoiceAdmission`]).

use super::super::validate::{
    self, InvoiceAdmission, Invoices, Kept, Linked, PaymentAdmission, PerRow, Plans, Problems,
    Repeats, Unindexed,
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
    /// The invoices being admitted, a slice of rows a step (one thread; on two, the
    /// admission runs in one step, beside other work: [`Admission::run`]).
    Invoices(Kept<Customer>, InvoiceAdmission),
    /// The invoices admitted; the payments' references looked up so far (and the
    /// repeats of their ids, when a second core found them meanwhile).
    PaymentReferences(Admitted, PerRow<(u32, Option<u32>)>, Option<Repeats>),
    /// The payments being admitted, a slice of rows a step (one thread).
    PaymentAdmission(Admitted, PaymentAdmission),
    /// The payments admitted; the invoices by customer, once grouped.
    Payments(Admitted, Linked<Payment>, Option<Groups>),
    /// Every table checked; the portfolio's groups being built, one a step.
    Checked(Box<Checked>),
}

/// The customers and the invoices admitted, with the customers' segments.
struct Admitted {
    customers: Kept<Customer>,
    invoices: Invoices,
    segments: Segments,
}

/// The segment labels, sorted, and each customer's segment ([`segments`]).
type Segments = (Vec<String>, Vec<u32>);

/// Phases of the checks ([`Building::progress`]): the customers, the invoices'
/// customers, the invoices, the payments' references, the payments, the smaller tables,
/// the portfolio's groups. The lookups and the admissions take as many steps as their
/// rows need, the groups one step each.
pub const BUILD_PHASES: usize = 7;

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
    /// The portfolio's groups built so far ([`Checked::group`]).
    groups: Built,
}

/// The portfolio's groups built so far: by the payments (two), and the others.
#[derive(Default)]
struct Built {
    payments_of_invoice: Option<Groups>,
    unapplied_of_customer: Option<Groups>,
    others: Option<Others>,
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
    /// them ([`crate::threads::in_parts`]), and the admissions and the groups run beside
    /// other work on a second; one by default. The portfolio and the problems are the
    /// same for any number.
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
            customers: c,
            currency,
        };
        let (admitted, rest, early) = admission.run(invoices, cs, problems, rest, payments_of);
        // The payments' references are looked up in one step from here on (a host that
        // steps the build gives its tables with `Building::add_rest`).
        self.stage = Stage::PaymentReferences(admitted, PerRow::with_room(0), early);
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
    /// rows, or admitting at most `rows` rows, in a phase that goes by rows); `true` once
    /// all are done (then only [`Building::finish`] is left, which puts the portfolio
    /// together from what was built).
    pub fn step(&mut self, rows: usize) -> bool {
        if !self.checked() {
            let stage = std::mem::take(&mut self.stage);
            self.stage = self.next(stage, rows.max(1));
        }
        self.checked()
    }

    /// Whether every check ran and every group was built.
    fn checked(&self) -> bool {
        matches!(&self.stage, Stage::Checked(c) if c.grouped())
    }

    /// Phases done, of [`BUILD_PHASES`] (a phase that goes by rows counts as done once
    /// every row is through).
    pub fn progress(&self) -> (usize, usize) {
        let raw = &self.raw;
        let done = match &self.stage {
            Stage::Start => 0,
            Stage::Customers(..) => 1,
            Stage::InvoiceCustomers(_, cs) => 1 + usize::from(cs.len() == raw.invoices.len()),
            Stage::Invoices(..) => 2,
            Stage::PaymentReferences(_, refs, _) => {
                3 + usize::from(refs.len() == raw.payments.len())
            }
            Stage::PaymentAdmission(..) => 4,
            Stage::Payments(..) => 5,
            Stage::Checked(c) => 6 + usize::from(c.grouped()),
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
    /// then the smaller tables, then the groups.
    fn next(&mut self, stage: Stage, rows: usize) -> Stage {
        match stage {
            Stage::Start => Stage::Customers(validate::customers(
                std::mem::take(&mut self.raw.customers),
                &mut self.problems,
            )),
            Stage::Customers(c) => {
                let room = room_for(rows, self.raw.invoices.len());
                Stage::InvoiceCustomers(c, PerRow::with_room(room))
            }
            Stage::InvoiceCustomers(c, cs) => self.invoice_customers(c, cs, rows),
            Stage::Invoices(c, a) => self.invoices(c, a, rows),
            Stage::PaymentReferences(a, refs, early) => {
                self.payment_references(a, refs, early, rows)
            }
            Stage::PaymentAdmission(a, p) => self.payments(a, p, rows),
            Stage::Payments(a, p, None) => {
                let n = a.customers.rows.len();
                let by_customer = Groups::from_keys(n, every(&a.invoices.customer));
                Stage::Payments(a, p, Some(by_customer))
            }
            Stage::Payments(a, p, Some(by_customer)) => self.smaller_tables(a, p, by_customer),
            Stage::Checked(mut c) => {
                c.group(self.threads);
                Stage::Checked(c)
            }
        }
    }

    /// The next `rows` invoices' customers looked up; once all are, the invoices'
    /// admission: in one step beside other work on two threads, otherwise started here
    /// and run a slice at a time.
    fn invoice_customers(&mut self, c: Kept<Customer>, mut cs: PerRow<u32>, rows: usize) -> Stage {
        let (raw, threads) = (&mut self.raw, self.threads);
        if cs.len() == raw.invoices.len() {
            let invoices = std::mem::take(&mut raw.invoices);
            if !side_by_side_runs(threads) {
                return Stage::Invoices(c, InvoiceAdmission::new(invoices, cs));
            }
            let admission = Admission {
                threads,
                customers: c,
                currency: self.currency.known(),
            };
            let payments = raw.payments.as_slice();
            let (admitted, _, early) =
                admission.run(invoices, cs, &mut self.problems, || payments, |p| Some(*p));
            let room = room_for(rows, raw.payments.len());
            return Stage::PaymentReferences(admitted, PerRow::with_room(room), early);
        }
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

    /// The next `rows` invoices admitted (one thread); once all are, the customers'
    /// segments, and the payments' references next.
    fn invoices(&mut self, c: Kept<Customer>, mut a: InvoiceAdmission, rows: usize) -> Stage {
        let currency = self.currency.known();
        if !a.done() {
            a.step(rows, currency);
            return Stage::Invoices(c, a);
        }
        let admitted = Admitted {
            invoices: a.finish(currency, &mut self.problems),
            segments: segments(&c.rows),
            customers: c,
        };
        let room = room_for(rows, self.raw.payments.len());
        Stage::PaymentReferences(admitted, PerRow::with_room(room), None)
    }

    /// The next `rows` payments' references looked up; once all are, the payments'
    /// admission: in one step, the invoices grouped by customer beside it, on two
    /// threads; otherwise started here and run a slice at a time.
    fn payment_references(
        &mut self,
        a: Admitted,
        mut refs: PerRow<(u32, Option<u32>)>,
        early: Option<Repeats>,
        rows: usize,
    ) -> Stage {
        let (raw, threads) = (&mut self.raw, self.threads);
        if refs.len() == raw.payments.len() {
            let payments = std::mem::take(&mut raw.payments);
            if !side_by_side_runs(threads) {
                return Stage::PaymentAdmission(a, PaymentAdmission::new(payments, refs, early));
            }
            // The payments' admission runs on one core; the second groups the
            // invoices by customer meanwhile.
            let (p, by_customer) = side_by_side(
                threads,
                || validate::payments(payments, refs, early, &mut self.problems),
                || Groups::from_keys(a.customers.rows.len(), every(&a.invoices.customer)),
            );
            return Stage::Payments(a, p, Some(by_customer));
        }
        let rest = &raw.payments[refs.len()..];
        let slice = &rest[..rows.min(rest.len())];
        let look_up = |r: &[Payment]| validate::payment_references(r, &a.customers, &a.invoices);
        for part in in_parts(slice, threads, look_up) {
            refs.append(part);
        }
        Stage::PaymentReferences(a, refs, early)
    }

    /// The next `rows` payments admitted (one thread); once all are, the payments kept.
    fn payments(&mut self, a: Admitted, mut p: PaymentAdmission, rows: usize) -> Stage {
        if !p.done() {
            p.step(rows);
            return Stage::PaymentAdmission(a, p);
        }
        Stage::Payments(a, p.finish(&mut self.problems), None)
    }

    /// The smaller tables checked (orders, disputes, write-offs, payment plans,
    /// promises): every table is then checked.
    fn smaller_tables(
        &mut self,
        a: Admitted,
        payments: Linked<Payment>,
        by_customer: Groups,
    ) -> Stage {
        let (raw, problems) = (&mut self.raw, &mut self.problems);
        let (c, i) = (&a.customers, &a.invoices);
        let orders = validate::orders(std::mem::take(&mut raw.orders), c, problems);
        let disputes = validate::disputes(std::mem::take(&mut raw.disputes), i, problems);
        let write_offs = validate::write_offs(std::mem::take(&mut raw.write_offs), i, problems);
        let plans = std::mem::take(&mut raw.payment_plans);
        let plans = validate::payment_plans(plans, c, i, problems);
        let promises = validate::promises(std::mem::take(&mut raw.promises), c, i, problems);
        Stage::Checked(Box::new(Checked {
            customers: a.customers,
            invoices: a.invoices,
            payments,
            segments: a.segments,
            invoices_of_customer: by_customer,
            orders,
            disputes,
            write_offs,
            plans,
            promises,
            groups: Built::default(),
        }))
    }
}

/// The invoices' admission, with what runs beside it.
struct Admission<'a> {
    threads: usize,
    customers: Kept<Customer>,
    /// The portfolio's currency.
    currency: &'a str,
}

impl Admission<'_> {
    /// Admits `invoices` (`validate::invoices`; `cs`: their customers, looked up) on
    /// this core, while the second gets a value from `beside`, finds the repeats of the
    /// ids of the payments `payments_of` gives from it (none: not found ahead), and the
    /// customers' segments: the admission runs on one core, and these fill the other
    /// (BENCHMARKS.md, issue 15, sixteenth pass). For two threads: one thread steps the
    /// admission instead ([`Stage::Invoices`]).
    fn run<T: Send>(
        self,
        invoices: Vec<Invoice>,
        cs: PerRow<u32>,
        problems: &mut Problems,
        beside: impl Fn() -> T + Sync,
        payments_of: impl Fn(&T) -> Option<&[Payment]> + Sync,
    ) -> (Admitted, T, Option<Repeats>) {
        let customers = &self.customers;
        let (invoices, (value, early, segments)) = side_by_side(
            self.threads,
            || validate::invoices(invoices, cs, self.currency, problems),
            || {
                let value = beside();
                let early = payments_of(&value).map(Repeats::of);
                (value, early, segments(&customers.rows))
            },
        );
        let admitted = Admitted {
            customers: self.customers,
            invoices,
            segments,
        };
        (admitted, value, early)
    }
}

/// The room a lookup of `all` rows makes for its results when it runs `rows` rows a
/// step ([`PerRow::with_room`]): all of them when it takes several steps, none when one
/// step does it all.
fn room_for(rows: usize, all: usize) -> usize {
    if rows < all { all } else { 0 }
}

impl Checked {
    /// Whether every group of the portfolio was built.
    fn grouped(&self) -> bool {
        let g = &self.groups;
        g.payments_of_invoice.is_some() && g.unapplied_of_customer.is_some() && g.others.is_some()
    }

    /// Builds the next of the portfolio's groups; on two threads all of them at once,
    /// those by the payments on one core and the others (the invoices' orders, the
    /// smaller tables') on the second: each group is a pass over its table,
    /// independent of the others, and the two sides take about as long.
    fn group(&mut self, threads: usize) {
        let g = &self.groups;
        let nothing_yet = g.payments_of_invoice.is_none()
            && g.unapplied_of_customer.is_none()
            && g.others.is_none();
        if nothing_yet && side_by_side_runs(threads) {
            let by_payments = || (self.payments_of_invoice(), self.unapplied_of_customer());
            let ((of_invoice, unapplied), others) =
                side_by_side(threads, by_payments, || self.others());
            self.groups = Built {
                payments_of_invoice: Some(of_invoice),
                unapplied_of_customer: Some(unapplied),
                others: Some(others),
            };
        } else if g.payments_of_invoice.is_none() {
            self.groups.payments_of_invoice = Some(self.payments_of_invoice());
        } else if g.unapplied_of_customer.is_none() {
            self.groups.unapplied_of_customer = Some(self.unapplied_of_customer());
        } else if g.others.is_none() {
            self.groups.others = Some(self.others());
        }
    }

    /// The payments of each invoice.
    fn payments_of_invoice(&self) -> Groups {
        let refs = &self.payments.refs;
        Groups::from_keys(self.invoices.kept.rows.len(), refs.iter().map(|&(_, i)| i))
    }

    /// The payments of each customer applied to no invoice.
    fn unapplied_of_customer(&self) -> Groups {
        let refs = &self.payments.refs;
        let unapplied = refs.iter().map(|&(c, i)| i.is_none().then_some(c));
        Groups::from_keys(self.customers.rows.len(), unapplied)
    }

    /// The groups other than the payments' and the invoices by customer.
    fn others(&self) -> Others {
        let (invoices, orders) = (&self.invoices, &self.orders.0);
        let order_customer = &self.orders.1;
        let n_inv = invoices.kept.rows.len();
        let n_cust = self.customers.rows.len();
        // The invoices of an order of their own customer, gathered in one pass over the
        // invoices (most name no order).
        let ordered: Vec<(u32, u32)> = (invoices.kept.rows.iter())
            .zip(&invoices.customer)
            .enumerate()
            .filter_map(|(j, (inv, &c))| {
                let o = orders.row(inv.order_id()?)?;
                (order_customer[o as usize] == c).then_some((j as u32, o))
            })
            .collect();
        Others {
            write_offs_of_invoice: Groups::from_keys(n_inv, every(&self.write_offs.1)),
            disputes_of_invoice: Groups::from_keys(n_inv, every(&self.disputes.1)),
            orders_of_customer: Groups::from_keys(n_cust, every(order_customer)),
            invoices_of_order: Groups::from_members(orders.rows.len(), ordered.iter().copied()),
            promises_of_customer: Groups::from_keys(
                n_cust,
                self.promises.refs.iter().map(|&(c, _)| Some(c)),
            ),
        }
    }

    /// The portfolio of the rows kept, with its indexes (the groups not built yet
    /// built here).
    fn portfolio(mut self, currency: String, threads: usize) -> Portfolio {
        if !self.grouped() {
            self.group(threads);
        }
        let groups = std::mem::take(&mut self.groups);
        let payments_of_invoice =
            (groups.payments_of_invoice).unwrap_or_else(|| self.payments_of_invoice());
        let unapplied_of_customer =
            (groups.unapplied_of_customer).unwrap_or_else(|| self.unapplied_of_customer());
        let others = groups.others.unwrap_or_else(|| self.others());
        let Checked {
            customers,
            invoices,
            payments,
            segments: (segments, customer_segment),
            invoices_of_customer,
            orders: (orders, _),
            disputes: (disputes, _),
            write_offs: (write_offs, _),
            plans,
            promises,
            groups: _,
        } = self;
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
