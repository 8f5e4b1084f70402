//! ISO 20022 bank statements, read with `roxmltree`: camt.053 BankToCustomerStatement
//! (end of day) and camt.054 BankToCustomerDebitCreditNotification, versions 001.02 to
//! 001.13, recognised by the namespace `urn:iso:std:iso:20022:tech:xsd:camt.05x.001.NN`.
//!
//! From each statement: its id, account, currency, opening (`OPBD`, else `PRCD`) and
//! closing (`CLBD`) balances; from each entry (`Ntry`) every transaction (`TxDtls`, a
//! batch split into its transactions) with amount and credit/debit indicator, booking
//! and value dates, references (entry `AcctSvcrRef`/`NtryRef`, `EndToEndId`, `InstrId`,
//! `MndtId`), the related party (the debtor of a credit, the creditor of a debit: name,
//! IBAN, postal address), remittance information (`Ustrd`, `Strd/CdtrRefInf` with its
//! type), bank transaction code, return reason (`RtrInf/Rsn/Cd`) and reversal indicator.
//! A bad entry is reported with its line and element path; the rest is still read.

use chrono::NaiveDate;
use roxmltree::Node;
use rust_decimal::Decimal;

use super::report::{Problem, Severity};
use super::ubl::{parse_xml, utf8};
use super::xml_lines::Lines;
use crate::cash::statement::{
    BankFormat, BankStatement, BankTransaction, Counterparty, CreditorReference,
};
use crate::model::Money;

/// The oldest and newest message versions read (`001.02` … `001.13`).
const VERSIONS: std::ops::RangeInclusive<u32> = 2..=13;

/// What a camt file gave: its statements and every problem.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CamtRead {
    /// Statements (or notifications), in file order.
    pub statements: Vec<BankStatement>,
    /// Problems, each with its line and element path.
    pub problems: Vec<Problem>,
}

/// Reads a camt.053 or camt.054 file. A file that is not XML, not camt, or of a version
/// this reader does not know is one file error; a bad entry is one rejected entry.
pub fn read_camt(file: &str, bytes: &[u8]) -> CamtRead {
    let mut out = CamtRead::default();
    let fail = |reason: String, line: Option<u64>| Problem {
        file: file.into(),
        line,
        column: None,
        severity: Severity::FileError,
        reason,
    };
    let text = match utf8(file, bytes) {
        Ok(t) => t,
        Err(p) => {
            out.problems.push(p);
            return out;
        }
    };
    let doc = match parse_xml(file, text) {
        Ok(d) => d,
        Err(mut p) => {
            p.severity = Severity::FileError;
            out.problems.push(p);
            return out;
        }
    };
    let root = doc.root_element();
    let ns = root.tag_name().namespace().unwrap_or("");
    let Some((kind, version)) = message_kind(ns) else {
        out.problems.push(fail(
            format!("not an ISO 20022 camt.053 or camt.054 message (namespace {ns:?})"),
            Some(1),
        ));
        return out;
    };
    let Ok(v) = version.parse::<u32>() else {
        out.problems
            .push(fail(format!("unknown camt version {version:?}"), Some(1)));
        return out;
    };
    if !VERSIONS.contains(&v) {
        out.problems.push(fail(
            format!(
                "camt.{kind}.001.{version} is not a version this reader knows (001.02 to 001.13)"
            ),
            Some(1),
        ));
        return out;
    }
    let r = Reader {
        file,
        ns,
        lines: Lines::of(doc.input_text()),
        doc: std::marker::PhantomData,
    };
    let (message, part, format) = match kind {
        "053" => (
            "BkToCstmrStmt",
            "Stmt",
            BankFormat::Camt053 {
                version: format!("001.{version}"),
            },
        ),
        _ => (
            "BkToCstmrDbtCdtNtfctn",
            "Ntfctn",
            BankFormat::Camt054 {
                version: format!("001.{version}"),
            },
        ),
    };
    let Some(msg) = r.child(root, message) else {
        out.problems
            .push(fail(format!("no {message} element"), Some(1)));
        return out;
    };
    for s in r.children(msg, part) {
        out.statements
            .push(r.statement(s, format.clone(), &mut out.problems));
    }
    out
}

/// `("053" | "054", "NN")` of a camt namespace.
fn message_kind(ns: &str) -> Option<(&str, &str)> {
    let rest = ns.strip_prefix("urn:iso:std:iso:20022:tech:xsd:camt.")?;
    let (kind, version) = rest.split_once(".001.")?;
    matches!(kind, "053" | "054").then_some((kind, version))
}

struct Reader<'a, 'i> {
    file: &'a str,
    ns: &'a str,
    /// The document's lines, for each movement's line in the report.
    lines: Lines,
    /// The document whose nodes it reads.
    doc: std::marker::PhantomData<N<'a, 'i>>,
}

type N<'a, 'i> = Node<'a, 'i>;

impl<'a, 'i> Reader<'a, 'i> {
    fn child(&self, n: N<'a, 'i>, name: &str) -> Option<N<'a, 'i>> {
        super::ubl::child(n, self.ns, name)
    }

    fn children<'s>(&self, n: N<'a, 'i>, name: &'s str) -> impl Iterator<Item = N<'a, 'i>> + 's
    where
        'a: 's,
    {
        let ns = self.ns;
        n.children()
            .filter(move |c| super::ubl::is_element_named(*c, ns, name))
    }

    /// The element at `path` (`"Refs/EndToEndId"`) under `n`. The steps are cut at
    /// each `/` by a look at the bytes: `str::split` searches for a character with a
    /// library call per step, for paths of one to three short steps.
    fn at(&self, n: N<'a, 'i>, path: &str) -> Option<N<'a, 'i>> {
        let (mut n, mut rest) = (n, path);
        while let Some(k) = rest.bytes().position(|b| b == b'/') {
            n = self.child(n, &rest[..k])?;
            rest = &rest[k + 1..];
        }
        self.child(n, rest)
    }

    /// The trimmed, non-empty text at `path`.
    fn text(&self, n: N<'a, 'i>, path: &str) -> Option<String> {
        self.at(n, path)
            .and_then(|e| e.text())
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
    }

    fn line(&self, n: N<'_, '_>) -> u64 {
        self.lines.of_node(n)
    }

    fn problem(&self, n: N<'_, '_>, path: &str, severity: Severity, reason: String) -> Problem {
        Problem {
            file: self.file.into(),
            line: Some(self.line(n)),
            column: Some(path.into()),
            severity,
            reason,
        }
    }

    fn statement(
        &self,
        s: N<'a, 'i>,
        format: BankFormat,
        problems: &mut Vec<Problem>,
    ) -> BankStatement {
        let id = self
            .text(s, "Id")
            .unwrap_or_else(|| format!("line {}", self.line(s)));
        let account = self
            .text(s, "Acct/Id/IBAN")
            .or_else(|| self.text(s, "Acct/Id/Othr/Id"));
        let mut opening = None;
        let mut closing = None;
        let mut closing_date = None;
        let mut currency = self.text(s, "Acct/Ccy");
        for b in self.children(s, "Bal") {
            let code = self.text(b, "Tp/CdOrPrtry/Cd");
            let Some(amt) = self.signed(b, "Amt", false, problems) else {
                continue;
            };
            if currency.is_none() {
                currency = self
                    .at(b, "Amt")
                    .and_then(|a| a.attribute("Ccy"))
                    .map(String::from);
            }
            match code.as_deref() {
                Some("OPBD") => opening = Some(amt),
                Some("PRCD") if opening.is_none() => opening = Some(amt),
                Some("CLBD") => {
                    closing = Some(amt);
                    closing_date = self.date(b, "Dt");
                }
                _ => {}
            }
        }
        let mut transactions = Vec::new();
        for (k, e) in self.children(s, "Ntry").enumerate() {
            self.entry(e, &id, k, &mut transactions, problems);
        }
        let date = transactions
            .iter()
            .map(|t| t.booking_date)
            .max()
            .or(closing_date);
        if currency.is_none() {
            currency = transactions
                .first()
                .map(|t: &BankTransaction| t.currency.clone());
        }
        BankStatement {
            file: self.file.into(),
            format,
            id,
            account,
            currency,
            opening,
            closing,
            date,
            transactions,
        }
    }

    /// An amount at `path` under `n`, signed by `n`'s `CdtDbtInd` (debit negative), or
    /// debit when `n` has none and `debit_by_default` (a transaction takes its entry's).
    fn signed(
        &self,
        n: N<'a, 'i>,
        path: &str,
        debit_by_default: bool,
        problems: &mut Vec<Problem>,
    ) -> Option<Money> {
        let a = self.at(n, path)?;
        let raw = a.text().unwrap_or("").trim();
        let Some(v) = amount(raw) else {
            problems.push(self.problem(
                a,
                &format!("{}/{path}", n.tag_name().name()),
                Severity::Rejected,
                format!("not an amount like 1234.56: {raw:?}"),
            ));
            return None;
        };
        let v = match crate::limits::amount(v, raw) {
            Ok(v) => v,
            Err(why) => {
                let at = format!("{}/{path}", n.tag_name().name());
                problems.push(self.problem(a, &at, Severity::Rejected, why));
                return None;
            }
        };
        let debit = match self.text(n, "CdtDbtInd").as_deref() {
            Some(ind) => ind == "DBIT",
            None => debit_by_default,
        };
        Some(if debit { -v } else { v })
    }

    /// `Dt` or the date of `DtTm` at `path`.
    fn date(&self, n: N<'a, 'i>, path: &str) -> Option<NaiveDate> {
        let e = self.at(n, path)?;
        let raw = self.text(e, "Dt").or_else(|| self.text(e, "DtTm"))?;
        NaiveDate::parse_from_str(raw.get(..10)?, "%Y-%m-%d").ok()
    }

    /// One `Ntry`: its transactions, or a problem.
    fn entry(
        &self,
        e: N<'a, 'i>,
        statement: &str,
        k: usize,
        out: &mut Vec<BankTransaction>,
        problems: &mut Vec<Problem>,
    ) {
        let status = self
            .text(e, "Sts/Cd")
            .or_else(|| self.text(e, "Sts"))
            .unwrap_or_else(|| "BOOK".into());
        if status != "BOOK" {
            problems.push(self.problem(
                e,
                "Ntry/Sts",
                Severity::Warning,
                format!("entry with status {status} (not booked): not applied"),
            ));
            return;
        }
        let Some(amount) = self.signed(e, "Amt", false, problems) else {
            return;
        };
        let Some(booking_date) = self.date(e, "BookgDt") else {
            problems.push(self.problem(
                e,
                "Ntry/BookgDt",
                Severity::Rejected,
                "entry without a booking date: not applied".into(),
            ));
            return;
        };
        let currency = self
            .at(e, "Amt")
            .and_then(|a| a.attribute("Ccy"))
            .unwrap_or("")
            .to_string();
        let entry_ref = self
            .text(e, "AcctSvcrRef")
            .or_else(|| self.text(e, "NtryRef"));
        let id = format!(
            "{statement}/{}",
            entry_ref.clone().unwrap_or_else(|| format!("#{}", k + 1))
        );
        let mut base = BankTransaction::new(&id, booking_date, amount, &currency);
        base.line = self.line(e);
        base.value_date = self.date(e, "ValDt");
        base.entry_reference = entry_ref;
        base.entry_info = self.text(e, "AddtlNtryInf");
        base.bank_code = self.bank_code(e);
        base.reversal = self.text(e, "RvslInd").as_deref() == Some("true");
        let details: Vec<N<'a, 'i>> = self
            .children(e, "NtryDtls")
            .flat_map(|d| self.children(d, "TxDtls"))
            .collect();
        if details.is_empty() {
            out.push(base);
            return;
        }
        let split = details.len() > 1;
        let mut amounts = Vec::new();
        for d in &details {
            let a = self.signed_tx(*d, amount, problems).unwrap_or(amount);
            amounts.push(a);
        }
        let sum: Money = amounts.iter().copied().sum();
        if split && sum != amount {
            problems.push(self.problem(
                e,
                "Ntry/NtryDtls",
                Severity::Warning,
                format!(
                    "the {} transactions add up to {sum}, the entry to {amount}: the entry is applied as one",
                    details.len()
                ),
            ));
            let mut one = self.detailed(base, details[0]);
            one.amount = amount;
            out.push(one);
            return;
        }
        for (j, (d, a)) in details.iter().zip(amounts).enumerate() {
            let mut t = self.detailed(base.clone(), *d);
            if split {
                t.id = format!("{}/{}", t.id, j + 1);
                t.line = self.line(*d);
            }
            t.amount = a;
            out.push(t);
        }
    }

    /// A transaction's own amount (`Amt`, or `AmtDtls/TxAmt/Amt` before version 3),
    /// signed by its own indicator or the entry's.
    fn signed_tx(&self, d: N<'a, 'i>, entry: Money, problems: &mut Vec<Problem>) -> Option<Money> {
        let path = if self.at(d, "Amt").is_some() {
            "Amt"
        } else {
            "AmtDtls/TxAmt/Amt"
        };
        self.signed(d, path, entry.is_sign_negative(), problems)
    }

    /// `base` with the particulars of transaction details `d`.
    fn detailed(&self, mut t: BankTransaction, d: N<'a, 'i>) -> BankTransaction {
        t.servicer_reference = self.text(d, "Refs/AcctSvcrRef");
        t.end_to_end_id = self
            .text(d, "Refs/EndToEndId")
            .filter(|s| s != "NOTPROVIDED");
        t.instruction_id = self.text(d, "Refs/InstrId");
        t.mandate_id = self.text(d, "Refs/MndtId");
        let own = self.bank_code(d);
        if own != t.bank_code {
            t.detail_code = own;
        }
        let credit = !t.amount.is_sign_negative();
        let (first, second) = if credit {
            ("Dbtr", "Cdtr")
        } else {
            ("Cdtr", "Dbtr")
        };
        t.counterparty = self
            .party(d, first)
            .or_else(|| self.party(d, second))
            .unwrap_or_default();
        if let Some(rmt) = self.child(d, "RmtInf") {
            t.unstructured = self
                .children(rmt, "Ustrd")
                .filter_map(|u| u.text().map(str::trim).filter(|s| !s.is_empty()))
                .map(String::from)
                .collect();
            t.structured = self
                .children(rmt, "Strd")
                .filter_map(|s| self.child(s, "CdtrRefInf"))
                .find_map(|c| {
                    Some(CreditorReference {
                        reference: self.text(c, "Ref")?,
                        kind: self
                            .text(c, "Tp/CdOrPrtry/Cd")
                            .or_else(|| self.text(c, "Tp/CdOrPrtry/Prtry")),
                    })
                });
        }
        t.return_reason = self
            .text(d, "RtrInf/Rsn/Cd")
            .or_else(|| self.text(d, "RtrInf/Rsn/Prtry"));
        t.additional_info = self.text(d, "AddtlTxInf");
        t
    }

    /// The related party `role` (`Dbtr`, `Cdtr`) of transaction details `d`: name and
    /// address (directly, or under `Pty` from version 8), account.
    fn party(&self, d: N<'a, 'i>, role: &str) -> Option<Counterparty> {
        let parties = self.child(d, "RltdPties")?;
        let p = self.child(parties, role);
        let p = p.map(|p| self.child(p, "Pty").unwrap_or(p));
        let account = self.child(parties, &format!("{role}Acct"));
        if p.is_none() && account.is_none() {
            return None;
        }
        let address = p
            .and_then(|p| self.child(p, "PstlAdr"))
            .map(|a| {
                a.children()
                    .filter(|c| c.is_element())
                    .filter_map(|c| c.text().map(str::trim).filter(|s| !s.is_empty()))
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default();
        Some(Counterparty {
            name: p.and_then(|p| self.text(p, "Nm")),
            iban: account.and_then(|a| {
                self.text(a, "Id/IBAN")
                    .or_else(|| self.text(a, "Id/Othr/Id"))
            }),
            address,
        })
    }

    /// `Domain-Family-SubFamily`, else the proprietary code.
    fn bank_code(&self, n: N<'a, 'i>) -> Option<String> {
        let c = self.child(n, "BkTxCd")?;
        match (
            self.text(c, "Domn/Cd"),
            self.text(c, "Domn/Fmly/Cd"),
            self.text(c, "Domn/Fmly/SubFmlyCd"),
        ) {
            (Some(d), Some(f), Some(s)) => Some(format!("{d}-{f}-{s}")),
            _ => self.text(c, "Prtry/Cd"),
        }
    }
}

/// An ISO 20022 amount: digits with an optional point and up to 5 decimals, no sign
/// (the sign is the credit/debit indicator), no comma.
fn amount(raw: &str) -> Option<Decimal> {
    let ok = !raw.is_empty()
        && raw.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && raw.bytes().filter(|b| *b == b'.').count() <= 1;
    if !ok {
        return None;
    }
    raw.parse::<Decimal>().ok()
}
