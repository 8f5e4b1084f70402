//! The import report: totals per file and every refused row with file, line, column and
//! reason, and what each Invoice Response did.

use std::sync::Arc;

use leptos::prelude::*;
use rappel_core::collections::disputes::ResponseOutcome;
use rappel_core::ingest::{ImportReport, Severity};
use rappel_core::model::Language;

use crate::components::export::{CsvButton, Sheet};
use crate::i18n;

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
