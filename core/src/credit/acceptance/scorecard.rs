//! Scoring one applicant against the policy's scorecard.

use chrono::{Months, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{Acceptance, Band, Condition, Decision, Light};
use crate::collections::policy::risk::{PaymentHistory, payment_history};
use crate::model::{CustomerStatus, Money, Portfolio, Sector, round2};

/// What the scorecard looks at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Applicant {
    /// Sector, when known.
    pub sector: Option<Sector>,
    /// Years as a customer (0 for a prospect).
    pub years_as_customer: Decimal,
    /// Payment history over the risk model's lookback window.
    pub history: PaymentHistory,
    /// Credit limit asked for.
    pub requested_limit: Money,
    /// External score, when one is known.
    pub external_score: Option<Decimal>,
    /// Insolvent or at the collection partner.
    pub insolvent: bool,
    /// Days past due of the customer's oldest open invoice, when one is overdue.
    pub days_overdue_now: Option<i64>,
}

impl Applicant {
    /// A prospect: someone not yet in the portfolio, asking for `requested_limit`. No
    /// years as a customer, no payment history (the scorecard's no-history points
    /// apply), not known to be insolvent, nothing overdue.
    pub fn prospect(
        sector: Option<Sector>,
        requested_limit: Money,
        external_score: Option<Decimal>,
    ) -> Applicant {
        Applicant {
            sector,
            years_as_customer: Decimal::ZERO,
            history: PaymentHistory {
                invoices: 0,
                avg_days_late: None,
            },
            requested_limit,
            external_score,
            insolvent: false,
            days_overdue_now: None,
        }
    }

    /// Customer `c` of `p` as it stood at `as_of` (history over `lookback_months`). The
    /// requested limit is `requested`, else the customer's credit limit, else what it
    /// was invoiced in the 3 months before `as_of` (about what it owes at any time on
    /// usual terms). The external score is `score`, else the customer's own.
    pub fn from_portfolio(
        p: &Portfolio,
        c: usize,
        as_of: NaiveDate,
        lookback_months: u32,
        requested: Option<Money>,
        score: Option<Decimal>,
    ) -> Applicant {
        let cust = &p.customers()[c];
        let days = (as_of - cust.customer_since).num_days().max(0);
        let years = (Decimal::from(days) / Decimal::new(36525, 2)).round_dp(1);
        let three_months_ago = as_of
            .checked_sub_months(Months::new(3))
            .unwrap_or(NaiveDate::MIN);
        let mut recent = Money::ZERO;
        let mut oldest_due: Option<NaiveDate> = None;
        p.read_ahead_customer(c);
        for &i in p.invoices_of_customer(c) {
            let i = i as usize;
            let inv = &p.invoices()[i];
            if inv.issue_date > as_of {
                continue;
            }
            if inv.issue_date > three_months_ago && inv.amount > Money::ZERO {
                recent += inv.amount;
            }
            if inv.amount > Money::ZERO
                && inv.due_date < as_of
                && p.balance_at(i, as_of) > Money::ZERO
            {
                oldest_due = Some(oldest_due.map_or(inv.due_date, |d| d.min(inv.due_date)));
            }
        }
        Applicant {
            sector: cust.sector,
            years_as_customer: years,
            history: payment_history(p, c, as_of, lookback_months),
            requested_limit: requested.or(cust.credit_limit).unwrap_or(recent),
            external_score: score.or(cust.external_score),
            insolvent: matches!(
                cust.status,
                CustomerStatus::Insolvent | CustomerStatus::CollectionPartner
            ),
            days_overdue_now: oldest_due.map(|d| (as_of - d).num_days()),
        }
    }
}

/// One line of a verdict's explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    /// The characteristic (`payment history`, `years as customer`, `sector`,
    /// `requested limit`, `external score`, `knock-out`).
    pub characteristic: String,
    /// Its value, in words.
    pub value: String,
    /// Points it gave (0 for a knock-out).
    pub points: i32,
}

/// The scorecard's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    /// Total points (absent after a knock-out).
    pub score: Option<i32>,
    /// Risk class label.
    pub class: String,
    /// Traffic light.
    pub light: Light,
    /// Decision.
    pub decision: Decision,
    /// Conditions of an acceptance.
    pub conditions: Vec<Condition>,
    /// Credit limit asked for.
    pub requested_limit: Money,
    /// Credit limit proposed: the requested one × the class's `limit_percent`, capped
    /// by `max_limit`; 0 when rejected or on prepayment.
    pub proposed_limit: Money,
    /// Why: each characteristic with its points, or the knock-out.
    pub reasons: Vec<Reason>,
}

impl Verdict {
    /// Whether the customer gets credit: accepted, with or without conditions, except
    /// on prepayment (as [`super::AcceptanceClass::gives_credit`]).
    pub fn gives_credit(&self) -> bool {
        self.decision != Decision::Reject && !self.conditions.contains(&Condition::Prepayment)
    }
}

fn band_points(bands: &[Band], v: Decimal) -> i32 {
    bands.iter().find(|b| b.holds(v)).map_or(0, |b| b.points)
}

/// Scores `a` with the scorecard `card`; `min_invoices` is the risk model's "enough
/// history" threshold.
pub fn decide(card: &Acceptance, a: &Applicant, min_invoices: u32) -> Verdict {
    let last = card.classes.len().saturating_sub(1);
    let reject_class = card
        .classes
        .iter()
        .rposition(|c| c.decision == Decision::Reject)
        .unwrap_or(last);
    let knockout = if card.knockouts.insolvent && a.insolvent {
        Some("insolvent or at the collection partner".to_string())
    } else {
        match (card.knockouts.max_days_overdue, a.days_overdue_now) {
            (Some(max), Some(d)) if d > max => {
                Some(format!("an invoice is {d} days past due (more than {max})"))
            }
            _ => None,
        }
    };
    if let Some(why) = knockout {
        let class = card.classes.get(reject_class);
        return Verdict {
            score: None,
            class: class.map(|c| c.name.clone()).unwrap_or_default(),
            light: Light::Red,
            decision: Decision::Reject,
            conditions: Vec::new(),
            requested_limit: a.requested_limit,
            proposed_limit: round2(Money::ZERO),
            reasons: vec![Reason {
                characteristic: "knock-out".into(),
                value: why,
                points: 0,
            }],
        };
    }

    let mut reasons = Vec::new();
    let mut score = card.start_points;
    if card.start_points != 0 {
        reasons.push(Reason {
            characteristic: "start".into(),
            value: String::new(),
            points: card.start_points,
        });
    }
    let mut add = |characteristic: &str, value: String, points: i32| {
        score += points;
        reasons.push(Reason {
            characteristic: characteristic.into(),
            value,
            points,
        });
    };
    match a.history.avg_days_late {
        Some(avg) if a.history.invoices >= min_invoices => add(
            "payment history",
            format!(
                "{avg} days late on average over {} invoices",
                a.history.invoices
            ),
            band_points(&card.days_late, avg),
        ),
        _ => add(
            "payment history",
            format!(
                "too little history ({} invoices, {min_invoices} needed)",
                a.history.invoices
            ),
            card.no_history_points,
        ),
    }
    add(
        "years as customer",
        format!("{} years", a.years_as_customer),
        band_points(&card.years_as_customer, a.years_as_customer),
    );
    match a.sector {
        Some(s) => add(
            "sector",
            s.as_str().into(),
            card.sectors.get(&s).copied().unwrap_or(0),
        ),
        None => add("sector", "unknown".into(), card.unknown_sector_points),
    }
    add(
        "requested limit",
        round2(a.requested_limit).to_string(),
        band_points(&card.requested_limit, a.requested_limit),
    );
    match a.external_score {
        Some(s) => add(
            "external score",
            s.to_string(),
            band_points(&card.external_score, s),
        ),
        None => add("external score", "none".into(), card.no_score_points),
    }

    let k = card
        .classes
        .iter()
        .position(|c| score >= c.min_points)
        .unwrap_or(last);
    let Some(class) = card.classes.get(k) else {
        return Verdict {
            score: Some(score),
            class: String::new(),
            light: Light::Red,
            decision: Decision::Reject,
            conditions: Vec::new(),
            requested_limit: a.requested_limit,
            proposed_limit: round2(Money::ZERO),
            reasons,
        };
    };
    let mut proposed = if class.gives_credit() {
        a.requested_limit.max(Money::ZERO) * class.limit_percent / Decimal::ONE_HUNDRED
    } else {
        Money::ZERO
    };
    if let Some(max) = card.max_limit {
        proposed = proposed.min(max);
    }
    Verdict {
        score: Some(score),
        class: class.name.clone(),
        light: class.light,
        decision: class.decision,
        conditions: class.conditions.clone(),
        requested_limit: a.requested_limit,
        proposed_limit: round2(proposed),
        reasons,
    }
}

/// Scores customers `ids` of `p` (every customer, in portfolio order, when `ids` is
/// empty) as they stand at `as_of`, with `policy`'s risk window and the scorecard `card`;
/// `requested` and `score` as for [`Applicant::from_portfolio`]. An unknown id is an
/// error naming it.
pub fn score_customers(
    p: &Portfolio,
    policy: &crate::collections::policy::Policy,
    card: &Acceptance,
    as_of: NaiveDate,
    ids: &[String],
    requested: Option<Money>,
    score: Option<Decimal>,
) -> Result<Vec<(String, Applicant, Verdict)>, String> {
    let which: Vec<usize> = if ids.is_empty() {
        (0..p.customers().len()).collect()
    } else {
        ids.iter()
            .map(|id| p.customer_index(id).ok_or_else(|| id.clone()))
            .collect::<Result<_, _>>()?
    };
    Ok(which
        .into_iter()
        .map(|c| {
            let a = Applicant::from_portfolio(
                p,
                c,
                as_of,
                policy.risk.lookback_months,
                requested,
                score,
            );
            let v = decide(card, &a, policy.risk.min_invoices);
            (p.customers()[c].customer_id.to_string(), a, v)
        })
        .collect())
}
