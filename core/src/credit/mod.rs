//! Credit limits and order acceptance (DOMAIN.md §4).

mod limit;

pub use limit::{
    CreditCheck, CreditError, CreditRules, Decision, Exposure, Reason, ReasonCode, check_credit,
    decide, exposure,
};
