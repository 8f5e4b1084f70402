//! The engine's entry points as requests: the arguments of each call a host makes (a
//! component export, a `rappel` command, later a service route), checked, and the one
//! core function that answers it. The CLI builds a request and runs it here or sends it
//! to the component; the component reads its WIT arguments into the same request; so
//! every workflow is assembled once, and both engines refuse the same inputs with the
//! same [`Error`].
//!
//! A request serializes as the component's export takes its arguments (WIT names in
//! snake case, `rappel_core::wire`); its answer is a published record, or a small record
//! of them, as the export returns it (less the import report, which the host adds).

mod bank;
mod collections;
mod credit;
mod documents;
mod error;
mod fees;
mod inputs;
mod kpis;
mod request;
mod risk;

pub use bank::{BankImport, ImportBank, StatementSummary};
pub use collections::{Dunning, Rows, Worklist};
pub use credit::{CheckOrder, OrderDecision};
pub use documents::{
    ApplyResponses, DisputeRegister, Generate, Generated, MergeUbl, RegisterAnswer, Statement,
    StatementAnswer,
};
pub use error::{Error, ErrorCode, Problem};
pub use inputs::{HistoryDocument, NamedFile, PolicyDocument};
pub use kpis::{ComputeKpis, KpiAnswer};
pub use request::Request;
pub use risk::{
    AcceptApplicant, AcceptCustomers, BacktestAcceptance, CustomerVerdict, Decisions,
    ScenarioRequest, Simulate,
};
