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
pub mod lawful;
pub mod quote;
pub mod wik;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::collections::law::Regime;
use crate::collections::law::claim::COMPENSATION;
use crate::collections::policy::CostsBasis;
use crate::model::{Money, round2};
use interest::RateTable;

/// A rule for what a dunning step charges (a `[fees.<id>]` table of the policy).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum FeeRule {
    /// Nothing is charged.
    None,
    /// What the law of the debt allows, whichever it is (the rule a policy should use):
    /// Book XIX damages for a Belgian consumer, WIK under Dutch law (a consumer only
    /// after the 14-day letter), €40 per late invoice plus statutory interest for a
    /// Belgian or other EU business debt, handelsrente (compounded) with WIK for a Dutch
    /// one, nothing where the engine knows no statutory costs.
    Statutory {
        /// Whether late interest on business debts is added; default true. (Interest on
        /// consumer debts is not claimed in reminders: it runs only from a default the
        /// engine cannot date.)
        #[serde(default = "yes")]
        interest: bool,
    },
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

/// The law a charge is made under: the debt's regime and its interest table.
#[derive(Debug, Clone, Copy)]
pub struct Terms<'a> {
    /// The regime of the debt ([`Regime::applicable`]).
    pub regime: Regime,
    /// The interest table ([`lawful::interest_terms`]).
    pub rates: &'a RateTable,
    /// Whether interest is compounded yearly (the Netherlands).
    pub compound: bool,
    /// What statutory costs are computed on when several invoices are claimed at once
    /// (always [`CostsBasis::PerClaim`] for a consumer).
    pub basis: CostsBasis,
}

/// Charges `rule` on `arrears` at `as_of` under `terms`. A rule the debt's law does not
/// allow charges nothing, with the reason ([`lawful::allowed`]). WIK and the Belgian
/// damages apply to the total principal of the arrears (one claim); the EU compensation
/// and interest apply per late invoice. Under Dutch law the €40 is part of the WIK
/// costs (art. 6:96 lid 4 BW), so `eu_b2b` charges only the interest there; a fixed fee
/// to a Belgian consumer is a reminder fee, at most €7.50 (Book XIX CEL).
pub fn charge(rule: &FeeRule, arrears: &[Arrear], as_of: NaiveDate, terms: Terms<'_>) -> Fee {
    let mut fee = Fee::zero();
    if let Err(why) = lawful::allowed(rule, terms.regime) {
        fee.notes.push(format!("{why}; nothing charged"));
        return fee;
    }
    let scaled = |scale: &dyn Fn(Money) -> Money| scaled(arrears, terms.basis, scale);
    match rule {
        FeeRule::None => {}
        FeeRule::Fixed { amount } if terms.regime == Regime::BeB2c => fee.push(
            "reminder fee (Book XIX CEL: at most €7.50 plus postage)",
            (*amount).min(be_consumer::MAX_REMINDER_FEE),
        ),
        FeeRule::Fixed { amount } => fee.push("fixed fee", *amount),
        FeeRule::NlWik { vat_percent } => match vat_percent {
            None => fee.push("collection costs (WIK)", scaled(&wik::wik)),
            Some(v) => fee.push(
                "collection costs (WIK) incl. VAT",
                scaled(&|p| wik::wik_with_vat(p, *v)),
            ),
        },
        FeeRule::BeConsumer { reminder_fee } => {
            fee.push("damages (Book XIX CEL)", scaled(&be_consumer::damages));
            if let Some(r) = reminder_fee {
                fee.push("reminder fee", (*r).min(be_consumer::MAX_REMINDER_FEE));
            }
        }
        FeeRule::EuB2b {
            compensation,
            interest: with_interest,
        } => eu_b2b(
            &mut fee,
            arrears,
            as_of,
            terms,
            *compensation,
            *with_interest,
        ),
        FeeRule::Statutory { interest } => statutory(&mut fee, arrears, as_of, terms, *interest),
    }
    fee
}

/// A statutory scale (WIK, Book XIX damages) applied to the arrears one letter claims:
/// on their sum, one claim (Besluit BIK art. 2 lid 1; always so for a consumer), or on
/// each invoice alone when a business policy says [`CostsBasis::PerInvoice`].
fn scaled(arrears: &[Arrear], basis: CostsBasis, scale: &dyn Fn(Money) -> Money) -> Money {
    let owed = arrears.iter().map(|a| a.balance.max(Money::ZERO));
    match basis {
        CostsBasis::PerClaim => scale(owed.sum()),
        CostsBasis::PerInvoice => owed.map(scale).sum(),
    }
}

/// [`FeeRule::Statutory`]: what the debt's regime gives.
fn statutory(
    fee: &mut Fee,
    arrears: &[Arrear],
    as_of: NaiveDate,
    terms: Terms<'_>,
    with_interest: bool,
) {
    let scaled = |scale: &dyn Fn(Money) -> Money| scaled(arrears, terms.basis, scale);
    match terms.regime {
        Regime::BeB2c => fee.push("damages (Book XIX CEL)", scaled(&be_consumer::damages)),
        Regime::NlB2c => fee.push("collection costs (WIK)", scaled(&wik::wik)),
        Regime::NlB2b => {
            fee.push("collection costs (WIK)", scaled(&wik::wik));
            if with_interest {
                late_interest(fee, arrears, as_of, terms);
            }
        }
        Regime::BeB2b | Regime::EuB2b => {
            eu_b2b(fee, arrears, as_of, terms, COMPENSATION, with_interest)
        }
        Regime::None => fee.notes.push(
            "none: no statutory late-payment costs are known for this debt; nothing charged".into(),
        ),
    }
}

/// The EU compensation per late invoice (not under Dutch law, where WIK includes it) and
/// the statutory interest of the debt's law on each late invoice.
fn eu_b2b(
    fee: &mut Fee,
    arrears: &[Arrear],
    as_of: NaiveDate,
    terms: Terms<'_>,
    compensation: Money,
    with_interest: bool,
) {
    let late: Vec<&Arrear> = arrears
        .iter()
        .filter(|a| a.due_date < as_of && a.balance > Money::ZERO)
        .collect();
    if terms.regime == Regime::NlB2b {
        fee.notes.push(
            "nl-b2b: the €40 is part of the WIK costs (art. 6:96 lid 4 BW); claim WIK instead"
                .into(),
        );
    } else {
        fee.push(
            "fixed compensation (2011/7/EU)",
            compensation * Decimal::from(late.len() as u64),
        );
    }
    if with_interest {
        late_interest(fee, arrears, as_of, terms);
    }
}

/// Whether `rule` charges late interest on a debt under `terms` (business debts only).
pub fn bears_interest(rule: &FeeRule, terms: Terms<'_>) -> bool {
    let business = matches!(terms.regime, Regime::BeB2b | Regime::NlB2b | Regime::EuB2b);
    match rule {
        FeeRule::EuB2b { interest, .. } | FeeRule::Statutory { interest } => *interest && business,
        _ => false,
    }
}

/// The interest a later letter adds on invoices whose costs an earlier letter charged:
/// each `(arrear, last charge date)` earns the statutory interest of the debt's law from
/// the day after that date through `as_of`, so a letter never repeats a frozen figure.
pub fn interest_since(charged: &[(Arrear, NaiveDate)], as_of: NaiveDate, terms: Terms<'_>) -> Fee {
    let mut fee = Fee::zero();
    let shifted: Vec<Arrear> = charged
        .iter()
        .map(|(a, since)| Arrear {
            due_date: (*since).max(a.due_date),
            ..a.clone()
        })
        .collect();
    late_interest(&mut fee, &shifted, as_of, terms);
    if let Some(l) = fee.lines.last_mut() {
        l.label = "statutory interest since the last letter".into();
    }
    fee
}

impl Fee {
    /// This fee and `other` as one: lines, total and notes.
    pub fn merged(mut self, other: Fee) -> Fee {
        for l in other.lines {
            self.push(&l.label, l.amount);
        }
        for n in other.notes {
            if !self.notes.contains(&n) {
                self.notes.push(n);
            }
        }
        self
    }
}

/// Statutory interest of the debt's law on each late invoice, from the day after its
/// due date through `as_of` (compounded yearly where the law says so).
fn late_interest(fee: &mut Fee, arrears: &[Arrear], as_of: NaiveDate, terms: Terms<'_>) {
    let late = arrears
        .iter()
        .filter(|a| a.due_date < as_of && a.balance > Money::ZERO);
    let mut total = Money::ZERO;
    for a in late {
        let first = a.due_date.succ_opt().unwrap_or(a.due_date);
        let i = interest::accrued(&a.balance_steps, first, as_of, terms.rates, terms.compound);
        total += i.amount;
        for w in i.warnings {
            if !fee.notes.contains(&w) {
                fee.notes.push(w);
            }
        }
    }
    fee.push("statutory interest", total);
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

    fn under(regime: Regime) -> (RateTable, bool) {
        lawful::interest_terms(regime, None)
    }

    fn terms(regime: Regime, t: &(RateTable, bool)) -> Terms<'_> {
        Terms {
            regime,
            rates: &t.0,
            compound: t.1,
            basis: CostsBasis::PerClaim,
        }
    }

    fn arrear(due: &str, bal: &str) -> Arrear {
        Arrear {
            due_date: d(due),
            balance: m(bal),
            balance_steps: vec![(d("2025-01-01"), m(bal))],
        }
    }

    #[test]
    fn eu_b2b_under_belgian_law_is_forty_per_late_invoice_plus_the_belgian_rate() {
        // €10,000 due 31 July 2025, August 2025 at 10.50 %: 10000 × 0.105 × 31 / 365 =
        // 89.18; €40 for the late invoice only (the one due 31 Aug is not late yet).
        let rule: FeeRule = serde_json::from_str(r#"{"kind":"eu_b2b"}"#).unwrap();
        let t = under(Regime::BeB2b);
        let late = [arrear("2025-07-31", "10000"), arrear("2025-08-31", "500")];
        let f = charge(&rule, &late, d("2025-08-31"), terms(Regime::BeB2b, &t));
        assert_eq!(f.lines[0].amount, m("40.00"));
        assert_eq!(f.lines[1].amount, m("89.18"));
        assert_eq!(f.amount, m("129.18"));
        // Under Dutch law only the interest (10.15 %: 86.21); the €40 is inside WIK.
        let t = under(Regime::NlB2b);
        let f = charge(&rule, &late, d("2025-08-31"), terms(Regime::NlB2b, &t));
        assert_eq!(f.amount, m("86.21"));
        assert!(f.notes[0].contains("part of the WIK"), "{:?}", f.notes);
        // Never to a consumer.
        let t = under(Regime::BeB2c);
        let f = charge(&rule, &late, d("2025-08-31"), terms(Regime::BeB2c, &t));
        assert_eq!(f.amount, m("0.00"));
        assert!(f.notes[0].contains("business debts only"));
    }

    #[test]
    fn wik_and_be_on_total_principal_under_their_own_law_only() {
        let a = |bal: &str| Arrear {
            due_date: d("2026-01-01"),
            balance: m(bal),
            balance_steps: Vec::new(),
        };
        let wik: FeeRule = toml::from_str("kind = \"nl_wik\"").unwrap();
        let nl = under(Regime::NlB2b);
        // One claim of €1,000: 15 % = €150 (not 2 × €40 for two invoices).
        let on = |r: &FeeRule, regime, t| {
            charge(r, &[a("600"), a("400")], d("2026-02-01"), terms(regime, t))
        };
        assert_eq!(on(&wik, Regime::NlB2b, &nl).amount, m("150.00"));
        // A Belgian consumer owing €1,000 gets no WIK: Book XIX governs the debt.
        let be = under(Regime::BeB2c);
        let f = on(&wik, Regime::BeB2c, &be);
        assert_eq!(f.amount, m("0.00"));
        assert!(f.notes[0].starts_with("be-b2c: WIK"), "{:?}", f.notes);
        let damages: FeeRule =
            toml::from_str("kind = \"be_consumer\"\nreminder_fee = \"9.00\"").unwrap();
        let f = charge(
            &damages,
            &[a("300")],
            d("2026-02-01"),
            terms(Regime::BeB2c, &be),
        );
        assert_eq!(
            f.amount,
            m("52.50"),
            "45 damages + reminder fee capped at 7.50"
        );
        // €1,000 → €65 + 5 % × 500 = €90 damages.
        assert_eq!(on(&damages, Regime::BeB2c, &be).lines[0].amount, m("90.00"));
    }

    #[test]
    fn three_invoices_in_one_dutch_letter_are_one_claim() {
        // 3 × €150 claimed together: WIK on €450 = 15 % = €67.50 (not 3 × €40 = €120).
        let a = |bal: &str| Arrear {
            due_date: d("2026-01-01"),
            balance: m(bal),
            balance_steps: Vec::new(),
        };
        let wik: FeeRule = toml::from_str("kind = \"nl_wik\"").unwrap();
        let nl = under(Regime::NlB2c);
        let three = [a("150"), a("150"), a("150")];
        let f = charge(&wik, &three, d("2026-02-01"), terms(Regime::NlB2c, &nl));
        assert_eq!(f.amount, m("67.50"));
    }

    #[test]
    fn fixed_fees_pass_the_consumer_law() {
        let fixed = FeeRule::Fixed { amount: m("15") };
        let be = under(Regime::BeB2c);
        // A Belgian consumer: a reminder fee of at most €7.50.
        let f = charge(
            &fixed,
            &[arrear("2026-01-01", "100")],
            d("2026-02-01"),
            terms(Regime::BeB2c, &be),
        );
        assert_eq!(f.amount, m("7.50"));
        // A Dutch consumer: only WIK, no fixed fee.
        let nl = under(Regime::NlB2c);
        let f = charge(
            &fixed,
            &[arrear("2026-01-01", "100")],
            d("2026-02-01"),
            terms(Regime::NlB2c, &nl),
        );
        assert_eq!(f.amount, m("0.00"));
        // A business: as agreed.
        let b2b = under(Regime::BeB2b);
        let f = charge(
            &fixed,
            &[arrear("2026-01-01", "100")],
            d("2026-02-01"),
            terms(Regime::BeB2b, &b2b),
        );
        assert_eq!(f.amount, m("15.00"));
    }
}
