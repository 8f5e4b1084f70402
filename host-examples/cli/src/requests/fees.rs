//! `fees/fees`.

use chrono::NaiveDate;
use rappel_core::collections::fees::quote::{Quote, QuoteRequest, QuoteRule, quote};
use rappel_core::model::{Money, Portfolio};
use rust_decimal::Decimal;
use serde::Serialize;

use super::Request;

/// A statutory fee quote on a principal.
#[derive(Serialize)]
pub struct Fees {
    /// Rule.
    pub rule: QuoteRule,
    /// Principal.
    pub principal: Money,
    /// Days late, for interest.
    pub days_late: Option<i64>,
    /// Yearly rate in percent; absent: the statutory table.
    pub rate: Option<Decimal>,
    /// Last day of interest for the statutory table.
    pub as_of: Option<NaiveDate>,
}

impl Request for Fees {
    const EXPORT: &'static str = "fees/fees";
    const RECORD: Option<&'static str> = Some("request");
    type Answer = Quote;

    fn native(&self, _: Option<Portfolio>) -> Result<Quote, String> {
        quote(&QuoteRequest {
            rule: self.rule,
            principal: self.principal,
            days_late: self.days_late,
            rate: self.rate,
            as_of: self.as_of,
        })
        .map_err(|e| e.to_string())
    }
}
