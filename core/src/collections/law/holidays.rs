//! Public holidays that move the dates of the consumer notice, computed for any year
//! (Easter by the anonymous Gregorian algorithm).
//!
//! - Belgium: the ten public holidays of the law of 4 January 1974 (New Year, Easter
//!   Monday, 1 May, Ascension, Whit Monday, 21 July, 15 August, 1 November, 11 November,
//!   Christmas): not working days when counting the "third working day" after posting a
//!   reminder (Book XIX CEL).
//! - Netherlands: the *algemeen erkende feestdagen* of the Algemene termijnenwet art. 3
//!   (New Year, Easter Monday, Whit Monday, both Christmas days, Ascension, King's Day,
//!   5 May) and Good Friday (art. 3 lid 2); a statutory term ending on a Saturday, Sunday
//!   or such a day runs through the next day that is none (art. 1 lid 1). Days equated by
//!   royal decree for a few years at a time (bridge days) are not in this table.

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// Easter Sunday of `year` (Gregorian calendar; anonymous algorithm of Meeus/Jones/
/// Butcher).
pub fn easter(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).unwrap_or_default()
}

fn easter_plus(year: i32, days: i64) -> NaiveDate {
    let e = easter(year);
    if days >= 0 {
        e.checked_add_days(Days::new(days as u64)).unwrap_or(e)
    } else {
        e.checked_sub_days(Days::new((-days) as u64)).unwrap_or(e)
    }
}

/// Whether `d` is a Belgian public holiday (law of 4 January 1974).
pub fn be_holiday(d: NaiveDate) -> bool {
    let y = d.year();
    let fixed = [
        (1, 1),
        (5, 1),
        (7, 21),
        (8, 15),
        (11, 1),
        (11, 11),
        (12, 25),
    ];
    fixed.contains(&(d.month(), d.day())) || [1, 39, 50].iter().any(|&n| d == easter_plus(y, n))
}

/// Whether `d` is a Dutch *algemeen erkende feestdag* or Good Friday (Algemene
/// termijnenwet art. 3). King's Day is 27 April, or 26 April when the 27th is a Sunday.
pub fn nl_holiday(d: NaiveDate) -> bool {
    let y = d.year();
    let kings_day = match NaiveDate::from_ymd_opt(y, 4, 27) {
        Some(k) if k.weekday() == Weekday::Sun => (4, 26),
        _ => (4, 27),
    };
    let fixed = [(1, 1), (12, 25), (12, 26), (5, 5), kings_day];
    fixed.contains(&(d.month(), d.day())) || [-2, 1, 39, 50].iter().any(|&n| d == easter_plus(y, n))
}

/// Saturday or Sunday.
pub fn weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn easter_and_the_holidays_hanging_on_it() {
        assert_eq!(easter(2024), d("2024-03-31"));
        assert_eq!(easter(2025), d("2025-04-20"));
        assert_eq!(easter(2026), d("2026-04-05"));
        assert_eq!(easter(2038), d("2038-04-25"));
        // Belgium 2025: Easter Monday 21 April, Ascension 29 May, Whit Monday 9 June.
        for day in [
            "2025-04-21",
            "2025-05-29",
            "2025-06-09",
            "2025-07-21",
            "2025-11-11",
        ] {
            assert!(be_holiday(d(day)), "{day}");
        }
        assert!(
            !be_holiday(d("2025-04-18")),
            "Good Friday is not a Belgian holiday"
        );
        // The Netherlands 2025: Good Friday 18 April, King's Day 26 April (the 27th is a
        // Sunday), 5 May.
        for day in ["2025-04-18", "2025-04-26", "2025-05-05", "2025-12-26"] {
            assert!(nl_holiday(d(day)), "{day}");
        }
        assert!(!nl_holiday(d("2025-07-21")));
        assert!(nl_holiday(d("2026-04-27")), "King's Day 2026 is a Monday");
    }
}
