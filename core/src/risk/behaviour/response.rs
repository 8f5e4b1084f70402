//! How customers responded to each dunning step (issue 6 §2): from the history of
//! actions taken and the payments, the share of reminded invoices settled within a
//! window after the reminder, per process step.
//!
//! This is the *observed* response, the figure credit managers report per reminder
//! level. It is an upper bound on what the reminder caused: some of those invoices would
//! have been paid in the window anyway (a portfolio run under one policy has no
//! unreminded invoices to compare with).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::collections::dunning::History;
use crate::collections::policy::Channel;
use crate::collections::policy::risk::settled_on;
use crate::model::{Money, Portfolio, round2};

/// Reminders and how many were followed by a payment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    /// Invoices reminded whose window had passed by `as_of`.
    pub reminded: u32,
    /// Of which settled within the window after the reminder.
    pub settled_within: u32,
    /// The share, percent (two decimals).
    pub percent: Option<Decimal>,
}

impl Tally {
    fn count(&mut self, settled: bool) {
        self.reminded += 1;
        self.settled_within += u32::from(settled);
        self.percent = (self.reminded > 0).then(|| {
            round2(
                Decimal::from(self.settled_within) * Decimal::ONE_HUNDRED
                    / Decimal::from(self.reminded),
            )
        });
    }
}

/// The response to one step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepResponse {
    /// Process id.
    pub process: String,
    /// Step name.
    pub step: String,
    /// Channel.
    pub channel: Channel,
    /// Its reminders.
    #[serde(flatten)]
    pub tally: Tally,
}

/// The response per channel, over all steps: what the simulator takes as its response
/// rates (see [`crate::risk::simulate::Settings::response_percent`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelResponse {
    /// Channel.
    pub channel: Channel,
    /// Its reminders.
    #[serde(flatten)]
    pub tally: Tally,
}

/// The element of `list` that `is`, added with `make` when there is none.
fn entry<T>(list: &mut Vec<T>, is: impl Fn(&T) -> bool, make: impl FnOnce() -> T) -> &mut T {
    let k = match list.iter().position(is) {
        Some(k) => k,
        None => {
            list.push(make());
            list.len() - 1
        }
    };
    &mut list[k]
}

/// Response per step (in order of first appearance in `history`) and per channel, for
/// the reminders that moved an invoice up a level (`advanced`) on invoices still open
/// that day, dated at least `window_days` before `as_of` (their outcome is known).
/// Entries for invoices not in the portfolio are skipped.
pub fn step_responses(
    p: &Portfolio,
    history: &History,
    as_of: NaiveDate,
    window_days: i64,
) -> (Vec<StepResponse>, Vec<ChannelResponse>) {
    let mut steps: Vec<StepResponse> = Vec::new();
    let mut channels: Vec<ChannelResponse> = Vec::new();
    for e in &history.entries {
        if !e.advanced || e.date + chrono::Duration::days(window_days) > as_of {
            continue;
        }
        let Some(i) = p.invoice_index(&e.invoice_id) else {
            continue;
        };
        if p.balance_at(i, e.date) <= Money::ZERO {
            continue;
        }
        let settled = settled_on(p, i, as_of)
            .is_some_and(|d| d > e.date && (d - e.date).num_days() <= window_days);
        entry(
            &mut steps,
            |s| s.process == e.process && s.step == e.step,
            || StepResponse {
                process: e.process.clone(),
                step: e.step.clone(),
                channel: e.channel,
                tally: Tally::default(),
            },
        )
        .tally
        .count(settled);
        entry(
            &mut channels,
            |c| c.channel == e.channel,
            || ChannelResponse {
                channel: e.channel,
                tally: Tally::default(),
            },
        )
        .tally
        .count(settled);
    }
    channels.sort_by_key(|c| c.channel);
    (steps, channels)
}
