//! What a host answers when the engine cannot: fail closed.
//!
//! A trap means a limit was hit (fuel, memory, deadline) or the engine has a bug. For an
//! order check the safe answer is "hold": a credit manager looks at the order, nothing
//! ships unchecked, and the reason says why. Bad input (`err(error)`) is not a trap: it
//! is returned to the caller to fix.

use rappel_core::credit::{CreditCheck, Decision, Reason, ReasonCode};

use crate::bindings::exports::rappel::engine::credit::CreditRequest;
use crate::{Host, to_core};

/// The order check through the engine; a hold with reason `engine_unavailable` when the
/// engine traps or cannot be instantiated. `Err` only for input the engine refused.
pub fn check_credit(host: &Host, request: &CreditRequest) -> Result<CreditCheck, String> {
    let answer = host.call(|call| {
        call.engine
            .rappel_engine_credit()
            .call_check_credit(&mut call.store, request)
    });
    match answer {
        Ok((Ok(decision), _)) => to_core::credit_check(&decision).map_err(|e| e.to_string()),
        Ok((Err(error), _)) => Err(to_core::error_text(&error)),
        Err(trap) => Ok(hold(request, &format!("{trap:#}"))),
    }
}

/// The fail-closed answer for `request`: hold, with the trap as the reason.
pub fn hold(request: &CreditRequest, trap: &str) -> CreditCheck {
    let as_of = chrono::NaiveDate::parse_from_str(&request.as_of, "%Y-%m-%d").unwrap_or_default();
    let amount = request.order_amount.parse().unwrap_or_default();
    CreditCheck {
        customer_id: request.customer_id.clone(),
        as_of,
        order_amount: amount,
        credit_limit: request.credit_limit.as_deref().and_then(|l| l.parse().ok()),
        exposure: rappel_core::credit::Exposure {
            open_invoices: request.exposure.open_invoices.parse().unwrap_or_default(),
            unapplied_cash: request.exposure.unapplied_cash.parse().unwrap_or_default(),
            open_orders: request.exposure.open_orders.parse().unwrap_or_default(),
            overdue: request.exposure.overdue.parse().unwrap_or_default(),
            oldest_days_past_due: request.exposure.oldest_days_past_due,
        },
        available: None,
        fits: false,
        decision: Decision::Hold,
        reasons: vec![Reason {
            code: ReasonCode::EngineUnavailable,
            message: format!("credit check could not be made, order held: {trap}"),
        }],
    }
}
