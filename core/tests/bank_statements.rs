//! Issue 14, the readers: the public camt.053/054 samples in `../shared/data/bank/camt`
//! read to every value their golden files (what the OCA reference importer extracts,
//! as Python literals) list; the public CODA sample reads with its trailer checked;
//! broken files are reported with line, field and reason, and the rest is still read.

use std::collections::BTreeMap;
use std::path::PathBuf;

use rappel_core::cash::statement::{BankStatement, BankTransaction};
use rappel_core::ingest::Severity;
use rappel_core::ingest::bank::read_bank;
use rust_decimal::Decimal;

fn shared(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/data/bank")
        .join(rel)
}

/// A value of the golden files' Python literal syntax.
#[derive(Debug, Clone, PartialEq)]
enum Py {
    None,
    Str(String),
    Num(String),
    List(Vec<Py>),
    Dict(BTreeMap<String, Py>),
}

impl Py {
    fn at(&self, i: usize) -> &Py {
        match self {
            Py::List(v) => &v[i],
            _ => panic!("not a sequence: {self:?}"),
        }
    }
    fn get(&self, k: &str) -> &Py {
        match self {
            Py::Dict(m) => m.get(k).unwrap_or_else(|| panic!("no key {k}")),
            _ => panic!("not a dict: {self:?}"),
        }
    }
    fn str(&self) -> Option<&str> {
        match self {
            Py::Str(s) => Some(s),
            Py::None => None,
            _ => panic!("not a string: {self:?}"),
        }
    }
    fn dec(&self) -> Decimal {
        match self {
            Py::Num(n) => n.parse().unwrap(),
            _ => panic!("not a number: {self:?}"),
        }
    }
    fn list(&self) -> &[Py] {
        match self {
            Py::List(v) => v,
            _ => panic!("not a list: {self:?}"),
        }
    }
}

/// Parses tuples, lists, dicts, single-quoted strings (adjacent ones joined, `\n` and
/// `\'` escapes), numbers and `None` — all the golden files use.
fn py(s: &str) -> Py {
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    value(&chars, &mut i)
}

fn skip(c: &[char], i: &mut usize) {
    while *i < c.len() && (c[*i].is_whitespace() || c[*i] == ',') {
        *i += 1;
    }
}

fn value(c: &[char], i: &mut usize) -> Py {
    skip(c, i);
    match c[*i] {
        '(' | '[' => {
            let close = if c[*i] == '(' { ')' } else { ']' };
            *i += 1;
            let mut v = Vec::new();
            loop {
                skip(c, i);
                if c[*i] == close {
                    *i += 1;
                    return Py::List(v);
                }
                v.push(value(c, i));
            }
        }
        '{' => {
            *i += 1;
            let mut m = BTreeMap::new();
            loop {
                skip(c, i);
                if c[*i] == '}' {
                    *i += 1;
                    return Py::Dict(m);
                }
                let Py::Str(k) = value(c, i) else {
                    panic!("key")
                };
                skip(c, i);
                assert_eq!(c[*i], ':');
                *i += 1;
                m.insert(k, value(c, i));
            }
        }
        '\'' => {
            let mut s = String::new();
            while *i < c.len() && c[*i] == '\'' {
                *i += 1;
                while c[*i] != '\'' {
                    if c[*i] == '\\' {
                        *i += 1;
                        s.push(match c[*i] {
                            'n' => '\n',
                            other => other,
                        });
                    } else {
                        s.push(c[*i]);
                    }
                    *i += 1;
                }
                *i += 1;
                while *i < c.len() && c[*i].is_whitespace() {
                    *i += 1;
                }
            }
            Py::Str(s)
        }
        'N' => {
            *i += 4;
            Py::None
        }
        _ => {
            let start = *i;
            while *i < c.len() && (c[*i].is_ascii_digit() || matches!(c[*i], '-' | '.' | 'e')) {
                *i += 1;
            }
            Py::Num(c[start..*i].iter().collect())
        }
    }
}

/// What the reference importer's narration line `path` says, read from our record.
fn field(t: &BankTransaction, path: &str) -> Option<String> {
    match path {
        "RltdPties/Nm" => t.counterparty.name.clone(),
        "RltdPties/Acct" => t.counterparty.iban.clone(),
        "BookgDt" => Some(t.booking_date.to_string()),
        "BkTxCd" => t.bank_code.clone(),
        "AddtlNtryInf" => t.entry_info.clone(),
        "RvslInd" => Some(t.reversal.to_string()),
        "RmtInf/Ustrd" => Some(t.unstructured.join(" ")),
        "RmtInf/Strd/CdtrRefInf/Ref" => t.structured.as_ref().map(|s| s.reference.clone()),
        "Refs/AcctSvcrRef" => t.servicer_reference.clone(),
        "Refs/EndToEndId" => t.end_to_end_id.clone(),
        "Refs/InstrId" => t.instruction_id.clone(),
        "RtrInf/Rsn/Cd" | "RtrInf/Rsn/Prtry" => t.return_reason.clone(),
        "AddtlTxInf" => t.additional_info.clone(),
        "PstlAdr" => Some(t.counterparty.address.join(" | ")),
        other => panic!("narration field {other} is not compared"),
    }
}

fn compare(xml: &str, golden: &str) -> (Vec<BankStatement>, usize) {
    let bytes = std::fs::read(shared(&format!("camt/{xml}"))).unwrap();
    let read = read_bank(xml, &bytes);
    assert!(read.problems.is_empty(), "{xml}: {:#?}", read.problems);
    let g = py(&std::fs::read_to_string(shared(&format!("camt/{golden}"))).unwrap());
    // The reference importer leaves out statements without entries.
    let ours: Vec<&BankStatement> = read
        .statements
        .iter()
        .filter(|s| !s.transactions.is_empty())
        .collect();
    let theirs = g.at(2).list();
    assert_eq!(ours.len(), theirs.len(), "{xml}: statements");
    let mut compared = 0;
    for (s, gs) in ours.iter().zip(theirs) {
        assert_eq!(s.currency.as_deref(), g.at(0).str(), "{xml}: currency");
        assert_eq!(s.account.as_deref(), g.at(1).str(), "{xml}: account");
        assert_eq!(s.id, gs.get("name").str().unwrap(), "{xml}: name");
        assert_eq!(
            s.date.unwrap().to_string(),
            gs.get("date").str().unwrap(),
            "{xml}: date"
        );
        assert_eq!(
            s.opening.unwrap_or_default(),
            gs.get("balance_start").dec(),
            "{xml}: opening"
        );
        assert_eq!(
            s.closing.unwrap_or_default(),
            gs.get("balance_end_real").dec(),
            "{xml}: closing"
        );
        let txs = gs.get("transactions").list();
        assert_eq!(s.transactions.len(), txs.len(), "{xml}: transactions");
        for (t, gt) in s.transactions.iter().zip(txs) {
            let ctx = format!("{xml} {}", t.id);
            assert_eq!(t.amount, gt.get("amount").dec(), "{ctx}: amount");
            assert_eq!(
                t.booking_date.to_string(),
                gt.get("date").str().unwrap(),
                "{ctx}"
            );
            assert_eq!(
                t.counterparty.iban.as_deref(),
                gt.get("account_number").str(),
                "{ctx}"
            );
            assert_eq!(
                t.counterparty.name.as_deref(),
                gt.get("partner_name").str(),
                "{ctx}"
            );
            assert_eq!(
                t.bank_code.as_deref(),
                gt.get("transaction_type").str(),
                "{ctx}"
            );
            // Their `ref`: the structured reference, else the end-to-end id.
            let r = t
                .structured
                .as_ref()
                .map(|s| s.reference.clone())
                .or(t.end_to_end_id.clone());
            assert_eq!(r.as_deref(), gt.get("ref").str(), "{ctx}: ref");
            // Their label: the first of these fields that is given.
            let label = gt.get("payment_ref").str().unwrap();
            let ours = [
                t.additional_info.clone(),
                t.entry_info.clone(),
                Some(t.unstructured.join(" ")),
                t.instruction_id.clone(),
            ];
            assert!(
                ours.iter().flatten().any(|x| x == label),
                "{ctx}: payment_ref {label:?}"
            );
            compared += 7;
            for line in gt.get("narration").str().unwrap().lines() {
                let (label, value) = line
                    .split_once(": ")
                    .unwrap_or((line.trim_end_matches(':'), ""));
                let Some(path) = label.rsplit_once('(').map(|(_, p)| p.trim_end_matches(')'))
                else {
                    // "Reference" is their `ref`, "Communication" is empty in every sample.
                    if label == "Reference" {
                        assert_eq!(Some(value), r.as_deref(), "{ctx}: {line}");
                    } else {
                        assert_eq!((label, value), ("Communication", ""), "{ctx}");
                    }
                    continue;
                };
                assert_eq!(field(t, path).as_deref(), Some(value), "{ctx}: {line}");
                compared += 1;
            }
        }
    }
    (read.statements, compared)
}

#[test]
fn camt053_reads_every_golden_value() {
    let (s, n) = compare("test-camt053.xml", "golden-camt053.pydata");
    assert_eq!(s[0].transactions.len(), 4);
    // The batch of two direct-debit returns is split in its transactions, each with its
    // own id, and each is a return (reversal indicator and reason AC06).
    let ids: Vec<&str> = s[0].transactions.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "1234Test/1/#1",
            "1234Test/1/#2/1",
            "1234Test/1/#2/2",
            "1234Test/1/#3"
        ]
    );
    assert!(s[0].transactions[1].is_return() && s[0].transactions[2].is_return());
    assert_eq!(
        s[0].transactions[1].mandate_id.as_deref(),
        Some("NL22ZZZ524885430000-C0125.1")
    );
    assert!(n > 60, "{n} values compared");
}

#[test]
fn camt053_with_transaction_details_reads_every_golden_value() {
    let (s, _) = compare("test-camt053-txdtls.xml", "golden-camt053-txdtls.pydata");
    let t = &s[0].transactions;
    // One credit of 3483.00 split into 2187.00 + 1296.00, each with its ISR reference.
    assert_eq!(
        t[0].id,
        "20170323123456789012345/20170323001234567891234567891234/1"
    );
    assert_eq!(
        t[0].structured.as_ref().unwrap().kind.as_deref(),
        Some("ISR Reference")
    );
    assert_eq!(t[0].detail_code.as_deref(), Some("PMNT-RCDT-AUTT"));
    assert_eq!(t[0].value_date.unwrap().to_string(), "2017-03-23");
}

#[test]
fn camt054_and_a_statement_without_entries() {
    let (s, _) = compare("test-camt054.xml", "golden-camt054.pydata");
    assert!(
        matches!(&s[0].format, rappel_core::cash::statement::BankFormat::Camt054 { version } if version == "001.04")
    );
    assert_eq!(
        s[0].transactions[0]
            .structured
            .as_ref()
            .unwrap()
            .kind
            .as_deref(),
        Some("QRR")
    );
    let (s, _) = compare("test-camt053-no-ntry.xml", "golden-camt053-no-ntry.pydata");
    assert_eq!(s.len(), 1);
    assert_eq!(s[0].opening, Some("1520.76".parse().unwrap()));
    assert!(s[0].transactions.is_empty());
}

#[test]
fn the_coda_sample_reads_with_its_trailer_checked() {
    let name = "Ontvangen_CODA.2012-01-11-18.59.15.txt";
    let read = read_bank(
        name,
        &std::fs::read(shared(&format!("coda/{name}"))).unwrap(),
    );
    let s = &read.statements[0];
    assert_eq!(s.account.as_deref(), Some("BE46737018594236"));
    assert_eq!(s.currency.as_deref(), Some("EUR"));
    assert_eq!(s.opening, Some("11812.70".parse().unwrap()));
    assert_eq!(s.closing, Some("13646.05".parse().unwrap()));
    let t = &s.transactions;
    // Five movements; the loan repayments (type 3, "simple amount with detailed data")
    // stay one movement each, their details (419.92 + 59.12) are not payments.
    let amounts: Vec<String> = t.iter().map(|t| t.amount.to_string()).collect();
    assert_eq!(
        amounts,
        ["-435.00", "3044.45", "-479.04", "-479.04", "63.74"]
    );
    assert_eq!(t[0].counterparty.iban.as_deref(), Some("BE41063012345610"));
    assert_eq!(t[0].counterparty.name.as_deref(), Some("PARTNER 1"));
    assert_eq!(t[0].unstructured, ["MEDEDELING"]);
    // Record 2.1 structured communication, type 101: the OGM 240/2838/42818.
    let r = t[1].structured.as_ref().unwrap();
    assert_eq!(
        (r.reference.as_str(), r.kind.as_deref()),
        ("240283842818", Some("101"))
    );
    assert_eq!(t[1].counterparty.name.as_deref(), Some("PARTNER 2"));
    assert_eq!(
        t[1].additional_info.as_deref(),
        Some("PARTNER 2 | MOLENSTRAAT 60                     9340    LEDE")
    );
    assert_eq!(t[4].unstructured, ["TERUGGAVE 37232481 8400083296 ."]);
    assert_eq!(t[4].booking_date.to_string(), "2012-01-11");
    assert_eq!(t[1].id, "BE46737018594236/135/2012-01-11/0002");
    // The trailer's 22 records, debits 1393.08 (435 + 2 × 479.04) and credits 3108.19
    // (3044.45 + 63.74) hold. The anonymised sample's balances do not reconcile (old
    // 11812.70 + 1715.11 ≠ new 13646.05, of another account): both said, nothing lost.
    let reasons: Vec<&str> = read.problems.iter().map(|p| p.reason.as_str()).collect();
    assert_eq!(read.problems.len(), 2, "{reasons:#?}");
    assert!(
        read.problems
            .iter()
            .all(|p| p.severity == Severity::Warning)
    );
    assert!(
        reasons[0].contains("account \"BE44734024486445                  EUR\""),
        "{reasons:?}"
    );
    assert!(
        reasons[1].contains("old 11812.70 + movements 1715.11 = 13527.81, new balance 13646.05"),
        "{reasons:?}"
    );
}

#[test]
fn broken_files_are_reported_and_the_rest_is_read() {
    let good = std::fs::read_to_string(shared("camt/test-camt053.xml")).unwrap();
    // An amount with a comma, and one of 10^15 or more (the bound of every number read,
    // so that no total overflows): that entry is refused with its line, path and reason.
    let too_large = "too large: \"1000000000000000\" is not below the 1000000000000000 (10^15) in magnitude a number may have";
    for (amount, reason) in [
        ("1405,31", "not an amount like 1234.56: \"1405,31\""),
        ("1000000000000000", too_large),
    ] {
        let bad = good.replacen(
            "<Amt Ccy=\"EUR\">1405.31</Amt>",
            &format!("<Amt Ccy=\"EUR\">{amount}</Amt>"),
            1,
        );
        let r = read_bank("bad.xml", bad.as_bytes());
        assert_eq!(r.statements[0].transactions.len(), 3);
        let p = &r.problems[0];
        assert_eq!((p.line, p.column.as_deref()), (Some(229), Some("Ntry/Amt")));
        assert_eq!(p.reason, reason);
    }
    // Truncated XML: one file error with its line.
    let r = read_bank("cut.xml", &good.as_bytes()[..5000]);
    assert!(r.statements.is_empty());
    assert_eq!(r.problems[0].severity, Severity::FileError);
    assert!(
        r.problems[0].reason.contains("not well-formed XML"),
        "{}",
        r.problems[0]
    );
    // An unknown camt version.
    let v99 = good.replacen("camt.053.001.02", "camt.053.001.99", 1);
    let r = read_bank("v99.xml", v99.as_bytes());
    assert!(
        r.problems[0]
            .reason
            .contains("camt.053.001.99 is not a version"),
        "{}",
        r.problems[0]
    );
    // Not a bank file at all.
    let r = read_bank("x.csv", b"invoice_id,amount\n");
    assert!(r.problems[0].reason.contains("not a bank statement"));

    let name = "Ontvangen_CODA.2012-01-11-18.59.15.txt";
    let coda = std::fs::read_to_string(shared(&format!("coda/{name}"))).unwrap();
    let lines: Vec<&str> = coda.lines().collect();
    // A record cut short (line 3, movement 1) and a trailer whose credit total is off.
    let mut broken: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    broken[2].truncate(100);
    broken[23] = broken[23].replacen("000000003108190", "000000003108191", 1);
    let r = read_bank("broken.cod", broken.join("\n").as_bytes());
    let t = &r.statements[0].transactions;
    assert_eq!(t.len(), 4, "the cut movement is not applied, the rest is");
    let first = &r.problems[0];
    assert_eq!(
        (first.line, first.column.as_deref()),
        (Some(3), Some("record"))
    );
    assert!(first.reason.contains("128 characters, this one 100"));
    assert!(
        r.problems.iter().any(|p| p.line == Some(24)
            && p.column.as_deref() == Some("38-52")
            && p.reason.contains("credit total is 3108.191")),
        "{:#?}",
        r.problems
    );
}
