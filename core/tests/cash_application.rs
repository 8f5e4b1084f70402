//! Issue 14, cash application: each movement of a statement matched to what it pays,
//! with its confidence and reasons; applied above the threshold, suggested below it;
//! returns reverse their collection; nothing is applied twice; the accounts payers use
//! are learned. Every figure is worked out by hand in the comments.

mod common;

use std::collections::BTreeMap;

use common::{date, dec, import};
use rappel_core::cash::application::{CashReport, Decision, Outcome, apply_statements, record};
use rappel_core::cash::rules::CashRules;
use rappel_core::cash::statement::{BankFormat, BankStatement, BankTransaction, CreditorReference};
use rappel_core::ingest::bank::read_bank;
use rappel_core::ingest::write_table;
use rappel_core::model::{Payment, Portfolio};

const CUSTOMERS: &str = "customer_id,name,segment,sector,credit_limit,customer_since,language,b2c,iban\n\
C1,Bakkerij Jansen BV,,industrial,,2020-01-01,nl,false,BE41 0630 1234 5610\n\
C2,Garage Peeters NV,,industrial,,2020-01-01,nl,false,BE61310126985517\n\
C3,Café De Hoek,,residential,,2020-01-01,nl,true,\n";

// INV0000005 carries the OGM of the public CODA sample's movement 2 (+++240/2838/42818+++).
const INVOICES: &str = "invoice_id,customer_id,issue_date,due_date,amount,currency,order_id,payment_reference\n\
INV0000001,C1,2026-01-05,2026-02-04,100.00,EUR,,\n\
INV0000002,C1,2026-01-06,2026-02-05,250.00,EUR,,\n\
INV0000003,C1,2026-01-07,2026-02-06,400.00,EUR,,\n\
INV0000004,C2,2026-01-05,2026-02-04,1000.00,EUR,,\n\
INV0000005,C2,2012-01-02,2012-01-10,3044.45,EUR,,+++240/2838/42818+++\n\
INV0000006,C3,2026-01-05,2026-02-04,75.50,EUR,,\n\
INV0000007,C1,2026-01-20,2026-02-19,100.00,EUR,,\n\
INV0000008,C2,2026-01-05,2026-02-04,200.00,EUR,,\n\
INV0000009,C2,2026-01-05,2026-02-04,500.00,EUR,,\n";

const PAYMENTS: &str = "payment_id,customer_id,invoice_id,payment_date,amount,method,reversed_on\n\
DD-2026-0001,C2,INV0000008,2026-02-04,200.00,direct_debit,\n";

fn portfolio(payments: &str) -> Portfolio {
    let i = import(&[
        ("customers.csv", CUSTOMERS),
        ("invoices.csv", INVOICES),
        ("payments.csv", payments),
    ]);
    assert!(i.report.problems.is_empty(), "{:#?}", i.report.problems);
    i.portfolio
}

fn tx(id: &str, amount: &str) -> BankTransaction {
    let mut t = BankTransaction::new(&format!("S1/{id}"), date("2026-03-02"), dec(amount), "EUR");
    t.line = 1;
    t.value_date = Some(date("2026-03-02"));
    t.entry_reference = Some(id.into());
    t.bank_code = Some("PMNT-RCDT-ESCT".into());
    t
}

fn from(mut t: BankTransaction, iban: &str, name: &str) -> BankTransaction {
    t.counterparty.iban = Some(iban.into()).filter(|s: &String| !s.is_empty());
    t.counterparty.name = Some(name.into()).filter(|s: &String| !s.is_empty());
    t
}

fn statement(txs: Vec<BankTransaction>) -> BankStatement {
    BankStatement {
        file: "day.xml".into(),
        format: BankFormat::Camt053 {
            version: "001.02".into(),
        },
        id: "S1".into(),
        account: Some("BE68539007547034".into()),
        currency: Some("EUR".into()),
        opening: None,
        closing: None,
        date: Some(date("2026-03-02")),
        transactions: txs,
    }
}

fn movements() -> Vec<BankTransaction> {
    let mut t1 = from(tx("T1", "1000.00"), "NL91ABNA0417164300", "PEETERS HOLDING");
    // INV0000004 has no reference of its own: the engine's OGM is its digits, 4, and
    // 4 mod 97 = 4: +++000/0000/00404+++.
    t1.structured = Some(CreditorReference {
        reference: "+++000/0000/00404+++".into(),
        kind: Some("SCOR".into()),
    });
    let mut t2 = from(tx("T2", "650.00"), "BE41063012345610", "");
    t2.unstructured = vec!["Factuur inv 2 en INV-0000003".into()];
    let t3 = from(tx("T3", "100.00"), "BE41063012345610", "");
    let t4 = from(tx("T4", "75.50"), "", "Café De Hoek");
    let mut t5 = from(tx("T5", "1000.00"), "", "");
    t5.structured = Some(CreditorReference {
        reference: "+++000/0000/00405+++".into(),
        kind: None,
    });
    let mut t7 = from(tx("T7", "-200.00"), "BE61310126985517", "Garage Peeters");
    t7.return_reason = Some("AM04".into());
    t7.end_to_end_id = Some("DD-2026-0001".into());
    t7.bank_code = Some("PMNT-IDDT-UPDD".into());
    let mut t9 = from(tx("T9", "80.00"), "BE41063012345610", "");
    t9.currency = "USD".into();
    let t10 = from(tx("T10", "498.50"), "BE61310126985517", "");
    let out = vec![t1.clone(), t2, t3, t4, t5, t1, t7, t9, t10];
    out
}

fn rules() -> CashRules {
    CashRules {
        tolerance: dec("2.00"),
        ..CashRules::default()
    }
}

fn by_id<'a>(r: &'a CashReport, id: &str) -> Vec<&'a rappel_core::cash::application::EntryMatch> {
    r.entries
        .iter()
        .filter(|e| e.transaction_id == format!("S1/{id}"))
        .collect()
}

#[test]
fn each_movement_gets_its_outcome_confidence_and_reasons() {
    let p = portfolio(PAYMENTS);
    let s = vec![statement(movements())];
    let r = apply_statements(&p, &s, &rules(), &BTreeMap::new());
    let one = |id: &str| by_id(&r, id)[0].clone();
    let alloc = |id: &str| -> Vec<(String, String)> {
        one(id)
            .allocations
            .iter()
            .map(|a| (a.invoice_id.clone(), a.amount.to_string()))
            .collect()
    };

    // T1: a valid structured reference names INV0000004 and pays its 1000.00 in full.
    let t1 = one("T1");
    assert_eq!((t1.outcome, t1.confidence), (Outcome::Applied, dec("1")));
    assert_eq!(alloc("T1"), [("INV0000004".into(), "1000.00".into())]);
    assert!(t1.reasons[0].contains("reference +++000/0000/00404+++ names invoice INV0000004"));
    // The same movement again (an overlapping statement): nothing more.
    assert_eq!(by_id(&r, "T1")[1].outcome, Outcome::AlreadyApplied);

    // T2: "inv 2" and "INV-0000003" in the text, 250 + 400 = 650 exactly, from C1's
    // own account: 0.95 + 0.02.
    let t2 = one("T2");
    assert_eq!((t2.outcome, t2.confidence), (Outcome::Applied, dec("0.97")));
    assert_eq!(
        alloc("T2"),
        [
            ("INV0000002".into(), "250.00".into()),
            ("INV0000003".into(), "400.00".into())
        ]
    );

    // T3: C1's account, 100.00, and two open items of 100.00 (INV0000001 due 4 Feb,
    // INV0000007 due 19 Feb): the oldest, at 0.92 − 0.20 = 0.72, only a suggestion.
    let t3 = one("T3");
    assert_eq!(
        (t3.outcome, t3.confidence),
        (Outcome::Suggested, dec("0.72"))
    );
    assert_eq!(alloc("T3"), [("INV0000001".into(), "100.00".into())]);

    // T4: known by name only (0.75), amount equal to C3's one open item: suggested.
    let t4 = one("T4");
    assert_eq!(
        (t4.outcome, t4.confidence, t4.customer_id.as_deref()),
        (Outcome::Suggested, dec("0.75"), Some("C3"))
    );

    // T5: a structured reference with a wrong check digit (4 mod 97 is 4, not 5): said,
    // read as free text, and with no payer known: suspense.
    let t5 = one("T5");
    assert_eq!(t5.outcome, Outcome::Suspense);
    assert!(
        t5.reasons[0].contains("mod 97 is not 05"),
        "{:?}",
        t5.reasons
    );
    assert!(
        r.problems
            .iter()
            .any(|p| p.contains("day.xml:1") && p.contains("mod 97 is not 05"))
    );

    // T7: a return (AM04) of direct debit DD-2026-0001, found by its end-to-end id.
    let t7 = one("T7");
    assert_eq!(
        (t7.outcome, t7.reversed_payment.as_deref()),
        (Outcome::Returned, Some("DD-2026-0001"))
    );
    assert_eq!(
        t7.return_reason.as_deref(),
        Some("AM04 (insufficient funds)")
    );
    assert_eq!(
        r.reversals(),
        [("DD-2026-0001".to_string(), date("2026-03-02"))]
    );

    // T9: another currency is refused and reported.
    assert_eq!(one("T9").outcome, Outcome::Refused);
    assert!(
        r.problems
            .iter()
            .any(|p| p.contains("is in USD, the portfolio in EUR"))
    );

    // T10: C2's account, 498.50 against INV0000009's 500.00 (INV0000004 was taken by
    // T1, INV0000008 is paid by its direct debit in the data): short by 1.50, within the
    // 2.00 tolerance: settled with a difference, 0.92 − 0.05 = 0.87, a suggestion.
    let t10 = one("T10");
    assert_eq!(
        (t10.outcome, t10.confidence),
        (Outcome::Suggested, dec("0.87"))
    );
    assert_eq!(alloc("T10"), [("INV0000009".into(), "498.50".into())]);
    let d = t10.difference.as_ref().unwrap();
    assert_eq!(
        (d.invoice_id.as_str(), d.amount.to_string()),
        ("INV0000009", "1.50".into())
    );

    // Totals: applied T1 T2 (1650.00), suggested T3 T4 T10, suspense T5, returned T7,
    // already applied, refused.
    assert_eq!(r.total(Outcome::Applied), (2, dec("1650.00")));
    assert_eq!(r.total(Outcome::Suggested).0, 3);
}

#[test]
fn payments_are_recorded_once_and_payers_accounts_are_learned() {
    let p = portfolio(PAYMENTS);
    let s = vec![statement(movements())];
    // A person confirms T4 (Café De Hoek) and rejects T3.
    let decisions = BTreeMap::from([
        ("S1/T4".to_string(), Decision::Confirm),
        ("S1/T3".to_string(), Decision::Reject),
    ]);
    let r = apply_statements(&p, &s, &rules(), &decisions);
    assert_eq!(by_id(&r, "T4")[0].outcome, Outcome::Applied);
    assert_eq!(by_id(&r, "T3")[0].outcome, Outcome::Suspense);
    let pays = r.payments(&s);
    let rows: Vec<(String, Option<String>, String)> = pays
        .iter()
        .map(|p| {
            (
                p.payment_id.to_string(),
                p.invoice_id.as_deref().map(String::from),
                p.amount.to_string(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (
                "S1/T1".to_string(),
                Some("INV0000004".to_string()),
                "1000.00".to_string()
            ),
            ("S1/T2#1".into(), Some("INV0000002".into()), "250.00".into()),
            ("S1/T2#2".into(), Some("INV0000003".into()), "400.00".into()),
            ("S1/T4".into(), Some("INV0000006".into()), "75.50".into()),
        ]
    );
    assert_eq!(pays[0].payer_iban.as_deref(), Some("NL91ABNA0417164300"));

    // Recorded (payments.csv with the new rows and DD-2026-0001 reversed), the same
    // statement adds nothing: every credit already applied, the return already done.
    let mut all: Vec<Payment> = p.payments().to_vec();
    assert_eq!(record(&mut all, &pays, &r.reversals()), 1);
    let csv = String::from_utf8(write_table(&all)).unwrap();
    let p2 = portfolio(&csv);
    // INV0000008 is open again after its return.
    let i8 = p2.invoice_index("INV0000008").unwrap();
    assert_eq!(p2.balance_at(i8, date("2026-03-31")), dec("200.00"));
    let again = apply_statements(&p2, &s, &rules(), &decisions);
    for id in ["T1", "T2", "T4"] {
        assert_eq!(
            by_id(&again, id)[0].outcome,
            Outcome::AlreadyApplied,
            "{id}"
        );
    }
    assert!(again.payments(&s).is_empty());
    // The return finds no collection left to reverse.
    assert_eq!(by_id(&again, "T7")[0].outcome, Outcome::Suspense);

    // A later payment from the account T1 came from (learned: PEETERS HOLDING's
    // NL91…, now C2's), no reference, 200.00: INV0000008's balance, reopened.
    let mut t = from(tx("T11", "200.00"), "NL91 ABNA 0417 1643 00", "");
    t.booking_date = date("2026-03-20");
    let s2 = vec![statement(vec![t])];
    let r = apply_statements(&p2, &s2, &rules(), &BTreeMap::new());
    let e = &r.entries[0];
    assert_eq!(
        (e.outcome, e.customer_id.as_deref()),
        (Outcome::Applied, Some("C2"))
    );
    assert_eq!(e.allocations[0].invoice_id, "INV0000008");
    assert!(
        e.reasons[0].contains("account NL91 ABNA 0417 1643 00 is customer C2's"),
        "{:?}",
        e.reasons
    );
}

#[test]
fn the_coda_sample_pays_the_invoice_its_structured_communication_names() {
    let name = "Ontvangen_CODA.2012-01-11-18.59.15.txt";
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/data/bank/coda")
        .join(name);
    let read = read_bank(name, &std::fs::read(path).unwrap());
    let r = apply_statements(
        &portfolio(PAYMENTS),
        &read.statements,
        &rules(),
        &BTreeMap::new(),
    );
    let outcomes: Vec<Outcome> = r.entries.iter().map(|e| e.outcome).collect();
    // −435.00, −479.04, −479.04: money out; +3044.45 with +++240/2838/42818+++:
    // INV0000005; +63.74 from KBC VERZEKERINGEN NV, unknown: suspense.
    assert_eq!(
        outcomes,
        [
            Outcome::NotReceivable,
            Outcome::Applied,
            Outcome::NotReceivable,
            Outcome::NotReceivable,
            Outcome::Suspense
        ]
    );
    assert_eq!(r.entries[1].allocations[0].invoice_id, "INV0000005");
    assert_eq!(r.entries[1].confidence, dec("1"));
}

#[test]
fn numbers_written_with_or_without_leading_zeros_find_their_invoice() {
    // "inv 7" names INV0000007 (its zero-free key INV#7) though the table keeps no
    // as-written key for it; with INV0042 and INV42 both open the zero-free key INV#42
    // names neither, and the number as written must still tell them apart.
    let invoices = format!(
        "{INVOICES}INV0042,C3,2026-01-10,2026-02-09,42.00,EUR,,\n\
         INV42,C3,2026-01-11,2026-02-10,43.00,EUR,,\n"
    );
    let i = import(&[
        ("customers.csv", CUSTOMERS),
        ("invoices.csv", &invoices),
        ("payments.csv", PAYMENTS),
    ]);
    assert!(i.report.problems.is_empty(), "{:#?}", i.report.problems);
    let mut a = tx("A", "100.00");
    a.unstructured = vec!["betaling inv 7".into()];
    let mut b = tx("B", "43.00");
    b.unstructured = vec!["factuur INV42".into()];
    let mut c = tx("C", "42.00");
    c.unstructured = vec!["factuur inv 0042".into()];
    let r = apply_statements(
        &i.portfolio,
        &[statement(vec![a, b, c])],
        &rules(),
        &BTreeMap::new(),
    );
    let paid: Vec<Vec<&str>> = r
        .entries
        .iter()
        .map(|e| {
            e.allocations
                .iter()
                .map(|a| a.invoice_id.as_str())
                .collect()
        })
        .collect();
    assert_eq!(paid, [["INV0000007"], ["INV42"], ["INV0042"]], "{r:#?}");
}

/// Recording marks each payment named by a return reversed on the first return's date
/// (a second return of the same payment changes nothing), leaves a payment already
/// reversed as it was and every other payment alone, counts the rows it marked and
/// appends the new payments (never marked, even when a return names their id).
#[test]
fn recording_reverses_each_returned_payment_once_on_its_first_return() {
    let pay = |id: &str, reversed: Option<&str>| Payment {
        payment_id: id.into(),
        customer_id: "C1".into(),
        invoice_id: None,
        payment_date: date("2026-03-01"),
        amount: dec("10.00"),
        method: rappel_core::model::PaymentMethod::DirectDebit,
        reversed_on: reversed.map(date),
        payer_iban: None,
    };
    let mut table = vec![
        pay("DD-1", None),
        pay("DD-2", Some("2026-03-05")),
        pay("DD-3", None),
        pay("DD-4", None),
    ];
    let new = [pay("DD-9", None)];
    let returns = [
        ("DD-3".to_string(), date("2026-03-10")),
        ("DD-2".to_string(), date("2026-03-11")),
        ("DD-3".to_string(), date("2026-03-12")),
        ("DD-9".to_string(), date("2026-03-13")),
        ("DD-404".to_string(), date("2026-03-14")),
    ];
    assert_eq!(record(&mut table, &new, &returns), 1);
    let reversed: Vec<(&str, Option<chrono::NaiveDate>)> = table
        .iter()
        .map(|p| (p.payment_id.as_str(), p.reversed_on))
        .collect();
    assert_eq!(
        reversed,
        [
            ("DD-1", None),
            ("DD-2", Some(date("2026-03-05"))),
            ("DD-3", Some(date("2026-03-10"))),
            ("DD-4", None),
            ("DD-9", None),
        ]
    );
}

/// Matching a few movements a step (the dashboard's way) gives the report of matching
/// them all at once: the state one movement leaves for the next (a movement met twice,
/// an invoice already settled, a returned collection, a person's decisions) carries
/// over from step to step, also across statements and an empty one.
#[test]
fn matching_a_step_at_a_time_reports_as_matching_at_once() {
    use rappel_core::cash::application::Matching;
    let p = portfolio(PAYMENTS);
    let all = movements();
    let mut second = statement(all[4..].to_vec());
    second.id = "S2".into();
    let statements = vec![statement(all[..4].to_vec()), statement(Vec::new()), second];
    let decisions = BTreeMap::from([
        ("S1/T4".to_string(), Decision::Confirm),
        ("S1/T3".to_string(), Decision::Reject),
    ]);
    let whole = apply_statements(&p, &statements, &rules(), &decisions);
    // The fixture's movements: 9, among them T1 twice (the second already applied).
    assert_eq!(whole.entries.len(), 9);
    assert_eq!(whole.total(Outcome::AlreadyApplied).0, 1);
    assert_eq!(whole.total(Outcome::Returned).0, 1);
    for rows in [1, 2, 3, 8] {
        let mut m = Matching::new(&statements, rules(), decisions.clone());
        let mut steps = 0;
        let mut last = 0;
        while !m.step(&p, &statements, rows) {
            let (done, of) = m.progress();
            assert_eq!(of, 9);
            assert!(
                done >= last && done - last <= rows,
                "{last} → {done} in {rows}"
            );
            last = done;
            steps += 1;
        }
        assert_eq!(m.progress(), (9, 9));
        // Nine invoices' balances `rows` a step, the lookups, then the nine movements
        // `rows` a step (the step that ends reports it): with one row, 9 + 1 + 8 steps.
        if rows == 1 {
            assert_eq!(steps, 18);
        }
        assert_eq!(m.finish(&p, &statements), whole, "{rows} rows a step");
    }
}
