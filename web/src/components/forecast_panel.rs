//! The cash-flow forecast under the KPIs: expected collections for the 13 weeks after the
//! period's last day, with the 10th–90th percentile band, from the payment behaviour
//! calibrated on the portfolio's own history (the core's `behaviour` and `forecast`).

use std::sync::Arc;

use chrono::NaiveDate;
use leptos::prelude::*;
use rappel_core::locale;
use rappel_core::model::Money;
use rappel_core::model::{Language, Portfolio};
use rappel_core::risk::forecast::{self, Forecast};

use crate::components::export::{ChartButtons, CsvButton, Sheet};
use crate::i18n;
use rappel_core::chart;

/// Whole currency units, for the chart.
fn units(m: Money) -> f64 {
    m.round_dp(0).to_string().parse().unwrap_or(0.0)
}

/// The forecast panel.
#[component]
pub fn ForecastPanel(
    portfolio: Signal<Option<Arc<Portfolio>>>,
    as_of: Signal<NaiveDate>,
    lang: Signal<Language>,
) -> impl IntoView {
    // Computed only while the panel is open: calibrating on a 1 M-invoice history takes
    // a moment, and a period change should not wait for it.
    let open = RwSignal::new(false);
    let made: Memo<Option<Arc<Forecast>>> = Memo::new(move |_| {
        if !open.get() {
            return None;
        }
        let p = portfolio.get()?;
        let d = as_of.get();
        let made = forecast::report(&p, d, &forecast::ReportOptions::default(), None).ok()?;
        Some(Arc::new(made.forecast))
    });
    let svg = Signal::derive(move || {
        let Some(f) = made.get() else {
            return String::new();
        };
        let l = lang.get();
        let labels: Vec<String> = f
            .weeks
            .iter()
            .map(|w| {
                // Day and month, in the language's separator (31-12 in Dutch, 31/12 else).
                let sep = if l == Language::Nl { "-" } else { "/" };
                w.from.format(&format!("%d{sep}%m")).to_string()
            })
            .collect();
        let expected: Vec<f64> = f.weeks.iter().map(|w| units(w.expected)).collect();
        let band: Vec<(f64, f64)> = f
            .weeks
            .iter()
            .map(|w| (units(w.low), units(w.high)))
            .collect();
        chart::band_bars(&labels, &expected, &band, &f.currency, 1100, 260)
    });
    let sheet = Callback::new(move |_: ()| Sheet {
        header: [
            "from",
            "to",
            "expected",
            "low",
            "high",
            "from_invoices",
            "from_orders",
        ]
        .map(String::from)
        .to_vec(),
        rows: made
            .get_untracked()
            .map(|f| {
                f.weeks
                    .iter()
                    .chain(&f.months)
                    .map(|w| {
                        vec![
                            w.from.to_string(),
                            w.to.to_string(),
                            w.expected.to_string(),
                            w.low.to_string(),
                            w.high.to_string(),
                            w.from_invoices.to_string(),
                            w.from_orders.to_string(),
                        ]
                    })
                    .collect()
            })
            .unwrap_or_default(),
    });
    view! {
        <details class="panel forecast" data-testid="forecast" prop:open=move || open.get()>
            // A click, not the `toggle` event: Leptos delegates events through the
            // document, and `toggle` does not bubble.
            <summary on:click=move |ev| {
                ev.prevent_default();
                open.update(|o| *o = !*o);
            }>
                {move || {
                    let l = lang.get();
                    format!("{} {}", i18n::FORECAST.get(l), locale::date(as_of.get(), l))
                }}
            </summary>
            <p>
                <ChartButtons svg=svg name="forecast" />
                " "
                <CsvButton sheet=sheet name="forecast" />
            </p>
            <div class="chart" data-testid="chart-forecast" inner_html=svg></div>
            {move || {
                let f = made.get()?;
                let l = lang.get();
                let cur = f.currency.clone();
                let m = |x: Money| locale::money(x, &cur, l);
                Some(view! {
                    <table data-testid="forecast-weeks">
                        <thead>
                            <tr>
                                <th>{i18n::WEEK_FROM.get(l)}</th>
                                <th class="num">{i18n::EXPECTED.get(l)}</th>
                                <th class="num">"P10"</th>
                                <th class="num">"P90"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {f.weeks
                                .iter()
                                .map(|w| view! {
                                    <tr>
                                        <td>{locale::date(w.from, l)}</td>
                                        <td class="num">{m(w.expected)}</td>
                                        <td class="num">{m(w.low)}</td>
                                        <td class="num">{m(w.high)}</td>
                                    </tr>
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                    <p class="note">
                        {format!(
                            "{}: {} · {}: {} · {}: {}",
                            i18n::OPEN_INVOICES.get(l),
                            m(f.open_invoices),
                            i18n::OPEN_ORDERS.get(l),
                            m(f.open_orders),
                            i18n::EXPECTED_DEFAULTS.get(l),
                            m(f.expected_defaults)
                        )}
                    </p>
                })
            }}
        </details>
    }
}
