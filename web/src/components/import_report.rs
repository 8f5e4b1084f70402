//! The import report: totals per file and every refused row with file, line, column and
//! reason (on the page the first [`PROBLEMS_SHOWN`] in the order chosen, in its CSV
//! export every one), and what each Invoice Response did.

use std::sync::Arc;

use leptos::prelude::*;
use rappel_core::collections::disputes::ResponseOutcome;
use rappel_core::ingest::{ImportReport, Problem, Severity};
use rappel_core::model::Language;

use crate::components::table::{Column, DataTable, Shown};
use crate::i18n;

/// Problems listed on the page at most: a badly damaged file can have a problem on every
/// line (a hundred thousand rows in a table kept the page from painting for seconds);
/// the rest are counted, and the table's CSV export has them all.
const PROBLEMS_SHOWN: usize = 1_000;

/// A column of the problems table.
type Col = Column<Problem>;

/// Every refused row or file with its place and reason; the export adds the severity.
static PROBLEM_COLUMNS: [Col; 5] = [
    Col::text("file", |l| i18n::FILE.get(l).into(), |p, _| p.file.clone()),
    Col::text("line", |l| i18n::LINE.get(l).into(), |p, _| line(p)).num(),
    Col::text(
        "column",
        |l| i18n::COLUMN.get(l).into(),
        |p, _| p.column.clone().unwrap_or_default(),
    ),
    Col::export("severity", |p, _| format!("{:?}", p.severity)),
    Col::text(
        "reason",
        |l| i18n::REASON.get(l).into(),
        |p, _| p.reason.clone(),
    ),
];

fn line(p: &Problem) -> String {
    p.line.map(|l| l.to_string()).unwrap_or_default()
}

/// A problem's row class: its severity.
fn severity_class(p: &Problem) -> &'static str {
    match p.severity {
        Severity::FileError => "file-error",
        Severity::Rejected => "rejected",
        Severity::Warning => "warning",
    }
}

/// The import report table.
#[component]
pub fn Report(
    report: Signal<Option<Arc<ImportReport>>>,
    responses: Signal<Arc<Vec<ResponseOutcome>>>,
    lang: Signal<Language>,
) -> impl IntoView {
    let problems =
        Signal::derive(move || report.get().map(|r| r.problems.clone()).unwrap_or_default());
    let shown = Signal::derive(move || Shown {
        lang: lang.get(),
        currency: String::new(),
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
                <h2>{i18n::IMPORT_REPORT.get(l)}</h2>
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
                <DataTable
                    columns=&PROBLEM_COLUMNS
                    rows=problems
                    shown=shown
                    name="import-problems"
                    class="problems"
                    testid="import-problems"
                    limit=PROBLEMS_SHOWN
                    row_class=severity_class
                />
                {(r.problems.len() > PROBLEMS_SHOWN).then(|| view! {
                    <p class="hint" data-testid="import-problems-shown">
                        {format!("{} {PROBLEMS_SHOWN} / {}", i18n::SHOWING_FIRST.get(l), r.problems.len())}
                    </p>
                })}
            </section>
        })
    }
}
