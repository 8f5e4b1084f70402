//! What each command asks an engine, one [`crate::engine::Request`] per component
//! export, grouped as the WIT groups them. Each request is built once by its command,
//! serialized as the export's arguments for the component and answered by the core for
//! the native engine.

mod collections;
mod credit;
mod documents;
mod fees;
mod kpis;
mod risk;

pub use collections::{Dunning, Worklist};
pub use credit::CheckOrder;
pub use documents::{ApplyResponses, DisputeRegister, Generate, MergeUbl, NamedFile, Statement};
pub use fees::Fees;
pub use kpis::ComputeKpis;
pub use risk::{
    AcceptApplicant, AcceptCustomers, BacktestAcceptance, CustomerVerdict, Scenario, Simulate,
};

pub use crate::engine::Request;

/// The portfolio a request needs but was not given (a bug in the command).
fn needs_portfolio(export: &str) -> String {
    format!("{export} needs a portfolio")
}
