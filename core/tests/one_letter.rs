//! Issue 13, "one letter per customer per run": a run sends a customer one letter at the
//! highest level due (final notices included) and one handover, each listing every
//! invoice it claims; statutory costs are computed on the claim (a consumer always, a
//! business unless the policy says `costs_basis = "per_invoice"`); each invoice keeps
//! its own step, so the next run continues from there. Every figure is computed by hand.

mod common;

use common::{daily, date, dec, import};
use rappel_core::collections::dunning::{self, Action, History};
use rappel_core::collections::policy::{self, Policy, PolicyFormat};
use rappel_core::model::Portfolio;

/// A Dutch creditor; no step groups (`group = false`): one letter per customer comes
/// from the engine, not from the policy.
fn policy(extra: &str) -> Policy {
    let text = format!(
        r#"
version = 1
name = "Dutch creditor"
default_language = "en"
{extra}
[creditor]
name = "Groothandel BV"
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
[[processes.steps]]
name = "friendly"
kind = "friendly"
offset_days = 4
channel = "email"
template = "t"
[[processes.steps]]
name = "firm"
kind = "firm"
offset_days = 10
channel = "email"
template = "t"
[[processes.steps]]
name = "final"
kind = "final"
offset_days = 30
channel = "letter"
template = "t"
fee = "wik"
[[processes.steps]]
name = "handover"
kind = "handover"
offset_days = 45
channel = "handover"
template = "t"
min_amount = "400.00"
[templates.t.en]
subject = "{{{{ step.name }}}}"
body = "{{% for i in invoices %}}{{{{ i.id }}}} {{{{ i.balance }}}}; {{% endfor %}}costs {{{{ fees }}}}{{% if costs_if_unpaid %}}; unpaid by {{{{ pay_by }}}}: {{{{ costs_if_unpaid }}}}{{% endif %}}"
"#
    );
    policy::parse(&text, PolicyFormat::Toml).unwrap_or_else(|e| panic!("{e:#?}"))
}

/// One customer (`b2c` or not) with three invoices of €150, all due 1 March 2026.
fn three_invoices(b2c: bool) -> Portfolio {
    let customers = format!(
        "customer_id,name,segment,sector,credit_limit,customer_since,language,b2c,country\n\
         K,Klant,,industrial,,2020-01-01,en,{b2c},NL\n"
    );
    let invoices = "invoice_id,customer_id,issue_date,due_date,amount,currency\n\
        A1,K,2026-02-01,2026-03-01,150.00,EUR\n\
        A2,K,2026-02-01,2026-03-01,150.00,EUR\n\
        A3,K,2026-02-01,2026-03-01,150.00,EUR\n";
    let payments = "payment_id,customer_id,invoice_id,payment_date,amount,method,reversed_on\n";
    let imp = import(&[
        ("customers.csv", &customers),
        ("invoices.csv", invoices),
        ("payments.csv", payments),
    ]);
    assert!(imp.report.problems.is_empty(), "{:?}", imp.report.problems);
    imp.portfolio
}

fn ids(a: &Action) -> Vec<&str> {
    a.invoices.iter().map(|l| l.invoice_id.as_str()).collect()
}

#[test]
fn three_invoices_get_one_letter_per_step_and_one_claim_of_costs() {
    let actions = daily(
        &three_invoices(false),
        &policy(""),
        "2026-03-01",
        "2026-04-30",
    );
    // One action per step, each listing the three invoices: friendly 5 March, firm 11
    // March, final 31 March, handover 15 April.
    let steps: Vec<(&str, String, Vec<&str>)> = actions
        .iter()
        .map(|a| (a.step.as_str(), a.date.to_string(), ids(a)))
        .collect();
    let all = vec!["A1", "A2", "A3"];
    assert_eq!(
        steps,
        vec![
            ("friendly", "2026-03-05".into(), all.clone()),
            ("firm", "2026-03-11".into(), all.clone()),
            ("final", "2026-03-31".into(), all.clone()),
            ("handover", "2026-04-15".into(), all.clone()),
        ]
    );
    // WIK on the claim, €450: 15 % × 450 = €67.50 (above the €40 minimum), not 3 ×
    // €40 = €120 per invoice.
    let last = &actions[2];
    assert_eq!(last.fee.amount, dec("67.50"));
    assert!(
        last.invoices
            .iter()
            .all(|l| l.fee_rule.as_deref() == Some("wik"))
    );
    // The handover's minimum (€400) is met by the claim (€450), not by any invoice.
    assert_eq!(actions[3].total, dec("450.00"));
}

#[test]
fn a_business_policy_may_compute_costs_per_invoice_but_a_consumer_is_one_claim() {
    let per_invoice = policy("costs_basis = \"per_invoice\"");
    // Business: WIK on each €150 alone is 15 % × 150 = 22.50, raised to the €40
    // minimum: 3 × 40 = €120.
    let b2b = daily(
        &three_invoices(false),
        &per_invoice,
        "2026-03-01",
        "2026-03-31",
    );
    let final_b2b = b2b.iter().find(|a| a.step == "final").unwrap();
    assert_eq!(final_b2b.fee.amount, dec("120.00"));
    // Consumer: always one claim (Besluit BIK art. 2 lid 1): €67.50. The free
    // friendly e-mail of 5 March opened the 14-day period (costs from 20 March).
    let b2c = daily(
        &three_invoices(true),
        &per_invoice,
        "2026-03-01",
        "2026-03-31",
    );
    let final_b2c = b2c.iter().find(|a| a.step == "final").unwrap();
    assert_eq!(final_b2c.fee.amount, dec("67.50"));
}

#[test]
fn a_letter_at_a_higher_level_carries_a_younger_invoice_at_its_own_step() {
    // A1 falls due 1 March; B1 (€200) on 21 March.
    let customers = "customer_id,name,segment,sector,credit_limit,customer_since,language,b2c,country\n\
        K,Klant,,industrial,,2020-01-01,en,false,NL\n";
    let invoices = "invoice_id,customer_id,issue_date,due_date,amount,currency\n\
        A1,K,2026-02-01,2026-03-01,150.00,EUR\n\
        B1,K,2026-02-21,2026-03-21,200.00,EUR\n";
    let payments = "payment_id,customer_id,invoice_id,payment_date,amount,method,reversed_on\n";
    let p = import(&[
        ("customers.csv", customers),
        ("invoices.csv", invoices),
        ("payments.csv", payments),
    ])
    .portfolio;
    let actions = daily(&p, &policy(""), "2026-03-01", "2026-04-30");
    let at = |d: &str| -> Vec<(&str, Vec<(&str, usize)>)> {
        actions
            .iter()
            .filter(|a| a.date == date(d))
            .map(|a| {
                let lines = a
                    .invoices
                    .iter()
                    .map(|l| (l.invoice_id.as_str(), l.level))
                    .collect();
                (a.step.as_str(), lines)
            })
            .collect()
    };
    // 25 March: B1's friendly (21 + 4); A1's firm was on 11 March, its final is due
    // 31 March: B1 goes alone.
    assert_eq!(at("2026-03-25"), vec![("friendly", vec![("B1", 1)])]);
    // 31 March: A1's final and B1's firm (21 + 10) in one letter at the final level;
    // each invoice at its own level. WIK only on A1 (its own step charges): €40 (15 % ×
    // 150 = 22.50 < 40). The letter announces B1's costs if it stays unpaid: WIK on
    // €200 = €40.
    assert_eq!(
        at("2026-03-31"),
        vec![("final", vec![("A1", 3), ("B1", 2)])]
    );
    let last = actions
        .iter()
        .find(|a| a.date == date("2026-03-31"))
        .unwrap();
    assert_eq!(last.fee.amount, dec("40.00"));
    assert!(
        last.message.body.ends_with(": €40.00"),
        "{}",
        last.message.body
    );
    // B1 continues from its own step: its final notice on 20 April (21 March + 30), not
    // a second firm letter. A1's handover falls due on 15 April (1 March + 45), alone:
    // €150 is below the €400 minimum, so it is held, not handed over.
    assert_eq!(at("2026-04-20"), vec![("final", vec![("B1", 3)])]);
    assert!(
        actions.iter().all(|a| a.step != "handover"),
        "a claim below the handover minimum is held"
    );
}

#[test]
fn an_interest_table_for_one_regime_replaces_only_that_regimes_rates() {
    // A contract at 12 % for Belgian businesses; Dutch businesses keep the statutory
    // handelsrente.
    let text = r#"
version = 1
name = "tables"
default_language = "en"
[creditor]
country = "BE"
[risk]
no_history_class = "all"
[[risk.classes]]
name = "all"
[fees.s]
kind = "statutory"
[[interest_tables.be-b2b]]
valid_from = "2025-01-01"
rate = "12"
source = "court order of 3 March 2025 (example)"
[[segmentation]]
process = "p"
[[processes]]
id = "p"
[[processes.steps]]
name = "final"
offset_days = 31
channel = "letter"
template = "t"
fee = "s"
[templates.t.en]
body = "{{ fees }}"
"#;
    let pol = policy::parse(text, PolicyFormat::Toml).unwrap_or_else(|e| panic!("{e:#?}"));
    let customers = "customer_id,name,segment,sector,credit_limit,customer_since,language,b2c,country\n\
        BE,Belgian business,,industrial,,2020-01-01,en,false,BE\n";
    let invoices = "invoice_id,customer_id,issue_date,due_date,amount,currency\n\
        I,BE,2025-07-01,2025-07-31,10000.00,EUR\n";
    let payments = "payment_id,customer_id,invoice_id,payment_date,amount,method,reversed_on\n";
    let p = import(&[
        ("customers.csv", customers),
        ("invoices.csv", invoices),
        ("payments.csv", payments),
    ])
    .portfolio;
    let r = dunning::run(&p, &pol, &History::default(), date("2025-08-31")).unwrap();
    // €40 and 10000 × 12 % × 31 days (1–31 August) / 365 = 101.92 (the statutory
    // 10.50 % would give 89.18).
    assert_eq!(r.actions[0].fee.amount, dec("141.92"));
    // The Dutch table is untouched: the NL B2B terms still carry the handelsrente.
    let book = pol.terms_book();
    let nl = book.terms(rappel_core::collections::law::Regime::NlB2b);
    assert_eq!(
        nl.rates.rate_on(date("2025-08-01")).map(|r| r.0),
        Some(dec("10.15"))
    );
}
