//! `ledger.portfolio.import-bank` (WIT 3.2.0) by a typed call: the request's statement
//! files go in as byte lists and the answer comes back as the core's own records
//! ([`rappel_core::api::BankImport`] and the portfolio's [`ImportReport`]). A call by
//! name lowers a `list<u8>` one dynamic value a byte and lifts the answer value by value:
//! a month of CODA statements (16 MB) against 1 M invoices took 4.7 s and 2.7 GB that
//! way, against 1.2 s and 0.4 GB natively (BENCHMARKS.md, issue 15, nineteenth pass).
//!
//! One conversion per type and direction: the reverse of the engine's own
//! (`wasm/src/bank.rs`), which writes decimals and dates as text; they are read back
//! exactly (same digits, same scale), so either engine prints the same bytes.

use rappel_core::api::{BankImport, ImportBank, NamedFile, PolicyDocument, StatementSummary};
use rappel_core::cash::application::{
    Allocation, CashReport, Decision, EntryMatch, Outcome, OutcomeTotal,
};
use rappel_core::collections::policy::PolicyFormat;
use rappel_core::ingest::ImportReport;
use rappel_core::model::{Payment, PaymentMethod};
use wasmtime::Result;

use crate::Host;
use crate::bindings::exports::rappel::engine::{collections as wc, documents as wd, types as wt};
use crate::ledger::Ledger;
use crate::records::{self, Unreadable, date, decimal};

/// The answer to `r` on the ledger: the outer `Err` a trap or a limit, the inner one the
/// engine's error record.
pub fn import_bank(
    host: &Host,
    ledger: &mut Ledger,
    r: &ImportBank,
) -> Result<Result<wd::BankImport, wt::Error>> {
    let files: Vec<wd::BankFile> = (r.files.iter())
        .map(|f: &NamedFile| wd::BankFile {
            name: f.name.clone(),
            contents: f.contents.clone(),
        })
        .collect();
    let policy = r.policy.as_ref().map(policy_document);
    let decisions: Vec<(String, wd::Decision)> = (r.decisions.iter())
        .map(|(id, d)| (id.clone(), decision(*d)))
        .collect();
    ledger.import_bank(host, &files, policy.as_ref(), &decisions)
}

fn policy_document(p: &PolicyDocument) -> wc::PolicyDocument {
    wc::PolicyDocument {
        format: match p.format {
            PolicyFormat::Toml => wc::PolicyFormat::Toml,
            PolicyFormat::Json => wc::PolicyFormat::Json,
        },
        text: p.text.clone(),
    }
}

fn decision(d: Decision) -> wd::Decision {
    match d {
        Decision::Confirm => wd::Decision::Confirm,
        Decision::Reject => wd::Decision::Reject,
    }
}

/// The engine's answer as the core's records: the bank import and the report of the
/// portfolio's import.
pub fn answer(b: wd::BankImport) -> Result<(BankImport, ImportReport), Unreadable> {
    let import = BankImport {
        statements: (b.statements.into_iter())
            .map(statement)
            .collect::<Result<_, _>>()?,
        problems: (b.problems.into_iter()).map(records::problem).collect(),
        matches: cash_report(b.matches)?,
        payments: (b.payments.into_iter())
            .map(payment)
            .collect::<Result<_, _>>()?,
        reversals: (b.reversals.into_iter())
            .map(|(id, on)| Ok((id, date("reversals", &on)?)))
            .collect::<Result<_, _>>()?,
    };
    Ok((import, records::import_report(b.import_report)?))
}

fn statement(s: wd::BankStatement) -> Result<StatementSummary, Unreadable> {
    Ok(StatementSummary {
        date: s
            .date
            .map(|d| date("bank-statement.date", &d))
            .transpose()?,
        opening: (s.opening.as_deref())
            .map(|m| decimal("bank-statement.opening", m))
            .transpose()?,
        closing: (s.closing.as_deref())
            .map(|m| decimal("bank-statement.closing", m))
            .transpose()?,
        file: s.file,
        format: s.format,
        id: s.id,
        account: s.account,
        movements: s.movements,
    })
}

fn cash_report(r: wd::CashReport) -> Result<CashReport, Unreadable> {
    Ok(CashReport {
        entries: (r.entries.into_iter())
            .map(movement)
            .collect::<Result<_, _>>()?,
        totals: (r.totals.into_iter())
            .map(|t| {
                Ok(OutcomeTotal {
                    outcome: outcome(t.outcome),
                    count: t.count,
                    amount: decimal("outcome-total.amount", &t.amount)?,
                })
            })
            .collect::<Result<_, _>>()?,
        problems: r.problems,
    })
}

fn outcome(o: wd::MatchOutcome) -> Outcome {
    match o {
        wd::MatchOutcome::Applied => Outcome::Applied,
        wd::MatchOutcome::Suggested => Outcome::Suggested,
        wd::MatchOutcome::Unapplied => Outcome::Unapplied,
        wd::MatchOutcome::Suspense => Outcome::Suspense,
        wd::MatchOutcome::Returned => Outcome::Returned,
        wd::MatchOutcome::NotReceivable => Outcome::NotReceivable,
        wd::MatchOutcome::AlreadyApplied => Outcome::AlreadyApplied,
        wd::MatchOutcome::Refused => Outcome::Refused,
    }
}

fn allocation(a: wd::Allocation) -> Result<Allocation, Unreadable> {
    Ok(Allocation {
        amount: decimal("allocation.amount", &a.amount)?,
        invoice_id: a.invoice_id,
    })
}

fn movement(e: wd::BankMovement) -> Result<EntryMatch, Unreadable> {
    Ok(EntryMatch {
        booking_date: date("bank-movement.booking-date", &e.booking_date)?,
        amount: decimal("bank-movement.amount", &e.amount)?,
        outcome: outcome(e.outcome),
        allocations: (e.allocations.into_iter())
            .map(allocation)
            .collect::<Result<_, _>>()?,
        difference: e.difference.map(allocation).transpose()?,
        unapplied: decimal("bank-movement.unapplied", &e.unapplied)?,
        confidence: decimal("bank-movement.confidence", &e.confidence)?,
        transaction_id: e.transaction_id,
        file: e.file,
        line: e.line,
        payer_name: e.payer_name,
        payer_account: e.payer_account,
        customer_id: e.customer_id,
        reasons: e.reasons,
        reversed_payment: e.reversed_payment,
        return_reason: e.return_reason,
    })
}

fn payment(p: wd::PaymentRow) -> Result<Payment, Unreadable> {
    Ok(Payment {
        payment_id: p.payment_id.into(),
        customer_id: p.customer_id.into(),
        invoice_id: p.invoice_id.map(Into::into),
        payment_date: date("payment-row.payment-date", &p.payment_date)?,
        amount: decimal("payment-row.amount", &p.amount)?,
        method: match p.method {
            wd::PaymentMethod::Transfer => PaymentMethod::Transfer,
            wd::PaymentMethod::DirectDebit => PaymentMethod::DirectDebit,
            wd::PaymentMethod::Card => PaymentMethod::Card,
            wd::PaymentMethod::Other => PaymentMethod::Other,
        },
        reversed_on: (p.reversed_on.as_deref())
            .map(|d| date("payment-row.reversed-on", d))
            .transpose()?,
        payer_iban: p.payer_iban.map(Into::into),
    })
}
