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

/// Since WIT 3.4.0 every core request that reads a portfolio names the ledger method that
/// answers it (`Request::ledger_method`): called by name on the opened files
/// (`runner::invoke_on_ledger`, what the CLI's `--engine component` does), it answers
/// exactly as the export that takes the files (`runner::invoke`), errors included.
#[test]
fn every_function_on_a_portfolio_answers_as_its_ledger_method() {
    use rappel_core::api::{self, NamedFile, Request};
    use rappel_core::collections::policy::PolicyFormat;
    use rappel_core::risk::simulate::Settings;
    use serde_json::{Value, json};

    let host = host();
    let files = files(5);
    let pf = rappel_host::portfolio(&files);
    let portfolio_json = json!({
        "files": files.iter().map(|(n, b)| NamedFile { name: n.clone(), contents: b.clone() })
            .collect::<Vec<_>>(),
        "mapping": null,
        "currency": null,
    });
    let day = |s: &str| s.parse::<NaiveDate>().unwrap();
    let policy = api::PolicyDocument {
        format: PolicyFormat::Toml,
        text: include_str!("../../examples/policies/wholesale.toml").into(),
    };
    let broken_policy = api::PolicyDocument {
        format: PolicyFormat::Toml,
        text: "[dunning\n".into(),
    };
    let camt = std::fs::read(
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../shared/data/bank/camt/test-camt053.xml"),
    )
    .unwrap();

    // The export's arguments as the CLI builds them, and the two answers.
    fn both<R: Request>(
        host: &Host,
        pf: &wt::Portfolio,
        portfolio_json: &Value,
        r: &R,
    ) -> (Result<Value, api::Error>, Result<Value, api::Error>) {
        let Value::Object(mut fields) = serde_json::to_value(r).unwrap() else {
            panic!("a request is a record")
        };
        let method = r.ledger_method().expect("a ledger method");
        let on_ledger =
            rappel_host::runner::invoke_on_ledger(host, pf, method, &fields.clone().into())
                .expect("no trap");
        fields.insert("portfolio".into(), portfolio_json.clone());
        let args = match R::RECORD {
            Some(name) => json!({ name: fields }),
            None => fields.into(),
        };
        let by_function = rappel_host::runner::invoke(host, r.export(), &args).expect("no trap");
        (by_function, on_ledger)
    }
    let customer = "C000007".to_string();
    let mut answers = 0;
    let mut errors = 0;
    let mut check =
        |(f, l): (Result<Value, api::Error>, Result<Value, api::Error>), what: &str| match (&f, &l)
        {
            (Ok(a), Ok(b)) => {
                assert_eq!(a, b, "{what}");
                answers += 1;
            }
            (Err(a), Err(b)) => {
                assert_eq!(a.to_string(), b.to_string(), "{what}");
                errors += 1;
            }
            _ => panic!("{what}: the function gave {f:?}, the ledger {l:?}"),
        };
    let order = |amount: &str| api::CheckOrder {
        customer_id: customer.clone(),
        order_amount: amount.parse().unwrap(),
        as_of: day("2026-06-30"),
        overdue_tolerance_days: 30,
        when_no_limit: rappel_core::credit::NoLimit::Refer,
    };
    check(
        both(&host, &pf, &portfolio_json, &order("2500")),
        "check-order",
    );
    let nobody = api::CheckOrder {
        customer_id: "NOBODY".into(),
        ..order("1")
    };
    check(
        both(&host, &pf, &portfolio_json, &nobody),
        "check-order, unknown customer",
    );
    let bank = api::ImportBank {
        files: vec![NamedFile {
            name: "test-camt053.xml".into(),
            contents: camt,
        }],
        policy: Some(policy.clone()),
        decisions: Vec::new(),
    };
    check(both(&host, &pf, &portfolio_json, &bank), "import-bank");
    for policy in [None, Some(policy.clone())] {
        let st = api::Statement {
            customer_id: customer.clone(),
            as_of: day("2026-06-30"),
            policy,
        };
        check(both(&host, &pf, &portfolio_json, &st), st.export());
    }
    let reg = api::DisputeRegister {
        as_of: day("2026-06-30"),
    };
    check(both(&host, &pf, &portfolio_json, &reg), "dispute-register");
    let accept = api::AcceptCustomers {
        policy: policy.clone(),
        as_of: day("2026-06-30"),
        customer_ids: vec![customer.clone(), "C000011".into()],
        requested_limit: None,
        external_score: None,
    };
    check(
        both(&host, &pf, &portfolio_json, &accept),
        "accept-customers",
    );
    let backtest = api::BacktestAcceptance {
        policy: policy.clone(),
        as_of: day("2026-06-30"),
        from: day("2025-12-31"),
        months: 3,
        bad_days: 90,
    };
    check(
        both(&host, &pf, &portfolio_json, &backtest),
        "backtest-acceptance",
    );
    let kpis = api::ComputeKpis {
        from: day("2026-06-01"),
        to: day("2026-06-30"),
        trend_months: Some(6),
        first_invoice_days: 30,
        threads: 1,
    };
    check(both(&host, &pf, &portfolio_json, &kpis), "compute-kpis");
    let dunning = api::Dunning {
        policy: policy.clone(),
        history: api::HistoryDocument::None,
        as_of: day("2026-06-30"),
    };
    check(both(&host, &pf, &portfolio_json, &dunning), "run-dunning");
    let broken = api::Dunning {
        policy: broken_policy.clone(),
        ..dunning.clone()
    };
    check(
        both(&host, &pf, &portfolio_json, &broken),
        "run-dunning, broken policy",
    );
    let worklist = api::Worklist {
        policy: policy.clone(),
        as_of: day("2026-06-30"),
    };
    check(both(&host, &pf, &portfolio_json, &worklist), "worklist");
    let simulate = api::Simulate {
        as_of: day("2026-06-30"),
        scenarios: vec![api::ScenarioRequest {
            name: "baseline".into(),
            policy: policy.clone(),
            levers: None,
        }],
        settings: Settings {
            runs: 5,
            months: 2,
            ..Settings::with_seed(7)
        },
    };
    check(both(&host, &pf, &portfolio_json, &simulate), "simulate");
    // Since 3.5.0: Invoice Responses (a query, which opens a dispute, and a payment
    // initiated, which records a promise) on an invoice of this portfolio; then one that
    // does not read.
    let invoices = &files.iter().find(|(n, _)| n == "invoices.csv").unwrap().1;
    let first_invoice = String::from_utf8_lossy(invoices)
        .lines()
        .nth(1)
        .and_then(|l| l.split(',').next().map(str::to_string))
        .unwrap();
    let response = |name: &str| {
        let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../shared/data/peppol/invoice-responses");
        let xml = std::fs::read_to_string(dir.join(name)).unwrap();
        assert!(xml.contains("inv021"), "{name} answers invoice inv021");
        NamedFile {
            name: name.into(),
            contents: xml.replace("inv021", &first_invoice).into_bytes(),
        }
    };
    let responses = api::ApplyResponses {
        documents: vec![
            response("T111-uc006a-Under_query_missing_information.xml"),
            response("T111-uc007-Payment_has_been_initiated.xml"),
        ],
        payment_expected_days: 10,
        // Not sent: the component takes them from the portfolio's files.
        current: Default::default(),
    };
    let (by_function, on_ledger) = both(&host, &pf, &portfolio_json, &responses);
    let changed = |a: &Result<Value, api::Error>| {
        let outcomes = a.as_ref().unwrap()["outcomes"].as_array().unwrap().clone();
        outcomes.iter().filter(|o| o["changed"] == true).count()
    };
    assert_eq!((changed(&by_function), changed(&on_ledger)), (2, 2));
    check((by_function, on_ledger), "apply-responses");
    let unreadable = api::ApplyResponses {
        documents: vec![NamedFile {
            name: "broken.xml".into(),
            contents: b"<Invoice".to_vec(),
        }],
        ..responses.clone()
    };
    check(
        both(&host, &pf, &portfolio_json, &unreadable),
        "apply-responses, a response that does not read",
    );
    assert_eq!((answers, errors), (12, 3));
}
