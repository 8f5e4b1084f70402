//! Rappel's dashboard: a Leptos single-page app that computes everything in the browser
//! with `rappel-core` (the data never leaves the page). This crate only arranges views;
//! the numbers come from the core.
//!
//! - [`state`]: the workspace every page shares (portfolio, policy, history, period,
//!   segment, language), provided once as a Leptos context.
//! - [`demo`]: the demo portfolio, generated in slices behind a progress bar.
//! - [`pages`]: one module per screen: overview, collections, scenarios, your data.
//! - [`components`]: the widgets the pages are made of (tiles, charts, tables, the
//!   drill-down, the forecast panel, exports).

mod app;
mod components;
mod demo;
mod fatal;
mod i18n;
mod memory;
mod pages;
mod slices;
mod state;

fn main() {
    fatal::install();
    leptos::mount::mount_to_body(app::App);
}
