//! The widgets the pages are made of: each a small component with its signals beside it.

pub mod drill;
pub mod export;
pub mod forecast_panel;
pub mod import_report;
pub mod supporting;
pub mod table;
pub mod tile;
pub mod upload;
