//! The seed-003 reminder schedule run day by day over a month on a small portfolio,
//! with exact expected actions: re-anchoring after a partial payment, catch-up after
//! missed days, grouping, holds and consumer costs.

mod common;

use chrono::NaiveDate;
use common::{date, dec, import};
use rappel_core::collections::dunning::{self, History, HoldDetail, HoldReason};
use rappel_core::collections::policy::{self, Policy, PolicyFormat};
use rappel_core::model::Language;
use rappel_core::model::Portfolio;

/// Seed 003: day 0 invoice; day 3–5 friendly; 7–10 firm; 14–21 final notice announcing
/// handover; 21–28 handover. Offsets 4, 8, 17, 24.
fn policy(extra: &str, group: bool) -> Policy {
    let text = format!(
        r#"
version = 1
name = "seed 003"
default_language = "en"
[creditor]
country = "NL"
[risk]
no_history_class = "all"
[[risk.classes]]
name = "all"
[fees.wik]
kind = "nl_wik"
[[segmentation]]
process = "p"
[[processes]]
id = "p"
{extra}
[[processes.steps]]
name = "friendly"
offset_days = 4
channel = "email"
template = "t"
group = {group}
[[processes.steps]]
name = "firm"
offset_days = 8
channel = "email"
template = "t"
group = {group}
[[processes.steps]]
name = "final"
offset_days = 17
channel = "letter"
template = "t"
fee = "wik"
[[processes.steps]]
name = "handover"
offset_days = 24
channel = "handover"
template = "t"
[templates.t.en]
subject = "{{{{ step.name }}}} {{{{ payment_reference }}}}"
body = "{{{{ customer.name }}}}: {{% for i in invoices %}}{{{{ i.id }}}} {{{{ i.balance }}}} ({{{{ i.days_overdue }}}} days); {{% endfor %}}total {{{{ total }}}}, fees {{{{ fees }}}}, pay by {{{{ pay_by }}}}{{% if costs_if_unpaid %}}, then costs {{{{ costs_if_unpaid }}}}{{% endif %}}"
"#
    );
    policy::parse(&text, PolicyFormat::Toml).unwrap_or_else(|e| panic!("{e:#?}"))
}

fn portfolio() -> Portfolio {
    let customers = "customer_id,name,segment,sector,credit_limit,customer_since,language,b2c,status,external_score\n\
        A,Alpha BV,,industrial,,2020-01-01,en,false,,\n\
        B,Bea Consumer,,residential,,2020-01-01,en,true,,\n\
        C,Crash NV,,industrial,,2020-01-01,en,false,insolvent,\n\
        D,Delta,,tertiary,,2020-01-01,en,false,,\n";
    let invoices = "invoice_id,customer_id,issue_date,due_date,amount,currency\n\
        I1,A,2026-01-30,2026-03-01,1000.00,EUR\n\
        I2,A,2026-02-03,2026-03-05,500.00,EUR\n\
        I3,A,2026-01-30,2026-03-01,700.00,EUR\n\
        CN1,A,2026-02-10,2026-02-10,-50.00,EUR\n\
        B1,B,2026-01-30,2026-03-01,300.00,EUR\n\
        C1,C,2026-01-30,2026-03-01,900.00,EUR\n\
        D1,D,2026-01-30,2026-03-01,400.00,EUR\n";
    let payments = "payment_id,customer_id,invoice_id,payment_date,amount,method,reversed_on\n\
        P1,A,I2,2026-03-12,200.00,transfer,\n\
        P2,A,I3,2026-03-03,700.00,transfer,\n";
    let disputes = "dispute_id,invoice_id,opened_on,assessed_on,resolved_on,outcome\n\
        DS1,D1,2026-03-03,,,\n";
    let imp = import(&[
        ("customers.csv", customers),
        ("invoices.csv", invoices),
        ("payments.csv", payments),
        ("disputes.csv", disputes),
    ]);
    assert!(imp.report.problems.is_empty(), "{:?}", imp.report.problems);
    imp.portfolio
}

fn days(from: &str, to: &str) -> impl Iterator<Item = NaiveDate> {
    let (from, to) = (date(from), date(to));
    from.iter_days().take_while(move |d| *d <= to)
}

/// Runs every day from `from` to `to`, feeding actions back; returns
/// `(date, invoice, step)` for every advanced invoice line.
fn daily(
    p: &Portfolio,
    pol: &Policy,
    from: &str,
    to: &str,
) -> (Vec<(String, String, String)>, History) {
    let mut history = History::default();
    let mut sent = Vec::new();
    for d in days(from, to) {
        let r = dunning::run(p, pol, &history, d).unwrap();
        for a in &r.actions {
            // Each invoice at its own step (one letter carries a customer's invoices
            // at their own levels).
            let steps = &pol.process(&a.process).unwrap().steps;
            for l in a.invoices.iter().filter(|l| l.advanced) {
                let own = steps[l.level - 1].name.clone();
                sent.push((d.to_string(), l.invoice_id.clone(), own));
            }
        }
        history.record(&r.actions);
        let again = dunning::run(p, pol, &history, d).unwrap();
        assert!(
            again.actions.is_empty(),
            "rerun on {d} must be empty: {:?}",
            again.actions
        );
    }
    (sent, history)
}

fn tuples(v: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    v.iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect()
}

#[test]
fn seed_003_schedule_day_by_day() {
    let p = portfolio();
    let pol = policy("", false);
    let (sent, history) = daily(&p, &pol, "2026-03-01", "2026-03-31");
    let mut sent = sent;
    sent.sort();
    let expected = tuples(&[
        ("2026-03-05", "B1", "friendly"),
        ("2026-03-05", "I1", "friendly"),
        ("2026-03-09", "B1", "firm"),
        ("2026-03-09", "I1", "firm"),
        ("2026-03-09", "I2", "friendly"),
        // I2: €200 paid on 12 March re-anchors the firm reminder: 12 + (8 − 4) = 16.
        ("2026-03-16", "I2", "firm"),
        ("2026-03-18", "B1", "final"),
        ("2026-03-18", "I1", "final"),
        // I2 final: due + 17 = 22 March, but 9 days after the firm one (16) = 25 March.
        ("2026-03-25", "B1", "handover"),
        ("2026-03-25", "I1", "handover"),
        ("2026-03-25", "I2", "final"),
    ]);
    assert_eq!(sent, expected);
    // Paid (I3), credited (CN1), insolvent (C1) and disputed (D1) invoices: no reminder.
    assert!(
        history
            .entries
            .iter()
            .all(|e| !["I3", "CN1", "C1", "D1"].contains(&e.invoice_id.as_str()))
    );

    // Fees: I1's €1,000 less the €50 credit note CN1 (netted against the oldest
    // invoice first) is claimed as €950: WIK 15 % = €142.50; I2's final on €300 is €45;
    // the consumer B got
    // only an e-mail on 5 March, so costs may be charged from 20 March: none on 18 March.
    let fee_of = |inv: &str| {
        history
            .entries
            .iter()
            .find(|e| e.invoice_id == inv && e.step == "final")
            .map(|e| (e.fee_rule.clone(), e.fee))
            .unwrap()
    };
    assert_eq!(fee_of("I1"), (Some("wik".into()), Some(dec("142.50"))));
    assert_eq!(fee_of("I2"), (Some("wik".into()), Some(dec("45.00"))));
    assert_eq!(fee_of("B1"), (None, Some(dec("0.00"))));
}

#[test]
fn holds_are_reported_with_their_reason() {
    let p = portfolio();
    let pol = policy("", false);
    let r = dunning::run(&p, &pol, &History::default(), date("2026-03-06")).unwrap();
    let held: Vec<(&str, Option<&str>, HoldReason)> = r
        .held
        .iter()
        .map(|h| (h.customer_id.as_str(), h.invoice_id.as_deref(), h.reason))
        .collect();
    assert_eq!(
        held,
        vec![
            ("C", None, HoldReason::Insolvent),
            ("D", Some("D1"), HoldReason::Dispute),
        ]
    );
    assert!(
        matches!(&r.held[1].detail, HoldDetail::Dispute { dispute_id, assessment_overdue: true, .. } if dispute_id == "DS1"),
        "{:?}",
        r.held[1].detail
    );
    let en = r.held[1].detail.text(Language::En, "EUR");
    assert!(en.contains("DS1") && en.contains("48-hour"), "{en}");
    let nl = r.held[1].detail.text(Language::Nl, "EUR");
    assert!(
        nl.starts_with("geschil DS1 open sinds ") && nl.contains("48-uursnorm"),
        "{nl}"
    );
}

#[test]
fn a_missed_month_catches_up_one_level_at_a_time() {
    let p = portfolio();
    let pol = policy("", false);
    let r = dunning::run(&p, &pol, &History::default(), date("2026-03-20")).unwrap();
    let i1: Vec<_> = r
        .actions
        .iter()
        .filter(|a| a.invoices.iter().any(|l| l.invoice_id == "I1"))
        .collect();
    assert_eq!(i1.len(), 1);
    assert_eq!(i1[0].step, "friendly");
    assert_eq!(i1[0].due_since, date("2026-03-05"));
    assert!(
        i1[0].reason.contains("caught up 15 day(s) late"),
        "{}",
        i1[0].reason
    );
    // The firm reminder keeps its spacing after the late friendly one: 20 + 4 = 24.
    let mut h = History::from_actions(&r.actions);
    for d in days("2026-03-21", "2026-03-23") {
        let r = dunning::run(&p, &pol, &h, d).unwrap();
        assert!(
            r.actions
                .iter()
                .all(|a| a.invoices.iter().all(|l| l.invoice_id != "I1"))
        );
        h.record(&r.actions);
    }
    let r = dunning::run(&p, &pol, &h, date("2026-03-24")).unwrap();
    assert!(
        r.actions
            .iter()
            .any(|a| a.step == "firm" && a.invoices[0].invoice_id == "I1")
    );

    // Unless the process says so: then every sending due goes at once, and since a run
    // sends a customer one letter, I1 gets the highest level due (final, 17 days after
    // 1 March = 18 March ≤ 20 March) in one letter, not three letters on one day.
    let all = policy("catch_up = \"all_due_levels\"", false);
    let r = dunning::run(&p, &all, &History::default(), date("2026-03-20")).unwrap();
    let steps: Vec<&str> = r
        .actions
        .iter()
        .filter(|a| a.invoices[0].invoice_id == "I1")
        .map(|a| a.step.as_str())
        .collect();
    assert_eq!(steps, vec!["final"]);
    let h = History::from_actions(&r.actions);
    assert!(
        dunning::run(&p, &all, &h, date("2026-03-20"))
            .unwrap()
            .actions
            .is_empty()
    );
}

#[test]
fn grouped_steps_send_one_reminder_per_customer_at_the_highest_level() {
    let p = portfolio();
    let pol = policy("", true);
    let mut h = History::default();
    for d in days("2026-03-01", "2026-03-08") {
        let r = dunning::run(&p, &pol, &h, d).unwrap();
        h.record(&r.actions);
    }
    let r = dunning::run(&p, &pol, &h, date("2026-03-09")).unwrap();
    let a: Vec<_> = r.actions.iter().filter(|a| a.customer_id == "A").collect();
    assert_eq!(a.len(), 1, "{a:#?}");
    assert_eq!(a[0].step, "firm");
    let lines: Vec<(&str, usize, bool)> = a[0]
        .invoices
        .iter()
        .map(|l| (l.invoice_id.as_str(), l.level, l.advanced))
        .collect();
    assert_eq!(lines, vec![("I1", 2, true), ("I2", 1, true)]);
    // I1 is claimed net of the €50 credit note CN1: 950 + 500.
    assert_eq!(a[0].total, dec("1450.00"));
    assert_eq!(a[0].payment_reference, "A");
    assert_eq!(
        a[0].message.body,
        // The final notice would charge WIK on the claim: 15 % × 1,450 = €217.50.
        "Alpha BV: I1 €950.00 (8 days); I2 €500.00 (4 days); total €1,450.00, fees €0.00, pay by 16 March 2026, then costs €217.50"
    );
    assert_eq!(a[0].message.subject, "firm A");
}

#[test]
fn action_ids_are_stable() {
    let p = portfolio();
    let pol = policy("", false);
    let a = dunning::run(&p, &pol, &History::default(), date("2026-03-05")).unwrap();
    let b = dunning::run(&p, &pol, &History::default(), date("2026-03-05")).unwrap();
    assert_eq!(a, b);
    let ids: Vec<&str> = a.actions.iter().map(|x| x.action_id.as_str()).collect();
    assert_eq!(ids.len(), 2);
    assert!(ids.iter().all(|i| i.len() == 24));
    assert_ne!(ids[0], ids[1]);
    // A day later, without the history, the same step due since the same day keeps its id.
    let c = dunning::run(&p, &pol, &History::default(), date("2026-03-06")).unwrap();
    let ids_c: Vec<&str> = c.actions.iter().map(|x| x.action_id.as_str()).collect();
    assert_eq!(ids, ids_c);
}

fn with_extra(files: &[(&str, &str)]) -> Portfolio {
    let customers = "customer_id,name,segment,sector,credit_limit,customer_since,language,b2c\n\
        A,Alpha BV,,industrial,,2020-01-01,nl,false\n";
    let invoices = "invoice_id,customer_id,issue_date,due_date,amount,currency\n\
        I1,A,2026-01-30,2026-03-01,1000.00,EUR\n\
        I2,A,2026-01-30,2026-03-01,200.00,EUR\n";
    let mut all = vec![("customers.csv", customers), ("invoices.csv", invoices)];
    all.extend_from_slice(files);
    if !files.iter().any(|f| f.0 == "payments.csv") {
        all.push((
            "payments.csv",
            "payment_id,customer_id,invoice_id,payment_date,amount,method,reversed_on\n",
        ));
    }
    let imp = import(&all);
    assert!(imp.report.problems.is_empty(), "{:?}", imp.report.problems);
    imp.portfolio
}

fn steps_for(r: &dunning::RunReport, inv: &str) -> Vec<String> {
    r.actions
        .iter()
        .filter(|a| a.invoices.iter().any(|l| l.invoice_id == inv && l.advanced))
        .map(|a| a.step.clone())
        .collect()
}

#[test]
fn a_kept_payment_plan_holds_and_a_missed_instalment_escalates() {
    let plan = "plan_id,customer_id,invoice_ids,agreed_on,due_date,amount\n\
        PL1,A,I1,2026-03-03,2026-03-15,500.00\n\
        PL1,A,I1,2026-03-03,2026-03-31,500.00\n";
    let kept = with_extra(&[
        ("payment_plans.csv", plan),
        (
            "payments.csv",
            "payment_id,customer_id,invoice_id,payment_date,amount,method,reversed_on\nP1,A,I1,2026-03-14,500.00,transfer,\n",
        ),
    ]);
    let pol = policy("", false);
    let r = dunning::run(&kept, &pol, &History::default(), date("2026-03-25")).unwrap();
    assert!(steps_for(&r, "I1").is_empty());
    let h = r
        .held
        .iter()
        .find(|h| h.invoice_id.as_deref() == Some("I1"))
        .unwrap();
    assert_eq!(h.reason, HoldReason::PaymentPlan);
    assert_eq!(h.until, Some(date("2026-04-05")));
    assert_eq!(
        h.detail.text(Language::En, "EUR"),
        "payment plan PL1 kept; next instalment €500.00 due 31 March 2026"
    );
    assert_eq!(
        h.detail.text(Language::Nl, "EUR"),
        "betalingsregeling PL1 nagekomen; volgende termijn € 500,00 op 31-03-2026"
    );
    assert_eq!(steps_for(&r, "I2"), vec!["friendly"]);

    // Nothing paid: the instalment of 15 March plus 5 days' grace is missed on the 21st.
    let broken = with_extra(&[("payment_plans.csv", plan)]);
    let r = dunning::run(&broken, &pol, &History::default(), date("2026-03-20")).unwrap();
    assert!(steps_for(&r, "I1").is_empty(), "still within grace");
    let r = dunning::run(&broken, &pol, &History::default(), date("2026-03-21")).unwrap();
    assert_eq!(
        steps_for(&r, "I1"),
        vec!["friendly"],
        "resumes at the next level"
    );
    assert!(r.actions[0].reason.contains("payment plan PL1 broken"));
    let mut esc = policy("", false);
    esc.holds.missed_instalment_step = Some("final".into());
    let r = dunning::run(&broken, &esc, &History::default(), date("2026-03-21")).unwrap();
    assert_eq!(
        steps_for(&r, "I1"),
        vec!["final"],
        "escalates when the policy says so"
    );
}

#[test]
fn a_pending_promise_holds_and_a_broken_one_does_not() {
    let promises = "promise_id,customer_id,invoice_id,promised_on,pay_by,amount\n\
        PR1,A,I1,2026-03-04,2026-03-10,1000.00\n\
        PR2,A,,2026-03-04,2026-03-20,200.00\n";
    let p = with_extra(&[("promises.csv", promises)]);
    let pol = policy("", false);
    let r = dunning::run(&p, &pol, &History::default(), date("2026-03-12")).unwrap();
    assert!(r.actions.is_empty());
    let until: Vec<_> = r
        .held
        .iter()
        .map(|h| (h.invoice_id.clone().unwrap(), h.until.unwrap()))
        .collect();
    // PR2 (account level) covers both invoices and runs longest.
    assert_eq!(
        until,
        vec![
            ("I1".into(), date("2026-03-23")),
            ("I2".into(), date("2026-03-23"))
        ]
    );
    let r = dunning::run(&p, &pol, &History::default(), date("2026-03-24")).unwrap();
    assert_eq!(steps_for(&r, "I1"), vec!["friendly"]);
    assert!(r.held.is_empty());
}

#[test]
fn history_round_trips_through_actions_csv_and_json() {
    let p = portfolio();
    let pol = policy("", false);
    let (_, history) = daily(&p, &pol, "2026-03-01", "2026-03-20");
    let csv = history.to_csv();
    let back = History::from_csv("actions.csv", &csv).unwrap();
    assert_eq!(back, history);
    let r = dunning::run(&p, &pol, &History::default(), date("2026-03-05")).unwrap();
    let json = serde_json::to_string(&r).unwrap();
    assert_eq!(
        History::from_json("run.json", &json).unwrap(),
        History::from_actions(&r.actions)
    );
    let json = serde_json::to_string(&r.actions).unwrap();
    assert_eq!(
        History::from_json("run.json", &json).unwrap(),
        History::from_actions(&r.actions)
    );
    // A bad history is refused as a whole, with every bad row.
    let mut text = String::from_utf8(csv).unwrap();
    text = text.replacen(",email,", ",pigeon,", 1);
    text = text.replacen(",2026-03-09,", ",2026-02-30,", 1);
    let e = History::from_csv("actions.csv", text.as_bytes()).unwrap_err();
    assert_eq!(e.len(), 2, "{e:?}");
    assert!(
        e.iter().any(|x| x.column.as_deref() == Some("channel")),
        "{e:?}"
    );
    assert!(
        e.iter().any(|x| x.column.as_deref() == Some("date")),
        "{e:?}"
    );
    assert!(e.iter().all(|x| x.line.is_some()));
}

#[test]
fn grouped_reminders_with_never_escalated_lines_round_trip_through_actions_csv() {
    // Regression: a grouped reminder lists other overdue invoices for information; one
    // that was never escalated has level 0, and actions.csv must read it back.
    let cfg = rappel_core::generate::Config {
        customers: 300,
        invoices: 6_000,
        seed: 3,
        ..Default::default()
    };
    let (p, problems) = Portfolio::build(rappel_core::generate::generate(&cfg), None);
    assert!(problems.is_empty());
    let pol = rappel_core::collections::policy::parse(
        include_str!("../../examples/policies/wholesale.toml"),
        rappel_core::collections::policy::PolicyFormat::Toml,
    )
    .unwrap();
    let r = dunning::run(&p, &pol, &History::default(), date("2026-06-30")).unwrap();
    assert!(
        r.actions
            .iter()
            .flat_map(|a| &a.invoices)
            .any(|l| l.level == 0 && !l.advanced),
        "the case this test is about must occur"
    );
    let history = History::from_actions(&r.actions);
    let back = History::from_csv("actions.csv", &history.to_csv()).unwrap();
    assert_eq!(back, history);
    // Given back as history, the same run repeats nothing.
    let again = dunning::run(&p, &pol, &back, date("2026-06-30")).unwrap();
    assert!(again.actions.is_empty());
}
