//! "Your data": files chosen or dropped on the page, read by the core in the browser
//! (nothing is uploaded anywhere) with `rappel_core::bundle` — exchange-format CSV,
//! e-invoices, Invoice Responses, a dunning history, bank statements (camt, CODA).
//! Foreign exports go through a column mapping: a bundled one (the IBM sample) or a TOML
//! file the user loads. The import report is `components::import_report`.

use std::cell::{Cell, RefCell};
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use rappel_core::bundle::{self, Bundle, BundleError, BundleFiles, BundleOptions, FileKind, Step};
use rappel_core::ingest::mapping::Mapping;

use crate::components::upload::{PageFiles, Upload, read_text_file};
use crate::i18n;
use crate::memory;
use crate::slices::{self, yield_to_browser};
use crate::state::{FileBar, Status, Workspace};

/// Mappings shipped with the dashboard: (label, TOML).
pub const BUNDLED_MAPPINGS: [(&str, &str); 1] = [(
    "IBM Watson Analytics accounts-receivable sample",
    include_str!("../../../examples/mappings/ibm-accounts-receivable.toml"),
)];

/// Rows read between two looks at the clock.
const ROWS_PER_LOOK: usize = 2_000;

/// Reads `files` (through `mapping`, TOML, when given) into the workspace with the core's
/// [`bundle::Reading`] (tables, e-invoices, Invoice Responses, dunning history and bank
/// statements alike), a slice at a time with a progress bar per file painted in
/// between; then the portfolio shown, the import report, the responses' outcomes and
/// the history; or the mapping step. A newer load (files or a demo size) abandons it.
pub fn apply(ws: Workspace, files: PageFiles, mapping: Option<String>) {
    ws.notice.set(None);
    let before = (ws.files.get_value(), ws.decisions.get_untracked());
    let same = ws
        .files
        .with_value(|f| f.as_ref().is_some_and(|(old, _)| old.same(&files)));
    if !same {
        ws.decisions.set(Vec::new());
    }
    ws.files.set_value(Some((files.clone(), mapping.clone())));
    let m = match mapping.as_deref().map(Mapping::from_toml).transpose() {
        Ok(m) => m,
        Err(e) => return ws.notice.set(Some(e.to_string())),
    };
    let options = BundleOptions {
        decisions: ws.decisions.get_untracked(),
        ..BundleOptions::default()
    };
    let run = ws.new_load();
    spawn_local(async move {
        let reading = bundle::Reading::new(files.clone(), m, options);
        match read_in_slices(ws, run, &files, reading).await {
            Ended::Read(read) => show(ws, files, *read),
            Ended::TooLarge => {
                // Nothing was loaded: the files and decisions of the data shown stay.
                ws.files.set_value(before.0);
                ws.decisions.set(before.1);
                too_large_files(ws, &files);
            }
            Ended::Abandoned => {}
        }
    });
}

/// How reading files ended.
enum Ended {
    /// The bundle read, or why it could not be.
    Read(Box<Result<Bundle, BundleError>>),
    /// Stopped, what was read freed: the files need more memory than a page can have
    /// (the bytes allocated passed the soft limit, [`memory::over_soft_limit`], or the
    /// room for a file's rows could not be had, [`bundle::Reading::lacks_room`]).
    TooLarge,
    /// A newer load took over.
    Abandoned,
}

/// Runs `reading` to its end, painting each file's progress (then the checks') between
/// slices, or until the bytes allocated pass the soft limit.
async fn read_in_slices(
    ws: Workspace,
    run: u64,
    files: &PageFiles,
    mut reading: bundle::Reading<'static, PageFiles>,
) -> Ended {
    let bars: RefCell<Vec<FileBar>> = RefCell::new(
        (0..files.count())
            .map(|i| FileBar {
                name: files.name(i).to_string(),
                done: 0,
                size: files.size(i),
            })
            .collect(),
    );
    let last = Cell::new(Step::Read);
    let too_large = Cell::new(false);
    memory::narrow_for_test();
    let show_progress = || {
        ws.status.set(match last.get() {
            Step::Checking { done, of } => Status::Checking {
                files: files.count(),
                done,
                of,
            },
            Step::Matching { done, of } => Status::Matching { done, of },
            Step::Recording { done, of } => Status::Recording { done, of },
            Step::Reading { .. } | Step::Read => Status::Reading(bars.borrow().clone()),
        })
    };
    show_progress();
    yield_to_browser().await;
    let read_before_checks: Vec<bool> = (reading.kinds().iter())
        .map(|k| *k != FileKind::Bank)
        .collect();
    let step = || {
        let s = reading.step(ROWS_PER_LOOK);
        // An allocation refused during the step was one the core allowed for (it went
        // on after it): forgotten, so that a later trap is not taken for memory.
        memory::forget_refusal();
        if reading.lacks_room() || memory::over_soft_limit() {
            too_large.set(true);
            return true;
        }
        if let Some(phase) =
            Status::step_phase(s).filter(|&p| Some(p) != Status::step_phase(last.get()))
        {
            slices::mark(phase);
        }
        match s {
            Step::Reading { file, done, size } => {
                let bar = &mut bars.borrow_mut()[file];
                (bar.done, bar.size) = (done, size);
            }
            // Every file but the bank statements is read once the checks start (the
            // e-invoices, responses and histories whole, unsliced): their bars are full
            // when the statements' bars are shown next.
            Step::Checking { .. } => {
                for (bar, read) in bars.borrow_mut().iter_mut().zip(&read_before_checks) {
                    if *read {
                        bar.done = bar.size;
                    }
                }
            }
            _ => {}
        }
        last.set(s);
        s == Step::Read
    };
    let ran = slices::run(slices::PROGRESS_MS, step, show_progress, || {
        ws.is_current(run)
    })
    .await;
    if ran.is_none() {
        return Ended::Abandoned;
    }
    if too_large.get() {
        return Ended::TooLarge;
    }
    // A paint between the last slice and showing the portfolio, so that the two never
    // make one long frame.
    yield_to_browser().await;
    if !ws.is_current(run) {
        return Ended::Abandoned;
    }
    Ended::Read(Box::new(reading.finish()))
}

/// Says that `files` need more memory than the page can have; what was shown stays.
fn too_large_files(ws: Workspace, files: &PageFiles) {
    ws.status.set(Status::Ready);
    let bytes: u64 = (0..files.count()).map(|i| files.size(i)).sum();
    let l = ws.lang.get_untracked();
    // When the user's own data is shown, it takes memory too: say how to free it.
    let hint = match ws.own_files.get_untracked() {
        0 => String::new(),
        _ => format!(" {}", i18n::SHOWN_TAKES_MEMORY.get(l)),
    };
    ws.notice.set(Some(format!(
        "{} ({} MB) {}{hint}",
        files_named(files),
        bytes.div_ceil(1_000_000),
        i18n::TOO_LARGE.get(l)
    )));
}

/// The names of `files`, comma-separated.
fn files_named(files: &PageFiles) -> String {
    (0..files.count())
        .map(|i| files.name(i))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Shows what reading `files` gave: the portfolio, the import report, the responses'
/// outcomes, the history and the bank report; or the mapping step.
fn show(ws: Workspace, files: PageFiles, read: Result<Bundle, BundleError>) {
    ws.status.set(Status::Ready);
    match read {
        Err(BundleError::NeedsMapping) => {
            ws.pending.set(Some(files));
            ws.report.set(None);
        }
        Ok(b) => {
            let imported = b.imported;
            ws.bank.set(b.bank.map(Arc::new));
            ws.pending.set(None);
            ws.responses.set(Arc::new(b.responses));
            ws.history.set(Arc::new(b.history));
            ws.report.set(Some(Arc::new(imported.report.clone())));
            if imported.is_usable() {
                ws.show_own(imported.portfolio, files.count());
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
    let on_files = Callback::new(move |chosen: Result<PageFiles, String>| match chosen {
        Ok(files) => apply(ws, files, None),
        Err(notice) => ws.notice.set(Some(notice)),
    });
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
