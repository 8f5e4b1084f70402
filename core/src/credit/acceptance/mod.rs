//! Credit acceptance (seeds 003 and 004: "risicoprofiel toekennen (A/B/C-klant,
//! scoremodel of traffic light-systeem)"; the decision whether to deliver on credit and
//! on which conditions).
//!
//! The policy's `[acceptance]` section is a **scorecard**: points per characteristic
//! (payment history, years as customer, sector, requested limit, an optional external
//! score), summed from `start_points`; **knock-outs** reject before any scoring
//! (insolvency, an invoice overdue too long); the total picks the first class, best
//! first, whose `min_points` it reaches. A class carries the risk label (A/B/C), a
//! traffic light, a decision (accept / accept with conditions / reject) and the share of
//! the requested limit granted. [`backtest`] measures the scorecard on a portfolio's
//! own history: error 1 (credit given to a customer who did not pay) and error 2 (credit
//! refused to one who did).

pub mod backtest;
mod scorecard;

pub use crate::collections::policy::acceptance::{
    Acceptance, AcceptanceClass, Band, Condition, Decision, Knockouts, Light,
};
pub use scorecard::{Applicant, Reason, Verdict, decide, score_customers};
