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
    let s = statement(&imp.portfolio, "B", date("2026-03-31"), None).unwrap();
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
    let en = statement(&imp.portfolio, "B", date("2026-03-31"), Some(Language::En)).unwrap();
    assert!(en.text.contains("Balance: €450.00"));
    assert!(statement(&imp.portfolio, "nobody", date("2026-03-31"), None).is_err());
}
