//! `risk/*`: credit acceptance and the scenario simulator.

use chrono::NaiveDate;
use rappel_core::collections::policy::Channel;
use rappel_core::credit::acceptance::{self, Applicant, Verdict, backtest};
use rappel_core::model::{Money, Portfolio};
use rappel_core::risk::simulate::{self, Levers, Settings};
use rust_decimal::Decimal;
use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize, Serializer};

use super::{Request, needs_portfolio};
use crate::inputs::{PolicyFile, card, load_policy};

/// A prospect (or any applicant) scored with the policy's scorecard.
#[derive(Serialize)]
pub struct AcceptApplicant<'a> {
    /// The policy.
    pub policy: &'a PolicyFile,
    /// The applicant.
    pub applicant: &'a Applicant,
}

impl Request for AcceptApplicant<'_> {
    const EXPORT: &'static str = "risk/accept-applicant";
    const RECORD: Option<&'static str> = None;
    type Answer = Verdict;

    fn native(&self, _: Option<Portfolio>) -> Result<Verdict, String> {
        let pol = load_policy(self.policy)?;
        let card = card(&pol, &self.policy.path)?;
        Ok(acceptance::decide(
            &card,
            self.applicant,
            pol.risk.min_invoices,
        ))
    }
}

/// Customers of the portfolio scored (all when `customer_ids` is empty).
#[derive(Serialize)]
pub struct AcceptCustomers<'a> {
    /// The policy.
    pub policy: &'a PolicyFile,
    /// Date of the decision.
    pub as_of: NaiveDate,
    /// Customers to score; empty: all.
    pub customer_ids: &'a [String],
    /// Credit limit asked for, instead of each customer's own.
    pub requested_limit: Option<Money>,
    /// External score, instead of each customer's own.
    pub external_score: Option<Decimal>,
}

/// One customer's verdict, as `rappel accept` prints it.
#[derive(Serialize, Deserialize)]
pub struct CustomerVerdict {
    /// Customer.
    pub customer_id: String,
    /// What the scorecard saw.
    pub applicant: Applicant,
    /// Its verdict.
    pub verdict: Verdict,
}

/// The verdicts.
#[derive(Deserialize)]
pub struct Decisions {
    /// In customer order.
    pub decisions: Vec<CustomerVerdict>,
}

impl Request for AcceptCustomers<'_> {
    const EXPORT: &'static str = "risk/accept-customers";
    const RECORD: Option<&'static str> = None;
    type Answer = Decisions;

    fn native(&self, p: Option<Portfolio>) -> Result<Decisions, String> {
        let pol = load_policy(self.policy)?;
        let card = card(&pol, &self.policy.path)?;
        let p = p.ok_or_else(|| needs_portfolio(Self::EXPORT))?;
        let scored = acceptance::score_customers(
            &p,
            &pol,
            &card,
            self.as_of,
            self.customer_ids,
            self.requested_limit,
            self.external_score,
        )
        .map_err(|id| format!("--customer {id}: no such customer in the data"))?;
        Ok(Decisions {
            decisions: scored
                .into_iter()
                .map(|(customer_id, applicant, verdict)| CustomerVerdict {
                    customer_id,
                    applicant,
                    verdict,
                })
                .collect(),
        })
    }
}

/// The scorecard's error-1 / error-2 backtest.
#[derive(Serialize)]
pub struct BacktestAcceptance<'a> {
    /// The policy.
    pub policy: &'a PolicyFile,
    /// Date the outcomes are judged at.
    pub as_of: NaiveDate,
    /// Decision date.
    pub from: NaiveDate,
    /// Months of invoices judged.
    pub months: u32,
    /// Days past due that make a customer bad.
    pub bad_days: i64,
}

impl Request for BacktestAcceptance<'_> {
    const EXPORT: &'static str = "risk/backtest-acceptance";
    const RECORD: Option<&'static str> = None;
    type Answer = backtest::Backtest;

    fn native(&self, p: Option<Portfolio>) -> Result<backtest::Backtest, String> {
        let pol = load_policy(self.policy)?;
        let card = card(&pol, &self.policy.path)?;
        let p = p.ok_or_else(|| needs_portfolio(Self::EXPORT))?;
        let options = backtest::Options {
            from: self.from,
            months: self.months,
            bad_days: self.bad_days,
        };
        Ok(backtest::backtest(
            &card,
            &p,
            self.as_of,
            &options,
            pol.risk.lookback_months,
            pol.risk.min_invoices,
        ))
    }
}

/// One scenario of a simulation: a policy, and levers applied to it.
#[derive(Serialize)]
pub struct Scenario<'a> {
    /// Name.
    pub name: String,
    /// Policy.
    pub policy: &'a PolicyFile,
    /// Levers.
    pub levers: Option<Levers>,
}

/// A simulation of the baseline (the first scenario) and its variants.
#[derive(Serialize)]
pub struct Simulate<'a> {
    /// Start.
    pub as_of: NaiveDate,
    /// The scenarios.
    pub scenarios: Vec<Scenario<'a>>,
    /// Runs, seed, months, responses and costs.
    #[serde(serialize_with = "settings_record")]
    pub settings: Settings,
}

/// The settings as the `simulation-settings` record: per-channel maps as lists of
/// `{channel, value}`.
fn settings_record<S: Serializer>(st: &Settings, s: S) -> Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    struct ChannelValue {
        channel: Channel,
        value: Decimal,
    }
    let list = |m: &std::collections::BTreeMap<Channel, Decimal>| -> Vec<ChannelValue> {
        m.iter()
            .map(|(&channel, &value)| ChannelValue { channel, value })
            .collect()
    };
    let mut r = s.serialize_struct("SimulationSettings", 6)?;
    r.serialize_field("runs", &st.runs)?;
    r.serialize_field("seed", &st.seed)?;
    r.serialize_field("months", &st.months)?;
    r.serialize_field("response_percent", &list(&st.response_percent))?;
    r.serialize_field("action_cost", &list(&st.action_cost))?;
    r.serialize_field(
        "partner_commission_percent",
        &Some(st.partner_commission_percent),
    )?;
    r.end()
}

impl Request for Simulate<'_> {
    const EXPORT: &'static str = "risk/simulate";
    const RECORD: Option<&'static str> = None;
    type Answer = simulate::Report;

    fn native(&self, p: Option<Portfolio>) -> Result<simulate::Report, String> {
        let proposals = self
            .scenarios
            .iter()
            .map(|s| {
                Ok(simulate::Proposal {
                    name: s.name.clone(),
                    policy: load_policy(s.policy)?,
                    levers: s.levers.clone(),
                })
            })
            .collect::<Result<_, String>>()?;
        let study = simulate::Study {
            proposals,
            settings: self.settings.clone(),
        };
        let p = p.ok_or_else(|| needs_portfolio(Self::EXPORT))?;
        study.run(&p, self.as_of).map_err(|errors| {
            let mut s = format!("the simulation cannot run ({} problem(s)):", errors.len());
            for e in &errors {
                s.push_str("\n  ");
                s.push_str(&study.explain(e));
            }
            s
        })
    }
}
