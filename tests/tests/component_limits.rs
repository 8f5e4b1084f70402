//! The component under hostile or broken input: every malformed argument is an `err`
//! naming the argument; oversized work traps under the host's limits; the host keeps
//! serving afterwards; the component imports nothing.

use std::time::Duration;

use rappel_host::bindings::exports::rappel::engine::{
    collections as wc, credit as wk, documents as wd, types as wt,
};
use rappel_host::{Host, Limits, default_component_path, fail_closed};

fn host(limits: Limits) -> Host {
    let path = default_component_path();
    assert!(
        path.exists(),
        "{} is missing: run `cargo xtask component`",
        path.display()
    );
    let cache = std::env::temp_dir().join("rappel-test-cache");
    Host::load(&path, Some(&cache), limits).expect("component loads")
}

fn request(amount: &str, as_of: &str) -> wk::CreditRequest {
    wk::CreditRequest {
        customer_id: "C1".into(),
        as_of: as_of.into(),
        order_amount: amount.into(),
        credit_limit: Some("10000".into()),
        exposure: wk::Exposure {
            open_invoices: "2500.00".into(),
            unapplied_cash: "0".into(),
            open_orders: "500".into(),
            overdue: "0".into(),
            oldest_days_past_due: None,
        },
        overdue_tolerance_days: 30,
        when_no_limit: wk::NoLimitRule::Approve,
        status: wk::CustomerStatus::Active,
    }
}

fn check(h: &Host, r: &wk::CreditRequest) -> Result<wk::CreditDecision, wt::Error> {
    h.call(|c| {
        c.engine
            .rappel_engine_credit()
            .call_check_credit(&mut c.store, r)
    })
    .expect("no trap")
    .0
}

#[test]
fn the_component_imports_nothing_and_instantiates_in_an_empty_linker() {
    let bytes = std::fs::read(default_component_path()).unwrap();
    let engine = wasmtime::Engine::default();
    let c = wasmtime::component::Component::new(&engine, &bytes).unwrap();
    let imports: Vec<String> = c
        .component_type()
        .imports(&engine)
        .map(|(n, _)| n.to_string())
        .collect();
    assert_eq!(imports, Vec::<String>::new());
    let exports: Vec<String> = c
        .component_type()
        .exports(&engine)
        .map(|(n, _)| n.to_string())
        .collect();
    for iface in [
        "types",
        "credit",
        "fees",
        "collections",
        "kpis",
        "documents",
        "risk",
        "ledger",
    ] {
        assert!(
            exports.contains(&format!(
                "rappel:engine/{iface}@{}",
                rappel_host::WIT_VERSION
            )),
            "{iface} missing from {exports:?}"
        );
    }
    // Host::load instantiates with a linker that defines nothing.
    let h = host(Limits::default());
    let d = check(&h, &request("1000", "2026-06-30")).unwrap();
    assert_eq!(d.decision, wk::Decision::Approve);
    assert_eq!(d.available.as_deref(), Some("7000.00"));
}

#[test]
fn malformed_arguments_are_errors_that_name_the_argument() {
    let h = host(Limits::default());
    for (amount, as_of, path) in [
        ("12,50", "2026-06-30", "order-amount"),
        ("1e5", "2026-06-30", "order-amount"),
        ("", "2026-06-30", "order-amount"),
        ("-5", "2026-06-30", "order-amount"),
        ("0", "2026-06-30", "order-amount"),
        (
            "99999999999999999999999999999999",
            "2026-06-30",
            "order-amount",
        ),
        ("100", "2026-02-30", "as-of"),
        ("100", "30/06/2026", "as-of"),
        ("100", "2026-6-30", "as-of"),
    ] {
        let e = check(&h, &request(amount, as_of)).expect_err(amount);
        assert_eq!(e.code, wt::ErrorCode::InvalidArgument, "{amount} {as_of}");
        assert_eq!(
            e.path.as_deref(),
            Some(path),
            "{amount} {as_of}: {}",
            e.message
        );
    }
    let mut r = request("100", "2026-06-30");
    r.exposure.overdue = "abc".into();
    assert_eq!(
        check(&h, &r).unwrap_err().path.as_deref(),
        Some("exposure.overdue")
    );
    r = request("100", "2026-06-30");
    r.customer_id = String::new();
    assert_eq!(
        check(&h, &r).unwrap_err().path.as_deref(),
        Some("customer-id")
    );
}

fn portfolio(files: Vec<(&str, Vec<u8>)>) -> wt::Portfolio {
    wt::Portfolio {
        files: files
            .into_iter()
            .map(|(n, b)| wt::CsvFile {
                name: n.into(),
                contents: b,
            })
            .collect(),
        mapping: None,
        currency: None,
    }
}

fn dunning(
    h: &Host,
    p: wt::Portfolio,
    policy: &str,
) -> wasmtime::Result<Result<wc::DunningReport, wt::Error>> {
    let req = wc::DunningRequest {
        portfolio: p,
        policy: wc::PolicyDocument {
            format: wc::PolicyFormat::Toml,
            text: policy.into(),
        },
        history: wc::History::None,
        as_of: "2026-06-30".into(),
    };
    h.call(|c| {
        c.engine
            .rappel_engine_collections()
            .call_run_dunning(&mut c.store, &req)
    })
    .map(|(r, _)| r)
}

/// One customer with one invoice of 100.00, no payments.
fn one_invoice() -> wt::Portfolio {
    portfolio(vec![
        (
            "customers.csv",
            b"customer_id,name,segment,sector,credit_limit,customer_since,language,b2c\nC1,A,retail,,1000,2024-01-01,nl,false\n".to_vec(),
        ),
        (
            "invoices.csv",
            b"invoice_id,customer_id,issue_date,due_date,amount,currency\nI1,C1,2026-01-01,2026-01-31,100.00,EUR\n"
                .to_vec(),
        ),
        ("payments.csv", b"payment_id,customer_id,invoice_id,payment_date,amount,method,reversed_on\n".to_vec()),
    ])
}

const POLICY: &str = include_str!("../../examples/policies/small-business.toml");

#[test]
fn bad_data_policy_and_history_are_errors_with_their_problems() {
    let h = host(Limits::default());
    // Binary garbage instead of CSV: nothing usable, every problem listed.
    let p = portfolio(vec![
        ("customers.csv", vec![0xff, 0xfe, 0, 1, 2]),
        ("invoices.csv", b"not,a,header\n1,2,3\n".to_vec()),
    ]);
    let e = dunning(&h, p, POLICY).unwrap().unwrap_err();
    assert_eq!(e.code, wt::ErrorCode::InvalidData);
    assert!(
        e.problems.iter().any(|p| p.path == "customers.csv"),
        "{e:?}"
    );
    assert!(e.problems.iter().any(|p| p.path == "invoices.csv"), "{e:?}");

    // A policy with a wrong type names the field path.
    let good = one_invoice();
    let bad_policy = POLICY.replacen("version = 1", "version = \"one\"", 1);
    let e = dunning(&h, good.clone(), &bad_policy).unwrap().unwrap_err();
    assert_eq!(e.code, wt::ErrorCode::InvalidPolicy);
    assert_eq!(e.path.as_deref(), Some("version"), "{e:?}");

    // The good pair runs.
    let r = dunning(&h, good.clone(), POLICY).unwrap().unwrap();
    assert_eq!(r.as_of, "2026-06-30");

    // A history with a bad row refuses the run.
    let req = wc::DunningRequest {
        portfolio: good,
        policy: wc::PolicyDocument {
            format: wc::PolicyFormat::Toml,
            text: POLICY.into(),
        },
        history: wc::History::Csv(b"action_id,date\nx,not-a-date\n".to_vec()),
        as_of: "2026-06-30".into(),
    };
    let (r, _) = h
        .call(|c| {
            c.engine
                .rappel_engine_collections()
                .call_run_dunning(&mut c.store, &req)
        })
        .unwrap();
    assert_eq!(r.unwrap_err().code, wt::ErrorCode::InvalidHistory);
}

#[test]
fn a_policy_with_ten_thousand_steps_is_refused_or_trapped_and_the_host_goes_on() {
    let h = host(Limits::default());
    let mut policy = String::from(POLICY);
    policy.push_str("\n[[processes]]\nid = \"huge\"\n");
    for i in 0..10_000 {
        policy.push_str(&format!(
            "[[processes.steps]]\nname = \"s{i}\"\noffset_days = {i}\nchannel = \"email\"\ntemplate = \"missing{i}\"\n"
        ));
    }
    let p = portfolio(vec![
        ("customers.csv", b"customer_id,name,segment,sector,credit_limit,customer_since,language,b2c\nC1,A,retail,,,2024-01-01,nl,false\n".to_vec()),
        (
            "invoices.csv",
            b"invoice_id,customer_id,issue_date,due_date,amount,currency\nI1,C1,2026-01-01,2026-01-31,100.00,EUR\n"
                .to_vec(),
        ),
    ]);
    match dunning(&h, p, &policy) {
        Ok(Err(e)) => {
            assert_eq!(e.code, wt::ErrorCode::InvalidPolicy);
            assert!(!e.problems.is_empty());
        }
        Ok(Ok(_)) => panic!("a policy with 10 000 steps naming missing templates must not run"),
        Err(_trap) => {}
    }
    assert!(
        check(&h, &request("100", "2026-06-30")).is_ok(),
        "host still serves"
    );
}

#[test]
fn a_100_mb_portfolio_traps_under_a_64_mib_limit_and_the_next_call_is_clean() {
    let limits = Limits {
        memory_bytes: 64 << 20,
        fuel: Some(20_000_000_000),
        timeout: Some(Duration::from_secs(30)),
        concurrency: 2,
        keep_resident: 0,
    };
    let h = host(limits);
    let mut invoices = b"invoice_id,customer_id,issue_date,due_date,amount,currency\n".to_vec();
    let mut i = 0u64;
    while invoices.len() < 100 << 20 {
        invoices.extend_from_slice(
            format!("I{i:012},C1,2026-01-01,2026-01-31,100.00,EUR\n").as_bytes(),
        );
        i += 1;
    }
    let p = portfolio(vec![
        ("customers.csv", b"customer_id,name,segment,sector,credit_limit,customer_since,language,b2c\nC1,A,retail,,,2024-01-01,nl,false\n".to_vec()),
        ("invoices.csv", invoices),
    ]);
    let err = dunning(&h, p, POLICY).expect_err("100 MB cannot fit in 64 MiB");
    // The trap says it was the memory limit, and which.
    let m = err
        .downcast_ref::<rappel_host::MemoryLimit>()
        .unwrap_or_else(|| panic!("not a memory limit: {err:#}"));
    assert_eq!(m.limit, 64 << 20);
    assert!(m.wanted > 64 << 20, "{m}");
    assert!(format!("{m}").starts_with("the call needs more memory than its limit of 64 MiB"));
    // The same host, a fresh store: fine.
    assert_eq!(
        check(&h, &request("100", "2026-06-30")).unwrap().decision,
        wk::Decision::Approve
    );
}

#[test]
fn runaway_work_runs_out_of_fuel_and_an_order_check_fails_closed() {
    let limits = Limits {
        memory_bytes: 512 << 20,
        fuel: Some(50_000_000),
        timeout: Some(Duration::from_secs(30)),
        concurrency: 2,
        keep_resident: 0,
    };
    let h = host(limits);
    let req = wd::GenerateRequest {
        customers: 100_000,
        invoices: 2_000_000,
        seed: 1,
        end: "2026-06-30".into(),
        months: 24,
    };
    let trap = h
        .call(|c| {
            c.engine
                .rappel_engine_documents()
                .call_generate(&mut c.store, &req)
        })
        .expect_err("50 M fuel is not enough for 2 M invoices");
    assert!(
        format!("{trap:?}").to_lowercase().contains("fuel"),
        "{trap:?}"
    );
    // The host still answers, and a check that traps answers "hold".
    let ok = fail_closed::check_credit(&h, &request("100", "2026-06-30")).unwrap();
    assert_eq!(ok.decision, wk::Decision::Approve);
    let held = fail_closed::hold(&request("100", "2026-06-30"), "fuel exhausted");
    assert_eq!(held.decision, wk::Decision::Hold);
    assert_eq!(held.reasons[0].code, wk::ReasonCode::EngineUnavailable);
}

#[test]
fn a_deadline_interrupts_a_long_call() {
    let limits = Limits {
        memory_bytes: 1 << 30,
        fuel: None,
        timeout: Some(Duration::from_millis(50)),
        concurrency: 2,
        keep_resident: 0,
    };
    let h = host(limits);
    let req = wd::GenerateRequest {
        customers: 100_000,
        invoices: 2_000_000,
        seed: 1,
        end: "2026-06-30".into(),
        months: 24,
    };
    let trap = h
        .call(|c| {
            c.engine
                .rappel_engine_documents()
                .call_generate(&mut c.store, &req)
        })
        .expect_err("2 M invoices take longer than 50 ms");
    assert!(
        format!("{trap:?}").to_lowercase().contains("interrupt"),
        "{trap:?}"
    );
    assert!(check(&h, &request("100", "2026-06-30")).is_ok());
}

#[test]
fn bad_documents_and_unreadable_files_are_errors_and_nothing_is_rewritten() {
    let h = host(Limits::default());
    let good = one_invoice();
    let xml = |name: &str, contents: &[u8]| wt::XmlFile {
        name: name.into(),
        contents: contents.to_vec(),
    };
    let apply = |p: wt::Portfolio, docs: Vec<wt::XmlFile>| {
        let req = wd::ResponsesRequest {
            portfolio: p,
            documents: docs,
            payment_expected_days: 10,
        };
        h.call(|c| {
            c.engine
                .rappel_engine_documents()
                .call_apply_responses(&mut c.store, &req)
        })
        .expect("no trap")
        .0
    };
    // A response that is not XML, and one that is not UTF-8: both listed, none applied.
    let e = apply(
        good.clone(),
        vec![
            xml("a.xml", b"<ApplicationResponse"),
            xml("b.xml", b"\xff\xfe"),
        ],
    )
    .unwrap_err();
    assert_eq!(e.code, wt::ErrorCode::InvalidData);
    let paths: Vec<&str> = e.problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(paths, ["a.xml", "b.xml"], "{e:?}");
    // A disputes file with a bad row is not rewritten.
    let mut dirty = good.clone();
    dirty.files.push(wt::CsvFile {
        name: "disputes.csv".into(),
        contents:
            b"dispute_id,invoice_id,opened_on,assessed_on,resolved_on,outcome\nD1,I1,someday,,,\n"
                .to_vec(),
    });
    let uq = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("data/peppol/invoice-responses/T111-uc006a-Under_query_missing_information.xml"),
    )
    .unwrap();
    let e = apply(dirty, vec![xml("uq.xml", &uq)]).unwrap_err();
    assert_eq!(e.code, wt::ErrorCode::InvalidData);
    assert_eq!(
        (e.path.as_deref(), e.line),
        (Some("disputes.csv"), Some(2)),
        "{e:?}"
    );
    // A mapped export has no disputes file to rewrite.
    let mut mapped = good.clone();
    mapped.mapping = Some(String::new());
    assert_eq!(
        apply(mapped, vec![xml("uq.xml", &uq)]).unwrap_err().code,
        wt::ErrorCode::InvalidArgument
    );
    // The good portfolio: the response answers an unknown invoice; nothing changes.
    let ok = apply(good, vec![xml("uq.xml", &uq)]).unwrap();
    assert!(!ok.outcomes[0].changed);
    assert!(
        ok.disputes.starts_with(b"dispute_id,"),
        "the disputes file comes back"
    );

    // merge-ubl refuses to rewrite an invoices file with a bad row.
    let req = wd::UblRequest {
        customers: None,
        invoices: Some(wt::CsvFile {
            name: "invoices.csv".into(),
            contents: b"invoice_id,customer_id,issue_date,due_date,amount,currency\nI1,C1,2026-01-01,2026-01-31,1O0,EUR\n".to_vec(),
        }),
        documents: vec![xml("not-ubl.xml", b"<Invoice/>")],
    };
    let (r, _) = h
        .call(|c| {
            c.engine
                .rappel_engine_documents()
                .call_merge_ubl(&mut c.store, &req)
        })
        .unwrap();
    let e = r.unwrap_err();
    assert_eq!(e.code, wt::ErrorCode::InvalidData);
    assert_eq!(e.problems[0].field.as_deref(), Some("amount"), "{e:?}");
}

#[test]
fn xml_nested_a_hundred_thousand_levels_deep_is_refused_by_the_component_not_a_trap() {
    // The hostile file: 100 000 nested elements. The core refuses it before the
    // tree parser recurses (limits::MAX_XML_DEPTH = 256); in the component that must be an
    // error with the reason, never "call stack exhausted".
    let h = host(Limits::default());
    let deep = format!("{}{}", "<a>".repeat(100_000), "</a>".repeat(100_000));
    let doc = wt::XmlFile {
        name: "deep.xml".into(),
        contents: deep.into_bytes(),
    };
    let req = wd::UblRequest {
        customers: None,
        invoices: None,
        documents: vec![doc.clone()],
    };
    let (r, _) = h
        .call(|c| {
            c.engine
                .rappel_engine_documents()
                .call_merge_ubl(&mut c.store, &req)
        })
        .expect("no trap");
    let reasons = match r {
        Ok(m) => format!("{:?}", m.problems),
        Err(e) => format!("{e:?}"),
    };
    assert!(
        reasons.contains("nested more than 256 levels deep"),
        "{reasons}"
    );
    let req = wd::ResponsesRequest {
        portfolio: one_invoice(),
        documents: vec![doc],
        payment_expected_days: 10,
    };
    let (r, _) = h
        .call(|c| {
            c.engine
                .rappel_engine_documents()
                .call_apply_responses(&mut c.store, &req)
        })
        .expect("no trap");
    let e = r.unwrap_err();
    assert!(
        format!("{e:?}").contains("nested more than 256 levels deep"),
        "{e:?}"
    );
}
