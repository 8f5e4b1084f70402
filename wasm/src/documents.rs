//! `rappel:engine/documents`: statements, the dispute register, the generator, and
//! the Peppol documents that change the files (UBL invoices, Invoice Responses).

use rappel_core::collections::disputes::{self, DisputeClass, DisputeRegister, Sla};
use rappel_core::collections::statement::{self, Statement};
use rappel_core::ingest::imr::{self, ResponseCode};
use rappel_core::ingest::{CsvFile as CoreFile, find_file};
use rappel_core::model::Table;
use rappel_core::{generate, ingest};

use crate::collections::count;
use crate::exports::rappel::engine::documents as wit;
use crate::exports::rappel::engine::types::{CsvFile, Error, ErrorCode, Portfolio, XmlFile};
use crate::input::{date, error, invalid, portfolio, problems, with_problems};

/// Largest generated portfolio: the 1 M-invoice benchmark scale, with room.
const MAX_GENERATED_INVOICES: u32 = 2_000_000;
const MAX_GENERATED_CUSTOMERS: u32 = 200_000;

/// Documents as `(name, bytes)`, the core's form.
fn documents(list: Vec<XmlFile>) -> Vec<(String, Vec<u8>)> {
    list.into_iter().map(|d| (d.name, d.contents)).collect()
}

/// A refusal to rewrite a file whose rows do not all read.
fn unreadable_files(list: &[ingest::Problem]) -> Error {
    with_problems(
        ErrorCode::InvalidData,
        "a current file has rows that do not read; fix them first so that nothing is lost".into(),
        problems(list),
    )
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

/// Customer `customer_id`'s statement; `unknown-customer` when there is no such customer.
/// The `statement` function and the ledger's method both start here.
pub fn statement_of(
    p: &rappel_core::model::Portfolio,
    customer_id: &str,
    as_of: chrono::NaiveDate,
) -> Result<statement::Statement, Error> {
    statement::statement(p, customer_id, as_of, None).map_err(|e| {
        error(
            ErrorCode::UnknownCustomer,
            e.to_string(),
            Some("customer-id"),
        )
    })
}

impl wit::Guest for crate::Engine {
    fn statement(
        p: Portfolio,
        customer_id: String,
        as_of: String,
    ) -> Result<wit::StatementReport, Error> {
        let as_of = date("as-of", &as_of)?;
        let (p, r) = portfolio(&p)?;
        Ok(wit::StatementReport {
            statement: statement_of(&p, &customer_id, as_of)?.into(),
            import_report: (&r).into(),
        })
    }

    fn dispute_register(p: Portfolio, as_of: String) -> Result<wit::RegisterReport, Error> {
        let as_of = date("as-of", &as_of)?;
        let (p, r) = portfolio(&p)?;
        Ok(wit::RegisterReport {
            register: disputes::register(&p, as_of).into(),
            import_report: (&r).into(),
        })
    }

    fn generate(r: wit::GenerateRequest) -> Result<wit::Generated, Error> {
        if r.invoices > MAX_GENERATED_INVOICES {
            return Err(invalid(
                "invoices",
                format!("at most {MAX_GENERATED_INVOICES}"),
            ));
        }
        if r.customers == 0 || r.customers > MAX_GENERATED_CUSTOMERS {
            return Err(invalid(
                "customers",
                format!("between 1 and {MAX_GENERATED_CUSTOMERS}"),
            ));
        }
        let cfg = generate::Config {
            customers: r.customers,
            invoices: r.invoices,
            seed: r.seed,
            end: date("end", &r.end)?,
            months: r.months.clamp(1, 600),
            ..Default::default()
        };
        let t = generate::generate(&cfg);
        Ok(wit::Generated {
            files: ingest::write_tables(&t)
                .into_iter()
                .map(|(name, contents)| CsvFile {
                    name: name.to_string(),
                    contents,
                })
                .collect(),
        })
    }

    fn merge_ubl(r: wit::UblRequest) -> Result<wit::UblMerge, Error> {
        let c = r.customers.as_ref().map(|f| CoreFile {
            name: &f.name,
            bytes: &f.contents,
        });
        let i = r.invoices.as_ref().map(|f| CoreFile {
            name: &f.name,
            bytes: &f.contents,
        });
        let docs = documents(r.documents);
        let m = ingest::ubl::merge_files(c, i, &docs).map_err(|p| unreadable_files(&p))?;
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

    fn apply_responses(r: wit::ResponsesRequest) -> Result<wit::ResponsesApplied, Error> {
        if r.portfolio.mapping.is_some() {
            return Err(invalid(
                "portfolio.mapping",
                "responses are applied to the exchange format's disputes.csv and promises.csv; a mapped export has none".into(),
            ));
        }
        let (responses, refused) = imr::parse_responses(&documents(r.documents));
        if !refused.is_empty() {
            return Err(with_problems(
                ErrorCode::InvalidData,
                format!(
                    "{} Invoice Response(s) do not read; nothing was applied",
                    refused.len()
                ),
                problems(&refused),
            ));
        }
        let (p, report) = portfolio(&r.portfolio)?;
        let files: Vec<CoreFile<'_>> = r
            .portfolio
            .files
            .iter()
            .map(|f| CoreFile {
                name: &f.name,
                bytes: &f.contents,
            })
            .collect();
        let d = find_file(&files, Table::Disputes);
        let q = find_file(&files, Table::Promises);
        let a = disputes::apply_to_files(&p, d, q, &responses, r.payment_expected_days)
            .map_err(|p| unreadable_files(&p))?;
        Ok(wit::ResponsesApplied {
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
            import_report: (&report).into(),
        })
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
