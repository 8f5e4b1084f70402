//! `kpis/compute-kpis`: the published KPI record of a period.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::error::Error;
use super::request::{Request, portfolio};
use crate::kpi::report::{KpiJson, publish};
use crate::kpi::{KpiOptions, Period};
use crate::model::Portfolio;

/// The KPIs of a period, with a monthly trend when asked for.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ComputeKpis {
    /// First day.
    pub from: NaiveDate,
    /// Last day (the "as of" date).
    pub to: NaiveDate,
    /// Months of trend ending at `to`, at most [`crate::limits::MAX_TREND_MONTHS`].
    pub trend_months: Option<u32>,
    /// Days after the due date at which a new customer's first invoice counts as unpaid.
    pub first_invoice_days: u32,
    /// Threads the computation may use ([`KpiOptions::threads`]: the host's choice; the
    /// figures are the same for any number). Not part of the WIT request: the component
    /// computes on its one thread, and a request read from JSON gets one.
    #[serde(skip, default = "one_thread")]
    pub threads: usize,
}

fn one_thread() -> usize {
    1
}

/// The published KPI record and the portfolio's currency.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KpiAnswer {
    /// Portfolio currency (ISO 4217).
    pub currency: String,
    /// The record.
    #[serde(flatten)]
    pub kpis: KpiJson,
}

impl ComputeKpis {
    fn period(&self) -> Result<Period, Error> {
        Period::new(self.from, self.to).map_err(|e| Error::argument("from", e))
    }
}

impl Request for ComputeKpis {
    const NAME: &'static str = "kpis/compute-kpis";
    const RECORD: Option<&'static str> = Some("request");
    const PORTFOLIO: bool = true;
    type Answer = KpiAnswer;

    fn ledger_method(&self) -> Option<&'static str> {
        Some("kpis")
    }

    fn check(&self) -> Result<(), Error> {
        self.period()?;
        crate::limits::trend_months(self.trend_months).map_err(Error::limit)
    }

    fn answer(&self, p: Option<&Portfolio>) -> Result<KpiAnswer, Error> {
        let p = portfolio(Self::NAME, p)?;
        let options = KpiOptions {
            first_invoice_days: self.first_invoice_days,
            threads: self.threads,
        };
        let kpis = publish(p, self.period()?, self.trend_months, &options).map_err(Error::limit)?;
        Ok(KpiAnswer {
            currency: p.currency().to_string(),
            kpis,
        })
    }
}
