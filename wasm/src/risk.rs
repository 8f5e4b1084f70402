//! `rappel:engine/risk`: credit acceptance, the cash-flow forecast and the scenario
//! simulator. Only conversions; the logic is `rappel_core::{api, credit::acceptance,
//! risk}`.

use rappel_core::api::{self, Request, ScenarioRequest};
use rappel_core::collections::policy::risk::PaymentHistory;
use rappel_core::credit::acceptance::{Applicant, Condition, Decision, Light, Verdict, backtest};
use rappel_core::ingest::{self, Imported};
use rappel_core::model::Sector;
use rappel_core::risk::behaviour::Summary;
use rappel_core::risk::forecast;
use rappel_core::risk::simulate::{
    ChannelCount, Interval, Levers, MonthResult, PreDueReminder, Report, ScenarioResult, Settings,
};

use crate::exports::rappel::engine::collections::PolicyDocument;
use crate::exports::rappel::engine::risk as wit;
use crate::exports::rappel::engine::types::{Error, ImportReport, Portfolio};
use crate::input::{date, decimal, imported, on_portfolio, opt_decimal};

/// The acceptance request of the WIT arguments (`accept-customers`).
pub fn acceptance(
    d: &PolicyDocument,
    as_of: &str,
    customer_ids: Vec<String>,
    requested: &Option<String>,
    score: &Option<String>,
) -> Result<api::AcceptCustomers, api::Error> {
    Ok(api::AcceptCustomers {
        policy: d.into(),
        as_of: date("as-of", as_of)?,
        customer_ids,
        requested_limit: opt_decimal("requested-limit", requested)?,
        external_score: opt_decimal("external-score", score)?,
    })
}

/// The acceptance backtest request of the WIT arguments (`backtest-acceptance`).
pub fn acceptance_backtest(
    d: &PolicyDocument,
    as_of: &str,
    from: &str,
    months: u32,
    bad_days: i64,
) -> Result<api::BacktestAcceptance, api::Error> {
    Ok(api::BacktestAcceptance {
        policy: d.into(),
        as_of: date("as-of", as_of)?,
        from: date("from", from)?,
        months,
        bad_days,
    })
}

impl wit::AcceptanceReport {
    /// The verdicts with the report of the portfolio's import.
    pub fn from_answer(a: &api::Decisions, report: &ingest::ImportReport) -> Self {
        wit::AcceptanceReport {
            as_of: a.as_of.to_string(),
            decisions: a
                .decisions
                .iter()
                .map(|d| wit::CustomerVerdict {
                    customer_id: d.customer_id.clone(),
                    applicant: (&d.applicant).into(),
                    verdict: (&d.verdict).into(),
                })
                .collect(),
            import_report: report.into(),
        }
    }
}

impl wit::AcceptanceBacktest {
    /// The backtest with the report of the portfolio's import.
    pub fn from_answer(b: &backtest::Backtest, report: &ingest::ImportReport) -> Self {
        wit::AcceptanceBacktest {
            options: wit::BacktestOptions {
                from: b.options.from.to_string(),
                months: b.options.months,
                bad_days: b.options.bad_days,
            },
            as_of: b.as_of.to_string(),
            customers: b.customers,
            bad: b.bad,
            good: b.good,
            chosen: b.chosen.as_ref().map(Into::into),
            curve: b.curve.iter().map(Into::into).collect(),
            method: b.method.clone(),
            import_report: report.into(),
        }
    }
}

fn levers_in(l: &wit::Levers, at: &str) -> Result<Levers, api::Error> {
    Ok(Levers {
        payment_terms_days: l.payment_terms_days,
        reminder_shift_days: l.reminder_shift_days,
        pre_due_reminder: l.pre_due_reminder.as_ref().map(|r| PreDueReminder {
            days_before: r.days_before,
            risk_classes: r.risk_classes.clone(),
        }),
        handover_day: l.handover_day,
        stop_delivery_day: l.stop_delivery_day,
        acceptance_cutoff: l.acceptance_cutoff,
        limit_percent: opt_decimal(&format!("{at}.limit-percent"), &l.limit_percent)?,
        enforce_limits: l.enforce_limits,
    })
}

fn applicant_in(a: &wit::Applicant) -> Result<Applicant, api::Error> {
    Ok(Applicant {
        sector: a.sector.map(Into::into),
        years_as_customer: decimal("applicant.years-as-customer", &a.years_as_customer)?,
        history: PaymentHistory {
            invoices: a.history.invoices,
            avg_days_late: opt_decimal(
                "applicant.history.avg-days-late",
                &a.history.avg_days_late,
            )?,
        },
        requested_limit: decimal("applicant.requested-limit", &a.requested_limit)?,
        external_score: opt_decimal("applicant.external-score", &a.external_score)?,
        insolvent: a.insolvent,
        days_overdue_now: a.days_overdue_now,
    })
}

impl wit::Guest for crate::Engine {
    fn accept_applicant(d: PolicyDocument, a: wit::Applicant) -> Result<wit::Verdict, Error> {
        let req = api::AcceptApplicant {
            policy: (&d).into(),
            applicant: applicant_in(&a)?,
        };
        Ok((&req.answer(None)?).into())
    }

    fn accept_customers(
        pf: Portfolio,
        d: PolicyDocument,
        as_of: String,
        customer_ids: Vec<String>,
        requested: Option<String>,
        score: Option<String>,
    ) -> Result<wit::AcceptanceReport, Error> {
        let req = acceptance(&d, &as_of, customer_ids, &requested, &score)?;
        let (a, i) = on_portfolio(&req, pf)?;
        Ok(wit::AcceptanceReport::from_answer(&a, &i.report))
    }

    fn backtest_acceptance(
        pf: Portfolio,
        d: PolicyDocument,
        as_of: String,
        from: String,
        months: u32,
        bad_days: i64,
    ) -> Result<wit::AcceptanceBacktest, Error> {
        let req = acceptance_backtest(&d, &as_of, &from, months, bad_days)?;
        let (b, i) = on_portfolio(&req, pf)?;
        Ok(wit::AcceptanceBacktest::from_answer(&b, &i.report))
    }

    fn forecast(
        pf: Portfolio,
        as_of: String,
        o: wit::ForecastOptions,
    ) -> Result<wit::ForecastReport, Error> {
        let (as_of, options) = forecast_args(&as_of, &o)?;
        forecast_on(&imported(pf)?, as_of, &options)
    }

    fn simulate(
        pf: Portfolio,
        as_of: String,
        scenarios: Vec<wit::Scenario>,
        s: wit::SimulationSettings,
    ) -> Result<wit::SimulationReport, Error> {
        let req = simulation(&as_of, &scenarios, &s)?;
        let (r, i) = on_portfolio(&req, pf)?;
        Ok(wit::SimulationReport::from_report(r, (&i.report).into()))
    }
}

/// The simulation request of the WIT arguments, checked (every policy read).
pub fn simulation(
    as_of: &str,
    scenarios: &[wit::Scenario],
    s: &wit::SimulationSettings,
) -> Result<api::Simulate, api::Error> {
    let per_channel = |list: &[wit::ChannelValue], name: &str| {
        list.iter()
            .enumerate()
            .map(|(k, cv)| {
                let v = decimal(&format!("settings.{name}[{k}].value"), &cv.value)?;
                Ok((cv.channel.into(), v))
            })
            .collect::<Result<Vec<_>, api::Error>>()
    };
    let settings = Settings::from_parts(
        s.runs,
        s.seed,
        s.months,
        per_channel(&s.response_percent, "response-percent")?,
        per_channel(&s.action_cost, "action-cost")?,
        opt_decimal(
            "settings.partner-commission-percent",
            &s.partner_commission_percent,
        )?,
    );
    let scenarios = scenarios
        .iter()
        .enumerate()
        .map(|(k, sc)| {
            let levers = match &sc.levers {
                None => None,
                Some(l) => Some(levers_in(l, &format!("scenarios[{k}].levers"))?),
            };
            Ok(ScenarioRequest {
                name: sc.name.clone(),
                policy: (&sc.policy).into(),
                levers,
            })
        })
        .collect::<Result<_, api::Error>>()?;
    let req = api::Simulate {
        as_of: date("as-of", as_of)?,
        scenarios,
        settings,
    };
    req.check()?;
    Ok(req)
}

/// The arguments of a forecast call, read and checked before any portfolio is.
pub fn forecast_args(
    as_of: &str,
    o: &wit::ForecastOptions,
) -> Result<(chrono::NaiveDate, forecast::ReportOptions), api::Error> {
    let as_of = date("as-of", as_of)?;
    let options = forecast::ReportOptions {
        default_days: o.default_days,
        orders: o.orders,
        backtest_from: None,
    };
    rappel_core::limits::default_days(options.default_days)
        .map_err(|e| api::Error::argument("options.default-days", e.reason))?;
    Ok((as_of, options))
}

/// The forecast of an imported portfolio.
pub fn forecast_on(
    i: &Imported,
    as_of: chrono::NaiveDate,
    options: &forecast::ReportOptions,
) -> Result<wit::ForecastReport, Error> {
    let f = forecast::report(&i.portfolio, as_of, options, None)
        .map_err(|e| api::Error::argument("options.default-days", e.reason))?
        .forecast;
    Ok(wit::ForecastReport {
        as_of: f.as_of.to_string(),
        currency: f.currency.clone(),
        open_invoices: f.open_invoices.to_string(),
        open_orders: f.open_orders.to_string(),
        weeks: f.weeks.iter().map(Into::into).collect(),
        months: f.months.iter().map(Into::into).collect(),
        expected_defaults: f.expected_defaults.to_string(),
        later: f.later.to_string(),
        assumptions: f.assumptions,
        import_report: (&i.report).into(),
    })
}

impl From<wit::Sector> for Sector {
    fn from(s: wit::Sector) -> Self {
        match s {
            wit::Sector::Residential => Sector::Residential,
            wit::Sector::Tertiary => Sector::Tertiary,
            wit::Sector::Industrial => Sector::Industrial,
        }
    }
}

impl From<Sector> for wit::Sector {
    fn from(s: Sector) -> Self {
        match s {
            Sector::Residential => wit::Sector::Residential,
            Sector::Tertiary => wit::Sector::Tertiary,
            Sector::Industrial => wit::Sector::Industrial,
        }
    }
}

impl From<&Applicant> for wit::Applicant {
    fn from(a: &Applicant) -> Self {
        wit::Applicant {
            sector: a.sector.map(Into::into),
            years_as_customer: a.years_as_customer.to_string(),
            history: wit::PaymentHistory {
                invoices: a.history.invoices,
                avg_days_late: a.history.avg_days_late.map(|d| d.to_string()),
            },
            requested_limit: a.requested_limit.to_string(),
            external_score: a.external_score.map(|d| d.to_string()),
            insolvent: a.insolvent,
            days_overdue_now: a.days_overdue_now,
        }
    }
}

impl From<&Verdict> for wit::Verdict {
    fn from(v: &Verdict) -> Self {
        wit::Verdict {
            score: v.score,
            class: v.class.clone(),
            light: match v.light {
                Light::Green => wit::Light::Green,
                Light::Amber => wit::Light::Amber,
                Light::Red => wit::Light::Red,
            },
            decision: match v.decision {
                Decision::Accept => wit::AcceptanceDecision::Accept,
                Decision::AcceptWithConditions => wit::AcceptanceDecision::AcceptWithConditions,
                Decision::Reject => wit::AcceptanceDecision::Reject,
            },
            conditions: v
                .conditions
                .iter()
                .map(|c| match c {
                    Condition::Prepayment => wit::AcceptanceCondition::Prepayment,
                    Condition::DirectDebit => wit::AcceptanceCondition::DirectDebit,
                    Condition::LowerLimit => wit::AcceptanceCondition::LowerLimit,
                    Condition::Security => wit::AcceptanceCondition::Security,
                })
                .collect(),
            requested_limit: v.requested_limit.to_string(),
            proposed_limit: v.proposed_limit.to_string(),
            reasons: v
                .reasons
                .iter()
                .map(|r| wit::ScoreReason {
                    characteristic: r.characteristic.clone(),
                    value: r.value.clone(),
                    points: r.points,
                })
                .collect(),
        }
    }
}

impl From<&backtest::Tradeoff> for wit::Tradeoff {
    fn from(t: &backtest::Tradeoff) -> Self {
        wit::Tradeoff {
            cutoff: t.cutoff,
            accepted: t.accepted,
            rejected: t.rejected,
            error1: t.error1,
            error1_percent: t.error1_percent.map(|d| d.to_string()),
            error1_loss: t.error1_loss.to_string(),
            error2: t.error2,
            error2_percent: t.error2_percent.map(|d| d.to_string()),
            error2_sales: t.error2_sales.to_string(),
        }
    }
}

impl From<&forecast::Period> for wit::ForecastPeriod {
    fn from(p: &forecast::Period) -> Self {
        wit::ForecastPeriod {
            from: p.from.to_string(),
            to: p.to.to_string(),
            expected: p.expected.to_string(),
            low: p.low.to_string(),
            high: p.high.to_string(),
            from_invoices: p.from_invoices.to_string(),
            from_orders: p.from_orders.to_string(),
            by_segment: p
                .by_segment
                .iter()
                .map(|(s, a)| (s.clone(), a.to_string()))
                .collect(),
        }
    }
}

impl From<&Interval> for wit::Interval {
    fn from(i: &Interval) -> Self {
        wit::Interval {
            mean: i.mean.to_string(),
            p10: i.p10.to_string(),
            p90: i.p90.to_string(),
        }
    }
}

impl From<&Summary> for wit::BehaviourSummary {
    fn from(b: &Summary) -> Self {
        wit::BehaviourSummary {
            invoices: b.invoices,
            days_late_p10: b.days_late_p10,
            days_late_p50: b.days_late_p50,
            days_late_p90: b.days_late_p90,
            days_late_mean: b.days_late_mean.map(|d| d.to_string()),
            default_probability: b.default_probability.map(|d| d.to_string()),
        }
    }
}

impl From<&ChannelCount> for wit::ChannelCount {
    fn from(a: &ChannelCount) -> Self {
        wit::ChannelCount {
            channel: a.channel.into(),
            count: (&a.count).into(),
        }
    }
}

impl From<&MonthResult> for wit::MonthResult {
    fn from(m: &MonthResult) -> Self {
        wit::MonthResult {
            month: m.month.clone(),
            end: m.end.to_string(),
            cash: (&m.cash).into(),
            sales: (&m.sales).into(),
            receivables: (&m.receivables).into(),
            dso: m.dso.as_ref().map(Into::into),
            overdue_60_percent: m.overdue_60_percent.as_ref().map(Into::into),
        }
    }
}

impl From<&ScenarioResult> for wit::ScenarioResult {
    fn from(s: &ScenarioResult) -> Self {
        wit::ScenarioResult {
            name: s.name.clone(),
            dso: s.dso.as_ref().map(Into::into),
            cei: s.cei.as_ref().map(Into::into),
            bad_debt_percent: s.bad_debt_percent.as_ref().map(Into::into),
            overdue_60_percent: s.overdue_60_percent.as_ref().map(Into::into),
            cash_collected: (&s.cash_collected).into(),
            credit_sales: (&s.credit_sales).into(),
            write_offs: (&s.write_offs).into(),
            closing_receivables: (&s.closing_receivables).into(),
            action_costs: (&s.action_costs).into(),
            partner_commission: (&s.partner_commission).into(),
            collection_costs: (&s.collection_costs).into(),
            fees_charged: (&s.fees_charged).into(),
            actions: s.actions.iter().map(Into::into).collect(),
            customers_lost: (&s.customers_lost).into(),
            sales_lost_to_stops: (&s.sales_lost_to_stops).into(),
            sales_blocked_by_limits: (&s.sales_blocked_by_limits).into(),
            sales_refused_at_acceptance: s.sales_refused_at_acceptance.to_string(),
            customers_refused: s.customers_refused,
            months: s.months.iter().map(Into::into).collect(),
        }
    }
}

impl wit::SimulationReport {
    /// A simulation with the import report of its portfolio.
    pub fn from_report(r: Report, import_report: ImportReport) -> Self {
        wit::SimulationReport {
            as_of: r.as_of.to_string(),
            horizon_end: r.horizon_end.to_string(),
            runs: r.runs,
            seed: r.seed,
            opening_receivables: r.opening_receivables.to_string(),
            open_invoices: r.open_invoices,
            planned_invoices: r.planned_invoices,
            behaviour: (&r.behaviour).into(),
            scenarios: r.scenarios.iter().map(Into::into).collect(),
            assumptions: r.assumptions,
            import_report,
        }
    }
}
