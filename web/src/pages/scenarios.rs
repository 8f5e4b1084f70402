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
use rappel_core::locale;
use rappel_core::model::{Language, Portfolio};
use rappel_core::risk::simulate::{
    self, Interval, Levers, MonthResult, PreDueReminder, Report, ScenarioResult, Settings,
};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::components::chart;
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
struct Study {
    variants: Vec<Variant>,
    runs: u32,
    seed: u64,
}

fn saved() -> BTreeMap<String, Study> {
    LocalStorage::get(STORE).unwrap_or_default()
}

fn variant(n: usize) -> Variant {
    Variant {
        name: format!("Variant {n}"),
        levers: Levers::default(),
    }
}

/// What the levers of a variant say, in words (for the table and the report).
pub fn describe(l: &Levers, lang: Language) -> String {
    let mut out = Vec::new();
    if let Some(t) = l.payment_terms_days {
        out.push(format!(
            "{} {t} {}",
            i18n::L_TERMS.get(lang),
            i18n::DAYS.get(lang)
        ));
    }
    if l.reminder_shift_days != 0 {
        out.push(format!(
            "{} {:+} {}",
            i18n::L_SHIFT.get(lang),
            l.reminder_shift_days,
            i18n::DAYS.get(lang)
        ));
    }
    if let Some(r) = &l.pre_due_reminder {
        out.push(format!(
            "{} {} {} ({})",
            i18n::L_PRE_DUE.get(lang),
            r.days_before,
            i18n::DAYS.get(lang),
            r.risk_classes.join(", ")
        ));
    }
    if let Some(d) = l.handover_day {
        out.push(format!("{} {d}", i18n::L_HANDOVER.get(lang)));
    }
    if let Some(d) = l.stop_delivery_day {
        out.push(format!("{} {d}", i18n::L_STOP.get(lang)));
    }
    if let Some(c) = l.acceptance_cutoff {
        out.push(format!("{} {c}", i18n::L_CUTOFF.get(lang)));
    }
    if l.enforce_limits == Some(true) {
        out.push(format!(
            "{} {}%",
            i18n::L_LIMITS.get(lang),
            l.limit_percent.unwrap_or(Decimal::ONE_HUNDRED)
        ));
    }
    if out.is_empty() {
        i18n::L_NONE.get(lang).to_string()
    } else {
        out.join(" · ")
    }
}

/// `text` with its first letter in upper case.
fn capitalised(text: &str) -> String {
    let mut c = text.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Whole currency units, for charts.
fn units(m: Decimal) -> f64 {
    m.round_dp(1).to_string().parse().unwrap_or(0.0)
}

/// The rows of the comparison: label and, per scenario, the figure in words.
fn rows(r: &Report, lang: Language, cur: &str) -> Vec<(String, Vec<String>)> {
    let money = |i: &Interval| {
        format!(
            "{} ({} – {})",
            locale::money_whole(i.mean, cur, lang),
            locale::money_whole(i.p10, cur, lang),
            locale::money_whole(i.p90, cur, lang)
        )
    };
    let num = |i: &Option<Interval>| {
        i.as_ref().map_or("–".to_string(), |i| {
            format!(
                "{} ({} – {})",
                locale::number(i.mean, 1, lang),
                locale::number(i.p10, 1, lang),
                locale::number(i.p90, 1, lang)
            )
        })
    };
    let count = |i: &Interval| {
        format!(
            "{} ({} – {})",
            locale::number(i.mean, 0, lang),
            locale::number(i.p10, 0, lang),
            locale::number(i.p90, 0, lang)
        )
    };
    type Row<'a> = (&'a i18n::Text, Box<dyn Fn(&ScenarioResult) -> String + 'a>);
    let table: Vec<Row> = vec![
        (&i18n::DSO, Box::new(|s| num(&s.dso))),
        (&i18n::CEI, Box::new(|s| num(&s.cei))),
        (&i18n::BAD_DEBT, Box::new(|s| num(&s.bad_debt_percent))),
        (&i18n::OVERDUE_60, Box::new(|s| num(&s.overdue_60_percent))),
        (&i18n::S_CASH, Box::new(|s| money(&s.cash_collected))),
        (&i18n::S_SALES, Box::new(|s| money(&s.credit_sales))),
        (&i18n::S_WRITE_OFFS, Box::new(|s| money(&s.write_offs))),
        (&i18n::S_COSTS, Box::new(|s| money(&s.collection_costs))),
        (&i18n::S_FEES, Box::new(|s| money(&s.fees_charged))),
        (&i18n::S_LOST, Box::new(|s| count(&s.customers_lost))),
        (
            &i18n::S_BLOCKED,
            Box::new(|s| money(&s.sales_blocked_by_limits)),
        ),
        (
            &i18n::S_REFUSED,
            Box::new(|s| {
                format!(
                    "{} ({})",
                    locale::money_whole(s.sales_refused_at_acceptance, cur, lang),
                    s.customers_refused
                )
            }),
        ),
    ];
    let mut out: Vec<(String, Vec<String>)> = table
        .iter()
        .map(|(label, f)| {
            (
                label.get(lang).to_string(),
                r.scenarios.iter().map(f).collect(),
            )
        })
        .collect();
    // Actions per channel used by any scenario.
    let mut channels = Vec::new();
    for s in &r.scenarios {
        for a in &s.actions {
            if !channels.contains(&a.channel) {
                channels.push(a.channel);
            }
        }
    }
    for ch in channels {
        out.push((
            format!("{}: {}", i18n::S_ACTIONS.get(lang), ch.as_str()),
            r.scenarios
                .iter()
                .map(|s| {
                    s.actions
                        .iter()
                        .find(|a| a.channel == ch)
                        .map_or("0".into(), |a| count(&a.count))
                })
                .collect(),
        ));
    }
    out
}

fn month_labels(r: &Report) -> Vec<String> {
    r.scenarios
        .first()
        .map(|s| s.months.iter().map(|m| m.month[2..].to_string()).collect())
        .unwrap_or_default()
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

/// Cash collected per month, in thousands.
fn cash_chart(r: &Report) -> String {
    monthly_chart(r, "× 1 000", |m| {
        Some(units(m.cash.mean / Decimal::ONE_THOUSAND))
    })
}

/// DSO per month.
fn dso_chart(r: &Report) -> String {
    monthly_chart(r, "DSO", |m| m.dso.as_ref().map(|i| units(i.mean)))
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The one-page report: what was compared, the table, the two charts, the assumptions.
fn report_html(
    r: &Report,
    variants: &[Variant],
    policy: &str,
    lang: Language,
    cur: &str,
) -> String {
    let mut h = String::new();
    h.push_str("<!doctype html><html><head><meta charset=\"utf-8\"><title>Rappel – scenarios</title><style>@page{size:A4 landscape;margin:12mm}body{font:11px sans-serif;color:#0f172a}h1{font-size:16px;margin:0 0 4px}table{border-collapse:collapse;width:100%;margin:6px 0}td,th{border-bottom:1px solid #e2e8f0;padding:2px 4px;text-align:right}td:first-child,th:first-child{text-align:left}.charts{display:flex;gap:8px}.charts svg{width:49%;height:auto}ul{margin:4px 0;padding-left:16px;color:#475569}</style></head><body>");
    h.push_str(&format!(
        "<h1>{}</h1><p>{} · {} {} – {} · {} {} · seed {} · {}: {}</p>",
        escape(i18n::SCENARIOS.get(lang)),
        escape(policy),
        escape(i18n::PERIOD.get(lang)),
        locale::date(r.as_of, lang),
        locale::date(r.horizon_end, lang),
        r.runs,
        escape(&i18n::S_RUNS.get(lang).to_lowercase()),
        r.seed,
        escape(i18n::S_OPENING.get(lang)),
        locale::money(r.opening_receivables, cur, lang)
    ));
    h.push_str("<ul>");
    for v in variants {
        h.push_str(&format!(
            "<li><b>{}</b>: {}</li>",
            escape(&v.name),
            escape(&describe(&v.levers, lang))
        ));
    }
    h.push_str("</ul><table><tr><th></th>");
    for s in &r.scenarios {
        h.push_str(&format!("<th>{}</th>", escape(&s.name)));
    }
    h.push_str("</tr>");
    for (label, cells) in rows(r, lang, cur) {
        h.push_str(&format!("<tr><td>{}</td>", escape(&label)));
        for c in cells {
            h.push_str(&format!("<td>{}</td>", escape(&c)));
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
    let result: RwSignal<Option<Arc<Report>>> = RwSignal::new(None);
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
                Ok(r) => result.set(Some(Arc::new(r))),
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

    let cash_svg = Signal::derive(move || result.get().map(|r| cash_chart(&r)).unwrap_or_default());
    let dso_svg = Signal::derive(move || result.get().map(|r| dso_chart(&r)).unwrap_or_default());

    let save = move |_| {
        let name = study_name.get_untracked().trim().to_string();
        if name.is_empty() {
            return;
        }
        let mut all = saved();
        all.insert(
            name,
            Study {
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
        let name = policy
            .get_untracked()
            .map(|p| p.name.clone())
            .unwrap_or_default();
        let cur = portfolio
            .get_untracked()
            .map(|p| p.currency().to_string())
            .unwrap_or_default();
        let html = report_html(
            &r,
            &variants.get_untracked(),
            &name,
            lang.get_untracked(),
            &cur,
        );
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
                let vs = variants.get();
                let cur = portfolio.get().map(|p| p.currency().to_string()).unwrap_or_default();
                Some(view! {
                    <table class="comparison" data-testid="sim-table">
                        <thead>
                            <tr>
                                <th></th>
                                {r.scenarios.iter().map(|s| view! { <th class="num">{s.name.clone()}</th> }).collect_view()}
                            </tr>
                            <tr class="levers-row">
                                <td></td>
                                <td class="num">{i18n::S_BASELINE.get(lang)}</td>
                                {vs.iter().map(|v| view! { <td class="num">{describe(&v.levers, lang)}</td> }).collect_view()}
                            </tr>
                        </thead>
                        <tbody>
                            {rows(&r, lang, &cur)
                                .into_iter()
                                .map(|(label, cells)| view! {
                                    <tr>
                                        <th>{label}</th>
                                        {cells.into_iter().map(|c| view! { <td class="num">{c}</td> }).collect_view()}
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
                    <ul>{r.assumptions.iter().map(|a| view! { <li>{a.clone()}</li> }).collect_view()}</ul>
                </details>
            })}
        </section>
    }
}
