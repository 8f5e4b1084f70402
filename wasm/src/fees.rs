//! `rappel:engine/fees`: statutory fee quotes, by rule and by the law of a claim.

use rappel_core::api::Request;
use rappel_core::collections::fees::quote::{QuoteRequest, QuoteRule};
use rappel_core::collections::law::{ClaimQuote, ClaimRequest, Country};

use crate::exports::rappel::engine::fees as wit;
use crate::exports::rappel::engine::types::Error;
use crate::input::{date, decimal, opt_decimal};

impl wit::Guest for crate::Engine {
    fn fees(r: wit::FeeRequest) -> Result<wit::FeeQuote, Error> {
        let req = QuoteRequest {
            rule: match r.rule {
                wit::FeeRule::NlWik => QuoteRule::NlWik,
                wit::FeeRule::BeConsumer => QuoteRule::BeConsumer,
                wit::FeeRule::EuB2b => QuoteRule::EuB2b,
            },
            principal: decimal("principal", &r.principal)?,
            days_late: r.days_late,
            rate: opt_decimal("rate", &r.rate)?,
            as_of: r.as_of.as_deref().map(|d| date("as-of", d)).transpose()?,
        };
        let q = req.answer(None)?;
        Ok(wit::FeeQuote {
            rule: q.rule,
            principal: q.principal.to_string(),
            lines: q.lines.iter().map(Into::into).collect(),
            total: q.total.to_string(),
            notes: q.notes,
        })
    }

    fn claim(r: wit::ClaimRequest) -> Result<wit::ClaimQuote, Error> {
        let req = ClaimRequest {
            creditor_country: country("creditor-country", &r.creditor_country)?,
            debtor_country: country("debtor-country", &r.debtor_country)?,
            b2c: r.b2c,
            contract_law: r
                .contract_law
                .as_deref()
                .map(|c| country("contract-law", c))
                .transpose()?,
            principal: decimal("principal", &r.principal)?,
            due: r.due.as_deref().map(|d| date("due", d)).transpose()?,
            as_of: r.as_of.as_deref().map(|d| date("as-of", d)).transpose()?,
        };
        Ok(req.answer(None)?.into())
    }
}

fn country(name: &str, code: &str) -> Result<Country, rappel_core::api::Error> {
    Country::parse(code).map_err(|e| rappel_core::api::Error::argument(name, e))
}

impl From<ClaimQuote> for wit::ClaimQuote {
    fn from(q: ClaimQuote) -> Self {
        wit::ClaimQuote {
            regime: q.regime.as_str().into(),
            law_country: q.law_country.to_string(),
            law: q.law,
            principal: q.principal.to_string(),
            costs: q.costs.to_string(),
            costs_basis: q.costs_basis,
            compensation: q.compensation.to_string(),
            interest: q.interest.map(|i| i.to_string()),
            rate_periods: q
                .rate_periods
                .into_iter()
                .map(|p| wit::RatePeriodUsed {
                    from: p.from.to_string(),
                    to: p.to.to_string(),
                    rate: p.rate.to_string(),
                    days: p.days,
                    principal: p.principal.to_string(),
                    amount: p.amount.to_string(),
                    source: p.source,
                })
                .collect(),
            total: q.total.to_string(),
            notes: q.notes,
        }
    }
}

impl From<&rappel_core::collections::fees::FeeLine> for wit::FeeLine {
    fn from(l: &rappel_core::collections::fees::FeeLine) -> Self {
        wit::FeeLine {
            label: l.label.clone(),
            amount: l.amount.to_string(),
        }
    }
}
