//! The order check of DOMAIN.md §4 on the hand-computed portfolio.

mod common;

use common::{date, dec, small};
use rappel_core::credit::{CreditError, CreditRules, Decision, ReasonCode, check_credit};

#[test]
fn available_credit_counts_open_invoices_credit_notes_and_open_orders() {
    let p = small().portfolio;
    // A at 03-31: I2 2000 + CN1 -200 = 1800 open, O1 3000 open (O2 invoiced 03-05).
    // Available = 10000 - 1800 - 3000 = 5200.
    let c = check_credit(
        &p,
        "A",
        dec("5000"),
        date("2026-03-31"),
        &CreditRules::default(),
    )
    .unwrap();
    assert_eq!(c.exposure.open_invoices, dec("1800.00"));
    assert_eq!(c.exposure.open_orders, dec("3000.00"));
    assert_eq!(c.available, Some(dec("5200.00")));
    assert!(c.fits);
    assert_eq!(c.decision, Decision::Approve);
    assert_eq!(c.exposure.oldest_days_past_due, Some(14));

    let c = check_credit(
        &p,
        "A",
        dec("6000"),
        date("2026-03-31"),
        &CreditRules::default(),
    )
    .unwrap();
    assert!(!c.fits);
    assert_eq!(c.decision, Decision::Hold);
    assert_eq!(c.reasons[0].code, ReasonCode::OverLimit);
    assert!(
        c.reasons[0].message.contains("by 800.00"),
        "{}",
        c.reasons[0].message
    );

    let strict = CreditRules {
        overdue_tolerance_days: 10,
        ..CreditRules::default()
    };
    let c = check_credit(&p, "A", dec("100"), date("2026-03-31"), &strict).unwrap();
    assert_eq!(c.decision, Decision::Hold);
    let codes: Vec<_> = c.reasons.iter().map(|r| r.code).collect();
    assert_eq!(codes, [ReasonCode::WithinLimit, ReasonCode::OverdueBalance]);
}

#[test]
fn unapplied_cash_adds_to_available_credit_and_no_limit_is_said() {
    let p = small().portfolio;
    let c = check_credit(
        &p,
        "B",
        dec("1"),
        date("2026-03-31"),
        &CreditRules::default(),
    )
    .unwrap();
    assert_eq!(c.exposure.unapplied_cash, dec("50.00"));
    assert_eq!(c.available, None);
    assert_eq!(c.reasons[0].code, ReasonCode::NoLimitSet);
    assert_eq!(c.decision, Decision::Approve);
}

#[test]
fn bad_requests_are_errors() {
    let p = small().portfolio;
    assert_eq!(
        check_credit(
            &p,
            "Z",
            dec("1"),
            date("2026-03-31"),
            &CreditRules::default()
        )
        .unwrap_err(),
        CreditError::UnknownCustomer("Z".into())
    );
    assert!(matches!(
        check_credit(
            &p,
            "A",
            dec("0"),
            date("2026-03-31"),
            &CreditRules::default()
        ),
        Err(CreditError::InvalidAmount(_))
    ));
}

#[test]
fn the_account_status_rejects_or_holds_whatever_the_limit_says() {
    use rappel_core::credit::{Exposure, decide};
    use rappel_core::model::CustomerStatus;
    // Limit 10,000, nothing open: 1,000 fits (available 10,000).
    let nothing = Exposure {
        open_invoices: dec("0"),
        unapplied_cash: dec("0"),
        open_orders: dec("0"),
        overdue: dec("0"),
        oldest_days_past_due: None,
    };
    let d = |status| {
        decide(
            "X",
            Some(dec("10000")),
            status,
            nothing.clone(),
            dec("1000"),
            date("2026-03-31"),
            &CreditRules::default(),
        )
        .unwrap()
    };
    let ok = d(CustomerStatus::Active);
    assert_eq!(ok.decision, Decision::Approve);
    for (status, decision, code) in [
        (
            CustomerStatus::Insolvent,
            Decision::Reject,
            ReasonCode::Insolvent,
        ),
        (
            CustomerStatus::CollectionPartner,
            Decision::Reject,
            ReasonCode::CollectionPartner,
        ),
        (
            CustomerStatus::DeliveryStopped,
            Decision::Hold,
            ReasonCode::DeliveryStopped,
        ),
    ] {
        let c = d(status);
        assert_eq!(c.decision, decision, "{status:?}");
        // The status first, then the limit check that still ran.
        assert_eq!(c.reasons[0].code, code);
        assert_eq!(c.reasons[1].code, ReasonCode::WithinLimit);
        assert!(c.fits);
    }
}

/// A customer with a €10,000 limit and two orders without `invoiced_on`: O1 (€3,000) is
/// billed in full by I1 on 5 March, O2 (€5,000) in part by I2 (€2,000) on 6 March. I9
/// names an order of another customer and links nothing.
fn ordered() -> rappel_core::model::Portfolio {
    let imp = common::import(&[
        (
            "customers.csv",
            "customer_id,name,segment,sector,credit_limit,customer_since,language,b2c\n\
             A,Alpha,,industrial,10000,2020-01-01,en,false\n\
             Z,Zeta,,industrial,10000,2020-01-01,en,false\n",
        ),
        (
            "invoices.csv",
            "invoice_id,customer_id,issue_date,due_date,amount,currency,order_id\n\
             I1,A,2026-03-05,2026-04-04,3000.00,EUR,O1\n\
             I2,A,2026-03-06,2026-04-05,2000.00,EUR,O2\n\
             I9,Z,2026-03-06,2026-04-05,1000.00,EUR,O2\n",
        ),
        (
            "orders.csv",
            "order_id,customer_id,order_date,amount,invoiced_on\n\
             O1,A,2026-03-01,3000.00,\n\
             O2,A,2026-03-02,5000.00,\n",
        ),
        (
            "payments.csv",
            "payment_id,customer_id,invoice_id,payment_date,amount,method,reversed_on\n",
        ),
    ]);
    assert!(imp.report.problems.is_empty(), "{:?}", imp.report.problems);
    imp.portfolio
}

#[test]
fn an_order_and_the_invoice_that_bills_it_are_counted_once() {
    let p = ordered();
    let rules = CreditRules::default();
    // 4 March, nothing invoiced yet: orders 3000 + 5000 = 8000; available 10000 − 8000.
    let c = check_credit(&p, "A", dec("100"), date("2026-03-04"), &rules).unwrap();
    assert_eq!(c.exposure.open_invoices, dec("0"));
    assert_eq!(c.exposure.open_orders, dec("8000.00"));
    assert_eq!(c.available, Some(dec("2000.00")));
    // 10 March: invoices 3000 + 2000 = 5000; O1 billed in full, O2 has 5000 − 2000 =
    // 3000 left; exposure 8000, not 5000 + 8000 = 13000.
    let c = check_credit(&p, "A", dec("100"), date("2026-03-10"), &rules).unwrap();
    assert_eq!(c.exposure.open_invoices, dec("5000.00"));
    assert_eq!(c.exposure.open_orders, dec("3000.00"));
    assert_eq!(c.available, Some(dec("2000.00")));
    // The order of another customer is not billed by Z's invoice.
    assert_eq!(p.invoices_of_order(1), &[1]);
    // O1 counts as invoiced on 5 March (its invoice), O2 not yet (3000 open).
    assert_eq!(
        p.order_invoiced_by(0, date("2026-03-10")),
        Some(date("2026-03-05"))
    );
    assert_eq!(p.order_invoiced_by(1, date("2026-03-10")), None);
}

#[test]
fn the_forecast_counts_an_order_billed_by_an_open_invoice_once() {
    use rappel_core::risk::{behaviour, forecast};
    let p = ordered();
    let as_of = date("2026-03-10");
    let b = behaviour::calibrate(&p, as_of, &behaviour::Options::default());
    let f = forecast::forecast(&p, &b, as_of, &forecast::Options::default());
    // Open invoices I1 + I2 = 5000 (Z's I9 1000 too: 6000); orders: only what O2 has
    // left to bill, 5000 − 2000 = 3000.
    assert_eq!(f.open_invoices, dec("6000.00"));
    assert_eq!(f.open_orders, dec("3000.00"));
}

#[test]
fn a_customer_without_a_limit_is_approved_or_referred_as_the_rules_say() {
    let p = small().portfolio;
    // B has no credit limit and nothing overdue beyond 30 days on 25 March (I3 due 20
    // March, 5 days).
    let approve = check_credit(
        &p,
        "B",
        dec("100"),
        date("2026-03-25"),
        &CreditRules::default(),
    )
    .unwrap();
    assert_eq!(approve.decision, Decision::Approve);
    assert_eq!(approve.reasons[0].code, ReasonCode::NoLimitSet);
    let refer = CreditRules {
        when_no_limit: rappel_core::credit::NoLimit::Refer,
        ..CreditRules::default()
    };
    let c = check_credit(&p, "B", dec("100"), date("2026-03-25"), &refer).unwrap();
    assert_eq!(c.decision, Decision::Hold);
    assert_eq!(c.reasons[0].code, ReasonCode::NoLimitSet);
    assert!(
        c.reasons[0].message.contains("referred"),
        "{}",
        c.reasons[0].message
    );
    // A customer with a limit is not affected: A within its limit is approved.
    let a = check_credit(&p, "A", dec("100"), date("2026-03-01"), &refer).unwrap();
    assert_eq!(a.decision, Decision::Approve);
}
