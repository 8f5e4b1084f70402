//! Native = component: the same generated portfolios through the core and through the
//! WebAssembly component give identical answers. The component is called through the
//! generic runner (`runner::invoke`, no typed mirror of its records) and its answer read
//! back with the core's own `Deserialize`; both are compared as the JSON they print.
//! Needs `cargo xtask component` first (the test script runs it).

use chrono::{Datelike, NaiveDate};
use rappel_core::collections::dunning::RunReport;
use rappel_core::collections::fees::quote::{Quote, QuoteRequest, QuoteRule, quote};
use rappel_core::collections::policy::{PolicyFormat, parse};
use rappel_core::collections::worklist::WorklistRow;
use rappel_core::credit::{CreditCheck, CreditRules, check_credit};
use rappel_core::generate::{Config, generate};
use rappel_core::ingest::{CsvFile, ImportOptions, ImportReport, read_csv, write_tables};
use rappel_core::kpi::report::KpiJson;
use rappel_core::kpi::{KpiOptions, Period, report::publish};
use rappel_host::{Host, Limits, default_component_path, runner};
use rust_decimal::Decimal;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

fn host() -> Host {
    let path = default_component_path();
    assert!(
        path.exists(),
        "{} is missing: run `cargo xtask component` first",
        path.display()
    );
    let cache = std::env::temp_dir().join("rappel-test-cache");
    Host::load(&path, Some(&cache), Limits::batch()).expect("component loads")
}

fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string_pretty(v).unwrap()
}

/// The exchange-format files of the portfolio `cfg` generates, and what the core reads
/// from them.
fn generated(cfg: &Config) -> (Vec<(String, Vec<u8>)>, rappel_core::ingest::Imported) {
    let files: Vec<(String, Vec<u8>)> = write_tables(&generate(cfg))
        .into_iter()
        .map(|(n, b)| (n.to_string(), b))
        .collect();
    let csv: Vec<CsvFile<'_>> = files
        .iter()
        .map(|(n, b)| CsvFile { name: n, bytes: b })
        .collect();
    let imported = read_csv(&csv, &ImportOptions::default());
    (files, imported)
}

/// The `portfolio` argument of exchange-format files.
fn files_arg(files: &[(String, Vec<u8>)]) -> Value {
    let files: Vec<Value> = files
        .iter()
        .map(|(name, contents)| json!({ "name": name, "contents": contents }))
        .collect();
    json!({ "files": files, "mapping": null, "currency": null })
}

/// The component's answer to `export`, read as the core's record `T`.
fn invoke<T: DeserializeOwned>(host: &Host, export: &str, args: Value) -> (T, Value) {
    let answer = runner::invoke(host, export, &args)
        .unwrap()
        .unwrap_or_else(|e| panic!("{export}: {e}"));
    let read = serde_json::from_value(answer.clone())
        .unwrap_or_else(|e| panic!("{export}: the answer does not read as the core's record: {e}"));
    (read, answer)
}

/// A policy document argument.
fn policy_arg(text: &str) -> Value {
    json!({ "format": "toml", "text": text })
}

/// A small xorshift so the portfolio shapes vary without a dependency.
struct Shapes(u64);
impl Shapes {
    fn next(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

#[derive(serde::Deserialize)]
struct Rows {
    rows: Vec<WorklistRow>,
}

#[derive(serde::Deserialize)]
struct Ordered {
    decision: CreditCheck,
}

#[test]
fn native_and_component_agree_on_120_generated_portfolios() {
    let host = host();
    let policy_text = include_str!("../../examples/policies/wholesale.toml");
    let small_policy = include_str!("../../examples/policies/small-business.toml");
    let mut shapes = Shapes(0x9E37_79B9_7F4A_7C15);
    for seed in 0..120u64 {
        let end = NaiveDate::from_ymd_opt(2026, 1 + shapes.next(12) as u32, 28).unwrap();
        let cfg = Config {
            customers: 10 + shapes.next(60) as u32,
            invoices: 50 + shapes.next(500) as u32,
            seed,
            end,
            months: 6 + shapes.next(18) as u32,
            ..Default::default()
        };
        let (files, imported) = generated(&cfg);
        let p = &imported.portfolio;
        let portfolio = files_arg(&files);
        let as_of = end;
        let from = end.with_day(1).unwrap() - chrono::Months::new(2);
        let ctx = format!("seed {seed}, {cfg:?}");

        // KPIs with a trend
        let native = publish(
            p,
            Period::new(from, as_of).unwrap(),
            Some(3),
            &KpiOptions::default(),
        )
        .unwrap();
        let args = json!({ "request": {
            "portfolio": portfolio,
            "from": from,
            "to": as_of,
            "trend_months": 3,
            "first_invoice_days": KpiOptions::default().first_invoice_days,
        }});
        let (k, answer): (KpiJson, _) = invoke(&host, "kpis/compute-kpis", args);
        assert_eq!(json(&native), json(&k), "kpis, {ctx}");
        let report: ImportReport = serde_json::from_value(answer["import_report"].clone()).unwrap();
        assert_eq!(
            json(&imported.report),
            json(&report),
            "import report, {ctx}"
        );

        // Dunning and worklist with either policy
        let text = if seed % 2 == 0 {
            policy_text
        } else {
            small_policy
        };
        let pol = parse(text, PolicyFormat::Toml).unwrap();
        let native =
            rappel_core::collections::dunning::run(p, &pol, &Default::default(), as_of).unwrap();
        let args = json!({ "request": {
            "portfolio": portfolio,
            "policy": policy_arg(text),
            "history": "none",
            "as_of": as_of,
        }});
        let (run, _): (RunReport, _) = invoke(&host, "collections/run-dunning", args);
        assert_eq!(json(&native), json(&run), "dunning, {ctx}");
        let native = rappel_core::collections::worklist::worklist(p, &pol, as_of);
        let args = json!({ "request": {
            "portfolio": portfolio,
            "policy": policy_arg(text),
            "as_of": as_of,
        }});
        let (w, _): (Rows, _) = invoke(&host, "collections/worklist", args);
        assert_eq!(json(&native), json(&w.rows), "worklist, {ctx}");

        // Order checks for a few customers, their exposure read from the portfolio
        for c in p.customers().iter().step_by(7) {
            let amount = Decimal::from(100 + shapes.next(20_000));
            let rules = CreditRules::default();
            let native = check_credit(p, &c.customer_id, amount, as_of, &rules).unwrap();
            let args = json!({
                "portfolio": portfolio,
                "customer_id": c.customer_id,
                "order_amount": amount,
                "as_of": as_of,
                "overdue_tolerance_days": rules.overdue_tolerance_days,
                "when_no_limit": rules.when_no_limit,
            });
            let (o, _): (Ordered, _) = invoke(&host, "credit/check-order", args);
            assert_eq!(json(&native), json(&o.decision), "credit, {ctx}");
        }

        // A fee quote
        let principal = Decimal::new(1 + shapes.next(10_000_000) as i64, 2);
        let days = shapes.next(400) as i64;
        let rule = [QuoteRule::NlWik, QuoteRule::BeConsumer, QuoteRule::EuB2b][seed as usize % 3];
        let native = quote(&QuoteRequest {
            rule,
            principal,
            days_late: Some(days),
            rate: None,
            as_of: Some(as_of),
        })
        .unwrap();
        let args = json!({ "request": {
            "rule": rule,
            "principal": principal,
            "days_late": days,
            "rate": null,
            "as_of": as_of,
        }});
        let (q, _): (Quote, _) = invoke(&host, "fees/fees", args);
        assert_eq!(json(&native), json(&q), "fees, {ctx}");
    }
}

/// A policy's warnings (`policy-warnings`, WIT 3.1.0) are the native ones: the Belgian
/// wholesale policy charging Dutch WIK instead of what each law allows warns at each of
/// its twelve final notices (Belgian law governs its Belgian customers' debts, consumer
/// or business); the policy as shipped warns nothing; a policy that does not validate
/// is `invalid-policy`.
#[test]
fn policy_warnings_agree() {
    let host = host();
    let shipped = include_str!("../../examples/policies/wholesale.toml");
    let wik = shipped.replacen(
        "kind = \"statutory\"\ninterest = true",
        "kind = \"nl_wik\"",
        1,
    );
    assert_ne!(wik, shipped);
    for (text, expected) in [(shipped, 0), (wik.as_str(), 12)] {
        let pol = parse(text, PolicyFormat::Toml).unwrap();
        let native = rappel_core::collections::policy::warnings(&pol);
        let answer = runner::invoke(
            &host,
            "collections/policy-warnings",
            &json!({ "policy": policy_arg(text) }),
        )
        .unwrap()
        .unwrap();
        let got: Vec<(String, String)> = answer
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p["path"].as_str().unwrap().into(),
                    p["reason"].as_str().unwrap().into(),
                )
            })
            .collect();
        let want: Vec<(String, String)> = native.into_iter().map(|p| (p.path, p.message)).collect();
        assert_eq!(got, want);
        assert_eq!(got.len(), expected, "{got:#?}");
        assert!(
            got.iter().all(|(path, why)| path.ends_with(".fee")
                && why.contains("be-b2b")
                && why.contains("be-b2c")),
            "{got:#?}"
        );
    }
    let bad = shipped.replacen("version = 1", "version = 2", 1);
    let e = runner::invoke(
        &host,
        "collections/policy-warnings",
        &json!({ "policy": policy_arg(&bad) }),
    )
    .unwrap()
    .unwrap_err();
    assert_eq!(e.code, rappel_core::api::ErrorCode::InvalidPolicy, "{e:?}");
}

/// `import-bank` (WIT 3.2.0) answers as the core: a generated portfolio whose last 30
/// days of payments arrive as noisy camt.053 statements, plus the public CODA sample,
/// with one suggestion confirmed and one rejected.
#[test]
fn import_bank_agrees() {
    use rappel_core::api::{BankImport, ImportBank, NamedFile, Request};
    use rappel_core::cash::application::{Decision, Outcome};
    use rappel_core::generate::statements::{StatementSpan, deliver, file_of};
    let host = host();
    let cfg = Config {
        customers: 120,
        invoices: 2_400,
        seed: 11,
        ..Config::default()
    };
    let d = deliver(&generate(&cfg), cfg.end, 30, 11, StatementSpan::Day);
    let before: Vec<(String, Vec<u8>)> = write_tables(&d.before)
        .into_iter()
        .map(|(n, b)| (n.to_string(), b))
        .collect();
    let mut files: Vec<NamedFile> = d
        .statements
        .iter()
        .map(|s| NamedFile {
            name: s.file.clone(),
            contents: file_of(s),
        })
        .collect();
    let coda = "Ontvangen_CODA.2012-01-11-18.59.15.txt";
    files.push(NamedFile {
        name: coda.into(),
        contents: std::fs::read(format!(
            "{}/../../shared/data/bank/coda/{coda}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap(),
    });
    let csv: Vec<CsvFile<'_>> = before
        .iter()
        .map(|(n, b)| CsvFile { name: n, bytes: b })
        .collect();
    let imported = read_csv(&csv, &ImportOptions::default());
    let mut req = ImportBank {
        files,
        policy: None,
        decisions: Vec::new(),
    };
    let first = req.answer(Some(&imported.portfolio)).unwrap();
    let suggested: Vec<&str> = first
        .matches
        .entries
        .iter()
        .filter(|e| e.outcome == Outcome::Suggested)
        .map(|e| e.transaction_id.as_str())
        .collect();
    assert!(suggested.len() >= 2, "{suggested:?}");
    req.decisions = vec![
        (suggested[0].to_string(), Decision::Confirm),
        (suggested[1].to_string(), Decision::Reject),
    ];
    let native = req.answer(Some(&imported.portfolio)).unwrap();
    assert!(native.payments.len() > 40, "{}", native.payments.len());
    let mut args = serde_json::to_value(&req).unwrap();
    args["portfolio"] = files_arg(&before);
    let (got, _): (BankImport, _) =
        invoke(&host, "documents/import-bank", json!({ "request": args }));
    assert_eq!(json(&native), json(&got));
}

/// The forecast and the scenario simulator (`risk`) give the native answer on the
/// component: same calibration, and the same Monte-Carlo draws for the same seed.
#[test]
fn forecast_and_simulation_agree_for_the_same_seed() {
    let host = host();
    let text = include_str!("../../examples/policies/wholesale.toml");
    let pol = parse(text, PolicyFormat::Toml).unwrap();
    let stricter = rappel_core::risk::simulate::Levers {
        payment_terms_days: Some(21),
        reminder_shift_days: -3,
        enforce_limits: Some(true),
        ..Default::default()
    };
    for seed in 0..6u64 {
        let end = NaiveDate::from_ymd_opt(2026, 3 + seed as u32, 28).unwrap();
        let cfg = Config {
            customers: 40 + 10 * seed as u32,
            invoices: 1_500 + 300 * seed as u32,
            seed: 100 + seed,
            end,
            ..Default::default()
        };
        let (files, imported) = generated(&cfg);
        let p = imported.portfolio;
        let portfolio = files_arg(&files);

        let b = rappel_core::risk::behaviour::calibrate(&p, end, &Default::default());
        let native = rappel_core::risk::forecast::forecast(&p, &b, end, &Default::default());
        let args = json!({
            "portfolio": portfolio,
            "as_of": end,
            "options": { "orders": true, "default_days": 180 },
        });
        let (f, _): (rappel_core::risk::forecast::Forecast, _) =
            invoke(&host, "risk/forecast", args);
        assert_eq!(json(&native), json(&f), "forecast, seed {seed}");

        let settings = rappel_core::risk::simulate::Settings {
            runs: 25,
            ..rappel_core::risk::simulate::Settings::with_seed(seed)
        };
        let scenarios = [
            rappel_core::risk::simulate::Scenario {
                name: "baseline".into(),
                policy: pol.clone(),
            },
            rappel_core::risk::simulate::Scenario {
                name: "stricter".into(),
                policy: stricter.apply(&pol),
            },
        ];
        let native = rappel_core::risk::simulate::simulate(&p, end, &scenarios, &settings).unwrap();
        let args = json!({
            "portfolio": portfolio,
            "as_of": end,
            "scenarios": [
                { "name": "baseline", "policy": policy_arg(text), "levers": null },
                { "name": "stricter", "policy": policy_arg(text), "levers": stricter },
            ],
            "settings": {
                "runs": 25,
                "seed": seed,
                "months": 12,
                "response_percent": [],
                "action_cost": [],
                "partner_commission_percent": null,
            },
        });
        let (component, _): (rappel_core::risk::simulate::Report, _) =
            invoke(&host, "risk/simulate", args);
        assert_eq!(json(&native), json(&component), "simulation, seed {seed}");
        assert_ne!(
            native.scenarios[0].dso, native.scenarios[1].dso,
            "the variant changes something, seed {seed}"
        );
    }
}

/// `transcode` (WIT 3.3.0) gives the bytes the CLI's `--encoding` reads: a customers file
/// saved by Excel on a Dutch Windows (Windows-1252: `é` is the one byte 0xE9, `€` 0x80)
/// comes back as UTF-8 equal to the core's `ingest::transcode`, and then reads without a
/// single problem; a byte-order mark wins over the label; an unknown label is an
/// invalid argument on "encoding".
#[test]
fn transcode_agrees() {
    let host = host();
    let text = "customer_id,name,segment,sector,credit_limit,customer_since,language,b2c\r\n\
                C1,Caf\u{e9} Belle-\u{ee}le,retail,tertiary,1000,2020-01-01,fr,false\r\n\
                C2,M\u{fc}ller \u{20ac} Co,retail,tertiary,,2021-03-01,nl,false\r\n";
    let (cp1252, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
    assert!(!unmappable);
    assert!(cp1252.contains(&0xE9) && cp1252.contains(&0x80));
    let transcode = |contents: &[u8], encoding: &str| {
        runner::invoke(
            &host,
            "documents/transcode",
            &json!({ "contents": contents, "encoding": encoding }),
        )
        .unwrap()
        .map(|answer| serde_json::from_value::<Vec<u8>>(answer).unwrap())
    };
    let got = transcode(&cp1252, "windows-1252").unwrap();
    let native = rappel_core::ingest::transcode(&cp1252, "windows-1252").unwrap();
    assert_eq!(got, native.as_ref());
    let read = rappel_core::ingest::parse_table::<rappel_core::model::Customer>("c.csv", &got);
    assert_eq!((read.rows.len(), read.problems.len()), (2, 0), "{read:?}");
    assert_eq!(read.rows[1].name, "M\u{fc}ller \u{20ac} Co");
    assert_eq!(String::from_utf8(got).unwrap(), text);
    // UTF-16 with its mark, labelled windows-1252: read as UTF-16.
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let got = transcode(&utf16, "windows-1252").unwrap();
    assert_eq!(String::from_utf8(got).unwrap(), text);
    let e = transcode(&cp1252, "klingon").unwrap_err();
    assert_eq!(
        e.code,
        rappel_core::api::ErrorCode::InvalidArgument,
        "{e:?}"
    );
    assert_eq!(e.path.as_deref(), Some("encoding"));
    assert!(e.message.contains("\"klingon\""), "{}", e.message);
}

/// `statement-to-pay` (WIT 3.3.0) answers as the core's statement with a policy (what
/// `rappel statement --policy` prints): every open item's payment reference, and for a
/// customer with something overdue the transfer of the overdue total with its EPC QR
/// code to the policy's creditor account; the ledger's method of the same name agrees.
#[test]
fn statement_to_pay_agrees() {
    use rappel_core::api::{PolicyDocument, Request, Statement as Ask};
    use rappel_core::collections::statement::Statement;
    use rappel_host::bindings::exports::rappel::engine::collections as wc;
    let host = host();
    let (files, imported) = generated(&Config {
        customers: 40,
        invoices: 800,
        seed: 21,
        ..Config::default()
    });
    let native = imported.portfolio;
    let text = include_str!("../../examples/policies/wholesale.toml");
    let as_of = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
    let mut with_transfer = 0;
    for c in native.customers().iter().take(12) {
        let ask = Ask {
            customer_id: c.customer_id.to_string(),
            as_of,
            policy: Some(PolicyDocument {
                format: PolicyFormat::Toml,
                text: text.into(),
            }),
        };
        let want = ask.answer(Some(&native)).unwrap().statement;
        let args = json!({
            "portfolio": files_arg(&files),
            "customer_id": c.customer_id.as_str(),
            "as_of": "2026-06-30",
            "policy": policy_arg(text),
        });
        let (got, answer): (serde_json::Value, _) =
            invoke(&host, "documents/statement-to-pay", args);
        let got: Statement = serde_json::from_value(got["statement"].clone())
            .unwrap_or_else(|e| panic!("{e}: {answer}"));
        assert_eq!(json(&got), json(&want), "{}", c.customer_id);
        assert!(want.lines.iter().all(|l| l.payment_reference.is_some()));
        if let Some(t) = &want.transfer {
            with_transfer += 1;
            assert_eq!(t.amount, want.overdue);
            assert!(t.payload.starts_with("BCD\n002\n"), "{}", t.payload);
            assert!(t.svg.starts_with("<svg") || t.svg.starts_with("<?xml"));
        }
        // The ledger's method, on the same files.
        let mut ledger = rappel_host::ledger::Ledger::open(&host, &rappel_host::portfolio(&files))
            .unwrap()
            .unwrap();
        let policy = wc::PolicyDocument {
            format: wc::PolicyFormat::Toml,
            text: text.into(),
        };
        let by_resource = ledger
            .statement_to_pay(&host, &c.customer_id, "2026-06-30", &policy)
            .unwrap()
            .unwrap();
        assert_eq!(by_resource.overdue, want.overdue.to_string());
        assert_eq!(by_resource.text, want.text);
        assert_eq!(
            by_resource.transfer.map(|t| t.payload),
            want.transfer.as_ref().map(|t| t.payload.clone())
        );
        ledger.close().unwrap();
    }
    assert!(
        with_transfer > 0,
        "no customer of the sample has anything overdue"
    );
}
