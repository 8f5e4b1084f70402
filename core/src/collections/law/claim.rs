//! What a claim costs under the law that governs it: `rappel fees --creditor-country BE
//! --debtor-country BE --principal 10000 --due 2025-07-31 --as-of 2025-08-31`.
//!
//! | regime | costs | fixed compensation | interest |
//! |---|---|---|---|
//! | `be-b2c` | damages, Book XIX caps | – | legal rate, simple |
//! | `be-b2b` | – (more only if proven) | €40 | law of 2 Aug 2002 rate, simple |
//! | `nl-b2c` | WIK (after a lawful 14-day letter) | – | wettelijke rente, compounded yearly |
//! | `nl-b2b` | WIK (the €40 is part of it) | – | handelsrente, compounded yearly |
//! | `eu-b2b` | – | €40 | ECB + 8 (minimum), simple |
//! | `none` | – | – | – |

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{Country, Regime, rates};
use crate::collections::fees::interest::{self, Interest, RateTable};
use crate::collections::fees::{be_consumer, wik};
use crate::model::{Money, round2};

/// The fixed compensation for recovery costs per late commercial invoice (Directive
/// 2011/7/EU art. 6(1); BE law of 2 August 2002 art. 6): €40.
pub const COMPENSATION: Decimal = Decimal::from_parts(40, 0, 0, false, 0);

/// A claim to quote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimRequest {
    /// The creditor's country.
    pub creditor_country: Country,
    /// The debtor's country.
    pub debtor_country: Country,
    /// Whether the debtor is a consumer.
    #[serde(default)]
    pub b2c: bool,
    /// For a business debtor: the law the contract chose, if any.
    #[serde(default)]
    pub contract_law: Option<Country>,
    /// The unpaid principal (one claim: the sum of the invoices it covers).
    pub principal: Money,
    /// Due date; with `as_of`, interest runs from the next day through `as_of`.
    #[serde(default)]
    pub due: Option<NaiveDate>,
    /// Last day of interest.
    #[serde(default)]
    pub as_of: Option<NaiveDate>,
}

/// A stretch of interest at one rate on one base.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RatePeriodUsed {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    /// Yearly rate, percent.
    pub rate: Decimal,
    /// Days (actual/365).
    pub days: i64,
    /// The sum interest ran on (with yearly compounding: the interest added so far).
    pub principal: Money,
    /// Interest of the stretch, to the cent (the total is rounded once, from the
    /// unrounded stretches).
    pub amount: Money,
    /// Where the rate comes from.
    pub source: String,
}

/// What the claim costs, with the law and the source of each figure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimQuote {
    /// `be-b2c`, `be-b2b`, `nl-b2c`, `nl-b2b`, `eu-b2b` or `none`.
    pub regime: Regime,
    /// The country whose law applies.
    pub law_country: Country,
    /// The statutes applied.
    pub law: String,
    /// The principal.
    pub principal: Money,
    /// Collection costs or damages.
    pub costs: Money,
    /// What `costs` are, with their source.
    pub costs_basis: String,
    /// The fixed compensation (€40) where the law gives it on top of interest.
    pub compensation: Money,
    /// Late interest, when a due date and an as-of date were given.
    pub interest: Option<Money>,
    /// How the interest was computed.
    pub rate_periods: Vec<RatePeriodUsed>,
    /// costs + compensation + interest.
    pub total: Money,
    /// Conditions and warnings (when the costs may be charged, a stale table, …).
    pub notes: Vec<String>,
}

/// Why a claim cannot be quoted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClaimError {
    /// The principal is negative.
    NegativePrincipal(Money),
    /// Only one of the due date and the as-of date was given.
    HalfPeriod,
    /// The as-of date is before the due date.
    AsOfBeforeDue(NaiveDate, NaiveDate),
}

impl std::fmt::Display for ClaimError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ClaimError::NegativePrincipal(p) => write!(f, "must not be negative, got {p}"),
            ClaimError::HalfPeriod => {
                write!(f, "interest needs both the due date and the as-of date")
            }
            ClaimError::AsOfBeforeDue(due, as_of) => {
                write!(f, "{as_of} is before the due date {due}")
            }
        }
    }
}

impl std::error::Error for ClaimError {}

/// Collection costs or damages, what they are, and the condition they need.
fn costs(regime: Regime, principal: Money, notes: &mut Vec<String>) -> (Money, String) {
    match regime {
        Regime::BeB2c => {
            notes.push("damages and interest only after the free first reminder sent after the due date and 14 days' wait (Book XIX CEL art. XIX.2); later reminders at most €7.50 plus postage; a contractual interest rate may not exceed the rate of the law of 2 August 2002".into());
            (
                be_consumer::damages(principal),
                "damages, Book XIX CEL: €20 up to €150; €30 + 10 % above €150 up to €500; €65 + 5 % above €500, at most €2,000".into(),
            )
        }
        Regime::NlB2c => {
            notes.push("WIK only when a 14-day letter sent after the due date, stating these costs, went unpaid for 14 days after the day after its receipt (art. 6:96 lid 6 BW; HR 25-11-2016, ECLI:NL:HR:2016:2704)".into());
            (wik::wik(principal), "collection costs, WIK staffel (Besluit BIK art. 2)".into())
        }
        Regime::NlB2b => (
            wik::wik(principal),
            "collection costs, WIK staffel (Besluit BIK art. 2); the €40 of art. 6:96 lid 4 BW is part of it".into(),
        ),
        Regime::BeB2b => {
            notes.push("recovery costs beyond the €40 only where proven or agreed (law of 2 August 2002 art. 6)".into());
            (round2(Money::ZERO), "none by law beyond the fixed compensation".into())
        }
        Regime::EuB2b => (round2(Money::ZERO), "none by the Directive beyond the fixed compensation".into()),
        Regime::None => (round2(Money::ZERO), "none".into()),
    }
}

/// Quotes a claim under the law that governs it ([`Regime::applicable`]).
pub fn quote_claim(r: &ClaimRequest) -> Result<ClaimQuote, ClaimError> {
    if r.principal < Money::ZERO {
        return Err(ClaimError::NegativePrincipal(r.principal));
    }
    let period = match (r.due, r.as_of) {
        (Some(due), Some(as_of)) if as_of < due => {
            return Err(ClaimError::AsOfBeforeDue(due, as_of));
        }
        (Some(due), Some(as_of)) => Some((due, as_of)),
        (None, None) => None,
        _ => return Err(ClaimError::HalfPeriod),
    };
    let (law_country, regime) = Regime::applicable(
        &r.creditor_country,
        &r.debtor_country,
        r.b2c,
        r.contract_law.as_ref(),
    );
    let mut notes = Vec::new();
    let (costs, costs_basis) = costs(regime, r.principal, &mut notes);
    let late = period.is_none_or(|(due, as_of)| as_of > due) && r.principal > Money::ZERO;
    let compensation = match regime {
        Regime::BeB2b | Regime::EuB2b if late => COMPENSATION,
        _ => Money::ZERO,
    };
    let interest = match (period, rates::of_regime(regime)) {
        (Some((due, as_of)), Some((table, compound))) => {
            Some(late_interest(r.principal, due, as_of, &table, compound))
        }
        _ => None,
    };
    if regime == Regime::NlB2c && interest.is_some() {
        notes.push("wettelijke rente runs from the day the consumer is in default (verzuim): the due date when it was a deadline, else the end of the term of a notice of default (art. 6:81-6:83 BW); this quote counts from the due date".into());
    }
    if regime == Regime::EuB2b {
        notes.push(format!(
            "the Directive's minimum: the law of {law_country} may give more"
        ));
    }
    if regime == Regime::None {
        notes.push(format!(
            "{}: no statutory late-payment costs are modelled for this debtor; a contract clause may set them",
            if r.b2c { "a consumer outside Belgium and the Netherlands" } else { "a law outside the EU" }
        ));
    }
    let rate_periods = interest.as_ref().map_or_else(Vec::new, used);
    if let Some(i) = &interest {
        notes.extend(i.warnings.iter().cloned());
    }
    let interest = interest.map(|i| i.amount);
    Ok(ClaimQuote {
        regime,
        law: regime.law().into(),
        law_country,
        principal: r.principal,
        total: round2(costs + compensation + interest.unwrap_or_default()),
        costs,
        costs_basis,
        compensation: round2(compensation),
        interest,
        rate_periods,
        notes,
    })
}

/// Interest on `principal` from the day after `due` through `as_of`.
fn late_interest(
    principal: Money,
    due: NaiveDate,
    as_of: NaiveDate,
    table: &RateTable,
    compound: bool,
) -> Interest {
    let first = due.succ_opt().unwrap_or(due);
    interest::accrued(&[(due, principal)], first, as_of, table, compound)
}

fn used(i: &Interest) -> Vec<RatePeriodUsed> {
    i.periods
        .iter()
        .map(|p| RatePeriodUsed {
            from: p.from,
            to: p.to,
            rate: p.rate,
            days: p.days,
            principal: round2(p.principal),
            amount: round2(p.amount),
            source: p.source.clone(),
        })
        .collect()
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
    fn claim(creditor: &str, debtor: &str, b2c: bool, principal: &str) -> ClaimRequest {
        ClaimRequest {
            creditor_country: Country::parse(creditor).unwrap(),
            debtor_country: Country::parse(debtor).unwrap(),
            b2c,
            contract_law: None,
            principal: m(principal),
            due: None,
            as_of: None,
        }
    }

    #[test]
    fn a_belgian_consumer_owes_book_xix_damages_not_wik() {
        // €1,000: €65 + 5 % × (1,000 − 500) = €90; no compensation, no WIK.
        let q = quote_claim(&claim("BE", "BE", true, "1000")).unwrap();
        assert_eq!(q.regime, Regime::BeB2c);
        assert_eq!(q.costs, m("90.00"));
        assert_eq!(q.compensation, m("0.00"));
        assert_eq!(q.total, m("90.00"));
    }

    #[test]
    fn a_belgian_business_owes_forty_and_the_belgian_rate() {
        // €10,000 due 31 July 2025, interest 1–31 August 2025 (31 days) at 10.50 %:
        // 10000 × 10.50 % × 31 / 365 = 89.178… → 89.18; + €40 = 129.18.
        let q = quote_claim(&ClaimRequest {
            due: Some(d("2025-07-31")),
            as_of: Some(d("2025-08-31")),
            ..claim("BE", "BE", false, "10000")
        })
        .unwrap();
        assert_eq!(q.regime, Regime::BeB2b);
        assert_eq!(q.compensation, m("40.00"));
        assert_eq!(q.interest, Some(m("89.18")));
        assert_eq!(q.total, m("129.18"));
        assert_eq!(q.rate_periods.len(), 1);
        assert_eq!(q.rate_periods[0].rate, m("10.50"));
        assert!(q.rate_periods[0].source.contains("2 August 2002"));
        assert!(q.notes.is_empty() || !q.notes.iter().any(|n| n.contains("assumed")));
    }

    #[test]
    fn a_dutch_business_owes_wik_with_the_forty_inside_and_handelsrente() {
        // €10,000: WIK 375 + 250 + 250 = €875; no separate €40. Interest for August 2025
        // at 10.15 %: 10000 × 10.15 % × 31 / 365 = 86.205… → 86.21.
        let q = quote_claim(&ClaimRequest {
            due: Some(d("2025-07-31")),
            as_of: Some(d("2025-08-31")),
            ..claim("NL", "NL", false, "10000")
        })
        .unwrap();
        assert_eq!(q.regime, Regime::NlB2b);
        assert_eq!(q.costs, m("875.00"));
        assert_eq!(q.compensation, m("0.00"));
        assert_eq!(q.interest, Some(m("86.21")));
        assert_eq!(q.total, m("961.21"));
    }

    #[test]
    fn a_dutch_consumer_is_charged_wik_only_after_a_lawful_letter() {
        // €1,000 → WIK €150, with the 14-day-letter condition stated.
        let q = quote_claim(&claim("NL", "NL", true, "1000")).unwrap();
        assert_eq!(q.regime, Regime::NlB2c);
        assert_eq!(q.costs, m("150.00"));
        assert!(q.notes[0].contains("14-day letter"), "{:?}", q.notes);
    }

    #[test]
    fn elsewhere_in_the_eu_the_directive_minimum_applies_with_a_warning() {
        let q = quote_claim(&ClaimRequest {
            due: Some(d("2025-07-31")),
            as_of: Some(d("2025-07-31")),
            ..claim("DE", "DE", false, "500")
        })
        .unwrap();
        assert_eq!(q.regime, Regime::EuB2b);
        // Not late yet on the due date itself: no €40, no interest.
        assert_eq!(q.compensation, m("0.00"));
        assert_eq!(q.interest, Some(m("0.00")));
        assert!(q.notes.iter().any(|n| n.contains("minimum")));
        let none = quote_claim(&claim("CH", "CH", false, "500")).unwrap();
        assert_eq!((none.regime, none.total), (Regime::None, m("0.00")));
    }

    #[test]
    fn bad_requests_are_refused() {
        let r = |due: Option<&str>, as_of: Option<&str>, p: &str| {
            quote_claim(&ClaimRequest {
                due: due.map(d),
                as_of: as_of.map(d),
                ..claim("BE", "BE", false, p)
            })
        };
        assert_eq!(
            r(None, None, "-1"),
            Err(ClaimError::NegativePrincipal(m("-1")))
        );
        assert_eq!(
            r(Some("2025-01-01"), None, "1"),
            Err(ClaimError::HalfPeriod)
        );
        assert!(matches!(
            r(Some("2025-02-01"), Some("2025-01-01"), "1"),
            Err(ClaimError::AsOfBeforeDue(..))
        ));
    }
}
