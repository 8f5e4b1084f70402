//! When collection costs may first be charged to a consumer (B2C): after the legally
//! required free reminder and its waiting period (DOMAIN.md §6).

use chrono::{Datelike, NaiveDate, Weekday};

use crate::collections::law::holidays::{be_holiday, nl_holiday, weekend};
use crate::collections::policy::Channel;
use serde::{Deserialize, Serialize};

/// Whose consumer law decides the waiting period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Jurisdiction {
    /// Netherlands: the "14-day letter" (art. 6:96 lid 6 BW).
    Nl,
    /// Belgium: the first free reminder (Book XIX CEL, law of 4 May 2023).
    Be,
}

/// How the free reminder was sent (it decides when it counts as received).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// Post.
    Letter,
    /// E-mail or another electronic channel.
    Electronic,
}

impl From<Channel> for Delivery {
    /// A letter is posted; every other channel is electronic.
    fn from(c: Channel) -> Delivery {
        if c == Channel::Letter {
            Delivery::Letter
        } else {
            Delivery::Electronic
        }
    }
}

/// First day on which costs may be charged after a free reminder sent on `sent`.
///
/// - NL (art. 6:96 lid 6 BW): 14 days counted from the day after receipt. A letter is
///   deemed received on the 2nd day after sending, moved to the next day with post when
///   that is a Sunday or a public holiday; an e-mail on the day it is sent. A term that
///   ends on a Saturday, Sunday or public holiday runs through the next day that is none
///   (Algemene termijnenwet art. 1). Costs from the day after the term. Without
///   holidays: letter → `sent + 17`, e-mail → `sent + 15`.
/// - BE (Book XIX CEL): the 14 calendar days start on the 3rd working day (Monday–Friday,
///   not a Belgian public holiday) after posting a letter, or on the day after an e-mail;
///   costs from the day after the 14th day. So: e-mail → `sent + 15`, letter → 3rd
///   working day + 14.
pub fn costs_chargeable_from(j: Jurisdiction, sent: NaiveDate, how: Delivery) -> NaiveDate {
    let add = |d: NaiveDate, n: u64| d.checked_add_days(chrono::Days::new(n)).unwrap_or(d);
    match (j, how) {
        (Jurisdiction::Nl, how) => {
            let receipt = match how {
                Delivery::Letter => next_day_where(add(sent, 2), |d| {
                    d.weekday() != Weekday::Sun && !nl_holiday(d)
                }),
                Delivery::Electronic => sent,
            };
            let last = next_day_where(add(receipt, 14), |d| !weekend(d) && !nl_holiday(d));
            add(last, 1)
        }
        (Jurisdiction::Be, Delivery::Electronic) => add(sent, 15),
        (Jurisdiction::Be, Delivery::Letter) => add(nth_working_day_after(sent, 3), 14),
    }
}

/// `d`, or the first day after it for which `ok` holds.
fn next_day_where(d: NaiveDate, ok: impl Fn(NaiveDate) -> bool) -> NaiveDate {
    let mut day = d;
    while !ok(day) {
        day = day.succ_opt().unwrap_or(day);
    }
    day
}

/// The `n`th Belgian working day after `d` (not a weekend, not a public holiday).
fn nth_working_day_after(d: NaiveDate, n: u32) -> NaiveDate {
    (0..n).fold(d, |day, _| {
        let next = day.succ_opt().unwrap_or(day);
        next_day_where(next, |x| !weekend(x) && !be_holiday(x))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn waiting_periods() {
        // Letter posted Monday 2 March 2026: NL deemed received Wednesday 4 March, day 1
        // is 5 March, day 14 is 18 March; costs from 19 March.
        assert_eq!(
            costs_chargeable_from(Jurisdiction::Nl, d("2026-03-02"), Delivery::Letter),
            d("2026-03-19")
        );
        assert_eq!(
            costs_chargeable_from(Jurisdiction::Nl, d("2026-03-02"), Delivery::Electronic),
            d("2026-03-17")
        );
        // BE letter posted Thursday 5 March: 3rd working day is Tuesday 10 March, days
        // 10–23 March, costs from 24 March.
        assert_eq!(
            costs_chargeable_from(Jurisdiction::Be, d("2026-03-05"), Delivery::Letter),
            d("2026-03-24")
        );
        assert_eq!(
            costs_chargeable_from(Jurisdiction::Be, d("2026-03-05"), Delivery::Electronic),
            d("2026-03-20")
        );
    }

    #[test]
    fn holidays_move_the_dates() {
        // NL letter posted Thursday 24 April 2025: the 2nd day is Saturday 26 April,
        // King's Day (the 27th is a Sunday) → received Monday 28 April; day 14 is Monday
        // 12 May; costs from 13 May (without the holiday: 11 May).
        assert_eq!(
            costs_chargeable_from(Jurisdiction::Nl, d("2025-04-24"), Delivery::Letter),
            d("2025-05-13")
        );
        // NL e-mail sent Friday 11 April 2025: day 14 is Friday 25 April; a term ending on
        // a Saturday would run to Monday. E-mail sent Saturday 12 April: day 14 is
        // Saturday 26 April (King's Day), extended through Monday 28 April; costs from
        // 29 April.
        assert_eq!(
            costs_chargeable_from(Jurisdiction::Nl, d("2025-04-11"), Delivery::Electronic),
            d("2025-04-26")
        );
        assert_eq!(
            costs_chargeable_from(Jurisdiction::Nl, d("2025-04-12"), Delivery::Electronic),
            d("2025-04-29")
        );
        // BE letter posted Friday 18 April 2025: Monday 21 April is Easter Monday, so the
        // 3rd working day is Thursday 24 April; costs from 8 May (without the holiday:
        // 7 May).
        assert_eq!(
            costs_chargeable_from(Jurisdiction::Be, d("2025-04-18"), Delivery::Letter),
            d("2025-05-08")
        );
    }
}
