//! `rappel:engine/documents.import-bank` (WIT 3.2.0): bank statements matched against a
//! portfolio. One conversion per type and direction.

use rappel_core::api::{self, BankImport, NamedFile, StatementSummary};
use rappel_core::cash::application::{
    Allocation, CashReport, Decision, EntryMatch, Outcome, OutcomeTotal,
};
use rappel_core::model::{Payment, PaymentMethod};

use crate::exports::rappel::engine::documents as wit;
use crate::exports::rappel::engine::types::Error;
use crate::input::on_portfolio;

/// Answers `import-bank`.
pub fn import_bank(r: wit::BankRequest) -> Result<wit::BankImport, Error> {
    let req = request(r.files, r.policy.as_ref(), r.decisions);
    let (a, i) = on_portfolio(&req, r.portfolio)?;
    Ok(wit::BankImport::from_answer(a, (&i.report).into()))
}

/// The bank-import request of the WIT arguments (the request's fields but the
/// portfolio).
pub fn request(
    files: Vec<wit::BankFile>,
    policy: Option<&wit::PolicyDocument>,
    decisions: Vec<(String, wit::Decision)>,
) -> api::ImportBank {
    api::ImportBank {
        files: files.into_iter().map(Into::into).collect(),
        policy: policy.map(Into::into),
        decisions: decisions
            .into_iter()
            .map(|(id, d)| (id, d.into()))
            .collect(),
    }
}

impl From<wit::BankFile> for NamedFile {
    fn from(f: wit::BankFile) -> Self {
        NamedFile {
            name: f.name,
            contents: f.contents,
        }
    }
}

impl From<wit::Decision> for Decision {
    fn from(d: wit::Decision) -> Self {
        match d {
            wit::Decision::Confirm => Decision::Confirm,
            wit::Decision::Reject => Decision::Reject,
        }
    }
}

impl wit::BankImport {
    /// The answer with the report of the portfolio's import.
    pub fn from_answer(a: BankImport, report: wit::ImportReport) -> Self {
        wit::BankImport {
            statements: a.statements.into_iter().map(Into::into).collect(),
            problems: a.problems.iter().map(Into::into).collect(),
            matches: a.matches.into(),
            payments: a.payments.into_iter().map(Into::into).collect(),
            reversals: a
                .reversals
                .into_iter()
                .map(|(id, on)| (id, on.to_string()))
                .collect(),
            import_report: report,
        }
    }
}

impl From<StatementSummary> for wit::BankStatement {
    fn from(s: StatementSummary) -> Self {
        wit::BankStatement {
            file: s.file,
            format: s.format,
            id: s.id,
            account: s.account,
            date: s.date.map(|d| d.to_string()),
            opening: s.opening.map(|m| m.to_string()),
            closing: s.closing.map(|m| m.to_string()),
            movements: s.movements,
        }
    }
}

impl From<CashReport> for wit::CashReport {
    fn from(r: CashReport) -> Self {
        wit::CashReport {
            entries: r.entries.into_iter().map(Into::into).collect(),
            totals: r.totals.into_iter().map(Into::into).collect(),
            problems: r.problems,
        }
    }
}

impl From<OutcomeTotal> for wit::OutcomeTotal {
    fn from(t: OutcomeTotal) -> Self {
        wit::OutcomeTotal {
            outcome: t.outcome.into(),
            count: t.count,
            amount: t.amount.to_string(),
        }
    }
}

impl From<Outcome> for wit::MatchOutcome {
    fn from(o: Outcome) -> Self {
        match o {
            Outcome::Applied => wit::MatchOutcome::Applied,
            Outcome::Suggested => wit::MatchOutcome::Suggested,
            Outcome::Unapplied => wit::MatchOutcome::Unapplied,
            Outcome::Suspense => wit::MatchOutcome::Suspense,
            Outcome::Returned => wit::MatchOutcome::Returned,
            Outcome::NotReceivable => wit::MatchOutcome::NotReceivable,
            Outcome::AlreadyApplied => wit::MatchOutcome::AlreadyApplied,
            Outcome::Refused => wit::MatchOutcome::Refused,
        }
    }
}

impl From<Allocation> for wit::Allocation {
    fn from(a: Allocation) -> Self {
        wit::Allocation {
            invoice_id: a.invoice_id,
            amount: a.amount.to_string(),
        }
    }
}

impl From<EntryMatch> for wit::BankMovement {
    fn from(e: EntryMatch) -> Self {
        wit::BankMovement {
            transaction_id: e.transaction_id,
            file: e.file,
            line: e.line,
            booking_date: e.booking_date.to_string(),
            amount: e.amount.to_string(),
            payer_name: e.payer_name,
            payer_account: e.payer_account,
            outcome: e.outcome.into(),
            customer_id: e.customer_id,
            allocations: e.allocations.into_iter().map(Into::into).collect(),
            difference: e.difference.map(Into::into),
            unapplied: e.unapplied.to_string(),
            confidence: e.confidence.to_string(),
            reasons: e.reasons,
            reversed_payment: e.reversed_payment,
            return_reason: e.return_reason,
        }
    }
}

impl From<Payment> for wit::PaymentRow {
    fn from(p: Payment) -> Self {
        wit::PaymentRow {
            payment_id: p.payment_id.into(),
            customer_id: p.customer_id.into(),
            invoice_id: p.invoice_id.map(Into::into),
            payment_date: p.payment_date.to_string(),
            amount: p.amount.to_string(),
            method: match p.method {
                PaymentMethod::Transfer => wit::PaymentMethod::Transfer,
                PaymentMethod::DirectDebit => wit::PaymentMethod::DirectDebit,
                PaymentMethod::Card => wit::PaymentMethod::Card,
                PaymentMethod::Other => wit::PaymentMethod::Other,
            },
            reversed_on: p.reversed_on.map(|d| d.to_string()),
            payer_iban: p.payer_iban.map(Into::into),
        }
    }
}
