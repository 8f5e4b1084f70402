//! `risk/*`: credit acceptance and the scenario simulator.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::error::{Error, ErrorCode, Problem};
use super::inputs::PolicyDocument;
use super::request::{Request, portfolio};
use crate::collections::policy::Policy;
use crate::credit::acceptance::{self, Acceptance, Applicant, Verdict, backtest};
use crate::model::{Money, Portfolio};
use crate::risk::simulate::{self, Levers, Settings};

/// The policy and its scorecard; `invalid_policy` when it has none.
fn scorecard(d: &PolicyDocument) -> Result<(Policy, Acceptance), Error> {
    let p = d.parse()?;
    let card = p.acceptance.clone().ok_or_else(|| {
        Error::new(
            ErrorCode::InvalidPolicy,
            "the policy has no [acceptance] section (see examples/policies/wholesale.toml)",
            Some("acceptance"),
        )
    })?;
    Ok((p, card))
}

/// An applicant (a prospect, or anyone described by hand) scored with the scorecard.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AcceptApplicant {
    /// The policy.
    pub policy: PolicyDocument,
    /// The applicant.
    pub applicant: Applicant,
}

impl Request for AcceptApplicant {
    const NAME: &'static str = "risk/accept-applicant";
    const RECORD: Option<&'static str> = None;
    const PORTFOLIO: bool = false;
    type Answer = Verdict;

    fn answer(&self, _: Option<&Portfolio>) -> Result<Verdict, Error> {
        let (p, card) = scorecard(&self.policy)?;
        Ok(acceptance::decide(
            &card,
            &self.applicant,
            p.risk.min_invoices,
        ))
    }
}

/// Customers of the portfolio scored (every customer when `customer_ids` is empty).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AcceptCustomers {
    /// The policy.
    pub policy: PolicyDocument,
    /// Date of the decision.
    pub as_of: NaiveDate,
    /// Customers to score; empty: all.
    pub customer_ids: Vec<String>,
    /// Credit limit asked for, instead of each customer's own.
    pub requested_limit: Option<Money>,
    /// External score, instead of each customer's own.
    pub external_score: Option<Decimal>,
}

/// One customer's verdict.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CustomerVerdict {
    /// Customer.
    pub customer_id: String,
    /// What the scorecard saw.
    pub applicant: Applicant,
    /// Its verdict.
    pub verdict: Verdict,
}

/// The verdicts.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Decisions {
    /// Date of the decisions.
    pub as_of: NaiveDate,
    /// In customer order.
    pub decisions: Vec<CustomerVerdict>,
}

impl Request for AcceptCustomers {
    const NAME: &'static str = "risk/accept-customers";
    const RECORD: Option<&'static str> = None;
    const PORTFOLIO: bool = true;
    type Answer = Decisions;

    fn ledger_method(&self) -> Option<&'static str> {
        Some("accept-customers")
    }

    fn check(&self) -> Result<(), Error> {
        scorecard(&self.policy).map(drop)
    }

    fn answer(&self, p: Option<&Portfolio>) -> Result<Decisions, Error> {
        let (pol, card) = scorecard(&self.policy)?;
        let scored = acceptance::score_customers(
            portfolio(Self::NAME, p)?,
            &pol,
            &card,
            self.as_of,
            &self.customer_ids,
            self.requested_limit,
            self.external_score,
        )
        .map_err(|id| {
            Error::new(
                ErrorCode::UnknownCustomer,
                format!("no customer {id:?} in the portfolio"),
                Some("customer-ids"),
            )
        })?;
        let decisions = scored
            .into_iter()
            .map(|(customer_id, applicant, verdict)| CustomerVerdict {
                customer_id,
                applicant,
                verdict,
            })
            .collect();
        Ok(Decisions {
            as_of: self.as_of,
            decisions,
        })
    }
}

/// The scorecard's error-1 / error-2 backtest.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BacktestAcceptance {
    /// The policy.
    pub policy: PolicyDocument,
    /// Date the outcomes are judged at.
    pub as_of: NaiveDate,
    /// Decision date; before `as_of`.
    pub from: NaiveDate,
    /// Months of invoices judged.
    pub months: u32,
    /// Days past due that make a customer bad.
    pub bad_days: i64,
}

impl Request for BacktestAcceptance {
    const NAME: &'static str = "risk/backtest-acceptance";
    const RECORD: Option<&'static str> = None;
    const PORTFOLIO: bool = true;
    type Answer = backtest::Backtest;

    fn ledger_method(&self) -> Option<&'static str> {
        Some("backtest-acceptance")
    }

    fn check(&self) -> Result<(), Error> {
        if self.from >= self.as_of {
            return Err(Error::argument(
                "from",
                format!("{} must be before as-of {}", self.from, self.as_of),
            ));
        }
        scorecard(&self.policy).map(drop)
    }

    fn answer(&self, p: Option<&Portfolio>) -> Result<backtest::Backtest, Error> {
        self.check()?;
        let (pol, card) = scorecard(&self.policy)?;
        let options = backtest::Options {
            from: self.from,
            months: self.months,
            bad_days: self.bad_days,
        };
        Ok(backtest::backtest(
            &card,
            portfolio(Self::NAME, p)?,
            self.as_of,
            &options,
            pol.risk.lookback_months,
            pol.risk.min_invoices,
        ))
    }
}

/// One scenario of a simulation: a policy, and levers applied to it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ScenarioRequest {
    /// Name.
    pub name: String,
    /// Policy.
    pub policy: PolicyDocument,
    /// Levers applied to the policy.
    pub levers: Option<Levers>,
}

/// A simulation of the baseline (the first scenario) and its variants.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Simulate {
    /// Start.
    pub as_of: NaiveDate,
    /// The scenarios.
    pub scenarios: Vec<ScenarioRequest>,
    /// Runs, seed, months, responses and costs (as the `simulation-settings` record:
    /// per-channel values as lists of `{channel, value}`, the behaviour options at their
    /// defaults).
    #[serde(with = "settings_record")]
    pub settings: Settings,
}

/// The simulator's settings as the arguments carry them.
mod settings_record {
    use rust_decimal::Decimal;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use crate::collections::policy::Channel;
    use crate::risk::simulate::Settings;

    #[derive(Serialize, Deserialize)]
    struct ChannelValue {
        channel: Channel,
        value: Decimal,
    }

    #[derive(Serialize, Deserialize)]
    struct Record {
        runs: u32,
        seed: u64,
        months: u32,
        response_percent: Vec<ChannelValue>,
        action_cost: Vec<ChannelValue>,
        partner_commission_percent: Option<Decimal>,
    }

    fn list(m: &std::collections::BTreeMap<Channel, Decimal>) -> Vec<ChannelValue> {
        m.iter()
            .map(|(&channel, &value)| ChannelValue { channel, value })
            .collect()
    }

    pub fn serialize<S: Serializer>(st: &Settings, s: S) -> Result<S::Ok, S::Error> {
        Record {
            runs: st.runs,
            seed: st.seed,
            months: st.months,
            response_percent: list(&st.response_percent),
            action_cost: list(&st.action_cost),
            partner_commission_percent: Some(st.partner_commission_percent),
        }
        .serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Settings, D::Error> {
        let r = Record::deserialize(d)?;
        let pairs = |l: Vec<ChannelValue>| l.into_iter().map(|c| (c.channel, c.value)).collect();
        Ok(Settings::from_parts(
            r.runs,
            r.seed,
            r.months,
            pairs(r.response_percent),
            pairs(r.action_cost),
            r.partner_commission_percent,
        ))
    }
}

impl Simulate {
    /// The study: every policy read (a bad one is named by its scenario).
    pub fn study(&self) -> Result<simulate::Study, Error> {
        let proposals = self
            .scenarios
            .iter()
            .enumerate()
            .map(|(k, s)| {
                let policy = s.policy.parse().map_err(|mut e| {
                    e.message = format!("scenarios[{k}].policy: {}", e.message);
                    e
                })?;
                Ok(simulate::Proposal {
                    name: s.name.clone(),
                    policy,
                    levers: s.levers.clone(),
                })
            })
            .collect::<Result<_, Error>>()?;
        Ok(simulate::Study {
            proposals,
            settings: self.settings.clone(),
        })
    }
}

impl Request for Simulate {
    const NAME: &'static str = "risk/simulate";
    const RECORD: Option<&'static str> = None;
    const PORTFOLIO: bool = true;
    type Answer = simulate::Report;

    fn ledger_method(&self) -> Option<&'static str> {
        Some("simulate")
    }

    fn check(&self) -> Result<(), Error> {
        self.study().map(drop)
    }

    fn answer(&self, p: Option<&Portfolio>) -> Result<simulate::Report, Error> {
        let study = self.study()?;
        study
            .run(portfolio(Self::NAME, p)?, self.as_of)
            .map_err(|errors| {
                let n = errors.len();
                // A simulation past its work bound (limits::simulation_work) is too large,
                // not a wrong argument.
                let too_large = errors.iter().any(|e| e.too_large);
                Error::with_problems(
                    if too_large {
                        ErrorCode::TooLarge
                    } else {
                        ErrorCode::InvalidArgument
                    },
                    format!("the simulation cannot run ({n} problem(s))"),
                    errors
                        .into_iter()
                        .map(|e| Problem {
                            path: wit_path(&e.path),
                            line: None,
                            field: None,
                            reason: e.message,
                        })
                        .collect(),
                )
            })
    }
}

/// A simulator problem's path as the arguments spell it: the levers are a record
/// (`scenarios[1].levers.handover-day`); policy paths name the field as the policy
/// document writes it.
fn wit_path(path: &str) -> String {
    match path.split_once(".levers.") {
        Some((scenario, field)) => format!("{scenario}.levers.{}", field.replace('_', "-")),
        None => path.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::collections::policy::Channel;

    #[test]
    fn simulation_settings_travel_as_the_wit_record_and_come_back_whole() {
        let mut settings = Settings::with_seed(7);
        settings.runs = 25;
        settings
            .response_percent
            .insert(Channel::Sms, Decimal::new(125, 1));
        settings.partner_commission_percent = Decimal::from(12);
        let req = Simulate {
            as_of: NaiveDate::from_ymd_opt(2026, 6, 30).unwrap(),
            scenarios: Vec::new(),
            settings: settings.clone(),
        };
        let json = serde_json::to_value(&req).unwrap();
        // Per-channel values are a list of {channel, value}, as `simulation-settings` has them.
        let sms = json["settings"]["response_percent"]
            .as_array()
            .unwrap()
            .iter()
            .find(|cv| cv["channel"] == "sms")
            .unwrap();
        assert_eq!(sms["value"], "12.5");
        assert_eq!(json["settings"]["partner_commission_percent"], "12");
        let back: Simulate = serde_json::from_value(json).unwrap();
        assert_eq!(back.settings, settings);
    }

    #[test]
    fn a_backtest_from_after_its_date_is_refused_before_any_data_is_read() {
        let req = BacktestAcceptance {
            policy: PolicyDocument {
                format: crate::collections::policy::PolicyFormat::Toml,
                text: String::new(),
            },
            as_of: NaiveDate::from_ymd_opt(2026, 6, 30).unwrap(),
            from: NaiveDate::from_ymd_opt(2026, 7, 1).unwrap(),
            months: 12,
            bad_days: 90,
        };
        let e = req.check().unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidArgument);
        assert_eq!(e.path.as_deref(), Some("from"));
        assert_eq!(
            e.to_string(),
            "from: 2026-07-01 must be before as-of 2026-06-30"
        );
    }
}
