//! A bank file of any supported format, told apart by its content: ISO 20022 camt.053 /
//! camt.054 XML ([`super::camt`]) or Belgian CODA ([`super::coda`]).

use super::report::{Problem, Severity};
use crate::cash::statement::BankStatement;

/// The statements of one bank file and every problem found in it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BankRead {
    /// Statements, in file order.
    pub statements: Vec<BankStatement>,
    /// Problems, with line and field.
    pub problems: Vec<Problem>,
}

/// Reads `bytes` as camt (XML: the first non-blank character, after a BOM, is `<`) or
/// CODA (the first record starts with `0` and has 128 characters); anything else is a
/// file error saying which formats are read.
pub fn read_bank(file: &str, bytes: &[u8]) -> BankRead {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first = body.iter().position(|b| !b.is_ascii_whitespace());
    match first.map(|i| body[i]) {
        Some(b'<') => {
            let r = super::camt::read_camt(file, bytes);
            BankRead {
                statements: r.statements,
                problems: r.problems,
            }
        }
        Some(b'0') => {
            let r = super::coda::read_coda(file, body);
            BankRead {
                statements: r.statements,
                problems: r.problems,
            }
        }
        _ => BankRead {
            statements: Vec::new(),
            problems: vec![Problem {
                file: file.into(),
                line: Some(1),
                column: None,
                severity: Severity::FileError,
                reason: "not a bank statement this engine reads (ISO 20022 camt.053 or camt.054 XML, or Belgian CODA)".into(),
            }],
        },
    }
}
