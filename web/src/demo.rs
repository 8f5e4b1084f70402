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

/// Lets the browser paint before a long step.
pub async fn yield_to_browser() {
    gloo_timers::future::TimeoutFuture::new(0).await;
}

/// Makes demo size `which` (index into [`SIZES`]) and shows it.
pub fn load(ws: Workspace, which: usize) {
    let (customers, invoices) = SIZES[which.min(SIZES.len() - 1)];
    ws.status.set(Status::Generating(0, invoices));
    let run = ws.demo_run.get_value() + 1;
    ws.demo_run.set_value(run);
    spawn_local(async move {
        yield_to_browser().await;
        let cfg = Config {
            customers,
            invoices,
            ..Config::default()
        };
        let mut g = generate::Generation::new(&cfg);
        loop {
            if ws.demo_run.get_value() != run {
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
        yield_to_browser().await;
        if ws.demo_run.get_value() != run {
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
