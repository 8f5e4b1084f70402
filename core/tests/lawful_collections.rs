//! Issue 13: the law of each debt decides what a reminder may charge. A Belgian creditor
//! runs the same policy (a pre-due e-mail, a free friendly e-mail, a final notice with
//! statutory costs) for a Belgian consumer, a Dutch consumer, a Belgian business and a
//! Swiss business, day by day; every figure is computed by hand below.

mod common;

use common::{daily, date, dec, import};
use rappel_core::collections::dunning::{self, Action, History};
use rappel_core::collections::policy::{self, Policy, PolicyFormat};
use rappel_core::model::Portfolio;

fn policy(fee: &str) -> Policy {
    let text = format!(
        r#"
version = 1
name = "Belgian creditor"
default_language = "en"
[creditor]
name = "Groothandel NV"
country = "BE"
contract_law = {{ "swiss contracts" = "CH" }}
[risk]
no_history_class = "all"
[[risk.classes]]
name = "all"
[fees.costs]
{fee}
[[segmentation]]
process = "p"
[[processes]]
id = "p"
[[processes.steps]]
name = "pre-due"
offset_days = -3
channel = "email"
template = "t"
group = true
[[processes.steps]]
name = "friendly"
offset_days = 4
channel = "email"
template = "t"
group = true
[[processes.steps]]
name = "final"
offset_days = 20
channel = "email"
template = "t"
group = true
fee = "costs"
[templates.t.en]
subject = "{{{{ step.name }}}}"
body = "{{{{ total }}}}, costs {{{{ fees }}}}{{% if costs_if_unpaid %}}; unpaid by {{{{ pay_by }}}}: {{{{ costs_if_unpaid }}}}{{% endif %}}"
"#
    );
    policy::parse(&text, PolicyFormat::Toml).unwrap_or_else(|e| panic!("{e:#?}"))
}

/// Five customers of a Belgian creditor (every step groups a customer's invoices into
/// one letter: one claim), each owing €1,000 due 1 August 2025 (and the
/// Belgian business €10,000 more on a second invoice).
fn portfolio() -> Portfolio {
    let customers = "customer_id,name,segment,sector,credit_limit,customer_since,language,b2c,status,external_score,country\n\
        BEC,Belgian consumer,,residential,,2020-01-01,en,true,,,\n\
        NLC,Dutch consumer,,residential,,2020-01-01,en,true,,,nl\n\
        BEB,Belgian business,,industrial,,2020-01-01,en,false,,,BE\n\
        CHB,Swiss business,,industrial,,2020-01-01,en,false,,,CH\n\
        CHC,Swiss business under Swiss law,swiss contracts,industrial,,2020-01-01,en,false,,,CH\n";
    let invoices = "invoice_id,customer_id,issue_date,due_date,amount,currency\n\
        I-BEC,BEC,2025-07-01,2025-08-01,1000.00,EUR\n\
        I-NLC,NLC,2025-07-01,2025-08-01,1000.00,EUR\n\
        I-BEB,BEB,2025-07-01,2025-08-01,1000.00,EUR\n\
        I-BEB2,BEB,2025-07-01,2025-08-01,10000.00,EUR\n\
        I-CHB,CHB,2025-07-01,2025-08-01,1000.00,EUR\n\
        I-CHC,CHC,2025-07-01,2025-08-01,1000.00,EUR\n";
    let payments = "payment_id,customer_id,invoice_id,payment_date,amount,method,reversed_on\n";
    let imp = import(&[
        ("customers.csv", customers),
        ("invoices.csv", invoices),
        ("payments.csv", payments),
    ]);
    assert!(imp.report.problems.is_empty(), "{:?}", imp.report.problems);
    imp.portfolio
}

fn of<'a>(actions: &'a [Action], customer: &str, step: &str) -> &'a Action {
    actions
        .iter()
        .find(|a| a.customer_id == customer && a.step == step)
        .unwrap_or_else(|| panic!("no {step} for {customer}"))
}

#[test]
fn each_customer_is_charged_what_its_own_law_allows() {
    let actions = daily(
        &portfolio(),
        &policy("kind = \"statutory\""),
        "2025-07-25",
        "2025-08-31",
    );
    // The pre-due e-mail on 29 July does not open a consumer's waiting period (the debt
    // is not overdue yet); the friendly e-mail of 5 August does: costs from 5 + 15 =
    // 20 August. The final notice falls due on 1 + 20 = 21 August.
    let final_bec = of(&actions, "BEC", "final");
    assert_eq!(final_bec.date, date("2025-08-21"));
    // Belgian consumer, €1,000: Book XIX damages €65 + 5 % × 500 = €90; no WIK.
    assert_eq!(final_bec.fee.amount, dec("90.00"));
    assert_eq!(final_bec.fee.lines[0].label, "damages (Book XIX CEL)");
    // Dutch consumer of a Belgian creditor: Dutch law (Rome I art. 6): WIK 15 % = €150,
    // after the free reminder sent 5 August (e-mail: 5 + 15 = 20 August).
    let final_nlc = of(&actions, "NLC", "final");
    assert_eq!(final_nlc.fee.amount, dec("150.00"));
    assert_eq!(final_nlc.fee.lines[0].label, "collection costs (WIK)");
    // Belgian business: €40 per late invoice and interest at 10.50 % (2025-H2) from
    // 2 August through 21 August (20 days): 11000 × 0.105 × 20 / 365 = 63.29 (1000 →
    // 5.7534, 10000 → 57.5342, summed 63.2877 per invoice rounding: 5.75 + 57.53 =
    // 63.28); total 80 + 63.28 = 143.28.
    let final_beb = of(&actions, "BEB", "final");
    let lines: Vec<(&str, String)> = final_beb
        .fee
        .lines
        .iter()
        .map(|l| (l.label.as_str(), l.amount.to_string()))
        .collect();
    assert_eq!(
        lines,
        vec![
            ("fixed compensation (2011/7/EU)", "80.00".to_string()),
            ("statutory interest", "63.28".to_string())
        ]
    );
    // A Swiss business: Belgian law, the seller's (Rome I art. 4): €40 + 1000 × 0.105 ×
    // 20 / 365 = 5.75.
    assert_eq!(of(&actions, "CHB", "final").fee.amount, dec("45.75"));
    // A Swiss business whose contract chose Swiss law: nothing statutory, with the reason.
    let final_chc = of(&actions, "CHC", "final");
    assert_eq!(final_chc.fee.amount, dec("0.00"));
    assert!(
        final_chc.fee.notes[0].starts_with("none:"),
        "{:?}",
        final_chc.fee.notes
    );
}

#[test]
fn a_rule_of_another_law_and_a_fixed_fee_pass_the_consumer_law() {
    // The policy asks for WIK: only the Dutch consumer's debt is under Dutch law.
    let actions = daily(
        &portfolio(),
        &policy("kind = \"nl_wik\""),
        "2025-07-25",
        "2025-08-31",
    );
    let bec = of(&actions, "BEC", "final");
    assert_eq!(bec.fee.amount, dec("0.00"));
    assert!(bec.fee.notes[0].contains("WIK collection costs are Dutch law"));
    assert_eq!(of(&actions, "NLC", "final").fee.amount, dec("150.00"));
    assert_eq!(of(&actions, "BEB", "final").fee.amount, dec("0.00"));

    // A €15 fixed fee: a Belgian consumer pays at most €7.50 as a reminder fee, a Dutch
    // consumer nothing (only WIK), a business the agreed €15.
    let actions = daily(
        &portfolio(),
        &policy("kind = \"fixed\"\namount = \"15.00\""),
        "2025-07-25",
        "2025-08-31",
    );
    assert_eq!(of(&actions, "BEC", "final").fee.amount, dec("7.50"));
    assert_eq!(of(&actions, "NLC", "final").fee.amount, dec("0.00"));
    assert_eq!(of(&actions, "BEB", "final").fee.amount, dec("15.00"));
}

#[test]
fn without_a_free_reminder_after_the_due_date_a_consumer_is_charged_nothing() {
    // The final notice is the first step after the due date: the pre-due e-mail does not
    // count, so the consumers' costs are refused with the reason.
    let text = policy("kind = \"statutory\"");
    let mut pol = text.clone();
    pol.processes[0].steps.remove(1);
    let actions = daily(&portfolio(), &pol, "2025-07-25", "2025-08-31");
    for c in ["BEC", "NLC"] {
        let a = of(&actions, c, "final");
        assert_eq!(a.fee.amount, dec("0.00"), "{c}");
        assert!(
            a.fee.notes[0].contains("free reminder after the due date"),
            "{c}: {:?}",
            a.fee.notes
        );
    }
    assert_eq!(
        of(&actions, "BEB", "final").fee.lines[0].amount,
        dec("80.00")
    );
}

#[test]
fn a_policy_that_charges_names_the_creditors_country() {
    let text = r#"
version = 1
name = "no country"
default_language = "en"
[risk]
no_history_class = "all"
[[risk.classes]]
name = "all"
[fees.costs]
kind = "statutory"
[[segmentation]]
process = "p"
[[processes]]
id = "p"
[[processes.steps]]
name = "final"
offset_days = 20
channel = "letter"
template = "t"
fee = "costs"
[templates.t.en]
subject = "s"
body = "b"
"#;
    let problems = policy::parse(text, PolicyFormat::Toml).unwrap_err();
    assert!(
        problems.iter().any(|p| p.path == "creditor.country"),
        "{problems:?}"
    );
}

/// A Belgian business with invoices of €1,000 (due 1 July) and €600 (due 1 August) and
/// the given extra payments / credit notes.
fn account(payments: &str, credit_notes: &str) -> Portfolio {
    let customers = "customer_id,name,segment,sector,credit_limit,customer_since,language,b2c\n\
        BEB,Belgian business,,industrial,,2020-01-01,en,false\n";
    let invoices = format!(
        "invoice_id,customer_id,issue_date,due_date,amount,currency\n\
         OLD,BEB,2025-06-01,2025-07-01,1000.00,EUR\n\
         NEW,BEB,2025-07-01,2025-08-01,600.00,EUR\n{credit_notes}"
    );
    let payments = format!(
        "payment_id,customer_id,invoice_id,payment_date,amount,method,reversed_on\n{payments}"
    );
    let imp = import(&[
        ("customers.csv", customers),
        ("invoices.csv", &invoices),
        ("payments.csv", &payments),
    ]);
    assert!(imp.report.problems.is_empty(), "{:?}", imp.report.problems);
    imp.portfolio
}

fn claimed(p: &Portfolio, pol: &Policy, on: &str) -> Vec<(String, String)> {
    let r = dunning::run(p, pol, &History::default(), date(on)).unwrap();
    r.actions
        .iter()
        .flat_map(|a| a.invoices.iter())
        .filter(|l| l.advanced)
        .map(|l| (l.invoice_id.clone(), l.balance.to_string()))
        .collect()
}

#[test]
fn unapplied_cash_and_credit_notes_are_netted_before_anything_is_claimed() {
    let pol = policy("kind = \"statutory\"");
    // 10 August: both invoices are past their friendly step (due + 4).
    let nothing = account("", "");
    assert_eq!(
        claimed(&nothing, &pol, "2025-08-10"),
        vec![
            ("OLD".into(), "1000.00".into()),
            ("NEW".into(), "600.00".into())
        ]
    );
    // €1,000 of unapplied cash covers the oldest invoice: it is not reminded at all.
    let cash = account("U1,BEB,,2025-07-20,1000.00,transfer,\n", "");
    assert_eq!(
        claimed(&cash, &pol, "2025-08-10"),
        vec![("NEW".into(), "600.00".into())]
    );
    // €1,200 of credit (cash 700 + a €500 credit note): OLD covered, NEW claimed for
    // 600 − 200 = €400, with the netting named in the reason.
    let both = account(
        "U1,BEB,,2025-07-20,700.00,transfer,\n",
        "CN1,BEB,2025-07-15,2025-07-15,-500.00,EUR\n",
    );
    assert_eq!(
        claimed(&both, &pol, "2025-08-10"),
        vec![("NEW".into(), "400.00".into())]
    );
    let r = dunning::run(&both, &pol, &History::default(), date("2025-08-10")).unwrap();
    assert!(
        r.actions[0]
            .reason
            .contains("200.00 of unapplied cash and credit notes set against NEW"),
        "{}",
        r.actions[0].reason
    );
    // Everything covered: no letter, no cost.
    let all = account("U1,BEB,,2025-07-20,1600.00,transfer,\n", "");
    assert!(claimed(&all, &pol, "2025-08-10").is_empty());
}

#[test]
fn shown_as_credit_the_invoices_keep_their_balances_but_a_covered_account_gets_nothing() {
    let mut pol = policy("kind = \"statutory\"");
    pol.credit_netting = rappel_core::collections::policy::CreditNetting::ShowAsCredit;
    // €500 of cash: both invoices claimed at their balances, the letter can show it.
    let some = account("U1,BEB,,2025-07-20,500.00,transfer,\n", "");
    assert_eq!(
        claimed(&some, &pol, "2025-08-10"),
        vec![
            ("OLD".into(), "1000.00".into()),
            ("NEW".into(), "600.00".into())
        ]
    );
    // €1,600 of cash covers the whole overdue balance: nothing is claimed.
    let all = account("U1,BEB,,2025-07-20,1600.00,transfer,\n", "");
    assert!(claimed(&all, &pol, "2025-08-10").is_empty());
}

/// Two processes with step kinds: risk class A (friendly, firm, final, handover) and
/// class C (pre-due, friendly, phone, firm, final, handover, sooner), chosen by segment.
fn two_processes() -> Policy {
    let step = |name: &str, kind: &str, offset: i32, channel: &str| {
        format!(
            "[[processes.steps]]\nname = \"{name}\"\nkind = \"{kind}\"\noffset_days = {offset}\nchannel = \"{channel}\"\ntemplate = \"t\"\n"
        )
    };
    let a = [
        step("friendly", "friendly", 4, "email"),
        step("firm", "firm", 8, "email"),
        step("final", "final", 17, "letter"),
        step("handover", "handover", 24, "handover"),
    ]
    .concat();
    let c = [
        step("pre-due", "pre_due", -3, "email"),
        step("friendly", "friendly", 3, "email"),
        step("call", "phone", 6, "phone_task"),
        step("firm", "firm", 10, "email"),
        step("final", "final", 14, "letter"),
        step("handover", "handover", 21, "handover"),
    ]
    .concat();
    let text = format!(
        r#"
version = 1
name = "two classes"
default_language = "en"
[creditor]
country = "BE"
[risk]
no_history_class = "all"
[[risk.classes]]
name = "all"
[[segmentation]]
segments = ["A"]
process = "pA"
[[segmentation]]
segments = ["C"]
process = "pC"
[[processes]]
id = "pA"
{a}
[[processes]]
id = "pC"
{c}
[templates.t.en]
subject = "s"
body = "b {{{{ costs_if_unpaid }}}}"
"#
    );
    policy::parse(&text, PolicyFormat::Toml).unwrap_or_else(|e| panic!("{e:#?}"))
}

fn in_segment(segment: &str) -> Portfolio {
    let customers = format!(
        "customer_id,name,segment,sector,credit_limit,customer_since,language,b2c\n\
         X,Customer X,{segment},industrial,,2020-01-01,en,false\n"
    );
    let invoices = "invoice_id,customer_id,issue_date,due_date,amount,currency\n\
        I,X,2025-07-01,2025-08-01,1000.00,EUR\n";
    let payments = "payment_id,customer_id,invoice_id,payment_date,amount,method,reversed_on\n";
    let imp = import(&[
        ("customers.csv", &customers),
        ("invoices.csv", invoices),
        ("payments.csv", payments),
    ]);
    assert!(imp.report.problems.is_empty(), "{:?}", imp.report.problems);
    imp.portfolio
}

/// Daily runs from 25 July through 31 August in `first`'s process, then from `switch`
/// on in `then`'s: `(date, step)` of every action.
fn through_a_change(first: &str, then: &str, switch: &str) -> Vec<(String, String)> {
    let pol = two_processes();
    let (before, after) = (in_segment(first), in_segment(then));
    let mut history = History::default();
    let mut sent = Vec::new();
    let (from, to, switch) = (date("2025-07-25"), date("2025-08-31"), date(switch));
    for d in from.iter_days().take_while(|d| *d <= to) {
        let p = if d < switch { &before } else { &after };
        let r = dunning::run(p, &pol, &history, d).unwrap();
        history.record(&r.actions);
        sent.extend(r.actions.iter().map(|a| (d.to_string(), a.step.clone())));
    }
    sent
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn a_customer_sliding_from_a_to_c_continues_after_the_firm_letter() {
    // In A: friendly on 1 + 4 = 5 Aug, firm on 9 Aug. In C from 11 Aug: its pre-due,
    // friendly, call and firm count as done (the firm letter was sent); the final notice
    // falls due on 1 + 14 = 15 Aug (and at least 14 − 10 = 4 days after the firm letter:
    // 13 Aug), the handover on 1 + 21 = 22 Aug (7 days after the final: 22 Aug).
    assert_eq!(
        through_a_change("A", "C", "2025-08-11"),
        pairs(&[
            ("2025-08-05", "friendly"),
            ("2025-08-09", "firm"),
            ("2025-08-15", "final"),
            ("2025-08-22", "handover"),
        ])
    );
}

#[test]
fn a_customer_improving_from_c_to_a_still_gets_the_final_notice_before_handover() {
    // In C: pre-due 29 Jul, friendly 4 Aug, call 7 Aug, firm 11 Aug. In A from 13 Aug:
    // friendly and firm are done; the final notice falls due on 1 + 17 = 18 Aug but at
    // least 17 − 8 = 9 days after the firm letter: 20 Aug; the handover on 1 + 24 =
    // 25 Aug but at least 24 − 17 = 7 days after the final: 27 Aug.
    assert_eq!(
        through_a_change("C", "A", "2025-08-13"),
        pairs(&[
            ("2025-07-29", "pre-due"),
            ("2025-08-04", "friendly"),
            ("2025-08-07", "call"),
            ("2025-08-11", "firm"),
            ("2025-08-20", "final"),
            ("2025-08-27", "handover"),
        ])
    );
}

#[test]
fn step_kinds_are_all_or_nothing_and_climb() {
    let mut pol = two_processes();
    pol.processes[0].steps[1].kind = None;
    pol.processes[1].steps.swap(3, 4);
    let problems = policy::validate(&pol);
    let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
    assert!(paths.contains(&"processes[0].steps"), "{paths:?}");
    assert!(paths.contains(&"processes[1].steps[4].kind"), "{paths:?}");
}

#[test]
fn a_grouped_letter_charges_each_invoice_only_what_its_own_step_asks() {
    let customers = "customer_id,name,segment,sector,credit_limit,customer_since,language,b2c\n\
        BEB,Belgian business,,industrial,,2020-01-01,en,false\n";
    let invoices = "invoice_id,customer_id,issue_date,due_date,amount,currency\n\
        OLD,BEB,2025-06-16,2025-07-16,1000.00,EUR\n\
        NEW,BEB,2025-07-01,2025-08-01,1000.00,EUR\n";
    let payments = "payment_id,customer_id,invoice_id,payment_date,amount,method,reversed_on\n";
    let p = import(&[
        ("customers.csv", customers),
        ("invoices.csv", invoices),
        ("payments.csv", payments),
    ])
    .portfolio;
    let actions = daily(
        &p,
        &policy("kind = \"statutory\""),
        "2025-07-10",
        "2025-08-05",
    );
    // 5 August: OLD reaches its final notice (16 Jul + 20), NEW its friendly reminder
    // (1 Aug + 4), in one letter at the final level. Only OLD is charged: €40 and
    // 1000 × 10.50 % × 20 days (17 Jul – 5 Aug) / 365 = 5.75.
    let letter = actions
        .iter()
        .find(|a| a.date == date("2025-08-05"))
        .expect("a letter on 5 August");
    assert_eq!(letter.step, "final");
    assert_eq!(letter.invoices.len(), 2);
    assert_eq!(letter.fee.amount, dec("45.75"));
    assert!(
        letter
            .fee
            .notes
            .iter()
            .any(|n| n.starts_with("NEW: at friendly")),
        "{:?}",
        letter.fee.notes
    );
}

#[test]
fn the_notice_states_the_costs_and_one_deadline_the_consumer_can_rely_on() {
    let actions = daily(
        &portfolio(),
        &policy("kind = \"statutory\""),
        "2025-07-25",
        "2025-08-10",
    );
    // The friendly e-mail of 5 August opens the waiting period: costs from 20 August, so
    // it asks a consumer to pay by 19 August (the last day), not by 5 + 7 = 12 August.
    // Belgian consumer: Book XIX €90; Dutch consumer: WIK €150.
    for (c, costs) in [("BEC", "€90.00"), ("NLC", "€150.00")] {
        let a = of(&actions, c, "friendly");
        assert_eq!(a.pay_by, date("2025-08-19"), "{c}");
        assert!(
            a.message
                .body
                .ends_with(&format!("unpaid by 19 August 2025: {costs}")),
            "{c}: {}",
            a.message.body
        );
    }
    // A business is asked to pay within the step's 7 days.
    assert_eq!(of(&actions, "BEB", "friendly").pay_by, date("2025-08-12"));

    // A notice template that does not print the costs is refused at validation.
    let mut pol = policy("kind = \"statutory\"");
    for t in pol.templates.values_mut().flat_map(|l| l.values_mut()) {
        t.body = "{{ total }}".into();
    }
    let problems = policy::validate(&pol);
    assert!(
        problems
            .iter()
            .any(|p| p.path == "templates.t.en.body" && p.message.contains("costs_if_unpaid")),
        "{problems:?}"
    );
}

#[test]
fn a_later_letter_adds_the_interest_since_the_last_one_without_repeating_the_forty() {
    let mut pol = policy("kind = \"statutory\"");
    let mut again = pol.processes[0].steps[2].clone();
    again.name = "reminder after the final notice".into();
    again.offset_days = 30;
    pol.processes[0].steps.push(again);
    let actions = daily(&portfolio(), &pol, "2025-07-25", "2025-08-31");
    let later = of(&actions, "BEB", "reminder after the final notice");
    assert_eq!(later.date, date("2025-08-31"));
    // The final notice of 21 August charged €80 and interest through 21 August. From 22
    // through 31 August (10 days) at 10.50 %: 1000 × 0.105 × 10 / 365 = 2.88 and 10000 ×
    // 0.105 × 10 / 365 = 28.77; no second €40.
    let lines: Vec<(&str, String)> = later
        .fee
        .lines
        .iter()
        .map(|l| (l.label.as_str(), l.amount.to_string()))
        .collect();
    assert_eq!(
        lines,
        vec![(
            "statutory interest since the last letter",
            "31.65".to_string()
        )]
    );
}

#[test]
fn a_letter_that_charges_nothing_still_states_the_interest_to_its_date() {
    let mut pol = policy("kind = \"statutory\"");
    let mut handover = pol.processes[0].steps[2].clone();
    handover.name = "handover".into();
    handover.offset_days = 30;
    handover.fee = None;
    pol.processes[0].steps.push(handover);
    for t in pol.templates.values_mut().flat_map(|l| l.values_mut()) {
        t.body.push_str(
            "{% if interest_to_date %}; interest to date {{ interest_to_date }}{% endif %}",
        );
    }
    let actions = daily(&portfolio(), &pol, "2025-07-25", "2025-08-31");
    let h = of(&actions, "BEB", "handover");
    assert_eq!(h.date, date("2025-08-31"));
    // Nothing charged; the interest since the final notice of 21 August is stated: 22–31
    // August (10 days) at 10.50 %: 1000 × 0.105 × 10 / 365 = 2.88 and 10000 × 0.105 × 10
    // / 365 = 28.77 → €31.65.
    assert_eq!(h.fee.amount, dec("0.00"));
    assert!(
        h.message.body.ends_with("; interest to date €31.65"),
        "{}",
        h.message.body
    );
    // A consumer's debt bears no statutory interest here: nothing is stated.
    let c = of(&actions, "BEC", "handover");
    assert!(
        !c.message.body.contains("interest to date"),
        "{}",
        c.message.body
    );
}
