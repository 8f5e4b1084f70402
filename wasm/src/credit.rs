//! `rappel:engine/credit`: the order check, from a host-kept exposure or from a
//! portfolio.

use rappel_core::api::{self, Request};
use rappel_core::credit::{self, CreditRules, Decision, Exposure, NoLimit, ReasonCode};
use rappel_core::ingest::{ImportReport, Imported};
use rappel_core::model::CustomerStatus;

use crate::exports::rappel::engine::credit as wit;
use crate::exports::rappel::engine::types::{Error, Portfolio};
use crate::input::{date, decimal, imported, on_portfolio, opt_decimal};

impl wit::Guest for crate::Engine {
    fn check_credit(r: wit::CreditRequest) -> Result<wit::CreditDecision, Error> {
        if r.customer_id.is_empty() {
            return Err(api::Error::argument("customer-id", "must not be empty").into());
        }
        let e = &r.exposure;
        let exposure = Exposure {
            open_invoices: decimal("exposure.open-invoices", &e.open_invoices)?,
            unapplied_cash: decimal("exposure.unapplied-cash", &e.unapplied_cash)?,
            open_orders: decimal("exposure.open-orders", &e.open_orders)?,
            overdue: decimal("exposure.overdue", &e.overdue)?,
            oldest_days_past_due: e.oldest_days_past_due,
        };
        let rules = CreditRules {
            overdue_tolerance_days: r.overdue_tolerance_days,
            when_no_limit: r.when_no_limit.into(),
        };
        let c = credit::decide(
            &r.customer_id,
            opt_decimal("credit-limit", &r.credit_limit)?,
            r.status.into(),
            exposure,
            decimal("order-amount", &r.order_amount)?,
            date("as-of", &r.as_of)?,
            &rules,
        )
        .map_err(|e| e.to_error())?;
        Ok((&c).into())
    }

    fn check_order(
        p: Portfolio,
        customer_id: String,
        order_amount: String,
        as_of: String,
        overdue_tolerance_days: i64,
        when_no_limit: wit::NoLimitRule,
    ) -> Result<wit::OrderDecision, Error> {
        let rules = rules(overdue_tolerance_days, when_no_limit);
        let req = order(customer_id, &order_amount, &as_of, rules)?;
        let (answer, i) = on_portfolio(&req, p)?;
        Ok(wit::OrderDecision::from_answer(&answer, &i.report))
    }

    fn exposures(p: Portfolio, as_of: String) -> Result<wit::ExposureReport, Error> {
        let as_of = date("as-of", &as_of)?;
        Ok(exposures_on(&imported(p)?, as_of))
    }
}

/// The credit rules of the WIT arguments.
pub fn rules(overdue_tolerance_days: i64, when_no_limit: wit::NoLimitRule) -> CreditRules {
    CreditRules {
        overdue_tolerance_days,
        when_no_limit: when_no_limit.into(),
    }
}

impl wit::OrderDecision {
    /// The decision with the report of the portfolio's import.
    pub fn from_answer(a: &api::OrderDecision, report: &ImportReport) -> Self {
        wit::OrderDecision {
            decision: (&a.decision).into(),
            import_report: report.into(),
        }
    }
}

/// The order-check request of the WIT arguments, checked.
pub fn order(
    customer_id: String,
    amount: &str,
    as_of: &str,
    rules: CreditRules,
) -> Result<api::CheckOrder, api::Error> {
    let req = api::CheckOrder {
        customer_id,
        order_amount: decimal("order-amount", amount)?,
        as_of: date("as-of", as_of)?,
        overdue_tolerance_days: rules.overdue_tolerance_days,
        when_no_limit: rules.when_no_limit,
    };
    req.check()?;
    Ok(req)
}

/// Every customer's limit and exposure of an imported portfolio, by customer id.
pub fn exposures_on(i: &Imported, as_of: chrono::NaiveDate) -> wit::ExposureReport {
    let p = &i.portfolio;
    let mut customers: Vec<wit::CustomerExposure> = p
        .customers()
        .iter()
        .enumerate()
        .map(|(k, c)| wit::CustomerExposure {
            customer_id: c.customer_id.to_string(),
            credit_limit: c.credit_limit.map(|l| l.to_string()),
            exposure: (&credit::exposure(p, k, as_of)).into(),
            status: c.status.into(),
        })
        .collect();
    customers.sort_by(|a, b| a.customer_id.cmp(&b.customer_id));
    wit::ExposureReport {
        as_of: as_of.to_string(),
        customers,
        import_report: (&i.report).into(),
    }
}

impl From<&credit::CreditCheck> for wit::CreditDecision {
    fn from(c: &credit::CreditCheck) -> Self {
        wit::CreditDecision {
            customer_id: c.customer_id.clone(),
            as_of: c.as_of.to_string(),
            order_amount: c.order_amount.to_string(),
            credit_limit: c.credit_limit.map(|l| l.to_string()),
            exposure: (&c.exposure).into(),
            available: c.available.map(|a| a.to_string()),
            fits: c.fits,
            decision: match c.decision {
                Decision::Approve => wit::Decision::Approve,
                Decision::Hold => wit::Decision::Hold,
                Decision::Reject => wit::Decision::Reject,
            },
            reasons: c
                .reasons
                .iter()
                .map(|r| wit::Reason {
                    code: match r.code {
                        ReasonCode::WithinLimit => wit::ReasonCode::WithinLimit,
                        ReasonCode::OverLimit => wit::ReasonCode::OverLimit,
                        ReasonCode::NoLimitSet => wit::ReasonCode::NoLimitSet,
                        ReasonCode::NoCredit => wit::ReasonCode::NoCredit,
                        ReasonCode::OverdueBalance => wit::ReasonCode::OverdueBalance,
                        ReasonCode::EngineUnavailable => wit::ReasonCode::EngineUnavailable,
                        ReasonCode::Insolvent => wit::ReasonCode::Insolvent,
                        ReasonCode::CollectionPartner => wit::ReasonCode::CollectionPartner,
                        ReasonCode::DeliveryStopped => wit::ReasonCode::DeliveryStopped,
                    },
                    message: r.message.clone(),
                })
                .collect(),
        }
    }
}

impl From<&Exposure> for wit::Exposure {
    fn from(e: &Exposure) -> Self {
        wit::Exposure {
            open_invoices: e.open_invoices.to_string(),
            unapplied_cash: e.unapplied_cash.to_string(),
            open_orders: e.open_orders.to_string(),
            overdue: e.overdue.to_string(),
            oldest_days_past_due: e.oldest_days_past_due,
        }
    }
}

impl From<wit::NoLimitRule> for NoLimit {
    fn from(r: wit::NoLimitRule) -> Self {
        match r {
            wit::NoLimitRule::Approve => NoLimit::Approve,
            wit::NoLimitRule::Refer => NoLimit::Refer,
        }
    }
}

impl From<wit::CustomerStatus> for CustomerStatus {
    fn from(s: wit::CustomerStatus) -> Self {
        match s {
            wit::CustomerStatus::Active => CustomerStatus::Active,
            wit::CustomerStatus::DeliveryStopped => CustomerStatus::DeliveryStopped,
            wit::CustomerStatus::CollectionPartner => CustomerStatus::CollectionPartner,
            wit::CustomerStatus::Insolvent => CustomerStatus::Insolvent,
        }
    }
}

impl From<CustomerStatus> for wit::CustomerStatus {
    fn from(s: CustomerStatus) -> Self {
        match s {
            CustomerStatus::Active => wit::CustomerStatus::Active,
            CustomerStatus::DeliveryStopped => wit::CustomerStatus::DeliveryStopped,
            CustomerStatus::CollectionPartner => wit::CustomerStatus::CollectionPartner,
            CustomerStatus::Insolvent => wit::CustomerStatus::Insolvent,
        }
    }
}
