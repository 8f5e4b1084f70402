//! Credit-policy scenarios (issue 6 §4): a portfolio, a baseline policy and variants,
//! simulated 12 months forward, Monte Carlo with a caller-supplied seed.
//!
//! **The simulated book.** The invoices open at `as_of` and, as next year's sales, every
//! invoice of the last `months` months issued again `months` months later (same customer,
//! amount and terms unless the scenario's `credit.payment_terms_days` says otherwise).
//!
//! **How an invoice is paid.** Each run draws, per invoice, an outcome from the
//! customer's calibrated payment behaviour ([`crate::risk::behaviour`]): settled `k` days
//! after the due date, or a default (written off `default_days` after it). The history
//! was made under the **baseline** policy, so a draw is the outcome under the baseline.
//! A variant changes it through the reminders (steps matched by rank: pre-due steps
//! counted back from the due date, the others forward): a payment that came within a
//! baseline step's pay-within window is, with that channel's response rate, *driven* by
//! the step and moves with it when the variant moves the step (to the next contact when
//! the variant drops it, or 30 days later without one); a step the variant adds (or a
//! stronger channel) pulls a later payment into its window with its (extra) response
//! rate. Defaults do not respond. The draws of an invoice are the same in every scenario
//! of a run (common random numbers), so differences are the policy's.
//!
//! **Credit decisions.** A scenario's acceptance scorecard refuses newcomers (customers
//! first invoiced in the last `months` months, scored without history) — and existing
//! customers too when `credit.review_existing` — whose class gives no credit; their
//! sales are not made on credit. The baseline refuses no one (the customers in the data
//! were served under the policy in force), and a variant does not refuse a customer the
//! baseline's own scorecard refuses: it was accepted in practice all the same. `direct_debit` as a condition collects their new
//! invoices on the due date. With `credit.enforce_limits`, an invoice that would take the
//! customer over its limit (the scorecard's proposed limit, else its credit limit, ×
//! `limit_percent`) is not made. A `stop_delivery` step that fires stops all later sales
//! to the customer (a customer lost).
//!
//! Everything is integer arithmetic on cents and per-mille rates; the results are
//! decimals. Same input and seed, same report, byte for byte, on every build.

mod book;
#[cfg(feature = "charts")]
pub mod brief;
mod comparison;
mod levers;
mod random;
mod report;
mod respond;
mod run;
mod study;
pub mod words;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

pub use comparison::{Comparison, ComparisonRow, compare};
pub use levers::{Levers, PreDueReminder};
pub use report::{ChannelCount, Interval, MonthResult, Report, ScenarioResult};
pub use study::{Proposal, Study};

use crate::collections::policy::{Channel, Policy};
use crate::model::{Money, Portfolio};
use crate::risk::behaviour::{self, calibrate};

/// One scenario: a name and a policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scenario {
    /// Shown in the report.
    pub name: String,
    /// The policy simulated.
    pub policy: Policy,
}

/// Settings of a simulation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Monte-Carlo runs (default 200).
    #[serde(default = "default_runs")]
    pub runs: u32,
    /// Seed of the draws.
    pub seed: u64,
    /// Months simulated (default 12).
    #[serde(default = "default_months")]
    pub months: u32,
    /// Per channel, the percentage of invoices still open at a contact that it gets paid
    /// within the step's `pay_within_days` (assumed figures; set your own).
    #[serde(default = "default_response")]
    pub response_percent: BTreeMap<Channel, Decimal>,
    /// Per channel, the internal cost of one action (assumed figures; set your own).
    #[serde(default = "default_costs")]
    pub action_cost: BTreeMap<Channel, Money>,
    /// The collection partner's commission on what is paid after a handover, percent
    /// (default 15).
    #[serde(default = "default_commission")]
    pub partner_commission_percent: Decimal,
    /// Calibration of the payment behaviour.
    #[serde(default)]
    pub behaviour: behaviour::Options,
}

impl Settings {
    /// The settings a call gives: `seed`, `runs` and `months`, per-channel response
    /// rates and action costs that replace the defaults for the channels named, and the
    /// partner's commission when given; everything else at its default.
    pub fn from_parts(
        runs: u32,
        seed: u64,
        months: u32,
        response_percent: Vec<(Channel, Decimal)>,
        action_cost: Vec<(Channel, Money)>,
        partner_commission_percent: Option<Decimal>,
    ) -> Settings {
        let mut s = Settings::with_seed(seed);
        s.runs = runs;
        s.months = months;
        s.response_percent.extend(response_percent);
        s.action_cost.extend(action_cost);
        if let Some(c) = partner_commission_percent {
            s.partner_commission_percent = c;
        }
        s
    }
}

fn default_runs() -> u32 {
    200
}
fn default_months() -> u32 {
    12
}
fn default_commission() -> Decimal {
    Decimal::from(15)
}
fn per_channel(values: [(Channel, i64, u32); 8]) -> BTreeMap<Channel, Decimal> {
    values
        .into_iter()
        .map(|(c, v, scale)| (c, Decimal::new(v, scale)))
        .collect()
}
fn default_response() -> BTreeMap<Channel, Decimal> {
    per_channel([
        (Channel::Email, 20, 0),
        (Channel::Sms, 25, 0),
        (Channel::Whatsapp, 25, 0),
        (Channel::Letter, 25, 0),
        (Channel::PhoneTask, 40, 0),
        (Channel::Statement, 10, 0),
        (Channel::Handover, 50, 0),
        (Channel::StopDelivery, 45, 0),
    ])
}
fn default_costs() -> BTreeMap<Channel, Money> {
    per_channel([
        (Channel::Email, 20, 2),
        (Channel::Sms, 15, 2),
        (Channel::Whatsapp, 10, 2),
        (Channel::Letter, 180, 2),
        (Channel::PhoneTask, 750, 2),
        (Channel::Statement, 60, 2),
        (Channel::Handover, 1500, 2),
        (Channel::StopDelivery, 500, 2),
    ])
}

impl Settings {
    /// Default settings with `seed`.
    pub fn with_seed(seed: u64) -> Settings {
        Settings {
            runs: default_runs(),
            seed,
            months: default_months(),
            response_percent: default_response(),
            action_cost: default_costs(),
            partner_commission_percent: default_commission(),
            behaviour: behaviour::Options::default(),
        }
    }

    /// Takes the response rate of every channel with at least `min_reminders` observed
    /// reminders from `observed` ([`crate::risk::behaviour::response::step_responses`]);
    /// returns the channels changed with their new rates. Observed responses are an
    /// upper bound on what reminders cause (see that module).
    pub fn use_observed_response(
        &mut self,
        observed: &[crate::risk::behaviour::response::ChannelResponse],
        min_reminders: u32,
    ) -> Vec<(Channel, Decimal)> {
        let mut changed = Vec::new();
        for c in observed {
            if let Some(pct) = c.tally.percent
                && c.tally.reminded >= min_reminders
            {
                self.response_percent.insert(c.channel, pct);
                changed.push((c.channel, pct));
            }
        }
        changed
    }

    /// Every problem with the settings, as `(field, reason)`.
    pub fn problems(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        if !(1..=10_000).contains(&self.runs) {
            out.push(("runs".into(), "must be between 1 and 10000".into()));
        }
        if !(1..=36).contains(&self.months) {
            out.push(("months".into(), "must be between 1 and 36".into()));
        }
        for (c, v) in &self.response_percent {
            if *v < Decimal::ZERO || *v > Decimal::ONE_HUNDRED {
                out.push((
                    format!("response_percent.{}", c.as_str()),
                    "must be between 0 and 100".into(),
                ));
            }
        }
        for (c, v) in &self.action_cost {
            if *v < Money::ZERO {
                out.push((
                    format!("action_cost.{}", c.as_str()),
                    "must not be negative".into(),
                ));
            }
        }
        if self.partner_commission_percent < Decimal::ZERO
            || self.partner_commission_percent > Decimal::ONE_HUNDRED
        {
            out.push((
                "partner_commission_percent".into(),
                "must be between 0 and 100".into(),
            ));
        }
        out
    }
}

/// Why a simulation cannot run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimulateError {
    /// The field at fault.
    pub path: String,
    /// Why.
    pub message: String,
    /// The run is more than the engine takes ([`crate::limits::simulation_work`]): a
    /// `too-large` error rather than a wrong argument.
    pub too_large: bool,
}

/// Simulates `scenarios` (the first is the baseline) on `p` from `as_of` on.
pub fn simulate(
    p: &Portfolio,
    as_of: NaiveDate,
    scenarios: &[Scenario],
    settings: &Settings,
) -> Result<Report, Vec<SimulateError>> {
    let mut errors: Vec<SimulateError> = settings
        .problems()
        .into_iter()
        .map(|(path, message)| SimulateError {
            path,
            message,
            too_large: false,
        })
        .collect();
    if scenarios.is_empty() {
        errors.push(SimulateError {
            path: "scenarios".into(),
            message: "at least one scenario (the baseline) is needed".into(),
            too_large: false,
        });
    }
    for (i, s) in scenarios.iter().enumerate() {
        if s.name.trim().is_empty() {
            errors.push(SimulateError {
                path: format!("scenarios[{i}].name"),
                message: "must not be empty".into(),
                too_large: false,
            });
        }
        for problem in crate::collections::policy::validate(&s.policy) {
            errors.push(SimulateError {
                path: format!("scenarios[{i}].policy.{}", problem.path),
                message: problem.message,
                too_large: false,
            });
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let book = book::Book::new(p, as_of, settings.months);
    let (runs, months) = (settings.runs, settings.months);
    if let Err(e) = crate::limits::simulation_work(runs, months, book.items.len(), scenarios.len())
    {
        return Err(vec![SimulateError {
            path: e.field.into(),
            message: e.reason,
            too_large: e.breach == crate::limits::Breach::TooLarge,
        }]);
    }
    let behaviour = calibrate(p, as_of, &settings.behaviour);
    let baseline = book::Compiled::new(&scenarios[0].policy, &book, p, as_of, settings);
    let mut results = Vec::with_capacity(scenarios.len());
    for (k, s) in scenarios.iter().enumerate() {
        let compiled = if k == 0 {
            baseline.clone()
        } else {
            book::Compiled::new(&s.policy, &book, p, as_of, settings)
        };
        let plan = book::Plan::new(&book, p, as_of, &s.policy, compiled, &baseline, settings);
        let runs = run::run_all(&book, &plan, &baseline, &behaviour, p, settings);
        results.push(report::summarise(&s.name, &book, &plan, &runs));
    }
    Ok(Report::new(as_of, &book, settings, &behaviour, results))
}
