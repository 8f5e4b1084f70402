//! What a simulation reports: per scenario, every figure as an interval over the runs.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::Settings;
use super::book::{Book, Plan};
use super::run::RunTotals;
use crate::collections::policy::Channel;
use crate::kpi::{cei, dso, percent};
use crate::model::{Money, round2};
use crate::risk::behaviour::{Behaviour, Summary};

/// A figure over the runs: its mean and its 10th and 90th percentiles (nearest rank),
/// two decimals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Interval {
    /// Mean over the runs.
    pub mean: Decimal,
    /// 10th percentile.
    pub p10: Decimal,
    /// 90th percentile.
    pub p90: Decimal,
}

impl Interval {
    /// The interval of `values` (`None` when empty).
    pub fn of(mut values: Vec<Decimal>) -> Option<Interval> {
        if values.is_empty() {
            return None;
        }
        values.sort();
        let n = values.len();
        let rank = |q: usize| values[(n * q).div_ceil(100).clamp(1, n) - 1];
        let sum: Decimal = values.iter().sum();
        Some(Interval {
            mean: round2(sum / Decimal::from(n as u64)),
            p10: round2(rank(10)),
            p90: round2(rank(90)),
        })
    }

    fn of_cents(values: impl Iterator<Item = i64>) -> Interval {
        Interval::of(values.map(|c| Decimal::new(c, 2)).collect()).unwrap_or(Interval {
            mean: round2(Decimal::ZERO),
            p10: round2(Decimal::ZERO),
            p90: round2(Decimal::ZERO),
        })
    }

    fn of_counts(values: impl Iterator<Item = u64>) -> Interval {
        Interval::of_cents(values.map(|v| v as i64 * 100))
    }

    /// Over the runs where the figure is defined (a ratio with a zero denominator is
    /// absent, DOMAIN.md §3).
    fn of_ratios(values: impl Iterator<Item = Option<Decimal>>) -> Option<Interval> {
        Interval::of(values.flatten().collect())
    }
}

/// One month of a scenario.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthResult {
    /// `YYYY-MM`.
    pub month: String,
    /// Its last day.
    pub end: NaiveDate,
    /// Cash received.
    pub cash: Interval,
    /// Credit sales made.
    pub sales: Interval,
    /// Receivables at the month end.
    pub receivables: Interval,
    /// DSO of the month: receivables at its end / its sales × its days.
    pub dso: Option<Interval>,
    /// Share of receivables over 60 days past due at the month end, percent.
    pub overdue_60_percent: Option<Interval>,
}

/// Actions on one channel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelCount {
    /// The channel.
    pub channel: Channel,
    /// Actions over the horizon.
    pub count: Interval,
}

/// One scenario's results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScenarioResult {
    /// Its name.
    pub name: String,
    /// DSO at the horizon: receivables / credit sales of the last 3 months × their days.
    pub dso: Option<Interval>,
    /// CEI over the horizon (DOMAIN.md §3): (opening AR + sales − closing AR) / (opening
    /// AR + sales − closing current AR) × 100.
    pub cei: Option<Interval>,
    /// Write-offs / credit sales over the horizon × 100.
    pub bad_debt_percent: Option<Interval>,
    /// Share of receivables over 60 days past due at the horizon, percent.
    pub overdue_60_percent: Option<Interval>,
    /// Cash received over the horizon.
    pub cash_collected: Interval,
    /// Credit sales made.
    pub credit_sales: Interval,
    /// Written off.
    pub write_offs: Interval,
    /// Receivables at the horizon.
    pub closing_receivables: Interval,
    /// Internal cost of the actions.
    pub action_costs: Interval,
    /// The collection partner's commission.
    pub partner_commission: Interval,
    /// Action costs + commission.
    pub collection_costs: Interval,
    /// Statutory costs and fees charged to customers (charged, not necessarily paid).
    pub fees_charged: Interval,
    /// Actions per channel (channels used by the policy).
    pub actions: Vec<ChannelCount>,
    /// Customers whose deliveries were stopped (no sales after the stop).
    pub customers_lost: Interval,
    /// Sales not made after a stop.
    pub sales_lost_to_stops: Interval,
    /// Sales refused by the credit limit.
    pub sales_blocked_by_limits: Interval,
    /// Sales not made on credit because acceptance refused the customer.
    pub sales_refused_at_acceptance: Money,
    /// Customers refused at acceptance.
    pub customers_refused: u32,
    /// Month by month.
    pub months: Vec<MonthResult>,
}

/// A simulation's report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// Start date.
    pub as_of: NaiveDate,
    /// Last simulated day.
    pub horizon_end: NaiveDate,
    /// Runs per scenario.
    pub runs: u32,
    /// Seed.
    pub seed: u64,
    /// Receivables at the start.
    pub opening_receivables: Money,
    /// Simulated invoices: open at the start, and next year's sales.
    pub open_invoices: u32,
    /// Invoices of next year (before credit decisions).
    pub planned_invoices: u32,
    /// Payment behaviour of the whole portfolio the draws come from.
    pub behaviour: Summary,
    /// Baseline first.
    pub scenarios: Vec<ScenarioResult>,
    /// The model's assumptions, in words.
    pub assumptions: Vec<String>,
}

fn money(c: i64) -> Money {
    round2(Decimal::new(c, 2))
}

pub(super) fn summarise(
    name: &str,
    book: &Book,
    plan: &Plan,
    runs: &[RunTotals],
) -> ScenarioResult {
    let n = book.month_ends.len();
    let last = n - 1;
    let day_before = |m: usize| if m == 0 { 0 } else { book.month_ends[m - 1] };
    let days = |m: usize| i64::from(book.month_ends[m] - day_before(m));
    let first3 = n.saturating_sub(3);
    let days3 = i64::from(book.month_ends[last] - day_before(first3));
    let sum = |v: &[i64]| v.iter().sum::<i64>();
    let i_cents = |f: &dyn Fn(&RunTotals) -> i64| Interval::of_cents(runs.iter().map(f));
    let mut actions = Vec::new();
    for (k, ch) in Channel::ALL.iter().enumerate() {
        if runs.iter().any(|r| r.actions[k] > 0)
            || plan
                .compiled
                .processes
                .iter()
                .flatten()
                .any(|s| s.channel == *ch)
        {
            actions.push(ChannelCount {
                channel: *ch,
                count: Interval::of_counts(runs.iter().map(|r| r.actions[k])),
            });
        }
    }
    let months = (0..n)
        .map(|m| {
            let end = book.as_of + chrono::Duration::days(i64::from(book.month_ends[m]));
            MonthResult {
                month: end.format("%Y-%m").to_string(),
                end,
                cash: i_cents(&|r| r.cash[m]),
                sales: i_cents(&|r| r.sales[m]),
                receivables: i_cents(&|r| r.receivables[m]),
                dso: Interval::of_ratios(
                    runs.iter()
                        .map(|r| dso(money(r.receivables[m]), money(r.sales[m]), days(m))),
                ),
                overdue_60_percent: Interval::of_ratios(
                    runs.iter()
                        .map(|r| percent(money(r.overdue_60[m]), money(r.receivables[m]))),
                ),
            }
        })
        .collect();
    ScenarioResult {
        name: name.to_string(),
        dso: Interval::of_ratios(runs.iter().map(|r| {
            dso(
                money(r.receivables[last]),
                money(sum(&r.sales[first3..])),
                days3,
            )
        })),
        cei: Interval::of_ratios(runs.iter().map(|r| {
            cei(
                money(book.opening),
                money(sum(&r.sales)),
                money(r.receivables[last]),
                money(r.current[last]),
            )
        })),
        bad_debt_percent: Interval::of_ratios(
            runs.iter()
                .map(|r| percent(money(sum(&r.write_offs)), money(sum(&r.sales)))),
        ),
        overdue_60_percent: Interval::of_ratios(
            runs.iter()
                .map(|r| percent(money(r.overdue_60[last]), money(r.receivables[last]))),
        ),
        cash_collected: i_cents(&|r| sum(&r.cash)),
        credit_sales: i_cents(&|r| sum(&r.sales)),
        write_offs: i_cents(&|r| sum(&r.write_offs)),
        closing_receivables: i_cents(&|r| r.receivables[last]),
        action_costs: i_cents(&|r| r.action_costs),
        partner_commission: i_cents(&|r| r.commission),
        collection_costs: i_cents(&|r| r.action_costs + r.commission),
        fees_charged: i_cents(&|r| r.fees),
        actions,
        customers_lost: Interval::of_counts(runs.iter().map(|r| u64::from(r.customers_lost))),
        sales_lost_to_stops: i_cents(&|r| r.sales_lost_to_stops),
        sales_blocked_by_limits: i_cents(&|r| r.sales_blocked),
        sales_refused_at_acceptance: money(plan.refused_cents),
        customers_refused: plan.refused_customers,
        months,
    }
}

impl Report {
    pub(super) fn new(
        as_of: NaiveDate,
        book: &Book,
        settings: &Settings,
        behaviour: &Behaviour,
        scenarios: Vec<ScenarioResult>,
    ) -> Report {
        let open = book.items.iter().filter(|x| x.open_days.is_some()).count() as u32;
        let d = settings.behaviour.default_days;
        Report {
            as_of,
            horizon_end: as_of + chrono::Duration::days(i64::from(book.horizon())),
            runs: settings.runs,
            seed: settings.seed,
            opening_receivables: money(book.opening),
            open_invoices: open,
            planned_invoices: book.items.len() as u32 - open,
            behaviour: behaviour.portfolio.clone(),
            scenarios,
            assumptions: vec![
                format!(
                    "next year's sales repeat the last {} months: every invoice issued again {} months later, to the same customer, for the same amount, on the same terms unless the scenario sets payment terms; no new customers beyond those",
                    settings.months, settings.months
                ),
                "each invoice's payment is drawn from its customer's calibrated behaviour (its own model with enough history, else its segment's); that history was made under the baseline policy, so a draw is the outcome under the baseline".into(),
                "customers pay relative to the due date: shorter terms bring the same delay earlier".into(),
                "a payment made within a baseline step's pay-within window was caused by that step with the channel's response rate; it moves with the step when a variant moves it, and slips to the next contact (or 30 days) when a variant drops it; an added step, or a stronger channel, brings a later payment into its window with its (extra) response rate".into(),
                format!("a default is final: it does not respond to reminders and is written off {d} days after its due date; invoices already further past due stay open"),
                "a stop on deliveries is permanent within the horizon; stops before the start are history".into(),
                "acceptance: a variant's scorecard refuses credit to newcomers (and, with review_existing, to existing customers) that it rejects and the baseline's scorecard accepts; the baseline refuses no one, since its customers were served".into(),
                "partial payments, disputes, promises and payment plans are not simulated; unapplied cash is not set against the opening book".into(),
                "fees are charged per invoice when their step fires (grouped steps cost one action per customer and day); response rates and action costs are assumed figures, listed in the settings".into(),
                "intervals are the 10th and 90th percentiles over the runs; every scenario of a run uses the same draws".into(),
            ],
        }
    }
}
