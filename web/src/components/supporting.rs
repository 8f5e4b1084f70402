//! The supporting level under the tiles: aging, DSO and CEI trends, the per-segment table
//! (sortable; a click filters on the segment) and the supporting KPIs.

use chrono::NaiveDate;
use leptos::prelude::*;
use rappel_core::kpi::report::{Fixed2, KpiJson, KpiValuesJson};
use rappel_core::locale;
use rappel_core::model::{Language, round2};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::components::chart;
use crate::components::export::{CsvButton, Sheet};
use crate::i18n;

fn f(x: &Fixed2) -> f64 {
    x.0.to_f64().unwrap_or(0.0)
}

fn o(x: &Option<Fixed2>) -> Option<f64> {
    x.as_ref().map(f)
}

fn num(x: &Option<Fixed2>, lang: Language) -> String {
    x.as_ref()
        .map(|v| locale::number(round2(v.0), 2, lang))
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
pub fn aging_chart(v: &KpiValuesJson, currency: &str, lang: Language) -> String {
    let a = &v.aging;
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
            locale::money(x.0.round_dp(0), currency, lang)
                .replace(",00", "")
                .replace(".00", "")
        })
        .collect();
    chart::aging(&labels, &values, &printed, currency, 560, 260)
}

/// The DSO / best possible DSO / average days delinquent trend.
pub fn dso_chart(months: &[(NaiveDate, &KpiValuesJson)], lang: Language) -> String {
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
pub fn cei_chart(months: &[(NaiveDate, &KpiValuesJson)], lang: Language) -> String {
    let labels: Vec<String> = months.iter().map(|(d, _)| month_label(*d, lang)).collect();
    let series = vec![(
        "CEI".to_string(),
        months.iter().map(|(_, v)| o(&v.cei)).collect(),
    )];
    chart::trend(&labels, &series, "%", 560, 260)
}

/// Columns of the segment table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// Segment label.
    Segment,
    /// Receivables at the end of the period.
    Receivables,
    /// DSO.
    Dso,
    /// CEI.
    Cei,
    /// Bad-debt ratio.
    BadDebt,
    /// Overdue %.
    Overdue,
    /// Overdue 60+ %.
    Overdue60,
}

impl Column {
    const ALL: [Column; 7] = [
        Column::Segment,
        Column::Receivables,
        Column::Dso,
        Column::Cei,
        Column::BadDebt,
        Column::Overdue,
        Column::Overdue60,
    ];

    fn title(self, lang: Language) -> &'static str {
        match self {
            Column::Segment => i18n::SEGMENT.get(lang),
            Column::Receivables => i18n::RECEIVABLES.get(lang),
            Column::Dso => "DSO",
            Column::Cei => "CEI %",
            Column::BadDebt => i18n::BAD_DEBT.get(lang),
            Column::Overdue => i18n::OVERDUE.get(lang),
            Column::Overdue60 => "60+ %",
        }
    }

    fn key(self, v: &KpiValuesJson) -> Option<Decimal> {
        match self {
            Column::Segment => None,
            Column::Receivables => Some(v.receivables.0),
            Column::Dso => v.dso.map(|x| x.0),
            Column::Cei => v.cei.map(|x| x.0),
            Column::BadDebt => v.bad_debt_ratio.map(|x| x.0),
            Column::Overdue => v.overdue_percent.map(|x| x.0),
            Column::Overdue60 => v.overdue_60_percent.map(|x| x.0),
        }
    }
}

/// The per-segment table of `k`, sorted by `sort` (`desc` when true); a click on a row
/// calls `pick` with the segment.
#[component]
pub fn SegmentTable(
    report: Signal<Option<KpiJson>>,
    lang: Signal<Language>,
    currency: Signal<String>,
    on_pick: Callback<String>,
) -> impl IntoView {
    let sort = RwSignal::new((Column::Segment, false));
    let rows = move || {
        let Some(k) = report.get() else {
            return Vec::new();
        };
        let (col, desc) = sort.get();
        let mut segs = k.segments.clone();
        segs.sort_by(|a, b| {
            let o = match col {
                Column::Segment => a.segment.cmp(&b.segment),
                c => c.key(&a.values).cmp(&c.key(&b.values)),
            };
            if desc { o.reverse() } else { o }
        });
        segs
    };
    let sheet = Callback::new(move |_: ()| {
        let header = [
            "segment",
            "receivables",
            "dso",
            "cei",
            "bad_debt_ratio",
            "overdue_percent",
            "overdue_60_percent",
        ]
        .map(String::from)
        .to_vec();
        let cell = |x: &Option<Fixed2>| x.map(|v| round2(v.0).to_string()).unwrap_or_default();
        let rows = rows()
            .into_iter()
            .map(|s| {
                let v = &s.values;
                vec![
                    s.segment.clone(),
                    round2(v.receivables.0).to_string(),
                    cell(&v.dso),
                    cell(&v.cei),
                    cell(&v.bad_debt_ratio),
                    cell(&v.overdue_percent),
                    cell(&v.overdue_60_percent),
                ]
            })
            .collect();
        Sheet { header, rows }
    });
    view! {
        <CsvButton sheet=sheet name="segments" />
        <table class="segments" data-testid="segment-table">
            <thead>
                <tr>
                    {Column::ALL
                        .map(|c| {
                            view! {
                                <th
                                    class="sortable"
                                    data-sort=move || {
                                        let (col, desc) = sort.get();
                                        if col == c { if desc { "desc" } else { "asc" } } else { "" }
                                    }
                                    on:click=move |_| sort.update(|s| *s = (c, if s.0 == c { !s.1 } else { c != Column::Segment }))
                                >
                                    {move || c.title(lang.get())}
                                </th>
                            }
                        })
                        .collect_view()}
                </tr>
            </thead>
            <tbody>
                {move || {
                    let l = lang.get();
                    let cur = currency.get();
                    rows()
                        .into_iter()
                        .map(|s| {
                            let name = s.segment.clone();
                            let v = s.values;
                            view! {
                                <tr class="clickable" on:click=move |_| on_pick.run(name.clone())>
                                    <td>{s.segment.clone()}</td>
                                    <td class="num">{locale::money(v.receivables.0, &cur, l)}</td>
                                    <td class="num">{num(&v.dso, l)}</td>
                                    <td class="num">{num(&v.cei, l)}</td>
                                    <td class="num">{num(&v.bad_debt_ratio, l)}</td>
                                    <td class="num">{num(&v.overdue_percent, l)}</td>
                                    <td class="num">{num(&v.overdue_60_percent, l)}</td>
                                </tr>
                            }
                        })
                        .collect_view()
                }}
            </tbody>
        </table>
    }
}

/// The supporting KPIs of `k` (portfolio level).
pub fn supporting_rows(k: &KpiJson, currency: &str, lang: Language) -> Vec<(&'static str, String)> {
    let s = &k.supporting;
    let pct = |x: &Option<Fixed2>| {
        x.as_ref()
            .map(|v| format!("{} %", locale::number(round2(v.0), 2, lang)))
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
                locale::money(s.write_off_amount.0, currency, lang)
            ),
        ),
    ]
}
