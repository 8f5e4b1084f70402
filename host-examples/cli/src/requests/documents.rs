//! `documents/*`: statements, the dispute register, the generator, and the Peppol
//! documents that change the files.

use chrono::NaiveDate;
use rappel_core::collections::disputes::{self, AppliedFiles};
use rappel_core::collections::statement;
use rappel_core::ingest::ubl::MergedFiles;
use rappel_core::ingest::{CsvFile, Problem, imr};
use rappel_core::model::{Portfolio, Table};
use rappel_core::{generate, ingest};
use serde::{Deserialize, Serialize};

use super::{Request, needs_portfolio};
use crate::data;

/// A file by name: a `csv-file` or an `xml-file` of the WIT.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NamedFile {
    /// Name as the user knows it.
    pub name: String,
    /// Bytes.
    pub contents: Vec<u8>,
}

impl NamedFile {
    fn core(&self) -> CsvFile<'_> {
        CsvFile {
            name: &self.name,
            bytes: &self.contents,
        }
    }
}

/// A customer's account statement.
#[derive(Serialize)]
pub struct Statement {
    /// Customer.
    pub customer_id: String,
    /// Date.
    pub as_of: NaiveDate,
}

/// The statement.
#[derive(Deserialize)]
pub struct StatementAnswer {
    /// It.
    pub statement: statement::Statement,
}

impl Request for Statement {
    const EXPORT: &'static str = "documents/statement";
    const RECORD: Option<&'static str> = None;
    type Answer = StatementAnswer;

    fn native(&self, p: Option<Portfolio>) -> Result<StatementAnswer, String> {
        let p = p.ok_or_else(|| needs_portfolio(Self::EXPORT))?;
        statement::statement(&p, &self.customer_id, self.as_of, None)
            .map(|statement| StatementAnswer { statement })
            .map_err(|e| e.to_string())
    }
}

/// The dispute register at a date.
#[derive(Serialize)]
pub struct DisputeRegister {
    /// Date.
    pub as_of: NaiveDate,
}

/// The register.
#[derive(Deserialize)]
pub struct RegisterAnswer {
    /// It.
    pub register: disputes::DisputeRegister,
}

impl Request for DisputeRegister {
    const EXPORT: &'static str = "documents/dispute-register";
    const RECORD: Option<&'static str> = None;
    type Answer = RegisterAnswer;

    fn native(&self, p: Option<Portfolio>) -> Result<RegisterAnswer, String> {
        let p = p.ok_or_else(|| needs_portfolio(Self::EXPORT))?;
        Ok(RegisterAnswer {
            register: disputes::register(&p, self.as_of),
        })
    }
}

/// A synthetic portfolio.
#[derive(Serialize)]
pub struct Generate {
    /// Customers.
    pub customers: u32,
    /// Invoices.
    pub invoices: u32,
    /// Seed.
    pub seed: u64,
    /// Last day of the data.
    pub end: NaiveDate,
    /// Months of history.
    pub months: u32,
}

impl Generate {
    /// The demo portfolio's request.
    pub fn demo() -> Generate {
        Generate::from(&generate::Config::default())
    }
}

impl From<&generate::Config> for Generate {
    fn from(c: &generate::Config) -> Self {
        Generate {
            customers: c.customers,
            invoices: c.invoices,
            seed: c.seed,
            end: c.end,
            months: c.months,
        }
    }
}

/// The generated files.
#[derive(Deserialize)]
pub struct Generated {
    /// One per table.
    pub files: Vec<NamedFile>,
}

impl Request for Generate {
    const EXPORT: &'static str = "documents/generate";
    const RECORD: Option<&'static str> = Some("request");
    type Answer = Generated;

    fn native(&self, _: Option<Portfolio>) -> Result<Generated, String> {
        let cfg = generate::Config {
            customers: self.customers,
            invoices: self.invoices,
            seed: self.seed,
            end: self.end,
            months: self.months,
            ..Default::default()
        };
        let files = ingest::write_tables(&generate::generate(&cfg))
            .into_iter()
            .map(|(name, contents)| NamedFile {
                name: name.to_string(),
                contents,
            })
            .collect();
        Ok(Generated { files })
    }
}

/// Peppol UBL documents added to the customers and invoices files.
#[derive(Serialize)]
pub struct MergeUbl {
    /// The current customers file.
    pub customers: Option<NamedFile>,
    /// The current invoices file.
    pub invoices: Option<NamedFile>,
    /// The documents.
    pub documents: Vec<NamedFile>,
}

impl Request for MergeUbl {
    const EXPORT: &'static str = "documents/merge-ubl";
    const RECORD: Option<&'static str> = Some("request");
    type Answer = MergedFiles;

    fn native(&self, _: Option<Portfolio>) -> Result<MergedFiles, String> {
        let docs: Vec<(String, Vec<u8>)> = self
            .documents
            .iter()
            .map(|d| (d.name.clone(), d.contents.clone()))
            .collect();
        ingest::ubl::merge_files(
            self.customers.as_ref().map(NamedFile::core),
            self.invoices.as_ref().map(NamedFile::core),
            &docs,
        )
        .map_err(|p| refusal(&p))
    }
}

/// Invoice Responses applied to the disputes and promises files of a folder.
#[derive(Serialize)]
pub struct ApplyResponses<'a> {
    /// The folder, read natively for its disputes and promises files.
    #[serde(skip)]
    pub folder: &'a std::path::Path,
    /// The Invoice Responses.
    pub documents: Vec<NamedFile>,
    /// Days after a PD response before the payment is expected.
    pub payment_expected_days: u32,
}

impl Request for ApplyResponses<'_> {
    const EXPORT: &'static str = "documents/apply-responses";
    const RECORD: Option<&'static str> = Some("request");
    type Answer = AppliedFiles;

    fn native(&self, p: Option<Portfolio>) -> Result<AppliedFiles, String> {
        let docs: Vec<(String, Vec<u8>)> = self
            .documents
            .iter()
            .map(|d| (d.name.clone(), d.contents.clone()))
            .collect();
        let (responses, refused) = imr::parse_responses(&docs);
        if !refused.is_empty() {
            return Err(format!(
                "{} Invoice Response(s) do not read; nothing was applied{}",
                refused.len(),
                list(&refused)
            ));
        }
        let p = p.ok_or_else(|| needs_portfolio(Self::EXPORT))?;
        let file = |t| data::table_file(self.folder, t);
        let (d, q) = (file(Table::Disputes)?, file(Table::Promises)?);
        disputes::apply_to_files(
            &p,
            core_file(&d),
            core_file(&q),
            &responses,
            self.payment_expected_days,
        )
        .map_err(|p| refusal(&p))
    }
}

/// A `(name, bytes)` file as the core reads it.
fn core_file(f: &Option<(String, Vec<u8>)>) -> Option<CsvFile<'_>> {
    f.as_ref().map(|(name, bytes)| CsvFile { name, bytes })
}

/// Problems as indented lines after a message.
fn list(problems: &[Problem]) -> String {
    problems.iter().map(|p| format!("\n  {p}")).collect()
}

/// The refusal to rewrite a file whose rows do not all read.
fn refusal(problems: &[Problem]) -> String {
    format!(
        "a current file has rows that do not read; fix them first so that nothing is lost{}",
        list(problems)
    )
}
