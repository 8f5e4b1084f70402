//! Writes a statement as a Belgian CODA 2 file (Febelfin "Standard CODA 2.6"), the
//! fixed-width format every Belgian bank delivers: record 0 (header), 1 (old balance),
//! per movement 2.1 (amount, dates, code, communication), 2.2 (end-to-end reference,
//! return reason) and 2.3 (counterparty account and name), 8 (new balance) and 9
//! (trailer with the record count and the debit and credit totals). The positions are
//! the ones [`crate::ingest::coda`] reads, laid out like the public sample in
//! `shared/data/bank/coda/`; the file is in Latin-1, one byte a character
//! ([`coda_bytes`]), and holds at most
//! [`CODA_MOVEMENTS`](crate::generate::statements::CODA_MOVEMENTS) movements.
//!
//! CODA carries less than camt: [`as_coda`] gives the statement as the reader will give
//! it back (ids derived from account, paper number and date; the bank's transaction
//! code instead of the ISO one; references cut to their field), so that what is written
//! reads back equal. Transaction codes: `00150000` (SEPA credit transfer received, as
//! in the sample); for a direct-debit collection `00501000` and for its return
//! `10503000` (family 05 "direct debit" — the transaction numbers 01 and 03 follow the
//! Febelfin code list as we read it; not confirmed with the search tool).

use std::fmt::Write;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::cash::reference::PaymentReference;
use crate::cash::statement::{BankFormat, BankStatement, BankTransaction, CreditorReference};
use crate::model::Money;

/// Communication room in records 2.1 (53), 2.2 (53) and 2.3 (43 characters).
const COMMUNICATION: [usize; 3] = [53, 53, 43];

/// The statement's date (its last booking date) and paper number: the day of the year,
/// as a bank numbers one statement a day.
fn dated(s: &BankStatement) -> (Option<NaiveDate>, String) {
    let date = s
        .transactions
        .iter()
        .map(|t| t.booking_date)
        .max()
        .or(s.date);
    let paper = date.map(|d| d.ordinal()).unwrap_or(1);
    (date, format!("{paper:03}"))
}

/// `s` as the CODA reader gives it back once written by [`coda`]: the same movements,
/// with the ids, codes and references CODA can carry.
pub fn as_coda(s: &BankStatement) -> BankStatement {
    let (date, paper) = dated(s);
    let account = s.account.clone().map(|a| cut(&a, 34));
    let id = format!(
        "{}/{paper}/{}",
        account.as_deref().unwrap_or("CODA"),
        date.map(|d| d.to_string()).unwrap_or_default()
    );
    let currency = s.currency.clone().unwrap_or_else(|| "EUR".into());
    // CODA always states both balances: a statement without them starts at zero.
    let opening = s.opening.unwrap_or_default();
    let moved: Money = s.transactions.iter().map(|t| t.amount).sum();
    let transactions = s
        .transactions
        .iter()
        .enumerate()
        .map(|(k, t)| movement(t, &format!("{id}/{:04}", k + 1), &currency))
        .collect();
    BankStatement {
        file: s.file.replace("camt053-", "coda-").replace(".xml", ".cod"),
        format: BankFormat::Coda,
        id,
        account,
        currency: Some(currency),
        opening: Some(opening),
        closing: Some(s.closing.unwrap_or(opening + moved)),
        date,
        transactions,
    }
}

/// One movement as CODA carries it.
fn movement(t: &BankTransaction, id: &str, currency: &str) -> BankTransaction {
    let mut c = BankTransaction::new(id, t.booking_date, t.amount, currency);
    c.value_date = t.value_date;
    c.entry_reference = field(&t.entry_reference, 21);
    c.end_to_end_id = field(&t.end_to_end_id, 35);
    c.counterparty.name = field(&t.counterparty.name, 35);
    c.counterparty.iban = t.counterparty.iban.clone();
    c.return_reason = t.return_reason.clone();
    c.reversal = t.return_reason.is_some();
    c.bank_code = Some(code(t));
    let reference = t.structured.as_ref().map(|r| r.reference.as_str());
    match reference.and_then(ogm_digits) {
        Some(digits) => {
            c.structured = Some(CreditorReference {
                reference: digits,
                kind: Some("101".into()),
            })
        }
        None => {
            let text: Vec<&str> = reference
                .into_iter()
                .chain(t.unstructured.iter().map(String::as_str))
                .collect();
            c.unstructured = read_back(&cut(&text.join(" "), COMMUNICATION.iter().sum()));
        }
    }
    c
}

/// A field of `n` characters as the reader gives it back (`None` when blank).
fn field(v: &Option<String>, n: usize) -> Option<String> {
    v.as_deref().map(|s| cut(s, n)).filter(|s| !s.is_empty())
}

/// Free communication as the reader gives it back: written in pieces of 53, 53 and 43
/// characters, each read without its trailing spaces and the pieces joined.
fn read_back(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<String> = Vec::new();
    let mut from = 0;
    for (k, n) in COMMUNICATION.into_iter().enumerate() {
        let piece: String = chars[from.min(chars.len())..(from + n).min(chars.len())]
            .iter()
            .collect();
        from += n;
        let piece = piece.trim_end();
        match out.last_mut() {
            _ if piece.trim().is_empty() => {}
            Some(s) => s.push_str(piece),
            None if k == 0 => out.push(piece.to_string()),
            None => out.push(piece.trim_start().to_string()),
        }
    }
    out
}

/// The 12 digits of a reference that has the Belgian OGM's shape (check digits not
/// verified: a payer's typo travels as the bank received it).
fn ogm_digits(r: &str) -> Option<String> {
    if let Ok(Some(PaymentReference::Ogm(d))) = PaymentReference::read(r) {
        return Some(d);
    }
    let d: String = r.chars().filter(char::is_ascii_digit).collect();
    let shape = r
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '+' | '*' | '/' | ' '));
    (shape && d.len() == 12).then_some(d)
}

/// The 8-digit CODA transaction code (type, family, transaction, category): kept when
/// it is one already.
fn code(t: &BankTransaction) -> String {
    match (t.return_reason.is_some(), t.bank_code.as_deref()) {
        (_, Some(c)) if c.len() == 8 && c.bytes().all(|b| b.is_ascii_digit()) => c.into(),
        (true, _) => "10503000".into(),
        (false, Some(c)) if c.contains("IDDT") => "00501000".into(),
        _ => "00150000".into(),
    }
}

/// The first `n` characters of `s`, trimmed as the reader trims them, each as the file
/// carries it ([`latin1`]).
fn cut(s: &str, n: usize) -> String {
    let kept: String = s.chars().take(n).map(|c| char::from(latin1(c))).collect();
    kept.trim().to_string()
}

/// Character `c` as a byte of a CODA file: ISO 8859-1 (Latin-1), one byte a character,
/// which is how the reader ([`crate::ingest::coda`]) takes the file's bytes; a character
/// beyond it becomes `?`.
fn latin1(c: char) -> u8 {
    u8::try_from(u32::from(c)).unwrap_or(b'?')
}

/// The bytes of the CODA file [`coda`] writes: in Latin-1 (`latin1`). In UTF-8 a
/// name such as "HOGESCHOOL LIÈGE" would make its record 129 bytes long, and the reader
/// would refuse it.
pub fn coda_bytes(s: &BankStatement) -> Vec<u8> {
    coda(s).chars().map(latin1).collect()
}

/// `s` padded with spaces (or cut) to `n` characters.
fn pad(s: &str, n: usize) -> String {
    format!("{:<n$}", s.chars().take(n).collect::<String>())
}

/// Sign (`0` credit, `1` debit) and 15 digits with 3 implied decimals.
fn amount(a: Money) -> String {
    let milli = (a.abs() * Decimal::ONE_THOUSAND)
        .trunc()
        .to_u64()
        .unwrap_or(u64::MAX);
    let sign = if a.is_sign_negative() { '1' } else { '0' };
    format!("{sign}{:015}", milli.min(999_999_999_999_999))
}

/// Totals in 15 digits with 3 implied decimals.
fn total(a: Money) -> String {
    amount(a)[1..].to_string()
}

/// DDMMYY, `000000` for none.
fn ddmmyy(d: Option<NaiveDate>) -> String {
    d.map(|d| d.format("%d%m%y").to_string())
        .unwrap_or_else(|| "000000".into())
}

/// Writes `s` as a CODA file, one paper statement numbered by its day of the year;
/// give it [`as_coda`]`(s)` to know what reads back (fields longer than CODA's are cut).
/// Lines end with CRLF, as the banks deliver them.
pub fn coda(s: &BankStatement) -> String {
    let (_, paper) = dated(s);
    let account = s.account.as_deref().unwrap_or("");
    let ccy = s.currency.as_deref().unwrap_or("EUR");
    let mut lines: Vec<String> = Vec::new();
    let created = ddmmyy(s.date);
    lines.push(format!(
        "00000{created}00005 {:7}{:10}{:26}{:11}{:11} {:5}{:39}2",
        "",
        pad(&s.id, 10),
        pad("RAPPEL GENERATOR", 26),
        "",
        "",
        "00000",
        ""
    ));
    lines.push(format!(
        "12{paper}{}{ccy:3}{}{}{:26}{:35}{paper}",
        pad(account, 34),
        amount(s.opening.unwrap_or_default()),
        ddmmyy(s.date),
        "",
        "",
    ));
    for (k, t) in s.transactions.iter().enumerate() {
        records(&mut lines, k as u32 + 1, t, &paper);
    }
    lines.push(format!(
        "8{paper}{}{}{}{:64}0",
        pad(&format!("{account:34}{ccy}"), 37),
        amount(s.closing.unwrap_or_default()),
        ddmmyy(s.date),
        ""
    ));
    let (debit, credit) = s
        .transactions
        .iter()
        .fold((Money::ZERO, Money::ZERO), |(d, c), t| {
            if t.amount.is_sign_negative() {
                (d - t.amount, c)
            } else {
                (d, c + t.amount)
            }
        });
    let count = lines.len() - 1;
    lines.push(format!(
        "9{:15}{count:06}{}{}{:75}2",
        "",
        total(debit),
        total(credit),
        ""
    ));
    let mut out = String::new();
    for l in lines {
        debug_assert_eq!(l.chars().count(), 128, "{l}");
        let _ = write!(out, "{l}\r\n");
    }
    out
}

/// Records 2.1–2.3 of movement `seq`.
fn records(lines: &mut Vec<String>, seq: u32, t: &BankTransaction, paper: &str) {
    let (kind, comm) = match &t.structured {
        Some(r) => ('1', format!("101{}", r.reference)),
        None => ('0', t.unstructured.first().cloned().unwrap_or_default()),
    };
    let mut chunks = comm.chars().collect::<Vec<_>>();
    let mut part = |n: usize| -> String {
        let rest = chunks.split_off(n.min(chunks.len()));
        let head: String = std::mem::replace(&mut chunks, rest).into_iter().collect();
        pad(&head, n)
    };
    let first = part(COMMUNICATION[0]);
    let second = part(COMMUNICATION[1]);
    let third = part(COMMUNICATION[2]);
    let head = format!("{seq:04}0000");
    lines.push(format!(
        "21{head}{}{}{}{}{kind}{first}{}{paper}01 0",
        pad(t.entry_reference.as_deref().unwrap_or(""), 21),
        amount(t.amount),
        ddmmyy(t.value_date),
        t.bank_code.as_deref().unwrap_or("00150000"),
        ddmmyy(Some(t.booking_date)),
    ));
    let (rtype, reason) = match &t.return_reason {
        Some(r) => ("2", pad(r, 4)),
        None => (" ", pad("", 4)),
    };
    lines.push(format!(
        "22{head}{second}{}{:11}{:3}{rtype}{reason}{:8}1 0",
        pad(t.end_to_end_id.as_deref().unwrap_or(""), 35),
        "",
        "",
        "",
    ));
    lines.push(format!(
        "23{head}{}{}{third}0 0",
        pad(t.counterparty.iban.as_deref().unwrap_or(""), 37),
        pad(t.counterparty.name.as_deref().unwrap_or(""), 35),
    ));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cash::statement::Counterparty;
    use crate::ingest::bank::read_bank;

    fn d(s: &str) -> Money {
        s.parse().unwrap()
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn statement() -> BankStatement {
        let mut t = BankTransaction::new("2026-03-02/E1", day("2026-03-02"), d("1250.40"), "EUR");
        t.value_date = Some(day("2026-03-03"));
        t.entry_reference = Some("E1".into());
        t.end_to_end_id = Some("NOTPROVIDED".into());
        t.counterparty = Counterparty {
            name: Some("Bakkerij Jansen & Zn".into()),
            iban: Some("BE41063012345610".into()),
            address: Vec::new(),
        };
        t.structured = Some(CreditorReference {
            reference: "+++000/0000/04242+++".into(),
            kind: Some("SCOR".into()),
        });
        t.bank_code = Some("PMNT-RCDT-ESCT".into());
        let mut text = t.clone();
        text.id = "2026-03-02/E2".into();
        text.structured = None;
        // Longer than record 2.1's 53 characters: continued on 2.2 and 2.3.
        text.unstructured =
            vec!["betaling facturen INV0000042 INV0000043 INV0000044 en INV0000045, dank u".into()];
        let mut back = t.clone();
        back.id = "2026-03-02/E3".into();
        back.amount = d("-80.00");
        back.structured = None;
        back.end_to_end_id = Some("P-000123".into());
        back.return_reason = Some("AM04".into());
        back.bank_code = Some("PMNT-IDDT-UPDD".into());
        BankStatement {
            file: "camt053-2026-03-02.xml".into(),
            format: BankFormat::Camt053 {
                version: "001.02".into(),
            },
            id: "2026-03-02".into(),
            account: Some("BE68539007547034".into()),
            currency: Some("EUR".into()),
            opening: Some(d("100.00")),
            closing: Some(d("2520.80")),
            date: Some(day("2026-03-02")),
            transactions: vec![t, text, back],
        }
    }

    #[test]
    fn what_is_written_reads_back_with_its_totals_checked() {
        let s = statement();
        let want = as_coda(&s);
        let file = coda(&want);
        assert!(file.lines().all(|l| l.chars().count() == 128), "{file}");
        assert_eq!(want.file, "coda-2026-03-02.cod");
        assert_eq!(
            want.transactions[0].id,
            "BE68539007547034/061/2026-03-02/0001" // 2 March: day 61
        );
        let r = read_bank(&want.file, file.as_bytes());
        // Opening 100.00 + credits 2 × 1250.40 − 80.00 = 2520.80: the balances and the
        // trailer (9 movement records + records 1 and 8 = 11; debit 80.00, credit
        // 2500.80) hold, so the reader has nothing to say.
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        let mut got = r.statements[0].clone();
        for t in &mut got.transactions {
            t.line = 0;
        }
        assert_eq!(got, want);
        let t = &got.transactions;
        assert_eq!(
            t[0].structured.as_ref().map(|r| r.reference.as_str()),
            Some("000000004242")
        );
        assert_eq!(
            t[1].unstructured,
            ["betaling facturen INV0000042 INV0000043 INV0000044 en INV0000045, dank u"]
        );
        assert_eq!(t[2].return_reason.as_deref(), Some("AM04"));
        assert_eq!(t[2].end_to_end_id.as_deref(), Some("P-000123"));
        assert!(t[2].is_return());
    }

    /// The generator's last day, with its noise (typos in references, texts, returns,
    /// unknown payers), reads back from CODA as delivered, balances and trailer checked.
    #[test]
    fn the_generated_coda_day_reads_back() {
        use crate::generate::statements::{StatementSpan, deliver, file_of};
        let cfg = crate::generate::Config {
            customers: 80,
            invoices: 1_600,
            seed: 3,
            ..Default::default()
        };
        let d = deliver(
            &crate::generate::generate(&cfg),
            cfg.end,
            10,
            3,
            StatementSpan::Day,
        );
        let last = d.statements.last().unwrap();
        assert_eq!(last.format, BankFormat::Coda);
        let r = read_bank(&last.file, &file_of(last));
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        let mut got = r.statements[0].clone();
        for t in &mut got.transactions {
            t.line = 0;
        }
        assert_eq!(&got, last);
        // Every movement's truth is known under the id the reader gives it.
        let truth: std::collections::HashSet<&str> =
            d.truth.iter().map(|(id, _)| id.as_str()).collect();
        assert!(
            got.transactions
                .iter()
                .all(|t| truth.contains(t.id.as_str()))
        );
    }

    /// A statement of more movements than CODA numbers (10 500 over three days) is
    /// delivered as a CODA file per day, each numbering its movements from 1: every
    /// record 128 characters, each file read back without a problem, every movement
    /// once. At the bound it stays one file.
    #[test]
    fn more_movements_than_coda_numbers_come_as_a_file_per_day() {
        use crate::generate::statements::{CODA_MOVEMENTS, coda_parts, file_of};
        let day = |k: u32| NaiveDate::from_ymd_opt(2026, 6, 28 + k).unwrap();
        // The sample statement's account, moved to the end of June, with `n` movements.
        let statement = |n: usize| BankStatement {
            file: "camt053-2026-06.xml".into(),
            id: "2026-06".into(),
            opening: None,
            closing: None,
            date: Some(day(2)),
            transactions: (0..n)
                .map(|k| {
                    let on = day((k * 3 / n) as u32);
                    let mut t =
                        BankTransaction::new(&format!("{on}/T{k:05}"), on, d("12.50"), "EUR");
                    // Names in Latin-1 (one byte a character in the file) and beyond it.
                    let name = ["HOGESCHOOL LIÈGE", "Łódź Trading", "Janssens"][k % 3];
                    t.counterparty.name = Some(name.into());
                    t
                })
                .collect(),
            ..statement()
        };
        assert_eq!(coda_parts(statement(CODA_MOVEMENTS)).len(), 1);
        let parts = coda_parts(statement(10_500));
        let names: Vec<String> = parts.iter().map(|p| as_coda(p).file).collect();
        assert_eq!(
            names,
            [
                "coda-2026-06-28.cod",
                "coda-2026-06-29.cod",
                "coda-2026-06-30.cod"
            ]
        );
        let mut ids = std::collections::HashSet::new();
        for part in &parts {
            let coda = as_coda(part);
            let bytes = file_of(&coda);
            assert!(
                bytes
                    .split(|&b| b == b'\n')
                    .all(|l| l.is_empty() || l.len() == 129)
            );
            let r = read_bank(&coda.file, &bytes);
            assert!(
                r.problems.is_empty(),
                "{:?}",
                &r.problems[..3.min(r.problems.len())]
            );
            let names: Vec<Option<&str>> = r.statements[0].transactions[..3]
                .iter()
                .map(|t| t.counterparty.name.as_deref())
                .collect();
            // Movement k bears name k % 3; this part starts after the movements read.
            let read_back = ["HOGESCHOOL LIÈGE", "?ód? Trading", "Janssens"];
            let expected: Vec<Option<&str>> = (0..3)
                .map(|k| Some(read_back[(ids.len() + k) % 3]))
                .collect();
            assert_eq!(names, expected);
            let mut got = r.statements[0].clone();
            for t in &mut got.transactions {
                t.line = 0;
            }
            assert_eq!(got, coda);
            ids.extend(r.statements[0].transactions.iter().map(|t| t.id.clone()));
        }
        assert_eq!(ids.len(), 10_500);
    }

    #[test]
    fn amounts_in_fifteen_digits_with_three_decimals() {
        assert_eq!(amount(d("1250.40")), "0000000001250400");
        assert_eq!(amount(d("-0.01")), "1000000000000010");
        assert_eq!(total(d("3108.19")), "000000003108190");
    }
}
