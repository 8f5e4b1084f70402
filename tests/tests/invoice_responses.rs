//! Every Peppol Invoice Response example reads, and each code has its effect on the
//! dispute register, the promises and the dunning run (DOMAIN.md §7).

use std::path::PathBuf;

use chrono::NaiveDate;
use rappel_core::collections::disputes::{self, Sla};
use rappel_core::collections::dunning::{self, History, HoldReason};
use rappel_core::collections::policy::{self, PolicyFormat};
use rappel_core::ingest::imr::{InvoiceResponse, ResponseCode, parse_response};
use rappel_core::ingest::{CsvFile, ImportOptions, read_csv};
use rappel_core::model::{Portfolio, Tables};

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/peppol/invoice-responses")
}

fn read(name: &str) -> InvoiceResponse {
    let path = dir().join(name);
    let xml = std::fs::read_to_string(&path).unwrap();
    parse_response(name, &xml).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn every_example_reads() {
    let mut codes = Vec::new();
    let mut names: Vec<_> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names.len(), 14);
    for n in &names {
        let r = read(n);
        assert_eq!(r.invoice_id, "inv021", "{n}");
        codes.push((n.split('-').nth(1).unwrap_or("example").to_string(), r.code));
    }
    use ResponseCode::*;
    let expected = [RE, IP, IP, IP, AP, RE, RE, RE, CA, UQ, UQ, UQ, PD, AP];
    assert_eq!(
        codes.iter().map(|c| c.1).collect::<Vec<_>>(),
        expected,
        "{codes:?}"
    );
    let uq = read("T111-uc006a-Under_query_missing_information.xml");
    assert_eq!(uq.effective_date, NaiveDate::from_ymd_opt(2017, 12, 2));
    assert_eq!(uq.reasons, vec!["REF"]);
    assert_eq!(uq.actions, vec!["PIN"]);
    assert!(uq.details.contains(&"PO0001".to_string()));
}

/// Only `cac:Status` and its `cbc:` elements are the buyer's answer: a `Status` of an
/// extension's namespace beside it, and an extension's element named `StatusReason`
/// inside it, are not read as reasons, actions or details (the mutant that matches by
/// name alone reads `NON`, `NIN` and both texts).
#[test]
fn status_elements_of_other_namespaces_are_not_the_answer() {
    let xml =
        std::fs::read_to_string(dir().join("T111-uc006a-Under_query_missing_information.xml"))
            .unwrap();
    let foreign = r#"<x:Status xmlns:x="urn:example:extension">
				<cbc:StatusReasonCode listID="OPStatusReason">NON</cbc:StatusReasonCode>
				<cbc:StatusReasonCode listID="OPStatusAction">NIN</cbc:StatusReasonCode>
				<cbc:StatusReason>not the buyer's</cbc:StatusReason>
			</x:Status>
			<cac:Status>
				<x:StatusReason xmlns:x="urn:example:extension">nor this</x:StatusReason>
				<cbc:StatusReason>the buyer's reason</cbc:StatusReason>
			</cac:Status>
			<cac:Status>
				<cbc:StatusReasonCode listID="OPStatusAction">PIN</cbc:StatusReasonCode>"#;
    let anchor = r#"<cac:Status>
				<cbc:StatusReasonCode listID="OPStatusAction">PIN</cbc:StatusReasonCode>"#;
    assert!(xml.contains(anchor));
    let r =
        parse_response("ext.xml", &xml.replace(anchor, foreign)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.reasons, vec!["REF"]);
    assert_eq!(r.actions, vec!["PIN"]);
    assert_eq!(r.details, vec!["PO0001", "the buyer's reason"]);
}

#[test]
fn broken_responses_are_problems_with_a_line() {
    let e = parse_response("x.xml", "<ApplicationResponse><unclosed>").unwrap_err();
    assert!(e.reason.contains("not well-formed"));
    assert!(e.line.is_some());
    let xml = std::fs::read_to_string(dir().join("T111-uc003-Invoice_is_accepted.xml")).unwrap();
    let bad = xml.replace(">AP<", ">ZZ<");
    let e = parse_response("bad.xml", &bad).unwrap_err();
    assert_eq!(e.column.as_deref(), Some("ResponseCode"));
    assert!(e.line.unwrap() > 1);
    let e = parse_response("inv.xml", "<Invoice/>").unwrap_err();
    assert!(e.reason.contains("not a Peppol Invoice Response"));
}

fn portfolio() -> Portfolio {
    let files = [
        (
            "customers.csv",
            "customer_id,name,segment,sector,credit_limit,customer_since,language,b2c\nB1,Buyer organization,,tertiary,,2017-01-01,en,false\n",
        ),
        (
            "invoices.csv",
            "invoice_id,customer_id,issue_date,due_date,amount,currency\ninv021,B1,2017-11-20,2017-12-20,1000.00,EUR\n",
        ),
        (
            "payments.csv",
            "payment_id,customer_id,invoice_id,payment_date,amount,method,reversed_on\n",
        ),
    ];
    let files: Vec<CsvFile<'_>> = files
        .iter()
        .map(|(n, b)| CsvFile {
            name: n,
            bytes: b.as_bytes(),
        })
        .collect();
    let imp = read_csv(&files, &ImportOptions::default());
    assert!(imp.report.problems.is_empty());
    imp.portfolio
}

#[test]
fn under_query_holds_dunning_and_accepted_closes_the_dispute() {
    let p = portfolio();
    let mut t: Tables = p.tables().clone();
    let uq = read("T111-uc006a-Under_query_missing_information.xml");
    let out = disputes::apply_responses(
        &p,
        &mut t.disputes,
        &mut t.promises,
        std::slice::from_ref(&uq),
        10,
    );
    assert!(out[0].changed, "{out:?}");
    assert_eq!(t.disputes.len(), 1);
    assert_eq!(
        t.disputes[0].opened_on,
        NaiveDate::from_ymd_opt(2017, 12, 2).unwrap()
    );
    // Importing it again changes nothing.
    let again = disputes::apply_responses(&p, &mut t.disputes, &mut t.promises, &[uq], 10);
    assert!(!again[0].changed);
    assert_eq!(t.disputes.len(), 1);

    let (held_p, problems) = Portfolio::build(t.clone(), None);
    assert!(problems.is_empty());
    let reg = disputes::register(&held_p, NaiveDate::from_ymd_opt(2017, 12, 10).unwrap());
    assert_eq!(reg.entries[0].sla, Sla::Overdue);
    assert_eq!(reg.kpis.assessment_overdue, 1);
    let pol = policy::parse(
        include_str!("../../examples/policies/small-business.toml"),
        PolicyFormat::Toml,
    )
    .unwrap();
    let r = dunning::run(
        &held_p,
        &pol,
        &History::default(),
        NaiveDate::from_ymd_opt(2017, 12, 28).unwrap(),
    )
    .unwrap();
    assert!(r.actions.is_empty());
    assert_eq!(r.held[0].reason, HoldReason::Dispute);

    // Accepted on 2017-12-01 (uc003) is before the query: nothing to close yet. A later
    // acceptance closes it.
    let mut ap = read("T111-uc003-Invoice_is_accepted.xml");
    ap.issue_date = NaiveDate::from_ymd_opt(2017, 12, 5).unwrap();
    ap.response_id = "imrid009".into();
    let out = disputes::apply_responses(&p, &mut t.disputes, &mut t.promises, &[ap], 10);
    assert!(out[0].changed, "{out:?}");
    assert_eq!(
        t.disputes[0].resolved_on,
        NaiveDate::from_ymd_opt(2017, 12, 5)
    );
    let (closed_p, _) = Portfolio::build(t, None);
    let reg = disputes::register(&closed_p, NaiveDate::from_ymd_opt(2017, 12, 10).unwrap());
    assert_eq!(reg.kpis.open, 0);
    assert_eq!(reg.kpis.avg_days_to_resolve, Some("3.00".parse().unwrap()));
    let r = dunning::run(
        &closed_p,
        &pol,
        &History::default(),
        NaiveDate::from_ymd_opt(2017, 12, 28).unwrap(),
    )
    .unwrap();
    assert_eq!(r.actions.len(), 1);
}

#[test]
fn rejected_opens_paid_promises_and_others_are_noted() {
    let p = portfolio();
    let mut t: Tables = p.tables().clone();
    let all: Vec<InvoiceResponse> = [
        "T111-uc001-Invoice_in_process.xml",
        "T111-uc004a-Invoice_is_rejected.xml",
        "T111-uc005-Invoice_is_conditionally_accepted.xml",
    ]
    .iter()
    .map(|n| read(n))
    .collect();
    let out = disputes::apply_responses(&p, &mut t.disputes, &mut t.promises, &all, 10);
    assert_eq!(out.iter().filter(|o| o.changed).count(), 1, "{out:?}");
    assert!(
        out.iter()
            .any(|o| o.code == ResponseCode::RE && o.effect.starts_with("rejected: dispute"))
    );
    let mut t2: Tables = p.tables().clone();
    let pd = read("T111-uc007-Payment_has_been_initiated.xml");
    let out = disputes::apply_responses(&p, &mut t2.disputes, &mut t2.promises, &[pd], 10);
    assert!(out[0].changed);
    assert_eq!(t2.promises.len(), 1);
    assert_eq!(
        t2.promises[0].pay_by,
        NaiveDate::from_ymd_opt(2018, 1, 9).unwrap()
    );
    assert_eq!(t2.promises[0].amount, "1000.00".parse().unwrap());
    let (pp, problems) = Portfolio::build(t2, None);
    assert!(problems.is_empty());
    let pol = policy::parse(
        include_str!("../../examples/policies/small-business.toml"),
        PolicyFormat::Toml,
    )
    .unwrap();
    let r = dunning::run(
        &pp,
        &pol,
        &History::default(),
        NaiveDate::from_ymd_opt(2018, 1, 5).unwrap(),
    )
    .unwrap();
    assert!(r.actions.is_empty());
    assert_eq!(r.held[0].reason, HoldReason::Promise);
}

#[test]
fn files_are_rewritten_only_when_every_row_reads() {
    let p = portfolio();
    let uq = read("T111-uc006a-Under_query_missing_information.xml");
    // No files yet: both are created, the dispute in the new disputes.csv.
    let a = disputes::apply_to_files(&p, None, None, std::slice::from_ref(&uq), 10).unwrap();
    assert!(a.changed());
    let d = String::from_utf8(a.disputes.clone()).unwrap();
    assert_eq!(
        d,
        "dispute_id,invoice_id,opened_on,assessed_on,resolved_on,outcome\nIMR-inv021-imrid001,inv021,2017-12-02,,,\n"
    );
    assert_eq!(
        String::from_utf8(a.promises).unwrap(),
        "promise_id,customer_id,invoice_id,promised_on,pay_by,amount\n"
    );
    // Applied again to the written file: nothing changes, the bytes stay the same.
    let again = disputes::apply_to_files(
        &p,
        Some(CsvFile {
            name: "disputes.csv",
            bytes: &a.disputes,
        }),
        None,
        std::slice::from_ref(&uq),
        10,
    )
    .unwrap();
    assert!(!again.changed());
    assert_eq!(again.disputes, a.disputes);
    // A row that does not read: refused with that row's line, nothing rewritten.
    let bad = b"dispute_id,invoice_id,opened_on,assessed_on,resolved_on,outcome\nD1,inv021,2017-13-01,,,\n";
    let e = disputes::apply_to_files(
        &p,
        Some(CsvFile {
            name: "disputes.csv",
            bytes: bad,
        }),
        None,
        &[uq],
        10,
    )
    .unwrap_err();
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!((e[0].file.as_str(), e[0].line), ("disputes.csv", Some(2)));
    assert_eq!(e[0].column.as_deref(), Some("opened_on"));
}

#[test]
fn responses_are_told_from_invoices_and_read_from_bytes() {
    let bytes = std::fs::read(dir().join("T111-uc003-Invoice_is_accepted.xml")).unwrap();
    assert!(rappel_core::ingest::imr::is_response(&bytes));
    let inv = std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/peppol/invoices/base-example.xml"),
    )
    .unwrap();
    assert!(!rappel_core::ingest::imr::is_response(&inv));
    let r = rappel_core::ingest::imr::parse_response_bytes("ok.xml", &bytes).unwrap();
    assert_eq!(r.code, ResponseCode::AP);
    let e =
        rappel_core::ingest::imr::parse_response_bytes("latin1.xml", b"<a>\xe9</a>").unwrap_err();
    assert_eq!(e.reason, "not UTF-8 text");
}
