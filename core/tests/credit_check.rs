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
