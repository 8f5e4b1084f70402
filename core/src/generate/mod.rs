//! A deterministic synthetic portfolio: the embedded demo data and the benchmark load.
//!
//! Customers fall into 12 segments (sector × internal risk class A–D, as the 12 dunning
//! processes of seed 000) and each has a payment habit: early, on time, "always on the last
//! day of the month", late, very late or defaulting. The data include credit notes (with
//! their clearing against the invoice), partial and short payments, direct debits and
//! their reversals, unapplied cash, disputes with assessment and resolution dates,
//! write-offs of defaulted invoices and open orders. The same [`Config`] always gives the
//! same tables, on every build (integer arithmetic and a portable ChaCha8 stream only).

pub mod camt;
pub mod coda;
mod dice;
mod names;
pub mod statements;

use chrono::{Datelike, Days, Months, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

pub use dice::Dice;

use crate::kpi::{days_in_month, last_of_month};
use crate::model::{
    CurrencyCode, Customer, Dispute, Id, Invoice, Language, Order, Payment, PaymentMethod, Sector,
    Tables, WriteOff,
};

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Config {
    /// Number of customers.
    pub customers: u32,
    /// Number of invoices (credit notes come on top).
    pub invoices: u32,
    /// Seed of the pseudo-random stream.
    pub seed: u64,
    /// Last day of the data ("today" of the generated world).
    pub end: NaiveDate,
    /// Months of invoice history before `end`.
    pub months: u32,
    /// Currency of all amounts.
    pub currency: CurrencyCode,
    /// When set, every customer pays with this habit and none by direct debit: a
    /// portfolio with known behaviour, for testing calibration. The other draws are the
    /// same as without it.
    #[serde(default)]
    pub habit: Option<Habit>,
}

impl Default for Config {
    /// The embedded demo portfolio: 2,000 customers, 50,000 invoices, seed 42, 24 months
    /// ending 2026-06-30.
    fn default() -> Self {
        Config {
            customers: 2_000,
            invoices: 50_000,
            seed: 42,
            end: NaiveDate::from_ymd_opt(2026, 6, 30).unwrap_or_default(),
            months: 24,
            currency: CurrencyCode::EUR,
            habit: None,
        }
    }
}

/// How a customer pays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Habit {
    /// Well before the due date.
    Early,
    /// Within a few days of the due date.
    OnTime,
    /// On the last day of the month in which the invoice falls due.
    EndOfMonth,
    /// 5–40 days late.
    Late,
    /// 30–150 days late.
    VeryLate,
    /// Often never pays; unpaid invoices are written off.
    Defaulting,
}

const HABITS: [Habit; 6] = [
    Habit::Early,
    Habit::OnTime,
    Habit::EndOfMonth,
    Habit::Late,
    Habit::VeryLate,
    Habit::Defaulting,
];

/// Habit weights per risk class A–D (per mille).
const HABIT_WEIGHTS: [[u32; 6]; 4] = [
    [300, 500, 150, 50, 0, 0],
    [50, 350, 200, 350, 50, 0],
    [0, 100, 100, 450, 320, 30],
    [0, 50, 100, 400, 300, 150],
];

const RISK_CLASSES: [char; 4] = ['A', 'B', 'C', 'D'];

struct Profile {
    sector: Sector,
    risk: usize,
    habit: Habit,
    direct_debit: bool,
    jitter: i64,
}

/// Generates a portfolio. Every reference in the result is valid: building a
/// [`crate::model::Portfolio`] from it reports no problem.
pub fn generate(cfg: &Config) -> Tables {
    let mut g = Generation::new(cfg);
    while !g.step(usize::MAX) {}
    g.finish()
}

/// One invoice to be: drawn first for every customer, then numbered in date order.
struct Draft {
    issue: NaiveDate,
    customer: u32,
    cents: i64,
    terms: u64,
}

/// A portfolio generated a slice at a time, so that a user interface can show progress
/// and stay responsive while the 1 M-invoice demo is made (the dashboard does this).
/// `new`, then `step` until it says done, then `finish`: the tables are exactly those of
/// [`generate`] with the same [`Config`], whatever the slice sizes.
pub struct Generation {
    cfg: Config,
    d: Dice,
    end: NaiveDate,
    t: Tables,
    customers: Vec<Customer>,
    profiles: Vec<Profile>,
    weights: Vec<u64>,
    drafts: Vec<Draft>,
    /// Until every draft is drawn and ordered.
    drawing: Option<Drawing>,
    /// Invoices in all (the drafts, once drawn).
    total: usize,
    next: usize,
    seq: u64,
    credit_notes: Vec<Invoice>,
}

/// The drafts being drawn: how many invoices each customer gets, the next customer to
/// draw, the first day of the history.
struct Drawing {
    counts: Vec<u64>,
    customer: usize,
    start: NaiveDate,
}

impl Generation {
    /// Draws the customers and how many invoices each gets (the quick part; the
    /// invoices' dates, amounts and terms are drawn by the first steps).
    pub fn new(cfg: &Config) -> Generation {
        let mut d = Dice::new(cfg.seed);
        let end = cfg.end;
        let start = end
            .checked_sub_months(Months::new(cfg.months.max(1)))
            .unwrap_or(end);
        let mut t = Tables::default();
        let mut profiles = Vec::with_capacity(cfg.customers as usize);
        let mut weights = Vec::with_capacity(cfg.customers as usize);

        for n in 0..cfg.customers {
            let sector = Sector::ALL[d.weighted(&[55, 25, 20])];
            let risk = d.weighted(&[40, 30, 20, 10]);
            let habit = HABITS[d.weighted(&HABIT_WEIGHTS[risk])];
            let size: u64 = 1 << d.weighted(&[50, 25, 13, 7, 3, 2]);
            let lifecycle = d.below(1000);
            let since = if lifecycle < 10 {
                // inflow: account opened, no invoice yet
                end - Days::new(d.below(30))
            } else if lifecycle < 70 {
                // new: first invoice less than three months ago
                end - Days::new(d.range(0, 88) as u64)
            } else {
                end - Days::new(d.range(120, 3650) as u64)
            };
            let base: i64 = match sector {
                Sector::Residential => 2_500,
                Sector::Tertiary => 10_000,
                Sector::Industrial => 25_000,
            };
            let limit = if d.chance(30) {
                None
            } else if risk == 3 && d.chance(300) {
                Some(Decimal::ZERO)
            } else {
                let scaled = base * size as i64 * [4, 3, 2, 1][risk];
                Some(Decimal::from(scaled / 500 * 500))
            };
            let b2c = sector == Sector::Residential && d.chance(350);
            let language = Language::ALL[d.weighted(&[55, 35, 6, 4])];
            let direct_debit = if b2c { d.chance(700) } else { d.chance(150) };
            let (habit, direct_debit) = match cfg.habit {
                Some(h) => (h, false),
                None => (habit, direct_debit),
            };
            let active_from = since.max(start);
            let active_days = (end - active_from).num_days().max(0) as u64;
            let industrial_boost = if sector == Sector::Industrial { 2 } else { 1 };
            weights.push(if lifecycle < 10 {
                0
            } else {
                size * industrial_boost * active_days.max(1)
            });
            t.customers.push(Customer {
                customer_id: Id::from(format!("C{:06}", n + 1)),
                name: names::name(&mut d, sector, n),
                segment: format!("{}-{}", sector.as_str(), RISK_CLASSES[risk]),
                sector: Some(sector),
                credit_limit: limit,
                customer_since: since,
                language: Some(language),
                b2c,
                status: Default::default(),
                external_score: None,
                // The creditor's country: a domestic book.
                country: None,
                // Four customers in five have their account on file.
                ibans: if (n + 1) % 5 != 0 {
                    vec![statements::customer_iban(n as u64 + 1)]
                } else {
                    Vec::new()
                },
            });
            profiles.push(Profile {
                sector,
                risk,
                habit,
                direct_debit,
                jitter: d.range(-2, 2),
            });
        }

        // Apportion invoices to customers by weight, exactly `cfg.invoices` in all.
        let total_w: u128 = weights.iter().map(|&w| u128::from(w)).sum();
        let mut counts: Vec<u64> = weights
            .iter()
            .map(|&w| {
                (u128::from(cfg.invoices) * u128::from(w))
                    .checked_div(total_w)
                    .unwrap_or(0) as u64
            })
            .collect();
        let mut missing = u64::from(cfg.invoices).saturating_sub(counts.iter().sum());
        let mut c = 0;
        while missing > 0 && total_w > 0 {
            if weights[c] > 0 {
                counts[c] += 1;
                missing -= 1;
            }
            c = (c + 1) % weights.len();
        }

        let total = counts.iter().sum::<u64>() as usize;
        let customers = std::mem::take(&mut t.customers);
        Generation {
            cfg: cfg.clone(),
            d,
            end,
            t,
            customers,
            profiles,
            weights,
            drafts: Vec::with_capacity(total),
            drawing: Some(Drawing {
                counts,
                customer: 0,
                start,
            }),
            total,
            next: 0,
            seq: 0,
            credit_notes: Vec::new(),
        }
    }

    /// Draws the drafts of the next customers, at least `invoices` of them (customer by
    /// customer, in order, as one pass would); every customer drawn, numbers them in date
    /// order and makes room for the tables. A step each: a million drafts are drawn in
    /// ~30 ms and sorted in ~30 ms natively, twice that in the page.
    fn draw(&mut self, invoices: usize) {
        let Some(w) = &mut self.drawing else {
            return;
        };
        if w.customer < w.counts.len() {
            let goal = self.drafts.len().saturating_add(invoices.max(1));
            while w.customer < w.counts.len() && self.drafts.len() < goal {
                let ci = w.customer;
                let prof = &self.profiles[ci];
                let from = self.customers[ci].customer_since.max(w.start);
                let days = (self.end - from).num_days().max(0) as u64;
                let d = &mut self.d;
                for _ in 0..w.counts[ci] {
                    let (lo, levels): (i64, u64) = match prof.sector {
                        Sector::Residential => (5_000, 6),
                        Sector::Tertiary => (20_000, 6),
                        Sector::Industrial => (50_000, 7),
                    };
                    let k = d.below(levels);
                    let cents = d.range(lo << k, lo << (k + 1));
                    let terms = match prof.sector {
                        Sector::Residential => [14, 30][d.weighted(&[40, 60])],
                        Sector::Tertiary => [30, 60][d.weighted(&[70, 30])],
                        Sector::Industrial => [30, 60, 90][d.weighted(&[50, 40, 10])],
                    };
                    self.drafts.push(Draft {
                        issue: from + Days::new(d.below(days + 1)),
                        customer: ci as u32,
                        cents,
                        terms,
                    });
                }
                w.customer += 1;
            }
            return;
        }
        self.drafts.sort_by_key(|x| (x.issue, x.customer));
        // Room for an invoice and about a payment per draft at once: no table copied as
        // it grows (in the page a copy of tens of MB made one step a frame long).
        let n = self.drafts.len();
        self.t.invoices.reserve(n + n / 20);
        self.t.payments.reserve(n);
        self.drawing = None;
    }

    /// Invoices made so far, and in all.
    pub fn progress(&self) -> (usize, usize) {
        (self.next, self.total)
    }

    /// Draws the next drafts (at first: the invoices' dates, amounts and terms, then
    /// their order), or makes up to `invoices` more invoices with their payments, credit
    /// notes, disputes and write-offs; true when every invoice is made.
    pub fn step(&mut self, invoices: usize) -> bool {
        if self.drawing.is_some() {
            self.draw(invoices);
            return false;
        }
        let Generation {
            cfg,
            d,
            end,
            t,
            customers,
            profiles,
            drafts,
            next,
            seq,
            credit_notes,
            ..
        } = self;
        let end = *end;
        let stop = next.saturating_add(invoices).min(drafts.len());
        let money = |cents: i64| Decimal::new(cents, 2);
        let mut next_id = |prefix: &str| {
            *seq += 1;
            Id::from(format!("{prefix}{:07}", *seq))
        };
        for (n, dr) in drafts.iter().enumerate().take(stop).skip(*next) {
            let prof = &profiles[dr.customer as usize];
            let cust = &customers[dr.customer as usize];
            let invoice_id = Id::from(format!("INV{:07}", n + 1));
            let due = dr.issue + Days::new(dr.terms);
            let mut open = dr.cents;
            let payment = |t: &mut Tables, id: Id, inv: Option<&str>, date, cents, method, rev| {
                t.payments.push(Payment {
                    payment_id: id,
                    customer_id: cust.customer_id.clone(),
                    invoice_id: inv.map(Id::from),
                    payment_date: date,
                    amount: money(cents),
                    method,
                    reversed_on: rev,
                    payer_iban: None,
                })
            };

            // Credit note, cleared against the invoice on its date.
            if d.chance(25) {
                let cn_date = dr.issue + Days::new(d.range(2, 20) as u64);
                if cn_date <= end {
                    let cn_cents = if d.chance(400) {
                        dr.cents
                    } else {
                        dr.cents * d.range(10, 60) / 100
                    };
                    let cn_id = Id::from(format!("CN{:07}", credit_notes.len() + 1));
                    credit_notes.push(Invoice {
                        invoice_id: cn_id.clone(),
                        customer_id: cust.customer_id.clone(),
                        issue_date: cn_date,
                        due_date: cn_date,
                        amount: money(-cn_cents),
                        currency: cfg.currency,
                        references: None,
                    });
                    let (a, b) = (next_id("CLR"), next_id("CLR"));
                    payment(
                        t,
                        a,
                        Some(&invoice_id),
                        cn_date,
                        cn_cents,
                        PaymentMethod::Other,
                        None,
                    );
                    payment(
                        t,
                        b,
                        Some(&cn_id),
                        cn_date,
                        -cn_cents,
                        PaymentMethod::Other,
                        None,
                    );
                    open -= cn_cents;
                }
            }

            // Dispute: delays payment until resolved.
            let mut dispute_delay = 0i64;
            let dispute_chance = if prof.risk >= 2 { 30 } else { 15 };
            if d.chance(dispute_chance) {
                let opened = dr.issue + Days::new(d.range(3, dr.terms as i64 + 10) as u64);
                if opened <= end {
                    let assess_roll = d.below(100);
                    let assessed = match assess_roll {
                        0..=74 => Some(opened + Days::new(d.range(0, 2) as u64)),
                        75..=94 => Some(opened + Days::new(d.range(3, 6) as u64)),
                        _ => None,
                    }
                    .filter(|a| *a <= end);
                    let resolved = assessed
                        .map(|a| a + Days::new(d.range(2, 45) as u64))
                        .filter(|r| *r <= end);
                    let outcome = resolved.map(|_| {
                        ["credit_note", "rejected", "miscommunication"][d.weighted(&[30, 30, 40])]
                    });
                    dispute_delay = match resolved {
                        Some(r) => (r - opened).num_days(),
                        None => 400,
                    };
                    t.disputes.push(Dispute {
                        dispute_id: format!("D{:07}", t.disputes.len() + 1),
                        invoice_id: invoice_id.to_string(),
                        opened_on: opened,
                        assessed_on: assessed,
                        resolved_on: resolved,
                        outcome: outcome.map(str::to_string),
                    });
                }
            }

            if open > 0 {
                let never = prof.habit == Habit::Defaulting && d.chance(450);
                let delay: i64 = match prof.habit {
                    Habit::Early => -d.range(1, (dr.terms as i64 - 1).max(1)),
                    Habit::OnTime => d.range(-3, 2),
                    Habit::EndOfMonth => {
                        let mut target = last_of_month(due);
                        if due.day() + 3 > days_in_month(due) {
                            target = last_of_month(target + Days::new(1));
                        }
                        (target - due).num_days()
                    }
                    Habit::Late => d.range(5, 40),
                    Habit::VeryLate => d.range(30, 150),
                    Habit::Defaulting => d.range(60, 200),
                };
                let jitter = if prof.habit == Habit::EndOfMonth {
                    0
                } else {
                    prof.jitter
                };
                let pay_date = (due + Days::new(0))
                    .checked_add_signed(chrono::Duration::days(delay + jitter + dispute_delay))
                    .unwrap_or(due)
                    .max(dr.issue);
                if never {
                    let wo_date = due + Days::new(d.range(180, 270) as u64);
                    if wo_date <= end && d.chance(850) {
                        t.write_offs.push(WriteOff {
                            invoice_id: invoice_id.to_string(),
                            written_off_on: wo_date,
                            amount: money(open),
                        });
                    }
                } else if prof.direct_debit && dispute_delay == 0 {
                    // Collected on the due date; some are reversed and paid again by transfer.
                    if due <= end {
                        let reversal = d.chance(if prof.risk >= 2 { 100 } else { 30 });
                        let rev = reversal.then(|| due + Days::new(d.range(2, 8) as u64));
                        let rev = rev.filter(|r| *r <= end);
                        let id = next_id("PAY");
                        payment(
                            t,
                            id,
                            Some(&invoice_id),
                            due,
                            open,
                            PaymentMethod::DirectDebit,
                            rev,
                        );
                        if let Some(r) = rev {
                            let again = r + Days::new(d.range(7, 45) as u64);
                            if again <= end {
                                let id = next_id("PAY");
                                payment(
                                    t,
                                    id,
                                    Some(&invoice_id),
                                    again,
                                    open,
                                    PaymentMethod::Transfer,
                                    None,
                                );
                            }
                        }
                    }
                } else {
                    let method = if cust.b2c && d.chance(300) {
                        PaymentMethod::Card
                    } else {
                        PaymentMethod::Transfer
                    };
                    // Cash not yet matched to its invoice: only recent payments are still
                    // unapplied; older ones have long been matched by the bookkeeper.
                    let recent = pay_date + Days::new(45) > end;
                    let applied = if recent && d.chance(60) {
                        None
                    } else {
                        Some(invoice_id.as_str())
                    };
                    let roll = d.below(1000);
                    if roll < 50 {
                        // Two instalments.
                        let first = open * d.range(30, 70) / 100;
                        let first_date =
                            (pay_date - Days::new(d.range(5, 20) as u64)).max(dr.issue);
                        if first_date <= end {
                            let id = next_id("PAY");
                            payment(t, id, applied, first_date, first, method, None);
                        }
                        if pay_date <= end {
                            let id = next_id("PAY");
                            payment(t, id, applied, pay_date, open - first, method, None);
                        }
                    } else if roll < 60 && open > 1_000 && applied.is_some() {
                        // Short payment; the difference is written off later.
                        let short = d.range(1, 500);
                        if pay_date <= end {
                            let id = next_id("PAY");
                            payment(t, id, applied, pay_date, open - short, method, None);
                            let wo = pay_date + Days::new(d.range(10, 60) as u64);
                            if wo <= end {
                                t.write_offs.push(WriteOff {
                                    invoice_id: invoice_id.to_string(),
                                    written_off_on: wo,
                                    amount: money(short),
                                });
                            }
                        }
                    } else if pay_date <= end {
                        let id = next_id("PAY");
                        payment(t, id, applied, pay_date, open, method, None);
                    }
                }
            }

            t.invoices.push(Invoice {
                invoice_id,
                customer_id: cust.customer_id.clone(),
                issue_date: dr.issue,
                due_date: due,
                amount: money(dr.cents),
                currency: cfg.currency,
                references: None,
            });
        }
        *next = stop;
        stop == drafts.len()
    }

    /// The tables, with the open orders added (call after `step` said done; invoices not
    /// yet made are made first).
    pub fn finish(mut self) -> Tables {
        while !self.step(usize::MAX) {}
        let Generation {
            mut d,
            end,
            mut t,
            customers,
            weights,
            credit_notes,
            ..
        } = self;
        let money = |cents: i64| Decimal::new(cents, 2);
        t.invoices.extend(credit_notes);
        t.customers = customers;

        // Orders: open ones in the last three weeks, and some already invoiced.
        for (ci, cust) in t.customers.iter().enumerate() {
            let inflow = weights[ci] == 0;
            if !(inflow || d.chance(120)) {
                continue;
            }
            for _ in 0..d.range(1, 3) {
                let date = end - Days::new(d.below(21));
                let invoiced = (!inflow && d.chance(250)).then(|| date + Days::new(d.below(5)));
                t.orders.push(Order {
                    order_id: format!("O{:07}", t.orders.len() + 1),
                    customer_id: cust.customer_id.to_string(),
                    order_date: date,
                    amount: money(d.range(10_000, 2_000_000)),
                    invoiced_on: invoiced.filter(|x| *x <= end),
                });
            }
        }

        // In date order, the generation's order kept among payments of one day. The keys
        // (a date and a row number, 8 bytes) are sorted and the rows moved once, where
        // sorting the 112-byte rows themselves moved each many times: 1 M payments in
        // ~80 ms instead of ~180 ms natively (in the page this step was the 1 M demo's
        // longest frame).
        t.payments.sort_by_cached_key(|p| p.payment_date);
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Portfolio;

    #[test]
    fn same_seed_same_portfolio_and_all_references_valid() {
        let cfg = Config {
            customers: 200,
            invoices: 3_000,
            ..Config::default()
        };
        let a = generate(&cfg);
        let b = generate(&cfg);
        assert_eq!(a, b);
        assert_eq!(a.customers.len(), 200);
        let real = a
            .invoices
            .iter()
            .filter(|i| i.invoice_id.starts_with("INV"))
            .count();
        assert_eq!(real, 3_000);
        let (p, problems) = Portfolio::build(a, None);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(p.segments().len(), 12);
        let other = generate(&Config { seed: 7, ..cfg });
        assert_ne!(other.invoices, p.invoices());
    }

    #[test]
    fn slices_of_any_size_give_the_same_tables() {
        let cfg = Config {
            customers: 150,
            invoices: 4_000,
            seed: 9,
            ..Config::default()
        };
        let whole = generate(&cfg);
        for slice in [1, 7, 1_000, 3_999, 4_000] {
            let mut g = Generation::new(&cfg);
            // The drafts drawn first (a customer's at a time, at least `slice` a step,
            // then ordered: nothing made yet), then `slice` invoices made a step.
            let (mut drawing, mut made) = (0, 0);
            while !g.step(slice) {
                let (done, all) = g.progress();
                assert_eq!(all, 4_000);
                if done == 0 {
                    drawing += 1;
                } else {
                    assert_eq!(done, (made + slice).min(4_000), "slices of {slice}");
                    made = done;
                }
            }
            // 150 customers: at most 150 steps drawing and one ordering.
            assert!((2..=151).contains(&drawing), "{drawing} drawing steps");
            assert_eq!(g.progress(), (4_000, 4_000));
            assert_eq!(g.finish(), whole, "slices of {slice}");
        }
        // finish() makes what step() has not made yet.
        assert_eq!(Generation::new(&cfg).finish(), whole);
    }

    #[test]
    fn the_portfolio_has_every_feature() {
        let t = generate(&Config {
            customers: 300,
            invoices: 10_000,
            ..Config::default()
        });
        assert!(t.invoices.iter().any(|i| i.is_credit_note()));
        assert!(t.payments.iter().any(|p| p.invoice_id.is_none()));
        assert!(t.payments.iter().any(|p| p.reversed_on.is_some()));
        assert!(
            t.payments
                .iter()
                .any(|p| p.method == PaymentMethod::DirectDebit)
        );
        assert!(!t.disputes.is_empty());
        assert!(t.disputes.iter().any(|d| d.resolved_on.is_none()));
        assert!(!t.write_offs.is_empty());
        assert!(t.orders.iter().any(|o| o.invoiced_on.is_none()));
        assert!(t.customers.iter().any(|c| c.credit_limit.is_none()));
    }
}
