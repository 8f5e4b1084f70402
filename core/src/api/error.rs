//! Why a request cannot be answered: a code, a sentence and every problem with its
//! place. The same record as the component's `error` (`rappel:engine/types`), so a host
//! reads either engine's refusal into this one type.

use serde::{Deserialize, Serialize};

use crate::collections::dunning::HistoryProblem;
use crate::collections::policy::PolicyProblem;
use crate::ingest;

/// What kind of failure an [`Error`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// An argument is malformed or out of range.
    InvalidArgument,
    /// The portfolio cannot be used (nothing usable read, or a file that cannot be
    /// rewritten without losing rows).
    InvalidData,
    /// The policy does not read or does not validate.
    InvalidPolicy,
    /// The history of earlier actions does not read.
    InvalidHistory,
    /// No customer with the given id.
    UnknownCustomer,
    /// An input is larger than the engine accepts.
    TooLarge,
}

/// One problem, with its place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// File name or field path at fault.
    pub path: String,
    /// 1-based line, when the problem is in a file.
    pub line: Option<u32>,
    /// Column or field, when known.
    pub field: Option<String>,
    /// What is wrong.
    pub reason: String,
}

/// Why a call could not be answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Error {
    /// Kind of failure.
    pub code: ErrorCode,
    /// A sentence for people.
    pub message: String,
    /// The file or field at fault (the first problem's).
    pub path: Option<String>,
    /// The line at fault (the first problem's).
    pub line: Option<u32>,
    /// Every problem found.
    pub problems: Vec<Problem>,
}

impl Error {
    /// An error with one place.
    pub fn new(code: ErrorCode, message: impl Into<String>, path: Option<&str>) -> Error {
        Error {
            code,
            message: message.into(),
            path: path.map(str::to_string),
            line: None,
            problems: Vec::new(),
        }
    }

    /// An `invalid_argument` error naming argument `name`.
    pub fn argument(name: &str, reason: impl std::fmt::Display) -> Error {
        Error::new(
            ErrorCode::InvalidArgument,
            format!("{name}: {reason}"),
            Some(name),
        )
    }

    /// An error with a list of problems; its place is the first problem's.
    pub fn with_problems(
        code: ErrorCode,
        message: impl Into<String>,
        problems: Vec<Problem>,
    ) -> Error {
        let (path, line) = problems
            .first()
            .map(|p| (Some(p.path.clone()), p.line))
            .unwrap_or((None, None));
        Error {
            code,
            message: message.into(),
            path,
            line,
            problems,
        }
    }

    /// An invalid policy, with every problem.
    pub fn policy(problems: Vec<PolicyProblem>) -> Error {
        let n = problems.len();
        Error::with_problems(
            ErrorCode::InvalidPolicy,
            format!("the policy is not valid ({n} problem(s))"),
            problems.into_iter().map(Into::into).collect(),
        )
    }

    /// A `too_large` error for a table file left unread because the room for its rows
    /// could not be had (`problem`, from [`ingest::Parsed::lacking_room`]): a host reading
    /// the files into a WebAssembly module (4 GiB at most, one allocation 2 GiB) refuses
    /// them whole, rather than answer without that table.
    pub fn lacking_room(problem: &ingest::Problem) -> Error {
        Error::with_problems(
            ErrorCode::TooLarge,
            format!(
                "{}: {}; these files need more memory than this engine has",
                problem.file, problem.reason
            ),
            Error::import_problems(std::slice::from_ref(problem)),
        )
    }

    /// Import problems as an error's problems.
    pub fn import_problems(list: &[ingest::Problem]) -> Vec<Problem> {
        list.iter()
            .map(|p| Problem {
                path: p.file.clone(),
                line: p.line.map(line),
                field: p.column.clone(),
                reason: p.reason.clone(),
            })
            .collect()
    }

    /// A history that does not read.
    pub fn history(problems: Vec<HistoryProblem>) -> Error {
        Error::with_problems(
            ErrorCode::InvalidHistory,
            "the history does not read; nothing was run",
            problems
                .into_iter()
                .map(|p| Problem {
                    path: p.file,
                    line: p.line.map(line),
                    field: p.column,
                    reason: p.reason,
                })
                .collect(),
        )
    }

    /// A limit of [`crate::limits`] exceeded, naming the field as the WIT does:
    /// `too-large` when the input is more than the engine takes, `invalid-argument` when
    /// a value is outside its range.
    pub fn limit(e: crate::limits::InputError) -> Error {
        let name = e.field.replace('_', "-");
        let code = match e.breach {
            crate::limits::Breach::TooLarge => ErrorCode::TooLarge,
            crate::limits::Breach::OutOfRange => ErrorCode::InvalidArgument,
        };
        Error::new(code, format!("{name}: {}", e.reason), Some(&name))
    }
}

impl From<PolicyProblem> for Problem {
    fn from(p: PolicyProblem) -> Self {
        Problem {
            path: p.path,
            line: None,
            field: None,
            reason: p.message,
        }
    }
}

/// A file line as the record carries it (saturating).
fn line(l: u64) -> u32 {
    u32::try_from(l).unwrap_or(u32::MAX)
}

impl std::fmt::Display for Error {
    /// The message, then every problem on its own line with its place
    /// (`invoices.csv:3: column amount: …`).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
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

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Table;

    #[test]
    fn a_table_file_without_room_for_its_rows_refuses_the_files_as_too_large() {
        // A customers file said to be 2^62 bytes long: the room for its rows cannot be
        // had (more than isize::MAX bytes; `csv_v1`'s test computes it), so the file is
        // left unread, and a host refuses the files rather than go on without it.
        let text = "customer_id,name,segment,sector,credit_limit,customer_since,language,b2c\n\
                    A,a,S1,industrial,,2020-01-01,nl,false\n";
        let parsed = ingest::Parsed {
            customers: ingest::read_without_room("customers.csv", text),
            ..ingest::Parsed::default()
        };
        let e = Error::lacking_room(parsed.lacking_room().expect("left unread"));
        assert_eq!(e.code, ErrorCode::TooLarge);
        assert_eq!((e.path.as_deref(), e.line), (Some("customers.csv"), None));
        assert!(
            e.message
                .starts_with("customers.csv: too large for the memory at hand: its rows (about "),
            "{}",
            e.message
        );
        assert!(e.message.ends_with(
            "nothing of the file was read; these files need more memory than this engine has"
        ));
        // With its true size the file is read, and nothing lacks room.
        let mut parsed = ingest::Parsed::default();
        parsed.parse_into(Table::Customers, "customers.csv", text.as_bytes());
        assert!(parsed.lacking_room().is_none());
        assert_eq!(parsed.customers.rows.len(), 1);
    }

    #[test]
    fn an_error_reads_with_every_problem_and_its_place() {
        let e = Error::with_problems(
            ErrorCode::InvalidData,
            "nothing usable was read",
            vec![
                Problem {
                    path: "invoices.csv".into(),
                    line: Some(3),
                    field: Some("amount".into()),
                    reason: "not a decimal".into(),
                },
                Problem {
                    path: "customers.csv".into(),
                    line: None,
                    field: None,
                    reason: "missing".into(),
                },
            ],
        );
        assert_eq!((e.path.as_deref(), e.line), (Some("invoices.csv"), Some(3)));
        assert_eq!(
            e.to_string(),
            "nothing usable was read\n  invoices.csv:3: column amount: not a decimal\n  customers.csv: missing"
        );
        // A place without problems leads the message once.
        assert_eq!(
            Error::argument("as-of", "bad date").to_string(),
            "as-of: bad date"
        );
        // The component's JSON (snake case) reads back into the same error.
        let json = r#"{"code":"unknown_customer","message":"m","path":"customer-id","line":null,"problems":[]}"#;
        let back: Error = serde_json::from_str(json).unwrap();
        assert_eq!(back.code, ErrorCode::UnknownCustomer);
    }
}
