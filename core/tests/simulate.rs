//! The credit-policy simulator: deterministic for a seed, a scenario equal to the
//! baseline gives the baseline's figures, and stricter or looser policies move the
//! simulated KPIs the way a credit manager expects.

mod common;

use common::date;
use rappel_core::collections::policy::{self, Channel, Policy, PolicyFormat};
use rappel_core::generate::{Config, generate};
use rappel_core::model::Portfolio;
use rappel_core::risk::simulate::{
    Levers, PreDueReminder, Report, Scenario, ScenarioResult, Settings, simulate,
};
use rust_decimal::Decimal;

const WHOLESALE: &str = include_str!("../../examples/policies/wholesale.toml");

fn portfolio() -> Portfolio {
    let (p, problems) = Portfolio::build(
        generate(&Config {
            customers: 300,
            invoices: 8_000,
            seed: 11,
            ..Config::default()
        }),
        None,
    );
    assert!(problems.is_empty());
    p
}

fn base() -> Policy {
    policy::parse(WHOLESALE, PolicyFormat::Toml).unwrap()
}

fn run(p: &Portfolio, variants: &[(&str, Levers)], seed: u64, runs: u32) -> Report {
    let b = base();
    let mut scenarios = vec![Scenario {
        name: "baseline".into(),
        policy: b.clone(),
    }];
    for (name, l) in variants {
        let policy = l.apply(&b);
        assert!(
            policy::validate(&policy).is_empty(),
            "{name}: {:?}",
            policy::validate(&policy)
        );
        scenarios.push(Scenario {
            name: (*name).into(),
            policy,
        });
    }
    let settings = Settings {
        runs,
        ..Settings::with_seed(seed)
    };
    simulate(p, date("2026-06-30"), &scenarios, &settings).unwrap()
}

fn mean(x: &Option<rappel_core::risk::simulate::Interval>) -> Decimal {
    x.as_ref().unwrap().mean
}

fn actions(s: &ScenarioResult, c: Channel) -> Decimal {
    s.actions
        .iter()
        .find(|a| a.channel == c)
        .map_or(Decimal::ZERO, |a| a.count.mean)
}

#[test]
fn same_seed_same_report_and_the_baseline_twice_is_the_baseline() {
    let p = portfolio();
    let same = ("same", Levers::default());
    let a = run(&p, std::slice::from_ref(&same), 5, 30);
    let b = run(&p, std::slice::from_ref(&same), 5, 30);
    assert_eq!(a, b);
    assert_eq!(
        serde_json::to_string(&a).unwrap(),
        serde_json::to_string(&b).unwrap()
    );
    // The unchanged policy draws exactly the baseline's outcomes.
    let (x, y) = (&a.scenarios[0], &a.scenarios[1]);
    assert_eq!(
        (&x.months, &x.dso, &x.actions),
        (&y.months, &y.dso, &y.actions)
    );
    // Another seed, other draws.
    let c = run(&p, std::slice::from_ref(&same), 6, 30);
    assert_ne!(a.scenarios[0].cash_collected, c.scenarios[0].cash_collected);
    // Intervals hold their mean; months add up to the totals.
    for s in &a.scenarios {
        for i in [&s.cash_collected, &s.credit_sales, &s.action_costs] {
            assert!(i.p10 <= i.mean && i.mean <= i.p90, "{i:?}");
        }
        let monthly: Decimal = s.months.iter().map(|m| m.cash.mean).sum();
        assert!((monthly - s.cash_collected.mean).abs() < Decimal::ONE);
        assert_eq!(s.months.len(), 12);
        assert_eq!(s.months[0].month, "2026-07");
        assert_eq!(s.months[11].end, date("2027-06-30"));
    }
    assert_eq!(a.horizon_end, date("2027-06-30"));
}

#[test]
fn stricter_terms_and_earlier_reminders_collect_sooner() {
    let p = portfolio();
    let strict = Levers {
        payment_terms_days: Some(14),
        reminder_shift_days: -2,
        pre_due_reminder: Some(PreDueReminder {
            days_before: 3,
            risk_classes: vec![],
        }),
        ..Levers::default()
    };
    let loose = Levers {
        reminder_shift_days: 10,
        handover_day: Some(75),
        ..Levers::default()
    };
    let r = run(&p, &[("strict", strict), ("loose", loose)], 3, 40);
    let (b, s, l) = (&r.scenarios[0], &r.scenarios[1], &r.scenarios[2]);
    // Stricter: lower DSO, fewer receivables at the end, more cash in the first
    // quarter, more reminders (every process now has a pre-due e-mail).
    assert!(mean(&s.dso) < mean(&b.dso), "{:?} {:?}", s.dso, b.dso);
    assert!(s.closing_receivables.mean < b.closing_receivables.mean);
    let q1 = |x: &ScenarioResult| -> Decimal { x.months[..3].iter().map(|m| m.cash.mean).sum() };
    assert!(q1(s) > q1(b));
    assert!(actions(s, Channel::Email) > actions(b, Channel::Email));
    // Looser: DSO not lower, overdue 60+ not lower, fewer handovers, lower costs.
    assert!(mean(&l.dso) >= mean(&b.dso), "{:?} {:?}", l.dso, b.dso);
    assert!(mean(&l.overdue_60_percent) >= mean(&b.overdue_60_percent));
    assert!(actions(l, Channel::Handover) < actions(b, Channel::Handover));
    assert!(l.collection_costs.mean < b.collection_costs.mean);
}

#[test]
fn limits_stops_and_acceptance_trade_sales_for_risk() {
    let p = portfolio();
    let limits = Levers {
        enforce_limits: Some(true),
        limit_percent: Some(Decimal::from(50)),
        ..Levers::default()
    };
    let stops = Levers {
        stop_delivery_day: Some(10),
        ..Levers::default()
    };
    let picky = Levers {
        acceptance_cutoff: Some(59),
        ..Levers::default()
    };
    let r = run(
        &p,
        &[("limits", limits), ("stops", stops), ("picky", picky)],
        9,
        30,
    );
    let (b, l, s, a) = (
        &r.scenarios[0],
        &r.scenarios[1],
        &r.scenarios[2],
        &r.scenarios[3],
    );
    // Limits at half refuse sales, and the write-offs fall with the sales.
    assert_eq!(b.sales_blocked_by_limits.mean, Decimal::ZERO);
    assert!(l.sales_blocked_by_limits.mean > Decimal::ZERO);
    assert!(l.credit_sales.mean < b.credit_sales.mean);
    assert!(l.write_offs.mean <= b.write_offs.mean);
    // A stop on deliveries at day 10 for every process loses more customers.
    assert!(s.customers_lost.mean > b.customers_lost.mean);
    assert!(s.sales_lost_to_stops.mean > b.sales_lost_to_stops.mean);
    assert!(actions(s, Channel::StopDelivery) > actions(b, Channel::StopDelivery));
    // The baseline refuses no one (its customers were served); a higher acceptance
    // cut-off refuses newcomers the baseline's scorecard accepts.
    assert_eq!(b.customers_refused, 0);
    assert_eq!(b.sales_refused_at_acceptance, Decimal::ZERO);
    assert!(a.customers_refused > 0);
    assert!(a.sales_refused_at_acceptance > b.sales_refused_at_acceptance);
    assert!(a.credit_sales.mean < b.credit_sales.mean);
}

#[test]
fn bad_settings_and_policies_are_named() {
    let p = portfolio();
    let mut bad = base();
    bad.credit.payment_terms_days = Some(400);
    let settings = Settings {
        runs: 0,
        months: 40,
        ..Settings::with_seed(1)
    };
    let errors = simulate(
        &p,
        date("2026-06-30"),
        &[Scenario {
            name: " ".into(),
            policy: bad,
        }],
        &settings,
    )
    .unwrap_err();
    let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "runs",
            "months",
            "scenarios[0].name",
            "scenarios[0].policy.credit.payment_terms_days"
        ]
    );
    let none = simulate(&p, date("2026-06-30"), &[], &Settings::with_seed(1)).unwrap_err();
    assert_eq!(none[0].path, "scenarios");
}

#[test]
fn levers_change_only_what_they_name() {
    let b = base();
    assert_eq!(Levers::default().apply(&b), b);
    let v = Levers {
        reminder_shift_days: 3,
        handover_day: Some(40),
        acceptance_cutoff: Some(30),
        ..Levers::default()
    }
    .apply(&b);
    for (pb, pv) in b.processes.iter().zip(&v.processes) {
        assert_eq!(pb.steps.len(), pv.steps.len());
        for sb in &pb.steps {
            // Steps are kept in offset order: a moved step may pass another.
            let sv = pv.steps.iter().find(|s| s.name == sb.name).unwrap();
            let want = match sb.channel {
                Channel::Handover => 40,
                Channel::StopDelivery => sb.offset_days,
                _ if sb.offset_days < 0 => sb.offset_days,
                _ => sb.offset_days + 3,
            };
            assert_eq!(sv.offset_days, want, "{} {}", pb.id, sb.name);
            assert!(
                pv.steps
                    .windows(2)
                    .all(|w| w[0].offset_days < w[1].offset_days)
            );
        }
    }
    assert_eq!(v.acceptance.as_ref().unwrap().classes[1].min_points, 30);
    assert!(policy::validate(&v).is_empty());
}

#[test]
fn response_to_each_dunning_step_from_the_history() {
    use rappel_core::collections::dunning::{History, HistoryEntry};
    use rappel_core::risk::behaviour::response::step_responses;
    let imported = common::import(&[
        (
            "customers.csv",
            &format!(
                "{}C1,Acme,x,tertiary,,2020-01-01,nl,false\n",
                common::CUSTOMERS_HEADER
            ),
        ),
        (
            "invoices.csv",
            &format!(
                "{}I1,C1,2026-01-01,2026-01-31,100.00,EUR\nI2,C1,2026-01-01,2026-01-31,200.00,EUR\nI3,C1,2026-05-01,2026-05-31,300.00,EUR\nI4,C1,2026-01-01,2026-01-31,400.00,EUR\n",
                common::INVOICES_HEADER
            ),
        ),
        (
            "payments.csv",
            &format!(
                "{}P1,C1,I1,2026-02-09,100.00,transfer,\nP2,C1,I2,2026-02-20,200.00,transfer,\nP4,C1,I4,2026-02-01,400.00,transfer,\n",
                common::PAYMENTS_HEADER
            ),
        ),
    ]);
    assert!(imported.report.problems.is_empty());
    let p = imported.portfolio;
    let entry = |invoice: &str, date: &str, step: &str, channel: Channel| HistoryEntry {
        action_id: format!("A-{invoice}-{step}"),
        date: common::date(date),
        customer_id: "C1".into(),
        process: "standard".into(),
        step: step.into(),
        level: 1,
        channel,
        invoice_id: invoice.into(),
        balance: Decimal::ONE,
        advanced: true,
        fee_rule: None,
        fee: None,
    };
    let history = History {
        entries: vec![
            // Paid 4 days later: within the week.
            entry("I1", "2026-02-05", "friendly", Channel::Email),
            // Paid 15 days later: not within.
            entry("I2", "2026-02-05", "friendly", Channel::Email),
            // Two days before as_of: the week has not passed, not counted.
            entry("I3", "2026-06-28", "friendly", Channel::Email),
            // Already paid when "reminded": not counted.
            entry("I4", "2026-02-05", "friendly", Channel::Email),
            // A letter after the e-mail on I2: paid 3 days later.
            entry("I2", "2026-02-17", "final", Channel::Letter),
            // An unknown invoice is skipped.
            entry("I9", "2026-02-05", "friendly", Channel::Email),
        ],
    };
    let (steps, channels) = step_responses(&p, &history, date("2026-06-30"), 7);
    assert_eq!(steps.len(), 2);
    assert_eq!(
        (
            steps[0].step.as_str(),
            steps[0].tally.reminded,
            steps[0].tally.settled_within
        ),
        ("friendly", 2, 1)
    );
    assert_eq!(steps[0].tally.percent, Some(Decimal::new(5000, 2)));
    assert_eq!(
        (steps[1].tally.reminded, steps[1].tally.settled_within),
        (1, 1)
    );
    assert_eq!(channels.len(), 2);
    assert_eq!(channels[0].channel, Channel::Email);
    let mut s = Settings::with_seed(1);
    let changed = s.use_observed_response(&channels, 2);
    assert_eq!(changed, vec![(Channel::Email, Decimal::new(5000, 2))]);
    assert_eq!(s.response_percent[&Channel::Letter], Decimal::from(25));
}

#[test]
fn levers_that_cannot_apply_are_named() {
    let b = base();
    assert!(Levers::default().problems(&b).is_empty());
    let bad = Levers {
        reminder_shift_days: 90,
        pre_due_reminder: Some(PreDueReminder {
            days_before: 3,
            risk_classes: vec!["C".into(), "Z".into()],
        }),
        acceptance_cutoff: Some(60),
        limit_percent: Some(Decimal::from(-5)),
        ..Levers::default()
    };
    let fields: Vec<String> = bad
        .problems(&b)
        .into_iter()
        .map(|(f, why)| format!("{f}: {why}"))
        .collect();
    assert_eq!(
        fields,
        [
            "reminder_shift_days: must be between -60 and 60",
            "pre_due_reminder.risk_classes[1]: the policy has no risk class \"Z\"",
            "acceptance_cutoff: must be below 60, the lowest score of class A",
            "limit_percent: must be between 0 and 1000",
        ]
    );
    // The small-business policy has no scorecard and no handover step.
    let small = policy::parse(
        include_str!("../../examples/policies/small-business.toml"),
        PolicyFormat::Toml,
    )
    .unwrap();
    let l = Levers {
        handover_day: Some(30),
        acceptance_cutoff: Some(10),
        ..Levers::default()
    };
    let problems = l.problems(&small);
    assert_eq!(problems.len(), 2);
    assert!(problems[0].1.contains("no handover step"));
    assert!(problems[1].1.contains("no [acceptance] scorecard"));
}

#[test]
fn a_simulation_past_its_work_bound_is_refused_at_once_with_the_runs_that_fit() {
    // The book of the 8 000-invoice portfolio (its open invoices and next years' planned
    // sales: N items) in 200 scenarios of 10 000 runs × 36 months: 72 000 000 × N
    // invoice-months, past 20 billion for any N above 277. Refused before any run, with
    // the runs that fit: 20e9 / (36 × N × 200), rounded down.
    let p = portfolio();
    let scenarios: Vec<Scenario> = (0..200)
        .map(|k| Scenario {
            name: format!("s{k}"),
            policy: base(),
        })
        .collect();
    let settings = Settings {
        runs: 10_000,
        months: 36,
        ..Settings::with_seed(1)
    };
    let errors = simulate(&p, date("2026-06-30"), &scenarios, &settings).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].path, "runs");
    let m = &errors[0].message;
    assert!(m.starts_with("too large: 10000 runs × 36 months × "), "{m}");
    let items: u128 = m
        .split(" months × ")
        .nth(1)
        .and_then(|r| r.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    assert!(items > 277, "{m}");
    assert!(m.contains(" invoices × 200 scenario(s) = "), "{m}");
    let fit = 20_000_000_000u128 / (36 * items * 200);
    assert!(m.ends_with(&format!("at most {fit} runs fit")), "{m}");
}
