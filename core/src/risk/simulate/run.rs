//! One Monte-Carlo run of one scenario.

use rustc_hash::FxHashSet;

use super::Settings;
use super::book::{Book, Compiled, NO_PROCESS, Plan};
use super::random::Draws;
use super::respond::respond;
use crate::collections::policy::Channel;
use crate::model::Portfolio;
use crate::risk::behaviour::{Behaviour, EARLIEST_DAY};

/// What one run produced, in cents and counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RunTotals {
    /// Per month: cash received, credit sales made, write-offs.
    pub cash: Vec<i64>,
    pub sales: Vec<i64>,
    pub write_offs: Vec<i64>,
    /// At each month end: receivables, the part not yet due, the part over 60 days past
    /// due.
    pub receivables: Vec<i64>,
    pub current: Vec<i64>,
    pub overdue_60: Vec<i64>,
    /// Actions per channel, in [`Channel::ALL`] order.
    pub actions: [u64; 8],
    pub action_costs: i64,
    pub commission: i64,
    pub fees: i64,
    pub customers_lost: u32,
    pub sales_lost_to_stops: i64,
    pub sales_blocked: i64,
}

impl RunTotals {
    fn new(months: usize) -> RunTotals {
        RunTotals {
            cash: vec![0; months],
            sales: vec![0; months],
            write_offs: vec![0; months],
            receivables: vec![0; months],
            current: vec![0; months],
            overdue_60: vec![0; months],
            actions: [0; 8],
            action_costs: 0,
            commission: 0,
            fees: 0,
            customers_lost: 0,
            sales_lost_to_stops: 0,
            sales_blocked: 0,
        }
    }
}

fn channel_index(c: Channel) -> usize {
    Channel::ALL.iter().position(|&x| x == c).unwrap_or(0)
}

/// Runs scenario `plan` `settings.runs` times. The loop goes customer by customer and,
/// within a customer, run by run: the customer's payment model stays in the cache for
/// all runs (each run's totals are the same as if it had run alone).
pub(super) fn run_all(
    book: &Book,
    plan: &Plan,
    baseline: &Compiled,
    behaviour: &Behaviour,
    p: &Portfolio,
    settings: &Settings,
) -> Vec<RunTotals> {
    let months = book.month_ends.len();
    let horizon = book.horizon();
    let default_days = settings.behaviour.default_days.clamp(0, 3650) as i32;
    let draws: Vec<Draws> = (0..settings.runs)
        .map(|r| Draws::new(settings.seed, r))
        .collect();
    let mut totals = vec![RunTotals::new(months); draws.len()];
    let mut exposure: Vec<(i32, i64)> = Vec::new();
    // Grouped steps already sent to this customer, by (step, day).
    let mut grouped: FxHashSet<(u8, i32)> = FxHashSet::default();
    let month = |d: i32| book.month_of[d as usize] as usize;
    for (c, &(lo, hi)) in book.ranges.iter().enumerate() {
        if lo == hi {
            continue;
        }
        let model = behaviour.outcomes_of(p, c);
        let (bp, sp) = (baseline.process_of[c], plan.compiled.process_of[c]);
        let base = baseline.steps(bp);
        let scen = plan.compiled.steps(sp);
        let pairing = plan
            .pairings
            .get(&(bp.unwrap_or(NO_PROCESS), sp.unwrap_or(NO_PROCESS)));
        for (t, draws) in totals.iter_mut().zip(&draws) {
            exposure.clear();
            grouped.clear();
            let mut stop: Option<i32> = None;
            for k in lo..hi {
                let x = &book.items[k as usize];
                let due = plan.due[k as usize];
                let new = x.open_days.is_none();
                let debit = new && plan.direct_debit[c];
                if new {
                    if x.issue > horizon || !plan.credit[c] {
                        continue;
                    }
                    if stop.is_some_and(|s| x.issue > s) {
                        t.sales_lost_to_stops += x.cents;
                        continue;
                    }
                    if let Some(limit) = plan.limit[c] {
                        exposure.retain(|&(until, _)| until > x.issue);
                        let used: i64 = exposure.iter().map(|e| e.1).sum();
                        if used + x.cents > limit {
                            t.sales_blocked += x.cents;
                            continue;
                        }
                    }
                    if x.issue >= 1 {
                        t.sales[month(x.issue)] += x.cents;
                    }
                }
                // Days relative to the due date already past without payment.
                let open = match x.open_days {
                    Some(d) => i64::from(d),
                    None => i64::from(x.issue - due) - 1,
                };
                let (u, _) = draws.pair(k, 0);
                let drawn = if debit {
                    Some(0)
                } else {
                    match model {
                        Some(m) => m.sample(open.max(EARLIEST_DAY - 1), u),
                        None => Some(open.max(0) + 1),
                    }
                };
                let settle = drawn.map(|k0| {
                    let k1 = match pairing {
                        Some(pr) if !debit => respond(k0, open, base, scen, pr, draws, k),
                        _ => k0,
                    };
                    due + k1 as i32
                });
                let write_off = match settle {
                    Some(_) => None,
                    None => Some(due + default_days).filter(|&d| d > 0),
                };
                let gone = settle.or(write_off).unwrap_or(i32::MAX);

                // The scenario's actions on this invoice.
                let mut handed_over: Option<i32> = None;
                if !debit {
                    for (j, st) in scen.iter().enumerate() {
                        let fire = due + st.offset;
                        if fire <= 0 {
                            continue;
                        }
                        if fire > horizon || fire >= gone {
                            break;
                        }
                        if x.cents < st.min_cents {
                            continue;
                        }
                        if st.group && !grouped.insert((j as u8, fire)) {
                            continue;
                        }
                        t.actions[channel_index(st.channel)] += 1;
                        t.action_costs += st.cost_cents;
                        if let Some(f) = plan.fees.get(&(k, j as u8)) {
                            t.fees += f;
                        }
                        match st.channel {
                            Channel::StopDelivery => {
                                stop = Some(stop.map_or(fire, |s| s.min(fire)))
                            }
                            Channel::Handover => handed_over = handed_over.or(Some(fire)),
                            _ => {}
                        }
                    }
                }

                if let Some(d) = settle
                    && (1..=horizon).contains(&d)
                {
                    t.cash[month(d)] += x.cents;
                    if handed_over.is_some_and(|h| h < d) {
                        t.commission += x.cents * i64::from(plan.commission_per_mille) / 1000;
                    }
                }
                if let Some(d) = write_off
                    && d <= horizon
                {
                    t.write_offs[month(d)] += x.cents;
                }
                for (m, &e) in book.month_ends.iter().enumerate() {
                    if x.issue <= e && gone > e {
                        t.receivables[m] += x.cents;
                        if due >= e {
                            t.current[m] += x.cents;
                        } else if e - due > 60 {
                            t.overdue_60[m] += x.cents;
                        }
                    }
                }
                if plan.limit[c].is_some() {
                    exposure.push((gone, x.cents));
                }
            }
            if stop.is_some() {
                t.customers_lost += 1;
            }
        }
    }
    totals
}
