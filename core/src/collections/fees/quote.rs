//! A fee quote outside a dunning run: what a rule would charge on a principal, for a
//! collector on the phone or an accounting package's "what do we add?" button.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{FeeLine, be_consumer, interest, wik};
use crate::model::{Money, round2};

/// The statutory rules a quote can apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum QuoteRule {
    /// Netherlands: WIK collection costs ([`wik::wik`]).
    NlWik,
    /// Belgium, consumers: damages caps ([`be_consumer::damages`]).
    BeConsumer,
    /// EU B2B (Directive 2011/7/EU): €40 plus statutory interest.
    EuB2b,
}

impl QuoteRule {
    /// The rule's id as it appears in a quote.
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteRule::NlWik => "nl-wik",
            QuoteRule::BeConsumer => "be-consumer",
            QuoteRule::EuB2b => "eu-b2b",
        }
    }
}

/// What to quote (the arguments of `fees/fees`, see [`crate::api`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteRequest {
    /// Rule.
    pub rule: QuoteRule,
    /// Principal (open balance).
    pub principal: Money,
    /// Days late, for `eu-b2b` interest.
    pub days_late: Option<i64>,
    /// Yearly interest rate in percent, for `eu-b2b`; absent: the statutory table.
    pub rate: Option<Decimal>,
    /// Last day of interest when the statutory table is used.
    pub as_of: Option<NaiveDate>,
}

/// A quote: the components, the total and any note (e.g. a stale rate table).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// Rule id (`nl-wik`, `be-consumer`, `eu-b2b`).
    pub rule: String,
    /// Principal.
    pub principal: Money,
    /// Components.
    pub lines: Vec<FeeLine>,
    /// Total, rounded to cents.
    pub total: Money,
    /// Warnings and explanations.
    pub notes: Vec<String>,
}

/// Why a quote could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuoteError {
    /// The principal is negative.
    NegativePrincipal(Money),
    /// Days late is negative.
    NegativeDays(i64),
    /// Interest was asked for without a rate or an end date for the rate table.
    NoRate,
}

impl std::fmt::Display for QuoteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            QuoteError::NegativePrincipal(p) => {
                write!(f, "principal must not be negative, got {p}")
            }
            QuoteError::NegativeDays(d) => write!(f, "days late must not be negative, got {d}"),
            QuoteError::NoRate => write!(f, "eu-b2b with days late needs a rate or an as-of date"),
        }
    }
}

impl std::error::Error for QuoteError {}

/// Quotes `r.rule` on `r.principal`. For `eu-b2b` interest runs for `days_late` days at
/// `rate` percent (simple interest, actual/365), or, without a rate, from the statutory
/// rate table over the `days_late` days ending at `as_of`.
pub fn quote(r: &QuoteRequest) -> Result<Quote, QuoteError> {
    if r.principal < Money::ZERO {
        return Err(QuoteError::NegativePrincipal(r.principal));
    }
    let days = r.days_late.unwrap_or(0);
    if days < 0 {
        return Err(QuoteError::NegativeDays(days));
    }
    let mut lines = Vec::new();
    let mut notes = Vec::new();
    match r.rule {
        QuoteRule::NlWik => lines.push(line("collection costs (WIK)", wik::wik(r.principal))),
        QuoteRule::BeConsumer => lines.push(line(
            "damages (Book XIX CEL)",
            be_consumer::damages(r.principal),
        )),
        QuoteRule::EuB2b => {
            // The €40 is owed for a late invoice only (Directive 2011/7/EU art. 6(1)).
            let compensation = if days > 0 { 40 } else { 0 };
            lines.push(line(
                "fixed compensation (2011/7/EU)",
                round2(Decimal::from(compensation)),
            ));
            let first = r
                .as_of
                .and_then(|end| end.checked_sub_days(chrono::Days::new((days as u64).max(1) - 1)));
            let amount = match (r.rate, r.as_of, first) {
                (Some(rate), _, _) => interest::simple(r.principal, rate, days),
                (None, Some(end), Some(first)) if days > 0 => {
                    let i = interest::interest(
                        &[(first, r.principal)],
                        first,
                        end,
                        &crate::collections::law::rates::nl_commercial(),
                    );
                    notes.extend(i.warnings);
                    i.amount
                }
                (None, _, _) if days > 0 => return Err(QuoteError::NoRate),
                _ => round2(Decimal::ZERO),
            };
            lines.push(line(&format!("statutory interest ({days} days)"), amount));
        }
    }
    let total = round2(lines.iter().map(|l| l.amount).sum());
    Ok(Quote {
        rule: r.rule.as_str().into(),
        principal: r.principal,
        lines,
        total,
        notes,
    })
}

fn line(label: &str, amount: Money) -> FeeLine {
    FeeLine {
        label: label.into(),
        amount,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_eu_compensation_is_for_a_late_invoice_only() {
        let q = |days| {
            quote(&QuoteRequest {
                rule: QuoteRule::EuB2b,
                principal: Decimal::from(1000),
                days_late: Some(days),
                rate: Some(Decimal::new(1050, 2)),
                as_of: None,
            })
            .unwrap()
        };
        // On time: nothing. 30 days late at 10.50 %: 40 + 1000 × 0.105 × 30 / 365 = 48.63.
        assert_eq!(q(0).total, round2(Decimal::ZERO));
        assert_eq!(q(30).total, Decimal::new(4863, 2));
    }
}
