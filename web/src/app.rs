//! The page: header (period, segment, language, demo size), the KPI tiles.

use std::sync::Arc;

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::task::spawn_local;
use rappel_core::collections::dunning::History;
use rappel_core::generate::{self, Config};
use rappel_core::ingest::ImportReport;
use rappel_core::kpi::report::{KpiJson, KpiValuesJson};
use rappel_core::kpi::{self, KpiOptions, Period};
use rappel_core::model::{Language, Portfolio};

use crate::collections::{Collections, PolicySource};
use crate::drill::Drill;
use crate::export::{self, ChartButtons};
use crate::forecast::ForecastPanel;
use crate::i18n;
use crate::import::{self, Files, Outcome, Report, Upload};
use crate::scenarios::Studio;
use crate::supporting::{self, SegmentTable};
use crate::tiles::{Kpi, Tile, TileData};

/// Demo portfolio sizes: (customers, invoices).
pub const SIZES: [(u32, u32); 4] = [
    (2_000, 50_000),
    (5_000, 100_000),
    (10_000, 250_000),
    (50_000, 1_000_000),
];

/// What the page is doing.
#[derive(Debug, Clone, PartialEq)]
enum Status {
    /// Making the demo: invoices made so far, and in all.
    Generating(u32, u32),
    /// Indexing the generated tables.
    Indexing(u32),
    Ready,
    Failed(String),
}

/// The computed reports: the period, the previous period, the last 12 months (and the
/// period they were computed for).
#[derive(Clone)]
struct Reports(Arc<Vec<KpiJson>>, (NaiveDate, NaiveDate));

impl PartialEq for Reports {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// The shared portfolio (compared by identity).
#[derive(Clone)]
struct Shared(Arc<Portfolio>);

impl PartialEq for Shared {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

fn values_for<'a>(k: &'a KpiJson, segment: &str) -> Option<&'a KpiValuesJson> {
    if segment.is_empty() {
        Some(&k.values)
    } else {
        k.segments
            .iter()
            .find(|s| s.segment == segment)
            .map(|s| &s.values)
    }
}

/// A count with the language's thousands separator.
fn count(n: u32, l: Language) -> String {
    rappel_core::locale::number(rust_decimal::Decimal::from(n), 0, l)
}

/// Invoices the demo generator makes between two paints (about 30 ms of work).
const DEMO_SLICE: usize = 20_000;

/// Lets the browser paint before a long step.
async fn yield_to_browser() {
    gloo_timers::future::TimeoutFuture::new(0).await;
}

/// The dashboard.
#[component]
pub fn App() -> impl IntoView {
    let lang = RwSignal::new(i18n::initial());
    let status = RwSignal::new(Status::Generating(0, SIZES[0].1));
    // Which demo load is current: a newer size choice abandons an older one mid-way.
    let demo_run = StoredValue::new(0u64);
    let portfolio: RwSignal<Option<Shared>> = RwSignal::new(None);
    let from = RwSignal::new(NaiveDate::default());
    let to = RwSignal::new(NaiveDate::default());
    let segment = RwSignal::new(String::new());
    let size = RwSignal::new(0usize);
    let own_files = RwSignal::new(0usize);
    let report: RwSignal<Option<Arc<ImportReport>>> = RwSignal::new(None);
    let responses: RwSignal<Arc<Vec<rappel_core::collections::disputes::ResponseOutcome>>> =
        RwSignal::new(Arc::new(Vec::new()));
    let pending: RwSignal<Option<Arc<Files>>> = RwSignal::new(None);
    let notice: RwSignal<Option<String>> = RwSignal::new(None);
    // Actions already taken (a dropped actions.csv): the dunning run continues from them.
    let history: RwSignal<Arc<History>> = RwSignal::new(Arc::new(History::default()));

    let show = move |p: Portfolio, files: usize| {
        let latest = p
            .invoices()
            .iter()
            .map(|i| i.issue_date)
            .max()
            .unwrap_or_default();
        let month = Period::month_to(kpi::last_of_month(latest));
        from.set(month.from());
        to.set(month.to());
        segment.set(String::new());
        own_files.set(files);
        portfolio.set(Some(Shared(Arc::new(p))));
        status.set(Status::Ready);
    };
    let apply = move |files: Arc<Files>, mapping: Option<String>| {
        notice.set(None);
        match import::read(&files, mapping.as_deref()) {
            Outcome::NeedsMapping => {
                pending.set(Some(files));
                report.set(None);
            }
            Outcome::BadMapping(e) => notice.set(Some(e)),
            Outcome::Read(imported, outcomes, taken) => {
                pending.set(None);
                let imported = *imported;
                responses.set(Arc::new(outcomes));
                history.set(Arc::new(taken));
                report.set(Some(Arc::new(imported.report.clone())));
                if imported.is_usable() {
                    show(imported.portfolio, files.len());
                } else {
                    notice.set(Some(i18n::NOT_USABLE.get(lang.get_untracked()).into()));
                }
            }
        }
    };
    let on_files = Callback::new(move |files: Files| apply(Arc::new(files), None));

    let load_demo = move |which: usize| {
        let (customers, invoices) = SIZES[which.min(SIZES.len() - 1)];
        status.set(Status::Generating(0, invoices));
        let run = demo_run.get_value() + 1;
        demo_run.set_value(run);
        spawn_local(async move {
            yield_to_browser().await;
            let cfg = Config {
                customers,
                invoices,
                ..Config::default()
            };
            // Made a slice at a time, painting the progress bar in between, so that the
            // page stays responsive even for the 1 M-invoice demo.
            let mut g = generate::Generation::new(&cfg);
            loop {
                if demo_run.get_value() != run {
                    return;
                }
                let done = g.step(DEMO_SLICE);
                let (made, all) = g.progress();
                status.set(Status::Generating(made as u32, all as u32));
                yield_to_browser().await;
                if done {
                    break;
                }
            }
            status.set(Status::Indexing(invoices));
            yield_to_browser().await;
            if demo_run.get_value() != run {
                return;
            }
            let (p, problems) = Portfolio::build(g.finish(), None);
            if !problems.is_empty() {
                status.set(Status::Failed(format!(
                    "{} inconsistent demo rows",
                    problems.len()
                )));
                return;
            }
            let month = Period::month_to(cfg.end);
            from.set(month.from());
            to.set(month.to());
            segment.set(String::new());
            own_files.set(0);
            report.set(None);
            history.set(Arc::new(History::default()));
            portfolio.set(Some(Shared(Arc::new(p))));
            status.set(Status::Ready);
        });
    };
    load_demo(0);

    // The reports of the period, the previous period and the last 12 months, recomputed
    // when the data or the period changes; the time it took is shown for benchmarks.
    let reports: RwSignal<Option<Reports>> = RwSignal::new(None);
    let compute_ms = RwSignal::new(0.0f64);
    Effect::new(move |_| {
        let (Some(p), f, t) = (portfolio.get(), from.get(), to.get()) else {
            return;
        };
        let now = || {
            web_sys::window()
                .and_then(|w| w.performance())
                .map(|p| p.now())
                .unwrap_or(0.0)
        };
        let started = now();
        let Ok(cur) = Period::new(f, t) else {
            return;
        };
        let prev = cur.previous();
        let mut periods = vec![cur, prev];
        periods.extend(kpi::monthly_periods(t, 12));
        let all = kpi::compute_series(&p.0, &periods, &KpiOptions::default());
        reports.set(Some(Reports(
            Arc::new(all.iter().map(|r| r.to_json()).collect()),
            (f, t),
        )));
        compute_ms.set(now() - started);
    });

    let tile = move |k: Kpi| {
        Signal::derive(move || {
            let seg = segment.get();
            let empty = TileData {
                kpi: k,
                value: None,
                previous: None,
                trend: Vec::new(),
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
            }
        })
    };
    let segments = move || {
        portfolio
            .get()
            .map(|p| p.0.segments().to_vec())
            .unwrap_or_default()
    };
    let lang_signal: Signal<Language> = lang.into();
    let current: Signal<Option<KpiJson>> =
        Signal::derive(move || reports.get().and_then(|r| r.0.first().cloned()));
    let currency: Signal<String> = Signal::derive(move || {
        portfolio
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
    let months = move |chart: fn(&[(NaiveDate, &KpiValuesJson)], Language) -> String| {
        let r = reports.get()?;
        let seg = segment.get();
        let pts: Vec<(NaiveDate, &KpiValuesJson)> = r.0[2..]
            .iter()
            .filter_map(|k| values_for(k, &seg).map(|v| (k.to, v)))
            .collect();
        Some(chart(&pts, lang.get()))
    };
    let aging_svg = Signal::derive(move || aging().unwrap_or_default());
    let dso_svg = Signal::derive(move || months(supporting::dso_chart).unwrap_or_default());
    let cei_svg = Signal::derive(move || months(supporting::cei_chart).unwrap_or_default());
    let pick_segment = Callback::new(move |s: String| segment.set(s));
    let tab = RwSignal::new(0u8);
    let policy_source = RwSignal::new(PolicySource::bundled(0));
    let policy = Memo::new(move |_| policy_source.with(|s| s.parse()));
    let shared: Signal<Option<Arc<Portfolio>>> =
        Signal::derive(move || portfolio.get().map(|p| p.0));
    let policy_ok = Signal::derive(move || policy.get().ok());
    let dunning = Memo::new(move |_| {
        let p = shared.get()?;
        let pol = policy.get().ok()?;
        rappel_core::collections::dunning::run(&p, &pol, &history.get(), to.get())
            .ok()
            .map(Arc::new)
    });
    let worklist = Memo::new(move |_| {
        let p = shared.get()?;
        let pol = policy.get().ok()?;
        Some(Arc::new(rappel_core::collections::worklist::worklist(
            &p,
            &pol,
            to.get(),
        )))
    });

    view! {
        <header>
            <h1>"Rappel · " {move || i18n::TITLE.get(lang.get())}</h1>
            <span class="source" data-testid="source">
                {move || match own_files.get() {
                    0 => i18n::DEMO.get(lang.get()).to_string(),
                    n => format!("{} ({n})", i18n::OWN_DATA.get(lang.get())),
                }}
            </span>
            <button class="print" data-testid="print" on:click=move |_| export::print()>
                {move || i18n::PRINT.get(lang.get())}
            </button>
            <p class="print-only period-line">
                {move || format!("{} {} – {}", i18n::PERIOD.get(lang.get()), rappel_core::locale::date(from.get(), lang.get()), rappel_core::locale::date(to.get(), lang.get()))}
            </p>
            <Show when=move || { own_files.get() > 0 }>
                <button data-testid="back-to-demo" on:click=move |_| load_demo(size.get_untracked())>
                    {move || i18n::BACK_TO_DEMO.get(lang.get())}
                </button>
            </Show>
            <div class="controls">
                <label>
                    {move || i18n::PERIOD.get(lang.get())} " " {move || i18n::FROM.get(lang.get())}
                    <input
                        type="date"
                        data-testid="period-from"
                        prop:value=move || from.get().to_string()
                        on:change=move |ev| {
                            if let Some(d) = parse_date(&event_target_value(&ev)) {
                                from.set(d);
                            }
                        }
                    />
                </label>
                <label>
                    {move || i18n::TO.get(lang.get())}
                    <input
                        type="date"
                        data-testid="period-to"
                        prop:value=move || to.get().to_string()
                        on:change=move |ev| {
                            if let Some(d) = parse_date(&event_target_value(&ev)) {
                                to.set(d);
                            }
                        }
                    />
                </label>
                <label>
                    {move || i18n::SEGMENT.get(lang.get())}
                    <select
                        data-testid="segment"
                        on:change=move |ev| segment.set(event_target_value(&ev))
                        prop:value=move || segment.get()
                    >
                        <option value="">{move || i18n::ALL_SEGMENTS.get(lang.get())}</option>
                        {move || {
                            segments()
                                .into_iter()
                                .map(|s| view! { <option value=s.clone()>{s.clone()}</option> })
                                .collect_view()
                        }}
                    </select>
                </label>
                <label>
                    {move || i18n::SIZE.get(lang.get())}
                    <select
                        data-testid="demo-size"
                        prop:value=move || size.get().to_string()
                        on:change=move |ev| {
                            let which = event_target_value(&ev).parse().unwrap_or(0);
                            size.set(which);
                            load_demo(which);
                        }
                    >
                        {SIZES
                            .iter()
                            .enumerate()
                            .map(|(i, (c, n))| {
                                view! {
                                    <option value=i.to_string()>
                                        {move || format!("{n} {} / {c} {}", i18n::INVOICES.get(lang.get()), i18n::CUSTOMERS.get(lang.get()))}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <label>
                    {move || i18n::LANGUAGE.get(lang.get())}
                    <select
                        data-testid="lang"
                        prop:value=move || i18n::code(lang.get())
                        on:change=move |ev| {
                            if let Some(l) = i18n::parse(&event_target_value(&ev)) {
                                i18n::remember(l);
                                lang.set(l);
                            }
                        }
                    >
                        {i18n::LANGUAGES
                            .iter()
                            .map(|&l| view! { <option value=i18n::code(l)>{i18n::code(l).to_uppercase()}</option> })
                            .collect_view()}
                    </select>
                </label>
            </div>
        </header>
        <nav class="tabs">
            <button data-testid="tab-overview" class:active=move || tab.get() == 0 on:click=move |_| tab.set(0)>
                {move || i18n::TAB_OVERVIEW.get(lang.get())}
            </button>
            <button data-testid="tab-collections" class:active=move || tab.get() == 1 on:click=move |_| tab.set(1)>
                {move || i18n::TAB_COLLECTIONS.get(lang.get())}
            </button>
            <button data-testid="tab-scenarios" class:active=move || tab.get() == 2 on:click=move |_| tab.set(2)>
                {move || i18n::TAB_SCENARIOS.get(lang.get())}
            </button>
        </nav>
        <main>
            <Upload lang=lang_signal on_files=on_files />
            {move || {
                pending
                    .get()
                    .map(|files| {
                        let files2 = files.clone();
                        view! {
                            <div class="mapping-step" data-testid="mapping-step">
                                <p>{i18n::NEEDS_MAPPING.get(lang.get())}</p>
                                {import::BUNDLED_MAPPINGS
                                    .iter()
                                    .map(|(label, toml)| {
                                        let files = files.clone();
                                        view! {
                                            <button
                                                data-testid="mapping-bundled"
                                                on:click=move |_| apply(files.clone(), Some(toml.to_string()))
                                            >
                                                {*label}
                                            </button>
                                        }
                                    })
                                    .collect_view()}
                                <label>
                                    {i18n::MAPPING_FILE.get(lang.get())}
                                    <input
                                        type="file"
                                        accept=".toml"
                                        data-testid="mapping-file"
                                        on:change=move |ev| {
                                            let files = files2.clone();
                                            import::read_text_file(&ev, move |_, text| match text {
                                                Ok(text) => apply(files, Some(text)),
                                                Err(e) => notice.set(Some(e)),
                                            });
                                        }
                                    />
                                </label>
                            </div>
                        }
                    })
            }}
            <p class="notice" data-testid="notice">{move || notice.get().unwrap_or_default()}</p>
            <p class="status" data-testid="status">
                {move || {
                    let l = lang.get();
                    match status.get() {
                        Status::Generating(made, all) => view! {
                            {format!(
                                "{} {} / {} {}",
                                i18n::GENERATING.get(l),
                                count(made, l),
                                count(all, l),
                                i18n::INVOICES.get(l)
                            )}
                            <progress data-testid="progress" max=all.to_string() value=made.to_string()></progress>
                        }
                        .into_any(),
                        Status::Indexing(all) => view! {
                            {format!("{} ({} {})", i18n::INDEXING.get(l), count(all, l), i18n::INVOICES.get(l))}
                            <progress data-testid="progress"></progress>
                        }
                        .into_any(),
                        Status::Ready => ().into_any(),
                        Status::Failed(e) => e.into_any(),
                    }
                }}
            </p>
            <div class="overview" class:hidden=move || tab.get() != 0>
            <div class="tiles" data-testid="tiles" data-ready=move || (status.get() == Status::Ready && reports.get().is_some()).to_string()
                data-compute-ms=move || format!("{:.2}", compute_ms.get())
                data-period=move || reports.get().map(|r| format!("{}/{}", r.1.0, r.1.1)).unwrap_or_default()
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
            <ForecastPanel portfolio=shared as_of=to.into() lang=lang_signal />
            <Report report=report.into() responses=responses.into() lang=lang_signal />
            <section class="segment-section">
                <h2>{move || i18n::SEGMENTS.get(lang.get())}</h2>
                <SegmentTable report=current lang=lang_signal currency=currency on_pick=pick_segment />
                <Drill
                    portfolio=shared
                    policy=policy_ok
                    dunning=Signal::derive(move || dunning.get())
                    history=history.into()
                    segment=segment.into()
                    as_of=to.into()
                    lang=lang_signal
                />
            </section>
            </div>
            // Kept mounted (hidden) so that the variants survive a tab change.
            <div class:hidden=move || tab.get() != 2>
                <Studio portfolio=shared policy=policy_ok as_of=to.into() lang=lang_signal />
            </div>
            <Show when=move || tab.get() == 1>
                <Collections
                    portfolio=shared
                    source=policy_source
                    policy=policy.into()
                    dunning=Signal::derive(move || dunning.get())
                    worklist=Signal::derive(move || worklist.get())
                    lang=lang_signal
                />
            </Show>
        </main>
    }
}

/// The date of an `<input type="date">` (`YYYY-MM-DD`).
fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}
