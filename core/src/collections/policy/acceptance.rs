//! The `[acceptance]` section of the policy document: the schema of the credit
//! acceptance scorecard (points per characteristic, knock-outs, classes with their
//! traffic light, decision and share of the requested limit). Scoring an applicant and
//! backtesting the scorecard are in [`crate::credit::acceptance`]; this module only
//! says what a consultant may write, so that the policy document does not depend on the
//! engine that runs it.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::model::{Money, Sector};

/// The `[acceptance]` section of a policy: a points scorecard with knock-outs and
/// classes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Acceptance {
    /// Points everyone starts with.
    #[serde(default)]
    pub start_points: i32,
    /// Points by the amount-weighted average days late over the risk model's lookback
    /// window (see [`crate::collections::policy::risk::payment_history`]); first band that holds.
    #[serde(default)]
    pub days_late: Vec<Band>,
    /// Points when there is too little history (fewer invoices than the risk model's
    /// `min_invoices`).
    #[serde(default)]
    pub no_history_points: i32,
    /// Points by years since `customer_since` (one decimal).
    #[serde(default)]
    pub years_as_customer: Vec<Band>,
    /// Points per sector.
    #[serde(default)]
    pub sectors: BTreeMap<Sector, i32>,
    /// Points when the sector is unknown.
    #[serde(default)]
    pub unknown_sector_points: i32,
    /// Points by the requested credit limit (an amount).
    #[serde(default)]
    pub requested_limit: Vec<Band>,
    /// Points by the external score (Graydon, Creditsafe…).
    #[serde(default)]
    pub external_score: Vec<Band>,
    /// Points without an external score.
    #[serde(default)]
    pub no_score_points: i32,
    /// Rejections before scoring.
    #[serde(default)]
    pub knockouts: Knockouts,
    /// Classes, best first: an applicant gets the first class whose `min_points` its
    /// score reaches (the last class takes everyone else).
    pub classes: Vec<AcceptanceClass>,
    /// No proposed limit above this amount.
    #[serde(default)]
    pub max_limit: Option<Money>,
}

/// A band of a characteristic: `min ≤ value ≤ max` (either bound may be absent) gives
/// `points`. Bands are tried in order; the first that holds counts, none gives 0.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    /// Lowest value of the band, inclusive.
    #[serde(default)]
    pub min: Option<Decimal>,
    /// Highest value of the band, inclusive.
    #[serde(default)]
    pub max: Option<Decimal>,
    /// Points for a value in the band.
    pub points: i32,
}

impl Band {
    /// Whether `v` lies in the band.
    pub fn holds(&self, v: Decimal) -> bool {
        self.min.is_none_or(|m| v >= m) && self.max.is_none_or(|m| v <= m)
    }
}

/// Rejections that no score outweighs (the decision tree's first branches).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Knockouts {
    /// Reject a customer whose status is insolvent or at the collection partner
    /// (default true).
    #[serde(default = "yes")]
    pub insolvent: bool,
    /// Reject a customer with an invoice open more than this many days past its due
    /// date.
    #[serde(default)]
    pub max_days_overdue: Option<i64>,
}

fn yes() -> bool {
    true
}

impl Default for Knockouts {
    fn default() -> Self {
        Knockouts {
            insolvent: true,
            max_days_overdue: None,
        }
    }
}

/// A traffic light.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Light {
    /// Deliver on credit.
    Green,
    /// Deliver on conditions.
    Amber,
    /// Do not deliver on credit.
    Red,
}

impl Light {
    /// The policy spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Light::Green => "green",
            Light::Amber => "amber",
            Light::Red => "red",
        }
    }
}

/// What the class decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Credit up to the proposed limit.
    Accept,
    /// Credit on the class's conditions.
    AcceptWithConditions,
    /// No credit.
    Reject,
}

impl Decision {
    /// The policy spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Accept => "accept",
            Decision::AcceptWithConditions => "accept_with_conditions",
            Decision::Reject => "reject",
        }
    }
}

/// A condition of an acceptance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    /// Pay before delivery: no credit at all.
    Prepayment,
    /// Pay by direct debit on the due date.
    DirectDebit,
    /// A limit below the one requested (the class's `limit_percent`).
    LowerLimit,
    /// A guarantee or retention of title.
    Security,
}

impl Condition {
    /// The policy spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Condition::Prepayment => "prepayment",
            Condition::DirectDebit => "direct_debit",
            Condition::LowerLimit => "lower_limit",
            Condition::Security => "security",
        }
    }
}

/// An acceptance class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AcceptanceClass {
    /// Risk label (`A`, `B`, `C`).
    pub name: String,
    /// Traffic light.
    pub light: Light,
    /// Lowest score of the class.
    pub min_points: i32,
    /// What the class decides.
    pub decision: Decision,
    /// Conditions (only with `accept_with_conditions`).
    #[serde(default)]
    pub conditions: Vec<Condition>,
    /// Share of the requested limit granted, in percent (default 100).
    #[serde(default = "hundred")]
    pub limit_percent: Decimal,
}

fn hundred() -> Decimal {
    Decimal::ONE_HUNDRED
}

impl AcceptanceClass {
    /// Whether a customer of this class gets credit (not rejected, not prepayment).
    pub fn gives_credit(&self) -> bool {
        self.decision != Decision::Reject && !self.conditions.contains(&Condition::Prepayment)
    }
}

impl Acceptance {
    /// Every problem of the section, with paths under `acceptance`.
    pub fn problems(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut bands = |name: &str, list: &[Band]| {
            for (i, b) in list.iter().enumerate() {
                if let (Some(lo), Some(hi)) = (b.min, b.max)
                    && lo > hi
                {
                    out.push((
                        format!("acceptance.{name}[{i}]"),
                        "min is greater than max".to_string(),
                    ));
                }
            }
        };
        bands("days_late", &self.days_late);
        bands("years_as_customer", &self.years_as_customer);
        bands("requested_limit", &self.requested_limit);
        bands("external_score", &self.external_score);
        if self.classes.is_empty() {
            out.push((
                "acceptance.classes".into(),
                "at least one class is needed".into(),
            ));
        }
        for (i, c) in self.classes.iter().enumerate() {
            let at = format!("acceptance.classes[{i}]");
            if c.name.trim().is_empty() {
                out.push((format!("{at}.name"), "must not be empty".into()));
            }
            if i > 0 && c.min_points >= self.classes[i - 1].min_points {
                out.push((
                    format!("{at}.min_points"),
                    "must be lower than the previous class's (classes go best first)".into(),
                ));
            }
            if !(Decimal::ZERO..=Decimal::ONE_HUNDRED).contains(&c.limit_percent) {
                out.push((
                    format!("{at}.limit_percent"),
                    "must be between 0 and 100".into(),
                ));
            }
            match (c.decision, c.conditions.is_empty()) {
                (Decision::AcceptWithConditions, true) => out.push((
                    format!("{at}.conditions"),
                    "accept_with_conditions needs at least one condition".into(),
                )),
                (Decision::Accept | Decision::Reject, false) => out.push((
                    format!("{at}.conditions"),
                    format!(
                        "only accept_with_conditions takes conditions, not {}",
                        c.decision.as_str()
                    ),
                )),
                _ => {}
            }
        }
        if self.max_limit.is_some_and(|m| m < Money::ZERO) {
            out.push(("acceptance.max_limit".into(), "must not be negative".into()));
        }
        if self.knockouts.max_days_overdue.is_some_and(|d| d < 0) {
            out.push((
                "acceptance.knockouts.max_days_overdue".into(),
                "must not be negative".into(),
            ));
        }
        out
    }

    /// Index of the lowest class that still gives credit, if any: its `min_points` is
    /// the cut-off between credit and no credit.
    pub fn credit_cutoff_class(&self) -> Option<usize> {
        self.classes.iter().rposition(|c| c.gives_credit())
    }
}
