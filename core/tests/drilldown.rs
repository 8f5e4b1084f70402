//! Drill-down invariants on a generated portfolio: segments partition the customers, a
//! customer's open invoices add up to its balance, and the customer list agrees with the
//! credit exposure.

use chrono::NaiveDate;
use rappel_core::collections::policy::{PolicyFormat, parse};
use rappel_core::drilldown::{customers, invoices};
use rappel_core::generate::{Config, generate};
use rappel_core::model::{Money, Portfolio, round2};

#[test]
fn segments_partition_customers_and_invoices_add_up() {
    let cfg = Config {
        customers: 120,
        invoices: 2_500,
        seed: 9,
        ..Default::default()
    };
    let (p, problems) = Portfolio::build(generate(&cfg), None);
    assert!(problems.is_empty());
    let as_of = NaiveDate::from_ymd_opt(2026, 5, 31).unwrap();
    let policy = parse(
        include_str!("../../examples/policies/wholesale.toml"),
        PolicyFormat::Toml,
    )
    .unwrap();
    let all = customers(&p, None, as_of, Some(&policy.risk));
    assert_eq!(all.len(), p.customers().len());
    let mut per_segment = 0;
    for s in p.segments() {
        let rows = customers(&p, Some(s), as_of, None);
        assert!(
            rows.iter()
                .all(|r| &r.segment == s && r.risk_class.is_none())
        );
        assert!(rows.windows(2).all(|w| w[0].balance >= w[1].balance));
        per_segment += rows.len();
    }
    assert_eq!(per_segment, all.len());
    assert!(customers(&p, Some("no such segment"), as_of, None).is_empty());
    for r in &all {
        let e = rappel_core::credit::exposure(&p, r.index, as_of);
        let open: Money = invoices(&p, r.index, as_of, true)
            .iter()
            .map(|i| i.balance)
            .sum();
        assert_eq!(round2(open), round2(e.open_invoices), "{}", r.customer_id);
        assert_eq!(r.balance, round2(e.open_invoices - e.unapplied_cash));
        assert_eq!(r.available, r.credit_limit.map(|l| round2(l - e.total())));
        let (class, why) = r.risk_class.clone().unwrap();
        assert!(
            policy.risk.classes.iter().any(|c| c.name == class)
                || class == policy.risk.no_history_class,
            "{class}"
        );
        assert!(!why.is_empty());
        let all_inv = invoices(&p, r.index, as_of, false);
        assert!(all_inv.iter().all(|i| i.issue_date <= as_of));
        assert!(
            all_inv
                .windows(2)
                .all(|w| w[0].issue_date >= w[1].issue_date)
        );
        for i in &all_inv {
            assert!(i.payments.iter().all(|x| x.date <= as_of));
        }
    }
}

#[path = "common.rs"]
mod common;

#[test]
fn an_invoice_shows_its_plan_and_promises_once_agreed() {
    let imp = common::import(&[
        (
            "customers.csv",
            "customer_id,name,segment,sector,credit_limit,customer_since,language,b2c\nA,Alpha BV,,industrial,,2020-01-01,nl,false\n",
        ),
        (
            "invoices.csv",
            "invoice_id,customer_id,issue_date,due_date,amount,currency\nI1,A,2026-01-30,2026-03-01,1000.00,EUR\nI2,A,2026-01-30,2026-03-01,200.00,EUR\n",
        ),
        (
            "payments.csv",
            "payment_id,customer_id,invoice_id,payment_date,amount,method,reversed_on\n",
        ),
        (
            "payment_plans.csv",
            "plan_id,customer_id,invoice_ids,agreed_on,due_date,amount\nPL1,A,I1,2026-03-03,2026-03-15,500.00\nPL1,A,I1,2026-03-03,2026-03-31,500.00\n",
        ),
        (
            "promises.csv",
            "promise_id,customer_id,invoice_id,promised_on,pay_by,amount\nPR1,A,I2,2026-03-05,2026-03-12,200.00\n",
        ),
    ]);
    assert!(imp.report.problems.is_empty(), "{:?}", imp.report.problems);
    let p = &imp.portfolio;
    let d = |s: &str| s.parse::<NaiveDate>().unwrap();
    let row = |as_of: &str, id: &str| {
        invoices(p, 0, d(as_of), false)
            .into_iter()
            .find(|r| r.invoice_id == id)
            .unwrap()
    };
    assert_eq!(row("2026-03-02", "I1").plan, None, "not agreed yet");
    let plan = row("2026-03-10", "I1").plan.unwrap();
    assert_eq!(plan.plan_id, "PL1");
    assert_eq!(
        plan.instalments,
        vec![
            (d("2026-03-15"), common::dec("500.00")),
            (d("2026-03-31"), common::dec("500.00"))
        ]
    );
    assert!(row("2026-03-10", "I1").promises.is_empty());
    assert!(row("2026-03-04", "I2").promises.is_empty());
    assert_eq!(
        row("2026-03-10", "I2").promises,
        vec![rappel_core::drilldown::PromiseLine {
            promise_id: "PR1".into(),
            promised_on: d("2026-03-05"),
            pay_by: d("2026-03-12"),
            amount: common::dec("200.00"),
        }]
    );
}
