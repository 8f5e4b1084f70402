//! What a step's fee rule may charge a debtor under the law that governs the debt
//! ([`Regime`]): a rule that law does not know is charged at zero, with the reason.

use std::collections::BTreeMap;

use super::consumer_notice::Jurisdiction;
use super::interest::RateTable;
use super::{FeeRule, Terms};
use crate::collections::law::{Regime, rates};
use crate::collections::policy::CostsBasis;

/// Whether `rule` may be charged under `regime`; `Err` says why not.
pub fn allowed(rule: &FeeRule, regime: Regime) -> Result<(), String> {
    let law = regime.as_str();
    match (rule, regime) {
        (FeeRule::None | FeeRule::Statutory { .. }, _) => Ok(()),
        // A Dutch consumer owes extrajudicial costs only as the WIK sets them (art. 6:96
        // lid 5 BW: the decree's amounts bind where the debtor is a consumer).
        (FeeRule::Fixed { .. }, Regime::NlB2c) => Err(format!(
            "{law}: a Dutch consumer owes collection costs only as the WIK sets them (art. 6:96 lid 5 BW), not a fixed fee"
        )),
        (FeeRule::Fixed { .. }, _) => Ok(()),
        (FeeRule::NlWik { .. }, Regime::NlB2b | Regime::NlB2c) => Ok(()),
        (FeeRule::NlWik { .. }, _) => Err(format!(
            "{law}: WIK collection costs are Dutch law, which does not govern this debt"
        )),
        (FeeRule::BeConsumer { .. }, Regime::BeB2c) => Ok(()),
        (FeeRule::BeConsumer { .. }, _) => Err(format!(
            "{law}: Book XIX damages are for consumers under Belgian law"
        )),
        (FeeRule::EuB2b { .. }, Regime::BeB2b | Regime::NlB2b | Regime::EuB2b) => Ok(()),
        (FeeRule::EuB2b { .. }, Regime::BeB2c | Regime::NlB2c) => Err(format!(
            "{law}: the Late Payment Directive covers business debts only"
        )),
        (FeeRule::EuB2b { .. }, Regime::None) => Err(format!(
            "{law}: the Late Payment Directive does not govern this debt (a consumer, or a law outside the EU)"
        )),
    }
}

/// Whether `rule` can charge a debt under `regime` anything at all; `Err` says why
/// not. Beyond [`allowed`]: `statutory` knows no costs under [`Regime::None`], and under
/// Dutch law an `eu_b2b` rule without interest charges nothing (the €40 is part of the
/// WIK costs, art. 6:96 lid 4 BW).
pub fn can_charge(rule: &FeeRule, regime: Regime) -> Result<(), String> {
    allowed(rule, regime)?;
    let law = regime.as_str();
    match (rule, regime) {
        (FeeRule::Statutory { .. }, Regime::None) => Err(format!(
            "{law}: no statutory late-payment costs are known for this debt"
        )),
        (
            FeeRule::EuB2b {
                interest: false, ..
            },
            Regime::NlB2b,
        ) => Err(format!(
            "{law}: the €40 is part of the WIK costs (art. 6:96 lid 4 BW) and the rule adds no interest"
        )),
        (
            FeeRule::EuB2b {
                compensation,
                interest: false,
            },
            _,
        ) if compensation.is_zero() => Err(format!(
            "{law}: the rule sets no compensation and no interest"
        )),
        _ if rule.is_free() => Err(format!("{law}: the rule charges nothing")),
        _ => Ok(()),
    }
}

/// The consumer-law waiting period every cost to a consumer passes (fixed fees
/// included), if the regime has one.
pub fn consumer_gate(regime: Regime) -> Option<Jurisdiction> {
    match regime {
        Regime::NlB2c => Some(Jurisdiction::Nl),
        Regime::BeB2c => Some(Jurisdiction::Be),
        _ => None,
    }
}

/// The interest table of a debt under `regime` and whether it compounds yearly
/// ([`rates::of_regime`]; the EU minimum where no statutory interest is known); `chosen`
/// (the policy's `interest_rates`) replaces the statutory table.
pub fn interest_terms(regime: Regime, chosen: Option<&RateTable>) -> (RateTable, bool) {
    let (table, compound) = rates::of_regime(regime).unwrap_or((rates::eu_minimum(), false));
    (chosen.cloned().unwrap_or(table), compound)
}

/// The interest terms of every regime, made once per run from the policy's tables (if
/// it has them) or the statutory ones, and the basis of statutory costs.
#[derive(Debug, Clone)]
pub struct TermsBook {
    regimes: Vec<(Regime, RateTable, bool)>,
    basis: CostsBasis,
}

impl TermsBook {
    /// Every regime's terms: `own` (the policy's `interest_tables`) replaces a single
    /// regime's table, else `chosen` (the policy's `interest_rates`) replaces the
    /// statutory tables; `basis` is the policy's `costs_basis` for business debts.
    pub fn new(
        chosen: Option<&RateTable>,
        own: &BTreeMap<Regime, RateTable>,
        basis: CostsBasis,
    ) -> TermsBook {
        let regimes = Regime::ALL
            .into_iter()
            .map(|r| {
                let (t, c) = interest_terms(r, own.get(&r).or(chosen));
                (r, t, c)
            })
            .collect();
        TermsBook { regimes, basis }
    }

    /// The terms of a debt under `regime`.
    pub fn terms(&self, regime: Regime) -> Terms<'_> {
        let (_, rates, compound) = self
            .regimes
            .iter()
            .find(|(r, ..)| *r == regime)
            .unwrap_or(&self.regimes[self.regimes.len() - 1]);
        Terms {
            regime,
            rates,
            compound: *compound,
            basis: if regime.is_consumer() {
                CostsBasis::PerClaim
            } else {
                self.basis
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    #[test]
    fn each_rule_only_under_its_own_law() {
        let wik = FeeRule::NlWik { vat_percent: None };
        let be = FeeRule::BeConsumer { reminder_fee: None };
        let eu = FeeRule::EuB2b {
            compensation: Decimal::from(40),
            interest: true,
        };
        let fixed = FeeRule::Fixed {
            amount: Decimal::from(15),
        };
        assert!(allowed(&wik, Regime::NlB2c).is_ok());
        assert!(allowed(&wik, Regime::BeB2c).is_err());
        assert!(allowed(&wik, Regime::BeB2b).is_err());
        assert!(allowed(&be, Regime::BeB2c).is_ok());
        assert!(allowed(&be, Regime::NlB2c).is_err());
        assert!(allowed(&eu, Regime::BeB2b).is_ok());
        assert!(allowed(&eu, Regime::BeB2c).is_err());
        assert!(allowed(&fixed, Regime::NlB2c).is_err());
        assert!(allowed(&fixed, Regime::BeB2c).is_ok());
        assert_eq!(consumer_gate(Regime::BeB2c), Some(Jurisdiction::Be));
        assert_eq!(consumer_gate(Regime::BeB2b), None);
        assert!(interest_terms(Regime::NlB2b, None).1);
        assert!(!interest_terms(Regime::BeB2b, None).1);
    }
}
