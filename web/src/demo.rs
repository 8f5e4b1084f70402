//! The demo portfolio, generated and checked in the page a slice at a time
//! ([`crate::slices`]) with the progress bar painted in between, so that even the
//! 1 M-invoice demo keeps the page responsive; a newer size choice abandons an older load.

use std::cell::RefCell;

use leptos::prelude::*;
use leptos::task::spawn_local;
use rappel_core::collections::dunning::History;
use rappel_core::generate::{self, Config};
use rappel_core::model::Building;

use crate::slices::{self, paint_then_continue, yield_to_browser};
use crate::state::{SIZES, Status, Workspace};

/// Invoices the demo generator makes, or rows whose references are checked, between
/// two looks at the clock.
const DEMO_STEP: usize = 2_000;

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
        let current = || ws.is_current(run);
        let generating = RefCell::new(generate::Generation::new(&cfg));
        let step = || generating.borrow_mut().step(DEMO_STEP);
        let show = || {
            let (made, all) = generating.borrow().progress();
            ws.status.set(Status::Generating(made as u32, all as u32));
        };
        if slices::run(slices::PROGRESS_MS, step, show, current)
            .await
            .is_none()
        {
            return;
        }
        ws.status.set(Status::Indexing(invoices));
        paint_then_continue().await;
        if !current() {
            return;
        }
        // Finishing the tables (the orders, the payments put in date order: ~90 ms
        // natively on 1 M invoices) is a long step of its own: a paint after it, so that
        // it and the first slice of checks never make one long frame.
        let mut building = Building::new(generating.into_inner().finish(), None);
        yield_to_browser().await;
        if !current() {
            return;
        }
        if slices::run(
            slices::PROGRESS_MS,
            || building.step(DEMO_STEP),
            || (),
            current,
        )
        .await
        .is_none()
        {
            return;
        }
        // A paint between the last slice and the indexing, so that the two never make
        // one long frame.
        yield_to_browser().await;
        if !current() {
            return;
        }
        let (p, problems) = building.finish();
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
