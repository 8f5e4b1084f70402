//! [`Portfolio::build`] a step at a time, so that a host which must keep answering (the
//! dashboard paints between steps) is never blocked for the whole build: the customers;
//! the invoices' customers looked up a given number of rows a step, then the invoices
//! admitted (their own checks, repeated ids) as many rows a step; the payments'
//! customers and invoices looked up, then the payments admitted, a slice at a time; the
//! smaller tables; then the portfolio's groups (the payments by invoice, the invoices by
//! customer, …), a slice of rows a step. Besides the smaller tables, only the cheap
//! passes between these (an allocation, a running sum, the rows compacted after a
//! refusal, the customers' segments) take a whole table in one step: at 10 M invoices
//! no step takes much over 100 ms natively, where the admissions and the groups took up
//! to 300 ms each (BENCHMARKS.md, issue 15, thirtieth pass). The result is the same
//! however it is stepped: the steps are the build's own phases, in its order, a lookup
//! depends on nothing but its row, an admission judges each row by what the rows before
//! it left ([`validate::InvoiceAdmission`]), and a group places its members in their
//! rows' order.

use super::super::validate::{
    self, InvoiceAdmission, Invoices, Kept, Linked, PaymentAdmission, PerRow, Problems, Repeats,
};
use super::super::{Customer, Invoice, Payment};
use super::groups::{Groups, owned};
use super::{CurrencyCount, Portfolio, Tables, segments};
use crate::model::RowProblem;
use crate::threads::{in_parts, side_by_side, side_by_side_runs};

mod checked;

use checked::{Checked, Grouped};

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
    /// The payments admitted; the invoices by customer, when they were grouped beside
    /// the admission (two threads).
    Payments(Admitted, Linked<Payment>, Option<Groups>),
    /// Every table checked; the portfolio's groups being built.
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
/// the portfolio's groups. The lookups, the admissions and the groups take as many steps
/// as their rows need.
pub const BUILD_PHASES: usize = 7;

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
    /// rows, admitting at most `rows` rows, or going through at most eight times `rows`
    /// rows of a table for one of the portfolio's groups, whose rows cost an eighth of a
    /// lookup's or less); `true` once all are done (then only [`Building::finish`] is
    /// left, which puts the portfolio together from what was built).
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
            Stage::Payments(a, p, by_customer) => self.smaller_tables(a, p, by_customer),
            Stage::Checked(mut c) => {
                c.group(self.threads, rows);
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
                || Groups::of(a.customers.rows.len(), &a.invoices.customer, owned),
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
    /// promises): every table is then checked, and the groups come next (the invoices
    /// by customer among them, unless `by_customer` has them).
    fn smaller_tables(
        &mut self,
        a: Admitted,
        payments: Linked<Payment>,
        by_customer: Option<Groups>,
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
            orders,
            disputes,
            write_offs,
            plans,
            promises,
            grouped: Grouped::new(by_customer),
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
    /// (BENCHMARKS.md, issue 15, sixteenth pass). Only where a second core runs: on one
    /// thread the build steps the admission instead ([`Stage::Invoices`]).
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
