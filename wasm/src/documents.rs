//! `rappel:engine/documents`: statements, the dispute register, the generator, and
//! the Peppol documents that change the files (UBL invoices, Invoice Responses).

use rappel_core::api::{self, NamedFile, Request};
use rappel_core::cash::qr::TransferQr;
use rappel_core::collections::disputes::{AppliedFiles, DisputeClass, DisputeRegister, Sla};
use rappel_core::collections::statement::{Statement, StatementLine};
use rappel_core::ingest::{self, ImportReport, imr::ResponseCode};

use crate::collections::count;
use crate::exports::rappel::engine::documents as wit;
use crate::exports::rappel::engine::types::{CsvFile, Error, Portfolio, XmlFile};
use crate::input::{csv_files, date, on_portfolio};

/// Largest generated portfolio: the 1 M-invoice benchmark scale, with room (the
/// component's 4 GiB address space bounds it; natively the generator has no such limit).
const MAX_GENERATED_INVOICES: u32 = 2_000_000;
const MAX_GENERATED_CUSTOMERS: u32 = 200_000;

impl From<CsvFile> for NamedFile {
    fn from(f: CsvFile) -> Self {
        NamedFile {
            name: f.name,
            contents: f.contents,
        }
    }
}

impl From<XmlFile> for NamedFile {
    fn from(f: XmlFile) -> Self {
        NamedFile {
            name: f.name,
            contents: f.contents,
        }
    }
}

impl wit::Guest for crate::Engine {
    fn statement(
        p: Portfolio,
        customer_id: String,
        as_of: String,
    ) -> Result<wit::StatementReport, Error> {
        let req = statement(customer_id, &as_of)?;
        let (a, i) = on_portfolio(&req, p)?;
        Ok(wit::StatementReport::from_answer(a, &i.report))
    }

    fn statement_to_pay(
        p: Portfolio,
        customer_id: String,
        as_of: String,
        policy: wit::PolicyDocument,
    ) -> Result<wit::PayableStatementReport, Error> {
        let req = statement_to_pay(customer_id, &as_of, &policy)?;
        let (a, i) = on_portfolio(&req, p)?;
        Ok(wit::PayableStatementReport::from_answer(a, &i.report))
    }

    fn dispute_register(p: Portfolio, as_of: String) -> Result<wit::RegisterReport, Error> {
        let req = register(&as_of)?;
        let (a, i) = on_portfolio(&req, p)?;
        Ok(wit::RegisterReport::from_answer(a, &i.report))
    }

    fn generate(r: wit::GenerateRequest) -> Result<wit::Generated, Error> {
        if r.invoices > MAX_GENERATED_INVOICES {
            return Err(api::Error::argument(
                "invoices",
                format!("at most {MAX_GENERATED_INVOICES}"),
            )
            .into());
        }
        if r.customers == 0 || r.customers > MAX_GENERATED_CUSTOMERS {
            return Err(api::Error::argument(
                "customers",
                format!("between 1 and {MAX_GENERATED_CUSTOMERS}"),
            )
            .into());
        }
        let req = api::Generate {
            customers: r.customers,
            invoices: r.invoices,
            seed: r.seed,
            end: date("end", &r.end)?,
            months: r.months,
        };
        let g = req.answer(None)?;
        Ok(wit::Generated {
            files: g
                .files
                .into_iter()
                .map(|f| CsvFile {
                    name: f.name,
                    contents: f.contents,
                })
                .collect(),
        })
    }

    fn transcode(contents: Vec<u8>, encoding: String) -> Result<Vec<u8>, Error> {
        ingest::transcode(&contents, &encoding)
            .map(|utf8| utf8.into_owned())
            .map_err(|why| api::Error::argument("encoding", why).into())
    }

    fn merge_ubl(r: wit::UblRequest) -> Result<wit::UblMerge, Error> {
        let req = api::MergeUbl {
            customers: r.customers.map(Into::into),
            invoices: r.invoices.map(Into::into),
            documents: r.documents.into_iter().map(Into::into).collect(),
        };
        let m = req.answer(None)?;
        Ok(wit::UblMerge {
            customers: m.customers,
            invoices: m.invoices,
            customer_count: m.customer_count as u64,
            invoice_count: m.invoice_count as u64,
            merged: m
                .merged
                .into_iter()
                .map(|d| wit::MergedDocument {
                    file: d.file,
                    summary: d.summary,
                })
                .collect(),
            problems: m.problems.iter().map(Into::into).collect(),
        })
    }

    fn import_bank(r: wit::BankRequest) -> Result<wit::BankImport, Error> {
        crate::bank::import_bank(r)
    }

    fn apply_responses(r: wit::ResponsesRequest) -> Result<wit::ResponsesApplied, Error> {
        let req = responses(
            r.documents,
            r.payment_expected_days,
            current_files(&r.portfolio)?,
        );
        let (a, i) = on_portfolio(&req, r.portfolio)?;
        Ok(wit::ResponsesApplied::from_answer(a, &i.report))
    }
}

/// The files `apply-responses` rewrites among `p`'s (its current `disputes.csv` and
/// `promises.csv`, copied), or the refusal of a mapped export, which has neither.
pub fn current_files(p: &Portfolio) -> Result<[Option<NamedFile>; 2], api::Error> {
    if p.mapping.is_some() {
        return Err(api::Error::argument(
            "portfolio.mapping",
            "responses are applied to the exchange format's disputes.csv and promises.csv; a mapped export has none",
        ));
    }
    Ok(api::ApplyResponses::current_of(&csv_files(p)))
}

/// The `apply-responses` request of the WIT arguments, on the `current` files.
pub fn responses(
    documents: Vec<XmlFile>,
    payment_expected_days: u32,
    current: [Option<NamedFile>; 2],
) -> api::ApplyResponses {
    api::ApplyResponses {
        documents: documents.into_iter().map(Into::into).collect(),
        payment_expected_days,
        current,
    }
}

impl wit::ResponsesApplied {
    /// The record of the files rewritten, with the report of the portfolio's import.
    pub fn from_answer(a: AppliedFiles, report: &ImportReport) -> Self {
        wit::ResponsesApplied {
            disputes: a.disputes,
            promises: a.promises,
            outcomes: a
                .outcomes
                .into_iter()
                .map(|o| wit::ResponseOutcome {
                    response_id: o.response_id,
                    invoice_id: o.invoice_id,
                    code: o.code.into(),
                    changed: o.changed,
                    effect: o.effect,
                })
                .collect(),
            import_report: report.into(),
        }
    }
}

/// The statement request of the WIT arguments.
pub fn statement(customer_id: String, as_of: &str) -> Result<api::Statement, api::Error> {
    Ok(api::Statement {
        customer_id,
        as_of: date("as-of", as_of)?,
        policy: None,
    })
}

/// The statement request of the WIT arguments, with the policy whose creditor account
/// and reference form the statement to pay prints.
pub fn statement_to_pay(
    customer_id: String,
    as_of: &str,
    policy: &wit::PolicyDocument,
) -> Result<api::Statement, api::Error> {
    Ok(api::Statement {
        policy: Some(policy.into()),
        ..statement(customer_id, as_of)?
    })
}

impl wit::StatementReport {
    /// The statement with the report of the portfolio's import.
    pub fn from_answer(a: api::StatementAnswer, report: &ImportReport) -> Self {
        wit::StatementReport {
            statement: a.statement.into(),
            import_report: report.into(),
        }
    }
}

impl wit::PayableStatementReport {
    /// The statement to pay with the report of the portfolio's import.
    pub fn from_answer(a: api::StatementAnswer, report: &ImportReport) -> Self {
        wit::PayableStatementReport {
            statement: a.statement.into(),
            import_report: report.into(),
        }
    }
}

impl wit::RegisterReport {
    /// The register with the report of the portfolio's import.
    pub fn from_answer(a: api::RegisterAnswer, report: &ImportReport) -> Self {
        wit::RegisterReport {
            register: a.register.into(),
            import_report: report.into(),
        }
    }
}

/// The register request of the WIT arguments.
pub fn register(as_of: &str) -> Result<api::DisputeRegister, api::Error> {
    Ok(api::DisputeRegister {
        as_of: date("as-of", as_of)?,
    })
}

impl From<ResponseCode> for wit::ResponseCode {
    fn from(c: ResponseCode) -> Self {
        match c {
            ResponseCode::AB => wit::ResponseCode::Ab,
            ResponseCode::IP => wit::ResponseCode::Ip,
            ResponseCode::UQ => wit::ResponseCode::Uq,
            ResponseCode::CA => wit::ResponseCode::Ca,
            ResponseCode::RE => wit::ResponseCode::Re,
            ResponseCode::AP => wit::ResponseCode::Ap,
            ResponseCode::PD => wit::ResponseCode::Pd,
        }
    }
}

impl From<Statement> for wit::AccountStatement {
    fn from(s: Statement) -> Self {
        wit::AccountStatement {
            customer_id: s.customer_id,
            name: s.name,
            as_of: s.as_of.to_string(),
            language: s.language.into(),
            lines: s
                .lines
                .into_iter()
                .map(|l| wit::StatementLine {
                    invoice_id: l.invoice_id,
                    issue_date: l.issue_date.to_string(),
                    due_date: l.due_date.to_string(),
                    amount: l.amount.to_string(),
                    balance: l.balance.to_string(),
                    days_overdue: l.days_overdue,
                })
                .collect(),
            unapplied: s.unapplied.to_string(),
            overdue: s.overdue.to_string(),
            due_next_30_days: s.due_next_30_days.to_string(),
            balance: s.balance.to_string(),
            text: s.text,
            html: s.html,
        }
    }
}

impl From<Statement> for wit::PayableStatement {
    fn from(s: Statement) -> Self {
        wit::PayableStatement {
            customer_id: s.customer_id,
            name: s.name,
            as_of: s.as_of.to_string(),
            language: s.language.into(),
            lines: s.lines.into_iter().map(Into::into).collect(),
            unapplied: s.unapplied.to_string(),
            overdue: s.overdue.to_string(),
            due_next_30_days: s.due_next_30_days.to_string(),
            balance: s.balance.to_string(),
            transfer: s.transfer.map(Into::into),
            text: s.text,
            html: s.html,
        }
    }
}

impl From<StatementLine> for wit::LineToPay {
    fn from(l: StatementLine) -> Self {
        wit::LineToPay {
            invoice_id: l.invoice_id,
            issue_date: l.issue_date.to_string(),
            due_date: l.due_date.to_string(),
            amount: l.amount.to_string(),
            balance: l.balance.to_string(),
            days_overdue: l.days_overdue,
            payment_reference: l.payment_reference,
        }
    }
}

impl From<TransferQr> for wit::TransferQr {
    fn from(t: TransferQr) -> Self {
        wit::TransferQr {
            amount: t.amount.to_string(),
            reference: t.reference,
            payload: t.payload,
            svg: t.svg,
        }
    }
}

impl From<DisputeClass> for wit::DisputeClass {
    fn from(c: DisputeClass) -> Self {
        match c {
            DisputeClass::Real => wit::DisputeClass::Real,
            DisputeClass::Miscommunication => wit::DisputeClass::Miscommunication,
            DisputeClass::Stalling => wit::DisputeClass::Stalling,
            DisputeClass::Unclassified => wit::DisputeClass::Unclassified,
        }
    }
}

impl From<Sla> for wit::Sla {
    fn from(s: Sla) -> Self {
        match s {
            Sla::Met => wit::Sla::Met,
            Sla::Missed => wit::Sla::Missed,
            Sla::Pending => wit::Sla::Pending,
            Sla::Overdue => wit::Sla::Overdue,
        }
    }
}

impl From<DisputeRegister> for wit::RegisterOfDisputes {
    fn from(r: DisputeRegister) -> Self {
        let k = r.kpis;
        wit::RegisterOfDisputes {
            as_of: r.as_of.to_string(),
            entries: r
                .entries
                .into_iter()
                .map(|e| wit::DisputeEntry {
                    dispute_id: e.dispute_id,
                    invoice_id: e.invoice_id,
                    customer_id: e.customer_id,
                    opened_on: e.opened_on.to_string(),
                    assess_by: e.assess_by.to_string(),
                    assessed_on: e.assessed_on.map(|d| d.to_string()),
                    resolved_on: e.resolved_on.map(|d| d.to_string()),
                    open: e.open,
                    sla: e.sla.into(),
                    class: e.class.into(),
                    balance: e.balance.to_string(),
                    days_to_assess: e.days_to_assess,
                    days_to_resolve: e.days_to_resolve,
                })
                .collect(),
            kpis: wit::DisputeKpis {
                open: count(k.open),
                open_amount: k.open_amount.to_string(),
                assessment_overdue: count(k.assessment_overdue),
                assessed_within_sla_pct: k.assessed_within_sla_pct.map(|d| d.to_string()),
                avg_days_to_assess: k.avg_days_to_assess.map(|d| d.to_string()),
                avg_days_to_resolve: k.avg_days_to_resolve.map(|d| d.to_string()),
                resolved_by_class: k
                    .resolved_by_class
                    .into_iter()
                    .map(|(class, n)| (class.into(), count(n)))
                    .collect(),
            },
        }
    }
}
