//! `kpis/compute-kpis`.

use chrono::NaiveDate;
use rappel_core::kpi::report::{KpiJson, publish};
use rappel_core::kpi::{KpiOptions, Period};
use rappel_core::model::Portfolio;
use serde::{Deserialize, Serialize};

use super::{Request, needs_portfolio};

/// The KPIs of a period, with a monthly trend when asked for.
#[derive(Serialize)]
pub struct ComputeKpis {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    /// Months of trend.
    pub trend_months: Option<u32>,
    /// Days after the due date at which a first invoice counts as unpaid.
    pub first_invoice_days: u32,
}

/// The published KPI record and the portfolio's currency.
#[derive(Deserialize)]
pub struct KpiAnswer {
    /// Portfolio currency.
    pub currency: String,
    /// The record.
    #[serde(flatten)]
    pub kpis: KpiJson,
}

impl Request for ComputeKpis {
    const EXPORT: &'static str = "kpis/compute-kpis";
    const RECORD: Option<&'static str> = Some("request");
    type Answer = KpiAnswer;

    fn native(&self, p: Option<Portfolio>) -> Result<KpiAnswer, String> {
        let p = p.ok_or_else(|| needs_portfolio(Self::EXPORT))?;
        let period = Period::new(self.from, self.to).map_err(|e| e.to_string())?;
        let options = KpiOptions {
            first_invoice_days: self.first_invoice_days,
        };
        let kpis = publish(&p, period, self.trend_months, &options)
            .map_err(|e| format!("--trend: {}", e.reason))?;
        Ok(KpiAnswer {
            currency: p.currency().to_string(),
            kpis,
        })
    }
}
