//! `fees/fees`: a statutory fee quote by rule ([`QuoteRequest`] is the request), and
//! `fees/claim`: what a claim costs under the law that governs it ([`ClaimRequest`]).

use super::error::Error;
use super::request::Request;
use crate::collections::fees::quote::{Quote, QuoteError, QuoteRequest, quote};
use crate::collections::law::claim::ClaimError;
use crate::collections::law::{ClaimQuote, ClaimRequest, quote_claim};
use crate::model::Portfolio;

impl QuoteError {
    /// As the engine reports it, naming the argument at fault.
    pub fn to_error(&self) -> Error {
        let arg = match self {
            QuoteError::NegativePrincipal(_) => "principal",
            QuoteError::NegativeDays(_) => "days-late",
            QuoteError::NoRate => "rate",
        };
        Error::argument(arg, self)
    }
}

impl Request for QuoteRequest {
    const NAME: &'static str = "fees/fees";
    const RECORD: Option<&'static str> = Some("request");
    const PORTFOLIO: bool = false;
    type Answer = Quote;

    fn answer(&self, _: Option<&Portfolio>) -> Result<Quote, Error> {
        quote(self).map_err(|e| e.to_error())
    }
}

impl ClaimError {
    /// As the engine reports it, naming the argument at fault.
    pub fn to_error(&self) -> Error {
        let arg = match self {
            ClaimError::NegativePrincipal(_) => "principal",
            ClaimError::HalfPeriod => "due",
            ClaimError::AsOfBeforeDue(..) => "as-of",
        };
        Error::argument(arg, self)
    }
}

impl Request for ClaimRequest {
    const NAME: &'static str = "fees/claim";
    const RECORD: Option<&'static str> = Some("request");
    const PORTFOLIO: bool = false;
    type Answer = ClaimQuote;

    fn answer(&self, _: Option<&Portfolio>) -> Result<ClaimQuote, Error> {
        quote_claim(self).map_err(|e| e.to_error())
    }
}
