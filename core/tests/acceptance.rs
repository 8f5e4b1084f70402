//! Credit acceptance: the shipped scorecard on hand-written applicants (points worked
//! out by hand from examples/policies/wholesale.toml), applicants read from a
//! portfolio, validation, and the error-1 / error-2 backtest on the demo portfolio.

mod common;

use common::{date, dec};
use rappel_core::collections::policy::risk::PaymentHistory;
use rappel_core::collections::policy::{self, Policy, PolicyFormat};
use rappel_core::credit::acceptance::{Applicant, Condition, Decision, Light, backtest, decide};
use rappel_core::generate::{Config, generate};
use rappel_core::model::{Portfolio, Sector};
use rust_decimal::Decimal;

const WHOLESALE: &str = include_str!("../../examples/policies/wholesale.toml");

fn wholesale() -> Policy {
    policy::parse(WHOLESALE, PolicyFormat::Toml).unwrap()
}

fn applicant(
    invoices: u32,
    avg: Option<&str>,
    years: &str,
    sector: Option<Sector>,
    requested: &str,
    score: Option<&str>,
) -> Applicant {
    Applicant {
        sector,
        years_as_customer: dec(years),
        history: PaymentHistory {
            invoices,
            avg_days_late: avg.map(dec),
        },
        requested_limit: dec(requested),
        external_score: score.map(dec),
        insolvent: false,
        days_overdue_now: None,
    }
}

#[test]
fn hand_written_applicants() {
    let p = wholesale();
    let card = p.acceptance.as_ref().unwrap();
    let min = p.risk.min_invoices;

    // 20 start + 40 (0 days late) + 15 (≥ 5 years) + 10 tertiary + 5 (≤ 50,000) + 0 (no
    // score) = 90 → A, green, the limit asked for.
    let v = decide(
        card,
        &applicant(10, Some("0"), "6", Some(Sector::Tertiary), "20000", None),
        min,
    );
    assert_eq!(v.score, Some(90));
    assert_eq!(
        (v.class.as_str(), v.light, v.decision),
        ("A", Light::Green, Decision::Accept)
    );
    assert_eq!(v.proposed_limit, dec("20000.00"));
    assert_eq!(v.reasons.len(), 6);
    assert_eq!(v.reasons[1].characteristic, "payment history");
    assert_eq!(v.reasons[1].points, 40);

    // 20 + 20 (12 days ≤ 15) + 5 (1.5 years) + 0 residential + 0 (60,000 ≤ 200,000) + 5
    // (score 45 ≥ 40) = 50 → B, amber, 60 % of the request, direct debit.
    let v = decide(
        card,
        &applicant(
            6,
            Some("12"),
            "1.5",
            Some(Sector::Residential),
            "60000",
            Some("45"),
        ),
        min,
    );
    assert_eq!(v.score, Some(50));
    assert_eq!((v.class.as_str(), v.light), ("B", Light::Amber));
    assert_eq!(v.decision, Decision::AcceptWithConditions);
    assert_eq!(
        v.conditions,
        vec![Condition::LowerLimit, Condition::DirectDebit]
    );
    assert_eq!(v.proposed_limit, dec("36000.00"));

    // A prospect: 20 + 5 (no history) + 0 years + 5 industrial − 10 (300,000) − 20 (score
    // 30) = 0 → C, red, rejected, no limit.
    let v = decide(
        card,
        &applicant(0, None, "0", Some(Sector::Industrial), "300000", Some("30")),
        min,
    );
    assert_eq!(v.score, Some(0));
    assert_eq!(
        (v.class.as_str(), v.light, v.decision),
        ("C", Light::Red, Decision::Reject)
    );
    assert_eq!(v.proposed_limit, dec("0.00"));

    // Two invoices are "too little history" (3 needed) even when paid early.
    let v = decide(
        card,
        &applicant(2, Some("0"), "0.5", None, "5000", None),
        min,
    );
    // 20 + 5 + 0 − 5 (unknown sector) + 10 (≤ 10,000) + 0 = 30 → C.
    assert_eq!(v.score, Some(30));
    assert_eq!(v.class, "C");
    assert!(
        v.reasons[1].value.contains("too little history"),
        "{:?}",
        v.reasons
    );

    // The cap: 20 + 40 + 15 + 10 − 10 (400,000) + 15 (score 70) = 90 → A, capped at
    // max_limit 250,000.
    let v = decide(
        card,
        &applicant(
            30,
            Some("-2"),
            "10",
            Some(Sector::Tertiary),
            "400000",
            Some("70"),
        ),
        min,
    );
    assert_eq!(v.score, Some(90));
    assert_eq!(v.proposed_limit, dec("250000.00"));

    // Knock-outs come before any points.
    let mut a = applicant(
        30,
        Some("0"),
        "10",
        Some(Sector::Tertiary),
        "1000",
        Some("90"),
    );
    a.days_overdue_now = Some(150);
    let v = decide(card, &a, min);
    assert_eq!(
        (v.score, v.decision, v.light),
        (None, Decision::Reject, Light::Red)
    );
    assert_eq!(v.reasons[0].characteristic, "knock-out");
    assert!(v.reasons[0].value.contains("150 days"));
    a.days_overdue_now = Some(120);
    assert_eq!(decide(card, &a, min).decision, Decision::Accept);
    a.insolvent = true;
    assert_eq!(decide(card, &a, min).decision, Decision::Reject);
}

#[test]
fn applicant_from_a_portfolio() {
    let files = [
        (
            "customers.csv",
            format!(
                "{}C1,Acme,tertiary-A,tertiary,15000,2020-03-01,nl,false\nC2,New,residential-C,residential,,2026-05-01,nl,false\n",
                common::CUSTOMERS_HEADER
            ),
        ),
        (
            "invoices.csv",
            format!(
                "{}I1,C1,2026-01-01,2026-01-31,1000.00,EUR\nI2,C1,2026-02-01,2026-03-03,3000.00,EUR\nI3,C1,2026-03-01,2026-03-31,1000.00,EUR\nI4,C1,2026-05-01,2026-05-31,500.00,EUR\nI5,C2,2026-05-10,2026-06-09,800.00,EUR\n",
                common::INVOICES_HEADER
            ),
        ),
        (
            "payments.csv",
            format!(
                "{}P1,C1,I1,2026-01-31,1000.00,transfer,\nP2,C1,I2,2026-03-13,3000.00,transfer,\nP3,C1,I3,2026-04-10,1000.00,transfer,\n",
                common::PAYMENTS_HEADER
            ),
        ),
    ];
    let refs: Vec<(&str, &str)> = files.iter().map(|(n, b)| (*n, b.as_str())).collect();
    let imported = common::import(&refs);
    assert!(imported.report.problems.is_empty(), "{:?}", imported.report);
    let p = imported.portfolio;
    let as_of = date("2026-06-30");
    let a = Applicant::from_portfolio(&p, 0, as_of, 12, None, None);
    // Paid 0, 10 and 10 days late, and I4 is 30 days overdue so far: (0×1000 + 10×3000 +
    // 10×1000 + 30×500) / 5500 = 10.0 days.
    assert_eq!(a.history.invoices, 4);
    assert_eq!(a.history.avg_days_late, Some(dec("10.0")));
    assert_eq!(a.requested_limit, dec("15000"));
    assert_eq!(a.years_as_customer, dec("6.3"));
    assert_eq!(a.days_overdue_now, Some(30));
    // Without a limit, the request is what was invoiced in the last 3 months.
    let b = Applicant::from_portfolio(&p, 1, as_of, 12, None, None);
    assert_eq!(b.requested_limit, dec("800.00"));
    assert_eq!(b.days_overdue_now, Some(21));
    let b = Applicant::from_portfolio(&p, 1, as_of, 12, Some(dec("2500")), Some(dec("55")));
    assert_eq!(
        (b.requested_limit, b.external_score),
        (dec("2500"), Some(dec("55")))
    );
}

#[test]
fn invalid_scorecards_name_their_fields() {
    let bad = WHOLESALE
        .replace(
            "conditions = [\"lower_limit\", \"direct_debit\"]\nlimit_percent = \"60\"",
            "conditions = []\nlimit_percent = \"160\"",
        )
        .replace("min_points = 35", "min_points = 70");
    let problems: Vec<String> = match policy::parse(&bad, PolicyFormat::Toml) {
        Ok(_) => panic!("accepted"),
        Err(e) => e.into_iter().map(|p| p.to_string()).collect(),
    };
    for want in [
        "acceptance.classes[1].min_points: must be lower than the previous class's",
        "acceptance.classes[1].limit_percent: must be between 0 and 100",
        "acceptance.classes[1].conditions: accept_with_conditions needs at least one condition",
    ] {
        assert!(
            problems.iter().any(|p| p.starts_with(want)),
            "{want}\n{problems:#?}"
        );
    }
}

#[test]
fn backtest_on_the_demo_trades_error_1_against_error_2() {
    let (p, _) = Portfolio::build(generate(&Config::default()), None);
    let policy = wholesale();
    let card = policy.acceptance.as_ref().unwrap();
    let as_of = date("2026-06-30");
    let options = backtest::Options {
        from: date("2025-06-30"),
        months: 6,
        bad_days: 90,
    };
    let b = backtest::backtest(card, &p, as_of, &options, 12, policy.risk.min_invoices);
    assert_eq!(b.customers, b.good + b.bad);
    assert!(b.customers > 1_500, "{}", b.customers);
    // The generator's defaulting customers make some bad ones, but not most.
    assert!(
        b.bad > 20 && b.bad * 4 < b.customers,
        "{} of {}",
        b.bad,
        b.customers
    );
    // Along the curve, a higher cut-off refuses more: error 1 never rises, error 2 never
    // falls.
    assert!(b.curve.len() > 5);
    for w in b.curve.windows(2) {
        assert!(w[0].cutoff < w[1].cutoff);
        assert!(w[1].accepted <= w[0].accepted);
        assert!(w[1].error1 <= w[0].error1);
        assert!(w[1].error2 >= w[0].error2);
        assert!(w[1].error1_loss <= w[0].error1_loss);
    }
    let chosen = b.chosen.as_ref().unwrap();
    assert_eq!(chosen.cutoff, 35);
    assert_eq!(chosen.accepted + chosen.rejected, b.customers);
    // The scorecard refuses a bigger share of bad customers than of good ones: better
    // than chance.
    let refused_bad = Decimal::ONE_HUNDRED - chosen.error1_percent.unwrap();
    let refused_good = chosen.error2_percent.unwrap();
    assert!(refused_bad > refused_good * Decimal::TWO, "{chosen:?}");
    assert!(b.method.iter().any(|m| m.contains("error 2 is estimated")));
}
