//! The credit-management policy document (DESIGN.md, "Policy is data"): risk classes,
//! segmentation rules, dunning processes, message templates, fee rules and holds. A
//! consultant edits it as TOML or JSON; [`parse`] reads and validates it, listing every
//! problem with the path of the field at fault.

pub mod acceptance;
mod document;
pub mod risk;
pub mod segment;
pub mod template;
mod validate;
mod warnings;

use serde::{Deserialize, Serialize};

pub use document::{
    CatchUp, Channel, CostsBasis, CreditNetting, CreditTerms, Creditor, HoldRules, Lifecycle,
    POLICY_VERSION, Policy, Process, RiskClass, RiskModel, SegmentRule, Step, StepKind, Template,
    WorklistWeights,
};
pub use validate::validate;
pub use warnings::warnings;

use crate::collections::fees::lawful::TermsBook;
use crate::collections::law::{Country, Regime};
use crate::model::Customer;

/// One problem with a policy document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyProblem {
    /// Path of the field at fault, e.g. `processes[3].steps[2].offset_days`.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for PolicyProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// The syntax of a policy document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PolicyFormat {
    /// TOML.
    Toml,
    /// JSON.
    Json,
}

impl PolicyFormat {
    /// The format a file name suggests (`.json` → JSON, anything else TOML).
    pub fn from_file_name(name: &str) -> PolicyFormat {
        if name.to_ascii_lowercase().ends_with(".json") {
            PolicyFormat::Json
        } else {
            PolicyFormat::Toml
        }
    }
}

/// Reads and validates a policy. A syntax or type error gives one problem (serde stops
/// at the first), with the path where it was found; a document that reads gives every
/// validation problem at once.
pub fn parse(text: &str, format: PolicyFormat) -> Result<Policy, Vec<PolicyProblem>> {
    if text.len() > crate::limits::MAX_DOCUMENT_BYTES {
        return Err(vec![PolicyProblem {
            path: String::new(),
            message: crate::limits::document_too_large(text.len()),
        }]);
    }
    let read = match format {
        PolicyFormat::Toml => {
            let de = toml::Deserializer::new(text);
            serde_path_to_error::deserialize::<_, Policy>(de).map_err(|e| {
                let path = e.path().to_string();
                (path, e.into_inner().to_string())
            })
        }
        PolicyFormat::Json => {
            let mut de = serde_json::Deserializer::from_str(text);
            serde_path_to_error::deserialize::<_, Policy>(&mut de).map_err(|e| {
                let path = e.path().to_string();
                (path, e.into_inner().to_string())
            })
        }
    };
    let policy = read.map_err(|(path, message)| {
        vec![PolicyProblem {
            path: if path == "." { String::new() } else { path },
            message: message.trim().replace('\n', " ").replace("  ", " "),
        }]
    })?;
    let problems = validate(&policy);
    if problems.is_empty() {
        Ok(policy)
    } else {
        Err(problems)
    }
}

impl Policy {
    /// The creditor as payee of the transfers letters and statements ask for.
    pub fn payee(&self) -> crate::cash::qr::Payee<'_> {
        crate::cash::qr::Payee {
            name: &self.creditor.name,
            iban: &self.creditor.iban,
            bic: &self.creditor.bic,
        }
    }

    /// The interest terms of every regime: the policy's own table, or the statutory ones.
    pub fn terms_book(&self) -> TermsBook {
        TermsBook::new(
            self.interest_rates.as_ref(),
            &self.interest_tables,
            self.costs_basis,
        )
    }

    /// The law governing `c`'s debts and its regime ([`Regime::applicable`]): the
    /// customer's country (else the creditor's), consumer or not, and the contract law
    /// of its segment. `None` when the policy names no creditor country (it then
    /// charges nothing: validation asks for one as soon as a step charges).
    pub fn law_of(&self, c: &Customer) -> Option<(Country, Regime)> {
        let creditor = self.creditor.country.as_ref()?;
        let debtor = c.country.as_ref().unwrap_or(creditor);
        let chosen = self.creditor.contract_law.get(&c.segment);
        Some(Regime::applicable(creditor, debtor, c.b2c, chosen))
    }

    /// The process with id `id`.
    pub fn process(&self, id: &str) -> Option<&Process> {
        self.processes.iter().find(|p| p.id == id)
    }
}
