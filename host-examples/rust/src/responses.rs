//! `ledger.portfolio.apply-responses` (WIT 3.5.0) by a typed call: the Invoice Responses
//! go in as byte lists, and the rewritten `disputes.csv` and `promises.csv` come back as
//! bytes, read as the core's [`AppliedFiles`]. A call by name lifted both files one
//! dynamic value a byte: `rappel import-imr --engine component` on the 1 M-invoice folder
//! took 1.1 s and 562 MiB that way (BENCHMARKS.md, issue 15, nineteenth pass).

use rappel_core::api::ApplyResponses;
use rappel_core::collections::disputes::{AppliedFiles, ResponseOutcome};
use rappel_core::ingest::ImportReport;
use rappel_core::ingest::imr::ResponseCode;
use wasmtime::Result;

use crate::Host;
use crate::bindings::exports::rappel::engine::{documents as wd, types as wt};
use crate::ledger::Ledger;
use crate::records::{self, Unreadable};

/// The answer to `r` on the ledger (its current files are the ledger's own): the outer
/// `Err` a trap or a limit, the inner one the engine's error record.
pub fn apply_responses(
    host: &Host,
    ledger: &mut Ledger,
    r: &ApplyResponses,
) -> Result<Result<wd::ResponsesApplied, wt::Error>> {
    let documents: Vec<wt::XmlFile> = r.documents.iter().map(records::xml_file).collect();
    ledger.apply_responses(host, &documents, r.payment_expected_days)
}

/// The engine's answer as the core's records: the files and outcomes, and the report of
/// the portfolio's import.
pub fn answer(a: wd::ResponsesApplied) -> Result<(AppliedFiles, ImportReport), Unreadable> {
    let files = AppliedFiles {
        disputes: a.disputes,
        promises: a.promises,
        outcomes: (a.outcomes.into_iter()).map(outcome).collect(),
    };
    Ok((files, records::import_report(a.import_report)?))
}

fn outcome(o: wd::ResponseOutcome) -> ResponseOutcome {
    ResponseOutcome {
        response_id: o.response_id,
        invoice_id: o.invoice_id,
        code: match o.code {
            wd::ResponseCode::Ab => ResponseCode::AB,
            wd::ResponseCode::Ip => ResponseCode::IP,
            wd::ResponseCode::Uq => ResponseCode::UQ,
            wd::ResponseCode::Ca => ResponseCode::CA,
            wd::ResponseCode::Re => ResponseCode::RE,
            wd::ResponseCode::Ap => ResponseCode::AP,
            wd::ResponseCode::Pd => ResponseCode::PD,
        },
        changed: o.changed,
        effect: o.effect,
    }
}
