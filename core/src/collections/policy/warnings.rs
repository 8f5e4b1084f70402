//! What a valid policy asks but can never do: a step whose fee rule cannot lawfully
//! charge the customers of its process in the creditor's own country (DOMAIN.md §6a:
//! the debt's law decides the fees), and a process no segmentation rule leads to.
//! Warnings, not errors: the policy still runs, and such a step charges those customers
//! nothing, with the reason on each action.

use std::collections::BTreeSet;

use super::PolicyProblem;
use super::document::{Policy, SegmentRule};
use crate::collections::fees::{FeeRule, lawful};
use crate::collections::law::{Country, Regime};

/// Every warning of a valid `policy`, in document order; empty when it asks nothing it
/// cannot do. Without a creditor country nothing is charged at all (validation asks for
/// one as soon as a step charges), so only unreachable processes are reported then.
pub fn warnings(policy: &Policy) -> Vec<PolicyProblem> {
    let mut out = Vec::new();
    for (i, process) in policy.processes.iter().enumerate() {
        let rules: Vec<&SegmentRule> = policy
            .segmentation
            .iter()
            .filter(|r| r.process == process.id)
            .collect();
        if rules.is_empty() {
            out.push(PolicyProblem {
                path: format!("processes[{i}]"),
                message: format!(
                    "no segmentation rule sends customers to process {:?}: its steps never run",
                    process.id
                ),
            });
            continue;
        }
        let Some(creditor) = policy.creditor.country.as_ref() else {
            continue;
        };
        let home = home_regimes(policy, creditor, &rules);
        for (j, step) in process.steps.iter().enumerate() {
            let Some((id, rule)) = step
                .fee
                .as_ref()
                .and_then(|id| policy.fees.get(id).map(|r| (id, r)))
            else {
                continue;
            };
            if rule.is_free() {
                continue;
            }
            let refused = refusals(rule, &home);
            if !refused.is_empty() {
                out.push(PolicyProblem {
                    path: format!("processes[{i}].steps[{j}].fee"),
                    message: format!(
                        "fee rule {id:?} charges nothing to customers of process {:?} in {creditor} ({refused}); kind = \"statutory\" charges what each debt's law allows",
                        process.id,
                    ),
                });
            }
        }
    }
    out
}

/// Why `rule` charges nothing under each of `regimes` that refuses it, one reason per
/// group of regimes (`be-b2c, be-b2b: WIK collection costs are Dutch law, …`); empty
/// when every regime lets it charge.
fn refusals(rule: &FeeRule, regimes: &BTreeSet<Regime>) -> String {
    let mut why: Vec<(Vec<&str>, String)> = Vec::new();
    for r in regimes {
        let Err(reason) = lawful::can_charge(rule, *r) else {
            continue;
        };
        let prefix = format!("{}: ", r.as_str());
        let reason = reason.strip_prefix(&prefix).unwrap_or(&reason).to_string();
        match why.iter_mut().find(|(_, w)| *w == reason) {
            Some((laws, _)) => laws.push(r.as_str()),
            None => why.push((vec![r.as_str()], reason)),
        }
    }
    why.iter()
        .map(|(laws, w)| format!("{}: {w}", laws.join(", ")))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The regimes of the debts of customers in the creditor's own country that `rules`
/// send to a process ([`Regime::applicable`]): a consumer's (when the rules admit
/// consumers) and a business's under the contract law of its segment, else the
/// creditor's. Consumers abroad are left out: the policy cannot know there are any,
/// and each action states the law it applied.
fn home_regimes(policy: &Policy, creditor: &Country, rules: &[&SegmentRule]) -> BTreeSet<Regime> {
    let chosen = &policy.creditor.contract_law;
    let mut out = BTreeSet::new();
    for rule in rules {
        if rule.b2c != Some(false) {
            out.insert(Regime::applicable(creditor, creditor, true, None).1);
        }
        if rule.b2c == Some(true) {
            continue;
        }
        let laws: Vec<&Country> = if rule.segments.is_empty() {
            std::iter::once(creditor).chain(chosen.values()).collect()
        } else {
            rule.segments
                .iter()
                .map(|s| chosen.get(s).unwrap_or(creditor))
                .collect()
        };
        for law in laws {
            out.insert(Regime::applicable(creditor, creditor, false, Some(law)).1);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::collections::policy::{PolicyFormat, parse};

    /// A Belgian creditor with one process per segmentation rule, each charging `fee`
    /// at its final step.
    fn policy(fee: &str, extra: &str) -> Policy {
        let text = format!(
            r#"
version = 1
name = "t"
default_language = "en"
{extra}
[risk]
no_history_class = "A"
[[risk.classes]]
name = "A"
[templates.t.en]
subject = "s"
body = "{{{{ costs_if_unpaid }}}}"
[fees.f]
{fee}
[[segmentation]]
b2c = false
process = "business"
[[segmentation]]
b2c = true
process = "consumers"
[[processes]]
id = "business"
steps = [{{ name = "first", offset_days = 7, channel = "email", template = "t" }}, {{ name = "final", offset_days = 30, channel = "letter", template = "t", fee = "f" }}]
[[processes]]
id = "consumers"
steps = [{{ name = "first", offset_days = 7, channel = "email", template = "t" }}, {{ name = "final", offset_days = 30, channel = "letter", template = "t", fee = "f" }}]
"#
        );
        parse(&text, PolicyFormat::Toml).unwrap()
    }

    fn paths(p: &Policy) -> Vec<String> {
        warnings(p).into_iter().map(|w| w.path).collect()
    }

    const BE: &str = "[creditor]\ncountry = \"BE\"";

    #[test]
    fn wik_from_a_belgian_creditor_charges_its_belgian_customers_nothing() {
        // Business debts fall under Belgian law (Rome I art. 4), a Belgian consumer's
        // under his own (art. 6): WIK is Dutch law, so it never applies to either.
        let p = policy("kind = \"nl_wik\"", BE);
        assert_eq!(
            paths(&p),
            ["processes[0].steps[1].fee", "processes[1].steps[1].fee"]
        );
        let w = warnings(&p);
        assert!(
            w[0].message
                .contains("in BE (be-b2b: WIK collection costs are Dutch law"),
            "{w:?}"
        );
        assert!(w[1].message.contains("in BE (be-b2c: WIK"), "{w:?}");
        // A contract choosing Dutch law for the only business segment the rule sends
        // makes WIK lawful there; the consumers still owe none.
        let chosen = format!("{BE}\n[creditor.contract_law]\nkeys = \"NL\"");
        let mut p = policy("kind = \"nl_wik\"", &chosen);
        assert_eq!(
            paths(&p).len(),
            2,
            "other business segments stay under Belgian law"
        );
        p.segmentation[0].segments = vec!["keys".into()];
        assert_eq!(paths(&p), ["processes[1].steps[1].fee"]);
    }

    #[test]
    fn each_rule_is_checked_against_the_law_it_meets() {
        // €40 + interest: business debts only (Directive 2011/7/EU art. 1-2).
        let p = policy("kind = \"eu_b2b\"", BE);
        assert_eq!(paths(&p), ["processes[1].steps[1].fee"]);
        // What each law allows, from a Belgian creditor: chargeable everywhere.
        assert!(paths(&policy("kind = \"statutory\"", BE)).is_empty());
        // A Swiss creditor: no statutory costs the engine knows of at home.
        let p = policy("kind = \"statutory\"", "[creditor]\ncountry = \"CH\"");
        assert_eq!(paths(&p).len(), 2);
        // Under Dutch law the €40 is part of WIK: an eu_b2b rule without interest
        // charges a Dutch business nothing (and a consumer never owes it).
        let nl = "[creditor]\ncountry = \"NL\"";
        let p = policy("kind = \"eu_b2b\"\ninterest = false", nl);
        assert_eq!(paths(&p).len(), 2);
        // A fixed fee: lawful for Dutch businesses, not for Dutch consumers (only WIK).
        let p = policy("kind = \"fixed\"\namount = \"15\"", nl);
        assert_eq!(paths(&p), ["processes[1].steps[1].fee"]);
        assert!(
            warnings(&p)[0].message.contains(
                "nl-b2c: a Dutch consumer owes collection costs only as the WIK sets them"
            )
        );
    }

    #[test]
    fn a_process_no_rule_leads_to_is_reported() {
        let mut p = policy("kind = \"statutory\"", BE);
        p.segmentation.pop();
        assert_eq!(paths(&p), ["processes[1]"]);
    }
}
