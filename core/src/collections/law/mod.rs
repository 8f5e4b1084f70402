//! Which law decides what a late payer owes (DOMAIN.md §6a), and what it allows.
//!
//! - [`country`]: the creditor's and the debtor's country (ISO 3166-1 alpha-2) and
//!   whether it is in the EU.
//! - [`regime`]: the applicable regime: for a consumer the consumer's country (Rome I,
//!   Regulation (EC) 593/2008 art. 6), for a business the creditor's country (art. 4,
//!   unless the contract chooses otherwise, art. 3).
//! - [`rates`]: the dated statutory interest tables of each regime, every figure with
//!   its source (and a note where a figure could not be confirmed).
//! - [`claim`]: what a claim costs under a regime: collection costs or damages, the
//!   fixed compensation, and late interest (compounded yearly where the law says so).

pub mod claim;
pub mod country;
pub mod holidays;
pub mod rates;
pub mod regime;

pub use claim::{ClaimQuote, ClaimRequest, RatePeriodUsed, quote_claim};
pub use country::Country;
pub use regime::Regime;
