//! Credit risk over time: how customers pay, what cash comes in, and what a change of
//! policy would do.
//!
//! - [`behaviour`]: payment behaviour calibrated from the portfolio's own history (per
//!   segment and customer), and the observed response to each dunning step.
//! - [`forecast`]: the cash-flow forecast (13 weeks, 12 months, with a band) and its
//!   backtest.
//! - [`simulate`]: the Monte-Carlo policy simulator (baseline against variants).

pub mod behaviour;
pub mod forecast;
pub mod simulate;
