//! The dispute register: each dispute with its 48-hour assessment SLA (seed 003),
//! classification (real dispute / miscommunication / stalling) and cycle times.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::model::{Money, Portfolio, round2};

use crate::kpi::ASSESSMENT_SLA_DAYS;

/// What a dispute turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DisputeClass {
    /// The customer was right (credit note, correction).
    Real,
    /// A misunderstanding, cleared up; the invoice stands.
    Miscommunication,
    /// A pretext to delay payment.
    Stalling,
    /// Not yet known (open, or an outcome label the engine does not know).
    Unclassified,
}

/// Classifies an outcome label: `credit_note`, `corrected`, `upheld`, `real` → real;
/// `miscommunication`, `explained`, `accepted_by_buyer` → miscommunication;
/// `rejected`, `unfounded`, `stalling` → stalling.
pub fn classify_outcome(outcome: &str) -> DisputeClass {
    match outcome.trim().to_ascii_lowercase().as_str() {
        "credit_note" | "corrected" | "upheld" | "real" => DisputeClass::Real,
        "miscommunication" | "explained" | "accepted_by_buyer" => DisputeClass::Miscommunication,
        "rejected" | "unfounded" | "stalling" => DisputeClass::Stalling,
        _ => DisputeClass::Unclassified,
    }
}

/// Where the assessment stands against the 48-hour SLA.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sla {
    /// Assessed within 48 hours.
    Met,
    /// Assessed, but late.
    Missed,
    /// Not assessed, still within 48 hours.
    Pending,
    /// Not assessed and past 48 hours: act now.
    Overdue,
}

/// One dispute as the register shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisputeEntry {
    /// Dispute id.
    pub dispute_id: String,
    /// Invoice.
    pub invoice_id: String,
    /// Customer.
    pub customer_id: String,
    /// Opened.
    pub opened_on: NaiveDate,
    /// Assessment deadline.
    pub assess_by: NaiveDate,
    /// Assessed.
    pub assessed_on: Option<NaiveDate>,
    /// Resolved.
    pub resolved_on: Option<NaiveDate>,
    /// Open at the register date.
    pub open: bool,
    /// SLA state.
    pub sla: Sla,
    /// Classification.
    pub class: DisputeClass,
    /// Open balance of the invoice.
    pub balance: Money,
    /// Days to assess (or open so far without assessment).
    pub days_to_assess: Option<i64>,
    /// Days to resolve, when resolved.
    pub days_to_resolve: Option<i64>,
}

/// Cycle-time KPIs of the register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisputeKpis {
    /// Disputes open.
    pub open: usize,
    /// Balance of invoices under open disputes.
    pub open_amount: Money,
    /// Open and not assessed past 48 hours.
    pub assessment_overdue: usize,
    /// Share of assessed disputes assessed within 48 hours, percent.
    pub assessed_within_sla_pct: Option<Decimal>,
    /// Average days from opening to assessment.
    pub avg_days_to_assess: Option<Decimal>,
    /// Average days from opening to resolution.
    pub avg_days_to_resolve: Option<Decimal>,
    /// Resolved disputes per class: real, miscommunication, stalling, unclassified.
    pub resolved_by_class: Vec<(DisputeClass, usize)>,
}

/// The register at a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisputeRegister {
    /// Register date.
    pub as_of: NaiveDate,
    /// Disputes opened on or before `as_of`, overdue assessments first, then by opening
    /// date and id.
    pub entries: Vec<DisputeEntry>,
    /// KPIs.
    pub kpis: DisputeKpis,
}

fn avg(v: &[i64]) -> Option<Decimal> {
    (!v.is_empty())
        .then(|| round2(Decimal::from(v.iter().sum::<i64>()) / Decimal::from(v.len() as u64)))
}

/// The dispute register of `p` at `as_of`.
pub fn register(p: &Portfolio, as_of: NaiveDate) -> DisputeRegister {
    let mut entries = Vec::new();
    for i in 0..p.invoices().len() {
        for &k in p.disputes_of_invoice(i) {
            let d = &p.disputes()[k as usize];
            if d.opened_on > as_of {
                continue;
            }
            let assessed = d.assessed_on.filter(|a| *a <= as_of);
            let resolved = d.resolved_on.filter(|r| *r <= as_of);
            let assess_by = d.opened_on + chrono::Days::new(ASSESSMENT_SLA_DAYS);
            let sla = match assessed {
                Some(a) if a <= assess_by => Sla::Met,
                Some(_) => Sla::Missed,
                None if as_of <= assess_by => Sla::Pending,
                None => Sla::Overdue,
            };
            let class = match (&d.outcome, resolved) {
                (Some(o), Some(_)) => classify_outcome(o),
                _ => DisputeClass::Unclassified,
            };
            entries.push(DisputeEntry {
                dispute_id: d.dispute_id.clone(),
                invoice_id: d.invoice_id.clone(),
                customer_id: p.invoices()[i].customer_id.to_string(),
                opened_on: d.opened_on,
                assess_by,
                assessed_on: assessed,
                resolved_on: resolved,
                open: resolved.is_none(),
                sla: if resolved.is_some() && assessed.is_none() {
                    Sla::Missed
                } else {
                    sla
                },
                class,
                balance: round2(p.balance_at(i, as_of)),
                days_to_assess: assessed.map(|a| (a - d.opened_on).num_days()),
                days_to_resolve: resolved.map(|r| (r - d.opened_on).num_days()),
            });
        }
    }
    entries.sort_by(|a, b| {
        ((a.sla != Sla::Overdue), a.opened_on, &a.dispute_id).cmp(&(
            (b.sla != Sla::Overdue),
            b.opened_on,
            &b.dispute_id,
        ))
    });
    let assess: Vec<i64> = entries.iter().filter_map(|e| e.days_to_assess).collect();
    let resolve: Vec<i64> = entries.iter().filter_map(|e| e.days_to_resolve).collect();
    let within = entries.iter().filter(|e| e.sla == Sla::Met).count();
    let classes = [
        DisputeClass::Real,
        DisputeClass::Miscommunication,
        DisputeClass::Stalling,
        DisputeClass::Unclassified,
    ];
    let kpis = DisputeKpis {
        open: entries.iter().filter(|e| e.open).count(),
        open_amount: round2(entries.iter().filter(|e| e.open).map(|e| e.balance).sum()),
        assessment_overdue: entries.iter().filter(|e| e.sla == Sla::Overdue).count(),
        assessed_within_sla_pct: (!assess.is_empty()).then(|| {
            round2(
                Decimal::from(within as u64) * Decimal::ONE_HUNDRED
                    / Decimal::from(assess.len() as u64),
            )
        }),
        avg_days_to_assess: avg(&assess),
        avg_days_to_resolve: avg(&resolve),
        resolved_by_class: classes
            .iter()
            .map(|c| {
                (
                    *c,
                    entries.iter().filter(|e| !e.open && e.class == *c).count(),
                )
            })
            .collect(),
    };
    DisputeRegister {
        as_of,
        entries,
        kpis,
    }
}
