//! The receivables model: who owes what, since when, and what happened to it.
//!
//! These are plain data records (serde on all of them) as read from the CSV exchange
//! format v1 (DOMAIN.md §1). [`Portfolio`] ties them together with resolved references
//! and the indexes the KPI engine and the credit check need.

mod customer;
mod dispute;
mod id_index;
mod invoice;
mod order;
mod payment;
mod plan;
mod portfolio;
mod promise;
mod table;
mod validate;
mod write_off;

pub use customer::{Customer, CustomerStatus, Language, Sector};
pub use dispute::Dispute;
pub use invoice::Invoice;
pub use order::Order;
pub use payment::{Payment, PaymentMethod};
pub use plan::{PaymentPlan, PlanInstalment};
pub use portfolio::{BUILD_PHASES, Building, Portfolio, Tables, UNSEGMENTED};
pub use promise::Promise;
pub use table::Table;
pub use validate::RowProblem;
pub use write_off::WriteOff;

/// An id or a short code (customer, invoice and payment numbers, a currency): 16 bytes,
/// kept in place up to 15 bytes (on 64-bit and on wasm32) and on the heap only when
/// longer, so that a million rows do not cost three million heap allocations and an id
/// compared in an index is read from the row itself. Reads, compares, hashes, prints and
/// serialises as the text it holds (a `str`). (`ecow::EcoString`: 16 bytes a field where
/// `compact_str` took 24: a quarter less for an invoice row; BENCHMARKS.md, issue 15.)
pub type Id = ecow::EcoString;

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
