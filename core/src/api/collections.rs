//! `collections/run-dunning` and `collections/worklist`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::error::{Error, ErrorCode};
use super::inputs::{HistoryDocument, PolicyDocument};
use super::request::{Request, portfolio};
use crate::collections::dunning::{self, RunReport};
use crate::collections::worklist::{self, WorklistRow};
use crate::model::Portfolio;

/// A dunning run at a date, continuing from the history of earlier actions.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Dunning {
    /// The policy.
    pub policy: PolicyDocument,
    /// Earlier actions.
    pub history: HistoryDocument,
    /// Run date.
    pub as_of: NaiveDate,
}

impl Request for Dunning {
    const NAME: &'static str = "collections/run-dunning";
    const RECORD: Option<&'static str> = Some("request");
    const PORTFOLIO: bool = true;
    type Answer = RunReport;

    fn ledger_method(&self) -> Option<&'static str> {
        Some("run-dunning")
    }

    /// The policy only: a history can be years of actions, read once, in `answer`.
    fn check(&self) -> Result<(), Error> {
        self.policy.parse().map(drop)
    }

    fn answer(&self, p: Option<&Portfolio>) -> Result<RunReport, Error> {
        let pol = self.policy.parse()?;
        let history = self.history.parse("history")?;
        dunning::run(portfolio(Self::NAME, p)?, &pol, &history, self.as_of).map_err(|problems| {
            Error::with_problems(
                ErrorCode::InvalidPolicy,
                "the policy's templates do not render",
                problems.into_iter().map(Into::into).collect(),
            )
        })
    }
}

/// The collector's worklist at a date.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Worklist {
    /// The policy (its worklist weights and holds).
    pub policy: PolicyDocument,
    /// Date.
    pub as_of: NaiveDate,
}

/// The worklist's rows.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Rows {
    /// Highest score first.
    pub rows: Vec<WorklistRow>,
}

impl Request for Worklist {
    const NAME: &'static str = "collections/worklist";
    const RECORD: Option<&'static str> = Some("request");
    const PORTFOLIO: bool = true;
    type Answer = Rows;

    fn ledger_method(&self) -> Option<&'static str> {
        Some("worklist")
    }

    fn check(&self) -> Result<(), Error> {
        self.policy.parse().map(drop)
    }

    fn answer(&self, p: Option<&Portfolio>) -> Result<Rows, Error> {
        let pol = self.policy.parse()?;
        Ok(Rows {
            rows: worklist::worklist(portfolio(Self::NAME, p)?, &pol, self.as_of),
        })
    }
}
