//! The supporting level under the tiles: aging, DSO and CEI trends, the per-segment table
//! (sortable; a click filters on the segment) and the supporting KPIs.

use chrono::NaiveDate;
use leptos::prelude::*;
use rappel_core::kpi::{KpiReport, KpiSet, SegmentKpis};
use rappel_core::locale;
use rappel_core::model::{Language, round2};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::components::table::{Column, DataTable, Shown};
use crate::i18n;
use rappel_core::chart;

fn f(x: &Decimal) -> f64 {
    x.to_f64().unwrap_or(0.0)
}

fn o(x: &Option<Decimal>) -> Option<f64> {
    x.as_ref().map(f)
}

fn num(x: &Option<Decimal>, lang: Language) -> String {
    x.map(|v| locale::number(round2(v), 2, lang))
        .unwrap_or_else(|| "—".into())
}

/// Month labels (`jun 26`) of trend reports.
fn month_label(d: NaiveDate, lang: Language) -> String {
    const NL: [&str; 12] = [
        "jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
    ];
    const FR: [&str; 12] = [
        "janv", "févr", "mars", "avr", "mai", "juin", "juil", "août", "sept", "oct", "nov", "déc",
    ];
    const EN: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    use chrono::Datelike;
    let names = match lang {
        Language::Nl => NL,
        Language::Fr => FR,
        _ => EN,
    };
    format!("{} {:02}", names[d.month0() as usize], d.year() % 100)
}

/// The aging chart of `v`.
pub fn aging_chart(v: &KpiSet, currency: &str, lang: Language) -> String {
    let a = &v.closing.aging;
    let values = [
        f(&a.current),
        f(&a.d1_30),
        f(&a.d31_60),
        f(&a.d61_90),
        f(&a.d91_plus),
    ];
    let labels = vec![
        i18n::NOT_DUE.get(lang).to_string(),
        "1–30".into(),
        "31–60".into(),
        "61–90".into(),
        "91+".into(),
    ];
    let printed: Vec<String> = [&a.current, &a.d1_30, &a.d31_60, &a.d61_90, &a.d91_plus]
        .iter()
        .map(|x| {
            locale::money(x.round_dp(0), currency, lang)
                .replace(",00", "")
                .replace(".00", "")
        })
        .collect();
    chart::aging(&labels, &values, &printed, currency, 560, 260)
}

/// The DSO / best possible DSO / average days delinquent trend.
pub fn dso_chart(months: &[(NaiveDate, &KpiSet)], lang: Language) -> String {
    let labels: Vec<String> = months.iter().map(|(d, _)| month_label(*d, lang)).collect();
    let series = vec![
        (
            "DSO".to_string(),
            months.iter().map(|(_, v)| o(&v.dso)).collect(),
        ),
        (
            i18n::BEST_DSO.get(lang).to_string(),
            months
                .iter()
                .map(|(_, v)| o(&v.best_possible_dso))
                .collect(),
        ),
        (
            i18n::ADD.get(lang).to_string(),
            months
                .iter()
                .map(|(_, v)| o(&v.average_days_delinquent))
                .collect(),
        ),
    ];
    chart::trend(&labels, &series, i18n::DAYS.get(lang), 560, 260)
}

/// The CEI trend.
pub fn cei_chart(months: &[(NaiveDate, &KpiSet)], lang: Language) -> String {
    let labels: Vec<String> = months.iter().map(|(d, _)| month_label(*d, lang)).collect();
    let series = vec![(
        "CEI".to_string(),
        months.iter().map(|(_, v)| o(&v.cei)).collect(),
    )];
    chart::trend(&labels, &series, "%", 560, 260)
}

/// A column of the per-segment table.
type Seg = Column<SegmentKpis>;

/// A ratio column of the per-segment table: its CSV key, page title and KPI.
macro_rules! ratio {
    ($key:literal, $title:expr, $kpi:ident) => {
        Seg::new(
            $key,
            $title,
            |s: &SegmentKpis, _| cell(&s.kpis.$kpi),
            |s: &SegmentKpis, w| num(&s.kpis.$kpi, w.lang),
        )
        .num()
        .sorted(|a, b| a.kpis.$kpi.cmp(&b.kpis.$kpi))
    };
}

/// The per-segment table's columns: the segment, its receivables and its KPIs.
static SEGMENT_COLUMNS: [Seg; 7] = [
    Seg::text(
        "segment",
        |l| i18n::SEGMENT.get(l).into(),
        |s, _| s.segment.clone(),
    )
    .sorted(|a, b| a.segment.cmp(&b.segment)),
    Seg::new(
        "receivables",
        |l| i18n::RECEIVABLES.get(l).into(),
        |s, _| round2(s.kpis.receivables()).to_string(),
        |s, w| locale::money(s.kpis.receivables(), &w.currency, w.lang),
    )
    .num()
    .sorted(|a, b| a.kpis.receivables().cmp(&b.kpis.receivables())),
    ratio!("dso", |_| "DSO".into(), dso),
    ratio!("cei", |_| "CEI %".into(), cei),
    ratio!(
        "bad_debt_ratio",
        |l| i18n::BAD_DEBT.get(l).into(),
        bad_debt_ratio
    ),
    ratio!(
        "overdue_percent",
        |l| i18n::OVERDUE.get(l).into(),
        overdue_percent
    ),
    ratio!("overdue_60_percent", |_| "60+ %".into(), overdue_60_percent),
];

/// A ratio as the CSV writes it: two decimals, empty when absent.
fn cell(x: &Option<Decimal>) -> String {
    x.map(|v| round2(v).to_string()).unwrap_or_default()
}

/// The per-segment table of `report` (sortable by any column; a click on a row calls
/// `on_pick` with the segment).
#[component]
pub fn SegmentTable(
    report: Signal<Option<KpiReport>>,
    lang: Signal<Language>,
    currency: Signal<String>,
    on_pick: Callback<String>,
) -> impl IntoView {
    let rows = Signal::derive(move || report.get().map(|k| k.segments).unwrap_or_default());
    let shown = Signal::derive(move || Shown {
        lang: lang.get(),
        currency: currency.get(),
    });
    let pick = Callback::new(move |s: SegmentKpis| on_pick.run(s.segment));
    view! {
        <DataTable
            columns=&SEGMENT_COLUMNS
            rows=rows
            shown=shown
            name="segments"
            class="segments"
            testid="segment-table"
            on_pick=pick
        />
    }
}

/// The supporting KPIs of `k` (portfolio level).
pub fn supporting_rows(
    k: &KpiReport,
    currency: &str,
    lang: Language,
) -> Vec<(&'static str, String)> {
    let s = &k.supporting;
    let pct = |x: &Option<Decimal>| {
        x.map(|v| format!("{} %", locale::number(round2(v), 2, lang)))
            .unwrap_or_else(|| "—".into())
    };
    vec![
        (
            i18n::DISPUTES_OPENED.get(lang),
            s.disputes_opened.to_string(),
        ),
        (
            i18n::DISPUTES_IN_TIME.get(lang),
            pct(&s.disputes_assessed_within_48h_percent),
        ),
        (i18n::DISPUTES_OPEN.get(lang), s.disputes_open.to_string()),
        (
            i18n::DAYS_TO_RESOLVE.get(lang),
            num(&s.average_days_to_resolve, lang),
        ),
        (
            i18n::DD_REVERSALS.get(lang),
            format!(
                "{} / {}",
                pct(&s.direct_debit_reversal_rate_count),
                pct(&s.direct_debit_reversal_rate_amount)
            ),
        ),
        (
            i18n::FIRST_UNPAID.get(lang),
            pct(&s.first_invoice_unpaid_percent),
        ),
        (
            i18n::WRITE_OFFS.get(lang),
            format!(
                "{} · {}",
                s.write_offs,
                locale::money(s.write_off_amount, currency, lang)
            ),
        ),
    ]
}
