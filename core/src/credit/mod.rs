//! Credit: limits and the order check (DOMAIN.md §4), and credit acceptance (the
//! scorecard that decides whether and on which conditions to give a customer credit).

pub mod acceptance;
mod limit;

pub use limit::{
    CreditCheck, CreditError, CreditRules, Decision, Exposure, NoLimit, Reason, ReasonCode,
    check_credit, decide, exposure,
};
