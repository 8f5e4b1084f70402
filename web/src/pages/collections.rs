//! Collections: the policy picker (bundled examples or a file, validated by the engine
//! with every problem listed), the dunning run at the period's end (actions with their
//! rendered messages, held items with reasons) and the collector's ranked worklist with
//! its explanations.

use std::sync::Arc;

use leptos::prelude::*;
use rappel_core::collections::dunning::{History, RunReport};
use rappel_core::collections::policy::{Policy, PolicyFormat, PolicyProblem};
use rappel_core::collections::worklist::WorklistRow;
use rappel_core::locale;
use rappel_core::model::{Language, Portfolio};

use crate::components::export::{CsvButton, Sheet};
use crate::i18n;
use crate::state::{BUNDLED_POLICIES, PolicySource};

/// The collections tab.
#[component]
pub fn Collections(
    portfolio: Signal<Option<Arc<Portfolio>>>,
    source: RwSignal<PolicySource>,
    policy: Signal<Result<Arc<Policy>, Vec<PolicyProblem>>>,
    dunning: Signal<Option<Arc<RunReport>>>,
    worklist: Signal<Option<Arc<Vec<WorklistRow>>>>,
    lang: Signal<Language>,
) -> impl IntoView {
    let picker = move || {
        let l = lang.get();
        view! {
            <div class="policy-picker">
                <label>
                    {i18n::POLICY.get(l)}
                    <select
                        data-testid="policy"
                        on:change=move |ev| {
                            if let Ok(i) = event_target_value(&ev).parse::<usize>() {
                                source.set(PolicySource::bundled(i));
                            }
                        }
                    >
                        {BUNDLED_POLICIES
                            .iter()
                            .enumerate()
                            .map(|(i, (name, _))| {
                                view! { <option value=i.to_string() selected=move || source.get().name == *name>{*name}</option> }
                            })
                            .collect_view()}
                        {move || {
                            let s = source.get();
                            (!BUNDLED_POLICIES.iter().any(|(n, _)| *n == s.name))
                                .then(|| view! { <option value="file" selected=true>{s.name.clone()}</option> })
                        }}
                    </select>
                </label>
                <label>
                    {i18n::POLICY_FILE.get(l)}
                    <input
                        type="file"
                        accept=".toml,.json"
                        data-testid="policy-file"
                        on:change=move |ev| {
                            crate::components::upload::read_text_file(&ev, move |name, text| {
                                match text {
                                    Ok(text) => {
                                        let format = PolicyFormat::from_file_name(&name);
                                        source.set(PolicySource { name, text, format });
                                    }
                                    Err(e) => web_sys::console::warn_1(&format!("{name}: {e}").into()),
                                }
                            });
                        }
                    />
                </label>
            </div>
        }
    };
    let problems = move || {
        let l = lang.get();
        match policy.get() {
            Ok(_) => None,
            Err(list) => Some(view! {
                <div class="notice policy-problems" data-testid="policy-problems">
                    <p>{i18n::POLICY_INVALID.get(l)}</p>
                    <ul>
                        {list
                            .iter()
                            .map(|p| view! { <li><code>{p.path.clone()}</code>" " {p.message.clone()}</li> })
                            .collect_view()}
                    </ul>
                </div>
            }),
        }
    };
    let worklist_sheet = Callback::new(move |_: ()| {
        let currency = portfolio
            .get_untracked()
            .map(|p| p.currency().to_string())
            .unwrap_or_default();
        Sheet {
            header: [
                "rank",
                "customer_id",
                "name",
                "bucket",
                "overdue",
                "score",
                "explanation",
            ]
            .map(String::from)
            .to_vec(),
            rows: worklist
                .get_untracked()
                .map(|rows| {
                    rows.iter()
                        .map(|r| {
                            vec![
                                r.rank.to_string(),
                                r.customer_id.clone(),
                                r.name.clone(),
                                format!("{:?}", r.bucket),
                                r.overdue.to_string(),
                                r.score.to_string(),
                                why(r, lang.get_untracked(), &currency),
                            ]
                        })
                        .collect()
                })
                .unwrap_or_default(),
        }
    });
    let actions = move || {
        let l = lang.get();
        let run = dunning.get()?;
        let cur = portfolio.get()?.currency().to_string();
        Some(view! {
            <section class="panel">
                <h2>
                    {format!("{} {} · {}", i18n::ACTIONS_TODAY.get(l), locale::date(run.as_of, l), run.actions.len())}
                    " "
                    <button
                        class="export"
                        data-testid="export-actions-csv"
                        title="actions.csv: the history format, to give back to the next run"
                        on:click=move |_| {
                            if let Some(run) = dunning.get_untracked() {
                                let mut h = History::default();
                                h.record(&run.actions);
                                crate::components::export::download("actions.csv", "text/csv;charset=utf-8", &h.to_csv());
                            }
                        }
                    >
                        "CSV"
                    </button>
                </h2>
                <table class="actions" data-testid="actions">
                    <thead>
                        <tr>
                            <th>{i18n::CUSTOMER.get(l)}</th>
                            <th>{i18n::STEP.get(l)}</th>
                            <th>{i18n::CHANNEL.get(l)}</th>
                            <th class="num">{i18n::AMOUNT.get(l)}</th>
                            <th class="num">{i18n::FEE.get(l)}</th>
                            <th>{i18n::MESSAGE.get(l)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {run
                            .actions
                            .iter()
                            .take(300)
                            .map(|a| {
                                view! {
                                    <tr>
                                        <td>{format!("{} {}", a.customer_id, a.customer_name)}</td>
                                        <td>{format!("{} ({})", a.step, a.level)}</td>
                                        <td>{i18n::channel(a.channel, l)}</td>
                                        <td class="num">{locale::money(a.total, &cur, l)}</td>
                                        <td class="num">{locale::money(a.fee.amount, &cur, l)}</td>
                                        <td>
                                            <details>
                                                <summary>{a.message.subject.clone()}</summary>
                                                <pre>{a.message.body.clone()}</pre>
                                            </details>
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
                <h2>{format!("{} · {}", i18n::HELD.get(l), run.held.len())}</h2>
                <table class="held" data-testid="held">
                    <thead>
                        <tr>
                            <th>{i18n::CUSTOMER.get(l)}</th>
                            <th>{i18n::INVOICE.get(l)}</th>
                            <th class="num">{i18n::BALANCE.get(l)}</th>
                            <th>{i18n::HOLD_REASON.get(l)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {run
                            .held
                            .iter()
                            .take(300)
                            .map(|h| {
                                let until = h.until.map(|d| format!(" ({} {})", i18n::UNTIL.get(l), locale::date(d, l))).unwrap_or_default();
                                view! {
                                    <tr>
                                        <td>{h.customer_id.clone()}</td>
                                        <td>{h.invoice_id.clone().unwrap_or_default()}</td>
                                        <td class="num">{locale::money(h.balance, &cur, l)}</td>
                                        <td>{format!("{}: {}{until}", i18n::hold_reason(h.reason, l), h.detail.text(l, &cur))}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </section>
        })
    };
    let work = move || {
        let l = lang.get();
        let rows = worklist.get()?;
        let cur = portfolio.get()?.currency().to_string();
        Some(view! {
            <section class="panel">
                <h2>{format!("{} · {}", i18n::WORKLIST.get(l), rows.len())} <CsvButton sheet=worklist_sheet name="worklist" /></h2>
                <table class="worklist" data-testid="worklist">
                    <thead>
                        <tr>
                            <th>{i18n::RANK.get(l)}</th>
                            <th>{i18n::CUSTOMER.get(l)}</th>
                            <th class="num">{i18n::OVERDUE.get(l)}</th>
                            <th class="num">{i18n::SCORE.get(l)}</th>
                            <th>{i18n::WHY.get(l)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows
                            .iter()
                            .take(100)
                            .map(|r| {
                                view! {
                                    <tr>
                                        <td>{r.rank}</td>
                                        <td>{format!("{} {}", r.customer_id, r.name)}</td>
                                        <td class="num">{locale::money(r.overdue, &cur, l)}</td>
                                        <td class="num">{locale::number(r.score, 2, l)}</td>
                                        <td>{why(r, l, &cur)}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </section>
        })
    };
    view! {
        <section class="collections" data-testid="collections">
            {picker}
            {problems}
            {work}
            {actions}
        </section>
    }
}

/// Why a worklist row has its rank, in the collector's language.
fn why(r: &WorklistRow, lang: Language, currency: &str) -> String {
    r.factors
        .iter()
        .map(|f| f.text(lang, currency))
        .collect::<Vec<_>>()
        .join(" · ")
}
