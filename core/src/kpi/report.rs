//! The KPI record as published (CLI JSON, component, dashboard): every amount and ratio
//! rounded once, at the end, to 2 decimals half away from zero, written as a decimal
//! string; an absent ratio (zero denominator) is `null` (DOMAIN.md §3).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::engine::{KpiReport, KpiSet};
use super::snapshot::Aging;
use super::supporting::SupportingKpis;

pub use crate::model::round2;

/// A decimal published as a string with exactly 2 decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fixed2(pub Decimal);

impl Serialize for Fixed2 {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&round2(self.0))
    }
}

impl<'de> Deserialize<'de> for Fixed2 {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        <Decimal as Deserialize>::deserialize(d).map(Fixed2)
    }
}

fn f2(d: Decimal) -> Fixed2 {
    Fixed2(d)
}

fn o2(d: Option<Decimal>) -> Option<Fixed2> {
    d.map(Fixed2)
}

/// Aging buckets as published: keys `current`, `1-30`, `31-60`, `61-90`, `91+`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AgingJson {
    /// Not yet due.
    pub current: Fixed2,
    /// 1–30 days past due.
    #[serde(rename = "1-30", alias = "d1_d30")]
    pub d1_30: Fixed2,
    /// 31–60 days past due.
    #[serde(rename = "31-60", alias = "d31_d60")]
    pub d31_60: Fixed2,
    /// 61–90 days past due.
    #[serde(rename = "61-90", alias = "d61_d90")]
    pub d61_90: Fixed2,
    /// More than 90 days past due.
    #[serde(rename = "91+", alias = "d91_plus")]
    pub d91_plus: Fixed2,
}

impl From<&Aging> for AgingJson {
    fn from(a: &Aging) -> Self {
        AgingJson {
            current: f2(a.current),
            d1_30: f2(a.d1_30),
            d31_60: f2(a.d31_60),
            d61_90: f2(a.d61_90),
            d91_plus: f2(a.d91_plus),
        }
    }
}

/// The KPI values of one group, as published.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KpiValuesJson {
    /// Credit sales in the period.
    pub credit_sales: Fixed2,
    /// AR at the end of the period.
    pub receivables: Fixed2,
    /// Balances not yet due at the end of the period.
    pub current: Fixed2,
    /// Balances past due at the end of the period.
    pub overdue: Fixed2,
    /// Unapplied cash at the end of the period.
    pub unapplied_cash: Fixed2,
    /// Period DSO, days (on invoice balances).
    pub dso: Option<Fixed2>,
    /// Net DSO, days: (receivables − unapplied cash) / credit sales × days.
    pub dso_net: Option<Fixed2>,
    /// Countback DSO, days.
    pub dso_countback: Option<Fixed2>,
    /// Best possible DSO, days.
    pub best_possible_dso: Option<Fixed2>,
    /// Average days delinquent.
    pub average_days_delinquent: Option<Fixed2>,
    /// CEI, percent.
    pub cei: Option<Fixed2>,
    /// Bad-debt ratio, percent.
    pub bad_debt_ratio: Option<Fixed2>,
    /// Overdue share, percent.
    pub overdue_percent: Option<Fixed2>,
    /// Share more than 60 days past due, percent.
    pub overdue_60_percent: Option<Fixed2>,
    /// Aging buckets at the end of the period.
    pub aging: AgingJson,
}

impl From<&KpiSet> for KpiValuesJson {
    fn from(k: &KpiSet) -> Self {
        KpiValuesJson {
            credit_sales: f2(k.credit_sales),
            receivables: f2(k.closing.receivables()),
            current: f2(k.closing.current()),
            overdue: f2(k.closing.overdue()),
            unapplied_cash: f2(k.closing.unapplied_cash),
            dso: o2(k.dso),
            dso_net: o2(k.dso_net),
            dso_countback: o2(k.dso_countback),
            best_possible_dso: o2(k.best_possible_dso),
            average_days_delinquent: o2(k.average_days_delinquent),
            cei: o2(k.cei),
            bad_debt_ratio: o2(k.bad_debt_ratio),
            overdue_percent: o2(k.overdue_percent),
            overdue_60_percent: o2(k.overdue_60_percent),
            aging: (&k.closing.aging).into(),
        }
    }
}

/// One segment's KPIs, as published.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SegmentJson {
    /// Segment label.
    pub segment: String,
    /// Its values.
    #[serde(flatten, deserialize_with = "crate::wire::nested")]
    pub values: KpiValuesJson,
}

/// Supporting KPIs, as published.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SupportingJson {
    /// Disputes opened in the period.
    pub disputes_opened: u64,
    /// Share of disputes assessed within 48 hours, percent.
    pub disputes_assessed_within_48h_percent: Option<Fixed2>,
    /// Open disputes whose assessment is overdue at the end of the period.
    pub disputes_assessment_overdue: u64,
    /// Disputes open at the end of the period.
    pub disputes_open: u64,
    /// Disputes resolved in the period.
    pub disputes_resolved: u64,
    /// Mean days to resolve.
    pub average_days_to_resolve: Option<Fixed2>,
    /// Days after due date at which first invoices are checked.
    pub first_invoice_days: u32,
    /// First invoices checked in the period.
    pub first_invoices_checked: u64,
    /// Share of them unpaid, percent.
    pub first_invoice_unpaid_percent: Option<Fixed2>,
    /// Direct debits collected in the period.
    pub direct_debits: u64,
    /// Of them reversed.
    pub direct_debits_reversed: u64,
    /// Reversal rate by count, percent.
    pub direct_debit_reversal_rate_count: Option<Fixed2>,
    /// Reversal rate by amount, percent.
    pub direct_debit_reversal_rate_amount: Option<Fixed2>,
    /// Write-offs in the period (count).
    pub write_offs: u64,
    /// Write-offs in the period (amount).
    pub write_off_amount: Fixed2,
}

impl From<&SupportingKpis> for SupportingJson {
    fn from(s: &SupportingKpis) -> Self {
        SupportingJson {
            disputes_opened: s.disputes_opened,
            disputes_assessed_within_48h_percent: o2(s.disputes_assessed_within_48h_percent),
            disputes_assessment_overdue: s.disputes_assessment_overdue,
            disputes_open: s.disputes_open,
            disputes_resolved: s.disputes_resolved,
            average_days_to_resolve: o2(s.average_days_to_resolve),
            first_invoice_days: s.first_invoice_days,
            first_invoices_checked: s.first_invoices_checked,
            first_invoice_unpaid_percent: o2(s.first_invoice_unpaid_percent),
            direct_debits: s.direct_debits,
            direct_debits_reversed: s.direct_debits_reversed,
            direct_debit_reversal_rate_count: o2(s.direct_debit_reversal_rate_count),
            direct_debit_reversal_rate_amount: o2(s.direct_debit_reversal_rate_amount),
            write_offs: s.write_offs,
            write_off_amount: f2(s.write_off_amount),
        }
    }
}

/// One point of a trend: the period and the portfolio's values.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TrendPointJson {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    /// Days in the period.
    pub days: i64,
    /// The values.
    #[serde(flatten, deserialize_with = "crate::wire::nested")]
    pub values: KpiValuesJson,
}

/// The published KPI record (the contract of `rappel kpis`, the component and the
/// dashboard): period, portfolio values, `segments` sorted by label, `supporting`, and
/// optionally a monthly `trend`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KpiJson {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    /// Days in the period (an integer).
    pub days: i64,
    /// The portfolio's values.
    #[serde(flatten, deserialize_with = "crate::wire::nested")]
    pub values: KpiValuesJson,
    /// Per segment, sorted by label.
    pub segments: Vec<SegmentJson>,
    /// Supporting KPIs.
    pub supporting: SupportingJson,
    /// Monthly trend, oldest first, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trend: Option<Vec<TrendPointJson>>,
}

impl KpiReport {
    /// The published record of this report.
    pub fn to_json(&self) -> KpiJson {
        KpiJson {
            from: self.period.from(),
            to: self.period.to(),
            days: self.period.days(),
            values: (&self.total).into(),
            segments: self
                .segments
                .iter()
                .map(|s| SegmentJson {
                    segment: s.segment.clone(),
                    values: (&s.kpis).into(),
                })
                .collect(),
            supporting: (&self.supporting).into(),
            trend: None,
        }
    }

    /// This report as one point of a trend.
    pub fn to_trend_point(&self) -> TrendPointJson {
        TrendPointJson {
            from: self.period.from(),
            to: self.period.to(),
            days: self.period.days(),
            values: (&self.total).into(),
        }
    }
}

/// The published record for `period`, with a monthly trend of `trend_months` months
/// ending at the period's end when asked for: what `rappel kpis`, the component's
/// `compute-kpis` and the dashboard all show, computed in one pass over the portfolio.
/// A trend longer than [`crate::limits::MAX_TREND_MONTHS`] is refused.
pub fn publish(
    p: &crate::model::Portfolio,
    period: super::Period,
    trend_months: Option<u32>,
    options: &super::KpiOptions,
) -> Result<KpiJson, crate::limits::InputError> {
    crate::limits::trend_months(trend_months)?;
    let mut periods = vec![period];
    if let Some(n) = trend_months {
        periods.extend(super::monthly_periods(period.to(), n));
    }
    let reports = super::compute_series(p, &periods, options);
    let mut out = reports[0].to_json();
    if trend_months.is_some() {
        out.trend = Some(reports[1..].iter().map(|r| r.to_trend_point()).collect());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_is_half_away_from_zero_with_two_decimals() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(round2(d("2.345")).to_string(), "2.35");
        assert_eq!(round2(d("-2.345")).to_string(), "-2.35");
        assert_eq!(round2(d("100")).to_string(), "100.00");
        assert_eq!(round2(d("-0.001")).to_string(), "0.00");
        assert_eq!(round2(d("73.714285714")).to_string(), "73.71");
    }
}
