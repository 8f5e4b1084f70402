//! The engine's `error` record as the core's [`rappel_core::api::Error`]: what the
//! runner reads from JSON (`runner::invoke`), and what a typed call's `types::Error`
//! becomes, so a host words either the same way (its `Display`).

use rappel_core::api::{Error, ErrorCode, Problem};

use crate::bindings::exports::rappel::engine::types;

impl From<&types::Error> for Error {
    fn from(e: &types::Error) -> Self {
        Error {
            code: match e.code {
                types::ErrorCode::InvalidArgument => ErrorCode::InvalidArgument,
                types::ErrorCode::InvalidData => ErrorCode::InvalidData,
                types::ErrorCode::InvalidPolicy => ErrorCode::InvalidPolicy,
                types::ErrorCode::InvalidHistory => ErrorCode::InvalidHistory,
                types::ErrorCode::UnknownCustomer => ErrorCode::UnknownCustomer,
                types::ErrorCode::TooLarge => ErrorCode::TooLarge,
            },
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
