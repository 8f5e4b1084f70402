//! Every rejection reason is reported with file, line, column and reason; nothing is lost.

mod common;

use common::{CUSTOMERS_HEADER, INVOICES_HEADER, PAYMENTS_HEADER, import};
use rappel_core::ingest::{ImportReport, Severity};
use rappel_core::model::Table;

fn customers() -> String {
    format!("{CUSTOMERS_HEADER}A,Alpha,S1,industrial,1000,2020-01-01,nl,false\n")
}

/// accepted + rejected + skipped = read, for every file.
fn check_totals(r: &ImportReport) {
    for f in &r.files {
        assert_eq!(f.accepted + f.rejected + f.skipped, f.read, "{f:?}");
    }
}

fn find<'a>(r: &'a ImportReport, file: &str, line: u64) -> &'a rappel_core::ingest::Problem {
    r.problems
        .iter()
        .find(|p| p.file == file && p.line == Some(line))
        .unwrap_or_else(|| panic!("no problem at {file}:{line} in {:#?}", r.problems))
}

#[test]
fn every_invoice_rejection_reason() {
    let invoices = format!(
        "{INVOICES_HEADER}\
I1,A,2026-01-01,2026-01-31,100.00,EUR
I2,A,2026-13-01,2026-01-31,100.00,EUR
I3,A,2026-01-01,2026-01-31,1.000,00,EUR
I4,A,2026-01-01,2026-01-31,12,50,EUR
I5,Z,2026-01-01,2026-01-31,100.00,EUR
I6,A,2026-02-01,2026-01-31,100.00,EUR
I1,A,2026-01-01,2026-01-31,100.00,EUR
,A,2026-01-01,2026-01-31,100.00,EUR
I9,A,2026-01-01,2026-01-31,100.00,eur
I10,A,2026-01-01,2026-01-31,100.00,USD
I11,A,2026-01-01,2026-01-31,abc,EUR
"
    );
    let payments = format!(
        "{PAYMENTS_HEADER}\
P1,A,I1,2026-01-10,50.00,transfer,
P2,A,I5,2026-01-10,50.00,transfer,
P3,A,I1,2026-01-10,50.00,cash,
P4,A,I1,2026-01-10,50.00,direct_debit,2026-01-01
P1,A,I1,2026-01-11,50.00,transfer,
P6,Z,,2026-01-10,50.00,transfer,
"
    );
    let r = import(&[
        ("customers.csv", &customers()),
        ("invoices.csv", &invoices),
        ("payments.csv", &payments),
    ])
    .report;
    check_totals(&r);
    let inv = r.files.iter().find(|f| f.table == Table::Invoices).unwrap();
    assert_eq!((inv.read, inv.accepted, inv.rejected), (11, 1, 10));
    let expect = [
        (3, "issue_date", "not a valid ISO date"),
        (4, "", "expected 6 fields"),
        (5, "", "expected 6 fields"),
        (6, "customer_id", "does not exist"),
        (7, "due_date", "before issue_date"),
        (8, "invoice_id", "duplicate invoice_id"),
        (9, "invoice_id", "empty"),
        (10, "currency", "three-letter"),
        (11, "currency", "differs from the portfolio currency EUR"),
        (12, "amount", "not a decimal"),
    ];
    for (line, column, reason) in expect {
        let p = find(&r, "invoices.csv", line);
        assert_eq!(p.severity, Severity::Rejected);
        assert_eq!(
            p.column.as_deref().unwrap_or(""),
            column,
            "line {line}: {p}"
        );
        assert!(p.reason.contains(reason), "line {line}: {p}");
    }
    let pay = r.files.iter().find(|f| f.table == Table::Payments).unwrap();
    assert_eq!((pay.read, pay.accepted, pay.rejected), (6, 1, 5));
    for (line, column, reason) in [
        (3, "invoice_id", "does not exist"),
        (4, "method", "expected transfer"),
        (5, "reversed_on", "before payment_date"),
        (6, "payment_id", "duplicate"),
        (7, "customer_id", "does not exist"),
    ] {
        let p = find(&r, "payments.csv", line);
        assert_eq!(p.column.as_deref(), Some(column), "{p}");
        assert!(p.reason.contains(reason), "{p}");
    }
    // The accepted amount counts only accepted rows.
    assert_eq!(inv.amount_accepted.to_string(), "100.00");
}

#[test]
fn payment_for_another_customers_invoice_is_refused() {
    let c = format!("{}B,Beta,S1,tertiary,,2020-01-01,en,false\n", customers());
    let i = format!("{INVOICES_HEADER}I1,A,2026-01-01,2026-01-31,100.00,EUR\n");
    // P1 names a known customer and another's invoice; P2 an unknown customer and a
    // known invoice (the unknown customer is the problem said); P3 is A's own.
    let p = format!(
        "{PAYMENTS_HEADER}P1,B,I1,2026-01-10,50.00,transfer,\n\
         P2,Z,I1,2026-01-11,10.00,transfer,\n\
         P3,A,I1,2026-01-12,20.00,transfer,\n"
    );
    let imported = import(&[
        ("customers.csv", &c),
        ("invoices.csv", &i),
        ("payments.csv", &p),
    ]);
    let r = &imported.report;
    let p = find(r, "payments.csv", 2);
    assert_eq!(p.column.as_deref(), Some("invoice_id"), "{p}");
    assert!(p.reason.contains("belongs to customer"), "{p}");
    let p = find(r, "payments.csv", 3);
    assert_eq!(p.column.as_deref(), Some("customer_id"), "{p}");
    assert!(p.reason.contains("does not exist"), "{p}");
    let pf = imported.portfolio;
    assert_eq!(pf.payments().len(), 1);
    assert_eq!(pf.payments()[0].payment_id.as_str(), "P3");
    assert_eq!(pf.payments_of_invoice(0), &[0]);
}

#[test]
fn customer_rejections() {
    let c = format!(
        "{CUSTOMERS_HEADER}\
A,Alpha,S1,industrial,1000,2020-01-01,nl,false
B,Beta,S1,retail,1000,2020-01-01,nl,false
C,Gamma,S1,industrial,-5,2020-01-01,nl,false
D,Delta,S1,industrial,1000,2020-01-01,xx,false
E,Eps,S1,industrial,1000,2020-01-01,nl,maybe
A,Again,S1,industrial,1000,2020-01-01,nl,false
"
    );
    let i = format!("{INVOICES_HEADER}I1,A,2026-01-01,2026-01-31,100.00,EUR\n");
    let r = import(&[
        ("customers.csv", &c),
        ("invoices.csv", &i),
        ("payments.csv", PAYMENTS_HEADER),
    ])
    .report;
    check_totals(&r);
    for (line, column) in [
        (3, "sector"),
        (4, "credit_limit"),
        (5, "language"),
        (6, "b2c"),
        (7, "customer_id"),
    ] {
        assert_eq!(
            find(&r, "customers.csv", line).column.as_deref(),
            Some(column)
        );
    }
}

#[test]
fn file_level_problems() {
    // Missing column: the whole file is refused, rows counted as rejected.
    let bad_header = "invoice_id,customer_id,issue_date,amount,currency\nI1,A,2026-01-01,5,EUR\nI2,A,2026-01-01,5,EUR\n";
    let r = import(&[
        ("customers.csv", &customers()),
        ("invoices.csv", bad_header),
        ("extra.txt", "x"),
    ])
    .report;
    check_totals(&r);
    let p = r
        .problems
        .iter()
        .find(|p| p.file == "invoices.csv")
        .unwrap();
    assert_eq!(p.severity, Severity::FileError);
    assert!(p.reason.contains("due_date"), "{p}");
    let inv = r.files.iter().find(|f| f.table == Table::Invoices).unwrap();
    assert_eq!((inv.read, inv.rejected), (2, 2));
    // Missing required file, and an unknown file.
    assert!(
        r.problems
            .iter()
            .any(|p| p.file == "payments.csv" && p.reason.contains("missing"))
    );
    assert!(
        r.problems
            .iter()
            .any(|p| p.file == "extra.txt" && p.severity == Severity::Warning)
    );
    // Empty file.
    let r = import(&[
        ("customers.csv", ""),
        ("invoices.csv", INVOICES_HEADER),
        ("payments.csv", PAYMENTS_HEADER),
    ])
    .report;
    assert!(
        r.problems
            .iter()
            .any(|p| p.file == "customers.csv" && p.reason.contains("empty"))
    );
}

#[test]
fn extra_columns_warn_bom_crlf_and_quotes_are_fine() {
    let c = "\u{feff}customer_id,name,segment,sector,credit_limit,customer_since,language,b2c,note\r\n\
A,\"Alpha, Inc.\",S1,industrial,1000,2020-01-01,nl,false,hello\r\n";
    let i = format!("{INVOICES_HEADER}I1,A,2026-01-01,2026-01-31, 100.00 ,EUR\n");
    let imp = import(&[
        ("customers.csv", c),
        ("invoices.csv", &i),
        ("payments.csv", PAYMENTS_HEADER),
    ]);
    let r = &imp.report;
    check_totals(r);
    assert_eq!(r.problems.len(), 1, "{:?}", r.problems);
    assert_eq!(r.problems[0].severity, Severity::Warning);
    assert!(r.problems[0].reason.contains("\"note\""));
    assert_eq!(imp.portfolio.customers()[0].name, "Alpha, Inc.");
    assert_eq!(imp.portfolio.invoices()[0].amount.to_string(), "100.00");
}

#[test]
fn disputes_orders_write_offs_are_checked() {
    let i = format!("{INVOICES_HEADER}I1,A,2026-01-01,2026-01-31,100.00,EUR\n");
    let d = "dispute_id,invoice_id,opened_on,assessed_on,resolved_on,outcome\nD1,I9,2026-01-05,,,\nD2,I1,2026-01-05,2026-01-04,,\nD3,I1,2026-01-05,,2026-01-01,\n";
    let o = "order_id,customer_id,order_date,amount\nO1,Z,2026-01-01,5\nO2,A,2026-01-01,5\n";
    let w = "invoice_id,written_off_on,amount\nI9,2026-01-01,5\n";
    let r = import(&[
        ("customers.csv", &customers()),
        ("invoices.csv", &i),
        ("payments.csv", PAYMENTS_HEADER),
        ("disputes.csv", d),
        ("orders.csv", o),
        ("write_offs.csv", w),
    ])
    .report;
    check_totals(&r);
    assert_eq!(
        find(&r, "disputes.csv", 2).column.as_deref(),
        Some("invoice_id")
    );
    assert_eq!(
        find(&r, "disputes.csv", 3).column.as_deref(),
        Some("assessed_on")
    );
    assert_eq!(
        find(&r, "disputes.csv", 4).column.as_deref(),
        Some("resolved_on")
    );
    assert_eq!(
        find(&r, "orders.csv", 2).column.as_deref(),
        Some("customer_id")
    );
    assert_eq!(
        find(&r, "write_offs.csv", 2).column.as_deref(),
        Some("invoice_id")
    );
    assert_eq!(r.accepted(Table::Orders), 1);
}

/// Issue 16: an XML file nested 100 000 elements deep overflowed the stack (CLI) and
/// exhausted the component's call stack. Every XML reader now refuses it as too large, at
/// the line where it passes the limit, before the tree parser recurses.
#[test]
fn a_hundred_thousand_levels_of_xml_are_refused_not_a_crash() {
    use rappel_core::ingest::bank::read_bank;
    use rappel_core::ingest::imr::parse_response;
    use rappel_core::ingest::ubl::parse_document;
    use rappel_core::limits::MAX_XML_DEPTH;
    // One element per line after the root: the root on line 2, element k (1-based,
    // root = 1) on line k + 1; the first past the limit (k = 257) on line 258.
    let mut xml = String::from(
        "<?xml version=\"1.0\"?>\n<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\">\n",
    );
    for _ in 0..100_000 {
        xml.push_str("<a>\n");
    }
    for _ in 0..100_000 {
        xml.push_str("</a>");
    }
    xml.push_str("</Invoice>\n");
    let want = format!(
        "too large: elements nested more than {MAX_XML_DEPTH} levels deep; the file is not read"
    );
    let p = parse_document("deep.xml", &xml).unwrap_err();
    assert_eq!((p.line, p.reason.as_str()), (Some(258), want.as_str()));
    let p = parse_response("deep.xml", &xml).unwrap_err();
    assert_eq!((p.line, p.reason.as_str()), (Some(258), want.as_str()));
    let camt = xml.replace(
        "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
        "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02",
    );
    let r = read_bank("deep.xml", camt.as_bytes());
    assert!(r.statements.is_empty());
    assert_eq!(r.problems[0].line, Some(258), "{}", r.problems[0]);
    assert!(r.problems[0].reason.contains(&want), "{}", r.problems[0]);
}

/// Reads byte files (other encodings than UTF-8) as a v1 folder.
fn import_bytes(files: &[(&str, Vec<u8>)]) -> ImportReport {
    let files: Vec<rappel_core::ingest::CsvFile<'_>> = files
        .iter()
        .map(|(name, bytes)| rappel_core::ingest::CsvFile { name, bytes })
        .collect();
    rappel_core::ingest::read_csv(&files, &rappel_core::ingest::ImportOptions::default()).report
}

fn invoices_of_a() -> Vec<u8> {
    format!("{INVOICES_HEADER}I1,A,2026-01-01,2026-01-31,100.00,EUR\n").into_bytes()
}

#[test]
fn a_windows_1252_file_is_refused_at_its_physical_lines_with_the_fix() {
    // What Excel writes on a Dutch or French Windows: CRLF line ends, "é" and "è" as the
    // single bytes E9 and E8. The accented rows are on physical lines 3 and 5.
    let customers = b"customer_id,name,segment,sector,credit_limit,customer_since,language,b2c\r\n\
A,Alpha,S1,industrial,1000,2020-01-01,nl,false\r\n\
B,Caf\xe9 De Hoek,S1,industrial,,2020-01-01,nl,false\r\n\
C,Gamma,S1,industrial,,2020-01-01,nl,false\r\n\
D,Cr\xe8merie Dupont,S1,industrial,,2020-01-01,fr,false\r\n"
        .to_vec();
    let r = import_bytes(&[
        ("customers.csv", customers),
        ("invoices.csv", invoices_of_a()),
        ("payments.csv", PAYMENTS_HEADER.as_bytes().to_vec()),
    ]);
    check_totals(&r);
    let lines: Vec<(u64, &str, &str)> = r
        .problems
        .iter()
        .filter(|p| p.file == "customers.csv")
        .map(|p| {
            (
                p.line.unwrap(),
                p.column.as_deref().unwrap(),
                p.reason.as_str(),
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            (
                3,
                "name",
                "cell is not valid UTF-8 (as Windows-1252 it reads \"Café De Hoek\": save the file as \"CSV UTF-8\", or read it with a column mapping whose encoding is windows-1252)"
            ),
            (
                5,
                "name",
                "cell is not valid UTF-8 (as Windows-1252 it reads \"Crèmerie Dupont\": save the file as \"CSV UTF-8\", or read it with a column mapping whose encoding is windows-1252)"
            ),
        ]
    );
    // The same file with LF line ends reports the same lines.
    let lf = import_bytes(&[(
        "customers.csv",
        b"customer_id,name,segment,sector,credit_limit,customer_since,language,b2c\n\n\
B,Caf\xe9,S1,industrial,,2020-01-01,nl,false\n"
            .to_vec(),
    )]);
    assert_eq!(
        find(&lf, "customers.csv", 3).column.as_deref(),
        Some("name")
    );
}

#[test]
fn a_utf16_file_with_its_mark_reads_like_utf8_and_without_it_is_refused_with_the_cause() {
    let utf8 = format!(
        "{CUSTOMERS_HEADER}A,Alpha,S1,industrial,1000,2020-01-01,nl,false\r\nB,Bèta,S1,industrial,,2020-01-01,nl,false\r\n"
    );
    let mut le = vec![0xFF, 0xFE];
    le.extend(utf8.encode_utf16().flat_map(u16::to_le_bytes));
    let mut be = vec![0xFE, 0xFF];
    be.extend(utf8.encode_utf16().flat_map(u16::to_be_bytes));
    for bytes in [le.clone(), be] {
        let r = import_bytes(&[
            ("customers.csv", bytes),
            ("invoices.csv", invoices_of_a()),
            ("payments.csv", PAYMENTS_HEADER.as_bytes().to_vec()),
        ]);
        assert!(r.problems.is_empty(), "{:#?}", r.problems);
        assert_eq!(r.files[0].accepted, 2);
    }
    let r = import_bytes(&[("customers.csv", le[2..].to_vec())]);
    let p = r
        .problems
        .iter()
        .find(|p| p.file == "customers.csv")
        .unwrap();
    assert_eq!(p.severity, Severity::FileError);
    assert_eq!(
        p.reason,
        "the file has NUL bytes: it looks like UTF-16 without a byte-order mark; save it as \"CSV UTF-8\" (or as Unicode text, which has the mark)"
    );
}

#[test]
fn a_semicolon_separated_file_is_refused_with_its_delimiter_named() {
    let customers =
        CUSTOMERS_HEADER.replace(',', ";") + "A;Alpha;S1;industrial;1000;2020-01-01;nl;false\n";
    let r = import_bytes(&[("customers.csv", customers.into_bytes())]);
    let p = r
        .problems
        .iter()
        .find(|p| p.file == "customers.csv")
        .unwrap();
    assert!(
        p.reason.ends_with(
            "all 1 data rows refused (the header's columns are separated by ';': save the file with commas, or read it with a column mapping whose delimiter is ';')"
        ),
        "{}",
        p.reason
    );
}

/// `klanten.csv` (`bytes`: columns `nr`, `naam`, `sinds`) read as customers through a
/// column mapping with the file-level `settings` (a delimiter, an encoding) given.
fn read_klanten(settings: &str, bytes: &[u8]) -> rappel_core::ingest::Imported {
    let mapping = rappel_core::ingest::mapping::Mapping::from_toml(&format!(
        r#"
version = 1
{settings}
[[tables]]
target = "customers"
source = "klanten.csv"
[tables.columns]
customer_id = "nr"
name = "naam"
customer_since = "sinds"
sector = {{ value = "industrial" }}
language = {{ value = "nl" }}
b2c = {{ value = "false" }}
"#
    ))
    .unwrap();
    let files = [rappel_core::ingest::CsvFile {
        name: "klanten.csv",
        bytes,
    }];
    rappel_core::ingest::read(
        &files,
        Some(&mapping),
        &rappel_core::ingest::ImportOptions::default(),
    )
}

#[test]
fn a_mapping_that_declares_windows_1252_reads_the_file_with_its_accents() {
    // A Dutch Excel export: `;`-separated, Windows-1252, CRLF. "é" is the byte E9.
    let r = read_klanten(
        "delimiter = \";\"\nencoding = \"windows-1252\"",
        b"nr;naam;sinds\r\nK1;Caf\xe9 De Hoek;2020-01-01\r\nK2;Cr\xe8merie;2021-02-03\r\n",
    );
    let names: Vec<&str> = r
        .portfolio
        .customers()
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(
        names,
        ["Café De Hoek", "Crèmerie"],
        "{:#?}",
        r.report.problems
    );
    let bad = rappel_core::ingest::mapping::Mapping::from_toml(
        "version = 1\nencoding = \"utf-16le\"\n[[tables]]\ntarget = \"customers\"\nsource = \"k.csv\"\n[tables.columns]\ncustomer_id = \"nr\"\n",
    )
    .unwrap_err();
    assert_eq!(bad.path, "encoding");
}

#[test]
fn history_rows_are_refused_at_their_physical_lines_after_crlf_and_blank_lines() {
    use rappel_core::collections::dunning::History;
    let header = "action_id,date,customer_id,process,step,level,channel,invoice_id,balance,advanced,fee_rule,fee";
    // Line 1 header, 2 a good row, 3 blank, 4 a bad channel, 5 a quoted cell over two
    // lines (5–6), 7 a bad date: the problems are on lines 4 and 7.
    let text = format!(
        "{header}\r\n\
A1,2026-03-01,C1,std,reminder,1,email,I1,100.00,true,,\r\n\
\r\n\
A2,2026-03-02,C1,std,reminder,1,pigeon,I2,100.00,true,,\r\n\
A3,2026-03-02,C1,std,\"reminder\r\nagain\",1,email,I3,100.00,true,,\r\n\
A4,2026-02-30,C1,std,reminder,1,email,I4,100.00,true,,\r\n"
    );
    let e = History::from_csv("actions.csv", text.as_bytes()).unwrap_err();
    let at: Vec<(Option<u64>, Option<&str>)> =
        e.iter().map(|p| (p.line, p.column.as_deref())).collect();
    assert_eq!(
        at,
        [(Some(4), Some("channel")), (Some(7), Some("date"))],
        "{e:?}"
    );
    // The same file in UTF-16 LE with its mark: the same problems on the same lines.
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let e16 = History::from_csv("actions.csv", &utf16).unwrap_err();
    assert_eq!(e16, e);
    // A 70 000-byte cell is refused as too large, at its line, naming the column.
    let long = format!(
        "{header}\nA1,2026-03-01,C1,std,reminder,1,email,I1,100.00,true,,\nA2,2026-03-01,C1,std,{},1,email,I2,100.00,true,,\n",
        "x".repeat(70_000)
    );
    let e = History::from_csv("actions.csv", long.as_bytes()).unwrap_err();
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!((e[0].line, e[0].column.as_deref()), (Some(3), Some("step")));
    assert!(
        e[0].reason
            .starts_with("too large: a cell of 70000 bytes, more than the 65536"),
        "{}",
        e[0].reason
    );
}

/// The report of `customers` (with customer A's invoice), after checking that every
/// file's rows add up and that customers.csv's (read, accepted, rejected) are `counts`.
fn customers_read(customers: Vec<u8>, counts: (u64, u64, u64)) -> ImportReport {
    let r = import_bytes(&[
        ("customers.csv", customers),
        ("invoices.csv", invoices_of_a()),
    ]);
    check_totals(&r);
    let f = &r.files[0];
    assert_eq!(
        (f.read, f.accepted, f.rejected),
        counts,
        "{:#?}",
        r.problems
    );
    r
}

#[test]
fn bytes_that_are_not_utf8_in_a_column_the_format_ignores_do_not_refuse_the_row() {
    // Row 2's `note` (a column the format does not have) is Windows-1252 "é" (0xE9); row
    // 3 has the same byte in `name`: only row 3 is refused, at its line, naming `name`.
    let mut customers =
        b"customer_id,name,segment,sector,credit_limit,customer_since,language,b2c,note\n\
A,Alpha,S1,industrial,1000,2020-01-01,nl,false,caf"
            .to_vec();
    customers.extend_from_slice(b"\xE9\nB,Caf\xE9,S1,industrial,1000,2020-01-01,nl,false,x\n");
    let r = customers_read(customers, (2, 1, 1));
    let p = find(&r, "customers.csv", 3);
    assert_eq!(p.column.as_deref(), Some("name"));
    assert!(p.reason.contains("not valid UTF-8"), "{}", p.reason);
}

/// A NUL byte here and there (a damaged export) refuses the rows whose cells, in columns
/// the format reads, hold one, each at its physical line naming the column, wherever it
/// stands: in a plain line, in a quoted cell, far into the file. It is not taken for
/// UTF-16 without its mark (which a NUL in the file's first bytes once refused the
/// whole file for), and a NUL in a column the format ignores refuses nothing.
#[test]
fn a_nul_byte_refuses_its_row_naming_the_column_not_the_whole_file() {
    let mut customers =
        b"customer_id,name,segment,sector,credit_limit,customer_since,language,b2c,note\n\
A,Al\0pha,S1,industrial,1000,2020-01-01,nl,false,x\n\
B,\"Be\0ta, quoted\",S1,industrial,1000,2020-01-01,nl,false,x\n\
C,Gamma,S1,industrial,1000,2020-01-01,nl,false,n\0te\n"
            .to_vec();
    // Two hundred good rows, then one with a NUL in its id, more than 8 KiB into the
    // file.
    for k in 0..200 {
        customers.extend_from_slice(
            format!("D{k},Delta {k},S1,industrial,1000,2020-01-01,nl,false,x\n").as_bytes(),
        );
    }
    customers.extend_from_slice(b"E\0,Epsilon,S1,industrial,1000,2020-01-01,nl,false,x\n");
    assert!(customers.len() > 8192);
    // Lines: 1 the header, 2 Alpha, 3 Beta, 4 Gamma, 5–204 the Deltas, 205 Epsilon.
    let r = customers_read(customers, (204, 201, 3));
    let refused: Vec<(u64, &str)> = (r.problems.iter())
        .filter(|p| p.file == "customers.csv" && p.severity == Severity::Rejected)
        .map(|p| (p.line.unwrap(), p.column.as_deref().unwrap()))
        .collect();
    assert_eq!(refused, [(2, "name"), (3, "name"), (205, "customer_id")]);
    let p = find(&r, "customers.csv", 2);
    assert_eq!(
        p.reason,
        "cell has a NUL byte (0x00), which no text has: the file is damaged, or part of it is UTF-16 text; save it as \"CSV UTF-8\""
    );
}

#[test]
fn a_nul_byte_in_a_mapped_export_or_a_history_refuses_its_row_naming_the_column() {
    let r = read_klanten(
        "",
        b"nr,naam,sinds,extra\nK1,Ca\0fe,2020-01-01,x\nK2,Bakker,2021-02-03,x\0\n",
    );
    let names: Vec<&str> = (r.portfolio.customers().iter())
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(names, ["Bakker"], "{:#?}", r.report.problems);
    let p = find(&r.report, "klanten.csv", 2);
    assert_eq!(p.column.as_deref(), Some("naam"));
    assert!(p.reason.starts_with("cell has a NUL byte"), "{}", p.reason);

    use rappel_core::collections::dunning::History;
    let text = "action_id,date,customer_id,process,step,level,channel,invoice_id,balance,advanced,fee_rule,fee\n\
A1,2026-03-01,C1,std,reminder,1,email,I1,100.00,true,,\n\
A2,2026-03-02,C\u{0}1,std,reminder,1,email,I2,100.00,true,,\n";
    let e = History::from_csv("actions.csv", text.as_bytes()).unwrap_err();
    let at: Vec<(Option<u64>, Option<&str>)> =
        e.iter().map(|p| (p.line, p.column.as_deref())).collect();
    assert_eq!(at, [(Some(3), Some("customer_id"))], "{e:?}");
    assert!(
        e[0].reason.starts_with("cell has a NUL byte"),
        "{}",
        e[0].reason
    );
}

/// The component hands the engine the files whole and has it free each file once read
/// (`Parsed::from_owned_files`): the same report and the same portfolio as the files
/// lent (`Parsed::from_files`), with a refused row, a file of no table and a missing
/// required table among them.
#[test]
fn files_taken_and_freed_as_read_give_what_files_lent_give() {
    use rappel_core::ingest::{ImportOptions, Parsed, assemble};
    let mut demo = rappel_core::ingest::write_tables(&rappel_core::generate::generate(
        &rappel_core::generate::Config {
            customers: 40,
            invoices: 600,
            ..Default::default()
        },
    ));
    let broken = demo.iter_mut().find(|(n, _)| *n == "invoices.csv").unwrap();
    broken
        .1
        .extend_from_slice(b"X1,NOBODY,2026-01-01,2026-01-31,10.00,EUR,,\n");
    let mut cases: Vec<Vec<(String, Vec<u8>)>> = vec![
        demo.iter()
            .map(|(n, b)| (n.to_string(), b.clone()))
            .collect(),
        demo.iter()
            .filter(|(n, _)| *n != "customers.csv")
            .map(|(n, b)| (n.to_string(), b.clone()))
            .collect(),
    ];
    cases[0].push(("notes.csv".into(), b"a,b\n1,2\n".to_vec()));
    for files in cases {
        let lent: Vec<rappel_core::ingest::CsvFile<'_>> = (files.iter())
            .map(|(name, bytes)| rappel_core::ingest::CsvFile { name, bytes })
            .collect();
        let options = ImportOptions::default();
        let a = assemble(Parsed::from_files(&lent), &options);
        let b = assemble(Parsed::from_owned_files(files.clone()), &options);
        assert_eq!(format!("{:?}", a.report), format!("{:?}", b.report));
        assert_eq!(
            format!("{:?}", a.portfolio.tables()),
            format!("{:?}", b.portfolio.tables())
        );
        assert!(!a.report.problems.is_empty());
    }
}
