//! The engine's `error` record in words, for people and logs: the message, then every
//! problem on its own line with its place (`invoices.csv:3: column amount: …`). A typed
//! call's `types::Error` reads the same through `EngineError::from`.

use std::fmt;

use serde::Deserialize;

use crate::bindings::exports::rappel::engine::types;

/// An `error` record as the runner reads it from JSON (`runner::invoke`), or as a typed
/// call returns it (through `From`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct EngineError {
    /// The error code (`invalid_argument`, `invalid_data`, …).
    pub code: String,
    /// A sentence for people.
    pub message: String,
    /// The file or field at fault.
    pub path: Option<String>,
    /// The line at fault.
    pub line: Option<u32>,
    /// Every problem found.
    pub problems: Vec<Problem>,
}

/// One problem of an [`EngineError`].
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Problem {
    /// File or field path.
    pub path: String,
    /// 1-based line.
    pub line: Option<u32>,
    /// Column or field.
    pub field: Option<String>,
    /// What is wrong.
    pub reason: String,
}

impl fmt::Display for EngineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.problems.is_empty()
            && let Some(path) = &self.path
            && !self.message.starts_with(path.as_str())
        {
            write!(f, "{path}: ")?;
        }
        f.write_str(&self.message)?;
        for p in &self.problems {
            write!(f, "\n  {}", p.path)?;
            if let Some(l) = p.line {
                write!(f, ":{l}")?;
            }
            if let Some(c) = &p.field {
                write!(f, ": column {c}")?;
            }
            write!(f, ": {}", p.reason)?;
        }
        Ok(())
    }
}

impl std::error::Error for EngineError {}

impl From<&types::Error> for EngineError {
    fn from(e: &types::Error) -> Self {
        EngineError {
            code: format!("{:?}", e.code),
            message: e.message.clone(),
            path: e.path.clone(),
            line: e.line,
            problems: e
                .problems
                .iter()
                .map(|p| Problem {
                    path: p.path.clone(),
                    line: p.line,
                    field: p.field.clone(),
                    reason: p.reason.clone(),
                })
                .collect(),
        }
    }
}
