//! Which dunning process a customer follows: sector × risk class × lifecycle (seeds 000
//! and 004), by the policy's first matching segmentation rule.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::document::{Lifecycle, Policy};
use super::risk::{self, PaymentHistory};
use crate::model::{CustomerStatus, Portfolio};

/// A customer's place in the policy, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
    /// Customer index in the portfolio.
    pub customer: usize,
    /// Index of the risk class in the policy.
    pub risk_class: usize,
    /// Payment history the class was derived from.
    pub history: PaymentHistory,
    /// Lifecycle segment.
    pub lifecycle: Lifecycle,
    /// Index of the segmentation rule that matched, if any.
    pub rule: Option<usize>,
    /// Index of the process, if a rule matched.
    pub process: Option<usize>,
    /// Why, in words.
    pub reason: String,
}

/// Lifecycle segment of customer `c` at `as_of` (seed 004): the status column first
/// (delivery stopped, at collection partner), then inflow (nothing invoiced yet), new
/// (first invoice less than 3 months before `as_of`) or existing.
pub fn lifecycle(p: &Portfolio, c: usize, as_of: NaiveDate) -> Lifecycle {
    match p.customers()[c].status {
        CustomerStatus::DeliveryStopped => return Lifecycle::DeliveryStopped,
        CustomerStatus::CollectionPartner => return Lifecycle::CollectionPartner,
        CustomerStatus::Active | CustomerStatus::Insolvent => {}
    }
    let first = p
        .invoices_of_customer(c)
        .iter()
        .map(|&i| p.invoices()[i as usize].issue_date)
        .filter(|d| *d <= as_of)
        .min();
    match first {
        None => Lifecycle::Inflow,
        Some(f)
            if as_of
                .checked_sub_months(Months::new(3))
                .is_none_or(|t| f > t) =>
        {
            Lifecycle::New
        }
        Some(_) => Lifecycle::Existing,
    }
}

/// Assigns customer `c` at `as_of`.
pub fn assign(policy: &Policy, p: &Portfolio, c: usize, as_of: NaiveDate) -> Assignment {
    let customer = &p.customers()[c];
    let history = risk::payment_history(p, c, as_of, policy.risk.lookback_months);
    let (risk_class, risk_reason) = risk::classify(&policy.risk, &history, customer.external_score);
    let class_name = policy.risk.classes.get(risk_class).map(|c| c.name.as_str());
    let life = lifecycle(p, c, as_of);
    let segment = if customer.segment.is_empty() {
        None
    } else {
        Some(customer.segment.as_str())
    };
    let found = policy.segmentation.iter().enumerate().find(|(_, r)| {
        (r.sectors.is_empty() || customer.sector.is_some_and(|s| r.sectors.contains(&s)))
            && (r.risk_classes.is_empty()
                || class_name.is_some_and(|n| r.risk_classes.iter().any(|x| x == n)))
            && (r.lifecycles.is_empty() || r.lifecycles.contains(&life))
            && r.b2c.is_none_or(|b| b == customer.b2c)
            && (r.segments.is_empty() || segment.is_some_and(|s| r.segments.iter().any(|x| x == s)))
    });
    let sector = customer.sector.map(|s| s.as_str()).unwrap_or("unknown");
    let facts = format!(
        "sector {sector}, {risk_reason}, lifecycle {}",
        life.as_str()
    );
    let (rule, process, reason) = match found {
        Some((k, r)) => {
            let label = r
                .name
                .as_deref()
                .map(|n| format!(" {n:?}"))
                .unwrap_or_default();
            (
                Some(k),
                policy.processes.iter().position(|x| x.id == r.process),
                format!("segmentation[{k}]{label} → process {}: {facts}", r.process),
            )
        }
        None => (None, None, format!("no segmentation rule matches: {facts}")),
    };
    Assignment {
        customer: c,
        risk_class,
        history,
        lifecycle: life,
        rule,
        process,
        reason,
    }
}

/// Assigns every customer, in portfolio order.
pub fn assign_all(policy: &Policy, p: &Portfolio, as_of: NaiveDate) -> Vec<Assignment> {
    (0..p.customers().len())
        .map(|c| assign(policy, p, c, as_of))
        .collect()
}
