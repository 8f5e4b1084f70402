//! A study: the policy in force and its variants, as a consultant states them (a policy,
//! and for a variant the levers that change it), simulated side by side. The one place
//! where scenarios are assembled, for the CLI (`rappel simulate`), the component
//! (`risk.simulate`) and the dashboard's scenario studio.

use chrono::NaiveDate;

use super::{Levers, Report, Scenario, Settings, SimulateError, simulate};
use crate::collections::policy::Policy;
use crate::model::Portfolio;

/// One scenario as stated: a name, a policy, and optionally levers applied to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    /// Shown in the report.
    pub name: String,
    /// The policy the levers start from (for the baseline, the policy in force).
    pub policy: Policy,
    /// Changes to `policy`; `None`: the policy as it is.
    pub levers: Option<Levers>,
}

/// The scenarios to compare (the first is the baseline) and the settings of the run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Study {
    /// Baseline first, then the variants.
    pub proposals: Vec<Proposal>,
    /// Runs, seed, months, response rates, costs.
    pub settings: Settings,
}

impl Study {
    /// The scenarios with their levers applied. Every lever that cannot apply is an error
    /// at `scenarios[k].levers.<field>` (fields in the levers' own spelling), so each
    /// adapter can name it in its own way (a file, a WIT path, a variant's tab).
    pub fn scenarios(&self) -> Result<Vec<Scenario>, Vec<SimulateError>> {
        let mut scenarios = Vec::with_capacity(self.proposals.len());
        let mut errors = Vec::new();
        for (k, p) in self.proposals.iter().enumerate() {
            let policy = match &p.levers {
                None => p.policy.clone(),
                Some(levers) => match levers.variant(&p.policy) {
                    Ok(policy) => policy,
                    Err(problems) => {
                        errors.extend(problems.into_iter().map(|(field, message)| SimulateError {
                            path: format!("scenarios[{k}].levers.{field}"),
                            message,
                            too_large: false,
                        }));
                        continue;
                    }
                },
            };
            scenarios.push(Scenario {
                name: p.name.clone(),
                policy,
            });
        }
        if errors.is_empty() {
            Ok(scenarios)
        } else {
            Err(errors)
        }
    }

    /// `e` for people: `name.levers.handover_day: reason`, the scenario named as the
    /// user named it instead of by its position.
    pub fn explain(&self, e: &SimulateError) -> String {
        let named = e
            .path
            .strip_prefix("scenarios[")
            .and_then(|rest| rest.split_once(']'))
            .and_then(|(k, rest)| {
                let k: usize = k.parse().ok()?;
                Some(format!("{}{rest}", self.proposals.get(k)?.name))
            });
        format!("{}: {}", named.as_deref().unwrap_or(&e.path), e.message)
    }

    /// Simulates the study on `p` from `as_of` on: levers first, then [`simulate`]
    /// (which checks the settings, the names and every policy).
    pub fn run(&self, p: &Portfolio, as_of: NaiveDate) -> Result<Report, Vec<SimulateError>> {
        simulate(p, as_of, &self.scenarios()?, &self.settings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> Policy {
        let text = include_str!("../../../../examples/policies/small-business.toml");
        crate::collections::policy::parse(text, crate::collections::policy::PolicyFormat::Toml)
            .expect("the shipped example reads")
    }

    #[test]
    fn levers_that_cannot_apply_are_named_by_scenario_and_field() {
        let bad = Levers {
            handover_day: Some(30),
            ..Levers::default()
        };
        let study = Study {
            proposals: vec![
                Proposal {
                    name: "in force".into(),
                    policy: policy(),
                    levers: None,
                },
                Proposal {
                    name: "later handover".into(),
                    policy: policy(),
                    levers: Some(bad),
                },
            ],
            settings: Settings::with_seed(1),
        };
        let errors = study.scenarios().unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].path, "scenarios[1].levers.handover_day");
        assert!(errors[0].message.contains("no handover step"), "{errors:?}");
        assert!(
            study
                .explain(&errors[0])
                .starts_with("later handover.levers.handover_day: "),
            "{}",
            study.explain(&errors[0])
        );
    }

    #[test]
    fn without_levers_the_policy_is_simulated_as_it_is() {
        let study = Study {
            proposals: vec![Proposal {
                name: "in force".into(),
                policy: policy(),
                levers: None,
            }],
            settings: Settings::with_seed(1),
        };
        let s = study.scenarios().unwrap();
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].policy, policy());
    }
}
