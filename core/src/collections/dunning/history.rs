//! The history of actions already taken: what a dunning run must not repeat.
//!
//! Stored as `actions.csv` (one row per invoice an action covered) or as JSON (the
//! actions a run returned, or a whole run report). A history that does not read is an
//! error listing every bad row: running on a partial history could remind twice.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::action::{Action, RunReport};
use crate::collections::policy::Channel;
use crate::ingest::cell::{self, CellError};
use crate::ingest::rows::CsvRow;
use crate::ingest::text::{self, PhysicalLines};
use crate::limits;
use crate::model::Money;

/// One invoice line of an action taken (one row of `actions.csv`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// Id of the action.
    pub action_id: String,
    /// Date it was taken.
    pub date: NaiveDate,
    /// Customer account.
    pub customer_id: String,
    /// Process id.
    pub process: String,
    /// Step name.
    pub step: String,
    /// Level of the invoice after the action (1-based; 0 on a line listed for
    /// information whose invoice was never escalated).
    pub level: usize,
    /// Channel.
    pub channel: Channel,
    /// Invoice.
    pub invoice_id: String,
    /// Balance at the time.
    pub balance: Money,
    /// Whether the action moved the invoice to `level`.
    pub advanced: bool,
    /// Fee rule charged on this invoice, if any.
    pub fee_rule: Option<String>,
    /// The action's fee, on its first row only (so that the column sums to the fees).
    pub fee: Option<Money>,
}

/// A problem reading a history file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryProblem {
    /// File name.
    pub file: String,
    /// 1-based line, when the problem is on one.
    pub line: Option<u64>,
    /// Column, when known.
    pub column: Option<String>,
    /// What is wrong.
    pub reason: String,
}

impl std::fmt::Display for HistoryProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
        }
        if let Some(c) = &self.column {
            write!(f, " [{c}]")?;
        }
        write!(f, ": {}", self.reason)
    }
}

fn entry(c: &[&str]) -> Result<HistoryEntry, CellError> {
    let advanced = cell::boolean("advanced", c[9])?;
    // A line listed for information in a grouped reminder (not advanced) keeps its own
    // level, which is 0 when the invoice was never escalated; an advanced line is ≥ 1.
    let min = usize::from(advanced);
    let level = c[5]
        .parse::<usize>()
        .ok()
        .filter(|l| *l >= min)
        .ok_or(CellError {
            column: "level",
            reason: if advanced {
                format!("expected a level 1, 2, …, found {:?}", c[5])
            } else {
                format!("expected a level 0, 1, 2, …, found {:?}", c[5])
            },
        })?;
    let channel = Channel::parse(c[6]).ok_or(CellError {
        column: "channel",
        reason: format!("unknown channel {:?}", c[6]),
    })?;
    Ok(HistoryEntry {
        action_id: cell::text("action_id", c[0])?,
        date: cell::date("date", c[1])?,
        customer_id: cell::text("customer_id", c[2])?,
        process: c[3].to_string(),
        step: c[4].to_string(),
        level,
        channel,
        invoice_id: cell::text("invoice_id", c[7])?,
        balance: cell::decimal("balance", c[8])?,
        advanced,
        fee_rule: cell::opt_text(c[10]),
        fee: cell::opt_decimal("fee", c[11])?,
    })
}

/// Actions already taken.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct History {
    /// The rows, in the order given.
    pub entries: Vec<HistoryEntry>,
}

/// The columns of `actions.csv`, in order.
pub const COLUMNS: [&str; 12] = [
    "action_id",
    "date",
    "customer_id",
    "process",
    "step",
    "level",
    "channel",
    "invoice_id",
    "balance",
    "advanced",
    "fee_rule",
    "fee",
];

impl History {
    /// The history of `actions` (e.g. the actions a run returned, once they are sent).
    pub fn from_actions<'a>(actions: impl IntoIterator<Item = &'a Action>) -> History {
        let mut h = History::default();
        h.record(actions);
        h
    }

    /// Appends `actions` as taken.
    pub fn record<'a>(&mut self, actions: impl IntoIterator<Item = &'a Action>) {
        for a in actions {
            for (k, l) in a.invoices.iter().enumerate() {
                self.entries.push(HistoryEntry {
                    action_id: a.action_id.clone(),
                    date: a.date,
                    customer_id: a.customer_id.clone(),
                    process: a.process.clone(),
                    step: a.step.clone(),
                    level: l.level,
                    channel: a.channel,
                    invoice_id: l.invoice_id.clone(),
                    balance: l.balance,
                    advanced: l.advanced,
                    fee_rule: l.fee_rule.clone(),
                    fee: (k == 0).then_some(a.fee.amount),
                });
            }
        }
    }

    /// Reads `actions.csv`. Every row that does not read is reported with its physical
    /// line and column; any such row makes the whole history an error. UTF-16 with a
    /// byte-order mark is transcoded; a cell longer than [`limits::MAX_CELL_BYTES`] or a
    /// file of more than [`limits::MAX_ROWS`] rows is refused as too large.
    pub fn from_csv(file: &str, bytes: &[u8]) -> Result<History, Vec<HistoryProblem>> {
        let problem = |line, column, reason| HistoryProblem {
            file: file.to_string(),
            line,
            column,
            reason,
        };
        let bytes = match text::as_utf8(bytes) {
            Ok(b) => b,
            Err(why) => return Err(vec![problem(None, None, why)]),
        };
        let bytes = bytes.as_ref();
        let mut rdr = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_reader(PhysicalLines::new(bytes));
        let header: Vec<String> = match rdr.headers() {
            Ok(h) => h.iter().map(str::to_string).collect(),
            Err(e) => {
                return Err(vec![problem(
                    Some(1),
                    None,
                    format!("no readable header: {e}"),
                )]);
            }
        };
        let missing: Vec<&str> = COLUMNS
            .iter()
            .copied()
            .filter(|c| !header.iter().any(|h| h == c))
            .collect();
        if !missing.is_empty() {
            return Err(vec![problem(
                Some(1),
                None,
                format!("missing column(s) {}", missing.join(", ")),
            )]);
        }
        let pos: Vec<usize> = COLUMNS
            .iter()
            .map(|c| header.iter().position(|h| h == c).unwrap_or(0))
            .collect();
        let mut h = History::default();
        let mut problems = Vec::new();
        let mut rec = csv::StringRecord::new();
        loop {
            match rdr.read_record(&mut rec) {
                Ok(false) => break,
                Ok(true) => {
                    let line = Some(rdr.get_mut().of(rec.position()));
                    if h.entries.len() + problems.len() >= limits::MAX_ROWS as usize {
                        let max = limits::MAX_ROWS;
                        let why = format!(
                            "too large: more than {max} rows; this one and the rest are not read"
                        );
                        problems.push(problem(line, None, why));
                        break;
                    }
                    if let Some((k, len)) = rec.too_long_cell(limits::MAX_CELL_BYTES) {
                        let column = header.get(k).cloned();
                        problems.push(problem(line, column, limits::cell_too_long(len)));
                        continue;
                    }
                    let cells: Vec<&str> = pos.iter().map(|&k| rec.get(k).unwrap_or("")).collect();
                    if let Some(k) = cells.iter().position(|c| text::has_nul(c.as_bytes())) {
                        let column = Some(COLUMNS[k].to_string());
                        problems.push(problem(line, column, text::NUL_IN_CELL.into()));
                        continue;
                    }
                    match entry(&cells) {
                        Ok(e) => h.entries.push(e),
                        Err(e) => problems.push(problem(line, Some(e.column.into()), e.reason)),
                    }
                }
                Err(e) => {
                    let line = Some(rdr.get_mut().of(e.position()));
                    problems.push(problem(line, None, format!("not readable as CSV: {e}")));
                    if !matches!(
                        e.kind(),
                        csv::ErrorKind::UnequalLengths { .. } | csv::ErrorKind::Utf8 { .. }
                    ) {
                        break;
                    }
                }
            }
        }
        if problems.is_empty() {
            Ok(h)
        } else {
            Err(problems)
        }
    }

    /// Reads JSON: an array of actions (as a run returns them), a whole run report, or
    /// an array of history rows.
    pub fn from_json(file: &str, text: &str) -> Result<History, Vec<HistoryProblem>> {
        if text.len() > limits::MAX_DOCUMENT_BYTES {
            return Err(vec![HistoryProblem {
                file: file.to_string(),
                line: None,
                column: None,
                reason: limits::document_too_large(text.len()),
            }]);
        }
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Shape {
            Report(Box<RunReport>),
            Actions(Vec<Action>),
            Entries(Vec<HistoryEntry>),
        }
        match serde_json::from_str::<Shape>(text) {
            Ok(Shape::Report(r)) => Ok(History::from_actions(&r.actions)),
            Ok(Shape::Actions(a)) => Ok(History::from_actions(&a)),
            Ok(Shape::Entries(entries)) => Ok(History { entries }),
            Err(e) => Err(vec![HistoryProblem {
                file: file.to_string(),
                line: Some(e.line() as u64),
                column: None,
                reason: format!(
                    "expected a run report, an array of actions or an array of history rows ({e})"
                ),
            }]),
        }
    }

    /// Writes `actions.csv`.
    pub fn to_csv(&self) -> Vec<u8> {
        let mut w = csv::Writer::from_writer(Vec::new());
        for e in &self.entries {
            // Writing into a Vec cannot fail.
            let _ = w.serialize(e);
        }
        if self.entries.is_empty() {
            let _ = w.write_record(COLUMNS);
        }
        w.into_inner().unwrap_or_default()
    }
}
