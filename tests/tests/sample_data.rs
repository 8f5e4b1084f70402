//! Public sample data through the core: the Peppol BIS 3 examples and the IBM sample.

use std::path::PathBuf;

use rappel_core::ingest::{self, CsvFile, ImportOptions, mapping::Mapping, ubl};
use rappel_core::kpi::{self, Period};
use rappel_core::model::Table;
use rust_decimal::Decimal;

fn data(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("data")
        .join(rel)
}

fn root(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(rel)
}

#[test]
fn every_peppol_example_invoice_converts() {
    let dir = data("peppol/invoices");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let xml = std::fs::read_to_string(&path).unwrap();
        let doc = ubl::parse_document(&name, &xml).unwrap_or_else(|p| panic!("{p}"));
        seen += 1;
        let inv = &doc.invoice;
        assert!(
            !inv.invoice_id.is_empty() && !inv.customer_id.is_empty(),
            "{name}"
        );
        assert!(inv.due_date >= inv.issue_date, "{name}");
        match name.as_str() {
            "base-example.xml" => {
                assert_eq!(inv.invoice_id, "Snippet1");
                assert_eq!(inv.issue_date.to_string(), "2017-11-13");
                assert_eq!(inv.due_date.to_string(), "2017-12-01");
                assert_eq!(inv.currency, "EUR");
                assert_eq!(inv.amount, "1656.25".parse::<Decimal>().unwrap());
                assert_eq!(doc.buyer_name, "Buyer Official Name");
                assert_eq!(doc.iban.as_deref(), Some("IBAN32423940"));
                // The buyer's postal address is in Sweden: the customer's country.
                let country = doc.buyer().country.map(|c| c.to_string());
                assert_eq!(country.as_deref(), Some("SE"));
            }
            "base-creditnote-correction.xml" => {
                assert_eq!(doc.kind, ubl::DocumentKind::CreditNote);
                assert!(inv.amount < Decimal::ZERO);
                // It states "Payment within 10 days" in PaymentTerms/Note.
                assert_eq!(inv.due_date.to_string(), "2017-11-23");
            }
            "vat-category-E.xml" => {
                // No DueDate: "Payment within 30 days" in PaymentTerms/Note.
                assert_eq!(inv.issue_date.to_string(), "2018-08-30");
                assert_eq!(inv.due_date.to_string(), "2018-09-29");
                assert_eq!(inv.currency, "GBP");
            }
            "Norwegian-example-1.xml" => {
                assert_eq!(inv.currency, "NOK");
                // cac:OrderReference/cbc:ID links the invoice to its order.
                assert_eq!(inv.order_id().map(|o| o.as_str()), Some("123"));
            }
            _ => {}
        }
    }
    assert_eq!(seen, 9);
}

#[test]
fn broken_ubl_is_reported_with_a_line_never_a_panic() {
    let good = std::fs::read_to_string(data("peppol/invoices/base-example.xml")).unwrap();
    let cases = [
        ("truncated", good[..good.len() / 2].to_string(), "XML"),
        (
            "no due date and no term",
            good.replace("<cbc:DueDate>2017-12-01</cbc:DueDate>", "")
                .replace("Payment within 10 days, 2% discount", "See contract"),
            "DueDate",
        ),
        (
            "bad date",
            good.replace("2017-11-13", "2017-02-30"),
            "ISO date",
        ),
        (
            "bad amount",
            good.replace(">1656.25<", ">1.656,25<"),
            "decimal",
        ),
        (
            "bad buyer country",
            good.replacen(
                "<cbc:IdentificationCode>SE</cbc:IdentificationCode>",
                "<cbc:IdentificationCode>Sweden</cbc:IdentificationCode>",
                1,
            ),
            "country code",
        ),
        (
            "not UBL",
            "<html><body/></html>".to_string(),
            "root element",
        ),
        ("empty", String::new(), "XML"),
    ];
    for (what, xml, expect) in cases {
        let p = ubl::parse_document("x.xml", &xml).expect_err(what);
        assert!(p.reason.contains(expect), "{what}: {p}");
        assert!(p.line.is_some(), "{what}: {p}");
    }
}

#[test]
fn ibm_sample_imports_through_the_shipped_mapping() {
    let text =
        std::fs::read_to_string(root("examples/mappings/ibm-accounts-receivable.toml")).unwrap();
    let m = Mapping::from_toml(&text).unwrap();
    let bytes = std::fs::read(data("ibm/WA_Fn-UseC_-Accounts-Receivable.csv")).unwrap();
    let files = [CsvFile {
        name: "WA_Fn-UseC_-Accounts-Receivable.csv",
        bytes: &bytes,
    }];
    let imp = ingest::assemble(m.apply(&files), &ImportOptions::default());
    assert!(
        imp.report.problems.is_empty(),
        "{:?}",
        &imp.report.problems[..3.min(imp.report.problems.len())]
    );
    for f in &imp.report.files {
        assert_eq!(f.read, 2466, "{f:?}");
        assert_eq!(f.accepted + f.rejected + f.skipped, f.read);
    }
    assert_eq!(imp.report.accepted(Table::Invoices), 2466);
    assert_eq!(imp.report.accepted(Table::Payments), 2466);
    assert_eq!(imp.report.accepted(Table::Customers), 100);
    let p = &imp.portfolio;
    assert_eq!(p.currency(), "USD");
    // First row: 0379-NEVHP, invoice 611365 of 1/2/2013 due 2/1/2013, 55.94, settled 1/15/2013.
    let i = p.invoice_index("611365").unwrap();
    assert_eq!(p.invoices()[i].issue_date.to_string(), "2013-01-02");
    assert_eq!(p.invoices()[i].due_date.to_string(), "2013-02-01");
    assert_eq!(
        p.balance_at(i, "2013-01-14".parse().unwrap()).to_string(),
        "55.94"
    );
    assert!(p.balance_at(i, "2013-01-15".parse().unwrap()).is_zero());
    // Customers opened at their earliest invoice; segments by country.
    let segs: Vec<&str> = p.segments().iter().map(String::as_str).collect();
    assert_eq!(
        segs,
        [
            "country 391",
            "country 406",
            "country 770",
            "country 818",
            "country 897"
        ]
    );
    let r = kpi::compute(
        p,
        Period::new("2013-01-01".parse().unwrap(), "2013-06-30".parse().unwrap()).unwrap(),
    );
    assert!(r.total.dso.is_some() && r.total.cei.is_some());
}

#[test]
fn mapping_errors_name_the_field() {
    let bad = [
        ("version = 2\ntables = []", "version"),
        (
            "version = 1\n[[tables]]\ntarget = \"bills\"\nsource = \"x.csv\"\n[tables.columns]\n",
            "tables[0].target",
        ),
        (
            "version = 1\n[[tables]]\ntarget = \"invoices\"\nsource = \"x.csv\"\n[tables.columns]\ninvoice_id = \"a\"\n",
            "tables[0].columns",
        ),
        ("version = 1\nbogus = 1\ntables = []", "(document)"),
    ];
    for (text, path) in bad {
        let e = Mapping::from_toml(text).unwrap_err();
        assert_eq!(e.path, path, "{e}");
    }
}

#[test]
fn mapping_converts_european_numbers_and_dates_and_reports_bad_cells() {
    let m = Mapping::from_toml(
        r#"
version = 1
delimiter = ";"
date_format = "%d-%m-%Y"
decimal_separator = ","
thousands_separator = "."
[[tables]]
target = "invoices"
source = "facturen.csv"
[tables.columns]
invoice_id = "Factuur"
customer_id = "Klant"
issue_date = "Datum"
due_date = "Vervaldatum"
amount = "Bedrag"
currency = { value = "EUR" }
[[tables]]
target = "customers"
source = "facturen.csv"
distinct = "customer_id"
[tables.columns]
customer_id = "Klant"
customer_since = { column = "Datum", keep = "min" }
b2c = { value = "false" }
"#,
    )
    .unwrap();
    let csv = "Factuur;Klant;Datum;Vervaldatum;Bedrag\nF1;K1;15-03-2026;14-04-2026;1.234,56\nF2;K1;01-02-2026;03-03-2026;10,00\nF3;K1;31-02-2026;01-03-2026;5,00\nF4;K1;01-02-2026;03-03-2026;5.00\n";
    let imp = ingest::assemble(
        m.apply(&[CsvFile {
            name: "facturen.csv",
            bytes: csv.as_bytes(),
        }]),
        &ImportOptions::default(),
    );
    let p = &imp.portfolio;
    assert_eq!(p.invoices()[0].amount.to_string(), "1234.56");
    assert_eq!(p.customers()[0].customer_since.to_string(), "2026-02-01");
    let lines: Vec<(u64, &str)> = imp
        .report
        .problems
        .iter()
        .map(|x| (x.line.unwrap(), x.column.as_deref().unwrap()))
        .collect();
    // Row 4 (31 February) is refused in both tables; row 5 has a '.' decimal.
    assert_eq!(lines, [(4, "Datum"), (4, "Datum"), (5, "Bedrag")]);
}

#[test]
fn ubl_documents_merge_into_the_files_once() {
    let dir = data("peppol/invoices");
    let docs: Vec<(String, Vec<u8>)> = ["base-example.xml", "vat-category-E.xml"]
        .iter()
        .map(|f| (f.to_string(), std::fs::read(dir.join(f)).unwrap()))
        .collect();
    // No files yet: both are created.
    let m = ubl::merge_files(None, None, &docs).unwrap();
    assert_eq!((m.invoice_count, m.merged.len()), (2, 2));
    assert!(m.problems.is_empty(), "{:?}", m.problems);
    let invoices = String::from_utf8(m.invoices.clone()).unwrap();
    assert!(invoices.starts_with(
        "invoice_id,customer_id,issue_date,due_date,amount,currency,order_id,payment_reference\n"
    ));
    // The remittance reference of base-example.xml (`cac:PaymentMeans/cbc:PaymentID`)
    // is kept on its invoice: a payment quoting it finds the invoice.
    assert!(
        invoices.lines().any(|l| l.ends_with(",Snippet1")),
        "{invoices}"
    );
    assert_eq!(invoices.lines().count(), 3);
    // Merged again into the written files: every document is refused as already
    // present, and the files come back byte for byte.
    fn file<'a>(name: &'a str, bytes: &'a [u8]) -> Option<CsvFile<'a>> {
        Some(CsvFile { name, bytes })
    }
    let again = ubl::merge_files(
        file("customers.csv", &m.customers),
        file("invoices.csv", &m.invoices),
        &docs,
    )
    .unwrap();
    assert!(again.merged.is_empty());
    assert_eq!(again.problems.len(), 2);
    assert!(again.problems[0].reason.contains("already present"));
    assert_eq!(again.customers, m.customers);
    assert_eq!(again.invoices, m.invoices);
    // A current file with a bad row: refused with the row, nothing merged.
    let bad = b"invoice_id,customer_id,issue_date,due_date,amount,currency\nX1,C1,2026-01-01,2026-01-31,12;5,EUR\n";
    let e = ubl::merge_files(None, file("invoices.csv", bad), &docs).unwrap_err();
    assert_eq!((e[0].file.as_str(), e[0].line), ("invoices.csv", Some(2)));
    assert_eq!(e[0].column.as_deref(), Some("amount"));
}
