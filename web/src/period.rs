//! The period picker's arithmetic: the default period and the one before it.

use chrono::{Datelike, Days, Months, NaiveDate};
use rappel_core::kpi;

/// The calendar month that contains `end`, up to `end`.
pub fn month_of(end: NaiveDate) -> (NaiveDate, NaiveDate) {
    (kpi::first_of_month(end), end)
}

fn is_month_end(d: NaiveDate) -> bool {
    d.checked_add_days(Days::new(1))
        .is_some_and(|n| n.day() == 1)
}

/// The period to compare with: the previous calendar month(s) when the period is whole
/// months, else the same number of days ending the day before `from`.
pub fn previous(from: NaiveDate, to: NaiveDate) -> (NaiveDate, NaiveDate) {
    let prev_to = from.checked_sub_days(Days::new(1)).unwrap_or(from);
    if from.day() == 1 && is_month_end(to) {
        let months = (to.year() - from.year()) * 12 + to.month() as i32 - from.month() as i32 + 1;
        let prev_from = from
            .checked_sub_months(Months::new(months.max(1) as u32))
            .unwrap_or(from);
        return (prev_from, prev_to);
    }
    let days = (to - from).num_days().max(0) as u64;
    let prev_from = prev_to.checked_sub_days(Days::new(days)).unwrap_or(prev_to);
    (prev_from, prev_to)
}

/// The last day of `d`'s month.
pub fn month_end(d: NaiveDate) -> NaiveDate {
    let first = kpi::first_of_month(d);
    first
        .checked_add_days(Days::new(u64::from(kpi::days_in_month(d)) - 1))
        .unwrap_or(d)
}

/// `YYYY-MM-DD` of an `<input type="date">`.
pub fn parse(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}
