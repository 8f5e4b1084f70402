//! When collection costs may first be charged to a consumer (B2C): after the legally
//! required free reminder and its waiting period (DOMAIN.md §6).

use chrono::{Datelike, NaiveDate, Weekday};
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

/// First day on which costs may be charged after a free reminder sent on `sent`.
///
/// - NL: costs are due only if payment is not made within 14 days counted from the day
///   after receipt; a letter is deemed received on the 2nd day after sending, an e-mail
///   on the day it is sent. So: letter → `sent + 17`, e-mail → `sent + 15`.
/// - BE: the 14 calendar days start on the 3rd working day (Monday–Friday; public
///   holidays are not modelled) after posting a letter, or on the day after an e-mail;
///   costs from the day after the 14th day. So: e-mail → `sent + 15`, letter → 3rd
///   working day + 14.
pub fn costs_chargeable_from(j: Jurisdiction, sent: NaiveDate, how: Delivery) -> NaiveDate {
    let add = |d: NaiveDate, n: u64| d.checked_add_days(chrono::Days::new(n)).unwrap_or(d);
    match (j, how) {
        (Jurisdiction::Nl, Delivery::Letter) => add(sent, 17),
        (Jurisdiction::Nl, Delivery::Electronic) => add(sent, 15),
        (Jurisdiction::Be, Delivery::Electronic) => add(sent, 15),
        (Jurisdiction::Be, Delivery::Letter) => add(nth_working_day_after(sent, 3), 14),
    }
}

fn nth_working_day_after(d: NaiveDate, n: u32) -> NaiveDate {
    let mut day = d;
    let mut left = n;
    while left > 0 {
        day = day.succ_opt().unwrap_or(day);
        if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            left -= 1;
        }
    }
    day
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
}
