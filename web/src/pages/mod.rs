//! One module per screen of the dashboard.

pub mod bank;
pub mod collections;
pub mod data;
pub mod overview;
pub mod scenarios;
