//! How a scenario's reminders change a payment drawn under the baseline (see the module
//! documentation of [`super`]).

use super::book::{Pairing, Step};
use super::random::{Draws, below, scaled};

/// Days a payment driven by a dropped step slips when no later contact follows.
pub(super) const SLIP_WITHOUT_CONTACT: i64 = 30;

/// The settlement day (relative to the due date) under the scenario of an invoice that
/// the baseline would settle on day `k`; `open` is the last day already past (steps on
/// or before it belong to history and stay as they were).
pub(super) fn respond(
    k: i64,
    open: i64,
    base: &[Step],
    scen: &[Step],
    pairing: &Pairing,
    draws: &Draws,
    item: u32,
) -> i64 {
    let mut settled = k;
    // A payment driven by a baseline step moves with it.
    for (bi, b) in base.iter().enumerate() {
        let o = i64::from(b.offset);
        if o <= open || k <= o || k > o + i64::from(b.window) {
            continue;
        }
        let (u, _) = draws.pair(item, 1 + bi as u32);
        if !below(u, b.response) {
            continue;
        }
        // Where the scenario's matching step still drives it; else (the step dropped, or
        // a weaker channel) it slips to the next contact.
        let moved = match pairing.b_to_s.get(bi).copied().flatten() {
            Some(si) => {
                let s = &scen[si as usize];
                let so = i64::from(s.offset);
                if so <= open {
                    Some(k)
                } else {
                    below(u, s.response).then(|| (k + so - o).max(open + 1))
                }
            }
            None => None,
        };
        settled = moved.unwrap_or_else(|| {
            next_contact(scen, o, open).map_or(k + SLIP_WITHOUT_CONTACT, |n| n + k - o)
        });
        break;
    }
    // A step the scenario adds, or a stronger channel, pulls a later payment forward.
    for (si, s) in scen.iter().enumerate() {
        let so = i64::from(s.offset);
        if so >= settled {
            break;
        }
        if so <= open {
            continue;
        }
        let extra = match pairing.s_to_b.get(si).copied().flatten() {
            Some(bi) => {
                let rb = base[bi as usize].response;
                if s.response > rb && rb < 1000 {
                    (s.response - rb) * 1000 / (1000 - rb)
                } else {
                    0
                }
            }
            None => s.response,
        };
        let (_, v) = draws.pair(item, 1 + si as u32);
        if extra > 0 && below(v, extra) {
            let (w, _) = draws.pair(item, 40 + si as u32);
            let day = so + 1 + i64::from(scaled(w, s.window as u32));
            settled = settled.min(day);
            break;
        }
    }
    settled
}

/// The first scenario contact after day `after` that is still to come.
fn next_contact(scen: &[Step], after: i64, open: i64) -> Option<i64> {
    scen.iter()
        .map(|s| i64::from(s.offset))
        .find(|&o| o > after && o > open)
}
