//! The five headline KPI tiles (seed 004: about five KPIs on top): value for the period,
//! change against the previous period, a 12-month sparkline and an editable target kept
//! in localStorage.

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use rappel_core::kpi::KpiSet;
use rappel_core::locale;
use rappel_core::model::{Language, round2};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::i18n::{self, Text};

/// A headline KPI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kpi {
    /// Days sales outstanding (period method), days.
    Dso,
    /// Collection effectiveness index, percent.
    Cei,
    /// Bad-debt ratio, percent.
    BadDebt,
    /// Overdue share of receivables, percent.
    Overdue,
    /// Share more than 60 days past due, percent.
    Overdue60,
}

impl Kpi {
    /// All five, in display order.
    pub const ALL: [Kpi; 5] = [
        Kpi::Dso,
        Kpi::Cei,
        Kpi::BadDebt,
        Kpi::Overdue,
        Kpi::Overdue60,
    ];

    /// The stable test hook (`kpi-dso`, …).
    pub fn testid(self) -> &'static str {
        match self {
            Kpi::Dso => "kpi-dso",
            Kpi::Cei => "kpi-cei",
            Kpi::BadDebt => "kpi-bad-debt",
            Kpi::Overdue => "kpi-overdue",
            Kpi::Overdue60 => "kpi-overdue-60",
        }
    }

    fn label(self) -> &'static Text {
        match self {
            Kpi::Dso => &i18n::DSO,
            Kpi::Cei => &i18n::CEI,
            Kpi::BadDebt => &i18n::BAD_DEBT,
            Kpi::Overdue => &i18n::OVERDUE,
            Kpi::Overdue60 => &i18n::OVERDUE_60,
        }
    }

    /// Whether a lower value is better (all but CEI).
    pub fn lower_is_better(self) -> bool {
        self != Kpi::Cei
    }

    /// This KPI's value in a group's KPIs, rounded as published.
    pub fn pick(self, v: &KpiSet) -> Option<Decimal> {
        let f = match self {
            Kpi::Dso => v.dso,
            Kpi::Cei => v.cei,
            Kpi::BadDebt => v.bad_debt_ratio,
            Kpi::Overdue => v.overdue_percent,
            Kpi::Overdue60 => v.overdue_60_percent,
        };
        f.map(round2)
    }

    fn unit(self, lang: Language) -> &'static str {
        match self {
            Kpi::Dso => i18n::DAYS.get(lang),
            _ => "%",
        }
    }

    fn storage_key(self) -> String {
        format!("rappel.target.{}", self.testid())
    }
}

/// What a tile shows.
#[derive(Debug, Clone, PartialEq)]
pub struct TileData {
    /// The KPI.
    pub kpi: Kpi,
    /// Value in the period (two decimals, as published).
    pub value: Option<Decimal>,
    /// Value in the previous period.
    pub previous: Option<Decimal>,
    /// The last 12 months, oldest first.
    pub trend: Vec<Option<Decimal>>,
    /// The DSO tile only: net DSO (receivables less unapplied cash), as published.
    pub net: Option<Decimal>,
}

/// One tile.
#[component]
pub fn Tile(data: Signal<TileData>, lang: Signal<Language>) -> impl IntoView {
    let kpi = data.get_untracked().kpi;
    let target = RwSignal::new(LocalStorage::get::<String>(kpi.storage_key()).unwrap_or_default());
    let value_text = move || {
        let l = lang.get();
        match data.get().value {
            Some(v) => locale::number(v, 2, l),
            None => "—".into(),
        }
    };
    let delta = move || {
        let d = data.get();
        let l = lang.get();
        match (d.value, d.previous) {
            (Some(v), Some(p)) => {
                let change = v - p;
                let better = if kpi.lower_is_better() {
                    change < Decimal::ZERO
                } else {
                    change > Decimal::ZERO
                };
                let class = if change.is_zero() {
                    "delta same"
                } else if better {
                    "delta better"
                } else {
                    "delta worse"
                };
                let sign = if change > Decimal::ZERO { "+" } else { "" };
                let unit = if kpi == Kpi::Dso {
                    i18n::DAYS.get(l)
                } else {
                    "pp"
                };
                (
                    class,
                    format!(
                        "{sign}{} {unit} {}",
                        locale::number(change, 2, l),
                        i18n::VS_PREVIOUS.get(l)
                    ),
                )
            }
            _ => ("delta", String::new()),
        }
    };
    let target_state = move || {
        let t: Option<Decimal> = target.get().replace(',', ".").parse().ok();
        match (t, data.get().value) {
            (Some(t), Some(v)) => {
                let met = if kpi.lower_is_better() {
                    v <= t
                } else {
                    v >= t
                };
                if met { "target met" } else { "target missed" }
            }
            _ => "target",
        }
    };
    let spark = move || {
        let points: Vec<Option<f64>> = data
            .get()
            .trend
            .iter()
            .map(|v| v.and_then(|d| d.to_f64()))
            .collect();
        rappel_core::chart::sparkline(&points, 140, 36)
    };
    view! {
        <section class="tile" data-testid=kpi.testid()>
            <h2>{move || kpi.label().get(lang.get())}</h2>
            <p class="value-line">
                <span
                    class="value"
                    data-testid=format!("{}-value", kpi.testid())
                    title=move || if data.get().value.is_none() { i18n::NO_VALUE.get(lang.get()) } else { "" }
                >
                    {value_text}
                </span>
                <span class="unit">{move || kpi.unit(lang.get())}</span>
            </p>
            <p class=move || delta().0>{move || delta().1}</p>
            {move || {
                data.get().net.map(|n| {
                    let l = lang.get();
                    view! {
                        <p class="net" data-testid=format!("{}-net", kpi.testid())>
                            {format!(
                                "{} {} {}",
                                locale::number(n, 2, l),
                                i18n::DAYS.get(l),
                                i18n::NET_OF_UNAPPLIED.get(l),
                            )}
                        </p>
                    }
                })
            }}
            <div class="sparkline" inner_html=spark></div>
            <label class=target_state>
                {move || i18n::TARGET.get(lang.get())}
                <input
                    type="text"
                    inputmode="decimal"
                    size="6"
                    prop:value=move || target.get()
                    on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if v.trim().is_empty() {
                            LocalStorage::delete(kpi.storage_key());
                        } else {
                            LocalStorage::set(kpi.storage_key(), v.trim()).ok();
                        }
                        target.set(v.trim().to_string());
                    }
                />
            </label>
        </section>
    }
}
