//! The component's answers as the core's own types, so that a host formats them with
//! the same code as a native build (and `--engine component` prints byte for byte what
//! `--engine native` prints). Every conversion is checked: a value the core would not
//! produce (a malformed decimal, an unknown table) is an error, never a guess.

use std::str::FromStr;

use chrono::NaiveDate;
use rappel_core::collections::disputes::{AppliedFiles, ResponseOutcome};
use rappel_core::collections::dunning::{
    Action, ActionLine, HeldItem, HoldDetail, HoldReason, RunReport, RunSummary,
};
use rappel_core::collections::fees::quote::Quote;
use rappel_core::collections::fees::{Fee, FeeLine};
use rappel_core::collections::policy::Channel;
use rappel_core::collections::policy::template::Message;
use rappel_core::collections::worklist::{Bucket, Factor, WorklistRow, habit::Habit};
use rappel_core::credit::{CreditCheck, Decision, Exposure, Reason, ReasonCode};
use rappel_core::ingest::imr::ResponseCode;
use rappel_core::ingest::ubl::{Merged, MergedFiles};
use rappel_core::ingest::{FileSummary, ImportReport, Problem, Severity};
use rappel_core::kpi::report::{
    AgingJson, Fixed2, KpiJson, KpiValuesJson, SegmentJson, SupportingJson, TrendPointJson,
};
use rappel_core::model::{Language, Table};
use rust_decimal::Decimal;
use wasmtime::error::Context;
use wasmtime::{Result, format_err as anyhow};

use crate::bindings::exports::rappel::engine::{
    collections as c, credit as k, documents as d, fees as f, kpis, risk as r, types as t,
};
use rappel_core::collections::policy::risk::PaymentHistory;
use rappel_core::credit::acceptance::backtest::{Backtest, Options as BacktestOptions, Tradeoff};
use rappel_core::credit::acceptance::{
    Applicant, Condition, Decision as AcceptanceDecision, Light, Reason as ScoreReason, Verdict,
};
use rappel_core::model::Sector;
use rappel_core::risk::behaviour::Summary;
use rappel_core::risk::forecast::{Forecast, Period as ForecastPeriod};
use rappel_core::risk::simulate::{
    ChannelCount, Interval, MonthResult, Report as SimulationReport, ScenarioResult,
};

fn dec(s: &str) -> Result<Decimal> {
    Decimal::from_str(s).with_context(|| format!("engine returned a malformed decimal {s:?}"))
}

fn opt_dec(s: &Option<String>) -> Result<Option<Decimal>> {
    s.as_deref().map(dec).transpose()
}

fn date(s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .with_context(|| format!("engine returned a malformed date {s:?}"))
}

fn usize_of(n: u32) -> usize {
    n as usize
}

/// An `error` record as one line of text: message, place and every problem.
pub fn error_text(e: &t::Error) -> String {
    let mut s = e.message.clone();
    for p in &e.problems {
        s.push_str("\n  ");
        s.push_str(&p.path);
        if let Some(l) = p.line {
            s.push_str(&format!(":{l}"));
        }
        if let Some(f) = &p.field {
            s.push_str(&format!(": column {f}"));
        }
        s.push_str(": ");
        s.push_str(&p.reason);
    }
    if e.problems.is_empty()
        && let Some(path) = &e.path
        && !s.starts_with(path.as_str())
    {
        s = format!("{path}: {s}");
    }
    s
}

/// The import report.
pub fn import_report(r: &t::ImportReport) -> Result<ImportReport> {
    Ok(ImportReport {
        files: r
            .files
            .iter()
            .map(|f| {
                Ok(FileSummary {
                    file: f.file.clone(),
                    table: Table::parse(&f.table)
                        .ok_or_else(|| anyhow!("unknown table {:?}", f.table))?,
                    read: f.read,
                    accepted: f.accepted,
                    rejected: f.rejected,
                    skipped: f.skipped,
                    amount_accepted: dec(&f.amount_accepted)?,
                })
            })
            .collect::<Result<_>>()?,
        problems: r.problems.iter().map(import_problem).collect(),
    })
}

/// One import problem.
pub fn import_problem(p: &t::ImportProblem) -> Problem {
    Problem {
        file: p.file.clone(),
        line: p.line,
        column: p.column.clone(),
        severity: match p.severity {
            t::Severity::FileError => Severity::FileError,
            t::Severity::Rejected => Severity::Rejected,
            t::Severity::Warning => Severity::Warning,
        },
        reason: p.reason.clone(),
    }
}

/// The files after `merge-ubl`.
pub fn merged_files(m: d::UblMerge) -> MergedFiles {
    MergedFiles {
        customers: m.customers.contents,
        invoices: m.invoices.contents,
        customer_count: m.customer_count as usize,
        invoice_count: m.invoice_count as usize,
        merged: m
            .merged
            .into_iter()
            .map(|x| Merged {
                file: x.file,
                summary: x.summary,
            })
            .collect(),
        problems: m.problems.iter().map(import_problem).collect(),
    }
}

/// The files after `apply-responses` (the import report is left to the caller).
pub fn applied_files(a: d::ResponsesApplied) -> AppliedFiles {
    AppliedFiles {
        disputes: a.disputes.contents,
        promises: a.promises.contents,
        outcomes: a
            .outcomes
            .into_iter()
            .map(|o| ResponseOutcome {
                response_id: o.response_id,
                invoice_id: o.invoice_id,
                code: match o.code {
                    d::ResponseCode::Ab => ResponseCode::AB,
                    d::ResponseCode::Ip => ResponseCode::IP,
                    d::ResponseCode::Uq => ResponseCode::UQ,
                    d::ResponseCode::Ca => ResponseCode::CA,
                    d::ResponseCode::Re => ResponseCode::RE,
                    d::ResponseCode::Ap => ResponseCode::AP,
                    d::ResponseCode::Pd => ResponseCode::PD,
                },
                changed: o.changed,
                effect: o.effect,
            })
            .collect(),
    }
}

fn language(l: t::Language) -> Language {
    match l {
        t::Language::Nl => Language::Nl,
        t::Language::Fr => Language::Fr,
        t::Language::En => Language::En,
        t::Language::De => Language::De,
    }
}

/// A credit decision.
pub fn credit_check(d: &k::CreditDecision) -> Result<CreditCheck> {
    let e = &d.exposure;
    Ok(CreditCheck {
        customer_id: d.customer_id.clone(),
        as_of: date(&d.as_of)?,
        order_amount: dec(&d.order_amount)?,
        credit_limit: opt_dec(&d.credit_limit)?,
        exposure: Exposure {
            open_invoices: dec(&e.open_invoices)?,
            unapplied_cash: dec(&e.unapplied_cash)?,
            open_orders: dec(&e.open_orders)?,
            overdue: dec(&e.overdue)?,
            oldest_days_past_due: e.oldest_days_past_due,
        },
        available: opt_dec(&d.available)?,
        fits: d.fits,
        decision: match d.decision {
            k::Decision::Approve => Decision::Approve,
            k::Decision::Hold => Decision::Hold,
            k::Decision::Reject => Decision::Reject,
        },
        reasons: d
            .reasons
            .iter()
            .map(|r| Reason {
                code: match r.code {
                    k::ReasonCode::WithinLimit => ReasonCode::WithinLimit,
                    k::ReasonCode::OverLimit => ReasonCode::OverLimit,
                    k::ReasonCode::NoLimitSet => ReasonCode::NoLimitSet,
                    k::ReasonCode::NoCredit => ReasonCode::NoCredit,
                    k::ReasonCode::OverdueBalance => ReasonCode::OverdueBalance,
                    k::ReasonCode::EngineUnavailable => ReasonCode::EngineUnavailable,
                },
                message: r.message.clone(),
            })
            .collect(),
    })
}

/// The exposure record the component's `check-credit` takes, from the core's.
pub fn exposure_record(e: &Exposure) -> k::Exposure {
    k::Exposure {
        open_invoices: e.open_invoices.to_string(),
        unapplied_cash: e.unapplied_cash.to_string(),
        open_orders: e.open_orders.to_string(),
        overdue: e.overdue.to_string(),
        oldest_days_past_due: e.oldest_days_past_due,
    }
}

fn fee_lines(lines: &[f::FeeLine]) -> Result<Vec<FeeLine>> {
    lines
        .iter()
        .map(|l| {
            Ok(FeeLine {
                label: l.label.clone(),
                amount: dec(&l.amount)?,
            })
        })
        .collect()
}

/// A fee quote.
pub fn quote(q: &f::FeeQuote) -> Result<Quote> {
    Ok(Quote {
        rule: q.rule.clone(),
        principal: dec(&q.principal)?,
        lines: fee_lines(&q.lines)?,
        total: dec(&q.total)?,
        notes: q.notes.clone(),
    })
}

fn channel(ch: c::Channel) -> Channel {
    match ch {
        c::Channel::Email => Channel::Email,
        c::Channel::Letter => Channel::Letter,
        c::Channel::Sms => Channel::Sms,
        c::Channel::Whatsapp => Channel::Whatsapp,
        c::Channel::PhoneTask => Channel::PhoneTask,
        c::Channel::Statement => Channel::Statement,
        c::Channel::Handover => Channel::Handover,
        c::Channel::StopDelivery => Channel::StopDelivery,
    }
}

/// A dunning run's report.
pub fn run_report(r: &c::DunningReport) -> Result<RunReport> {
    Ok(RunReport {
        as_of: date(&r.as_of)?,
        policy: r.policy.clone(),
        actions: r.actions.iter().map(action).collect::<Result<_>>()?,
        held: r.held.iter().map(held).collect::<Result<_>>()?,
        summary: RunSummary {
            actions: usize_of(r.summary.actions),
            by_channel: r
                .summary
                .by_channel
                .iter()
                .map(|x| (channel(x.channel), usize_of(x.count)))
                .collect(),
            invoices_advanced: usize_of(r.summary.invoices_advanced),
            amount_covered: dec(&r.summary.amount_covered)?,
            fees: dec(&r.summary.fees)?,
            held: usize_of(r.summary.held),
        },
    })
}

fn action(a: &c::Action) -> Result<Action> {
    Ok(Action {
        action_id: a.action_id.clone(),
        date: date(&a.date)?,
        customer_id: a.customer_id.clone(),
        customer_name: a.customer_name.clone(),
        process: a.process.clone(),
        step: a.step.clone(),
        level: usize_of(a.level),
        channel: channel(a.channel),
        due_since: date(&a.due_since)?,
        invoices: a
            .invoices
            .iter()
            .map(|l| {
                Ok(ActionLine {
                    invoice_id: l.invoice_id.clone(),
                    due_date: date(&l.due_date)?,
                    balance: dec(&l.balance)?,
                    days_overdue: l.days_overdue,
                    level: usize_of(l.level),
                    advanced: l.advanced,
                    fee_rule: l.fee_rule.clone(),
                })
            })
            .collect::<Result<_>>()?,
        total: dec(&a.total)?,
        fee: Fee {
            amount: dec(&a.fee.amount)?,
            lines: fee_lines(&a.fee.lines)?,
            notes: a.fee.notes.clone(),
        },
        fee_rule: a.fee_rule.clone(),
        pay_by: date(&a.pay_by)?,
        payment_reference: a.payment_reference.clone(),
        language: language(a.language),
        message: Message {
            language: language(a.message.language),
            subject: a.message.subject.clone(),
            body: a.message.body.clone(),
        },
        reason: a.reason.clone(),
    })
}

fn held(h: &c::HeldItem) -> Result<HeldItem> {
    Ok(HeldItem {
        customer_id: h.customer_id.clone(),
        invoice_id: h.invoice_id.clone(),
        balance: dec(&h.balance)?,
        reason: match h.reason {
            c::HoldReason::Insolvent => HoldReason::Insolvent,
            c::HoldReason::CollectionPartner => HoldReason::CollectionPartner,
            c::HoldReason::Dispute => HoldReason::Dispute,
            c::HoldReason::PaymentPlan => HoldReason::PaymentPlan,
            c::HoldReason::Promise => HoldReason::Promise,
            c::HoldReason::BelowMinimum => HoldReason::BelowMinimum,
            c::HoldReason::NoProcess => HoldReason::NoProcess,
        },
        detail: hold_detail(&h.detail)?,
        step: h.step.clone(),
        until: h.until.as_deref().map(date).transpose()?,
    })
}

/// The particulars of a hold.
fn hold_detail(d: &c::HoldDetail) -> Result<HoldDetail> {
    use c::HoldDetail as W;
    Ok(match d {
        W::Insolvent(n) => HoldDetail::Insolvent {
            open_invoices: usize_of(*n),
        },
        W::CollectionPartner => HoldDetail::CollectionPartner,
        W::NoProcess(reason) => HoldDetail::NoProcess {
            reason: reason.clone(),
        },
        W::Dispute(x) => HoldDetail::Dispute {
            dispute_id: x.dispute_id.clone(),
            opened_on: date(&x.opened_on)?,
            assessment_overdue: x.assessment_overdue,
        },
        W::PlanKept(x) => HoldDetail::PlanKept {
            plan_id: x.plan_id.clone(),
            next: match &x.next {
                Some(i) => Some((date(&i.due)?, dec(&i.amount)?)),
                None => None,
            },
        },
        W::Promise(until) => HoldDetail::Promise {
            until: date(until)?,
        },
        W::BelowMinimum(x) => HoldDetail::BelowMinimum {
            invoices: usize_of(x.invoices),
            total: dec(&x.total)?,
            minimum: dec(&x.minimum)?,
        },
    })
}

/// Worklist rows.
pub fn worklist(rows: &[c::WorklistRow]) -> Result<Vec<WorklistRow>> {
    rows.iter()
        .map(|r| {
            Ok(WorklistRow {
                rank: usize_of(r.rank),
                customer_id: r.customer_id.clone(),
                name: r.name.clone(),
                score: dec(&r.score)?,
                bucket: match r.bucket {
                    c::Bucket::AtRisk => Bucket::AtRisk,
                    c::Bucket::Standard => Bucket::Standard,
                    c::Bucket::Deprioritised => Bucket::Deprioritised,
                },
                overdue: dec(&r.overdue)?,
                invoices_overdue: usize_of(r.invoices_overdue),
                oldest_days_overdue: r.oldest_days_overdue,
                broken_promises: usize_of(r.broken_promises),
                promise_pending: r.promise_pending,
                open_disputes: usize_of(r.open_disputes),
                habit: match r.habit {
                    c::Habit::MonthEnd => Habit::MonthEnd,
                    c::Habit::DaysAfterDue(median_days) => Habit::DaysAfterDue { median_days },
                    c::Habit::Unknown => Habit::Unknown,
                },
                habit_deviation_days: r.habit_deviation_days,
                factors: r.factors.iter().map(factor).collect::<Result<_>>()?,
            })
        })
        .collect()
}

fn f2(s: &str) -> Result<Fixed2> {
    dec(s).map(Fixed2)
}

fn o2(s: &Option<String>) -> Result<Option<Fixed2>> {
    s.as_deref().map(f2).transpose()
}

fn values(v: &kpis::KpiValues) -> Result<KpiValuesJson> {
    Ok(KpiValuesJson {
        credit_sales: f2(&v.credit_sales)?,
        receivables: f2(&v.receivables)?,
        current: f2(&v.current)?,
        overdue: f2(&v.overdue)?,
        unapplied_cash: f2(&v.unapplied_cash)?,
        dso: o2(&v.dso)?,
        dso_countback: o2(&v.dso_countback)?,
        best_possible_dso: o2(&v.best_possible_dso)?,
        average_days_delinquent: o2(&v.average_days_delinquent)?,
        cei: o2(&v.cei)?,
        bad_debt_ratio: o2(&v.bad_debt_ratio)?,
        overdue_percent: o2(&v.overdue_percent)?,
        overdue_60_percent: o2(&v.overdue_sixty_percent)?,
        aging: AgingJson {
            current: f2(&v.aging.current)?,
            d1_30: f2(&v.aging.d1_d30)?,
            d31_60: f2(&v.aging.d31_d60)?,
            d61_90: f2(&v.aging.d61_d90)?,
            d91_plus: f2(&v.aging.d91_plus)?,
        },
    })
}

/// The published KPI record.
pub fn kpis(r: &kpis::KpiReport) -> Result<KpiJson> {
    let s = &r.supporting;
    Ok(KpiJson {
        from: date(&r.from)?,
        to: date(&r.to)?,
        days: r.days,
        values: values(&r.values)?,
        segments: r
            .segments
            .iter()
            .map(|x| {
                Ok(SegmentJson {
                    segment: x.segment.clone(),
                    values: values(&x.values)?,
                })
            })
            .collect::<Result<_>>()?,
        supporting: SupportingJson {
            disputes_opened: s.disputes_opened,
            disputes_assessed_within_48h_percent: o2(&s.disputes_assessed_in_time_percent)?,
            disputes_assessment_overdue: s.disputes_assessment_overdue,
            disputes_open: s.disputes_open,
            disputes_resolved: s.disputes_resolved,
            average_days_to_resolve: o2(&s.average_days_to_resolve)?,
            first_invoice_days: s.first_invoice_days,
            first_invoices_checked: s.first_invoices_checked,
            first_invoice_unpaid_percent: o2(&s.first_invoice_unpaid_percent)?,
            direct_debits: s.direct_debits,
            direct_debits_reversed: s.direct_debits_reversed,
            direct_debit_reversal_rate_count: o2(&s.direct_debit_reversal_rate_count)?,
            direct_debit_reversal_rate_amount: o2(&s.direct_debit_reversal_rate_amount)?,
            write_offs: s.write_offs,
            write_off_amount: f2(&s.write_off_amount)?,
        },
        trend: r
            .trend
            .as_ref()
            .map(|t| {
                t.iter()
                    .map(|p| {
                        Ok(TrendPointJson {
                            from: date(&p.from)?,
                            to: date(&p.to)?,
                            days: p.days,
                            values: values(&p.values)?,
                        })
                    })
                    .collect::<Result<Vec<_>>>()
            })
            .transpose()?,
    })
}

/// One part of a worklist score.
fn factor(f: &c::WorklistFactor) -> Result<Factor> {
    use c::WorklistFactor as W;
    Ok(match f {
        W::Overdue(x) => Factor::Overdue {
            amount: dec(&x.amount)?,
            invoices: usize_of(x.invoices),
            points: dec(&x.points)?,
        },
        W::OldestItem(x) => Factor::OldestItem {
            days: x.days,
            points: dec(&x.points)?,
        },
        W::BrokenPromises(x) => Factor::BrokenPromises {
            count: usize_of(x.count),
            points: dec(&x.points)?,
        },
        W::PastMonthEnd(x) => Factor::PastMonthEnd {
            days: x.days,
            points: dec(&x.points)?,
        },
        W::PastUsualDelay(x) => Factor::PastUsualDelay {
            usual_days: x.usual_days,
            days: x.days,
            points: dec(&x.points)?,
        },
        W::OpenDisputes(x) => Factor::OpenDisputes {
            count: usize_of(x.count),
            multiplier: dec(&x.multiplier)?,
        },
        W::PromisePending(m) => Factor::PromisePending {
            multiplier: dec(m)?,
        },
    })
}

fn sector(s: r::Sector) -> Sector {
    match s {
        r::Sector::Residential => Sector::Residential,
        r::Sector::Tertiary => Sector::Tertiary,
        r::Sector::Industrial => Sector::Industrial,
    }
}

/// An applicant the scorecard looked at.
pub fn applicant(a: &r::Applicant) -> Result<Applicant> {
    Ok(Applicant {
        sector: a.sector.map(sector),
        years_as_customer: dec(&a.years_as_customer)?,
        history: PaymentHistory {
            invoices: a.history_invoices,
            avg_days_late: opt_dec(&a.avg_days_late)?,
        },
        requested_limit: dec(&a.requested_limit)?,
        external_score: opt_dec(&a.external_score)?,
        insolvent: a.insolvent,
        days_overdue_now: a.days_overdue_now,
    })
}

/// A scorecard verdict.
pub fn verdict(v: &r::Verdict) -> Result<Verdict> {
    Ok(Verdict {
        score: v.score,
        class: v.class.clone(),
        light: match v.light {
            r::Light::Green => Light::Green,
            r::Light::Amber => Light::Amber,
            r::Light::Red => Light::Red,
        },
        decision: match v.decision {
            r::AcceptanceDecision::Accept => AcceptanceDecision::Accept,
            r::AcceptanceDecision::AcceptWithConditions => AcceptanceDecision::AcceptWithConditions,
            r::AcceptanceDecision::Reject => AcceptanceDecision::Reject,
        },
        conditions: v
            .conditions
            .iter()
            .map(|c| match c {
                r::AcceptanceCondition::Prepayment => Condition::Prepayment,
                r::AcceptanceCondition::DirectDebit => Condition::DirectDebit,
                r::AcceptanceCondition::LowerLimit => Condition::LowerLimit,
                r::AcceptanceCondition::Security => Condition::Security,
            })
            .collect(),
        requested_limit: dec(&v.requested_limit)?,
        proposed_limit: dec(&v.proposed_limit)?,
        reasons: v
            .reasons
            .iter()
            .map(|x| ScoreReason {
                characteristic: x.characteristic.clone(),
                value: x.value.clone(),
                points: x.points,
            })
            .collect(),
    })
}

fn tradeoff(t: &r::Tradeoff) -> Result<Tradeoff> {
    Ok(Tradeoff {
        cutoff: t.cutoff,
        accepted: t.accepted,
        rejected: t.rejected,
        error1: t.error1,
        error1_percent: opt_dec(&t.error1_percent)?,
        error1_loss: dec(&t.error1_loss)?,
        error2: t.error2,
        error2_percent: opt_dec(&t.error2_percent)?,
        error2_sales: dec(&t.error2_sales)?,
    })
}

/// The acceptance backtest.
pub fn acceptance_backtest(b: &r::AcceptanceBacktest) -> Result<Backtest> {
    Ok(Backtest {
        options: BacktestOptions {
            from: date(&b.from)?,
            months: b.months,
            bad_days: b.bad_days,
        },
        as_of: date(&b.as_of)?,
        customers: b.customers,
        bad: b.bad,
        good: b.good,
        chosen: b.chosen.as_ref().map(tradeoff).transpose()?,
        curve: b.curve.iter().map(tradeoff).collect::<Result<_>>()?,
        method: b.method.clone(),
    })
}

fn forecast_period(p: &r::ForecastPeriod) -> Result<ForecastPeriod> {
    Ok(ForecastPeriod {
        from: date(&p.from)?,
        to: date(&p.to)?,
        expected: dec(&p.expected)?,
        low: dec(&p.low)?,
        high: dec(&p.high)?,
        from_invoices: dec(&p.from_invoices)?,
        from_orders: dec(&p.from_orders)?,
        by_segment: p
            .by_segment
            .iter()
            .map(|s| Ok((s.segment.clone(), dec(&s.amount)?)))
            .collect::<Result<_>>()?,
    })
}

/// The cash-flow forecast.
pub fn forecast(f: &r::ForecastReport) -> Result<Forecast> {
    Ok(Forecast {
        as_of: date(&f.as_of)?,
        currency: f.currency.clone(),
        open_invoices: dec(&f.open_invoices)?,
        open_orders: dec(&f.open_orders)?,
        weeks: f.weeks.iter().map(forecast_period).collect::<Result<_>>()?,
        months: f
            .months
            .iter()
            .map(forecast_period)
            .collect::<Result<_>>()?,
        expected_defaults: dec(&f.expected_defaults)?,
        later: dec(&f.later)?,
        assumptions: f.assumptions.clone(),
    })
}

fn interval(i: &r::Interval) -> Result<Interval> {
    Ok(Interval {
        mean: dec(&i.mean)?,
        p10: dec(&i.p10)?,
        p90: dec(&i.p90)?,
    })
}

fn opt_interval(i: &Option<r::Interval>) -> Result<Option<Interval>> {
    i.as_ref().map(interval).transpose()
}

/// A simulation report.
pub fn simulation(s: &r::SimulationReport) -> Result<SimulationReport> {
    let b = &s.behaviour;
    Ok(SimulationReport {
        as_of: date(&s.as_of)?,
        horizon_end: date(&s.horizon_end)?,
        runs: s.runs,
        seed: s.seed,
        opening_receivables: dec(&s.opening_receivables)?,
        open_invoices: s.open_invoices,
        planned_invoices: s.planned_invoices,
        behaviour: Summary {
            invoices: b.invoices,
            days_late_p10: b.days_late_p10,
            days_late_p50: b.days_late_p50,
            days_late_p90: b.days_late_p90,
            days_late_mean: opt_dec(&b.days_late_mean)?,
            default_probability: opt_dec(&b.default_probability)?,
        },
        scenarios: s
            .scenarios
            .iter()
            .map(|x| {
                Ok(ScenarioResult {
                    name: x.name.clone(),
                    dso: opt_interval(&x.dso)?,
                    cei: opt_interval(&x.cei)?,
                    bad_debt_percent: opt_interval(&x.bad_debt_percent)?,
                    overdue_60_percent: opt_interval(&x.overdue_60_percent)?,
                    cash_collected: interval(&x.cash_collected)?,
                    credit_sales: interval(&x.credit_sales)?,
                    write_offs: interval(&x.write_offs)?,
                    closing_receivables: interval(&x.closing_receivables)?,
                    action_costs: interval(&x.action_costs)?,
                    partner_commission: interval(&x.partner_commission)?,
                    collection_costs: interval(&x.collection_costs)?,
                    fees_charged: interval(&x.fees_charged)?,
                    actions: x
                        .actions
                        .iter()
                        .map(|a| {
                            Ok(ChannelCount {
                                channel: channel(a.channel),
                                count: interval(&a.count)?,
                            })
                        })
                        .collect::<Result<_>>()?,
                    customers_lost: interval(&x.customers_lost)?,
                    sales_lost_to_stops: interval(&x.sales_lost_to_stops)?,
                    sales_blocked_by_limits: interval(&x.sales_blocked_by_limits)?,
                    sales_refused_at_acceptance: dec(&x.sales_refused_at_acceptance)?,
                    customers_refused: x.customers_refused,
                    months: x
                        .months
                        .iter()
                        .map(|m| {
                            Ok(MonthResult {
                                month: m.month.clone(),
                                end: date(&m.end)?,
                                cash: interval(&m.cash)?,
                                sales: interval(&m.sales)?,
                                receivables: interval(&m.receivables)?,
                                dso: opt_interval(&m.dso)?,
                                overdue_60_percent: opt_interval(&m.overdue_60_percent)?,
                            })
                        })
                        .collect::<Result<_>>()?,
                })
            })
            .collect::<Result<_>>()?,
        assumptions: s.assumptions.clone(),
    })
}

/// A core channel as the component's record.
pub fn channel_record(ch: Channel) -> c::Channel {
    match ch {
        Channel::Email => c::Channel::Email,
        Channel::Letter => c::Channel::Letter,
        Channel::Sms => c::Channel::Sms,
        Channel::Whatsapp => c::Channel::Whatsapp,
        Channel::PhoneTask => c::Channel::PhoneTask,
        Channel::Statement => c::Channel::Statement,
        Channel::Handover => c::Channel::Handover,
        Channel::StopDelivery => c::Channel::StopDelivery,
    }
}
