//! The policy levers a consultant moves in the scenario studio, applied to a policy:
//! the variant is an ordinary policy document, so the CLI, the component and the
//! dashboard simulate the same thing.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::collections::policy::{Channel, Policy, Step, StepKind};

/// A gentle reminder before the due date for some risk classes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PreDueReminder {
    /// Days before the due date.
    pub days_before: u32,
    /// Risk classes whose processes get it (empty: every process).
    #[serde(default)]
    pub risk_classes: Vec<String>,
}

/// Changes to a policy. Absent fields leave the policy as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Levers {
    /// Payment terms of new invoices, in days.
    #[serde(default)]
    pub payment_terms_days: Option<u32>,
    /// Days added to every reminder after the due date (negative: earlier), except
    /// handovers and stops on deliveries.
    #[serde(default)]
    pub reminder_shift_days: i32,
    /// Add a pre-due e-mail to processes that have none.
    #[serde(default)]
    pub pre_due_reminder: Option<PreDueReminder>,
    /// Day (after the due date) of every handover step.
    #[serde(default)]
    pub handover_day: Option<i32>,
    /// Day of every stop on deliveries; processes without one get one.
    #[serde(default)]
    pub stop_delivery_day: Option<i32>,
    /// Lowest acceptance score that still gets credit (the `min_points` of the policy's
    /// lowest class giving credit).
    #[serde(default)]
    pub acceptance_cutoff: Option<i32>,
    /// Credit limits as a percentage of the customers' limits.
    #[serde(default)]
    pub limit_percent: Option<Decimal>,
    /// Refuse orders over the credit limit.
    #[serde(default)]
    pub enforce_limits: Option<bool>,
}

impl Levers {
    /// Every lever that cannot apply to `base`, as `(field, reason)`: a lever that would
    /// silently change nothing (a cut-off without a scorecard, a handover day without a
    /// handover step, an unknown risk class) or make the policy invalid.
    pub fn problems(&self, base: &Policy) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut p = |field: &str, reason: String| out.push((field.to_string(), reason));
        if self.payment_terms_days.is_some_and(|d| d > 365) {
            p("payment_terms_days", "must be at most 365".into());
        }
        if !(-60..=60).contains(&self.reminder_shift_days) {
            p("reminder_shift_days", "must be between -60 and 60".into());
        }
        if let Some(r) = &self.pre_due_reminder {
            if !(1..=60).contains(&r.days_before) {
                p(
                    "pre_due_reminder.days_before",
                    "must be between 1 and 60".into(),
                );
            }
            for (k, c) in r.risk_classes.iter().enumerate() {
                if !base.risk.classes.iter().any(|x| &x.name == c) {
                    p(
                        &format!("pre_due_reminder.risk_classes[{k}]"),
                        format!("the policy has no risk class {c:?}"),
                    );
                }
            }
        }
        let has = |ch: Channel| {
            base.processes
                .iter()
                .any(|pr| pr.steps.iter().any(|s| s.channel == ch))
        };
        if let Some(d) = self.handover_day {
            if !(1..=365).contains(&d) {
                p("handover_day", "must be between 1 and 365".into());
            } else if !has(Channel::Handover) {
                p(
                    "handover_day",
                    "the policy has no handover step to move".into(),
                );
            }
        }
        if self
            .stop_delivery_day
            .is_some_and(|d| !(1..=365).contains(&d))
        {
            p("stop_delivery_day", "must be between 1 and 365".into());
        }
        if let Some(cut) = self.acceptance_cutoff {
            match base
                .acceptance
                .as_ref()
                .and_then(|a| a.credit_cutoff_class().map(|k| (a, k)))
            {
                None => p(
                    "acceptance_cutoff",
                    "the policy has no [acceptance] scorecard with a class that gives credit"
                        .into(),
                ),
                Some((a, k)) if k > 0 && cut >= a.classes[k - 1].min_points => p(
                    "acceptance_cutoff",
                    format!(
                        "must be below {}, the lowest score of class {}",
                        a.classes[k - 1].min_points,
                        a.classes[k - 1].name
                    ),
                ),
                Some((a, k)) if k + 1 < a.classes.len() && cut <= a.classes[k + 1].min_points => p(
                    "acceptance_cutoff",
                    format!(
                        "must be above {}, the lowest score of class {}",
                        a.classes[k + 1].min_points,
                        a.classes[k + 1].name
                    ),
                ),
                _ => {}
            }
        }
        if self
            .limit_percent
            .is_some_and(|x| x < Decimal::ZERO || x > Decimal::from(1000))
        {
            p("limit_percent", "must be between 0 and 1000".into());
        }
        out
    }

    /// The variant of `base` these levers make, or every lever that cannot apply
    /// ([`Levers::problems`]).
    pub fn variant(&self, base: &Policy) -> Result<Policy, Vec<(String, String)>> {
        let problems = self.problems(base);
        if problems.is_empty() {
            Ok(self.apply(base))
        } else {
            Err(problems)
        }
    }

    /// `base` with the levers applied (use [`Levers::variant`], which checks them first: a
    /// lever that cannot apply is left out here).
    pub fn apply(&self, base: &Policy) -> Policy {
        let mut p = base.clone();
        if let Some(t) = self.payment_terms_days {
            p.credit.payment_terms_days = Some(t);
        }
        if let Some(x) = self.limit_percent {
            p.credit.limit_percent = x;
        }
        if let Some(e) = self.enforce_limits {
            p.credit.enforce_limits = e;
        }
        if let (Some(cut), Some(card)) = (self.acceptance_cutoff, p.acceptance.as_mut())
            && let Some(k) = card.credit_cutoff_class()
        {
            card.classes[k].min_points = cut;
        }
        // Processes that get the pre-due reminder.
        let pre_due_for: Vec<bool> = p
            .processes
            .iter()
            .map(|pr| match &self.pre_due_reminder {
                None => false,
                Some(r) if r.risk_classes.is_empty() => true,
                Some(r) => p.segmentation.iter().any(|rule| {
                    rule.process == pr.id
                        && (rule.risk_classes.is_empty()
                            || rule.risk_classes.iter().any(|c| r.risk_classes.contains(c)))
                }),
            })
            .collect();
        let stop_template = p
            .templates
            .contains_key("stop_delivery")
            .then(|| "stop_delivery".to_string());
        for (pr, pre_due) in p.processes.iter_mut().zip(pre_due_for) {
            let first_template = pr.steps.first().map(|s| s.template.clone());
            for s in &mut pr.steps {
                match s.channel {
                    Channel::Handover => {
                        if let Some(d) = self.handover_day {
                            s.offset_days = d;
                        }
                    }
                    Channel::StopDelivery => {
                        if let Some(d) = self.stop_delivery_day {
                            s.offset_days = d;
                        }
                    }
                    _ if s.offset_days >= 0 => s.offset_days += self.reminder_shift_days,
                    _ => {}
                }
            }
            // A step added to a process whose steps have kinds gets one too.
            let kinds = pr.steps.iter().any(|s| s.kind.is_some());
            if let (Some(r), true) = (&self.pre_due_reminder, pre_due)
                && !pr.steps.iter().any(|s| s.offset_days < 0)
                && let Some(template) = first_template.clone()
            {
                pr.steps.push(Step {
                    name: "pre-due reminder".into(),
                    offset_days: -(r.days_before as i32),
                    channel: Channel::Email,
                    template,
                    fee: None,
                    min_amount: Decimal::ZERO,
                    group: true,
                    pay_within_days: r.days_before.max(1),
                    kind: kinds.then_some(StepKind::PreDue),
                });
            }
            if let Some(d) = self.stop_delivery_day
                && !pr.steps.iter().any(|s| s.channel == Channel::StopDelivery)
                && let Some(template) = stop_template.clone().or(first_template)
            {
                pr.steps.push(Step {
                    name: "stop deliveries".into(),
                    offset_days: d,
                    channel: Channel::StopDelivery,
                    template,
                    fee: None,
                    min_amount: Decimal::ZERO,
                    group: true,
                    pay_within_days: 7,
                    kind: kinds.then_some(StepKind::StopDelivery),
                });
            }
            // Keep offsets strictly increasing (a moved step may meet another).
            pr.steps.sort_by_key(|s| s.offset_days);
            for j in 1..pr.steps.len() {
                if pr.steps[j].offset_days <= pr.steps[j - 1].offset_days {
                    pr.steps[j].offset_days = pr.steps[j - 1].offset_days + 1;
                }
            }
        }
        p
    }
}
