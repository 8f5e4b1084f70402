//! `documents/*`: statements, the dispute register, the generator, and the Peppol
//! documents that change the files.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::error::{Error, ErrorCode};
use super::inputs::{NamedFile, PolicyDocument};
use super::request::{Request, portfolio};
use crate::collections::disputes::{self, AppliedFiles};
use crate::collections::statement;
use crate::ingest::ubl::MergedFiles;
use crate::ingest::{self, CsvFile, imr};
use crate::model::Portfolio;
use crate::{generate, model::Table};

/// A customer's account statement; with the creditor's policy, each item's payment
/// reference and the transfer QR code of the overdue total.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Statement {
    /// Customer.
    pub customer_id: String,
    /// Date.
    pub as_of: NaiveDate,
    /// The policy, for its `[creditor]` account and `[cash] reference` form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<PolicyDocument>,
}

/// The statement.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StatementAnswer {
    /// It.
    pub statement: statement::Statement,
}

impl Request for Statement {
    const NAME: &'static str = "documents/statement";
    const RECORD: Option<&'static str> = None;
    const PORTFOLIO: bool = true;
    type Answer = StatementAnswer;

    fn export(&self) -> &'static str {
        match self.policy {
            Some(_) => "documents/statement-to-pay",
            None => Self::NAME,
        }
    }

    fn ledger_method(&self) -> Option<&'static str> {
        Some(match self.policy {
            Some(_) => "payable-statement-report",
            None => "statement-report",
        })
    }

    fn check(&self) -> Result<(), Error> {
        self.policy.as_ref().map_or(Ok(()), |d| d.parse().map(drop))
    }

    fn answer(&self, p: Option<&Portfolio>) -> Result<StatementAnswer, Error> {
        let policy = self
            .policy
            .as_ref()
            .map(PolicyDocument::parse)
            .transpose()?;
        let pay = policy.as_ref().map(statement::PayTo::of);
        statement::statement(
            portfolio(Self::NAME, p)?,
            &self.customer_id,
            self.as_of,
            None,
            pay.as_ref(),
        )
        .map(|statement| StatementAnswer { statement })
        .map_err(|e| {
            Error::new(
                ErrorCode::UnknownCustomer,
                e.to_string(),
                Some("customer-id"),
            )
        })
    }
}

/// The dispute register at a date.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DisputeRegister {
    /// Date.
    pub as_of: NaiveDate,
}

/// The register.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RegisterAnswer {
    /// It.
    pub register: disputes::DisputeRegister,
}

impl Request for DisputeRegister {
    const NAME: &'static str = "documents/dispute-register";
    const RECORD: Option<&'static str> = None;
    const PORTFOLIO: bool = true;
    type Answer = RegisterAnswer;

    fn ledger_method(&self) -> Option<&'static str> {
        Some("register-report")
    }

    fn answer(&self, p: Option<&Portfolio>) -> Result<RegisterAnswer, Error> {
        Ok(RegisterAnswer {
            register: disputes::register(portfolio(Self::NAME, p)?, self.as_of),
        })
    }
}

/// A synthetic portfolio ([`generate::generate`]) as exchange-format files.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Generate {
    /// Customers; at least 1.
    pub customers: u32,
    /// Invoices.
    pub invoices: u32,
    /// Seed.
    pub seed: u64,
    /// Last day of the data.
    pub end: NaiveDate,
    /// Months of history (1 to 600).
    pub months: u32,
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

/// The generated files, one per table.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Generated {
    /// The files.
    pub files: Vec<NamedFile>,
}

impl Request for Generate {
    const NAME: &'static str = "documents/generate";
    const RECORD: Option<&'static str> = Some("request");
    const PORTFOLIO: bool = false;
    type Answer = Generated;

    fn check(&self) -> Result<(), Error> {
        if self.customers == 0 {
            return Err(Error::argument("customers", "at least 1"));
        }
        Ok(())
    }

    fn answer(&self, _: Option<&Portfolio>) -> Result<Generated, Error> {
        self.check()?;
        let cfg = generate::Config {
            customers: self.customers,
            invoices: self.invoices,
            seed: self.seed,
            end: self.end,
            months: self.months.clamp(1, 600),
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

/// Peppol UBL invoices and credit notes added to the customers and invoices files.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MergeUbl {
    /// The current customers file; absent: none yet.
    pub customers: Option<NamedFile>,
    /// The current invoices file; absent: none yet.
    pub invoices: Option<NamedFile>,
    /// The documents.
    pub documents: Vec<NamedFile>,
}

/// The refusal to rewrite a file whose rows do not all read.
fn unreadable_files(list: &[ingest::Problem]) -> Error {
    Error::with_problems(
        ErrorCode::InvalidData,
        "a current file has rows that do not read; fix them first so that nothing is lost",
        Error::import_problems(list),
    )
}

impl Request for MergeUbl {
    const NAME: &'static str = "documents/merge-ubl";
    const RECORD: Option<&'static str> = Some("request");
    const PORTFOLIO: bool = false;
    type Answer = MergedFiles;

    fn answer(&self, _: Option<&Portfolio>) -> Result<MergedFiles, Error> {
        let docs: Vec<(String, Vec<u8>)> = self.documents.iter().map(NamedFile::pair).collect();
        ingest::ubl::merge_files(
            self.customers.as_ref().map(NamedFile::csv),
            self.invoices.as_ref().map(NamedFile::csv),
            &docs,
        )
        .map_err(|p| unreadable_files(&p))
    }
}

/// Peppol Invoice Responses applied to a portfolio's disputes and promises files.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ApplyResponses {
    /// The Invoice Responses.
    pub documents: Vec<NamedFile>,
    /// Days after a PD ("paid") response before the payment is expected.
    pub payment_expected_days: u32,
    /// The portfolio's current `disputes.csv` and `promises.csv` (the files rewritten),
    /// when it has them; a host fills them from the portfolio's files.
    #[serde(skip)]
    pub current: [Option<NamedFile>; 2],
}

impl ApplyResponses {
    /// The current disputes and promises files among a portfolio's `files` (copies of
    /// those two only).
    pub fn current_of(files: &[CsvFile<'_>]) -> [Option<NamedFile>; 2] {
        let find = |t| {
            ingest::find_file(files, t).map(|f| NamedFile {
                name: f.name.to_string(),
                contents: f.bytes.to_vec(),
            })
        };
        [find(Table::Disputes), find(Table::Promises)]
    }
}

impl Request for ApplyResponses {
    const NAME: &'static str = "documents/apply-responses";
    const RECORD: Option<&'static str> = Some("request");
    const PORTFOLIO: bool = true;
    type Answer = AppliedFiles;

    fn check(&self) -> Result<(), Error> {
        let docs: Vec<(String, Vec<u8>)> = self.documents.iter().map(NamedFile::pair).collect();
        let (_, refused) = imr::parse_responses(&docs);
        if refused.is_empty() {
            return Ok(());
        }
        Err(Error::with_problems(
            ErrorCode::InvalidData,
            format!(
                "{} Invoice Response(s) do not read; nothing was applied",
                refused.len()
            ),
            Error::import_problems(&refused),
        ))
    }

    fn ledger_method(&self) -> Option<&'static str> {
        Some("apply-responses")
    }

    fn answer(&self, p: Option<&Portfolio>) -> Result<AppliedFiles, Error> {
        self.check()?;
        let docs: Vec<(String, Vec<u8>)> = self.documents.iter().map(NamedFile::pair).collect();
        let (responses, _) = imr::parse_responses(&docs);
        let [d, q] = &self.current;
        disputes::apply_to_files(
            portfolio(Self::NAME, p)?,
            d.as_ref().map(NamedFile::csv),
            q.as_ref().map(NamedFile::csv),
            &responses,
            self.payment_expected_days,
        )
        .map_err(|p| unreadable_files(&p))
    }
}
