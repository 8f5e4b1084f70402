//! # rappel-core
//!
//! All credit-management logic of Rappel, as pure Rust: no I/O, no clock, no global state,
//! no randomness of its own. "Today" (`as_of`) and random seeds are always arguments, so
//! the same input gives the same output byte for byte, natively, in the browser and in
//! the sandboxed component.
//!
//! - [`model`]: customers, invoices and credit notes, payments, orders, disputes,
//!   write-offs, and the validated [`model::Portfolio`].
//! - [`ingest`]: the CSV exchange format v1, foreign exports through a column mapping,
//!   Peppol BIS Billing 3.0 UBL; every refused row reported with file, line and column.
//! - [`kpi`]: receivables at a date, aging, DSO (period and countback), best possible DSO,
//!   average days delinquent, CEI, bad-debt ratio, overdue shares, per segment and over a
//!   series of periods in one pass (DOMAIN.md §2–§3).
//! - [`credit`]: available credit and the order check (DOMAIN.md §4).
//! - [`fees`]: statutory collection costs (NL WIK, BE consumer law) and EU B2B
//!   late-payment compensation and interest (DOMAIN.md §6).
//! - [`generate`]: a deterministic synthetic portfolio (the demo data).
//!
//! ```
//! use rappel_core::{generate, kpi, model::Portfolio};
//! use chrono::NaiveDate;
//!
//! let tables = generate::generate(&generate::Config { customers: 50, invoices: 500, ..Default::default() });
//! let (portfolio, problems) = Portfolio::build(tables, None);
//! assert!(problems.is_empty());
//! let to = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
//! let period = kpi::Period::new(NaiveDate::from_ymd_opt(2026, 6, 1).unwrap(), to).unwrap();
//! let report = kpi::compute(&portfolio, period);
//! assert!(report.total.receivables() > rust_decimal::Decimal::ZERO);
//! ```

pub mod acceptance;
pub mod behaviour;
pub mod credit;
pub mod disputes;
pub mod drilldown;
pub mod dunning;
pub mod fees;
pub mod forecast;
pub mod generate;
pub mod ingest;
pub mod kpi;
pub mod locale;
pub mod model;
pub mod policy;
pub mod simulate;
pub mod statement;
pub mod worklist;
