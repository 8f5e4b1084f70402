//! Inputs that several requests share: a policy document, a dunning history, a file.

use serde::{Deserialize, Serialize};

use super::error::Error;
use crate::collections::dunning::History;
use crate::collections::policy::{self, Policy, PolicyFormat};
use crate::ingest::CsvFile;

/// A policy document as text (`{"format": "toml", "text": …}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyDocument {
    /// Syntax.
    pub format: PolicyFormat,
    /// The document.
    pub text: String,
}

impl PolicyDocument {
    /// Reads and validates it; `invalid_policy` lists every problem with its path.
    pub fn parse(&self) -> Result<Policy, Error> {
        policy::parse(&self.text, self.format).map_err(Error::policy)
    }

    /// What the policy asks but can never do ([`policy::warnings`]): the policy runs,
    /// but the user should know. `invalid_policy` when it does not validate.
    pub fn warnings(&self) -> Result<Vec<policy::PolicyProblem>, Error> {
        self.parse().map(|p| policy::warnings(&p))
    }
}

/// Earlier dunning actions: none, `actions.csv` bytes, or the JSON of earlier runs.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HistoryDocument {
    /// No earlier actions.
    #[default]
    None,
    /// `actions.csv`.
    Csv(Vec<u8>),
    /// JSON of earlier runs.
    Json(String),
}

impl HistoryDocument {
    /// Reads it; problems name the file `name`.
    pub fn parse(&self, name: &str) -> Result<History, Error> {
        match self {
            HistoryDocument::None => Ok(History::default()),
            HistoryDocument::Csv(bytes) => History::from_csv(name, bytes),
            HistoryDocument::Json(text) => History::from_json(name, text),
        }
        .map_err(Error::history)
    }
}

/// A file by name: a CSV table, a Peppol document, a generated table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamedFile {
    /// Name as the user knows it.
    pub name: String,
    /// Bytes.
    pub contents: Vec<u8>,
}

impl NamedFile {
    /// The file as the readers take it.
    pub fn csv(&self) -> CsvFile<'_> {
        CsvFile {
            name: &self.name,
            bytes: &self.contents,
        }
    }

    /// `(name, bytes)`, as the Peppol readers take documents.
    pub fn pair(&self) -> (String, Vec<u8>) {
        (self.name.clone(), self.contents.clone())
    }
}
