//! `rappel:engine/fees`: statutory fee quotes.

use rappel_core::api::Request;
use rappel_core::collections::fees::quote::{QuoteRequest, QuoteRule};

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
}

impl From<&rappel_core::collections::fees::FeeLine> for wit::FeeLine {
    fn from(l: &rappel_core::collections::fees::FeeLine) -> Self {
        wit::FeeLine {
            label: l.label.clone(),
            amount: l.amount.to_string(),
        }
    }
}
