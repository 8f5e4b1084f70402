//! The page: the header (period, segment, language, demo size), the tabs, and the pages
//! under them, all reading one [`Workspace`] from the context.

use chrono::NaiveDate;
use leptos::prelude::*;
use rappel_core::model::Language;

use crate::components::export;
use crate::demo;
use crate::i18n;
use crate::pages::bank::Bank;
use crate::pages::collections::Collections;
use crate::pages::data::DataPanel;
use crate::pages::overview::Overview;
use crate::pages::scenarios::Studio;
use crate::state::{SIZES, Status, Workspace};

/// A count with the language's thousands separator.
fn count(n: impl Into<u64>, l: Language) -> String {
    rappel_core::locale::number(rust_decimal::Decimal::from(n.into()), 0, l)
}

/// The dashboard.
#[component]
pub fn App() -> impl IntoView {
    let ws = Workspace::provide();
    let lang = ws.lang;
    demo::load(ws, 0);
    let segments = move || {
        ws.portfolio
            .get()
            .map(|p| p.0.segments().to_vec())
            .unwrap_or_default()
    };
    let tab = RwSignal::new(0u8);
    let status = move || {
        let l = lang.get();
        match ws.status.get() {
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
            Status::Reading(bars) => view! {
                {i18n::READING.get(l)}
                <ul class="file-bars" data-testid="file-bars">
                    {bars
                        .into_iter()
                        .map(|b| {
                            // An empty file read is full, as any file read whole.
                            let max = b.size.max(1);
                            let value = if b.done >= b.size { max } else { b.done };
                            view! {
                                <li>
                                    <span>{b.name}</span>
                                    <progress
                                        data-testid="file-progress"
                                        max=max.to_string()
                                        value=value.to_string()
                                    ></progress>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
            .into_any(),
            Status::Checking { files, done, of } => view! {
                {format!("{} ({} {})", i18n::CHECKING.get(l), count(files as u64, l), i18n::FILES.get(l))}
                <progress data-testid="progress" max=of.to_string() value=done.to_string()></progress>
            }
            .into_any(),
            Status::Matching { done, of } => view! {
                {format!(
                    "{} {} / {} {}",
                    i18n::MATCHING.get(l),
                    count(done as u64, l),
                    count(of as u64, l),
                    i18n::MOVEMENTS.get(l)
                )}
                <progress data-testid="progress" max=of.max(1).to_string() value=done.to_string()></progress>
            }
            .into_any(),
            Status::Recording { done, of } => view! {
                {i18n::RECORDING.get(l)}
                <progress data-testid="progress" max=of.to_string() value=done.to_string()></progress>
            }
            .into_any(),
            Status::Computing => view! {
                {i18n::COMPUTING.get(l)}
                <progress data-testid="progress"></progress>
            }
            .into_any(),
            Status::Ready => ().into_any(),
            Status::Failed(e) => e.into_any(),
        }
    };

    view! {
        <header>
            <h1>"Rappel · " {move || i18n::TITLE.get(lang.get())}</h1>
            <span class="source" data-testid="source">
                {move || match ws.own_files.get() {
                    0 => i18n::DEMO.get(lang.get()).to_string(),
                    n => format!("{} ({n})", i18n::OWN_DATA.get(lang.get())),
                }}
            </span>
            <button class="print" data-testid="print" on:click=move |_| export::print()>
                {move || i18n::PRINT.get(lang.get())}
            </button>
            <p class="print-only period-line">
                {move || format!("{} {} – {}", i18n::PERIOD.get(lang.get()), rappel_core::locale::date(ws.from.get(), lang.get()), rappel_core::locale::date(ws.to.get(), lang.get()))}
            </p>
            <Show when=move || { ws.own_files.get() > 0 }>
                <button data-testid="back-to-demo" on:click=move |_| demo::load(ws, ws.size.get_untracked())>
                    {move || i18n::BACK_TO_DEMO.get(lang.get())}
                </button>
            </Show>
            <div class="controls">
                <label>
                    {move || i18n::PERIOD.get(lang.get())} " " {move || i18n::FROM.get(lang.get())}
                    <input
                        type="date"
                        data-testid="period-from"
                        prop:value=move || ws.from.get().to_string()
                        on:change=move |ev| {
                            if let Some(d) = parse_date(&event_target_value(&ev)) {
                                ws.from.set(d);
                            }
                        }
                    />
                </label>
                <label>
                    {move || i18n::TO.get(lang.get())}
                    <input
                        type="date"
                        data-testid="period-to"
                        prop:value=move || ws.to.get().to_string()
                        on:change=move |ev| {
                            if let Some(d) = parse_date(&event_target_value(&ev)) {
                                ws.to.set(d);
                            }
                        }
                    />
                </label>
                <label>
                    {move || i18n::SEGMENT.get(lang.get())}
                    <select
                        data-testid="segment"
                        on:change=move |ev| ws.segment.set(event_target_value(&ev))
                        prop:value=move || ws.segment.get()
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
                        prop:value=move || ws.size.get().to_string()
                        on:change=move |ev| {
                            let which = event_target_value(&ev).parse().unwrap_or(0);
                            ws.size.set(which);
                            demo::load(ws, which);
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
            <Show when=move || ws.bank.with(Option::is_some)>
                <button data-testid="tab-bank" class:active=move || tab.get() == 3 on:click=move |_| tab.set(3)>
                    {move || i18n::TAB_BANK.get(lang.get())}
                </button>
            </Show>
        </nav>
        <main>
            <DataPanel />
            <p class="status" data-testid="status" data-phase=move || ws.status.with(Status::phase)>{status}</p>
            <div class="overview" class:hidden=move || tab.get() != 0>
                <Overview />
            </div>
            // Kept mounted (hidden) so that the variants survive a tab change.
            <div class:hidden=move || tab.get() != 2>
                <Studio portfolio=ws.shared() policy=ws.policy_ok() as_of=ws.to.into() lang=ws.language() />
            </div>
            <Show when=move || { tab.get() == 3 }>
                <Bank report=ws.bank.into() />
            </Show>
            <Show when=move || { tab.get() == 1 }>
                <Collections
                    portfolio=ws.shared()
                    source=ws.policy_source
                    policy=ws.policy.into()
                    dunning=ws.dunning.into()
                    worklist=ws.worklist.into()
                    lang=ws.language()
                />
            </Show>
        </main>
    }
}

/// The date of an `<input type="date">` (`YYYY-MM-DD`).
fn parse_date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}
