//! The shape every entry point has.

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::error::Error;
use crate::model::Portfolio;

/// One entry point.
pub trait Request: Serialize {
    /// Its name in every host: the component's export, `interface/function`.
    const NAME: &'static str;
    /// `Some(name)`: the arguments travel as one record of that name (as the export
    /// takes them); `None`: each is a parameter of its own.
    const RECORD: Option<&'static str>;
    /// Whether the call reads a portfolio (passed beside the arguments as `portfolio`).
    const PORTFOLIO: bool;
    /// The answer.
    type Answer: Serialize + DeserializeOwned;

    /// The component's export that answers this request: [`Request::NAME`], unless the
    /// arguments given call for another (a statement with a policy is
    /// `documents/statement-to-pay`, WIT 3.3.0).
    fn export(&self) -> &'static str {
        Self::NAME
    }

    /// The method of the ledger's `portfolio` resource (`rappel:engine/ledger`) that
    /// gives the same answer on the portfolio opened from the same files, taking the
    /// same arguments but the portfolio; `None` when the ledger has no such method. A
    /// host that calls exports by name (the CLI's `--engine component`) opens the files
    /// with a typed call and calls this method, rather than lowering every byte of the
    /// files as a dynamic value.
    fn ledger_method(&self) -> Option<&'static str> {
        None
    }

    /// Checks the arguments before any portfolio is read (fail fast on a 1 M-invoice
    /// ledger): every problem a host can report without the data.
    fn check(&self) -> Result<(), Error> {
        Ok(())
    }

    /// Answers on `p` (the portfolio, when [`Request::PORTFOLIO`]).
    fn answer(&self, p: Option<&Portfolio>) -> Result<Self::Answer, Error>;
}

/// The portfolio of a call that needs one.
pub(super) fn portfolio<'a>(name: &str, p: Option<&'a Portfolio>) -> Result<&'a Portfolio, Error> {
    p.ok_or_else(|| Error::argument("portfolio", format!("{name} needs a portfolio")))
}
