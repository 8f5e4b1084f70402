//! The overview: the KPI tiles with the change against the previous period and a
//! 12-month sparkline, the aging, DSO and CEI charts, the supporting KPIs, the cash-flow
//! forecast, the import report, and the segment table with the drill-down.

use std::sync::Arc;

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::task::spawn_local;
use rappel_core::kpi::{self, KpiOptions, Period};
use rappel_core::kpi::{KpiReport, KpiSet};
use rappel_core::model::{Language, Portfolio, round2};

use crate::components::drill::Drill;
use crate::components::export::ChartButtons;
use crate::components::forecast_panel::ForecastPanel;
use crate::components::import_report::Report;
use crate::components::supporting::{self, SegmentTable};
use crate::components::tile::{Kpi, Tile, TileData};
use crate::i18n;
use crate::slices;
use crate::state::Status;
use crate::state::Workspace;

/// The computed reports: the period, the previous period, the last 12 months (and the
/// period and portfolio they were computed for).
#[derive(Clone)]
struct Reports(Arc<Vec<KpiReport>>, (NaiveDate, NaiveDate), Arc<Portfolio>);

impl PartialEq for Reports {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

fn values_for<'a>(k: &'a KpiReport, segment: &str) -> Option<&'a KpiSet> {
    if segment.is_empty() {
        Some(&k.total)
    } else {
        k.segments
            .iter()
            .find(|s| s.segment == segment)
            .map(|s| &s.kpis)
    }
}

/// Rows of the portfolio the KPIs visit between two looks at the clock.
const KPI_ROWS: usize = 5_000;

/// The overview page (kept mounted while hidden, so its reports stay computed).
#[component]
pub fn Overview() -> impl IntoView {
    let ws = Workspace::get();
    let (lang, segment) = (ws.lang, ws.segment);
    // The reports of the period, the previous period and the last 12 months, recomputed
    // a slice of rows at a time when the data or the period changes (a newer change
    // abandons an older computation); the time spent computing is shown for benchmarks.
    // Until the reports of a new portfolio are ready its tiles are empty, and the status
    // line says the KPIs are being computed.
    let reports: RwSignal<Option<Reports>> = RwSignal::new(None);
    let compute_ms = RwSignal::new(0.0f64);
    let computation = StoredValue::new(0u64);
    Effect::new(move |_| {
        let (Some(p), f, t) = (ws.portfolio.get(), ws.from.get(), ws.to.get()) else {
            return;
        };
        let Ok(cur) = Period::new(f, t) else {
            return;
        };
        let run = computation.get_value() + 1;
        computation.set_value(run);
        let p = p.0;
        let same_data =
            reports.with_untracked(|r| r.as_ref().is_some_and(|r| Arc::ptr_eq(&r.2, &p)));
        if !same_data {
            reports.set(None);
            ws.status.set(Status::Computing);
        }
        spawn_local(async move {
            if !same_data {
                // New data was just indexed and shown in this same task: paint first
                // (and the status line with it), so that this work starts a frame of
                // its own.
                slices::paint_then_continue().await;
                if computation.get_value() != run {
                    return;
                }
                slices::mark("computing");
            }
            let mut periods = vec![cur, cur.previous()];
            periods.extend(kpi::monthly_periods(t, 12));
            let mut computing = kpi::Computing::new(&p, &periods, &KpiOptions::default());
            let current = || computation.get_value() == run;
            let Some(ms) = slices::run(
                slices::QUIET_MS,
                || computing.step(KPI_ROWS),
                || (),
                current,
            )
            .await
            else {
                return;
            };
            let all = computing.finish();
            reports.set(Some(Reports(Arc::new(all), (f, t), p.clone())));
            compute_ms.set(ms);
            if ws.status.get_untracked() == Status::Computing {
                slices::mark("ready");
                ws.status.set(Status::Ready);
            }
        });
    });

    let tile = move |k: Kpi| {
        Signal::derive(move || {
            let seg = segment.get();
            let empty = TileData {
                kpi: k,
                value: None,
                previous: None,
                trend: Vec::new(),
                net: None,
            };
            let Some(r) = reports.get() else { return empty };
            let pick = |i: usize| {
                r.0.get(i)
                    .and_then(|x| values_for(x, &seg))
                    .and_then(|v| k.pick(v))
            };
            TileData {
                kpi: k,
                value: pick(0),
                previous: pick(1),
                trend: (2..r.0.len()).map(pick).collect(),
                net: (k == Kpi::Dso)
                    .then(|| r.0.first().and_then(|x| values_for(x, &seg)))
                    .flatten()
                    .and_then(|v| v.dso_net.map(round2)),
            }
        })
    };
    let lang_signal = ws.language();
    let current: Signal<Option<KpiReport>> =
        Signal::derive(move || reports.get().and_then(|r| r.0.first().cloned()));
    let currency: Signal<String> = Signal::derive(move || {
        ws.portfolio
            .get()
            .map(|p| p.0.currency().to_string())
            .unwrap_or_else(|| "EUR".into())
    });
    let aging = move || {
        let r = reports.get()?;
        let seg = segment.get();
        let v = values_for(r.0.first()?, &seg)?;
        Some(supporting::aging_chart(v, &currency.get(), lang.get()))
    };
    let months = move |chart: fn(&[(NaiveDate, &KpiSet)], Language) -> String| {
        let r = reports.get()?;
        let seg = segment.get();
        let pts: Vec<(NaiveDate, &KpiSet)> = r.0[2..]
            .iter()
            .filter_map(|k| values_for(k, &seg).map(|v| (k.period.to(), v)))
            .collect();
        Some(chart(&pts, lang.get()))
    };
    let aging_svg = Signal::derive(move || aging().unwrap_or_default());
    let dso_svg = Signal::derive(move || months(supporting::dso_chart).unwrap_or_default());
    let cei_svg = Signal::derive(move || months(supporting::cei_chart).unwrap_or_default());
    let pick_segment = Callback::new(move |s: String| segment.set(s));
    // Ready: the reports shown are those of the data and period shown.
    let ready = move || {
        let shown = reports.with(|r| {
            r.as_ref().is_some_and(|r| {
                r.1 == (ws.from.get(), ws.to.get())
                    && ws
                        .portfolio
                        .with(|p| p.as_ref().is_some_and(|p| Arc::ptr_eq(&p.0, &r.2)))
            })
        });
        (ws.status.get() == Status::Ready && shown).to_string()
    };
    let period = move || {
        reports
            .get()
            .map(|r| format!("{}/{}", r.1.0, r.1.1))
            .unwrap_or_default()
    };

    view! {
        <div class="tiles" data-testid="tiles" data-ready=ready
            data-compute-ms=move || format!("{:.2}", compute_ms.get())
            data-period=period
        >
            {Kpi::ALL.map(|k| view! { <Tile data=tile(k) lang=lang_signal /> }).collect_view()}
        </div>
        <section class="supporting">
            <figure>
                <figcaption>{move || i18n::AGING.get(lang.get())} <ChartButtons svg=aging_svg name="aging" /></figcaption>
                <div class="chart" data-testid="chart-aging" inner_html=aging_svg></div>
            </figure>
            <figure>
                <figcaption>{move || i18n::DSO_TREND.get(lang.get())} <ChartButtons svg=dso_svg name="dso-trend" /></figcaption>
                <div class="chart" data-testid="chart-dso" inner_html=dso_svg></div>
            </figure>
            <figure>
                <figcaption>{move || i18n::CEI_TREND.get(lang.get())} <ChartButtons svg=cei_svg name="cei-trend" /></figcaption>
                <div class="chart" data-testid="chart-cei" inner_html=cei_svg></div>
            </figure>
            <figure>
                <figcaption>{move || i18n::SUPPORTING.get(lang.get())}</figcaption>
                <table class="supporting-kpis" data-testid="supporting">
                    <tbody>
                        {move || {
                            current
                                .get()
                                .map(|k| {
                                    supporting::supporting_rows(&k, &currency.get(), lang.get())
                                        .into_iter()
                                        .map(|(label, value)| view! { <tr><th>{label}</th><td class="num">{value}</td></tr> })
                                        .collect_view()
                                })
                        }}
                    </tbody>
                </table>
            </figure>
        </section>
        <ForecastPanel portfolio=ws.shared() as_of=ws.to.into() lang=lang_signal />
        <Report report=ws.report.into() responses=ws.responses.into() lang=lang_signal />
        <section class="segment-section">
            <h2>{move || i18n::SEGMENTS.get(lang.get())}</h2>
            <SegmentTable report=current lang=lang_signal currency=currency on_pick=pick_segment />
            <Drill
                portfolio=ws.shared()
                policy=ws.policy_ok()
                dunning=ws.dunning.into()
                history=ws.history.into()
                segment=segment.into()
                as_of=ws.to.into()
                lang=lang_signal
            />
        </section>
    }
}
