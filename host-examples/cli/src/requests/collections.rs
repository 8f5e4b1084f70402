//! `collections/run-dunning` and `collections/worklist`.

use chrono::NaiveDate;
use rappel_core::collections::dunning::{self, RunReport};
use rappel_core::collections::worklist::{self, WorklistRow};
use rappel_core::model::Portfolio;
use serde::{Deserialize, Serialize};

use super::{Request, needs_portfolio};
use crate::inputs::{HistoryFile, PolicyFile, history_variant, load_policy};

/// A dunning run at a date, continuing from the history.
#[derive(Serialize)]
pub struct Dunning<'a> {
    /// The policy.
    pub policy: &'a PolicyFile,
    /// Earlier actions.
    #[serde(serialize_with = "history_variant")]
    pub history: Option<HistoryFile>,
    /// Run date.
    pub as_of: NaiveDate,
}

impl Request for Dunning<'_> {
    const EXPORT: &'static str = "collections/run-dunning";
    const RECORD: Option<&'static str> = Some("request");
    type Answer = RunReport;

    fn native(&self, p: Option<Portfolio>) -> Result<RunReport, String> {
        let pol = load_policy(self.policy)?;
        let history = match &self.history {
            Some(h) => h.parse()?,
            None => Default::default(),
        };
        let p = p.ok_or_else(|| needs_portfolio(Self::EXPORT))?;
        dunning::run(&p, &pol, &history, self.as_of).map_err(|e| {
            e.iter()
                .map(|x| x.to_string())
                .collect::<Vec<_>>()
                .join("; ")
        })
    }
}

/// The collector's worklist at a date.
#[derive(Serialize)]
pub struct Worklist<'a> {
    /// The policy (its worklist weights and holds).
    pub policy: &'a PolicyFile,
    /// Date.
    pub as_of: NaiveDate,
}

/// The worklist's rows.
#[derive(Deserialize)]
pub struct Rows {
    /// Highest score first.
    pub rows: Vec<WorklistRow>,
}

impl Request for Worklist<'_> {
    const EXPORT: &'static str = "collections/worklist";
    const RECORD: Option<&'static str> = Some("request");
    type Answer = Rows;

    fn native(&self, p: Option<Portfolio>) -> Result<Rows, String> {
        let pol = load_policy(self.policy)?;
        let p = p.ok_or_else(|| needs_portfolio(Self::EXPORT))?;
        Ok(Rows {
            rows: worklist::worklist(&p, &pol, self.as_of),
        })
    }
}
