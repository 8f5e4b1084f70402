//! Collections: the policy picker (bundled examples or a file, validated by the engine
//! with every problem listed, and what a valid policy can never charge as a warning), the dunning run at the period's end (actions with their
//! rendered messages, held items with reasons) and the collector's ranked worklist with
//! its explanations.

use std::sync::Arc;

use leptos::prelude::*;
use rappel_core::collections::dunning::{History, RunReport};
use rappel_core::collections::policy::{self, Policy, PolicyFormat, PolicyProblem};
use rappel_core::collections::worklist::WorklistRow;
use rappel_core::locale;
use rappel_core::model::{Language, Portfolio};

use crate::components::table::{Column, DataTable, Shown};
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
        let (class, testid, title, list) = match policy.get() {
            Ok(p) => {
                let found = policy::warnings(&p);
                if found.is_empty() {
                    return None;
                }
                (
                    "notice policy-warnings",
                    "policy-warnings",
                    i18n::POLICY_WARNINGS,
                    found,
                )
            }
            Err(list) => (
                "notice policy-problems",
                "policy-problems",
                i18n::POLICY_INVALID,
                list,
            ),
        };
        Some(view! {
            <div class=class data-testid=testid>
                <p>{title.get(l)}</p>
                <ul>
                    {list
                        .iter()
                        .map(|p| view! { <li><code>{p.path.clone()}</code>" " {p.message.clone()}</li> })
                        .collect_view()}
                </ul>
            </div>
        })
    };
    let shown = Signal::derive(move || Shown {
        lang: lang.get(),
        currency: portfolio
            .get()
            .map(|p| p.currency().to_string())
            .unwrap_or_default(),
    });
    let ranked = Signal::derive(move || {
        worklist
            .get()
            .map(|rows| rows.as_ref().clone())
            .unwrap_or_default()
    });
    let actions = move || {
        let l = lang.get();
        let run = dunning.get()?;
        let cur = portfolio.get()?.currency().to_string();
        let pol = policy.get().ok();
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
                            <th>{i18n::LAW.get(l)}</th>
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
                                        <td class="num" title=a.fee.notes.join("\n")>{locale::money(a.fee.amount, &cur, l)}</td>
                                        <td data-testid="action-law" title=a.law.as_ref().map(|x| x.regime.law()).unwrap_or_default()>
                                            {a.law.as_ref().map(|x| format!("{} ({})", x.regime.as_str(), x.country)).unwrap_or_else(|| "–".into())}
                                        </td>
                                        <td>
                                            <details>
                                                <summary>{a.message.subject.clone()}</summary>
                                                <pre>{a.message.body.clone()}</pre>
                                                {pol.as_deref().and_then(|p| transfer_qr(p, a, &cur))}
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
        let n = worklist.get()?.len();
        portfolio.get()?;
        Some(view! {
            <section class="panel">
                <h2>{format!("{} · {}", i18n::WORKLIST.get(l), n)}</h2>
                <DataTable
                    columns=&WORKLIST_COLUMNS
                    rows=ranked
                    shown=shown
                    name="worklist"
                    class="worklist"
                    testid="worklist"
                    limit=100
                />
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

/// The EPC069-12 QR code of the transfer an action asks for (its total and fee, to the
/// creditor's account, quoting its reference), when the policy names an account and the
/// portfolio is in euros.
fn transfer_qr(
    pol: &Policy,
    a: &rappel_core::collections::dunning::Action,
    cur: &str,
) -> Option<impl IntoView + use<>> {
    let qr = pol
        .payee()
        .transfer(cur, a.total + a.fee.amount, &a.payment_reference, 132)?;
    let (payload, svg) = (qr.payload, qr.svg);
    Some(view! { <div class="qr" data-testid="action-qr" title=payload inner_html=svg></div> })
}

/// A column of the worklist.
type Work = Column<WorklistRow>;

/// The worklist: rank, customer, overdue amount, score and why; the export names the
/// customer in two columns and adds the bucket.
static WORKLIST_COLUMNS: [Work; 8] = [
    Work::text(
        "rank",
        |l| i18n::RANK.get(l).into(),
        |r, _| r.rank.to_string(),
    ),
    Work::export("customer_id", |r, _| r.customer_id.clone()),
    Work::export("name", |r, _| r.name.clone()),
    Work::page(
        |l| i18n::CUSTOMER.get(l).into(),
        |r, _| format!("{} {}", r.customer_id, r.name),
    ),
    Work::export("bucket", |r, _| format!("{:?}", r.bucket)),
    Work::new(
        "overdue",
        |l| i18n::OVERDUE.get(l).into(),
        |r, _| r.overdue.to_string(),
        |r, w| locale::money(r.overdue, &w.currency, w.lang),
    )
    .num(),
    Work::new(
        "score",
        |l| i18n::SCORE.get(l).into(),
        |r, _| r.score.to_string(),
        |r, w| locale::number(r.score, 2, w.lang),
    )
    .num(),
    Work::text(
        "explanation",
        |l| i18n::WHY.get(l).into(),
        |r, w| why(r, w.lang, &w.currency),
    ),
];

/// Why a worklist row has its rank, in the collector's language.
fn why(r: &WorklistRow, lang: Language, currency: &str) -> String {
    r.factors
        .iter()
        .map(|f| f.text(lang, currency))
        .collect::<Vec<_>>()
        .join(" · ")
}
