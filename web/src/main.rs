//! Rappel's dashboard: a Leptos single-page app that computes everything in the browser
//! with `rappel-core` (the data never leaves the page). This crate only arranges views;
//! the numbers come from the core.

mod app;
mod charts;
mod collections;
mod drill;
mod export;
mod fatal;
mod forecast;
mod i18n;
mod import;
mod scenarios;
mod sparkline;
mod supporting;
mod tiles;

fn main() {
    fatal::install();
    leptos::mount::mount_to_body(app::App);
}
