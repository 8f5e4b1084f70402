//! The `ledger.portfolio` resource (WIT 1.0.0) answers exactly as the functions that take
//! the files on every call, and as the core: read once, asked many times. Needs
//! `cargo xtask component` first (the test script runs it).

use chrono::NaiveDate;
use rappel_core::credit::{CreditRules, check_credit};
use rappel_core::generate::{Config, generate};
use rappel_core::ingest::{CsvFile, ImportOptions, read_csv, write_tables};
use rappel_host::bindings::exports::rappel::engine::{
    collections as wc, credit as wk, kpis as wkpi, types as wt,
};
use rappel_host::ledger::Ledger;
use rappel_host::{Host, Limits, default_component_path};
use rust_decimal::Decimal;

fn host() -> Host {
    let cache = std::env::temp_dir().join("rappel-test-cache");
    Host::load(&default_component_path(), Some(&cache), Limits::batch()).expect("component loads")
}

fn files(seed: u64) -> Vec<(String, Vec<u8>)> {
    let cfg = Config {
        customers: 150,
        invoices: 2_500,
        seed,
        ..Config::default()
    };
    write_tables(&generate(&cfg))
        .into_iter()
        .map(|(n, b)| (n.to_string(), b))
        .collect()
}

/// Records compared by their full debug rendering: every field, in order.
fn same<T: std::fmt::Debug>(a: &T, b: &T) -> bool {
    format!("{a:?}") == format!("{b:?}")
}

#[test]
fn the_resource_answers_as_the_functions_and_the_core() {
    let host = host();
    let files = files(11);
    let pf = rappel_host::portfolio(&files);
    let mut ledger = Ledger::open(&host, &pf)
        .unwrap()
        .expect("the portfolio reads");

    // KPIs with a trend: as compute-kpis on the same files.
    let by_resource = ledger
        .kpis(&host, "2026-06-01", "2026-06-30", Some(3))
        .unwrap()
        .unwrap();
    let req = wkpi::KpiRequest {
        portfolio: pf.clone(),
        from: "2026-06-01".into(),
        to: "2026-06-30".into(),
        trend_months: Some(3),
        first_invoice_days: 30,
    };
    let (by_function, _) = host
        .call(|c| {
            c.engine
                .rappel_engine_kpis()
                .call_compute_kpis(&mut c.store, &req)
        })
        .unwrap();
    assert!(same(&by_resource, &by_function.unwrap()));

    // Order checks: as the core's check on the same portfolio, for every customer.
    let csv: Vec<CsvFile<'_>> = files
        .iter()
        .map(|(n, b)| CsvFile { name: n, bytes: b })
        .collect();
    let native = read_csv(&csv, &ImportOptions::default()).portfolio;
    let as_of = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
    let rules = CreditRules {
        overdue_tolerance_days: 30,
        when_no_limit: rappel_core::credit::NoLimit::Refer,
    };
    for (k, c) in native.customers().iter().enumerate() {
        let amount = Decimal::from(250 * (1 + k as i64 % 20));
        let n = check_credit(&native, &c.customer_id, amount, as_of, &rules).unwrap();
        let d = ledger
            .check_credit(
                &host,
                &c.customer_id,
                &amount.to_string(),
                "2026-06-30",
                30,
                wk::NoLimitRule::Refer,
            )
            .unwrap()
            .unwrap();
        // Same case name ("Approve" natively, "Decision::Approve" from the bindings).
        let (native_case, wit_case) = (format!("{:?}", n.decision), format!("{:?}", d.decision));
        assert!(
            wit_case.ends_with(&format!("::{native_case}")),
            "{wit_case} vs {native_case}"
        );
        assert_eq!(
            n.available.map(|a| a.to_string()),
            d.available,
            "{}",
            c.customer_id
        );
        assert_eq!(n.reasons.len(), d.reasons.len());
    }

    // A dunning run: as run-dunning on the same files.
    let policy = wc::PolicyDocument {
        format: wc::PolicyFormat::Toml,
        text: include_str!("../../examples/policies/wholesale.toml").into(),
    };
    let by_resource = ledger
        .run_dunning(&host, &policy, &wc::History::None, "2026-06-30")
        .unwrap()
        .unwrap();
    let req = wc::DunningRequest {
        portfolio: pf.clone(),
        policy: policy.clone(),
        history: wc::History::None,
        as_of: "2026-06-30".into(),
    };
    let (by_function, _) = host
        .call(|c| {
            c.engine
                .rappel_engine_collections()
                .call_run_dunning(&mut c.store, &req)
        })
        .unwrap();
    let by_function = by_function.unwrap();
    assert!(!by_resource.actions.is_empty());
    assert!(same(&by_resource, &by_function));
    assert!(same(
        &ledger.import_report(&host).unwrap(),
        &by_function.import_report
    ));
    ledger.close().unwrap();
}

#[test]
fn bad_input_is_an_error_never_a_trap() {
    let host = host();
    // No usable rows: refused at open, with every import problem.
    let broken = vec![(
        "customers.csv".to_string(),
        b"customer_id,name\nC1,Only a name\n".to_vec(),
    )];
    let err = match Ledger::open(&host, &rappel_host::portfolio(&broken)).unwrap() {
        Ok(_) => panic!("a portfolio without invoices must not open"),
        Err(e) => e,
    };
    assert_eq!(err.code, wt::ErrorCode::InvalidData);
    assert!(!err.problems.is_empty());

    let files = files(3);
    let mut ledger = Ledger::open(&host, &rappel_host::portfolio(&files))
        .unwrap()
        .unwrap();
    let unknown = ledger
        .check_credit(
            &host,
            "NOBODY",
            "100",
            "2026-06-30",
            30,
            wk::NoLimitRule::Approve,
        )
        .unwrap()
        .unwrap_err();
    assert_eq!(unknown.code, wt::ErrorCode::UnknownCustomer);
    let bad_amount = ledger
        .check_credit(
            &host,
            "C000001",
            "12,50",
            "2026-06-30",
            30,
            wk::NoLimitRule::Approve,
        )
        .unwrap()
        .unwrap_err();
    assert_eq!(bad_amount.code, wt::ErrorCode::InvalidArgument);
    let bad_trend = ledger
        .kpis(&host, "2026-06-01", "2026-06-30", Some(601))
        .unwrap()
        .unwrap_err();
    // More months than a trend may have: too large (a size), not a malformed argument.
    assert_eq!(bad_trend.code, wt::ErrorCode::TooLarge);
    assert_eq!(bad_trend.path.as_deref(), Some("trend-months"));
    // The ledger keeps serving after refused calls.
    let ok = ledger
        .check_credit(
            &host,
            "C000001",
            "100",
            "2026-06-30",
            30,
            wk::NoLimitRule::Approve,
        )
        .unwrap();
    assert!(ok.is_ok(), "{ok:?}");
    let _: Option<wk::CreditDecision> = ok.ok();
}
