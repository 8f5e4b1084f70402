//! A bundle of files of every kind read in one call (`rappel_core::bundle`), on the public
//! Peppol examples and a generated portfolio: e-invoices imported as table rows with a
//! source each in the import report, Invoice Responses applied, history files read, and
//! `accepted + rejected + skipped = read` for every file.

use std::path::PathBuf;

use chrono::NaiveDate;
use rappel_core::bundle::{self, BundleError, BundleOptions, FileKind};
use rappel_core::collections::dunning::{self, History};
use rappel_core::collections::policy::{self, PolicyFormat};
use rappel_core::generate::{self, Config};
use rappel_core::ingest::{self, Severity};
use rappel_core::model::Table;

fn peppol(dir: &str, name: &str) -> (String, Vec<u8>) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("data/peppol")
        .join(dir)
        .join(name);
    (name.to_string(), std::fs::read(&path).unwrap())
}

fn invoices() -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/peppol/invoices");
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names.iter().map(|n| peppol("invoices", n)).collect()
}

fn balanced(b: &bundle::Bundle) {
    for f in &b.imported.report.files {
        assert_eq!(f.accepted + f.rejected + f.skipped, f.read, "{f:?}");
    }
}

fn small_portfolio() -> Vec<(String, Vec<u8>)> {
    let t = generate::generate(&Config {
        customers: 20,
        invoices: 200,
        ..Config::default()
    });
    ingest::write_tables(&t)
        .into_iter()
        .map(|(n, b)| (n.to_string(), b))
        .collect()
}

#[test]
fn e_invoices_alone_make_a_portfolio() {
    let b = bundle::read(&invoices(), None, &BundleOptions::default()).unwrap();
    balanced(&b);
    // 9 examples: "Snippet1" is the number of 4 of them and "Vat-Z" of 2, so 3 + 1 are
    // refused as already present and 5 are added.
    assert_eq!(b.merged.len(), 5, "{:?}", b.merged);
    let problems = &b.imported.report.problems;
    let again = problems
        .iter()
        .filter(|p| p.reason.contains("already present"))
        .count();
    assert_eq!(again, 4, "{problems:?}");
    // No payments.csv is needed for invoices that have just arrived.
    assert!(
        !problems.iter().any(|p| p.reason.contains("missing")),
        "{problems:?}"
    );
    // Each added document is a source of the invoices table, read once.
    let sources: Vec<_> = b
        .imported
        .report
        .files
        .iter()
        .filter(|f| f.table == Table::Invoices)
        .collect();
    assert_eq!(sources.len(), 5);
    assert!(
        sources
            .iter()
            .all(|f| f.read == 1 && f.file.ends_with(".xml"))
    );
    // Accepted invoices are those of the portfolio currency (EUR, the most frequent);
    // the Norwegian example (NOK) is refused with its document named.
    let accepted: u64 = sources.iter().map(|f| f.accepted).sum();
    assert_eq!(accepted as usize, b.imported.portfolio.invoices().len());
    assert!(b.imported.is_usable());
}

/// `files` read a slice of `rows` rows (or one phase of the checks) at a time.
fn read_in_slices(files: &[(String, Vec<u8>)], rows: usize) -> bundle::Bundle {
    let mut reading = bundle::Reading::new(files, None, BundleOptions::default());
    while reading.step(rows) != bundle::Step::Read {}
    reading.finish().unwrap()
}

/// Whether two bundles hold the same: portfolio, report, e-invoices, responses' outcomes,
/// history and bank report.
fn assert_same(a: &bundle::Bundle, b: &bundle::Bundle) {
    assert_eq!(format!("{:?}", a.imported), format!("{:?}", b.imported));
    assert_eq!(format!("{:?}", a.merged), format!("{:?}", b.merged));
    assert_eq!(format!("{:?}", a.responses), format!("{:?}", b.responses));
    assert_eq!(format!("{:?}", a.history), format!("{:?}", b.history));
    assert_eq!(format!("{:?}", a.bank), format!("{:?}", b.bank));
}

#[test]
fn tables_e_invoices_responses_and_history_in_one_bundle() {
    let mut files = small_portfolio();
    // The Invoice Response examples all answer invoice "inv021": send one with that
    // number first (the base example renumbered), then put it under query.
    let (_, base) = peppol("invoices", "base-example.xml");
    let renumbered = String::from_utf8(base).unwrap().replacen(
        "<cbc:ID>Snippet1</cbc:ID>",
        "<cbc:ID>inv021</cbc:ID>",
        1,
    );
    files.push(("inv021.xml".into(), renumbered.into_bytes()));
    files.push(peppol(
        "invoice-responses",
        "T111-uc006a-Under_query_missing_information.xml",
    ));
    // A history: the actions of a first dunning run.
    let first = bundle::read(&files, None, &BundleOptions::default()).unwrap();
    let text = include_str!("../../examples/policies/small-business.toml");
    let pol = policy::parse(text, PolicyFormat::Toml).unwrap();
    let as_of = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
    let run = dunning::run(&first.imported.portfolio, &pol, &History::default(), as_of).unwrap();
    assert!(!run.actions.is_empty());
    let history = History::from_actions(&run.actions);
    files.push(("actions.csv".into(), history.to_csv()));

    let b = bundle::read(&files, None, &BundleOptions::default()).unwrap();
    balanced(&b);
    assert_same(&read_in_slices(&files, 7), &b);
    assert_eq!(b.history.entries.len(), history.entries.len());
    assert_eq!(b.merged.len(), 1);
    let p = &b.imported.portfolio;
    let i = p
        .invoice_index("inv021")
        .expect("the e-invoice is in the portfolio");
    // Under query (UQ): a dispute is open on it.
    assert_eq!(b.responses.len(), 1, "{:?}", b.responses);
    assert!(b.responses[0].changed);
    assert!(
        p.disputes()
            .iter()
            .any(|d| d.invoice_id == p.invoices()[i].invoice_id && d.resolved_on.is_none()),
        "{:?}",
        p.disputes()
    );
    // The rows of the generated files are all there, next to the e-invoice.
    let from_csv = b
        .imported
        .report
        .files
        .iter()
        .find(|f| f.file == "invoices.csv")
        .unwrap();
    assert_eq!(from_csv.accepted as usize + 1, p.invoices().len());
    // A rerun on the bundle's history continues from it: nothing is sent again.
    let again = dunning::run(p, &pol, &b.history, as_of).unwrap();
    assert!(again.actions.is_empty(), "{:?}", again.actions.len());
}

#[test]
fn a_broken_history_is_not_used_and_says_why() {
    let mut files = small_portfolio();
    files.push((
        "history-2026.csv".into(),
        b"not,a,history\n1,2,3\n".to_vec(),
    ));
    let b = bundle::read(&files, None, &BundleOptions::default()).unwrap();
    assert!(b.history.entries.is_empty());
    let p = b
        .imported
        .report
        .problems
        .iter()
        .find(|p| p.file == "history-2026.csv")
        .expect("the history file is reported");
    assert_eq!(p.severity, Severity::FileError);
    assert!(p.reason.starts_with("dunning history not used"), "{p:?}");
}

#[test]
fn a_foreign_export_needs_a_mapping_and_reads_with_one() {
    let ibm = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("data/ibm/WA_Fn-UseC_-Accounts-Receivable.csv");
    let files = vec![(
        "WA_Fn-UseC_-Accounts-Receivable.csv".to_string(),
        std::fs::read(ibm).unwrap(),
    )];
    assert_eq!(
        bundle::read(&files, None, &BundleOptions::default()).unwrap_err(),
        BundleError::NeedsMapping
    );
    let text = include_str!("../../examples/mappings/ibm-accounts-receivable.toml");
    let m = ingest::mapping::Mapping::from_toml(text).unwrap();
    let b = bundle::read(&files, Some(&m), &BundleOptions::default()).unwrap();
    balanced(&b);
    assert!(b.imported.is_usable());
}

#[test]
fn files_are_told_apart_by_name_and_root_element() {
    let (name, bytes) = peppol("invoices", "base-example.xml");
    assert_eq!(FileKind::of(&name, &bytes), FileKind::Invoice);
    let (name, bytes) = peppol("invoice-responses", "T111-uc003-Invoice_is_accepted.xml");
    assert_eq!(FileKind::of(&name, &bytes), FileKind::Response);
    assert_eq!(FileKind::of("exports/actions.csv", b""), FileKind::History);
    assert_eq!(FileKind::of("History-2025.CSV", b""), FileKind::History);
    assert_eq!(FileKind::of("invoices.csv", b""), FileKind::Table);
}

/// Bank statements join a bundle: camt files and a CODA file are told apart from the
/// tables and e-invoices by their content, their movements are matched against the
/// portfolio, and what is applied joins its payments (as `rappel import-bank --record`).
#[test]
fn bank_statements_in_a_bundle_pay_their_invoices() {
    use rappel_core::generate::statements::{StatementSpan, deliver, file_of};
    let cfg = Config {
        customers: 50,
        invoices: 900,
        seed: 5,
        ..Config::default()
    };
    let d = deliver(
        &generate::generate(&cfg),
        cfg.end,
        15,
        5,
        StatementSpan::Day,
    );
    let mut files: Vec<(String, Vec<u8>)> = ingest::write_tables(&d.before)
        .into_iter()
        .map(|(n, b)| (n.to_string(), b))
        .collect();
    for s in &d.statements {
        files.push((s.file.clone(), file_of(s)));
    }
    let coda = "Ontvangen_CODA.2012-01-11-18.59.15.txt";
    let coda_bytes = std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../shared/data/bank/coda")
            .join(coda),
    )
    .unwrap();
    assert_eq!(FileKind::of(coda, &coda_bytes), FileKind::Bank);
    assert_eq!(
        FileKind::of(&files.last().unwrap().0, &files.last().unwrap().1),
        FileKind::Bank
    );
    files.push((coda.to_string(), coda_bytes));
    let b = bundle::read(&files, None, &BundleOptions::default()).unwrap();
    assert_same(&read_in_slices(&files, 50), &b);
    assert_same(&read_in_slices(&files, 1), &b);
    // As `rappel import-bank --record` does it: the portfolio read without the
    // statements, its movements matched, the payments recorded, the portfolio built again.
    let tables_only: Vec<_> = files
        .iter()
        .filter(|(n, _)| n.ends_with(".csv"))
        .cloned()
        .collect();
    let before = bundle::read(&tables_only, None, &BundleOptions::default()).unwrap();
    let statements: Vec<_> = files
        .iter()
        .filter(|(n, _)| !n.ends_with(".csv"))
        .flat_map(|(n, bytes)| rappel_core::ingest::bank::read_bank(n, bytes).statements)
        .collect();
    let p = &before.imported.portfolio;
    let matched = rappel_core::cash::application::apply_statements(
        p,
        &statements,
        &BundleOptions::default().cash,
        &Default::default(),
    );
    assert_eq!(b.bank.as_ref(), Some(&matched));
    let mut tables = p.tables().clone();
    rappel_core::cash::application::record(
        &mut tables.payments,
        &matched.payments(&statements),
        &matched.reversals(),
    );
    let (rebuilt, refused) = rappel_core::model::Portfolio::build(tables, Some(p.currency()));
    assert!(refused.is_empty(), "{refused:?}");
    assert_eq!(
        format!("{rebuilt:?}"),
        format!("{:?}", b.imported.portfolio)
    );
    // Read a step at a time: the tables, the checks, then the statements read (a file a
    // step, each whole, in the bundle's order) and matched (never going back, of every
    // movement), then the checks again with the payments, phase after phase, then the
    // end.
    let is_bank = |i: usize| FileKind::of(&files[i].0, &files[i].1) == FileKind::Bank;
    let all = matched.entries.len();
    let mut reading = bundle::Reading::new(&files[..], None, BundleOptions::default());
    let mut seen = Vec::new();
    let mut statements_read = Vec::new();
    loop {
        let step = reading.step(40);
        let kind = std::mem::discriminant(&step);
        if seen.last().is_none_or(|(k, _)| *k != kind) {
            seen.push((kind, step));
        }
        match step {
            bundle::Step::Read => break,
            bundle::Step::Matching { done, of } => {
                assert!(done <= of && of == all, "{step:?}")
            }
            bundle::Step::Reading { file, done, size } if is_bank(file) => {
                assert!(done == size || done == 0, "{step:?}");
                if done == size {
                    statements_read.push(file);
                }
            }
            _ => {}
        }
    }
    let banks: Vec<usize> = (0..files.len()).filter(|&i| is_bank(i)).collect();
    assert_eq!(statements_read, banks);
    let order: Vec<&str> = seen
        .iter()
        .map(|(_, s)| match s {
            bundle::Step::Reading { .. } => "reading",
            bundle::Step::Checking { .. } => "checking",
            bundle::Step::Matching { .. } => "matching",
            bundle::Step::Recording { .. } => "recording",
            bundle::Step::Read => "read",
        })
        .collect();
    assert_eq!(
        order,
        [
            "reading",
            "checking",
            "reading",
            "matching",
            "recording",
            "read"
        ]
    );
    assert_same(&reading.finish().unwrap(), &b);
    let report = b.bank.expect("the statements were matched");
    let applied = report
        .total(rappel_core::cash::application::Outcome::Applied)
        .0;
    assert!(applied >= 10, "{applied}");
    // Every movement of the generated statements and the five of the CODA file.
    let movements: usize = d.statements.iter().map(|s| s.transactions.len()).sum();
    assert_eq!(report.entries.len(), movements + 5);
    let recorded = report.payments(&[]).len();
    assert_eq!(
        b.imported.portfolio.payments().len(),
        d.before.payments.len() + recorded
    );
    // The CODA sample's balance warnings reach the import report.
    assert!(
        b.imported
            .report
            .problems
            .iter()
            .any(|p| p.file == coda && p.reason.contains("do not reconcile"))
    );
}

/// Files of every sort for the slicing test: a portfolio with a damaged invoice row and
/// a row in a UTF-16 payments file, a second customers file, a file of no table, an
/// e-invoice.
fn messy_bundle() -> Vec<(String, Vec<u8>)> {
    let mut files = small_portfolio();
    for (name, bytes) in &mut files {
        if name == "invoices.csv" {
            bytes.extend_from_slice(b"\"broken,quote\n");
        }
        if name == "payments.csv" {
            let text = String::from_utf8(bytes.clone()).unwrap();
            let mut utf16 = vec![0xFF, 0xFE];
            utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
            *bytes = utf16;
        }
    }
    files.push(("extra/customers.csv".into(), b"customer_id\n".to_vec()));
    files.push(("notes.csv".into(), b"a,b\n1,2\n".to_vec()));
    files.push(peppol("invoices", "base-example.xml"));
    files
}

#[test]
fn a_bundle_read_in_slices_reads_as_in_one_call() {
    let files = messy_bundle();
    let whole = bundle::read(&files, None, &BundleOptions::default()).unwrap();
    let shared: std::sync::Arc<[(String, Vec<u8>)]> = files.clone().into();
    let mut reading = bundle::Reading::new(shared, None, BundleOptions::default());
    // The table files read a slice at a time are the exchange-format ones, first of each
    // table, in the order given: customers, invoices, payments, … (small_portfolio's
    // order), neither the second customers file, nor notes.csv, nor the e-invoice.
    let sliced = reading.sliced();
    let names: Vec<&str> = sliced.iter().map(|&i| files[i].0.as_str()).collect();
    assert_eq!(
        names[..3],
        ["customers.csv", "invoices.csv", "payments.csv"]
    );
    assert!(!names.iter().any(|n| n.contains('/') || *n == "notes.csv"));
    let mut last: Option<(usize, u64)> = None;
    let mut steps = 0;
    let mut checks = Vec::new();
    loop {
        match reading.step(3) {
            bundle::Step::Read => break,
            bundle::Step::Checking { done, of } => checks.push((done, of)),
            // Neither Invoice Responses nor bank statements here: nothing to change.
            s @ (bundle::Step::Matching { .. } | bundle::Step::Recording { .. }) => {
                panic!("{s:?} without responses or statements")
            }
            bundle::Step::Reading { file, done, size } => {
                assert!(checks.is_empty(), "a file read after the checks began");
                assert!(done <= size && size > 0, "{done} of {size}");
                if let Some((f, d)) = last {
                    // Within a file progress never goes back; a new file starts only
                    // once the previous one is whole.
                    assert!(f != file || done >= d, "{f} {d} -> {file} {done}");
                }
                last = Some((file, done));
                steps += 1;
            }
        }
    }
    // 200 invoices in slices of 3 rows: at least 67 steps for that file alone.
    assert!(steps > 67, "{steps}");
    // Then the portfolio's checks: the other files gathered (0 done), then each phase
    // in order (customers; the invoices' customers looked up 3 rows a step, the invoices
    // admitted; the payments' references 3 rows a step, the payments admitted, the
    // smaller tables); the step that ends the last phase says all are done, the next
    // one builds the portfolio's indexes and ends the stepping.
    let of = rappel_core::model::BUILD_PHASES;
    assert!(checks.iter().all(|&(_, o)| o == of), "{checks:?}");
    let mut phases: Vec<usize> = checks.iter().map(|&(d, _)| d).collect();
    assert!(phases.is_sorted(), "{phases:?}");
    assert_eq!(phases.iter().filter(|&&d| d == of).count(), 1);
    phases.dedup();
    assert_eq!(phases, (0..=of).collect::<Vec<_>>());
    // 200 invoices' customers 3 at a time: at least 67 steps in that phase.
    assert!(
        checks.iter().filter(|&&(d, _)| d == 1).count() > 67,
        "{checks:?}"
    );
    let sliced_result = reading.finish().unwrap();
    assert_eq!(
        format!("{:?}", sliced_result.imported),
        format!("{:?}", whole.imported)
    );
    assert_eq!(
        format!("{:?}", sliced_result.merged),
        format!("{:?}", whole.merged)
    );
    // The damaged row is reported at its line (the line after the generated file's
    // last), and the UTF-16 payments were read.
    let generated = &small_portfolio()[1];
    assert_eq!(generated.0, "invoices.csv");
    let line = generated.1.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
    let problems = &whole.imported.report.problems;
    assert!(
        problems
            .iter()
            .any(|p| p.file == "invoices.csv" && p.line == Some(line)),
        "{problems:#?}"
    );
    let payments = whole
        .imported
        .report
        .files
        .iter()
        .find(|f| f.file == "payments.csv");
    assert!(payments.is_some_and(|f| f.accepted > 0), "{payments:?}");
}

#[test]
fn a_foreign_export_read_in_slices_still_asks_for_a_mapping() {
    let files = [("export.csv".to_string(), b"a,b\n1,2\n".to_vec())];
    let mut reading = bundle::Reading::new(&files[..], None, BundleOptions::default());
    assert!(reading.sliced().is_empty());
    assert_eq!(reading.step(10), bundle::Step::Read);
    assert_eq!(reading.finish().unwrap_err(), BundleError::NeedsMapping);
}

/// Files a host holds outside the reader (as the dashboard keeps them in the browser's
/// memory): lent a buffer at a time, or copied whole on request, and counting which
/// files were asked for whole.
#[derive(Clone)]
struct Elsewhere {
    files: std::rc::Rc<Vec<(String, Vec<u8>)>>,
    whole: std::rc::Rc<std::cell::RefCell<Vec<String>>>,
}

impl bundle::BundleFiles for Elsewhere {
    fn count(&self) -> usize {
        self.files.len()
    }
    fn name(&self, i: usize) -> &str {
        &self.files[i].0
    }
    fn size(&self, i: usize) -> u64 {
        self.files[i].1.len() as u64
    }
    fn read_at(&self, i: usize, at: u64, buf: &mut [u8]) -> usize {
        // At most 1 000 bytes at a time, whatever the reader's buffer.
        let rest = &self.files[i].1[at as usize..];
        let n = rest.len().min(buf.len()).min(1000);
        buf[..n].copy_from_slice(&rest[..n]);
        n
    }
    fn bytes(&self, i: usize) -> std::borrow::Cow<'_, [u8]> {
        self.whole.borrow_mut().push(self.files[i].0.clone());
        std::borrow::Cow::Owned(self.files[i].1.clone())
    }
}

/// A bundle of every kind of file (tables with a damaged row and a UTF-16 file, an
/// e-invoice, an Invoice Response, a history, a CODA statement) reads the same from a
/// host that holds its files elsewhere and lends them in short pieces as from a list in
/// memory, and its tables are streamed, never asked for whole: the dashboard's upload
/// never copies a table file into the module's memory.
#[test]
fn files_held_elsewhere_read_as_a_list_does_and_tables_are_streamed() {
    let mut files = messy_bundle();
    files.push(peppol(
        "invoice-responses",
        "T111-uc003-Invoice_is_accepted.xml",
    ));
    files.push(("actions.csv".into(), b"date,customer_id,action\n".to_vec()));
    let coda = "Ontvangen_CODA.2012-01-11-18.59.15.txt";
    let coda_path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/data/bank/coda");
    files.push((coda.into(), std::fs::read(coda_path.join(coda)).unwrap()));
    let listed = bundle::read(&files, None, &BundleOptions::default()).unwrap();
    let elsewhere = Elsewhere {
        files: std::rc::Rc::new(files.clone()),
        whole: Default::default(),
    };
    let mut reading = bundle::Reading::new(elsewhere.clone(), None, BundleOptions::default());
    while reading.step(7) != bundle::Step::Read {}
    assert_same(&reading.finish().unwrap(), &listed);
    let mut whole = elsewhere.whole.borrow().clone();
    whole.sort();
    // The e-invoice, the response, the history and the statement; no table file.
    let mut expected = vec![
        "base-example.xml",
        "T111-uc003-Invoice_is_accepted.xml",
        "actions.csv",
        coda,
    ];
    expected.sort();
    assert_eq!(whole, expected);
}

/// A file's kind is told from its first `KIND_HEAD` bytes: the same as from the whole
/// file for every public example (Peppol, EN 16931, camt, CODA, the IBM export) and for
/// the edge cases of each rule (a CODA line or an Invoice Response's root element just
/// inside and just outside the head).
#[test]
fn a_files_kind_is_told_from_its_head() {
    let data = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/data");
    let mut dirs = vec![data];
    let mut seen = 0;
    while let Some(dir) = dirs.pop() {
        for e in std::fs::read_dir(dir).unwrap() {
            let path = e.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            let bytes = std::fs::read(&path).unwrap();
            let head = &bytes[..bytes.len().min(bundle::KIND_HEAD)];
            assert_eq!(
                FileKind::of(&name, head),
                FileKind::of(&name, &bytes),
                "{name}"
            );
            seen += 1;
        }
    }
    assert!(seen > 20, "{seen} files");
    let pad = |n: usize| " ".repeat(n);
    let response = |at: usize| format!("<?xml version=\"1.0\"?>{}<ApplicationResponse/>", pad(at));
    for at in [0, bundle::KIND_HEAD - 50, bundle::KIND_HEAD] {
        let bytes = response(at).into_bytes();
        let head = &bytes[..bytes.len().min(bundle::KIND_HEAD)];
        assert_eq!(FileKind::of("r.xml", head), FileKind::of("r.xml", &bytes));
    }
    let coda_line = format!("0{}", "0".repeat(127));
    for tail in ["\n", "\r\n", "0\n"] {
        let bytes = format!("{coda_line}{tail}{}", pad(3000)).into_bytes();
        let head = &bytes[..bundle::KIND_HEAD];
        assert_eq!(FileKind::of("s.cod", head), FileKind::of("s.cod", &bytes));
    }
    let long = format!("0{}\n", "0".repeat(bundle::KIND_HEAD + 10)).into_bytes();
    assert_eq!(
        FileKind::of("s.cod", &long[..bundle::KIND_HEAD]),
        FileKind::Table
    );
    assert_eq!(FileKind::of("s.cod", &long), FileKind::Table);
}
