//! What a host answers when the engine cannot: fail closed.
//!
//! A trap means a limit was hit (fuel, memory, deadline) or the engine has a bug. For an
//! order check the safe answer is "hold": a credit manager looks at the order, nothing
//! ships unchecked, and the reason says why. Bad input (`err(error)`) is not a trap: it
//! is returned to the caller to fix.

use crate::bindings::exports::rappel::engine::credit::{
    CreditDecision, CreditRequest, Decision, Reason, ReasonCode,
};
use crate::bindings::exports::rappel::engine::types;
use rappel_core::api::Error as EngineError;

use crate::Host;

/// The order check through the engine; a hold with reason `engine-unavailable` when the
/// engine traps or cannot be instantiated. `Err` (the engine's error, in words) only for
/// input the engine refused.
pub fn check_credit(host: &Host, request: &CreditRequest) -> Result<CreditDecision, String> {
    let answer = host.call(|call| {
        call.engine
            .rappel_engine_credit()
            .call_check_credit(&mut call.store, request)
    });
    decide(request, answer.map(|(a, _)| a))
}

/// The answer to `request` from what an order check through the engine came to: the
/// engine's decision, the engine's refusal of the input (`Err`, in words), or, when the
/// call trapped, a hold with reason `engine-unavailable`. For hosts that set up the call
/// themselves (a tenant's own budget, a kept store).
pub fn decide(
    request: &CreditRequest,
    outcome: wasmtime::Result<Result<CreditDecision, types::Error>>,
) -> Result<CreditDecision, String> {
    match outcome {
        Ok(Ok(decision)) => Ok(decision),
        Ok(Err(error)) => Err(EngineError::from(&error).to_string()),
        Err(trap) => Ok(hold(request, &format!("{trap:#}"))),
    }
}

/// The fail-closed answer for `request`: hold, with the trap as the reason.
pub fn hold(request: &CreditRequest, trap: &str) -> CreditDecision {
    CreditDecision {
        customer_id: request.customer_id.clone(),
        as_of: request.as_of.clone(),
        order_amount: request.order_amount.clone(),
        credit_limit: request.credit_limit.clone(),
        exposure: request.exposure.clone(),
        available: None,
        fits: false,
        decision: Decision::Hold,
        reasons: vec![Reason {
            code: ReasonCode::EngineUnavailable,
            message: format!("credit check could not be made, order held: {trap}"),
        }],
    }
}
