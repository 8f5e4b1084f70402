//! Belgian CODA statements (Febelfin "Standard CODA 2.6"): fixed-width records of 128
//! characters. Record 0 (header), 1 (old balance), 2.1–2.3 (movement: amount, dates,
//! transaction code, communication; counterparty BIC and SEPA return reason; counterparty
//! account and name), 3.1–3.3 (information), 4 (free communication), 8 (new balance), 9
//! (trailer). Record length, the sequence of records, the movement numbers and the
//! trailer's count and debit and credit totals are checked.
//!
//! Positions follow the standard (1-based, inclusive). The layouts of records 0, 1, 2.1–2.3,
//! 3.1, 8 and 9 were cross-checked against the public `codabel` and `coda-demo` layouts;
//! record 4's free text at positions 33–112 is as the standard gives it and could not be
//! cross-checked with the search tool.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::report::{Problem, Severity};
use crate::cash::statement::{BankFormat, BankStatement, BankTransaction, CreditorReference};
use crate::model::Money;

/// What a CODA file gave: its statement (one per file) and every problem.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CodaRead {
    /// The statement, unless the file could not be used at all.
    pub statements: Vec<BankStatement>,
    /// Problems, each with its physical line and the positions at fault.
    pub problems: Vec<Problem>,
}

/// One movement being read: its main record (detail 0000) and its details.
struct Movement {
    seq: String,
    main: BankTransaction,
    /// First digit of the transaction code: 1 and 2 are totals whose details are the
    /// payments.
    total_type: u8,
    details: Vec<BankTransaction>,
}

/// Reads a CODA file (ASCII or Latin-1 text; CRLF or LF).
pub fn read_coda(file: &str, bytes: &[u8]) -> CodaRead {
    let mut r = Coda {
        file,
        problems: Vec::new(),
        account: None,
        currency: None,
        opening: None,
        paper: String::new(),
        movements: Vec::new(),
        closing: None,
        closing_date: None,
        counted: 0,
        trailer: None,
    };
    let text: String = bytes.iter().map(|&b| b as char).collect();
    for (i, raw) in text.split('\n').enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() {
            continue;
        }
        r.record(i as u64 + 1, line);
    }
    r.finish()
}

struct Coda<'a> {
    file: &'a str,
    problems: Vec<Problem>,
    account: Option<String>,
    currency: Option<String>,
    opening: Option<Money>,
    paper: String,
    movements: Vec<Movement>,
    closing: Option<Money>,
    closing_date: Option<NaiveDate>,
    counted: u64,
    trailer: Option<(u64, u64, Money, Money)>,
}

/// Characters `from..=to` (1-based, inclusive) of a 128-character record.
fn pos(line: &str, from: usize, to: usize) -> &str {
    line.get(from - 1..to).unwrap_or("")
}

impl Coda<'_> {
    fn problem(&mut self, line: u64, at: &str, severity: Severity, reason: String) {
        self.problems.push(Problem {
            file: self.file.into(),
            line: Some(line),
            column: Some(at.into()),
            severity,
            reason,
        });
    }

    fn record(&mut self, n: u64, line: &str) {
        if line.chars().count() != 128 {
            let len = line.chars().count();
            self.problem(
                n,
                "record",
                Severity::Rejected,
                format!("a CODA record has 128 characters, this one {len}: not read"),
            );
            return;
        }
        let kind = pos(line, 1, 1);
        if !matches!(kind, "0" | "9") {
            self.counted += 1;
        }
        match (kind, pos(line, 2, 2)) {
            ("0", _) => self.header(n, line),
            ("1", _) => self.old_balance(n, line),
            ("2", "1") => self.movement(n, line),
            ("2", "2") => self.movement_bic(n, line),
            ("2", "3") => self.movement_party(n, line),
            ("3", "1" | "2" | "3") | ("4", _) => self.information(n, line),
            ("8", _) => self.new_balance(n, line),
            ("9", _) => self.trailer_record(n, line),
            _ => self.problem(
                n,
                "1-2",
                Severity::Rejected,
                format!("unknown record type {:?}", pos(line, 1, 2)),
            ),
        }
    }

    fn header(&mut self, n: u64, line: &str) {
        if pos(line, 128, 128) != "2" {
            self.problem(
                n,
                "128",
                Severity::Warning,
                format!(
                    "version code {:?}: this reader follows CODA version 2",
                    pos(line, 128, 128)
                ),
            );
        }
    }

    fn old_balance(&mut self, n: u64, line: &str) {
        let structure = pos(line, 2, 2);
        let (acct, ccy) = match structure {
            "0" => (pos(line, 6, 17), pos(line, 19, 21)),
            _ => (pos(line, 6, 39), pos(line, 40, 42)),
        };
        self.account = Some(acct.trim().to_string()).filter(|s| !s.is_empty());
        self.currency = Some(ccy.trim().to_string()).filter(|s| !s.is_empty());
        self.paper = pos(line, 3, 5).to_string();
        self.opening = self.amount(n, line, 43, "43-58");
    }

    fn new_balance(&mut self, n: u64, line: &str) {
        let acct = pos(line, 5, 41);
        if let Some(a) = &self.account
            && !acct.trim_start().starts_with(a.as_str())
        {
            let found = acct.trim().to_string();
            let a = a.clone();
            self.problem(
                n,
                "5-41",
                Severity::Warning,
                format!("the new balance is of account {found:?}, the old balance of {a:?}"),
            );
        }
        self.closing = self.amount(n, line, 42, "42-57");
        self.closing_date = self.date(n, pos(line, 58, 63), "58-63");
    }

    fn trailer_record(&mut self, n: u64, line: &str) {
        let count = pos(line, 17, 22).parse::<u64>().ok();
        let debit = digits3(pos(line, 23, 37));
        let credit = digits3(pos(line, 38, 52));
        match (count, debit, credit) {
            (Some(c), Some(d), Some(k)) => self.trailer = Some((n, c, d, k)),
            _ => self.problem(
                n,
                "17-52",
                Severity::Rejected,
                "the trailer's count and totals are not numbers".into(),
            ),
        }
    }

    /// A signed amount: sign at `sign` ('0' credit, '1' debit), 15 digits with 3
    /// decimals after it.
    fn amount(&mut self, n: u64, line: &str, sign: usize, at: &str) -> Option<Money> {
        let Some(v) = digits3(pos(line, sign + 1, sign + 15)) else {
            self.problem(
                n,
                at,
                Severity::Rejected,
                format!(
                    "not an amount (15 digits): {:?}",
                    pos(line, sign + 1, sign + 15)
                ),
            );
            return None;
        };
        match pos(line, sign, sign) {
            "0" => Some(v),
            "1" => Some(-v),
            s => {
                self.problem(
                    n,
                    at,
                    Severity::Rejected,
                    format!("sign {s:?} is neither 0 (credit) nor 1 (debit)"),
                );
                None
            }
        }
    }

    /// A date DDMMYY (`000000`: none).
    fn date(&mut self, n: u64, s: &str, at: &str) -> Option<NaiveDate> {
        if s == "000000" {
            return None;
        }
        let parsed = (|| {
            let d: u32 = s.get(0..2)?.parse().ok()?;
            let m: u32 = s.get(2..4)?.parse().ok()?;
            let y: i32 = s.get(4..6)?.parse().ok()?;
            NaiveDate::from_ymd_opt(if y < 80 { 2000 + y } else { 1900 + y }, m, d)
        })();
        if parsed.is_none() {
            self.problem(
                n,
                at,
                Severity::Rejected,
                format!("not a date DDMMYY: {s:?}"),
            );
        }
        parsed
    }

    fn movement(&mut self, n: u64, line: &str) {
        let seq = pos(line, 3, 6).to_string();
        let detail = pos(line, 7, 10);
        let Some(amount) = self.amount(n, line, 32, "32-47") else {
            return;
        };
        let Some(booking_date) = self.date(n, pos(line, 116, 121), "116-121") else {
            self.problem(
                n,
                "116-121",
                Severity::Rejected,
                "movement without an entry date: not applied".into(),
            );
            return;
        };
        let value_date = self.date(n, pos(line, 48, 53), "48-53");
        let code = pos(line, 54, 61).to_string();
        let comm = pos(line, 63, 115);
        let (structured, unstructured) = if pos(line, 62, 62) == "1" {
            let kind = pos(comm, 1, 3).to_string();
            let reference = if matches!(kind.as_str(), "101" | "102") {
                pos(comm, 4, 15).trim().to_string()
            } else {
                pos(comm, 4, 53).trim().to_string()
            };
            (
                Some(CreditorReference {
                    reference,
                    kind: Some(kind),
                }),
                Vec::new(),
            )
        } else {
            (None, vec![comm.trim_end().to_string()])
        };
        let bank_ref = pos(line, 11, 31).trim().to_string();
        let mut t = BankTransaction::new(&seq, booking_date, amount, "");
        t.line = n;
        t.value_date = value_date;
        t.entry_reference = Some(bank_ref).filter(|s| !s.is_empty());
        t.structured = structured;
        t.unstructured = unstructured.into_iter().filter(|s| !s.is_empty()).collect();
        t.bank_code = Some(code.clone());
        if detail == "0000" {
            if self.movements.last().is_some_and(|m| m.seq == seq) {
                self.problem(
                    n,
                    "3-6",
                    Severity::Rejected,
                    format!("movement {seq} appears twice: not applied again"),
                );
                return;
            }
            let expected = self
                .movements
                .last()
                .and_then(|m| m.seq.parse::<u32>().ok())
                .map(|s| s + 1);
            if let (Some(e), Ok(s)) = (expected, seq.parse::<u32>())
                && s != e
            {
                self.problem(
                    n,
                    "3-6",
                    Severity::Warning,
                    format!(
                        "movement {seq} follows movement {}: numbers are not consecutive",
                        e - 1
                    ),
                );
            }
            self.movements.push(Movement {
                seq,
                main: t,
                // The transaction code's type digit; not a digit: not a total.
                total_type: code
                    .chars()
                    .next()
                    .and_then(|c| c.to_digit(10))
                    .map_or(0, |d| d as u8),
                details: Vec::new(),
            });
        } else {
            match self.movements.last_mut() {
                Some(m) if m.seq == seq => {
                    let mut t = t;
                    t.id = format!("{seq}/{detail}");
                    m.details.push(t);
                }
                _ => self.problem(
                    n,
                    "3-10",
                    Severity::Rejected,
                    format!("detail {detail} of movement {seq} follows no movement {seq}"),
                ),
            }
        }
    }

    /// The transaction the last record 2.1 opened (a detail's, else the main one's).
    fn current(&mut self, n: u64, line: &str) -> Option<&mut BankTransaction> {
        let seq = pos(line, 3, 6).to_string();
        let detail = pos(line, 7, 10).to_string();
        let found = self.movements.last().is_some_and(|m| m.seq == seq);
        if !found {
            self.problem(
                n,
                "3-6",
                Severity::Warning,
                format!("record of movement {seq}, which was not read: ignored"),
            );
            return None;
        }
        // Information records number their details on their own: they belong to the
        // movement's detail of that number if there is one, else to the movement.
        let m = self.movements.last_mut()?;
        let own = format!("{seq}/{detail}");
        match m.details.iter_mut().position(|t| t.id == own) {
            Some(k) => m.details.get_mut(k),
            None => Some(&mut m.main),
        }
    }

    /// Record 2.2: communication continued, the customer's reference (a SEPA
    /// end-to-end id, positions 64–98), and a return's type and reason.
    fn movement_bic(&mut self, n: u64, line: &str) {
        let more = pos(line, 11, 63).trim_end().to_string();
        let end_to_end = pos(line, 64, 98).trim().to_string();
        let reason = pos(line, 114, 117).trim().to_string();
        let rtype = pos(line, 113, 113).trim().to_string();
        let Some(t) = self.current(n, line) else {
            return;
        };
        append_text(t, &more);
        if !end_to_end.is_empty() {
            t.end_to_end_id = Some(end_to_end);
        }
        if !reason.is_empty() {
            t.return_reason = Some(reason);
            t.reversal = t.reversal || rtype == "2";
        }
    }

    fn movement_party(&mut self, n: u64, line: &str) {
        let account = pos(line, 11, 47).trim().to_string();
        let name = pos(line, 48, 82).trim().to_string();
        let more = pos(line, 83, 125).trim_end().to_string();
        let Some(t) = self.current(n, line) else {
            return;
        };
        // An IBAN may be followed by its currency: keep the account alone.
        let iban = account.split_whitespace().next().unwrap_or("").to_string();
        t.counterparty.iban = Some(iban).filter(|s| !s.is_empty());
        t.counterparty.name = Some(name).filter(|s| !s.is_empty());
        append_text(t, &more);
    }

    /// Records 3.1–3.3 and 4: information kept as additional text (record 3.2 of
    /// communication type 001 is the counterparty's address).
    fn information(&mut self, n: u64, line: &str) {
        let text = match pos(line, 1, 2) {
            "31" => {
                let structured = pos(line, 40, 40) == "1";
                let body = pos(line, 41, 113);
                if structured { pos(body, 4, 73) } else { body }
            }
            "32" => pos(line, 11, 115),
            "33" => pos(line, 11, 100),
            _ => pos(line, 33, 112),
        }
        .trim()
        .to_string();
        if text.is_empty() {
            return;
        }
        let Some(t) = self.current(n, line) else {
            return;
        };
        match &mut t.additional_info {
            Some(s) => {
                s.push_str(" | ");
                s.push_str(&text);
            }
            None => t.additional_info = Some(text),
        }
    }

    /// Checks the trailer and the balances, and builds the statement.
    fn finish(mut self) -> CodaRead {
        let debits: Money = self
            .movements
            .iter()
            .map(|m| m.main.amount)
            .filter(|a| a.is_sign_negative())
            .sum();
        let credits: Money = self
            .movements
            .iter()
            .map(|m| m.main.amount)
            .filter(|a| !a.is_sign_negative())
            .sum();
        match self.trailer {
            None => {
                let line = None;
                self.problems.push(Problem {
                    file: self.file.into(),
                    line,
                    column: None,
                    severity: Severity::Warning,
                    reason: "no trailer (record 9): the file may be truncated; its totals could not be checked".into(),
                });
            }
            Some((n, count, debit, credit)) => {
                if count != self.counted {
                    let c = self.counted;
                    self.problem(
                        n,
                        "17-22",
                        Severity::Warning,
                        format!("the trailer counts {count} records, the file has {c}"),
                    );
                }
                if debit != -debits {
                    self.problem(
                        n,
                        "23-37",
                        Severity::Warning,
                        format!(
                            "the trailer's debit total is {debit}, the movements add up to {}",
                            -debits
                        ),
                    );
                }
                if credit != credits {
                    self.problem(n, "38-52", Severity::Warning, format!("the trailer's credit total is {credit}, the movements add up to {credits}"));
                }
            }
        }
        if let (Some(o), Some(c)) = (self.opening, self.closing)
            && o + credits + debits != c
        {
            let line = self.trailer.map(|t| t.0);
            self.problems.push(Problem {
                file: self.file.into(),
                line,
                column: None,
                severity: Severity::Warning,
                reason: format!(
                    "the balances do not reconcile: old {o} + movements {} = {}, new balance {c}",
                    credits + debits,
                    o + credits + debits
                ),
            });
        }
        let date = self
            .movements
            .iter()
            .map(|m| m.main.booking_date)
            .max()
            .or(self.closing_date);
        let id = format!(
            "{}/{}/{}",
            self.account.as_deref().unwrap_or("CODA"),
            self.paper,
            date.map(|d| d.to_string()).unwrap_or_default()
        );
        let currency = self.currency.clone().unwrap_or_default();
        let mut transactions = Vec::new();
        for m in self.movements {
            let split = matches!(m.total_type, 1 | 2) && !m.details.is_empty();
            let parts = if split { m.details } else { vec![m.main] };
            for mut t in parts {
                t.id = format!("{id}/{}", t.id);
                t.currency = currency.clone();
                transactions.push(t);
            }
        }
        CodaRead {
            statements: vec![BankStatement {
                file: self.file.into(),
                format: BankFormat::Coda,
                id,
                account: self.account,
                currency: self.currency,
                opening: self.opening,
                closing: self.closing,
                date,
                transactions,
            }],
            problems: self.problems,
        }
    }
}

/// Free communication continued on records 2.2 and 2.3.
fn append_text(t: &mut BankTransaction, more: &str) {
    if more.trim().is_empty() {
        return;
    }
    match t.unstructured.last_mut() {
        Some(s) => s.push_str(more),
        None => t.unstructured.push(more.trim_start().to_string()),
    }
}

/// 15 digits with 3 implied decimals, as cents when the last digit is 0.
fn digits3(s: &str) -> Option<Money> {
    if s.len() != 15 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut v = Decimal::new(s.parse::<i64>().ok()?, 3);
    if v.round_dp(2) == v {
        v.rescale(2);
    }
    Some(v)
}
