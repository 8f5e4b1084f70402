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

mod collections;
mod credit;
mod documents;
mod error;
mod fees;
mod inputs;
mod kpis;
mod risk;

pub use collections::{Dunning, Rows, Worklist};
pub use credit::{CheckOrder, OrderDecision};
pub use documents::{
    ApplyResponses, DisputeRegister, Generate, Generated, MergeUbl, RegisterAnswer, Statement,
    StatementAnswer,
};
pub use error::{Error, ErrorCode, Problem};
pub use inputs::{HistoryDocument, NamedFile, PolicyDocument};
pub use kpis::{ComputeKpis, KpiAnswer};
pub use risk::{
    AcceptApplicant, AcceptCustomers, BacktestAcceptance, CustomerVerdict, Decisions,
    ScenarioRequest, Simulate,
};

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::model::Portfolio;

/// One entry point.
pub trait Request: Serialize {
    /// Its name in every host: the component's export, `interface/function`.
    const NAME: &'static str;
    /// `Some(name)`: the arguments travel as one record of that name (as the export
    /// takes them); `None`: each is a parameter of its own.
    const RECORD: Option<&'static str>;
    /// Whether the call reads a portfolio (passed beside the arguments as `portfolio`).
    const PORTFOLIO: bool;
    /// The answer.
    type Answer: Serialize + DeserializeOwned;

    /// Checks the arguments before any portfolio is read (fail fast on a 1 M-invoice
    /// ledger): every problem a host can report without the data.
    fn check(&self) -> Result<(), Error> {
        Ok(())
    }

    /// Answers on `p` (the portfolio, when [`Request::PORTFOLIO`]).
    fn answer(&self, p: Option<&Portfolio>) -> Result<Self::Answer, Error>;
}

/// The portfolio of a call that needs one.
fn portfolio<'a>(name: &str, p: Option<&'a Portfolio>) -> Result<&'a Portfolio, Error> {
    p.ok_or_else(|| Error::argument("portfolio", format!("{name} needs a portfolio")))
}
