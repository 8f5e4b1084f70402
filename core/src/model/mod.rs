//! The receivables model: who owes what, since when, and what happened to it.
//!
//! These are plain data records (serde on all of them) as read from the CSV exchange
//! format v1 (DOMAIN.md §1). [`Portfolio`] ties them together with resolved references
//! and the indexes the KPI engine and the credit check need.

mod currency_code;
mod customer;
mod dispute;
mod id;
mod id_index;
mod id_series;
mod invoice;
mod long_text;
mod order;
mod payment;
mod plan;
mod portfolio;
mod promise;
mod table;
mod validate;
mod write_off;

pub use currency_code::CurrencyCode;
pub use customer::{Customer, CustomerStatus, Language, Sector};
pub use dispute::Dispute;
pub use id::Id;
pub(crate) use id::same_text;
pub use invoice::{Invoice, InvoiceReferences};
pub use long_text::LongText;
pub use order::Order;
pub use payment::{Payment, PaymentMethod};
pub use plan::{PaymentPlan, PlanInstalment};
pub use portfolio::{BUILD_PHASES, Building, Portfolio, Tables, UNSEGMENTED};
pub use promise::Promise;
pub use table::Table;
pub use validate::RowProblem;
pub use write_off::WriteOff;

/// Money amounts are exact decimals, never floats (DESIGN.md, "Money is never a float").
pub type Money = rust_decimal::Decimal;

/// Rounds to 2 decimals, half away from zero (DESIGN.md: the project's one rounding rule
/// unless a law table says otherwise), always showing 2 decimals (`100.00`), and never
/// `-0.00`.
pub fn round2(d: Money) -> Money {
    let mut r = d.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    if r.is_zero() {
        r = Money::ZERO;
    }
    r.rescale(2);
    r
}
