//! Disputes: the register with its 48-hour assessment SLA, classification and cycle
//! times, and what Peppol Invoice Responses do to it (DOMAIN.md §7, seed 003).

pub mod register;
pub mod responses;

pub use register::{DisputeClass, DisputeEntry, DisputeKpis, DisputeRegister, Sla, register};
pub use responses::{AppliedFiles, ResponseOutcome, apply_responses, apply_to_files};
