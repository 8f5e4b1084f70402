//! # rappel-core
//!
//! All credit-management logic of Rappel, as pure Rust: no I/O, no clock, no global state,
//! no randomness of its own. "Today" (`as_of`) and random seeds are always arguments, so
//! the same input gives the same output byte for byte, natively, in the browser and in
//! the sandboxed component.
//!
//! The modules follow DESIGN.md's picture:
//!
//! - [`api`]: the engine's entry points as requests, answered here or by the component.
//! - [`model`]: customers, invoices and credit notes, payments, orders, disputes,
//!   write-offs, payment plans, promises, and the validated [`model::Portfolio`].
//! - [`ingest`]: the CSV exchange format v1, foreign exports through a column mapping,
//!   Peppol BIS Billing 3.0 UBL and Invoice Responses; every refused row reported with
//!   file, line and column.
//! - [`bundle`]: any mix of files a user hands over at once (tables, e-invoices, Invoice
//!   Responses, dunning history) read into one portfolio and one import report.
//! - [`kpi`]: receivables at a date, aging, DSO (period and countback), best possible DSO,
//!   average days delinquent, CEI, bad-debt ratio, overdue shares, per segment and over a
//!   series of periods in one pass (DOMAIN.md §2–§3).
//! - [`collections`]: the policy document, dunning, fees and interest (DOMAIN.md §6),
//!   disputes, the worklist and statements.
//! - [`credit`]: available credit and the order check (DOMAIN.md §4), and credit
//!   acceptance (the scorecard and its backtest).
//! - [`risk`]: payment behaviour, the cash-flow forecast and the policy simulator.
//! - [`drilldown`]: from a segment to its customers and from a customer to its items.
//! - [`generate`]: a deterministic synthetic portfolio (the demo data).
//! - [`locale`]: amounts, dates and words written the way each language writes them.
//! - `chart` (feature `charts`): the SVG charts that the dashboard shows and the reports
//!   carry.
//! - [`limits`]: the limits on inputs that every host shares.
//! - [`wire`]: how a published record reads back from JSON, whichever engine wrote it.
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

pub mod api;
pub mod bundle;
pub mod cash;
#[cfg(feature = "charts")]
pub mod chart;
pub mod collections;
pub mod credit;
pub mod drilldown;
pub mod generate;
pub mod ingest;
pub mod kpi;
pub mod limits;
pub mod locale;
pub mod model;
pub mod risk;
pub mod threads;
pub mod wire;
