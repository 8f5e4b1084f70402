//! What a simulation works on: the simulated invoices (open at the start, and next
//! year's sales), and per scenario its compiled processes and credit decisions.

use chrono::{Days, Months, NaiveDate};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rustc_hash::FxHashMap;

use super::Settings;
use crate::collections::fees::{self, Arrear};
use crate::collections::policy::segment::assign_all;
use crate::collections::policy::{Channel, Policy};
use crate::credit::acceptance::{Applicant, Condition, Verdict, decide};
use crate::kpi::last_of_month;
use crate::model::{Money, Portfolio};

/// Cents of an amount (amounts carry at most 2 decimals after rounding).
pub(super) fn cents(m: Money) -> i64 {
    (crate::model::round2(m) * Decimal::ONE_HUNDRED)
        .to_i64()
        .unwrap_or(i64::MAX)
}

/// Per mille of a percentage (rounded).
pub(super) fn per_mille(percent: Decimal) -> u32 {
    (percent * Decimal::TEN).round().to_u32().unwrap_or(0)
}

/// One simulated invoice. Days count from `as_of` (day 0).
#[derive(Debug, Clone)]
pub(super) struct Item {
    pub customer: u32,
    pub issue: i32,
    /// Due day as invoiced.
    pub due: i32,
    pub cents: i64,
    /// Open at the start: its days past due at `as_of` (negative: not yet due).
    pub open_days: Option<i32>,
}

/// The simulated invoices and the calendar.
pub(super) struct Book {
    /// Sorted by customer, then issue day.
    pub items: Vec<Item>,
    /// `ranges[c]`: the items of customer `c`.
    pub ranges: Vec<(u32, u32)>,
    /// Day of each month end (the last is the horizon).
    pub month_ends: Vec<i32>,
    /// The month of each day `1..=horizon` (index 0 unused).
    pub month_of: Vec<u8>,
    pub as_of: NaiveDate,
    /// Opening receivables, in cents.
    pub opening: i64,
    /// A newcomer's first invoice date (customers first invoiced in the repeated
    /// window; `None` for the others).
    pub first_issue: Vec<Option<NaiveDate>>,
}

impl Book {
    pub fn new(p: &Portfolio, as_of: NaiveDate, months: u32) -> Book {
        let day = |d: NaiveDate| (d - as_of).num_days() as i32;
        let window_start = as_of
            .checked_sub_months(Months::new(months))
            .unwrap_or(NaiveDate::MIN);
        let mut items = Vec::new();
        let mut ranges = Vec::with_capacity(p.customers().len());
        let mut opening = 0i64;
        let mut first_issue = vec![None; p.customers().len()];
        for (c, first_of_new) in first_issue.iter_mut().enumerate() {
            let start = items.len() as u32;
            let mut first: Option<NaiveDate> = None;
            for &i in p.invoices_of_customer(c) {
                let i = i as usize;
                let inv = &p.invoices()[i];
                if inv.amount <= Money::ZERO || inv.issue_date > as_of {
                    continue;
                }
                first = Some(first.map_or(inv.issue_date, |f| f.min(inv.issue_date)));
                let terms = (inv.due_date - inv.issue_date).num_days() as i32;
                let balance = p.balance_at(i, as_of);
                if balance > Money::ZERO {
                    let c_open = cents(balance);
                    opening += c_open;
                    items.push(Item {
                        customer: c as u32,
                        issue: day(inv.issue_date),
                        due: day(inv.due_date),
                        cents: c_open,
                        open_days: Some(-day(inv.due_date)),
                    });
                }
                if inv.issue_date > window_start
                    && let Some(again) = inv.issue_date.checked_add_months(Months::new(months))
                {
                    items.push(Item {
                        customer: c as u32,
                        issue: day(again),
                        due: day(again) + terms,
                        cents: cents(inv.amount),
                        open_days: None,
                    });
                }
            }
            let mine = &mut items[start as usize..];
            mine.sort_by_key(|x| (x.issue, x.open_days.is_none()));
            *first_of_new = first.filter(|&f| f > window_start);
            ranges.push((start, items.len() as u32));
        }
        let mut month_ends = Vec::new();
        let mut d = as_of;
        // Month 1 ends with the month after `as_of`'s (a start in mid-month adds the rest
        // of its month to month 1, so the horizon holds `months` whole months).
        for _ in 0..months {
            d = last_of_month(last_of_month(d) + Days::new(1));
            month_ends.push(day(d));
        }
        let horizon = month_ends.last().copied().unwrap_or(0).max(0);
        let mut month_of = vec![0u8; horizon as usize + 1];
        let mut m = 0usize;
        for (dd, slot) in month_of.iter_mut().enumerate().skip(1) {
            while month_ends[m] < dd as i32 {
                m += 1;
            }
            *slot = m as u8;
        }
        Book {
            items,
            ranges,
            month_ends,
            month_of,
            as_of,
            opening,
            first_issue,
        }
    }

    /// The last simulated day.
    pub fn horizon(&self) -> i32 {
        self.month_ends.last().copied().unwrap_or(0)
    }
}

/// A dunning step, compiled.
#[derive(Debug, Clone)]
pub(super) struct Step {
    pub offset: i32,
    pub channel: Channel,
    /// Response rate, per mille.
    pub response: u32,
    /// Pay-within window, days (at least 1).
    pub window: i32,
    pub min_cents: i64,
    pub group: bool,
    pub cost_cents: i64,
    pub fee: Option<String>,
}

/// A policy's processes, who follows which, and its scorecard's verdicts.
#[derive(Clone)]
pub(super) struct Compiled {
    pub processes: Vec<Vec<Step>>,
    /// Process of each customer, if any.
    pub process_of: Vec<Option<u16>>,
    /// The scorecard's verdict on each customer it scores (see [`scored`]).
    pub verdicts: Vec<Option<Verdict>>,
}

impl Compiled {
    pub fn new(
        policy: &Policy,
        book: &Book,
        p: &Portfolio,
        as_of: NaiveDate,
        s: &Settings,
    ) -> Compiled {
        let processes = policy
            .processes
            .iter()
            .map(|pr| {
                pr.steps
                    .iter()
                    .map(|st| Step {
                        offset: st.offset_days,
                        channel: st.channel,
                        response: s
                            .response_percent
                            .get(&st.channel)
                            .map_or(0, |&r| per_mille(r)),
                        window: st.pay_within_days.max(1) as i32,
                        min_cents: cents(st.min_amount),
                        group: st.group,
                        cost_cents: s.action_cost.get(&st.channel).map_or(0, |&c| cents(c)),
                        fee: st.fee.clone(),
                    })
                    .collect()
            })
            .collect();
        let process_of = assign_all(policy, p, as_of)
            .into_iter()
            .map(|a| a.process.map(|x| x as u16))
            .collect();
        let verdicts = (0..p.customers().len())
            .map(|c| scored(book, p, as_of, policy, c))
            .collect();
        Compiled {
            processes,
            process_of,
            verdicts,
        }
    }
}

/// The key of "no process" in [`Plan::pairings`].
pub(super) const NO_PROCESS: u16 = u16::MAX;

impl Compiled {
    /// The steps of process `k` (none without a process).
    pub fn steps(&self, k: Option<u16>) -> &[Step] {
        k.map_or(&[], |k| &self.processes[k as usize])
    }
}

/// Which step of the baseline matches which of the scenario: pre-due steps by rank
/// counted back from the due date, the others by rank from it.
#[derive(Debug, Clone, Default)]
pub(super) struct Pairing {
    pub b_to_s: Vec<Option<u8>>,
    pub s_to_b: Vec<Option<u8>>,
}

fn pair(b: &[Step], s: &[Step]) -> Pairing {
    let mut out = Pairing {
        b_to_s: vec![None; b.len()],
        s_to_b: vec![None; s.len()],
    };
    let split = |x: &[Step]| x.iter().position(|st| st.offset >= 0).unwrap_or(x.len());
    let (bs, ss) = (split(b), split(s));
    // Pre-due: the last pre-due step of each is the one nearest the due date.
    for k in 0..bs.min(ss) {
        let (i, j) = (bs - 1 - k, ss - 1 - k);
        out.b_to_s[i] = Some(j as u8);
        out.s_to_b[j] = Some(i as u8);
    }
    for k in 0..(b.len() - bs).min(s.len() - ss) {
        let (i, j) = (bs + k, ss + k);
        out.b_to_s[i] = Some(j as u8);
        out.s_to_b[j] = Some(i as u8);
    }
    out
}

/// The verdict of `policy`'s scorecard on customer `c`, when the policy scores it: a
/// newcomer (first invoiced in the repeated window) as it applied, with no history and
/// its credit limit (else what it was invoiced in its first 90 days, as the acceptance
/// backtest assumes) as the request; an existing customer only with
/// `credit.review_existing`.
fn scored(
    book: &Book,
    p: &Portfolio,
    as_of: NaiveDate,
    policy: &Policy,
    c: usize,
) -> Option<Verdict> {
    let card = policy.acceptance.as_ref()?;
    let lookback = policy.risk.lookback_months;
    let cust = &p.customers()[c];
    let applicant = if let Some(first) = book.first_issue[c] {
        let asked = cust.credit_limit.unwrap_or_else(|| {
            let until = first + chrono::Duration::days(90);
            p.invoices_of_customer(c)
                .iter()
                .map(|&i| &p.invoices()[i as usize])
                .filter(|i| i.amount > Money::ZERO)
                .filter(|i| i.issue_date >= first && i.issue_date <= until)
                .map(|i| i.amount)
                .sum()
        });
        let at = first.pred_opt().unwrap_or(first);
        Applicant::from_portfolio(p, c, at, lookback, Some(asked), None)
    } else if policy.credit.review_existing {
        Applicant::from_portfolio(p, c, as_of, lookback, None, None)
    } else {
        return None;
    };
    Some(decide(card, &applicant, policy.risk.min_invoices))
}

/// A scenario, ready to run.
pub(super) struct Plan {
    pub compiled: Compiled,
    /// Pairing per (baseline process, scenario process).
    pub pairings: FxHashMap<(u16, u16), Pairing>,
    /// Per customer: new sales on credit allowed.
    pub credit: Vec<bool>,
    /// Per customer: new invoices collected by direct debit.
    pub direct_debit: Vec<bool>,
    /// Per customer: the limit enforced, in cents.
    pub limit: Vec<Option<i64>>,
    /// Per item: due day in this scenario.
    pub due: Vec<i32>,
    /// Fee charged by (item, step) when that step fires.
    pub fees: FxHashMap<(u32, u8), i64>,
    /// Sales refused at acceptance (cents), and the customers refused.
    pub refused_cents: i64,
    pub refused_customers: u32,
    pub commission_per_mille: u32,
}

impl Plan {
    /// The plan of `policy`, compiled as `compiled` (the baseline's is `baseline`).
    pub fn new(
        book: &Book,
        p: &Portfolio,
        as_of: NaiveDate,
        policy: &Policy,
        compiled: Compiled,
        baseline: &Compiled,
        s: &Settings,
    ) -> Plan {
        let n = p.customers().len();
        let mut pairings = FxHashMap::default();
        for c in 0..n {
            let (b, v) = (baseline.process_of[c], compiled.process_of[c]);
            pairings
                .entry((b.unwrap_or(NO_PROCESS), v.unwrap_or(NO_PROCESS)))
                .or_insert_with(|| pair(baseline.steps(b), compiled.steps(v)));
        }
        let mut credit = vec![true; n];
        let mut direct_debit = vec![false; n];
        let mut limit: Vec<Option<i64>> = vec![None; n];
        let terms = &policy.credit;
        for c in 0..n {
            let mut granted = p.customers()[c].credit_limit;
            if let Some(v) = &compiled.verdicts[c] {
                // The customers in the data were served under the policy in force, on its
                // conditions: only what this policy decides beyond it changes anything.
                let b = baseline.verdicts[c].as_ref();
                let gives = v.gives_credit();
                credit[c] = gives || b.is_some_and(|b| !b.gives_credit());
                if gives {
                    let dd = |x: &Verdict| x.conditions.contains(&Condition::DirectDebit);
                    direct_debit[c] = dd(v) && !b.is_some_and(dd);
                    granted = Some(v.proposed_limit);
                }
            }
            if terms.enforce_limits {
                limit[c] = granted.map(|g| cents(g * terms.limit_percent / Decimal::ONE_HUNDRED));
            }
        }
        let mut refused_cents = 0;
        let mut refused_customers = 0;
        for (&given, r) in credit.iter().zip(&book.ranges) {
            if given {
                continue;
            }
            let lost: i64 = book.items[r.0 as usize..r.1 as usize]
                .iter()
                .filter(|x| x.open_days.is_none())
                .map(|x| x.cents)
                .sum();
            if lost > 0 {
                refused_cents += lost;
                refused_customers += 1;
            }
        }
        let due: Vec<i32> = book
            .items
            .iter()
            .map(|x| match (x.open_days, terms.payment_terms_days) {
                (None, Some(t)) => x.issue + t as i32,
                _ => x.due,
            })
            .collect();

        // Fees: charged when a fee step fires inside the horizon, on the invoice alone,
        // under the law of the customer's debts.
        let book_of_terms = policy.terms_book();
        let mut fee_map = FxHashMap::default();
        let horizon = book.horizon();
        for (k, x) in book.items.iter().enumerate() {
            let c = x.customer as usize;
            let Some(pr) = compiled.process_of[c] else {
                continue;
            };
            for (j, st) in compiled.processes[pr as usize].iter().enumerate() {
                let Some(rule) = st.fee.as_ref().and_then(|f| policy.fees.get(f)) else {
                    continue;
                };
                let fire = due[k] + st.offset;
                if fire <= 0 || fire > horizon {
                    continue;
                }
                let on = as_of + chrono::Duration::days(i64::from(fire));
                let due_date = as_of + chrono::Duration::days(i64::from(due[k]));
                let balance = Money::new(x.cents, 2);
                let arrear = Arrear {
                    due_date,
                    balance,
                    balance_steps: vec![(due_date, balance)],
                };
                let Some((_, regime)) = policy.law_of(&p.customers()[c]) else {
                    continue;
                };
                let fee = fees::charge(rule, &[arrear], on, book_of_terms.terms(regime));
                fee_map.insert((k as u32, j as u8), cents(fee.amount));
            }
        }
        Plan {
            compiled,
            pairings,
            credit,
            direct_debit,
            limit,
            due,
            fees: fee_map,
            refused_cents,
            refused_customers,
            commission_per_mille: per_mille(s.partner_commission_percent),
        }
    }
}
