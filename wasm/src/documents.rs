//! `rappel:engine/documents`: statements, the dispute register, the generator, and
//! the Peppol documents that change the files (UBL invoices, Invoice Responses).

use rappel_core::collections::{disputes, statement};
use rappel_core::ingest::imr::{self, ResponseCode};
use rappel_core::ingest::{CsvFile as CoreFile, find_file};
use rappel_core::model::Table;
use rappel_core::{generate, ingest};

use crate::exports::rappel::engine::documents as wit;
use crate::exports::rappel::engine::types::{CsvFile, Error, ErrorCode, Portfolio, XmlFile};
use crate::input::{
    date, error, import_problem, import_report, invalid, portfolio, problems, with_problems,
};

/// Largest generated portfolio: the 1 M-invoice benchmark scale, with room.
const MAX_GENERATED_INVOICES: u32 = 2_000_000;
const MAX_GENERATED_CUSTOMERS: u32 = 200_000;

fn document<T: serde::Serialize>(
    v: &T,
    r: &ingest::ImportReport,
) -> Result<wit::JsonDocument, Error> {
    let json = serde_json::to_string_pretty(v)
        .map_err(|e| error(ErrorCode::InvalidData, e.to_string(), None))?;
    Ok(wit::JsonDocument {
        json,
        import_report: import_report(r),
    })
}

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

/// A file for the caller, named as it came in (or by its table when it is new).
fn file_out(given: Option<CoreFile<'_>>, t: Table, contents: Vec<u8>) -> CsvFile {
    CsvFile {
        name: given.map_or(t.file_name(), |f| f.name).to_string(),
        contents,
    }
}

fn response_code(c: ResponseCode) -> wit::ResponseCode {
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

/// Customer `customer_id`'s statement; `unknown-customer` when there is no such customer.
/// The JSON document above and the ledger's typed record both start here.
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
    ) -> Result<wit::JsonDocument, Error> {
        let as_of = date("as-of", &as_of)?;
        let (p, r) = portfolio(&p)?;
        document(&statement_of(&p, &customer_id, as_of)?, &r)
    }

    fn dispute_register(p: Portfolio, as_of: String) -> Result<wit::JsonDocument, Error> {
        let as_of = date("as-of", &as_of)?;
        let (p, r) = portfolio(&p)?;
        document(&disputes::register(&p, as_of), &r)
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
            customers: file_out(c, Table::Customers, m.customers),
            invoices: file_out(i, Table::Invoices, m.invoices),
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
            problems: m.problems.iter().map(import_problem).collect(),
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
            disputes: file_out(d, Table::Disputes, a.disputes),
            promises: file_out(q, Table::Promises, a.promises),
            outcomes: a
                .outcomes
                .into_iter()
                .map(|o| wit::ResponseOutcome {
                    response_id: o.response_id,
                    invoice_id: o.invoice_id,
                    code: response_code(o.code),
                    changed: o.changed,
                    effect: o.effect,
                })
                .collect(),
            import_report: import_report(&report),
        })
    }
}
