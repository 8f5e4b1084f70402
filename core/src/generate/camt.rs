//! Writes a statement as ISO 20022 camt.053.001.02 (BankToCustomerStatement): what the
//! generator delivers beside its CSV files, so that cash application can be tried and
//! scored on statements whose truth is known. The reader ([`crate::ingest::camt`])
//! reads back every field written here.

use std::fmt::Write;

use crate::cash::statement::{BankStatement, BankTransaction};

/// XML text with `&`, `<`, `>`, `"` and `'` escaped.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// The statement as a camt.053.001.02 document, one entry per transaction.
pub fn camt053(s: &BankStatement) -> String {
    let ccy = esc(s.currency.as_deref().unwrap_or("EUR"));
    let mut x = String::new();
    let _ = writeln!(x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    let _ = writeln!(
        x,
        "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\">"
    );
    let _ = writeln!(x, "  <BkToCstmrStmt>");
    let _ = writeln!(
        x,
        "    <GrpHdr><MsgId>{}</MsgId><CreDtTm>{}T23:00:00</CreDtTm></GrpHdr>",
        esc(&s.id),
        date(s)
    );
    let _ = writeln!(x, "    <Stmt>");
    let _ = writeln!(x, "      <Id>{}</Id>", esc(&s.id));
    let _ = writeln!(x, "      <CreDtTm>{}T23:00:00</CreDtTm>", date(s));
    if let Some(a) = &s.account {
        let _ = writeln!(
            x,
            "      <Acct><Id><IBAN>{}</IBAN></Id><Ccy>{ccy}</Ccy></Acct>",
            esc(a)
        );
    }
    for (code, amount) in [("OPBD", s.opening), ("CLBD", s.closing)] {
        if let Some(a) = amount {
            let _ = writeln!(
                x,
                "      <Bal><Tp><CdOrPrtry><Cd>{code}</Cd></CdOrPrtry></Tp><Amt Ccy=\"{ccy}\">{}</Amt><CdtDbtInd>{}</CdtDbtInd><Dt><Dt>{}</Dt></Dt></Bal>",
                a.abs(),
                if a.is_sign_negative() { "DBIT" } else { "CRDT" },
                date(s)
            );
        }
    }
    for t in &s.transactions {
        entry(&mut x, t);
    }
    let _ = writeln!(x, "    </Stmt>");
    let _ = writeln!(x, "  </BkToCstmrStmt>");
    let _ = writeln!(x, "</Document>");
    x
}

fn date(s: &BankStatement) -> String {
    s.date
        .map(|d| d.to_string())
        .unwrap_or_else(|| "1970-01-01".into())
}

fn opt(x: &mut String, tag: &str, v: &Option<String>) {
    if let Some(v) = v {
        let _ = write!(x, "<{tag}>{}</{tag}>", esc(v));
    }
}

fn entry(x: &mut String, t: &BankTransaction) {
    let credit = !t.amount.is_sign_negative();
    let ind = if credit { "CRDT" } else { "DBIT" };
    let ccy = esc(&t.currency);
    let _ = writeln!(x, "      <Ntry>");
    let _ = write!(
        x,
        "        <Amt Ccy=\"{ccy}\">{}</Amt><CdtDbtInd>{ind}</CdtDbtInd>",
        t.amount.abs()
    );
    if t.reversal {
        let _ = write!(x, "<RvslInd>true</RvslInd>");
    }
    let _ = writeln!(x, "<Sts>BOOK</Sts>");
    let _ = write!(x, "        <BookgDt><Dt>{}</Dt></BookgDt>", t.booking_date);
    if let Some(v) = t.value_date {
        let _ = write!(x, "<ValDt><Dt>{v}</Dt></ValDt>");
    }
    opt(x, "AcctSvcrRef", &t.entry_reference);
    if let Some(code) = &t.bank_code {
        let parts: Vec<&str> = code.split('-').collect();
        if let [d, f, sf] = parts.as_slice() {
            let _ = write!(
                x,
                "<BkTxCd><Domn><Cd>{}</Cd><Fmly><Cd>{}</Cd><SubFmlyCd>{}</SubFmlyCd></Fmly></Domn></BkTxCd>",
                esc(d),
                esc(f),
                esc(sf)
            );
        }
    }
    let _ = writeln!(x);
    let _ = write!(x, "        <NtryDtls><TxDtls><Refs>");
    opt(x, "InstrId", &t.instruction_id);
    opt(x, "EndToEndId", &t.end_to_end_id);
    opt(x, "MndtId", &t.mandate_id);
    let _ = write!(x, "</Refs>");
    let (party, account) = if credit {
        ("Dbtr", "DbtrAcct")
    } else {
        ("Cdtr", "CdtrAcct")
    };
    let p = &t.counterparty;
    if p.name.is_some() || p.iban.is_some() {
        let _ = write!(x, "<RltdPties>");
        if let Some(n) = &p.name {
            let _ = write!(x, "<{party}><Nm>{}</Nm></{party}>", esc(n));
        }
        if let Some(a) = &p.iban {
            let _ = write!(x, "<{account}><Id><IBAN>{}</IBAN></Id></{account}>", esc(a));
        }
        let _ = write!(x, "</RltdPties>");
    }
    if !t.unstructured.is_empty() || t.structured.is_some() {
        let _ = write!(x, "<RmtInf>");
        for u in &t.unstructured {
            let _ = write!(x, "<Ustrd>{}</Ustrd>", esc(u));
        }
        if let Some(r) = &t.structured {
            let _ = write!(x, "<Strd><CdtrRefInf>");
            if let Some(k) = &r.kind {
                let _ = write!(x, "<Tp><CdOrPrtry><Cd>{}</Cd></CdOrPrtry></Tp>", esc(k));
            }
            let _ = write!(x, "<Ref>{}</Ref></CdtrRefInf></Strd>", esc(&r.reference));
        }
        let _ = write!(x, "</RmtInf>");
    }
    if let Some(r) = &t.return_reason {
        let _ = write!(x, "<RtrInf><Rsn><Cd>{}</Cd></Rsn></RtrInf>", esc(r));
    }
    opt(x, "AddtlTxInf", &t.additional_info);
    let _ = writeln!(x, "</TxDtls></NtryDtls>");
    let _ = writeln!(x, "      </Ntry>");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cash::statement::{BankFormat, Counterparty, CreditorReference};
    use crate::ingest::bank::read_bank;

    #[test]
    fn what_is_written_reads_back() {
        let d = |s: &str| -> rust_decimal::Decimal { s.parse().unwrap() };
        let day = |s: &str| -> chrono::NaiveDate { s.parse().unwrap() };
        let mut t = BankTransaction::new("2026-03-02/E1", day("2026-03-02"), d("1250.40"), "EUR");
        t.value_date = Some(day("2026-03-03"));
        t.entry_reference = Some("E1".into());
        t.end_to_end_id = Some("E2E-1".into());
        t.counterparty = Counterparty {
            name: Some("Bakkerij <Jansen> & Zn".into()),
            iban: Some("BE41063012345610".into()),
            address: Vec::new(),
        };
        t.structured = Some(CreditorReference {
            reference: "+++000/0000/00404+++".into(),
            kind: Some("SCOR".into()),
        });
        t.unstructured = vec!["factuur INV0000004".into()];
        t.bank_code = Some("PMNT-RCDT-ESCT".into());
        let mut back = t.clone();
        back.amount = d("-80.00");
        back.id = "2026-03-02/E2".into();
        back.entry_reference = Some("E2".into());
        back.structured = None;
        back.unstructured = Vec::new();
        back.return_reason = Some("AM04".into());
        back.reversal = true;
        back.bank_code = Some("PMNT-IDDT-UPDD".into());
        let s = BankStatement {
            file: "gen.xml".into(),
            format: BankFormat::Camt053 {
                version: "001.02".into(),
            },
            id: "2026-03-02".into(),
            account: Some("BE68539007547034".into()),
            currency: Some("EUR".into()),
            opening: Some(d("100.00")),
            closing: Some(d("1270.40")),
            date: Some(day("2026-03-02")),
            transactions: vec![t, back],
        };
        let r = read_bank("gen.xml", camt053(&s).as_bytes());
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        let mut got = r.statements[0].clone();
        for t in &mut got.transactions {
            t.line = 0;
        }
        assert_eq!(got, s);
    }
}
