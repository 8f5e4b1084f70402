//! Collections: what the credit department does about money that is owed.
//!
//! - [`policy`]: the policy document a consultant writes (risk classes, segmentation,
//!   dunning processes, templates, fee rules, holds, credit terms, the acceptance
//!   scorecard's schema), parsed and validated with the path of every problem.
//! - [`dunning`]: the dunning run (actions due today and held items) from a portfolio, a
//!   policy and the history of actions already taken; idempotent.
//! - [`fees`]: statutory collection costs and late-payment interest (DOMAIN.md §6).
//! - [`disputes`]: the dispute register and Peppol Invoice Responses.
//! - [`worklist`]: the collector's ranked worklist with the reasons of each rank.
//! - [`statement`]: the account statement sent to a customer.

pub mod disputes;
pub mod dunning;
pub mod fees;
pub mod law;
pub mod policy;
pub mod statement;
pub mod worklist;
