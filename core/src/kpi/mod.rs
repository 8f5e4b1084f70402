//! Credit-management KPIs (DOMAIN.md §2–§3): receivables at a date, aging, DSO (period
//! and countback), best possible DSO, average days delinquent, CEI, bad-debt ratio,
//! overdue shares and supporting KPIs, for the whole portfolio and per segment, for one
//! period or a series of periods in one pass.

mod cei;
mod computing;
mod dso;
mod engine;
mod open_items;
mod period;
pub mod report;
mod series;
mod snapshot;
mod supporting;
mod text;
mod total;
pub mod words;

pub use cei::cei;
pub use computing::Computing;
pub use dso::{
    COUNTBACK_MONTHS, MonthSales, average_days_delinquent, best_possible_dso, countback_dso, dso,
    percent, ratio,
};
pub use engine::{KpiReport, KpiSet, SegmentKpis, compute, compute_series};
pub use open_items::{OpenItem, open_items};
pub use period::{
    Period, PeriodError, days_in_month, first_of_month, last_of_month, monthly_periods,
};
pub use series::{Reports, Series};
pub use snapshot::{Aging, Bucket, Snapshot};
pub use supporting::{ASSESSMENT_SLA_DAYS, SupportingKpis};

/// Options of the KPI computation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KpiOptions {
    /// A new customer's first invoice counts as "unpaid" when it is not fully paid this
    /// many days after its due date (seed 004). Default 30.
    pub first_invoice_days: u32,
    /// Threads the computation may use ([`crate::threads`]: the host's choice; the
    /// CLI gives its cores, the component and the dashboard have one). The figures are
    /// the same for any number. Default 1.
    pub threads: usize,
}

impl Default for KpiOptions {
    fn default() -> Self {
        KpiOptions {
            first_invoice_days: 30,
            threads: 1,
        }
    }
}
