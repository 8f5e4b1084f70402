//! The KPIs of many periods computed a step at a time to the end, for a host that must
//! keep answering between steps (the dashboard paints between them): the rows visited
//! a slice at a time ([`Series::step`]), then the periods' reports one a step
//! ([`Series::reports`]). The reports are those of [`super::compute_series`] however it
//! is stepped.

use super::KpiOptions;
use super::engine::KpiReport;
use super::period::Period;
use super::series::{Reports, Series};
use crate::model::Portfolio;

/// The KPIs of `periods` being computed: [`Computing::new`], [`Computing::step`] until
/// it says they are done (or not at all), then [`Computing::finish`].
pub struct Computing<'p> {
    /// The rows being visited, until all are.
    rows: Option<Series<'p>>,
    options: KpiOptions,
    /// The reports being made, once every row was visited.
    reports: Option<Reports<'p>>,
    /// The reports made so far, in the periods' order.
    made: Vec<KpiReport>,
}

impl<'p> Computing<'p> {
    /// Nothing computed yet.
    pub fn new(p: &'p Portfolio, periods: &[Period], options: &KpiOptions) -> Computing<'p> {
        Computing {
            rows: Some(Series::new(p, periods)),
            options: options.clone(),
            reports: None,
            made: Vec::with_capacity(periods.len()),
        }
    }

    /// The next step: up to `rows` more rows visited, or, once all are, the next
    /// period's report; `true` once every report is made.
    pub fn step(&mut self, rows: usize) -> bool {
        if let Some(series) = &mut self.rows {
            if series.step(rows) {
                self.reports = (self.rows.take()).map(|s| s.reports(&self.options));
            }
            return false;
        }
        match self.reports.as_mut().and_then(Iterator::next) {
            Some(report) => {
                self.made.push(report);
                false
            }
            None => true,
        }
    }

    /// The steps left, then one report per period, in the order given.
    pub fn finish(mut self) -> Vec<KpiReport> {
        while !self.step(usize::MAX) {}
        self.made
    }
}
