//! The demo portfolio, generated in the page in slices of [`DEMO_SLICE`] invoices with
//! the progress bar painted in between, so that even the 1 M-invoice demo keeps the page
//! responsive; a newer size choice abandons an older load.

use leptos::prelude::*;
use leptos::task::spawn_local;
use rappel_core::collections::dunning::History;
use rappel_core::generate::{self, Config};
use rappel_core::model::Portfolio;

use crate::state::{SIZES, Status, Workspace};

/// Invoices the demo generator makes between two paints (about 30 ms of work).
const DEMO_SLICE: usize = 20_000;

/// Lets the browser handle what is waiting (input, a frame when one is due) before
/// the next slice of work.
pub async fn yield_to_browser() {
    gloo_timers::future::TimeoutFuture::new(0).await;
}

/// Waits until the browser has painted a frame (what the page shows now, e.g. a status
/// line), then lets it handle what is waiting: for a long step that follows, so that it
/// starts with its status on the screen.
pub async fn paint_then_continue() {
    let frame = js_sys::Promise::new(&mut |resolve, _| {
        let painted = web_sys::window().map(|w| w.request_animation_frame(&resolve));
        if !matches!(painted, Some(Ok(_))) {
            // No window (cannot happen in the page): go on at once.
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(frame).await;
    yield_to_browser().await;
}

/// Makes demo size `which` (index into [`SIZES`]) and shows it.
pub fn load(ws: Workspace, which: usize) {
    let (customers, invoices) = SIZES[which.min(SIZES.len() - 1)];
    ws.status.set(Status::Generating(0, invoices));
    let run = ws.new_load();
    spawn_local(async move {
        yield_to_browser().await;
        let cfg = Config {
            customers,
            invoices,
            ..Config::default()
        };
        let mut g = generate::Generation::new(&cfg);
        loop {
            if !ws.is_current(run) {
                return;
            }
            let done = g.step(DEMO_SLICE);
            let (made, all) = g.progress();
            ws.status.set(Status::Generating(made as u32, all as u32));
            yield_to_browser().await;
            if done {
                break;
            }
        }
        ws.status.set(Status::Indexing(invoices));
        paint_then_continue().await;
        if !ws.is_current(run) {
            return;
        }
        let (p, problems) = Portfolio::build(g.finish(), None);
        if !problems.is_empty() {
            let why = format!("{} inconsistent demo rows", problems.len());
            ws.status.set(Status::Failed(why));
            return;
        }
        ws.report.set(None);
        ws.history.set(std::sync::Arc::new(History::default()));
        ws.show(p, cfg.end, 0);
    });
}
