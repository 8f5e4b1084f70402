//! The one-page comparison a consultant hands to the client: what was compared, the
//! table of [`compare`], cash and DSO per month as charts, and the assumptions of the
//! run. An HTML page (A4 landscape when printed) with nothing to fetch: the dashboard
//! downloads it and `rappel simulate --format html` writes it.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::comparison::compare;
use super::words as w;
use super::{MonthResult, Report, Study};
use crate::chart;
use crate::kpi::words as k;
use crate::locale;
use crate::model::Language;

/// The months of the report, `YY-MM`.
fn month_labels(r: &Report) -> Vec<String> {
    r.scenarios.first().map_or_else(Vec::new, |s| {
        s.months.iter().map(|m| m.month[2..].to_string()).collect()
    })
}

/// A figure to one decimal, for a chart.
fn plotted(m: Decimal) -> f64 {
    m.round_dp(1).to_f64().unwrap_or(0.0)
}

/// One line per scenario of a monthly figure (`value` of each month, `None` = none).
fn monthly_chart(r: &Report, unit: &str, value: impl Fn(&MonthResult) -> Option<f64>) -> String {
    let series: Vec<(String, Vec<Option<f64>>)> = r
        .scenarios
        .iter()
        .map(|s| (s.name.clone(), s.months.iter().map(&value).collect()))
        .collect();
    chart::trend(&month_labels(r), &series, unit, 560, 260)
}

/// Cash collected per month and scenario (means), in thousands.
pub fn cash_chart(r: &Report) -> String {
    monthly_chart(r, "× 1 000", |m| {
        Some(plotted(m.cash.mean / Decimal::ONE_THOUSAND))
    })
}

/// DSO per month and scenario (means).
pub fn dso_chart(r: &Report) -> String {
    monthly_chart(r, "DSO", |m| m.dso.as_ref().map(|i| plotted(i.mean)))
}

/// `s` safe inside HTML text and attributes.
fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const STYLE: &str = "@page{size:A4 landscape;margin:12mm}body{font:11px sans-serif;color:#0f172a}h1{font-size:16px;margin:0 0 4px}table{border-collapse:collapse;width:100%;margin:6px 0}td,th{border-bottom:1px solid #e2e8f0;padding:2px 4px;text-align:right}td:first-child,th:first-child{text-align:left}.charts{display:flex;gap:8px}.charts svg{width:49%;height:auto}ul{margin:4px 0;padding-left:16px;color:#475569}";

/// The page: title, the run (policy, period, runs, seed, opening receivables), what each
/// scenario changes, the table, the two charts and the assumptions.
pub fn html(r: &Report, study: &Study, lang: Language, currency: &str) -> String {
    let c = compare(r, study, lang, currency);
    let baseline = study
        .proposals
        .first()
        .map_or("", |p| p.policy.name.as_str());
    let mut h = format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>Rappel – scenarios</title><style>{STYLE}</style></head><body>"
    );
    h.push_str(&format!(
        "<h1>{}</h1><p>{} · {} {} – {} · {} {} · seed {} · {}: {}</p><ul>",
        escape(w::SCENARIOS.get(lang)),
        escape(baseline),
        escape(k::PERIOD.get(lang)),
        locale::date(r.as_of, lang),
        locale::date(r.horizon_end, lang),
        r.runs,
        escape(&w::S_RUNS.get(lang).to_lowercase()),
        r.seed,
        escape(w::S_OPENING.get(lang)),
        locale::money(r.opening_receivables, currency, lang)
    ));
    for (name, change) in c.names.iter().zip(&c.changes) {
        h.push_str(&format!(
            "<li><b>{}</b>: {}</li>",
            escape(name),
            escape(change)
        ));
    }
    h.push_str("</ul><table><tr><th></th>");
    for name in &c.names {
        h.push_str(&format!("<th>{}</th>", escape(name)));
    }
    h.push_str("</tr>");
    for row in &c.rows {
        h.push_str(&format!("<tr><td>{}</td>", escape(&row.label)));
        for cell in &row.cells {
            h.push_str(&format!("<td>{}</td>", escape(cell)));
        }
        h.push_str("</tr>");
    }
    h.push_str("</table><div class=\"charts\">");
    h.push_str(&cash_chart(r));
    h.push_str(&dso_chart(r));
    h.push_str("</div><ul>");
    for a in &r.assumptions {
        h.push_str(&format!("<li>{}</li>", escape(a)));
    }
    h.push_str("</ul></body></html>");
    h
}
