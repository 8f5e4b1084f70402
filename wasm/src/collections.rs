//! `rappel:engine/collections`: policy validation, dunning runs and the worklist.

use std::collections::BTreeSet;

use rappel_core::api::{self, PolicyDocument, Request, Rows};
use rappel_core::collections::dunning::{
    Action, ActionLine, HeldItem, HoldDetail, HoldReason, RunReport, RunSummary,
};
use rappel_core::collections::fees::Fee;
use rappel_core::collections::policy::template::Message;
use rappel_core::collections::policy::{Channel, StepKind};
use rappel_core::collections::worklist::{Bucket, Factor, WorklistRow, habit::Habit};
use rappel_core::ingest::ImportReport;

use crate::exports::rappel::engine::collections as wit;
use crate::exports::rappel::engine::types::{self as wt, Error};
use crate::input::{date, on_portfolio};

impl wit::Guest for crate::Engine {
    fn validate_policy(d: wit::PolicyDocument) -> Result<wit::PolicySummary, Error> {
        let p = PolicyDocument::from(&d).parse()?;
        let languages: BTreeSet<_> = p
            .templates
            .values()
            .flat_map(|t| t.keys().copied())
            .collect();
        Ok(wit::PolicySummary {
            name: p.name.clone(),
            processes: p.processes.iter().map(|x| x.id.clone()).collect(),
            fee_rules: p.fees.keys().cloned().collect(),
            languages: languages.into_iter().map(Into::into).collect(),
        })
    }

    fn policy_warnings(d: wit::PolicyDocument) -> Result<Vec<wt::Problem>, Error> {
        let found = PolicyDocument::from(&d).warnings()?;
        Ok(found
            .into_iter()
            .map(|p| api::Problem::from(p).into())
            .collect())
    }

    fn run_dunning(r: wit::DunningRequest) -> Result<wit::DunningReport, Error> {
        let req = dunning(&r.policy, &r.history, &r.as_of)?;
        let (run, i) = on_portfolio(&req, r.portfolio)?;
        Ok(wit::DunningReport::from_run(&run, (&i.report).into()))
    }

    fn worklist(r: wit::WorklistRequest) -> Result<wit::WorklistReport, Error> {
        let req = worklist(&r.policy, &r.as_of)?;
        let (rows, i) = on_portfolio(&req, r.portfolio)?;
        Ok(wit::WorklistReport::from_rows(&rows, &i.report))
    }
}

/// The dunning request of the WIT arguments, checked (its policy read).
pub fn dunning(
    policy: &wit::PolicyDocument,
    history: &wit::History,
    as_of: &str,
) -> Result<api::Dunning, api::Error> {
    let req = api::Dunning {
        policy: policy.into(),
        history: history.into(),
        as_of: date("as-of", as_of)?,
    };
    req.check()?;
    Ok(req)
}

/// The worklist request of the WIT arguments, checked.
pub fn worklist(policy: &wit::PolicyDocument, as_of: &str) -> Result<api::Worklist, api::Error> {
    let req = api::Worklist {
        policy: policy.into(),
        as_of: date("as-of", as_of)?,
    };
    req.check()?;
    Ok(req)
}

impl wit::WorklistReport {
    /// The rows with the import report of their portfolio.
    pub fn from_rows(r: &Rows, report: &ImportReport) -> Self {
        wit::WorklistReport {
            rows: r.rows.iter().map(Into::into).collect(),
            import_report: report.into(),
        }
    }
}

/// A count as a WIT `u32` (saturating: no run holds four billion actions).
pub fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl From<Channel> for wit::Channel {
    fn from(c: Channel) -> Self {
        match c {
            Channel::Email => wit::Channel::Email,
            Channel::Letter => wit::Channel::Letter,
            Channel::Sms => wit::Channel::Sms,
            Channel::Whatsapp => wit::Channel::Whatsapp,
            Channel::PhoneTask => wit::Channel::PhoneTask,
            Channel::Statement => wit::Channel::Statement,
            Channel::Handover => wit::Channel::Handover,
            Channel::StopDelivery => wit::Channel::StopDelivery,
        }
    }
}

impl From<wit::Channel> for Channel {
    fn from(c: wit::Channel) -> Self {
        match c {
            wit::Channel::Email => Channel::Email,
            wit::Channel::Letter => Channel::Letter,
            wit::Channel::Sms => Channel::Sms,
            wit::Channel::Whatsapp => Channel::Whatsapp,
            wit::Channel::PhoneTask => Channel::PhoneTask,
            wit::Channel::Statement => Channel::Statement,
            wit::Channel::Handover => Channel::Handover,
            wit::Channel::StopDelivery => Channel::StopDelivery,
        }
    }
}

impl wit::DunningReport {
    /// A run with the import report of its portfolio.
    pub fn from_run(r: &RunReport, import_report: wt::ImportReport) -> Self {
        wit::DunningReport {
            as_of: r.as_of.to_string(),
            policy: r.policy.clone(),
            actions: r.actions.iter().map(Into::into).collect(),
            held: r.held.iter().map(Into::into).collect(),
            summary: (&r.summary).into(),
            import_report,
        }
    }
}

impl From<&RunSummary> for wit::RunSummary {
    fn from(s: &RunSummary) -> Self {
        wit::RunSummary {
            actions: count(s.actions),
            by_channel: s
                .by_channel
                .iter()
                .map(|&(c, n)| (c.into(), count(n)))
                .collect(),
            invoices_advanced: count(s.invoices_advanced),
            amount_covered: s.amount_covered.to_string(),
            fees: s.fees.to_string(),
            held: count(s.held),
        }
    }
}

impl From<&ActionLine> for wit::ActionLine {
    fn from(l: &ActionLine) -> Self {
        wit::ActionLine {
            invoice_id: l.invoice_id.clone(),
            due_date: l.due_date.to_string(),
            balance: l.balance.to_string(),
            days_overdue: l.days_overdue,
            level: count(l.level),
            advanced: l.advanced,
            fee_rule: l.fee_rule.clone(),
        }
    }
}

impl From<&Fee> for wit::Fee {
    fn from(f: &Fee) -> Self {
        wit::Fee {
            amount: f.amount.to_string(),
            lines: f.lines.iter().map(Into::into).collect(),
            notes: f.notes.clone(),
        }
    }
}

impl From<&Message> for wit::Message {
    fn from(m: &Message) -> Self {
        wit::Message {
            language: m.language.into(),
            subject: m.subject.clone(),
            body: m.body.clone(),
        }
    }
}

impl From<&Action> for wit::Action {
    fn from(a: &Action) -> Self {
        wit::Action {
            action_id: a.action_id.clone(),
            date: a.date.to_string(),
            customer_id: a.customer_id.clone(),
            customer_name: a.customer_name.clone(),
            process: a.process.clone(),
            step: a.step.clone(),
            level: count(a.level),
            channel: a.channel.into(),
            due_since: a.due_since.to_string(),
            invoices: a.invoices.iter().map(Into::into).collect(),
            total: a.total.to_string(),
            fee: (&a.fee).into(),
            fee_rule: a.fee_rule.clone(),
            pay_by: a.pay_by.to_string(),
            payment_reference: a.payment_reference.clone(),
            language: a.language.into(),
            message: (&a.message).into(),
            reason: a.reason.clone(),
            kind: a.kind.map(Into::into),
            law: a.law.as_ref().map(|l| wit::ActionLaw {
                regime: l.regime.as_str().into(),
                country: l.country.to_string(),
            }),
        }
    }
}

impl From<StepKind> for wit::StepKind {
    fn from(k: StepKind) -> Self {
        match k {
            StepKind::PreDue => wit::StepKind::PreDue,
            StepKind::Friendly => wit::StepKind::Friendly,
            StepKind::Firm => wit::StepKind::Firm,
            StepKind::Final => wit::StepKind::Final,
            StepKind::Handover => wit::StepKind::Handover,
            StepKind::Phone => wit::StepKind::Phone,
            StepKind::Statement => wit::StepKind::Statement,
            StepKind::StopDelivery => wit::StepKind::StopDelivery,
        }
    }
}

impl From<HoldReason> for wit::HoldReason {
    fn from(r: HoldReason) -> Self {
        match r {
            HoldReason::Insolvent => wit::HoldReason::Insolvent,
            HoldReason::CollectionPartner => wit::HoldReason::CollectionPartner,
            HoldReason::Dispute => wit::HoldReason::Dispute,
            HoldReason::PaymentPlan => wit::HoldReason::PaymentPlan,
            HoldReason::Promise => wit::HoldReason::Promise,
            HoldReason::BelowMinimum => wit::HoldReason::BelowMinimum,
            HoldReason::NoProcess => wit::HoldReason::NoProcess,
        }
    }
}

impl From<&HeldItem> for wit::HeldItem {
    fn from(h: &HeldItem) -> Self {
        wit::HeldItem {
            customer_id: h.customer_id.clone(),
            invoice_id: h.invoice_id.clone(),
            balance: h.balance.to_string(),
            reason: h.reason.into(),
            detail: (&h.detail).into(),
            step: h.step.clone(),
            until: h.until.map(|d| d.to_string()),
        }
    }
}

impl From<&HoldDetail> for wit::HoldDetail {
    fn from(d: &HoldDetail) -> Self {
        use wit::HoldDetail as W;
        match d {
            HoldDetail::Insolvent { open_invoices } => W::Insolvent(wit::InsolventHold {
                open_invoices: count(*open_invoices),
            }),
            HoldDetail::CollectionPartner => W::CollectionPartner,
            HoldDetail::NoProcess { reason } => W::NoProcess(wit::NoProcessHold {
                reason: reason.clone(),
            }),
            HoldDetail::Dispute {
                dispute_id,
                opened_on,
                assessment_overdue,
            } => W::Dispute(wit::DisputeHold {
                dispute_id: dispute_id.clone(),
                opened_on: opened_on.to_string(),
                assessment_overdue: *assessment_overdue,
            }),
            HoldDetail::PlanKept { plan_id, next } => W::PlanKept(wit::PlanHold {
                plan_id: plan_id.clone(),
                next: next.map(|(due, amount)| (due.to_string(), amount.to_string())),
            }),
            HoldDetail::Promise { until } => W::Promise(wit::PromiseHold {
                until: until.to_string(),
            }),
            HoldDetail::BelowMinimum {
                invoices,
                total,
                minimum,
            } => W::BelowMinimum(wit::MinimumHold {
                invoices: count(*invoices),
                total: total.to_string(),
                minimum: minimum.to_string(),
            }),
        }
    }
}

impl From<Bucket> for wit::Bucket {
    fn from(b: Bucket) -> Self {
        match b {
            Bucket::AtRisk => wit::Bucket::AtRisk,
            Bucket::Standard => wit::Bucket::Standard,
            Bucket::Deprioritised => wit::Bucket::Deprioritised,
        }
    }
}

impl From<Habit> for wit::Habit {
    fn from(h: Habit) -> Self {
        match h {
            Habit::MonthEnd => wit::Habit::MonthEnd,
            Habit::DaysAfterDue { median_days } => {
                wit::Habit::DaysAfterDue(wit::UsualDelay { median_days })
            }
            Habit::Unknown => wit::Habit::Unknown,
        }
    }
}

impl From<&WorklistRow> for wit::WorklistRow {
    fn from(r: &WorklistRow) -> Self {
        wit::WorklistRow {
            rank: count(r.rank),
            customer_id: r.customer_id.clone(),
            name: r.name.clone(),
            score: r.score.to_string(),
            bucket: r.bucket.into(),
            overdue: r.overdue.to_string(),
            invoices_overdue: count(r.invoices_overdue),
            oldest_days_overdue: r.oldest_days_overdue,
            broken_promises: count(r.broken_promises),
            promise_pending: r.promise_pending,
            open_disputes: count(r.open_disputes),
            habit: r.habit.into(),
            habit_deviation_days: r.habit_deviation_days,
            factors: r.factors.iter().map(Into::into).collect(),
        }
    }
}

impl From<&Factor> for wit::WorklistFactor {
    fn from(f: &Factor) -> Self {
        use wit::WorklistFactor as W;
        let d = |x: &rust_decimal::Decimal| x.to_string();
        match f {
            Factor::Overdue {
                amount,
                invoices,
                points,
            } => W::Overdue(wit::OverdueFactor {
                amount: d(amount),
                invoices: count(*invoices),
                points: d(points),
            }),
            Factor::OldestItem { days, points } => W::OldestItem(wit::DaysFactor {
                days: *days,
                points: d(points),
            }),
            Factor::BrokenPromises { count: n, points } => W::BrokenPromises(wit::CountFactor {
                count: count(*n),
                points: d(points),
            }),
            Factor::PastMonthEnd { days, points } => W::PastMonthEnd(wit::DaysFactor {
                days: *days,
                points: d(points),
            }),
            Factor::PastUsualDelay {
                usual_days,
                days,
                points,
            } => W::PastUsualDelay(wit::DelayFactor {
                usual_days: *usual_days,
                days: *days,
                points: d(points),
            }),
            Factor::OpenDisputes {
                count: n,
                multiplier,
            } => W::OpenDisputes(wit::DisputesFactor {
                count: count(*n),
                multiplier: d(multiplier),
            }),
            Factor::PromisePending { multiplier } => W::PromisePending(wit::PromiseFactor {
                multiplier: d(multiplier),
            }),
        }
    }
}
