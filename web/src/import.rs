//! Own data: CSV files chosen or dropped on the page, read by the core in the browser
//! (nothing is uploaded anywhere), with the import report: totals per file and every
//! rejected row with file, line, column and reason. Foreign exports go through a column
//! mapping: a bundled one (the IBM sample) or a TOML file the user loads.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use rappel_core::bundle::{self, BundleError, BundleOptions};
use rappel_core::collections::disputes::ResponseOutcome;
use rappel_core::collections::dunning::History;
use rappel_core::ingest::mapping::Mapping;
use rappel_core::ingest::{ImportReport, Imported, Severity};
use rappel_core::model::Language;
use wasm_bindgen::JsCast;

use crate::export::{CsvButton, Sheet};
use crate::i18n;

/// Mappings shipped with the dashboard: (label, TOML).
pub const BUNDLED_MAPPINGS: [(&str, &str); 1] = [(
    "IBM Watson Analytics accounts-receivable sample",
    include_str!("../../examples/mappings/ibm-accounts-receivable.toml"),
)];

/// Files the user gave, as `(name, bytes)`.
pub type Files = Vec<(String, Vec<u8>)>;

/// The result of reading files.
pub enum Outcome {
    /// Read; the portfolio may be empty (see [`Imported::is_usable`]). The outcomes of
    /// the Invoice Responses applied, if any, and the dunning history given
    /// (`actions*.csv` / `history*.csv`, the format the actions export writes).
    Read(Box<Imported>, Vec<ResponseOutcome>, History),
    /// A foreign export: a mapping is needed first.
    NeedsMapping,
    /// The mapping does not read.
    BadMapping(String),
}

/// Reads `files` with the core's [`bundle::read`] (tables, e-invoices, Invoice
/// Responses and dunning history alike), the tables through `mapping` (TOML) when given.
pub fn read(files: &Files, mapping: Option<&str>) -> Outcome {
    let m = match mapping.map(Mapping::from_toml).transpose() {
        Ok(m) => m,
        Err(e) => return Outcome::BadMapping(e.to_string()),
    };
    match bundle::read(files, m.as_ref(), &BundleOptions::default()) {
        Ok(b) => Outcome::Read(Box::new(b.imported), b.responses, b.history),
        Err(BundleError::NeedsMapping) => Outcome::NeedsMapping,
    }
}

/// Reads the first file chosen in the `<input type="file">` of `ev` as text and calls
/// `then` with its name and text (or the read error).
pub fn read_text_file(
    ev: &web_sys::Event,
    then: impl FnOnce(String, Result<String, String>) + 'static,
) {
    let f = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        .and_then(|i| i.files())
        .and_then(|l| l.get(0));
    if let Some(f) = f {
        let name = f.name();
        spawn_local(async move {
            let file = gloo_file::File::from(f);
            let text = gloo_file::futures::read_as_text(&file)
                .await
                .map_err(|e| e.to_string());
            then(name, text);
        });
    }
}

/// The files of a (live) `FileList`, taken before the input is cleared.
fn take_list(list: &web_sys::FileList) -> Vec<web_sys::File> {
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

async fn read_files(list: Vec<web_sys::File>) -> Files {
    let mut out = Vec::new();
    for f in list {
        let name = f.name();
        let file = gloo_file::File::from(f);
        match gloo_file::futures::read_as_bytes(&file).await {
            Ok(bytes) => out.push((name, bytes)),
            Err(e) => web_sys::console::error_1(&format!("{name}: {e}").into()),
        }
    }
    out
}

/// The import report table.
#[component]
pub fn Report(
    report: Signal<Option<Arc<ImportReport>>>,
    responses: Signal<Arc<Vec<ResponseOutcome>>>,
    lang: Signal<Language>,
) -> impl IntoView {
    let sheet = Callback::new(move |_: ()| Sheet {
        header: ["file", "line", "column", "severity", "reason"]
            .map(String::from)
            .to_vec(),
        rows: report
            .get_untracked()
            .map(|r| {
                r.problems
                    .iter()
                    .map(|p| {
                        vec![
                            p.file.clone(),
                            p.line.map(|l| l.to_string()).unwrap_or_default(),
                            p.column.clone().unwrap_or_default(),
                            format!("{:?}", p.severity),
                            p.reason.clone(),
                        ]
                    })
                    .collect()
            })
            .unwrap_or_default(),
    });
    move || {
        let r = report.get()?;
        let l = lang.get();
        let rejected = r.rejected();
        let read: u64 = r.files.iter().map(|f| f.read).sum();
        let accepted: u64 = r.files.iter().map(|f| f.accepted).sum();
        let skipped: u64 = r.files.iter().map(|f| f.skipped).sum();
        Some(view! {
            <section class="import-report" data-testid="import-report">
                <h2>{i18n::IMPORT_REPORT.get(l)} <CsvButton sheet=sheet name="import-problems" /></h2>
                <table>
                    <thead>
                        <tr>
                            <th>{i18n::FILE.get(l)}</th>
                            <th>{i18n::TABLE.get(l)}</th>
                            <th class="num">{i18n::READ.get(l)}</th>
                            <th class="num">{i18n::ACCEPTED.get(l)}</th>
                            <th class="num">{i18n::REJECTED.get(l)}</th>
                            <th class="num">{i18n::SKIPPED.get(l)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {r.files
                            .iter()
                            .map(|f| {
                                view! {
                                    <tr>
                                        <td>{f.file.clone()}</td>
                                        <td>{f.table.name()}</td>
                                        <td class="num">{f.read}</td>
                                        <td class="num">{f.accepted}</td>
                                        <td class="num">{f.rejected}</td>
                                        <td class="num">{f.skipped}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                        <tr class="total" data-testid="import-totals">
                            <th colspan="2">{i18n::TOTAL.get(l)}</th>
                            <td class="num" data-testid="import-read">{read}</td>
                            <td class="num" data-testid="import-accepted">{accepted}</td>
                            <td class="num" data-testid="import-rejected">{rejected}</td>
                            <td class="num">{skipped}</td>
                        </tr>
                    </tbody>
                </table>
                {(!responses.get().is_empty()).then(|| view! {
                    <table class="responses" data-testid="import-responses">
                        <tbody>
                            {responses
                                .get()
                                .iter()
                                .map(|o| view! {
                                    <tr>
                                        <td>{o.response_id.clone()}</td>
                                        <td>{o.invoice_id.clone()}</td>
                                        <td>{format!("{:?}", o.code)}</td>
                                        <td>{o.effect.clone()}</td>
                                    </tr>
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                })}
                <table class="problems" data-testid="import-problems">
                    <thead>
                        <tr>
                            <th>{i18n::FILE.get(l)}</th>
                            <th class="num">{i18n::LINE.get(l)}</th>
                            <th>{i18n::COLUMN.get(l)}</th>
                            <th>{i18n::REASON.get(l)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {r.problems
                            .iter()
                            .map(|p| {
                                let class = match p.severity {
                                    Severity::FileError => "file-error",
                                    Severity::Rejected => "rejected",
                                    Severity::Warning => "warning",
                                };
                                view! {
                                    <tr class=class>
                                        <td>{p.file.clone()}</td>
                                        <td class="num">{p.line.map(|l| l.to_string()).unwrap_or_default()}</td>
                                        <td>{p.column.clone().unwrap_or_default()}</td>
                                        <td>{p.reason.clone()}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </section>
        })
    }
}

/// The drop zone and file picker; calls `on_files` with what was read.
#[component]
pub fn Upload(lang: Signal<Language>, on_files: Callback<Files>) -> impl IntoView {
    let over = RwSignal::new(false);
    let take = move |list: Option<web_sys::FileList>| {
        if let Some(list) = list.as_ref().map(take_list) {
            spawn_local(async move {
                let files = read_files(list).await;
                if !files.is_empty() {
                    on_files.run(files);
                }
            });
        }
    };
    view! {
        <div
            class=move || if over.get() { "dropzone over" } else { "dropzone" }
            on:dragover=move |ev: web_sys::DragEvent| {
                ev.prevent_default();
                over.set(true);
            }
            on:dragleave=move |_| over.set(false)
            on:drop=move |ev: web_sys::DragEvent| {
                ev.prevent_default();
                over.set(false);
                take(ev.data_transfer().and_then(|d| d.files()));
            }
        >
            <p>{move || i18n::UPLOAD_HINT.get(lang.get())}</p>
            <input
                type="file"
                multiple=true
                accept=".csv,.xml,text/csv,application/xml"
                data-testid="upload"
                on:change=move |ev| {
                    let input = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
                    take(input.as_ref().and_then(|i| i.files()));
                    if let Some(i) = input {
                        i.set_value("");
                    }
                }
            />
        </div>
    }
}
