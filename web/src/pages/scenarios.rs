//! The scenario studio (issue 6): a consultant moves the main policy levers for one or
//! more variants of the policy in force, runs the core's Monte-Carlo simulator
//! (`rappel_core::risk::simulate`), and compares baseline and variants side by side (table and
//! charts); scenarios are saved in the browser (localStorage) and the comparison is
//! exported as a one-page HTML report for the client. Nothing leaves the browser.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;
use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use leptos::task::spawn_local;
use rappel_core::collections::policy::Policy;
use rappel_core::model::{Language, Portfolio};
use rappel_core::risk::simulate::{
    self, Levers, PreDueReminder, Report, Settings, Study, brief, compare,
};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::components::export::{self, ChartButtons};
use crate::i18n;

const STORE: &str = "rappel.scenarios";

/// A variant as edited in the studio.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Variant {
    /// Its name.
    pub name: String,
    /// Its levers.
    pub levers: Levers,
}

/// A saved study: the variants with the run settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Saved {
    variants: Vec<Variant>,
    runs: u32,
    seed: u64,
}

fn saved() -> BTreeMap<String, Saved> {
    LocalStorage::get(STORE).unwrap_or_default()
}

fn variant(n: usize) -> Variant {
    Variant {
        name: format!("Variant {n}"),
        levers: Levers::default(),
    }
}

/// `text` with its first letter in upper case.
fn capitalised(text: &str) -> String {
    let mut c = text.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// A number input for an optional lever (empty = unchanged).
#[component]
fn OptionalDays(
    label: Signal<&'static str>,
    value: Signal<Option<i32>>,
    set: Callback<Option<i32>>,
    testid: &'static str,
    min: i32,
    max: i32,
) -> impl IntoView {
    view! {
        <label>
            {label}
            " "
            <input
                type="number"
                min=min
                max=max
                data-testid=testid
                prop:value=move || value.get().map(|v| v.to_string()).unwrap_or_default()
                on:change=move |ev| {
                    let t = event_target_value(&ev);
                    set.run(t.trim().parse::<i32>().ok().map(|v| v.clamp(min, max)));
                }
            />
        </label>
    }
}

/// The studio.
#[component]
pub fn Studio(
    portfolio: Signal<Option<Arc<Portfolio>>>,
    policy: Signal<Option<Arc<Policy>>>,
    as_of: Signal<NaiveDate>,
    lang: Signal<Language>,
) -> impl IntoView {
    let variants = RwSignal::new(vec![variant(1)]);
    let editing = RwSignal::new(0usize);
    let runs = RwSignal::new(200u32);
    let seed = RwSignal::new(1u64);
    let result: RwSignal<Option<Arc<(Study, Report)>>> = RwSignal::new(None);
    let problem: RwSignal<Option<String>> = RwSignal::new(None);
    let running = RwSignal::new(false);
    let millis = RwSignal::new(0.0f64);
    let study_name = RwSignal::new(String::from("study 1"));
    let studies = RwSignal::new(saved());

    let lever = move || {
        variants.with(|v| {
            v.get(editing.get())
                .map(|x| x.levers.clone())
                .unwrap_or_default()
        })
    };
    let edit = move |f: &dyn Fn(&mut Levers)| {
        let k = editing.get_untracked();
        variants.update(|v| {
            if let Some(x) = v.get_mut(k) {
                f(&mut x.levers);
            }
        });
    };
    let has_acceptance =
        Signal::derive(move || policy.get().is_some_and(|p| p.acceptance.is_some()));

    let run = move |_| {
        let (Some(p), Some(base)) = (portfolio.get_untracked(), policy.get_untracked()) else {
            return;
        };
        problem.set(None);
        let mut proposals = vec![simulate::Proposal {
            name: base.name.clone(),
            policy: (*base).clone(),
            levers: None,
        }];
        proposals.extend(
            variants
                .get_untracked()
                .into_iter()
                .map(|v| simulate::Proposal {
                    name: v.name,
                    policy: (*base).clone(),
                    levers: Some(v.levers),
                }),
        );
        let study = simulate::Study {
            proposals,
            settings: Settings {
                runs: runs.get_untracked(),
                ..Settings::with_seed(seed.get_untracked())
            },
        };
        let explain = |errors: Vec<simulate::SimulateError>| {
            errors
                .iter()
                .map(|e| study.explain(e))
                .collect::<Vec<_>>()
                .join("; ")
        };
        // Levers that cannot apply are shown at once, without a run.
        if let Err(errors) = study.scenarios() {
            problem.set(Some(explain(errors)));
            return;
        }
        running.set(true);
        let d = as_of.get_untracked();
        spawn_local(async move {
            // Let "running…" paint before the work starts.
            gloo_timers::future::TimeoutFuture::new(30).await;
            let perf = web_sys::window().and_then(|w| w.performance());
            let t0 = perf.as_ref().map_or(0.0, |p| p.now());
            match study.run(&p, d) {
                Ok(r) => result.set(Some(Arc::new((study, r)))),
                Err(errors) => problem.set(Some(
                    errors
                        .iter()
                        .map(|e| study.explain(e))
                        .collect::<Vec<_>>()
                        .join("; "),
                )),
            }
            millis.set(perf.as_ref().map_or(0.0, |p| p.now()) - t0);
            running.set(false);
        });
    };

    let cash_svg = Signal::derive(move || {
        result
            .get()
            .map(|r| brief::cash_chart(&r.1))
            .unwrap_or_default()
    });
    let dso_svg = Signal::derive(move || {
        result
            .get()
            .map(|r| brief::dso_chart(&r.1))
            .unwrap_or_default()
    });

    let save = move |_| {
        let name = study_name.get_untracked().trim().to_string();
        if name.is_empty() {
            return;
        }
        let mut all = saved();
        all.insert(
            name,
            Saved {
                variants: variants.get_untracked(),
                runs: runs.get_untracked(),
                seed: seed.get_untracked(),
            },
        );
        LocalStorage::set(STORE, &all).ok();
        studies.set(all);
    };
    let load = move |name: String| {
        if let Some(s) = saved().get(&name) {
            variants.set(s.variants.clone());
            runs.set(s.runs);
            seed.set(s.seed);
            editing.set(0);
            study_name.set(name);
            result.set(None);
        }
    };
    let delete = move |_| {
        let mut all = saved();
        all.remove(study_name.get_untracked().trim());
        LocalStorage::set(STORE, &all).ok();
        studies.set(all);
    };
    let export_report = move |_| {
        let Some(r) = result.get_untracked() else {
            return;
        };
        let cur = portfolio
            .get_untracked()
            .map(|p| p.currency().to_string())
            .unwrap_or_default();
        let html = brief::html(&r.1, &r.0, lang.get_untracked(), &cur);
        export::download("scenarios.html", "text/html", html.as_bytes());
    };

    let l = move || lang.get();
    view! {
        <section class="studio" data-testid="studio">
            <h2>{move || i18n::SCENARIOS.get(l())}</h2>
            <p class="note">{move || i18n::STUDIO_HELP.get(l())}</p>
            <p class="note" data-testid="studio-baseline">
                {move || format!(
                    "{}: {} ({})",
                    capitalised(i18n::S_BASELINE.get(l())),
                    policy.get().map(|p| p.name.clone()).unwrap_or_else(|| "–".into()),
                    i18n::S_CHOOSE_POLICY.get(l())
                )}
            </p>
            <div class="studio-variants">
                {move || {
                    variants
                        .get()
                        .into_iter()
                        .enumerate()
                        .map(|(k, v)| {
                            view! {
                                <button
                                    class:active=move || editing.get() == k
                                    data-testid="variant-tab"
                                    on:click=move |_| editing.set(k)
                                >
                                    {v.name}
                                </button>
                            }
                        })
                        .collect_view()
                }}
                <button data-testid="add-variant" on:click=move |_| {
                    variants.update(|v| {
                        let mut next = v.get(editing.get_untracked()).cloned().unwrap_or_else(|| variant(1));
                        next.name = format!("Variant {}", v.len() + 1);
                        v.push(next);
                    });
                    editing.set(variants.with_untracked(|v| v.len() - 1));
                }>"+"</button>
                <button data-testid="remove-variant" on:click=move |_| {
                    variants.update(|v| {
                        if v.len() > 1 {
                            v.remove(editing.get_untracked().min(v.len() - 1));
                        }
                    });
                    editing.set(0);
                }>"−"</button>
            </div>
            <div class="levers">
                <label>
                    {move || i18n::NAME.get(l())}
                    " "
                    <input
                        type="text"
                        data-testid="variant-name"
                        prop:value=move || variants.with(|v| v.get(editing.get()).map(|x| x.name.clone()).unwrap_or_default())
                        on:change=move |ev| {
                            let t = event_target_value(&ev);
                            let k = editing.get_untracked();
                            variants.update(|v| if let Some(x) = v.get_mut(k) { x.name = t.clone(); });
                        }
                    />
                </label>
                <label>
                    {move || format!("{}: {}", i18n::L_TERMS.get(l()), lever().payment_terms_days.map_or(i18n::AS_INVOICED.get(l()).to_string(), |t| format!("{t} {}", i18n::DAYS.get(l()))))}
                    <input
                        type="range" min="0" max="90" step="1"
                        data-testid="lever-terms"
                        prop:value=move || lever().payment_terms_days.unwrap_or(0).to_string()
                        on:input=move |ev| {
                            let t: u32 = event_target_value(&ev).parse().unwrap_or(0);
                            edit(&|x| x.payment_terms_days = (t > 0).then_some(t));
                        }
                    />
                </label>
                <label>
                    {move || format!("{}: {:+} {}", i18n::L_SHIFT.get(l()), lever().reminder_shift_days, i18n::DAYS.get(l()))}
                    <input
                        type="range" min="-10" max="21" step="1"
                        data-testid="lever-shift"
                        prop:value=move || lever().reminder_shift_days.to_string()
                        on:input=move |ev| {
                            let t: i32 = event_target_value(&ev).parse().unwrap_or(0);
                            edit(&|x| x.reminder_shift_days = t);
                        }
                    />
                </label>
                <label>
                    <input
                        type="checkbox"
                        data-testid="lever-pre-due"
                        prop:checked=move || lever().pre_due_reminder.is_some()
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            edit(&|x| x.pre_due_reminder = on.then(|| PreDueReminder { days_before: 3, risk_classes: vec!["C".into(), "D".into()] }));
                        }
                    />
                    {move || format!(" {} (3 {}, C/D)", i18n::L_PRE_DUE.get(l()), i18n::DAYS.get(l()))}
                </label>
                <OptionalDays
                    label=Signal::derive(move || i18n::L_HANDOVER.get(l()))
                    value=Signal::derive(move || lever().handover_day)
                    set=Callback::new(move |d| edit(&|x| x.handover_day = d))
                    testid="lever-handover" min=1 max=365
                />
                <OptionalDays
                    label=Signal::derive(move || i18n::L_STOP.get(l()))
                    value=Signal::derive(move || lever().stop_delivery_day)
                    set=Callback::new(move |d| edit(&|x| x.stop_delivery_day = d))
                    testid="lever-stop" min=1 max=365
                />
                <label class:disabled=move || !has_acceptance.get()>
                    {move || format!("{}: {}", i18n::L_CUTOFF.get(l()), lever().acceptance_cutoff.map_or("–".to_string(), |c| c.to_string()))}
                    <input
                        type="range" min="0" max="59" step="1"
                        data-testid="lever-cutoff"
                        disabled=move || !has_acceptance.get()
                        prop:value=move || lever().acceptance_cutoff.unwrap_or(35).to_string()
                        on:input=move |ev| {
                            let c: i32 = event_target_value(&ev).parse().unwrap_or(35);
                            edit(&|x| x.acceptance_cutoff = Some(c));
                        }
                    />
                </label>
                <label>
                    <input
                        type="checkbox"
                        data-testid="lever-enforce"
                        prop:checked=move || lever().enforce_limits == Some(true)
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            edit(&|x| x.enforce_limits = on.then_some(true));
                        }
                    />
                    {move || format!(" {}: {}%", i18n::L_LIMITS.get(l()), lever().limit_percent.unwrap_or(Decimal::ONE_HUNDRED))}
                    <input
                        type="range" min="25" max="150" step="5"
                        data-testid="lever-limit"
                        prop:value=move || lever().limit_percent.unwrap_or(Decimal::ONE_HUNDRED).to_string()
                        on:input=move |ev| {
                            let v: i64 = event_target_value(&ev).parse().unwrap_or(100);
                            edit(&|x| x.limit_percent = Some(Decimal::from(v)));
                        }
                    />
                </label>
            </div>
            <div class="studio-run">
                <label>
                    {move || i18n::S_RUNS.get(l())}
                    " "
                    <input type="number" min="10" max="2000" data-testid="runs"
                        prop:value=move || runs.get().to_string()
                        on:change=move |ev| runs.set(event_target_value(&ev).parse::<u32>().unwrap_or(200).clamp(10, 2000)) />
                </label>
                <label>
                    "Seed "
                    <input type="number" min="0" data-testid="seed"
                        prop:value=move || seed.get().to_string()
                        on:change=move |ev| seed.set(event_target_value(&ev).parse().unwrap_or(1)) />
                </label>
                <button
                    data-testid="run-simulation"
                    disabled=move || running.get() || portfolio.get().is_none() || policy.get().is_none()
                    on:click=run
                >
                    {move || if running.get() { i18n::S_RUNNING.get(l()) } else { i18n::S_RUN.get(l()) }}
                </button>
                <span class="note" data-testid="sim-time">
                    {move || result.get().map(|_| format!("{:.0} ms", millis.get())).unwrap_or_default()}
                </span>
            </div>
            <div class="studio-store">
                <input type="text" data-testid="study-name" prop:value=move || study_name.get()
                    on:change=move |ev| study_name.set(event_target_value(&ev)) />
                <button data-testid="save-study" on:click=save>{move || i18n::S_SAVE.get(l())}</button>
                <select data-testid="saved-studies" on:change=move |ev| load(event_target_value(&ev))>
                    <option value="">{move || i18n::S_LOAD.get(l())}</option>
                    {move || studies.get().into_keys().map(|k| view! { <option value=k.clone()>{k.clone()}</option> }).collect_view()}
                </select>
                <button data-testid="delete-study" on:click=delete>{move || i18n::S_DELETE.get(l())}</button>
                <button data-testid="export-report" disabled=move || result.get().is_none() on:click=export_report>
                    {move || i18n::S_EXPORT.get(l())}
                </button>
            </div>
            {move || problem.get().map(|p| view! { <div class="notice" data-testid="sim-problem">{p}</div> })}
            {move || {
                let r = result.get()?;
                let lang = l();
                let cur = portfolio.get().map(|p| p.currency().to_string()).unwrap_or_default();
                let c = compare(&r.1, &r.0, lang, &cur);
                Some(view! {
                    <table class="comparison" data-testid="sim-table">
                        <thead>
                            <tr>
                                <th></th>
                                {c.names.into_iter().map(|n| view! { <th class="num">{n}</th> }).collect_view()}
                            </tr>
                            <tr class="levers-row">
                                <td></td>
                                {c.changes.into_iter().map(|d| view! { <td class="num">{d}</td> }).collect_view()}
                            </tr>
                        </thead>
                        <tbody>
                            {c.rows
                                .into_iter()
                                .map(|row| view! {
                                    <tr>
                                        <th>{row.label}</th>
                                        {row.cells.into_iter().map(|c| view! { <td class="num">{c}</td> }).collect_view()}
                                    </tr>
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                    <p class="note">{i18n::S_INTERVAL.get(lang)}</p>
                })
            }}
            <div class="studio-charts">
                <figure>
                    <figcaption>{move || i18n::S_CASH_MONTH.get(l())} " " <ChartButtons svg=cash_svg name="scenario-cash" /></figcaption>
                    <div class="chart" data-testid="chart-sim-cash" inner_html=cash_svg></div>
                </figure>
                <figure>
                    <figcaption>{move || i18n::S_DSO_MONTH.get(l())} " " <ChartButtons svg=dso_svg name="scenario-dso" /></figcaption>
                    <div class="chart" data-testid="chart-sim-dso" inner_html=dso_svg></div>
                </figure>
            </div>
            {move || result.get().map(|r| view! {
                <details class="assumptions">
                    <summary>{i18n::S_ASSUMPTIONS.get(l())}</summary>
                    <ul>{r.1.assumptions.iter().map(|a| view! { <li>{a.clone()}</li> }).collect_view()}</ul>
                </details>
            })}
        </section>
    }
}
