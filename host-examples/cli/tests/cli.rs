//! The `rappel` binary end to end.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn rappel(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_rappel"))
        .args(args)
        .output()
        .unwrap()
}

fn repo(rel: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(rel)
        .display()
        .to_string()
}

/// `rappel kpis --data DIR` for January 2026, with `extra` arguments.
fn kpis_january(dir: &str, extra: &[&str]) -> Output {
    let args = [
        "kpis",
        "--data",
        dir,
        "--from",
        "2026-01-01",
        "--to",
        "2026-01-31",
    ];
    rappel(&[&args[..], extra].concat())
}

/// `rappel generate --out OUT --customers C --invoices I` with `extra` arguments; fails
/// the test with generate's stderr when it fails.
fn generate(out: &str, customers: &str, invoices: &str, extra: &[&str]) {
    let base = [
        "generate",
        "--out",
        out,
        "--customers",
        customers,
        "--invoices",
        invoices,
    ];
    let o = rappel(&[&base[..], extra].concat());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// `rappel accept` on the folder `data` with the policy at `policy`, as of 2026-05-31
/// (the end the tests generate their folders up to); what to score follows.
fn accept_on<'a>(data: &'a str, policy: &'a str) -> [&'a str; 7] {
    let as_of = "2026-05-31";
    [
        "accept", "--data", data, "--policy", policy, "--as-of", as_of,
    ]
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("rappel-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

const KEYS: [&str; 20] = [
    "from",
    "to",
    "days",
    "credit_sales",
    "receivables",
    "current",
    "overdue",
    "unapplied_cash",
    "dso",
    "dso_net",
    "dso_countback",
    "best_possible_dso",
    "average_days_delinquent",
    "cei",
    "bad_debt_ratio",
    "overdue_percent",
    "overdue_60_percent",
    "aging",
    "segments",
    "supporting",
];

#[test]
fn generate_then_kpis_matches_demo_and_follows_the_contract() {
    let dir = tmp("gen");
    let out = rappel(&["generate", "--out", dir.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let args = ["--from", "2026-06-01", "--to", "2026-06-30"];
    let from_files = rappel(&[&["kpis", "--data", dir.to_str().unwrap()][..], &args].concat());
    assert!(from_files.status.success());
    let demo = rappel(&[&["kpis", "--demo"][..], &args].concat());
    assert_eq!(
        from_files.stdout, demo.stdout,
        "CSV round trip must not change a KPI"
    );
    let v: serde_json::Value = serde_json::from_slice(&demo.stdout).unwrap();
    let obj = v.as_object().unwrap();
    for k in KEYS {
        assert!(obj.contains_key(k), "missing {k}");
    }
    let aging: Vec<&String> = v["aging"].as_object().unwrap().keys().collect();
    assert_eq!(aging, ["current", "1-30", "31-60", "61-90", "91+"]);
    let segs: Vec<&str> = v["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["segment"].as_str().unwrap())
        .collect();
    let mut sorted = segs.clone();
    sorted.sort();
    assert_eq!(segs, sorted);
    assert_eq!(segs.len(), 12);
    let dso = v["dso"].as_str().unwrap();
    assert_eq!(
        dso.split('.').nth(1).map(str::len),
        Some(2),
        "two decimals: {dso}"
    );
    let table = rappel(
        &[
            &["kpis", "--demo", "--format", "table", "--trend", "12"][..],
            &args,
        ]
        .concat(),
    );
    let text = String::from_utf8(table.stdout).unwrap();
    assert!(
        text.contains("Countback DSO") && text.contains("TOTAL") && text.contains("2025-07-01")
    );
}

#[test]
fn bad_rows_go_to_stderr_and_strict_fails() {
    let dir = tmp("bad");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("customers.csv"), "customer_id,name,segment,sector,credit_limit,customer_since,language,b2c\nA,Alpha,S,industrial,100,2020-01-01,nl,false\n").unwrap();
    std::fs::write(dir.join("invoices.csv"), "invoice_id,customer_id,issue_date,due_date,amount,currency\nI1,A,2026-01-01,2026-01-31,10.00,EUR\nI2,A,2026-01-01,2026-01-31,ten,EUR\n").unwrap();
    std::fs::write(
        dir.join("payments.csv"),
        "payment_id,customer_id,invoice_id,payment_date,amount,method,reversed_on\n",
    )
    .unwrap();
    let d = dir.to_str().unwrap();
    let out = kpis_january(d, &[]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("invoices.csv:3: rejected: column amount"),
        "{err}"
    );
    assert!(
        err.contains("2 rows read as invoices: 1 accepted, 1 rejected"),
        "{err}"
    );
    let strict = kpis_january(d, &["--strict"]);
    assert!(!strict.status.success());
    // Nothing usable: non-zero exit.
    std::fs::write(dir.join("invoices.csv"), "nonsense\n").unwrap();
    let none = kpis_january(d, &[]);
    assert!(!none.status.success());
    assert!(String::from_utf8_lossy(&none.stderr).contains("missing required column"));
}

#[test]
fn check_credit_prints_the_decision() {
    let out = rappel(&[
        "check-credit",
        "--demo",
        "--customer",
        "C000010",
        "--amount",
        "1000000",
        "--as-of",
        "2026-06-30",
    ]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["decision"], "hold");
    assert_eq!(v["fits"], false);
    let unknown = rappel(&[
        "check-credit",
        "--demo",
        "--customer",
        "NOPE",
        "--amount",
        "1",
        "--as-of",
        "2026-06-30",
    ]);
    assert!(!unknown.status.success());
}

#[test]
fn import_ubl_then_kpis() {
    let dir = tmp("ubl");
    let inv = repo("tests/data/peppol/invoices");
    let files = [
        "base-example.xml",
        "base-creditnote-correction.xml",
        "vat-category-E.xml",
    ];
    let mut args = vec![
        "import-ubl".to_string(),
        "--out".into(),
        dir.display().to_string(),
    ];
    args.extend(files.iter().map(|f| format!("{inv}/{f}")));
    args.push(repo(
        "tests/data/peppol/invoice-responses/T111-uc003-Invoice_is_accepted.xml",
    ));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = rappel(&args);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    // The credit note reuses number Snippet1: reported, not silently merged.
    assert!(err.contains("already present"), "{err}");
    assert!(err.contains("root element"), "{err}");
    assert!(err.contains("2 of 4 document(s) converted"), "{err}");
    let csv = std::fs::read_to_string(dir.join("invoices.csv")).unwrap();
    assert_eq!(csv.lines().count(), 3);
    // Importing the same file again changes nothing.
    let again = rappel(&[
        "import-ubl",
        "--out",
        dir.to_str().unwrap(),
        &format!("{inv}/base-example.xml"),
    ]);
    assert!(!again.status.success());
    let k = rappel(&[
        "kpis",
        "--data",
        dir.to_str().unwrap(),
        "--from",
        "2017-11-01",
        "--to",
        "2017-11-30",
    ]);
    let kerr = String::from_utf8_lossy(&k.stderr);
    assert!(k.status.success(), "{kerr}");
    // EUR and GBP invoices: the GBP one is refused with a reason.
    assert!(kerr.contains("currency GBP differs"), "{kerr}");
}

#[test]
fn ibm_sample_through_the_mapping() {
    let out = rappel(&[
        "kpis",
        "--data",
        &repo("tests/data/ibm"),
        "--mapping",
        &repo("examples/mappings/ibm-accounts-receivable.toml"),
        "--from",
        "2013-01-01",
        "--to",
        "2013-06-30",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["segments"].as_array().unwrap().len(), 5);
}

#[test]
fn dunning_records_history_and_a_rerun_is_empty() {
    let dir = tmp("dunning");
    let d = dir.to_str().unwrap();
    generate(d, "60", "900", &[]);
    let policy = repo("examples/policies/wholesale.toml");
    let history = dir.join("actions.csv");
    let h = history.to_str().unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec![
            "dunning",
            "--data",
            d,
            "--policy",
            &policy,
            "--as-of",
            "2026-06-30",
        ];
        args.extend_from_slice(extra);
        let out = rappel(&args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let first = run(&["--record", h]);
    let n = first["actions"].as_array().unwrap().len();
    assert!(n > 0);
    assert!(history.exists());
    let second = run(&["--history", h]);
    assert_eq!(second["actions"].as_array().unwrap().len(), 0);
    // An invalid policy lists its problems with paths.
    let bad = dir.join("bad.toml");
    std::fs::write(&bad, "version = 1\nname = \"x\"\ndefault_language = \"en\"\nsegmentation = []\nprocesses = []\n[templates]\n[risk]\nno_history_class = \"Z\"\nclasses = []\n").unwrap();
    let out = rappel(&[
        "dunning",
        "--data",
        d,
        "--policy",
        bad.to_str().unwrap(),
        "--as-of",
        "2026-06-30",
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("risk.no_history_class: no risk class is named \"Z\""),
        "{err}"
    );
    // Fee quotes.
    let out = rappel(&["fees", "--rule", "nl-wik", "--principal", "10000"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["total"], "875.00");
    let out = rappel(&["fees", "--rule", "be-consumer", "--principal", "300"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["total"], "45.00");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The component must have been built (`cargo xtask component`, run by the test script).
fn component() -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/engine/rappel_engine.wasm");
    assert!(
        p.exists(),
        "{} is missing: run `cargo xtask component`",
        p.display()
    );
    p.display().to_string()
}

/// `import-bank` on the component (a typed call: the statements go in as bytes, the
/// answer comes back as the core's records) prints the same bytes as natively, and
/// records and reviews the same: generated daily camt.053 statements and a CODA day, a
/// file that is no statement and a damaged CODA file, a policy, a person's decisions on
/// two of the suggestions; stdout, stderr, the payments appended and the review file
/// written back are compared.
#[test]
fn import_bank_prints_records_and_reviews_the_same_on_the_component() {
    let comp = component();
    let dir = tmp("bank-parity");
    let d = dir.display().to_string();
    generate(
        &d,
        "60",
        "1500",
        &["--seed", "3", "--end", "2026-06-30", "--bank", "20"],
    );
    std::fs::write(dir.join("bad.xml"), "not a statement\n").unwrap();
    std::fs::write(dir.join("bad.cod"), "0000\n").unwrap();
    let mut statements: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "xml" || x == "cod"))
        .map(|p| p.display().to_string())
        .collect();
    statements.sort();
    let review = dir.join("review.csv").display().to_string();
    let wholesale = repo("examples/policies/wholesale.toml");
    let run = |engine: &str, extra: &[&str]| {
        let mut args = vec!["--engine", engine, "--component", &comp, "import-bank"];
        args.extend(statements.iter().map(String::as_str));
        args.extend(["--data", &d, "--policy", &wholesale]);
        args.extend(extra);
        rappel(&args)
    };
    // The suggestions to review, natively; a person confirms the first and rejects the
    // second.
    let first = run("native", &["--review", &review]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let text = std::fs::read_to_string(&review).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    assert!(
        lines.len() >= 3,
        "at least two suggestions to decide on: {text}"
    );
    assert!(lines[1].ends_with(',') && lines[2].ends_with(','), "{text}");
    lines[1].push_str("confirm");
    lines[2].push_str("reject");
    let decided = lines.join("\n") + "\n";
    let payments = dir.join("payments.csv");
    let before = std::fs::read(&payments).unwrap();
    let mut seen = Vec::new();
    for engine in ["native", "component"] {
        std::fs::write(&review, &decided).unwrap();
        std::fs::write(&payments, &before).unwrap();
        let out = run(engine, &["--review", &review, "--record"]);
        assert!(
            out.status.success(),
            "{engine}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let table = run(engine, &["--format", "table"]);
        assert!(
            table.status.success(),
            "{engine}: {}",
            String::from_utf8_lossy(&table.stderr)
        );
        seen.push((
            out.stdout,
            out.stderr,
            table.stdout,
            table.stderr,
            std::fs::read(&payments).unwrap(),
            std::fs::read(&review).unwrap(),
        ));
    }
    let stderr = String::from_utf8_lossy(&seen[0].1);
    assert!(
        stderr.contains("bad.xml:1: error: not a bank statement"),
        "{stderr}"
    );
    assert!(stderr.contains("bad.cod:1: rejected"), "{stderr}");
    assert!(seen[0].4.len() > before.len(), "payments were recorded");
    assert!(
        seen[0] == seen[1],
        "the component's import-bank differs from native"
    );
}

#[test]
fn every_command_prints_the_same_bytes_on_the_component() {
    let comp = component();
    let wholesale = repo("examples/policies/wholesale.toml");
    let small = repo("examples/policies/small-business.toml");
    let stricter = repo("examples/levers/stricter.toml");
    for (seed, customers, invoices) in [
        ("11", "60", "1500"),
        ("12", "25", "400"),
        ("13", "120", "3000"),
    ] {
        let dir = tmp(&format!("parity-{seed}"));
        let d = dir.display().to_string();
        // generate itself: the component's files equal the native ones
        let native_dir = format!("{d}-n");
        for (engine, out) in [("native", &native_dir), ("component", &d)] {
            let on = ["--engine", engine, "--component", &comp];
            generate(
                out,
                customers,
                invoices,
                &[&on[..], &["--seed", seed, "--end", "2026-05-31"]].concat(),
            );
        }
        for t in [
            "customers.csv",
            "invoices.csv",
            "payments.csv",
            "orders.csv",
            "disputes.csv",
        ] {
            assert_eq!(
                std::fs::read(format!("{native_dir}/{t}")).unwrap(),
                std::fs::read(format!("{d}/{t}")).unwrap(),
                "generate {t}"
            );
        }
        let customer = std::fs::read_to_string(format!("{d}/customers.csv")).unwrap();
        let customer = customer
            .lines()
            .nth(3)
            .unwrap()
            .split(',')
            .next()
            .unwrap()
            .to_string();
        let accept = accept_on(&d, &wholesale);
        let statement = [
            "statement",
            "--data",
            &d,
            "--customer",
            &customer,
            "--as-of",
            "2026-05-31",
        ];
        let commands: Vec<Vec<&str>> = vec![
            vec![
                "kpis",
                "--data",
                &d,
                "--from",
                "2026-03-01",
                "--to",
                "2026-05-31",
                "--trend",
                "6",
            ],
            vec![
                "kpis",
                "--data",
                &d,
                "--from",
                "2026-05-01",
                "--to",
                "2026-05-31",
                "--format",
                "table",
            ],
            vec![
                "check-credit",
                "--data",
                &d,
                "--customer",
                &customer,
                "--amount",
                "2500",
                "--as-of",
                "2026-05-31",
            ],
            vec![
                "dunning",
                "--data",
                &d,
                "--policy",
                &wholesale,
                "--as-of",
                "2026-05-31",
            ],
            vec![
                "dunning",
                "--data",
                &d,
                "--policy",
                &small,
                "--as-of",
                "2026-05-20",
            ],
            vec![
                "worklist",
                "--data",
                &d,
                "--policy",
                &wholesale,
                "--as-of",
                "2026-05-31",
            ],
            statement.to_vec(),
            [&statement[..], &["--format", "table"]].concat(),
            // With the policy: references and the transfer QR code
            // (`documents.statement-to-pay` on the component, WIT 3.3.0).
            [&statement[..], &["--policy", &wholesale]].concat(),
            vec!["disputes", "--data", &d, "--as-of", "2026-05-31"],
            [&accept[..], &["--all"]].concat(),
            [
                &accept[..],
                &["--customer", &customer, "--requested", "42000"],
                &["--backtest", "2025-05-31", "--months", "6"],
            ]
            .concat(),
            [
                &accept[..],
                &["--prospect", "--sector", "tertiary"],
                &["--requested", "15000", "--score", "61"],
            ]
            .concat(),
            vec![
                "simulate",
                "--data",
                &d,
                "--as-of",
                "2026-05-31",
                "--policy",
                &wholesale,
                "--policy",
                &small,
                "--levers",
                &stricter,
                "--runs",
                "12",
                "--seed",
                "5",
            ],
            vec![
                "simulate",
                "--data",
                &d,
                "--as-of",
                "2026-05-31",
                "--policy",
                &wholesale,
                "--levers",
                &stricter,
                "--runs",
                "8",
                "--format",
                "html",
                "--language",
                "fr",
            ],
            vec!["fees", "--rule", "nl-wik", "--principal", "12345.67"],
            vec![
                "fees",
                "--creditor-country",
                "NL",
                "--debtor-country",
                "DE",
                "--principal",
                "10000",
                "--due",
                "2023-12-31",
                "--as-of",
                "2025-12-31",
            ],
            vec![
                "fees",
                "--creditor-country",
                "BE",
                "--debtor-country",
                "be",
                "--b2c",
                "--principal",
                "1000",
            ],
            vec![
                "fees",
                "--rule",
                "eu-b2b",
                "--principal",
                "1000",
                "--days-late",
                "45",
                "--as-of",
                "2025-06-30",
            ],
        ];
        for cmd in &commands {
            let native = rappel(&[&["--engine", "native"], &cmd[..]].concat());
            let wasm =
                rappel(&[&["--engine", "component", "--component", &comp], &cmd[..]].concat());
            assert!(
                native.status.success(),
                "{cmd:?}: {}",
                String::from_utf8_lossy(&native.stderr)
            );
            assert!(
                wasm.status.success(),
                "{cmd:?}: {}",
                String::from_utf8_lossy(&wasm.stderr)
            );
            assert!(!native.stdout.is_empty(), "{cmd:?}");
            assert!(
                native.stdout == wasm.stdout,
                "{cmd:?}: component output differs"
            );
        }
        // The converters change files: each engine works on its own copy of the folder.
        let ids: Vec<String> = std::fs::read_to_string(format!("{d}/invoices.csv"))
            .unwrap()
            .lines()
            .skip(1)
            .map(|l| l.split(',').next().unwrap().to_string())
            .filter(|id| id.starts_with("INV"))
            .collect();
        let n = ids.len();
        let docs = format!("{d}-docs");
        std::fs::create_dir_all(&docs).unwrap();
        let mut imr_files = Vec::new();
        for (rid, code, invoice, date) in [
            ("R1", "UQ", ids[n - 1].as_str(), "2026-05-02"),
            ("R2", "AP", ids[n - 1].as_str(), "2026-05-10"),
            ("R3", "PD", ids[n - 2].as_str(), "2026-05-12"),
            ("R4", "RE", ids[n - 3].as_str(), "2026-05-15"),
            ("R5", "UQ", "NOT-AN-INVOICE", "2026-05-15"),
        ] {
            let f = format!("{docs}/{rid}.xml");
            std::fs::write(&f, invoice_response(rid, code, invoice, date)).unwrap();
            imr_files.push(f);
        }
        let ubl = repo("tests/data/peppol/invoices");
        let ubl_files: Vec<String> = [
            "base-example.xml",
            "base-creditnote-correction.xml",
            "vat-category-E.xml",
        ]
        .iter()
        .map(|f| format!("{ubl}/{f}"))
        .collect();
        let mut results = Vec::new();
        for engine in ["native", "component"] {
            let copy = format!("{d}-{engine}");
            std::fs::create_dir_all(&copy).unwrap();
            for e in std::fs::read_dir(&dir).unwrap() {
                let e = e.unwrap();
                std::fs::copy(e.path(), Path::new(&copy).join(e.file_name())).unwrap();
            }
            let run = |cmd: Vec<&str>| {
                let o = rappel(&[&["--engine", engine, "--component", &comp], &cmd[..]].concat());
                assert!(
                    o.status.success(),
                    "{engine} {cmd:?}: {}",
                    String::from_utf8_lossy(&o.stderr)
                );
                o.stdout
            };
            let mut imr = vec!["import-imr", "--data", &copy];
            imr.extend(imr_files.iter().map(String::as_str));
            let outcomes = run(imr);
            let mut ubl = vec!["import-ubl", "--out", &copy];
            ubl.extend(ubl_files.iter().map(String::as_str));
            run(ubl);
            let files: Vec<Vec<u8>> = [
                "disputes.csv",
                "promises.csv",
                "customers.csv",
                "invoices.csv",
            ]
            .iter()
            .map(|t| std::fs::read(format!("{copy}/{t}")).unwrap())
            .collect();
            let _ = std::fs::remove_dir_all(&copy);
            results.push((outcomes, files));
        }
        let outcomes: serde_json::Value = serde_json::from_slice(&results[0].0).unwrap();
        let changed: Vec<bool> = outcomes
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["changed"].as_bool().unwrap())
            .collect();
        // UQ opens, AP closes, PD promises (the invoice is open), RE opens; the unknown
        // invoice changes nothing.
        assert_eq!(changed, [true, true, true, true, false], "{outcomes}");
        let disputes = String::from_utf8(results[0].1[0].clone()).unwrap();
        assert!(disputes.contains("IMR-") && disputes.contains("accepted_by_buyer"));
        assert!(results[0].1[3].len() > std::fs::read(format!("{d}/invoices.csv")).unwrap().len());
        assert!(
            results[0] == results[1],
            "import-imr / import-ubl: the component's output or files differ"
        );
        let _ = std::fs::remove_dir_all(&docs);
        // errors too: an unknown customer fails on both
        let args = [
            "check-credit",
            "--data",
            &d,
            "--customer",
            "NOPE",
            "--amount",
            "1",
            "--as-of",
            "2026-05-31",
        ];
        let native = rappel(&[&["--engine", "native"], &args[..]].concat());
        let wasm = rappel(&[&["--engine", "component", "--component", &comp], &args[..]].concat());
        assert!(!native.status.success() && !wasm.status.success());
        assert!(String::from_utf8_lossy(&wasm.stderr).contains("unknown customer \"NOPE\""));
        let _ = std::fs::remove_dir_all(&dir);
        let _ = std::fs::remove_dir_all(&native_dir);
    }
}

#[test]
fn the_runner_calls_an_export_and_reports_its_cost() {
    let comp = component();
    let dir = tmp("runner");
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("check.json");
    std::fs::write(
        &input,
        r#"{"request": {"customer-id": "C1", "as-of": "2026-06-30", "order-amount": "1000",
            "credit-limit": "10000", "overdue-tolerance-days": 30, "status": "active",
            "when-no-limit": "approve",
            "exposure": {"open-invoices": "2500.00", "unapplied-cash": "0", "open-orders": "500",
                         "overdue": "0", "oldest-days-past-due": null}}}"#,
    )
    .unwrap();
    let o = rappel(&[
        "--component",
        &comp,
        "component",
        "call",
        "check-credit",
        "--input",
        &input.display().to_string(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["ok"]["decision"], "approve");
    assert_eq!(v["ok"]["available"], "7000.00");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("fuel") && err.contains("peak memory") && err.contains("ms"),
        "{err}"
    );

    // A bulk call with files next to the input, and an error result.
    std::fs::write(dir.join("bad.json"), r#"{"request": {"rule": "nl-wik", "principal": "12,5", "days-late": null, "rate": null, "as-of": null}}"#).unwrap();
    let o = rappel(&[
        "--component",
        &comp,
        "component",
        "call",
        "fees/fees",
        "--input",
        &dir.join("bad.json").display().to_string(),
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["err"]["code"], "invalid-argument");
    assert_eq!(v["err"]["path"], "principal");

    // Too little fuel: a clean error, not a crash.
    let o = rappel(&[
        "--component",
        &comp,
        "component",
        "call",
        "check-credit",
        "--fuel",
        "100",
        "--input",
        &input.display().to_string(),
    ]);
    assert!(!o.status.success());
    assert!(
        String::from_utf8_lossy(&o.stderr)
            .to_lowercase()
            .contains("fuel")
    );

    let o = rappel(&["--component", &comp, "component", "imports"]);
    assert!(o.status.success());
    assert!(
        o.stdout.is_empty(),
        "no imports: {}",
        String::from_utf8_lossy(&o.stdout)
    );
    let o = rappel(&["--component", &comp, "component", "exports"]);
    let list = String::from_utf8_lossy(&o.stdout);
    for f in [
        "credit/check-credit",
        "credit/exposures",
        "fees/fees",
        "collections/run-dunning",
        "kpis/compute-kpis",
        "documents/generate",
    ] {
        assert!(list.lines().any(|l| l == f), "{f} in {list}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A Peppol Invoice Response `rid` with status `code` for `invoice`, effective `date`,
/// made from the specification's under-query example.
fn invoice_response(rid: &str, code: &str, invoice: &str, date: &str) -> String {
    std::fs::read_to_string(repo(
        "tests/data/peppol/invoice-responses/T111-uc006a-Under_query_missing_information.xml",
    ))
    .unwrap()
    .replace("imrid001", rid)
    .replace(
        "<cbc:ResponseCode>UQ<",
        &format!("<cbc:ResponseCode>{code}<"),
    )
    .replace("inv021", invoice)
    .replace("2017-12-01", date)
    .replace("2017-12-02", date)
}

#[test]
fn forecast_with_backtest_and_its_engine_limit() {
    let o = rappel(&[
        "forecast",
        "--demo",
        "--as-of",
        "2026-06-30",
        "--backtest",
        "2026-03-31",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["forecast"]["weeks"].as_array().unwrap().len(), 13);
    assert_eq!(v["forecast"]["months"].as_array().unwrap().len(), 12);
    assert_eq!(v["forecast"]["weeks"][0]["from"], "2026-07-01");
    assert_eq!(v["backtest"]["weeks"].as_array().unwrap().len(), 13);
    assert!(v["backtest"]["wape_percent"].is_string());
    assert!(v["behaviour"]["assumptions"].as_array().unwrap().len() >= 4);
    let c = rappel(&[
        "--engine",
        "component",
        "forecast",
        "--demo",
        "--as-of",
        "2026-06-30",
    ]);
    assert!(!c.status.success());
    assert!(String::from_utf8_lossy(&c.stderr).contains("--engine native"));
}

#[test]
fn simulate_refuses_levers_that_do_not_apply_on_either_engine() {
    let dir = tmp("bad-levers");
    std::fs::create_dir_all(&dir).unwrap();
    let levers = dir.join("bad.toml");
    std::fs::write(&levers, "handover_day = 30\nacceptance_cutoff = 10\n").unwrap();
    let small = repo("examples/policies/small-business.toml");
    let comp = component();
    let args = [
        "simulate",
        "--demo",
        "--as-of",
        "2026-06-30",
        "--policy",
        &small,
        "--levers",
        levers.to_str().unwrap(),
        "--runs",
        "5",
    ];
    for engine in [
        vec!["--engine", "native"],
        vec!["--engine", "component", "--component", &comp],
    ] {
        let o = rappel(&[&engine[..], &args[..]].concat());
        assert!(!o.status.success(), "{engine:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("no handover step"), "{engine:?}: {err}");
        assert!(
            err.contains("no [acceptance] scorecard"),
            "{engine:?}: {err}"
        );
    }
}

#[test]
fn simulate_writes_the_comparison_page_of_its_report() {
    let wholesale = repo("examples/policies/wholesale.toml");
    let stricter = repo("examples/levers/stricter.toml");
    let args = |format: &'static str| {
        let mut a = vec![
            "simulate",
            "--demo",
            "--as-of",
            "2026-06-30",
            "--policy",
            &wholesale,
            "--levers",
            &stricter,
            "--runs",
            "6",
            "--format",
            format,
        ];
        a.extend(["--language", "nl"]);
        a.iter().map(|s| s.to_string()).collect::<Vec<String>>()
    };
    let run = |a: Vec<String>| {
        let refs: Vec<&str> = a.iter().map(String::as_str).collect();
        let o = rappel(&refs);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap()
    };
    let report: serde_json::Value = serde_json::from_str(&run(args("json"))).unwrap();
    let page = run(args("html"));
    assert!(page.starts_with("<!doctype html>"));
    // One column per scenario, named as the files are.
    assert!(
        page.contains("<th>wholesale</th><th>stricter</th>"),
        "{page}"
    );
    // What the variant changes, in Dutch.
    assert!(page.contains(
        "<b>stricter</b>: Betalingstermijn 14 dagen · Herinneringen verschuiven -2 dagen"
    ));
    assert!(page.contains("<b>wholesale</b>: huidig beleid"));
    // The lost customers of the baseline, whole numbers: mean (p10 – p90).
    let lost = &report["scenarios"][0]["customers_lost"];
    let whole = |k: &str| {
        let x: f64 = lost[k].as_str().unwrap().parse().unwrap();
        format!("{:.0}", x)
    };
    let row = format!(
        "<td>Klanten verloren (leveringsstop)</td><td>{} ({} – {})</td>",
        whole("mean"),
        whole("p10"),
        whole("p90")
    );
    assert!(page.contains(&row), "{row} not in the page");
    // Cash and DSO per month as two charts; a list item per scenario and per assumption
    // of the report.
    assert_eq!(page.matches("<svg").count(), 2);
    let assumptions = report["assumptions"].as_array().unwrap();
    assert_eq!(page.matches("<li>").count(), 2 + assumptions.len());
}

#[test]
fn fees_quotes_a_claim_under_its_law_and_names_a_bad_country() {
    // A Belgian consumer owing €1,000: Book XIX damages €65 + 5 % × 500 = €90, no WIK.
    let o = rappel(&[
        "fees",
        "--creditor-country",
        "BE",
        "--debtor-country",
        "BE",
        "--b2c",
        "--principal",
        "1000",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let q: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(q["regime"], "be-b2c");
    assert_eq!(q["costs"], "90.00");
    assert_eq!(q["compensation"], "0.00");
    assert_eq!(q["total"], "90.00");
    let bad = rappel(&[
        "fees",
        "--creditor-country",
        "Belgium",
        "--debtor-country",
        "BE",
        "--principal",
        "1",
    ]);
    assert!(!bad.status.success());
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("--creditor-country") && err.contains("alpha-2"),
        "{err}"
    );
    let half = rappel(&[
        "fees",
        "--creditor-country",
        "BE",
        "--debtor-country",
        "BE",
        "--principal",
        "1",
        "--due",
        "2025-01-01",
    ]);
    assert!(!half.status.success());
    assert!(String::from_utf8_lossy(&half.stderr).contains("--as-of"));
}

/// `check-policy`: a shipped policy is valid with no warning; the wholesale policy
/// charging Dutch WIK warns at each of its twelve final notices (stderr and JSON), and
/// `dunning` prints the same warnings on stderr; a broken policy fails with its path.
#[test]
fn check_policy_lists_problems_and_warnings() {
    let shipped = repo("examples/policies/wholesale.toml");
    let out = rappel(&["check-policy", &shipped]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["processes"].as_array().unwrap().len(), 12);
    assert_eq!(v["warnings"].as_array().unwrap().len(), 0);
    assert!(out.stderr.is_empty());

    let dir = tmp("check-policy");
    std::fs::create_dir_all(&dir).unwrap();
    let text = std::fs::read_to_string(&shipped).unwrap();
    let wik = dir.join("wik.toml");
    std::fs::write(
        &wik,
        text.replacen(
            "kind = \"statutory\"\ninterest = true",
            "kind = \"nl_wik\"",
            1,
        ),
    )
    .unwrap();
    let out = rappel(&["check-policy", wik.to_str().unwrap()]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let warnings = v["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 12);
    assert_eq!(warnings[0]["path"], "processes[0].steps[2].fee");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr
            .lines()
            .filter(|l| l.starts_with("warning: "))
            .count(),
        12
    );
    assert!(
        stderr.contains("in BE (be-b2c, be-b2b: WIK collection costs are Dutch law"),
        "{stderr}"
    );

    let data = dir.join("data");
    generate(data.to_str().unwrap(), "20", "200", &[]);
    let d = rappel(&[
        "dunning",
        "--data",
        data.to_str().unwrap(),
        "--policy",
        wik.to_str().unwrap(),
        "--as-of",
        "2026-06-30",
    ]);
    assert!(d.status.success(), "{}", String::from_utf8_lossy(&d.stderr));
    assert_eq!(
        String::from_utf8_lossy(&d.stderr)
            .matches("warning: ")
            .count(),
        12
    );

    let broken = dir.join("broken.toml");
    std::fs::write(&broken, text.replacen("version = 1", "version = 7", 1)).unwrap();
    let out = rappel(&["check-policy", broken.to_str().unwrap()]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("version: unsupported policy version 7"),
        "{stderr}"
    );
}

/// `import-bank`: a camt.053 statement paying an invoice by its structured reference is
/// recorded once in payments.csv (the same statement again adds nothing), a direct-debit
/// return reverses its collection, and the next dunning run no longer claims the paid
/// invoice but claims the one whose direct debit bounced.
#[test]
fn import_bank_records_payments_once_and_dunning_follows() {
    use rappel_core::cash::statement::{
        BankFormat, BankStatement, BankTransaction, CreditorReference,
    };
    let dir = tmp("import-bank");
    std::fs::create_dir_all(&dir).unwrap();
    let d = dir.to_str().unwrap();
    std::fs::write(
        dir.join("customers.csv"),
        "customer_id,name,segment,sector,credit_limit,customer_since,language,b2c,country,iban\n\
         C1,Bakkerij Jansen BV,,industrial,,2020-01-01,en,false,NL,\n\
         C2,Garage Peeters BV,,industrial,,2020-01-01,en,false,NL,BE61310126985517\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("invoices.csv"),
        "invoice_id,customer_id,issue_date,due_date,amount,currency\n\
         INV0000001,C1,2026-01-05,2026-02-04,100.00,EUR\n\
         INV0000004,C2,2026-01-05,2026-02-04,1000.00,EUR\n\
         INV0000008,C2,2026-01-05,2026-02-04,200.00,EUR\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("payments.csv"),
        "payment_id,customer_id,invoice_id,payment_date,amount,method,reversed_on\n\
         DD-1,C2,INV0000008,2026-02-04,200.00,direct_debit,\n",
    )
    .unwrap();
    let day = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
    let tx = |r: &str, amount: &str| {
        let mut t = BankTransaction::new(
            &format!("2026-03-02/{r}"),
            day("2026-03-02"),
            amount.parse().unwrap(),
            "EUR",
        );
        t.entry_reference = Some(r.into());
        t.bank_code = Some("PMNT-RCDT-ESCT".into());
        t
    };
    // INV0000004's OGM: 4, check 4 mod 97 = 4.
    let mut paid = tx("E1", "1000.00");
    paid.structured = Some(CreditorReference {
        reference: "+++000/0000/00404+++".into(),
        kind: Some("SCOR".into()),
    });
    let mut bounce = tx("E2", "-200.00");
    bounce.end_to_end_id = Some("DD-1".into());
    bounce.return_reason = Some("MS02".into());
    bounce.bank_code = Some("PMNT-IDDT-UPDD".into());
    let s = BankStatement {
        file: "s.xml".into(),
        format: BankFormat::Camt053 {
            version: "001.02".into(),
        },
        id: "2026-03-02".into(),
        account: Some("BE68539007547034".into()),
        currency: Some("EUR".into()),
        opening: None,
        closing: None,
        date: Some(day("2026-03-02")),
        transactions: vec![paid, bounce],
    };
    let xml = dir.join("statement.xml");
    std::fs::write(&xml, rappel_core::generate::camt::camt053(&s)).unwrap();
    let policy = repo("examples/policies/small-business.toml");
    let claimed = |out: &Output| -> Vec<String> {
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["actions"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|a| a["invoices"].as_array().unwrap().iter())
            .map(|l| l["invoice_id"].as_str().unwrap().to_string())
            .collect()
    };
    let dun = || {
        rappel(&[
            "dunning",
            "--data",
            d,
            "--policy",
            &policy,
            "--as-of",
            "2026-03-20",
        ])
    };
    let before = dun();
    assert!(
        before.status.success(),
        "{}",
        String::from_utf8_lossy(&before.stderr)
    );
    assert!(claimed(&before).contains(&"INV0000004".to_string()));
    assert!(!claimed(&before).contains(&"INV0000008".to_string()));

    let out = rappel(&[
        "import-bank",
        xml.to_str().unwrap(),
        "--data",
        d,
        "--record",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let entries = v["matches"]["entries"].as_array().unwrap();
    assert_eq!(entries[0]["outcome"], "applied");
    assert_eq!(entries[1]["outcome"], "returned");
    assert_eq!(
        entries[1]["return_reason"],
        "MS02 (refused by the debtor, no reason given)"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("recorded 1 payment rows and 1 reversals"),
        "{stderr}"
    );
    let payments = std::fs::read_to_string(dir.join("payments.csv")).unwrap();
    assert!(
        payments.contains("DD-1,C2,INV0000008,2026-02-04,200.00,direct_debit,2026-03-02,"),
        "{payments}"
    );
    assert!(
        payments.contains("2026-03-02/E1,C2,INV0000004,2026-03-02,1000.00,transfer,,"),
        "{payments}"
    );

    // The same statement again: everything already applied, nothing written.
    let again = rappel(&[
        "import-bank",
        xml.to_str().unwrap(),
        "--data",
        d,
        "--record",
        "--format",
        "table",
    ]);
    assert!(again.status.success());
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("recorded 0 payment rows and 0 reversals")
    );
    assert!(String::from_utf8_lossy(&again.stdout).contains("alreadyapplied"));
    assert_eq!(
        std::fs::read_to_string(dir.join("payments.csv")).unwrap(),
        payments
    );

    // The next run: INV0000004 is paid, INV0000008 is open again.
    let after = dun();
    assert!(!claimed(&after).contains(&"INV0000004".to_string()));
    assert!(claimed(&after).contains(&"INV0000008".to_string()));
}

#[test]
fn a_history_write_killed_midway_leaves_the_old_file_and_a_second_run_waits_its_turn() {
    let dir = tmp("atomic");
    let d = dir.to_str().unwrap();
    generate(d, "40", "600", &[]);
    let policy = repo("examples/policies/wholesale.toml");
    let history = dir.join("actions.csv");
    let h = history.to_str().unwrap();
    let dunning = |as_of: &str| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_rappel"));
        c.args([
            "dunning", "--data", d, "--policy", &policy, "--as-of", as_of, "--record", h,
        ]);
        c
    };
    assert!(dunning("2026-05-31").output().unwrap().status.success());
    let old = std::fs::read(&history).unwrap();
    // A run that stops for 30 s between writing its temporary file and renaming it.
    let mut slow = dunning("2026-06-30")
        .env("RAPPEL_TEST_WRITE_PAUSE_MS", "30000")
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let tmp_file = dir.join(format!(".actions.csv.{}.tmp", slow.id()));
    let t0 = std::time::Instant::now();
    while !tmp_file.exists() {
        assert!(
            t0.elapsed().as_secs() < 60,
            "the run never wrote its temporary file"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // Meanwhile a second run is refused, and says why.
    let second = dunning("2026-06-30").output().unwrap();
    assert!(!second.status.success());
    let err = String::from_utf8_lossy(&second.stderr);
    assert!(
        err.contains("is being changed by another rappel run"),
        "{err}"
    );
    // Killed in the middle of its write: the history is the old one, byte for byte.
    slow.kill().unwrap();
    slow.wait().unwrap();
    assert_eq!(std::fs::read(&history).unwrap(), old);
    // The lock died with the process: the next run records.
    let again = dunning("2026-06-30").output().unwrap();
    assert!(
        again.status.success(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    assert_ne!(std::fs::read(&history).unwrap(), old);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn encoding_flag_reads_a_windows_1252_folder_on_either_engine() {
    // "Café Noël" in Windows-1252: é = 0xE9, ë = 0xEB.
    let dir = tmp("encoding");
    std::fs::create_dir_all(&dir).unwrap();
    let mut customers =
        b"customer_id,name,segment,sector,credit_limit,customer_since,language,b2c\r\n".to_vec();
    customers.extend_from_slice(b"A,Caf\xE9 No\xEBl,S1,industrial,1000,2020-01-01,fr,false\r\n");
    std::fs::write(dir.join("customers.csv"), customers).unwrap();
    std::fs::write(
        dir.join("invoices.csv"),
        "invoice_id,customer_id,issue_date,due_date,amount,currency\nI1,A,2026-01-01,2026-01-31,100.00,EUR\n",
    )
    .unwrap();
    let d = dir.to_str().unwrap();
    // Without the flag the row is refused at line 2 with the hint; nothing is usable.
    let out = kpis_january(d, &[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(err.contains("customers.csv:2"), "{err}");
    assert!(err.contains("Windows-1252"), "{err}");
    // With it, the same bytes on both engines, nothing rejected.
    let native = kpis_january(d, &["--encoding", "windows-1252", "--strict"]);
    assert!(
        native.status.success(),
        "{}",
        String::from_utf8_lossy(&native.stderr)
    );
    let on_component = kpis_january(
        d,
        &[
            "--encoding",
            "windows-1252",
            "--strict",
            "--engine",
            "component",
            "--component",
            &component(),
        ],
    );
    assert!(
        on_component.status.success(),
        "{}",
        String::from_utf8_lossy(&on_component.stderr)
    );
    assert_eq!(native.stdout, on_component.stdout);
    // An unknown label is refused, naming it.
    let out = kpis_january(d, &["--encoding", "klingon"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("--encoding: unknown or unsupported encoding \"klingon\""),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// `generate --bank DAYS --statement-per-month`: the same movements as the daily
/// statements of the same seed, in one camt.053 file per month (the last month as CODA):
/// as many entries for the same total, read and matched by `import-bank`.
#[test]
fn generated_statements_per_month_hold_the_daily_movements() {
    let movements = |dir: &Path| -> (Vec<String>, usize, f64) {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.starts_with("camt053-") || n.starts_with("coda-"))
            .collect();
        names.sort();
        let paths: Vec<String> = names
            .iter()
            .map(|n| dir.join(n).display().to_string())
            .collect();
        let data = dir.display().to_string();
        let mut args = vec!["import-bank"];
        args.extend(paths.iter().map(String::as_str));
        args.extend(["--data", data.as_str()]);
        let out = rappel(&args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let entries = v["matches"]["entries"].as_array().unwrap();
        let total: f64 = entries
            .iter()
            .map(|e| e["amount"].as_str().unwrap().parse::<f64>().unwrap())
            .sum();
        (names, entries.len(), (total * 100.0).round())
    };
    let make = |name: &str, extra: &[&str]| {
        let dir = tmp(name);
        let d = dir.display().to_string();
        let args = [
            &["generate", "--out", d.as_str(), "--customers", "60"][..],
            &["--invoices", "1200", "--seed", "3", "--end", "2026-06-30"],
            &["--bank", "45"],
            extra,
        ]
        .concat();
        let out = rappel(&args);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        dir
    };
    let daily = make("bank-daily", &[]);
    let monthly = make("bank-monthly", &["--statement-per-month"]);
    let (day_files, day_entries, day_total) = movements(&daily);
    let (month_files, month_entries, month_total) = movements(&monthly);
    // 45 days up to 30 June: May 17 to June 30, two months.
    assert_eq!(month_files, ["camt053-2026-05.xml", "coda-2026-06.cod"]);
    assert!(day_files.len() > 20, "{day_files:?}");
    assert_eq!(month_entries, day_entries);
    assert_eq!(month_total, day_total);
    let _ = std::fs::remove_dir_all(daily);
    let _ = std::fs::remove_dir_all(monthly);
}

/// `accept` prints only what was asked for, under fixed keys in a fixed order: a
/// customer's verdict under `decision`, every customer's under `decisions` (then a
/// backtest under `backtest`), a prospect's `applicant` and `verdict`.
#[test]
fn accept_answers_only_what_was_asked_under_fixed_keys() {
    let dir = tmp("accept-keys");
    let d = dir.display().to_string();
    generate(&d, "40", "800", &["--seed", "5", "--end", "2026-05-31"]);
    let wholesale = repo("examples/policies/wholesale.toml");
    let accept = |extra: &[&str]| {
        let o = rappel(&[&accept_on(&d, &wholesale)[..], extra].concat());
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let keys: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        (keys, v)
    };
    let (keys, v) = accept(&["--customer", "C000003"]);
    assert_eq!(keys, ["decision"]);
    assert_eq!(v["decision"]["customer_id"], "C000003");
    assert!(v["decision"]["verdict"]["decision"].is_string());
    let (keys, v) = accept(&["--all", "--backtest", "2025-05-31", "--months", "6"]);
    assert_eq!(keys, ["decisions", "backtest"]);
    // One verdict for each of the 40 customers, in customer order.
    let ids: Vec<&str> = (v["decisions"].as_array().unwrap().iter())
        .map(|c| c["customer_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 40);
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "{ids:?}");
    assert_eq!(v["backtest"]["as_of"], "2026-05-31");
    let (keys, _) = accept(&["--backtest", "2025-05-31"]);
    assert_eq!(keys, ["backtest"]);
    let (keys, v) = accept(&["--prospect", "--requested", "15000"]);
    assert_eq!(keys, ["applicant", "verdict"]);
    assert!(v["verdict"]["class"].is_string());
    let _ = std::fs::remove_dir_all(&dir);
}
