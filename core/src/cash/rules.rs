//! How cash application decides (policy section `[cash]`): the form of the payment
//! references the creditor prints, the confidence above which a match is applied without
//! a person, and the differences that may be settled without asking.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::reference::ReferenceKind;
use crate::model::Money;

/// The `[cash]` section of a policy; every field has a default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CashRules {
    /// The form of the reference derived for an invoice without one (`ogm` or `rf`).
    pub reference: ReferenceKind,
    /// A match at or above this confidence (0–1) is applied; below, it is a suggestion
    /// for a person to confirm or reject. Default 0.90.
    pub auto_apply: Decimal,
    /// A payment short of the open items by at most this amount settles them, the
    /// difference written as an explained line (bank charges). Default 0.
    pub tolerance: Money,
    /// … or by at most this percentage of them (an agreed early-payment discount).
    /// Default 0.
    pub tolerance_percent: Decimal,
    /// The largest number of open items one payment is searched to settle together
    /// (oldest first, among a customer's twelve oldest). Default 4.
    pub max_items: usize,
}

impl Default for CashRules {
    fn default() -> CashRules {
        CashRules {
            reference: ReferenceKind::Ogm,
            auto_apply: Decimal::new(90, 2),
            tolerance: Money::ZERO,
            tolerance_percent: Decimal::ZERO,
            max_items: 4,
        }
    }
}

impl CashRules {
    /// Every problem of the section, with the path of the field.
    pub fn problems(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        if self.auto_apply < Decimal::ZERO || self.auto_apply > Decimal::ONE {
            out.push(("cash.auto_apply".into(), "must be between 0 and 1".into()));
        }
        if self.tolerance < Money::ZERO {
            out.push(("cash.tolerance".into(), "must not be negative".into()));
        }
        if self.tolerance_percent < Decimal::ZERO || self.tolerance_percent > Decimal::from(10) {
            out.push((
                "cash.tolerance_percent".into(),
                "must be between 0 and 10".into(),
            ));
        }
        if !(1..=8).contains(&self.max_items) {
            out.push(("cash.max_items".into(), "must be between 1 and 8".into()));
        }
        out
    }

    /// Whether a payment of `paid` may settle items of `open` (paid ≤ open), the
    /// difference being within the tolerance.
    pub fn settles(&self, paid: Money, open: Money) -> bool {
        let short = open - paid;
        short >= Money::ZERO
            && (short <= self.tolerance
                || short * Decimal::ONE_HUNDRED <= open * self.tolerance_percent)
    }
}
