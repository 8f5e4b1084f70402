//! `rappel:engine/kpis`: the published KPI record of a period, per segment.

use rappel_core::api::{self, KpiAnswer, Request};
use rappel_core::ingest::ImportReport;
use rappel_core::kpi::report::{
    self, Fixed2, KpiValuesJson, SegmentJson, SupportingJson, TrendPointJson,
};

use crate::exports::rappel::engine::kpis as wit;
use crate::exports::rappel::engine::types::Error;
use crate::input::{date, on_portfolio};

impl wit::Guest for crate::Engine {
    fn compute_kpis(r: wit::KpiRequest) -> Result<wit::KpiReport, Error> {
        let req = request(&r.from, &r.to, r.trend_months, r.first_invoice_days)?;
        let (answer, i) = on_portfolio(&req, r.portfolio)?;
        Ok(wit::KpiReport::from_answer(&answer, &i.report))
    }
}

/// The KPI request of the WIT arguments, checked (a trend beyond the core's limit fails
/// before any portfolio is read).
pub fn request(
    from: &str,
    to: &str,
    trend_months: Option<u32>,
    first_invoice_days: u32,
) -> Result<api::ComputeKpis, api::Error> {
    let req = api::ComputeKpis {
        from: date("from", from)?,
        to: date("to", to)?,
        trend_months,
        first_invoice_days,
        threads: 1,
    };
    req.check()?;
    Ok(req)
}

impl wit::KpiReport {
    /// The KPI answer with the import report of its portfolio.
    pub fn from_answer(a: &KpiAnswer, r: &ImportReport) -> Self {
        let k = &a.kpis;
        wit::KpiReport {
            currency: a.currency.clone(),
            from: k.from.to_string(),
            to: k.to.to_string(),
            days: k.days,
            values: (&k.values).into(),
            segments: k.segments.iter().map(Into::into).collect(),
            supporting: (&k.supporting).into(),
            trend: k.trend.as_ref().map(|t| t.iter().map(Into::into).collect()),
            import_report: r.into(),
        }
    }
}

fn f2(x: &Fixed2) -> String {
    report::round2(x.0).to_string()
}

fn o2(x: &Option<Fixed2>) -> Option<String> {
    x.as_ref().map(f2)
}

impl From<&SegmentJson> for wit::SegmentKpis {
    fn from(s: &SegmentJson) -> Self {
        wit::SegmentKpis {
            segment: s.segment.clone(),
            values: (&s.values).into(),
        }
    }
}

impl From<&TrendPointJson> for wit::TrendPoint {
    fn from(p: &TrendPointJson) -> Self {
        wit::TrendPoint {
            from: p.from.to_string(),
            to: p.to.to_string(),
            days: p.days,
            values: (&p.values).into(),
        }
    }
}

impl From<&SupportingJson> for wit::SupportingKpis {
    fn from(s: &SupportingJson) -> Self {
        wit::SupportingKpis {
            disputes_opened: s.disputes_opened,
            disputes_assessed_within_48h_percent: o2(&s.disputes_assessed_within_48h_percent),
            disputes_assessment_overdue: s.disputes_assessment_overdue,
            disputes_open: s.disputes_open,
            disputes_resolved: s.disputes_resolved,
            average_days_to_resolve: o2(&s.average_days_to_resolve),
            first_invoice_days: s.first_invoice_days,
            first_invoices_checked: s.first_invoices_checked,
            first_invoice_unpaid_percent: o2(&s.first_invoice_unpaid_percent),
            direct_debits: s.direct_debits,
            direct_debits_reversed: s.direct_debits_reversed,
            direct_debit_reversal_rate_count: o2(&s.direct_debit_reversal_rate_count),
            direct_debit_reversal_rate_amount: o2(&s.direct_debit_reversal_rate_amount),
            write_offs: s.write_offs,
            write_off_amount: f2(&s.write_off_amount),
        }
    }
}

impl From<&KpiValuesJson> for wit::KpiValues {
    fn from(v: &KpiValuesJson) -> Self {
        wit::KpiValues {
            credit_sales: f2(&v.credit_sales),
            receivables: f2(&v.receivables),
            current: f2(&v.current),
            overdue: f2(&v.overdue),
            unapplied_cash: f2(&v.unapplied_cash),
            dso: o2(&v.dso),
            dso_net: o2(&v.dso_net),
            dso_countback: o2(&v.dso_countback),
            best_possible_dso: o2(&v.best_possible_dso),
            average_days_delinquent: o2(&v.average_days_delinquent),
            cei: o2(&v.cei),
            bad_debt_ratio: o2(&v.bad_debt_ratio),
            overdue_percent: o2(&v.overdue_percent),
            overdue_60_percent: o2(&v.overdue_60_percent),
            aging: wit::Aging {
                current: f2(&v.aging.current),
                d1_d30: f2(&v.aging.d1_30),
                d31_d60: f2(&v.aging.d31_60),
                d61_d90: f2(&v.aging.d61_90),
                d91_plus: f2(&v.aging.d91_plus),
            },
        }
    }
}
