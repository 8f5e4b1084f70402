//! Checks a policy document and lists every problem with the path of the field at
//! fault (DESIGN.md: "Validation errors name the path of the offending field").

use std::collections::BTreeSet;

use rust_decimal::Decimal;

use super::PolicyProblem;
use super::document::{POLICY_VERSION, Policy};
use super::document::{RiskModel, WorklistWeights};
use super::template::{MessageContext, Renderer, sample_context};
use crate::collections::fees::FeeRule;
use crate::collections::fees::be_consumer::MAX_REMINDER_FEE;

/// The problems found so far, in document order.
struct Problems(Vec<PolicyProblem>);

impl Problems {
    fn add(&mut self, path: String, message: &str) {
        self.0.push(PolicyProblem {
            path,
            message: message.to_string(),
        });
    }
}

/// Every problem of `policy`, in document order; empty when it is valid. One check per
/// section of the document.
pub fn validate(policy: &Policy) -> Vec<PolicyProblem> {
    let mut out = Problems(Vec::new());
    identity(policy, &mut out);
    let classes = risk_model(&policy.risk, &mut out);
    let process_ids = processes(policy, &mut out);
    segmentation(policy, &classes, &process_ids, &mut out);
    templates(policy, &mut out);
    fees(policy, &mut out);
    holds(policy, &mut out);
    worklist(&policy.worklist, &mut out);
    credit(policy, &mut out);
    out.0
}

/// `version` and `name`.
fn identity(policy: &Policy, out: &mut Problems) {
    let mut p = |path: String, message: &str| out.add(path, message);
    if policy.version != POLICY_VERSION {
        p(
            "version".into(),
            &format!(
                "unsupported policy version {}; this engine reads version {POLICY_VERSION}",
                policy.version
            ),
        );
    }
    if policy.name.trim().is_empty() {
        p("name".into(), "must not be empty");
    }
}

/// A process's step kinds: all steps have one or none does; letters climb (each rung
/// once, in order); a kind beside the ladder once.
fn kinds(at: &str, steps: &[super::Step], p: &mut impl FnMut(String, &str)) {
    let with = steps.iter().filter(|s| s.kind.is_some()).count();
    if with != 0 && with != steps.len() {
        p(
            format!("{at}.steps"),
            "give every step a kind, or none (a kind is what lets a customer change process without repeating or skipping a letter)",
        );
        return;
    }
    let mut rung = None;
    let mut seen = Vec::new();
    for (j, kind) in steps
        .iter()
        .enumerate()
        .filter_map(|(j, s)| s.kind.map(|k| (j, k)))
    {
        if seen.contains(&kind) {
            p(
                format!("{at}.steps[{j}].kind"),
                "each kind once per process",
            );
        }
        seen.push(kind);
        if let Some(r) = kind.rung() {
            if rung.is_some_and(|prev| r <= prev) {
                p(
                    format!("{at}.steps[{j}].kind"),
                    "letters climb: pre_due, friendly, firm, final, handover, in that order",
                );
            }
            rung = Some(r);
        }
    }
}

/// `[risk]`: the lookback window and the classes; returns the class names.
fn risk_model<'a>(r: &'a RiskModel, out: &mut Problems) -> BTreeSet<&'a str> {
    let mut p = |path: String, message: &str| out.add(path, message);
    if !(1..=120).contains(&r.lookback_months) {
        p("risk.lookback_months".into(), "must be between 1 and 120");
    }
    if r.classes.is_empty() {
        p("risk.classes".into(), "at least one risk class is needed");
    }
    let mut classes = BTreeSet::new();
    for (i, c) in r.classes.iter().enumerate() {
        if c.name.trim().is_empty() {
            p(format!("risk.classes[{i}].name"), "must not be empty");
        } else if !classes.insert(c.name.as_str()) {
            p(
                format!("risk.classes[{i}].name"),
                "duplicate risk class name",
            );
        }
        if c.max_avg_days_late.is_some_and(|d| d < Decimal::ZERO) {
            p(
                format!("risk.classes[{i}].max_avg_days_late"),
                "must not be negative",
            );
        }
    }
    if !classes.contains(r.no_history_class.as_str()) {
        p(
            "risk.no_history_class".into(),
            &format!("no risk class is named {:?}", r.no_history_class),
        );
    }

    classes
}

/// `[[processes]]` and their steps; returns the process ids.
fn processes<'a>(policy: &'a Policy, out: &mut Problems) -> BTreeSet<&'a str> {
    let mut p = |path: String, message: &str| out.add(path, message);
    let mut process_ids = BTreeSet::new();
    if policy.processes.is_empty() {
        p("processes".into(), "at least one process is needed");
    }
    for (i, pr) in policy.processes.iter().enumerate() {
        let at = format!("processes[{i}]");
        if pr.id.trim().is_empty() {
            p(format!("{at}.id"), "must not be empty");
        } else if !process_ids.insert(pr.id.as_str()) {
            p(
                format!("{at}.id"),
                &format!("duplicate process id {:?}", pr.id),
            );
        }
        if pr.steps.is_empty() {
            p(format!("{at}.steps"), "a process needs at least one step");
        }
        kinds(&at, &pr.steps, &mut p);
        let mut names = BTreeSet::new();
        for (j, s) in pr.steps.iter().enumerate() {
            let at = format!("{at}.steps[{j}]");
            if s.name.trim().is_empty() {
                p(format!("{at}.name"), "must not be empty");
            } else if !names.insert(s.name.as_str()) {
                p(format!("{at}.name"), "duplicate step name in this process");
            }
            if j > 0 && s.offset_days <= pr.steps[j - 1].offset_days {
                p(
                    format!("{at}.offset_days"),
                    "must be greater than the previous step's",
                );
            }
            if !(-365..=3650).contains(&s.offset_days) {
                p(format!("{at}.offset_days"), "must be between -365 and 3650");
            }
            match policy.templates.get(&s.template) {
                None => p(
                    format!("{at}.template"),
                    &format!("no template is named {:?}", s.template),
                ),
                Some(langs) if !langs.contains_key(&policy.default_language) => p(
                    format!("{at}.template"),
                    &format!(
                        "template {:?} has no version in the default language {}",
                        s.template,
                        policy.default_language.as_str()
                    ),
                ),
                Some(_) => {}
            }
            if let Some(f) = &s.fee
                && !policy.fees.contains_key(f)
            {
                p(format!("{at}.fee"), &format!("no fee rule is named {f:?}"));
            }
            if s.min_amount < Decimal::ZERO {
                p(format!("{at}.min_amount"), "must not be negative");
            }
            if s.pay_within_days > 365 {
                p(format!("{at}.pay_within_days"), "must be at most 365");
            }
        }
    }

    process_ids
}

/// `[[segmentation]]`: every rule names a process and risk classes that exist, and no
/// rule comes after one that matches every customer.
fn segmentation(
    policy: &Policy,
    classes: &BTreeSet<&str>,
    process_ids: &BTreeSet<&str>,
    out: &mut Problems,
) {
    let mut p = |path: String, message: &str| out.add(path, message);
    if policy.segmentation.is_empty() {
        p("segmentation".into(), "at least one rule is needed");
    }
    let mut catch_all: Option<usize> = None;
    for (i, rule) in policy.segmentation.iter().enumerate() {
        let at = format!("segmentation[{i}]");
        if !process_ids.contains(rule.process.as_str()) {
            p(
                format!("{at}.process"),
                &format!("no process has id {:?}", rule.process),
            );
        }
        for (k, c) in rule.risk_classes.iter().enumerate() {
            if !classes.contains(c.as_str()) {
                p(
                    format!("{at}.risk_classes[{k}]"),
                    &format!("no risk class is named {c:?}"),
                );
            }
        }
        for (k, s) in rule.segments.iter().enumerate() {
            if s.trim().is_empty() {
                p(format!("{at}.segments[{k}]"), "must not be empty");
            }
        }
        if let Some(first) = catch_all {
            p(
                at.clone(),
                &format!("unreachable: segmentation[{first}] already matches every customer"),
            );
        } else if rule.is_catch_all() {
            catch_all = Some(i);
        }
    }
}

/// `[templates]`: every template has a language, and each renders on a sample context.
fn templates(policy: &Policy, out: &mut Problems) {
    let mut p = |path: String, message: &str| out.add(path, message);
    for (id, langs) in &policy.templates {
        if langs.is_empty() {
            p(format!("templates.{id}"), "needs at least one language");
        }
    }
    match Renderer::new(policy) {
        Err(errors) => {
            for e in errors {
                p(e.path, &e.message);
            }
        }
        Ok(renderer) => {
            let ctx = sample_context(&policy.creditor);
            for (id, langs) in &policy.templates {
                for lang in langs.keys() {
                    if let Err(e) = renderer.render(id, *lang, &ctx) {
                        p(e.path, &e.message);
                    }
                }
            }
            notices(policy, &renderer, &ctx, &mut p);
        }
    }
}

/// In a process where a step after the first message past the due date charges, that
/// message opens a consumer's waiting period: it must state the costs that will follow
/// (art. 6:96 lid 6 BW; Book XIX CEL). Since a run sends one letter per customer at the
/// highest level due, any later message may be an invoice's first one; so each language
/// of every message template from the first past the due date on must print
/// `costs_if_unpaid` (the engine fills it only for invoices it does not charge yet).
fn notices(
    policy: &Policy,
    renderer: &Renderer<'_>,
    ctx: &MessageContext<'_>,
    p: &mut impl FnMut(String, &str),
) {
    let charges = |s: &super::Step| {
        s.fee
            .as_ref()
            .and_then(|id| policy.fees.get(id))
            .is_some_and(|r| !r.is_free())
    };
    let mut reported = std::collections::BTreeSet::new();
    for (i, pr) in policy.processes.iter().enumerate() {
        let Some(first) = pr
            .steps
            .iter()
            .position(|s| s.offset_days >= 0 && s.channel.informs_customer())
        else {
            continue;
        };
        if charges(&pr.steps[first]) || !pr.steps[first + 1..].iter().any(charges) {
            continue;
        }
        for (k, notice) in pr.steps.iter().enumerate().skip(first) {
            if !notice.channel.informs_customer() || !reported.insert(&notice.template) {
                continue;
            }
            let Some(langs) = policy.templates.get(&notice.template) else {
                continue;
            };
            for lang in langs.keys() {
                let Ok(m) = renderer.render(&notice.template, *lang, ctx) else {
                    continue;
                };
                if !m.body.contains(&ctx.costs_if_unpaid)
                    && !m.subject.contains(&ctx.costs_if_unpaid)
                {
                    p(
                        format!("templates.{}.{}.body", notice.template, lang.as_str()),
                        &format!(
                            "processes[{i}].steps[{k}] ({}) may be an invoice's first reminder after the due date (one letter carries every invoice due) and a later step charges: it must state those costs ({{{{ costs_if_unpaid }}}}) — a consumer's waiting period only starts with a notice that does",
                            notice.name
                        ),
                    );
                }
            }
        }
    }
}

/// `[fees]` and `interest_rates`.
fn fees(policy: &Policy, out: &mut Problems) {
    let mut p = |path: String, message: &str| out.add(path, message);
    for (id, rule) in &policy.fees {
        let at = format!("fees.{id}");
        match rule {
            FeeRule::Fixed { amount } if *amount < Decimal::ZERO => {
                p(format!("{at}.amount"), "must not be negative")
            }
            FeeRule::NlWik {
                vat_percent: Some(v),
            } if *v < Decimal::ZERO || *v > Decimal::ONE_HUNDRED => {
                p(format!("{at}.vat_percent"), "must be between 0 and 100")
            }
            FeeRule::NlWik {
                vat_percent: Some(_),
            } if policy.creditor.vat_reclaimable => p(
                format!("{at}.vat_percent"),
                "VAT is added to WIK costs only by a creditor that cannot reclaim it: set creditor.vat_reclaimable = false",
            ),
            FeeRule::BeConsumer {
                reminder_fee: Some(f),
            } if *f < Decimal::ZERO || *f > MAX_REMINDER_FEE => p(
                format!("{at}.reminder_fee"),
                "must be between 0 and 7.50 (Book XIX CEL caps a reminder at €7.50 plus postage)",
            ),
            FeeRule::EuB2b { compensation, .. } if *compensation < Decimal::ZERO => {
                p(format!("{at}.compensation"), "must not be negative")
            }
            _ => {}
        }
    }
    if let Some(t) = &policy.interest_rates {
        for (i, why) in t.problems() {
            p(format!("interest_rates[{i}]"), &why);
        }
    }
    for (regime, t) in &policy.interest_tables {
        let at = format!("interest_tables.{}", regime.as_str());
        if t.0.is_empty() {
            p(at.clone(), "needs at least one rate");
        }
        for (i, why) in t.problems() {
            p(format!("{at}[{i}]"), &why);
        }
    }
    let charges = policy.processes.iter().flat_map(|pr| &pr.steps).any(|st| {
        st.fee
            .as_ref()
            .and_then(|id| policy.fees.get(id))
            .is_some_and(|r| !r.is_free())
    });
    if charges && policy.creditor.country.is_none() {
        p(
            "creditor.country".into(),
            "needed as soon as a step charges: the law of each debt decides what may be charged (a consumer's country, else the creditor's; ISO 3166-1 alpha-2, e.g. \"BE\")",
        );
    }
}

/// `[holds]`: the step a missed instalment escalates to exists in every process.
fn holds(policy: &Policy, out: &mut Problems) {
    let mut p = |path: String, message: &str| out.add(path, message);
    if let Some(step) = &policy.holds.missed_instalment_step {
        for (i, pr) in policy.processes.iter().enumerate() {
            if !pr.steps.iter().any(|s| &s.name == step) {
                p(
                    "holds.missed_instalment_step".into(),
                    &format!("processes[{i}] ({}) has no step named {step:?}", pr.id),
                );
            }
        }
    }
}

/// `[worklist]` weights.
fn worklist(w: &WorklistWeights, out: &mut Problems) {
    let mut p = |path: String, message: &str| out.add(path, message);
    for (name, v) in [
        ("amount", w.amount),
        ("age", w.age),
        ("broken_promise", w.broken_promise),
        ("habit_deviation", w.habit_deviation),
    ] {
        if v < Decimal::ZERO {
            p(format!("worklist.{name}"), "must not be negative");
        }
    }
    if w.deprioritise < Decimal::ZERO || w.deprioritise > Decimal::ONE {
        p("worklist.deprioritise".into(), "must be between 0 and 1");
    }
}

/// `[acceptance]` and `[credit]`.
fn credit(policy: &Policy, out: &mut Problems) {
    let mut p = |path: String, message: &str| out.add(path, message);
    if let Some(a) = &policy.acceptance {
        for (path, why) in a.problems() {
            p(path, &why);
        }
    }
    let c = &policy.credit;
    if c.payment_terms_days.is_some_and(|d| d > 365) {
        p("credit.payment_terms_days".into(), "must be at most 365");
    }
    if c.limit_percent < Decimal::ZERO || c.limit_percent > Decimal::from(1000) {
        p("credit.limit_percent".into(), "must be between 0 and 1000");
    }
    for (path, why) in policy.cash.problems() {
        p(path, &why);
    }
}
