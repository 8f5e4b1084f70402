//! `documents/import-bank`: bank statements (camt.053/054, CODA) matched against a
//! portfolio — the report of every movement, and the payments and reversals to record.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::error::Error;
use super::inputs::{NamedFile, PolicyDocument};
use super::request::{Request, portfolio};
use crate::cash::application::{CashReport, Decision, apply_statements};
use crate::cash::rules::CashRules;
use crate::cash::statement::BankStatement;
use crate::ingest::Problem;
use crate::ingest::bank::read_bank;
use crate::model::{Money, Payment, Portfolio};

/// Statement files to apply, the policy whose `[cash]` section decides (absent: the
/// defaults), and a person's decisions on earlier suggestions, by movement id.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ImportBank {
    /// The bank files.
    pub files: Vec<NamedFile>,
    /// The policy, for its `[cash]` rules.
    pub policy: Option<PolicyDocument>,
    /// Decisions on suggestions: `(movement id, decision)`.
    pub decisions: Vec<(String, Decision)>,
}

/// One statement read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementSummary {
    /// File.
    pub file: String,
    /// Format: `camt.053.001.02`, `camt.054.001.04`, `coda`.
    pub format: String,
    /// Statement id.
    pub id: String,
    /// Account.
    pub account: Option<String>,
    /// Date.
    pub date: Option<NaiveDate>,
    /// Opening balance.
    pub opening: Option<Money>,
    /// Closing balance.
    pub closing: Option<Money>,
    /// Movements read.
    pub movements: u64,
}

/// What an import gives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BankImport {
    /// The statements read.
    pub statements: Vec<StatementSummary>,
    /// Problems reading the files, each with file, line and field.
    pub problems: Vec<Problem>,
    /// Every movement and what became of it.
    pub matches: CashReport,
    /// The payments to record (applied and unapplied).
    pub payments: Vec<Payment>,
    /// Direct debits to mark reversed: `(payment id, date)`.
    pub reversals: Vec<(String, NaiveDate)>,
}

impl ImportBank {
    fn rules(&self) -> Result<CashRules, Error> {
        match &self.policy {
            Some(p) => Ok(p.parse()?.cash),
            None => Ok(CashRules::default()),
        }
    }
}

impl Request for ImportBank {
    const NAME: &'static str = "documents/import-bank";
    const RECORD: Option<&'static str> = Some("request");
    const PORTFOLIO: bool = true;
    type Answer = BankImport;

    fn ledger_method(&self) -> Option<&'static str> {
        Some("import-bank")
    }

    fn check(&self) -> Result<(), Error> {
        if self.files.is_empty() {
            return Err(Error::argument("files", "no bank statement given"));
        }
        self.rules().map(drop)
    }

    fn answer(&self, p: Option<&Portfolio>) -> Result<BankImport, Error> {
        let p = portfolio(Self::NAME, p)?;
        let rules = self.rules()?;
        let mut statements: Vec<BankStatement> = Vec::new();
        let mut problems = Vec::new();
        for f in &self.files {
            let r = read_bank(&f.name, &f.contents);
            statements.extend(r.statements);
            problems.extend(r.problems);
        }
        let decisions: BTreeMap<String, Decision> = self.decisions.iter().cloned().collect();
        let matches = apply_statements(p, &statements, &rules, &decisions);
        Ok(BankImport {
            statements: statements
                .iter()
                .map(|s| StatementSummary {
                    file: s.file.clone(),
                    format: s.format.to_string(),
                    id: s.id.clone(),
                    account: s.account.clone(),
                    date: s.date,
                    opening: s.opening,
                    closing: s.closing,
                    movements: s.transactions.len() as u64,
                })
                .collect(),
            problems,
            payments: matches.payments(&statements),
            reversals: matches.reversals(),
            matches,
        })
    }
}
