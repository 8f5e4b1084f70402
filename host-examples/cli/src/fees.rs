//! `rappel fees`: what a claim costs under the law that governs it (the creditor's and
//! the debtor's country, consumer or business), or, for experts, one fee rule.

use chrono::NaiveDate;
use clap::Args;
use rappel_core::collections::fees::quote;
use rappel_core::collections::law::{ClaimQuote, ClaimRequest, Country};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::engine::{Data, Engine};

/// The fee rules `rappel fees --rule` can quote.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuoteRule {
    /// Netherlands, WIK staffel.
    NlWik,
    /// Belgium, consumer damages caps.
    BeConsumer,
    /// EU B2B: €40 plus interest.
    EuB2b,
}

impl From<QuoteRule> for quote::QuoteRule {
    fn from(r: QuoteRule) -> Self {
        match r {
            QuoteRule::NlWik => quote::QuoteRule::NlWik,
            QuoteRule::BeConsumer => quote::QuoteRule::BeConsumer,
            QuoteRule::EuB2b => quote::QuoteRule::EuB2b,
        }
    }
}

fn country(code: &str) -> Result<Country, String> {
    Country::parse(code)
}

/// Arguments of `rappel fees`.
#[derive(Args)]
pub struct FeesArgs {
    /// The creditor's country (ISO 3166-1 alpha-2, e.g. BE).
    #[arg(long, required_unless_present = "rule", value_parser = country)]
    creditor_country: Option<Country>,
    /// The debtor's country (ISO 3166-1 alpha-2).
    #[arg(long, required_unless_present = "rule", value_parser = country)]
    debtor_country: Option<Country>,
    /// The debtor is a consumer (its country's law applies).
    #[arg(long)]
    b2c: bool,
    /// For a business debtor: the law the contract chose (alpha-2).
    #[arg(long, value_parser = country)]
    contract_law: Option<Country>,
    /// Principal: the unpaid sum of the invoices the claim covers.
    #[arg(long)]
    principal: Decimal,
    /// Due date (YYYY-MM-DD); with --as-of, interest runs from the next day.
    #[arg(long, requires = "as_of")]
    due: Option<NaiveDate>,
    /// Last day of interest (YYYY-MM-DD).
    #[arg(long)]
    as_of: Option<NaiveDate>,
    /// Expert: quote one fee rule, whatever the law of the claim.
    #[arg(long, value_enum, conflicts_with_all = ["creditor_country", "debtor_country", "b2c", "contract_law", "due"])]
    rule: Option<QuoteRule>,
    /// With --rule eu-b2b: days late.
    #[arg(long, requires = "rule")]
    days_late: Option<i64>,
    /// With --rule eu-b2b: yearly rate in percent (default: the statutory table).
    #[arg(long, requires = "rule")]
    rate: Option<Decimal>,
}

/// What `rappel fees` prints: the quote of one rule (`--rule`), or what the claim
/// costs under the law that governs it.
#[derive(Serialize)]
#[serde(untagged)]
pub enum FeesAnswer {
    /// `--rule`: one fee rule's quote.
    Rule(quote::Quote),
    /// The claim under its governing law.
    Claim(ClaimQuote),
}

/// Runs `rappel fees`.
pub fn fees(engine: &Engine, a: FeesArgs) -> Result<FeesAnswer, String> {
    if let Some(rule) = a.rule {
        let request = quote::QuoteRequest {
            rule: rule.into(),
            principal: a.principal,
            days_late: a.days_late,
            rate: a.rate,
            as_of: a.as_of,
        };
        return Ok(FeesAnswer::Rule(engine.run(Data::None, &request)?));
    }
    let (Some(creditor_country), Some(debtor_country)) = (a.creditor_country, a.debtor_country)
    else {
        return Err("give --creditor-country and --debtor-country (or an expert --rule)".into());
    };
    let request = ClaimRequest {
        creditor_country,
        debtor_country,
        b2c: a.b2c,
        contract_law: a.contract_law,
        principal: a.principal,
        due: a.due,
        as_of: a.as_of,
    };
    Ok(FeesAnswer::Claim(engine.run(Data::None, &request)?))
}
