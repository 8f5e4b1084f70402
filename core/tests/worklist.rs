//! The collector's worklist: a month-end payer who has not paid in the first week of
//! the next month rises above an otherwise equal customer; disputes and pending
//! promises lower a customer; broken promises raise one; each row explains itself.

mod common;

use common::{date, import};
use rappel_core::collections::policy::{self, PolicyFormat};
use rappel_core::collections::worklist::{Bucket, Factor, habit::Habit, worklist};
use rappel_core::model::Language;

#[test]
fn habit_deviation_and_promises_rank_customers() {
    let customers = "customer_id,name,segment,sector,credit_limit,customer_since,language,b2c\n\
        M,Month-end BV,,industrial,,2020-01-01,nl,false\n\
        N,Newcomer BV,,industrial,,2020-01-01,nl,false\n\
        D,Disputing BV,,industrial,,2020-01-01,nl,false\n\
        P,Promising BV,,industrial,,2020-01-01,nl,false\n";
    let mut invoices = String::from("invoice_id,customer_id,issue_date,due_date,amount,currency\n");
    let mut payments =
        String::from("payment_id,customer_id,invoice_id,payment_date,amount,method,reversed_on\n");
    for (k, (due, paid)) in [
        ("2026-01-15", "2026-01-30"),
        ("2026-02-15", "2026-02-27"),
        ("2026-03-15", "2026-03-30"),
        ("2026-04-15", "2026-04-29"),
    ]
    .iter()
    .enumerate()
    {
        invoices.push_str(&format!("M{k},M,2025-12-15,{due},100.00,EUR\n"));
        payments.push_str(&format!("PM{k},M,M{k},{paid},100.00,transfer,\n"));
    }
    for c in ["M", "N", "D", "P"] {
        invoices.push_str(&format!("{c}X,{c},2026-04-15,2026-05-15,5000.00,EUR\n"));
    }
    invoices.push_str("PY,P,2026-03-01,2026-04-01,50.00,EUR\n");
    let disputes = "dispute_id,invoice_id,opened_on,assessed_on,resolved_on,outcome\nDS,DX,2026-05-20,2026-05-21,,\n";
    let promises = "promise_id,customer_id,invoice_id,promised_on,pay_by,amount\nPR1,P,PY,2026-04-10,2026-04-20,50.00\n";
    let imp = import(&[
        ("customers.csv", customers),
        ("invoices.csv", &invoices),
        ("payments.csv", &payments),
        ("disputes.csv", disputes),
        ("promises.csv", promises),
    ]);
    assert!(imp.report.problems.is_empty(), "{:?}", imp.report.problems);
    let pol = policy::parse(
        include_str!("../../examples/policies/wholesale.toml"),
        PolicyFormat::Toml,
    )
    .unwrap();
    let rows = worklist(&imp.portfolio, &pol, date("2026-06-07"));
    let order: Vec<&str> = rows.iter().map(|r| r.customer_id.as_str()).collect();
    assert_eq!(order, vec!["P", "M", "N", "D"], "{rows:#?}");
    let m = &rows[1];
    assert_eq!(m.habit, Habit::MonthEnd);
    assert_eq!(m.habit_deviation_days, 7);
    assert_eq!(m.bucket, Bucket::AtRisk);
    assert!(
        m.factors.contains(&Factor::PastMonthEnd {
            days: 7,
            points: "14.00".parse().unwrap()
        }),
        "{:?}",
        m.factors
    );
    let texts: Vec<String> = [Language::En, Language::Nl]
        .iter()
        .map(|&l| m.factors[2].text(l, "EUR"))
        .collect();
    assert_eq!(
        texts,
        [
            "usually pays at month end, nothing for the oldest item 7 days after that: 14.00 points",
            "betaalt gewoonlijk aan het einde van de maand, nu 7 dagen daarna niets voor de oudste post: 14,00 punten"
        ]
    );
    assert_eq!(
        m.factors[0].text(Language::Fr, "EUR"),
        "€ 5.000,00 échus sur 1 facture(s) : 34,44 points"
    );
    // 5,000 overdue: 10 × log10(5000) ≈ 10 × (3 + 4/9) = 34.44; 23 days: 11.50; habit 14.
    assert_eq!(m.score, "59.94".parse().unwrap());
    let n = &rows[2];
    assert_eq!(n.habit, Habit::Unknown);
    assert_eq!(n.score, "45.94".parse().unwrap());
    let d = &rows[3];
    assert_eq!(d.bucket, Bucket::Deprioritised);
    assert_eq!(d.score, "22.97".parse().unwrap());
    let p = &rows[0];
    assert_eq!(p.broken_promises, 1);
    assert!(
        p.factors
            .iter()
            .any(|f| matches!(f, Factor::BrokenPromises { count: 1, .. }))
    );
    assert_eq!(
        rows.iter().map(|r| r.rank).collect::<Vec<_>>(),
        vec![1, 2, 3, 4]
    );
}
