//! "Your data": files chosen or dropped on the page, read by the core in the browser
//! (nothing is uploaded anywhere) with `rappel_core::bundle` — exchange-format CSV,
//! e-invoices, Invoice Responses, a dunning history, bank statements (camt, CODA).
//! Foreign exports go through a column mapping: a bundled one (the IBM sample) or a TOML
//! file the user loads. The import report is `components::import_report`.

use std::sync::Arc;

use leptos::prelude::*;
use rappel_core::bundle::{self, BundleError, BundleOptions};
use rappel_core::cash::application::{CashReport, Decision};
use rappel_core::collections::disputes::ResponseOutcome;
use rappel_core::collections::dunning::History;
use rappel_core::ingest::Imported;
use rappel_core::ingest::mapping::Mapping;

use crate::components::upload::{Files, Upload, read_text_file};
use crate::i18n;
use crate::state::Workspace;

/// Mappings shipped with the dashboard: (label, TOML).
pub const BUNDLED_MAPPINGS: [(&str, &str); 1] = [(
    "IBM Watson Analytics accounts-receivable sample",
    include_str!("../../../examples/mappings/ibm-accounts-receivable.toml"),
)];

/// The result of reading files.
pub enum Outcome {
    /// Read; the portfolio may be empty (see [`Imported::is_usable`]). The outcomes of
    /// the Invoice Responses applied, if any, and the dunning history given
    /// (`actions*.csv` / `history*.csv`, the format the actions export writes).
    Read(
        Box<Imported>,
        Vec<ResponseOutcome>,
        History,
        Option<CashReport>,
    ),
    /// A foreign export: a mapping is needed first.
    NeedsMapping,
    /// The mapping does not read.
    BadMapping(String),
}

/// Reads `files` with the core's [`bundle::read`] (tables, e-invoices, Invoice
/// Responses, dunning history and bank statements alike), the tables through `mapping`
/// (TOML) when given, with a person's `decisions` on suggested bank matches.
pub fn read(files: &Files, mapping: Option<&str>, decisions: Vec<(String, Decision)>) -> Outcome {
    let m = match mapping.map(Mapping::from_toml).transpose() {
        Ok(m) => m,
        Err(e) => return Outcome::BadMapping(e.to_string()),
    };
    let options = BundleOptions {
        decisions,
        ..BundleOptions::default()
    };
    match bundle::read(files, m.as_ref(), &options) {
        Ok(b) => Outcome::Read(Box::new(b.imported), b.responses, b.history, b.bank),
        Err(BundleError::NeedsMapping) => Outcome::NeedsMapping,
    }
}

/// Reads `files` (through `mapping` when given) into the workspace: the portfolio shown,
/// the import report, the responses' outcomes and the history; or the mapping step.
pub fn apply(ws: Workspace, files: Arc<Files>, mapping: Option<String>) {
    ws.notice.set(None);
    let same = ws
        .files
        .with_value(|f| f.as_ref().is_some_and(|(old, _)| Arc::ptr_eq(old, &files)));
    if !same {
        ws.decisions.set(Vec::new());
    }
    ws.files.set_value(Some((files.clone(), mapping.clone())));
    match read(&files, mapping.as_deref(), ws.decisions.get_untracked()) {
        Outcome::NeedsMapping => {
            ws.pending.set(Some(files));
            ws.report.set(None);
        }
        Outcome::BadMapping(e) => ws.notice.set(Some(e)),
        Outcome::Read(imported, outcomes, taken, bank) => {
            let imported = *imported;
            ws.bank.set(bank.map(Arc::new));
            ws.pending.set(None);
            ws.responses.set(Arc::new(outcomes));
            ws.history.set(Arc::new(taken));
            ws.report.set(Some(Arc::new(imported.report.clone())));
            if imported.is_usable() {
                ws.show_own(imported.portfolio, files.len());
            } else {
                let l = ws.lang.get_untracked();
                ws.notice.set(Some(i18n::NOT_USABLE.get(l).into()));
            }
        }
    }
}

/// The drop zone, the mapping step for a foreign export, and the notice line.
#[component]
pub fn DataPanel() -> impl IntoView {
    let ws = Workspace::get();
    let lang = ws.lang;
    let on_files = Callback::new(move |files: Files| apply(ws, Arc::new(files), None));
    let mapping_step = move || {
        ws.pending.get().map(|files| {
            let files2 = files.clone();
            view! {
                <div class="mapping-step" data-testid="mapping-step">
                    <p>{i18n::NEEDS_MAPPING.get(lang.get())}</p>
                    {BUNDLED_MAPPINGS
                        .iter()
                        .map(|(label, toml)| {
                            let files = files.clone();
                            view! {
                                <button
                                    data-testid="mapping-bundled"
                                    on:click=move |_| apply(ws, files.clone(), Some(toml.to_string()))
                                >
                                    {*label}
                                </button>
                            }
                        })
                        .collect_view()}
                    <label>
                        {i18n::MAPPING_FILE.get(lang.get())}
                        <input
                            type="file"
                            accept=".toml"
                            data-testid="mapping-file"
                            on:change=move |ev| {
                                let files = files2.clone();
                                read_text_file(&ev, move |_, text| match text {
                                    Ok(text) => apply(ws, files, Some(text)),
                                    Err(e) => ws.notice.set(Some(e)),
                                });
                            }
                        />
                    </label>
                </div>
            }
        })
    };
    view! {
        <Upload lang=ws.language() on_files=on_files />
        {mapping_step}
        <p class="notice" data-testid="notice">{move || ws.notice.get().unwrap_or_default()}</p>
    }
}
