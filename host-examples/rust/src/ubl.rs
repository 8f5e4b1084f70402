//! `documents.merge-ubl` by a typed call: the current `customers.csv` and `invoices.csv`
//! and the UBL documents go in as byte lists, and both files come back rewritten as
//! bytes, read as the core's [`MergedFiles`]. A call by name lowers and lifts a
//! `list<u8>` one dynamic value a byte: on a 100 000-invoice folder `rappel import-ubl
//! --engine component` took 1.3 s and 1.3 GB that way, against 0.08 s natively
//! (BENCHMARKS.md, issue 15, nineteenth pass).

use rappel_core::api::MergeUbl;
use rappel_core::ingest::ubl::{Merged, MergedFiles};
use wasmtime::Result;

use crate::Host;
use crate::bindings::exports::rappel::engine::{documents as wd, types as wt};
use crate::records::{self, Unreadable};

/// The answer to `r`: the outer `Err` a trap or a limit, the inner one the engine's
/// error record.
pub fn merge_ubl(host: &Host, r: &MergeUbl) -> Result<Result<wd::UblMerge, wt::Error>> {
    let request = wd::UblRequest {
        customers: r.customers.as_ref().map(records::csv_file),
        invoices: r.invoices.as_ref().map(records::csv_file),
        documents: r.documents.iter().map(records::xml_file).collect(),
    };
    let (answer, _) = host.call(|c| {
        c.engine
            .rappel_engine_documents()
            .call_merge_ubl(&mut c.store, &request)
    })?;
    Ok(answer)
}

/// The engine's answer as the core's record.
pub fn answer(m: wd::UblMerge) -> Result<MergedFiles, Unreadable> {
    let count = |field: &str, n: u64| {
        usize::try_from(n).map_err(|_| Unreadable(format!("ubl-merge.{field}: {n}")))
    };
    Ok(MergedFiles {
        customer_count: count("customer-count", m.customer_count)?,
        invoice_count: count("invoice-count", m.invoice_count)?,
        customers: m.customers,
        invoices: m.invoices,
        merged: (m.merged.into_iter())
            .map(|d| Merged {
                file: d.file,
                summary: d.summary,
            })
            .collect(),
        problems: (m.problems.into_iter()).map(records::problem).collect(),
    })
}
