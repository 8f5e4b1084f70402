//! Properties of dunning runs on generated portfolios: any sequence of runs, with the
//! actions fed back, sends each kind of step at most once per invoice, even when the
//! customer's risk class (and so its process) changes between runs, and never two
//! levels in one run (the default catch-up); no letter claims more than the account's
//! net open balance; no cost reaches a consumer before the waiting period of a free
//! reminder sent after the due date has run; a rerun on the same day returns nothing.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use rappel_core::collections::dunning::{self, History};
use rappel_core::collections::fees::consumer_notice::{
    Delivery, Jurisdiction, costs_chargeable_from,
};
use rappel_core::collections::policy::{self, PolicyFormat, StepKind};
use rappel_core::generate::{Config, generate};
use rappel_core::model::Portfolio;
use rust_decimal::Decimal;

const WHOLESALE: &str = include_str!("../../examples/policies/wholesale.toml");

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn each_step_at_most_once_per_invoice(seed in 0u64..1000, gaps in prop::collection::vec(1u64..12, 1..8)) {
        let cfg = Config { customers: 40, invoices: 600, seed, end: NaiveDate::from_ymd_opt(2026, 6, 30).unwrap(), months: 6, ..Config::default() };
        let (p, problems) = Portfolio::build(generate(&cfg), None);
        prop_assert!(problems.is_empty());
        let pol = policy::parse(WHOLESALE, PolicyFormat::Toml).unwrap();
        let mut history = History::default();
        let mut day = NaiveDate::from_ymd_opt(2026, 5, 1).unwrap();
        let mut sent: BTreeMap<(String, StepKind), NaiveDate> = BTreeMap::new();
        // A line's own step is its level in the action's process (one letter at the
        // highest level due carries the customer's other invoices at their own levels).
        let kind_of = |process: &str, level: usize| {
            pol.process(process)
                .and_then(|pr| pr.steps.get(level - 1))
                .and_then(|s| s.kind)
                .expect("every step of the example has a kind")
        };
        for g in gaps {
            day = day.checked_add_days(Days::new(g)).unwrap();
            let r = dunning::run(&p, &pol, &history, day).unwrap();
            let mut levels_now: BTreeMap<&str, usize> = BTreeMap::new();
            for a in &r.actions {
                for l in a.invoices.iter().filter(|l| l.advanced) {
                    let kind = kind_of(&a.process, l.level);
                    prop_assert!(sent.insert((l.invoice_id.clone(), kind), day).is_none(),
                        "{} {:?} sent twice", l.invoice_id, kind);
                    *levels_now.entry(&l.invoice_id).or_default() += 1;
                    // Paid or credited invoices never get a reminder.
                    prop_assert!(l.balance > rust_decimal::Decimal::ZERO);
                }
                // No letter claims more than the account's net open balance (open
                // invoices less unapplied cash and open credit notes).
                let c = p.customer_index(&a.customer_id).unwrap();
                prop_assert!(a.total <= net_open(&p, c, day), "{} claims {} > net {}", a.action_id, a.total, net_open(&p, c, day));
                // No cost to a consumer before the end of the waiting period opened by a
                // free reminder sent after the due date.
                if p.customers()[c].b2c && !a.fee.amount.is_zero() {
                    for l in a.invoices.iter().filter(|l| l.fee_rule.is_some()) {
                        let opened = history.entries.iter().filter(|e| {
                            e.invoice_id == l.invoice_id && e.advanced && e.fee_rule.is_none()
                                && e.date > l.due_date && e.channel.informs_customer()
                        });
                        let lawful = opened.into_iter().any(|e| {
                            costs_chargeable_from(Jurisdiction::Be, e.date, Delivery::from(e.channel)) <= day
                        });
                        prop_assert!(lawful, "{} charged {} on {} to a consumer before its lawful date", a.action_id, a.fee.amount, l.invoice_id);
                    }
                }
            }
            for (inv, n) in levels_now {
                prop_assert!(n == 1, "{inv} advanced {n} levels in one run");
            }
            history.record(&r.actions);
            let again = dunning::run(&p, &pol, &history, day).unwrap();
            prop_assert!(again.actions.is_empty());
        }
        prop_assert!(!sent.is_empty(), "the runs must have sent something");
    }
}

/// Customer `c`'s open invoices at `d` less its unapplied cash and open credit notes.
fn net_open(p: &Portfolio, c: usize, d: NaiveDate) -> Decimal {
    let mut open = Decimal::ZERO;
    let mut credit = p.unapplied_cash_at(c, d).max(Decimal::ZERO);
    for &i in p.invoices_of_customer(c) {
        let i = i as usize;
        if p.invoices()[i].issue_date > d {
            continue;
        }
        let b = p.balance_at(i, d);
        if p.invoices()[i].amount <= Decimal::ZERO {
            credit += (-b).max(Decimal::ZERO);
        } else {
            open += b.max(Decimal::ZERO);
        }
    }
    (open - credit).max(Decimal::ZERO)
}
