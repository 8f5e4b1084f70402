//! Dunning (payment-reminder escalation): runs of the policy's processes over the
//! portfolio, idempotent against the history of actions already taken, with holds for
//! disputes, payment plans, promises and insolvency (DESIGN.md, "Idempotent runs").

mod action;
pub mod history;
mod hold_detail;
pub mod holds;
mod run;

pub use action::{Action, ActionLaw, ActionLine, HeldItem, HoldReason, RunReport, RunSummary};
pub use history::{History, HistoryEntry, HistoryProblem};
pub use hold_detail::HoldDetail;
pub use run::run;
