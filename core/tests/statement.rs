//! The monthly account statement on the hand-computed portfolio of `kpi_hand.rs`.

mod common;

use common::{date, dec, small};
use rappel_core::collections::statement::statement;
use rappel_core::model::Language;

#[test]
fn statement_lists_open_items_and_what_falls_due() {
    let imp = small();
    // Customer B (French): I3 €500 − €200 paid − €100 written off = €200, 11 days
    // overdue; I4 €300 due 24 April; €50 unapplied cash.
    let s = statement(&imp.portfolio, "B", date("2026-03-31"), None, None).unwrap();
    assert_eq!(s.language, Language::Fr);
    let lines: Vec<(&str, _, i64)> = s
        .lines
        .iter()
        .map(|l| (l.invoice_id.as_str(), l.balance, l.days_overdue))
        .collect();
    assert_eq!(
        lines,
        vec![("I3", dec("200.00"), 11), ("I4", dec("300.00"), -24)]
    );
    assert_eq!(
        (s.overdue, s.due_next_30_days, s.unapplied, s.balance),
        (dec("200.00"), dec("300.00"), dec("50.00"), dec("450.00"))
    );
    assert!(
        s.text.starts_with("Relevé de compte Beta (B) — 31/03/2026"),
        "{}",
        s.text
    );
    assert!(
        s.text
            .contains("I3  05/03/2026  20/03/2026  € 500,00  € 200,00  11 jours de retard"),
        "{}",
        s.text
    );
    assert!(s.text.contains("Solde: € 450,00"), "{}", s.text);
    assert!(
        s.html.contains("<tr class=\"overdue\"><td>I3</td>"),
        "{}",
        s.html
    );
    let en = statement(
        &imp.portfolio,
        "B",
        date("2026-03-31"),
        Some(Language::En),
        None,
    )
    .unwrap();
    assert!(en.text.contains("Balance: €450.00"));
    assert!(statement(&imp.portfolio, "nobody", date("2026-03-31"), None, None).is_err());
}

/// With the creditor's policy, every item carries the reference cash application finds
/// it by, and the overdue total comes with the EPC QR code of its transfer.
#[test]
fn with_a_policy_the_statement_asks_for_a_transfer_that_comes_back_matched() {
    use rappel_core::collections::policy::Policy;
    use rappel_core::collections::statement::PayTo;
    let imp = small();
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/policies/wholesale.toml"
    ))
    .unwrap();
    let policy: Policy = toml::from_str(&text).unwrap();
    let pay = PayTo::of(&policy);
    let s = statement(&imp.portfolio, "B", date("2026-03-31"), None, Some(&pay)).unwrap();
    // The policy has no [cash] section: OGM references. I3 → base 3, check 3 mod 97 = 03;
    // I4 → base 4, check 04.
    let refs: Vec<Option<&str>> = s
        .lines
        .iter()
        .map(|l| l.payment_reference.as_deref())
        .collect();
    assert_eq!(
        refs,
        [Some("+++000/0000/00303+++"), Some("+++000/0000/00404+++")]
    );
    // Only I3 (€200.00) is overdue: the transfer asks for it, quoting its reference.
    let t = s
        .transfer
        .as_ref()
        .expect("a transfer of the overdue total");
    assert_eq!(
        (t.amount, t.reference.as_str()),
        (dec("200.00"), "+++000/0000/00303+++")
    );
    assert_eq!(
        t.payload,
        "BCD\n002\n1\nSCT\nGKCCBEBB\nGroothandel Rappel NV\nBE71096123456769\nEUR200\n\n\n+++000/0000/00303+++"
    );
    assert!(s.html.contains("<figure class=\"transfer-qr\"><svg xmlns"));
    // (minijinja escapes `/` in HTML.)
    assert!(s.html.contains("<td>+++000&#x2f;0000&#x2f;00303+++</td>"));
    assert!(
        s.text
            .contains("11 jours de retard  réf. +++000/0000/00303+++"),
        "{}",
        s.text
    );
    assert!(
        s.text.contains(
            "À payer par virement: € 200,00, BE71 0961 2345 6769, réf. +++000/0000/00303+++"
        ),
        "{}",
        s.text
    );
    // The transfer, read back by cash application, pays I3.
    use rappel_core::cash::application::{Outcome, apply_statements};
    use rappel_core::cash::statement::{
        BankFormat, BankStatement, BankTransaction, CreditorReference,
    };
    let mut tx = BankTransaction::new("S/1", date("2026-04-02"), t.amount, "EUR");
    tx.structured = Some(CreditorReference {
        reference: t.reference.clone(),
        kind: None,
    });
    let bank = BankStatement {
        file: "s.xml".into(),
        format: BankFormat::Coda,
        id: "S".into(),
        account: None,
        currency: Some("EUR".into()),
        opening: None,
        closing: None,
        date: Some(date("2026-04-02")),
        transactions: vec![tx],
    };
    let r = apply_statements(&imp.portfolio, &[bank], &policy.cash, &Default::default());
    assert_eq!(r.entries[0].outcome, Outcome::Applied);
    assert_eq!(r.entries[0].allocations[0].invoice_id, "I3");
    // Without a policy: no derived reference (its form is the policy's), no transfer.
    let plain = statement(&imp.portfolio, "B", date("2026-03-31"), None, None).unwrap();
    assert!(plain.lines.iter().all(|l| l.payment_reference.is_none()));
    assert!(plain.transfer.is_none() && !plain.html.contains("<svg"));
}
