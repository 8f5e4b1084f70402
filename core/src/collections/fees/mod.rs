//! Collection costs and late-payment interest (DOMAIN.md §6). Each rule is law encoded
//! as data-driven functions, with its source; the policy document picks which rule a
//! dunning step charges.
//!
//! - [`wik`]: Netherlands, statutory extrajudicial collection costs (WIK staffel).
//! - [`be_consumer`]: Belgium, consumer damages caps and reminder costs (2023 law).
//! - [`interest`]: EU B2B late-payment interest from a dated rate table.
//! - [`consumer_notice`]: when costs may first be charged to a consumer.

pub mod be_consumer;
pub mod consumer_notice;
pub mod interest;
pub mod quote;
pub mod wik;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::model::{Money, round2};
use interest::RateTable;

/// A rule for what a dunning step charges (a `[fees.<id>]` table of the policy).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum FeeRule {
    /// Nothing is charged.
    None,
    /// A fixed amount per action, as agreed in the terms and conditions.
    Fixed {
        /// The amount.
        amount: Money,
    },
    /// Netherlands: WIK collection costs on the principal ([`wik::wik`]).
    NlWik {
        /// VAT percent to add when the creditor cannot reclaim VAT; absent: none.
        #[serde(default)]
        vat_percent: Option<Decimal>,
    },
    /// Belgium, consumers: damages capped by balance ([`be_consumer::damages`]) plus an
    /// optional reminder fee (at most €7.50 before postage).
    BeConsumer {
        /// Cost of this reminder; absent: none.
        #[serde(default)]
        reminder_fee: Option<Money>,
    },
    /// EU B2B (Late Payment Directive): a fixed compensation per late invoice (€40) plus
    /// statutory interest from the day after the due date ([`interest::interest`]).
    EuB2b {
        /// Compensation per invoice; default €40.
        #[serde(default = "forty")]
        compensation: Money,
        /// Whether interest is added; default true.
        #[serde(default = "yes")]
        interest: bool,
    },
}

fn forty() -> Money {
    Decimal::from(40)
}

fn yes() -> bool {
    true
}

impl FeeRule {
    /// The consumer-law regime whose free-reminder rule this fee falls under, if any.
    pub fn consumer_regime(&self) -> Option<consumer_notice::Jurisdiction> {
        match self {
            FeeRule::NlWik { .. } => Some(consumer_notice::Jurisdiction::Nl),
            FeeRule::BeConsumer { .. } => Some(consumer_notice::Jurisdiction::Be),
            _ => None,
        }
    }

    /// Whether the rule never charges anything.
    pub fn is_free(&self) -> bool {
        matches!(self, FeeRule::None)
            || matches!(self, FeeRule::Fixed { amount } if amount.is_zero())
    }
}

/// One overdue invoice a fee is charged on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arrear {
    /// Due date (interest runs from the next day).
    pub due_date: NaiveDate,
    /// Balance at the date of the charge.
    pub balance: Money,
    /// `(date, balance from that date on)`, in date order, for interest on the reducing
    /// balance.
    pub balance_steps: Vec<(NaiveDate, Money)>,
}

/// One component of a fee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeLine {
    /// What it is (`collection costs (WIK)`, `interest`, …).
    pub label: String,
    /// Amount, rounded to cents.
    pub amount: Money,
}

/// What a rule charges on a set of arrears, with its components and notes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fee {
    /// Total, rounded to cents.
    pub amount: Money,
    /// Components.
    pub lines: Vec<FeeLine>,
    /// Warnings and explanations (e.g. a stale rate table).
    pub notes: Vec<String>,
}

impl Fee {
    /// No fee.
    pub fn zero() -> Fee {
        Fee {
            amount: round2(Money::ZERO),
            lines: Vec::new(),
            notes: Vec::new(),
        }
    }

    fn push(&mut self, label: &str, amount: Money) {
        let amount = round2(amount);
        self.amount = round2(self.amount + amount);
        self.lines.push(FeeLine {
            label: label.into(),
            amount,
        });
    }
}

/// Charges `rule` on `arrears` at `as_of` for a customer who is a consumer when `b2c`.
/// WIK and the Belgian damages apply to the total principal of the arrears (one claim);
/// the EU compensation and interest apply per invoice. The Late Payment Directive does
/// not cover consumers: `eu_b2b` charges nothing to a B2C customer, with a note.
pub fn charge(
    rule: &FeeRule,
    arrears: &[Arrear],
    as_of: NaiveDate,
    b2c: bool,
    rates: &RateTable,
) -> Fee {
    let mut fee = Fee::zero();
    let principal: Money = arrears.iter().map(|a| a.balance.max(Money::ZERO)).sum();
    match rule {
        FeeRule::None => {}
        FeeRule::Fixed { amount } => fee.push("fixed fee", *amount),
        FeeRule::NlWik { vat_percent } => match vat_percent {
            None => fee.push("collection costs (WIK)", wik::wik(principal)),
            Some(v) => fee.push(
                "collection costs (WIK) incl. VAT",
                wik::wik_with_vat(principal, *v),
            ),
        },
        FeeRule::BeConsumer { reminder_fee } => {
            fee.push("damages (Book XIX CEL)", be_consumer::damages(principal));
            if let Some(r) = reminder_fee {
                fee.push("reminder fee", (*r).min(be_consumer::MAX_REMINDER_FEE));
            }
        }
        FeeRule::EuB2b {
            compensation,
            interest: with_interest,
        } => {
            if b2c {
                fee.notes.push(
                    "the Late Payment Directive covers business customers only; nothing charged"
                        .into(),
                );
                return fee;
            }
            let late: Vec<&Arrear> = arrears
                .iter()
                .filter(|a| a.due_date < as_of && a.balance > Money::ZERO)
                .collect();
            fee.push(
                "fixed compensation (2011/7/EU)",
                *compensation * Decimal::from(late.len() as u64),
            );
            if *with_interest {
                let mut total = Money::ZERO;
                for a in &late {
                    let first = a.due_date.succ_opt().unwrap_or(a.due_date);
                    let i = interest::interest(&a.balance_steps, first, as_of, rates);
                    total += i.amount;
                    for w in i.warnings {
                        if !fee.notes.contains(&w) {
                            fee.notes.push(w);
                        }
                    }
                }
                fee.push("statutory interest", total);
            }
        }
    }
    fee
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }
    fn m(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn eu_b2b_charges_forty_per_invoice_plus_interest() {
        let a = |due: &str, bal: &str| Arrear {
            due_date: d(due),
            balance: m(bal),
            balance_steps: vec![(d("2025-01-01"), m(bal))],
        };
        let rule: FeeRule = serde_json::from_str(r#"{"kind":"eu_b2b"}"#).unwrap();
        let t = crate::collections::law::rates::nl_commercial();
        let f = charge(
            &rule,
            &[a("2025-07-31", "10000"), a("2025-08-30", "0")],
            d("2025-08-31"),
            false,
            &t,
        );
        assert_eq!(f.lines[0].amount, m("40.00"));
        assert_eq!(f.lines[1].amount, m("86.21"));
        assert_eq!(f.amount, m("126.21"));
        let f = charge(
            &rule,
            &[a("2025-07-31", "10000")],
            d("2025-08-31"),
            true,
            &t,
        );
        assert_eq!(f.amount, m("0.00"));
        assert_eq!(f.notes.len(), 1);
    }

    #[test]
    fn wik_and_be_on_total_principal() {
        let a = |bal: &str| Arrear {
            due_date: d("2026-01-01"),
            balance: m(bal),
            balance_steps: Vec::new(),
        };
        let t = crate::collections::law::rates::nl_commercial();
        let wik: FeeRule = toml::from_str("kind = \"nl_wik\"").unwrap();
        assert_eq!(
            charge(&wik, &[a("600"), a("400")], d("2026-02-01"), false, &t).amount,
            m("150.00")
        );
        let be: FeeRule =
            toml::from_str("kind = \"be_consumer\"\nreminder_fee = \"9.00\"").unwrap();
        let f = charge(&be, &[a("300")], d("2026-02-01"), true, &t);
        assert_eq!(
            f.amount,
            m("52.50"),
            "45 damages + reminder fee capped at 7.50"
        );
    }
}
