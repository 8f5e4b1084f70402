use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// A reporting period `[from, to]`, both days included; KPIs are measured as of `to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Period {
    from: NaiveDate,
    to: NaiveDate,
}

/// A period whose start lies after its end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodError {
    /// Start given.
    pub from: NaiveDate,
    /// End given.
    pub to: NaiveDate,
}

impl std::fmt::Display for PeriodError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "period start {} is after its end {}", self.from, self.to)
    }
}

impl std::error::Error for PeriodError {}

impl Period {
    /// The period `[from, to]`; refused when `from > to`.
    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<Period, PeriodError> {
        if from > to {
            Err(PeriodError { from, to })
        } else {
            Ok(Period { from, to })
        }
    }

    /// First day.
    pub fn from(&self) -> NaiveDate {
        self.from
    }

    /// Last day; the "as of" date of the period's KPIs.
    pub fn to(&self) -> NaiveDate {
        self.to
    }

    /// Number of days, both ends included (DOMAIN.md §3: days = to − from + 1).
    pub fn days(&self) -> i64 {
        (self.to - self.from).num_days() + 1
    }

    /// The day before the period starts (the opening balance date of CEI).
    pub fn day_before(&self) -> NaiveDate {
        self.from.pred_opt().unwrap_or(self.from)
    }

    /// Whether `d` lies in the period.
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.from <= d && d <= self.to
    }

    /// The period to compare with ("change against the previous period"): when this
    /// period is whole calendar months, the same number of calendar months before it
    /// (March → February, Q2 → Q1, even though the months differ in length); otherwise
    /// the same number of days, ending the day before this period starts.
    pub fn previous(&self) -> Period {
        let to = self.day_before();
        if self.from.day() == 1 && self.to == last_of_month(self.to) {
            let months = months_between(self.from, self.to) + 1;
            let from = self
                .from
                .checked_sub_months(Months::new(months as u32))
                .unwrap_or(NaiveDate::MIN);
            return Period { from, to };
        }
        let from = to
            .checked_sub_days(Days::new(self.days() as u64 - 1))
            .unwrap_or(NaiveDate::MIN);
        Period { from, to }
    }

    /// The calendar month that holds `end`, from its first day up to `end` (the
    /// dashboard's default period).
    pub fn month_to(end: NaiveDate) -> Period {
        Period {
            from: first_of_month(end),
            to: end,
        }
    }
}

/// `count` consecutive calendar-month periods, the last one running from the first of
/// `to`'s month to `to` itself; oldest first. Used for monthly trends.
pub fn monthly_periods(to: NaiveDate, count: u32) -> Vec<Period> {
    let first = first_of_month(to);
    (0..count)
        .rev()
        .filter_map(|back| {
            let start = first.checked_sub_months(Months::new(back))?;
            let end = if back == 0 {
                to
            } else {
                start.checked_add_months(Months::new(1))?.pred_opt()?
            };
            Some(Period {
                from: start,
                to: end,
            })
        })
        .collect()
}

/// First day of the month of `d`.
pub fn first_of_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

/// Last day of the month of `d`.
pub fn last_of_month(d: NaiveDate) -> NaiveDate {
    first_of_month(d) + chrono::Days::new(u64::from(days_in_month(d)) - 1)
}

/// Number of days in the month of `d`.
pub fn days_in_month(d: NaiveDate) -> u32 {
    let first = first_of_month(d);
    match first.checked_add_months(Months::new(1)) {
        Some(next) => (next - first).num_days() as u32,
        None => 31,
    }
}

/// Months from the month of `earlier` to the month of `later` (0 when the same month).
pub fn months_between(earlier: NaiveDate, later: NaiveDate) -> i32 {
    (later.year() - earlier.year()) * 12 + later.month() as i32 - earlier.month() as i32
}

#[cfg(test)]
mod previous_tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn whole_months_compare_with_as_many_calendar_months_before() {
        // March (31 days) → February 2026 (28 days), not the 31 days before 1 March.
        let march = Period::new(d(2026, 3, 1), d(2026, 3, 31)).unwrap();
        assert_eq!(
            march.previous(),
            Period::new(d(2026, 2, 1), d(2026, 2, 28)).unwrap()
        );
        // Q2 → Q1.
        let q2 = Period::new(d(2026, 4, 1), d(2026, 6, 30)).unwrap();
        assert_eq!(
            q2.previous(),
            Period::new(d(2026, 1, 1), d(2026, 3, 31)).unwrap()
        );
    }

    #[test]
    fn other_periods_compare_with_as_many_days_before() {
        // 10–19 June (10 days) → 31 May – 9 June.
        let p = Period::new(d(2026, 6, 10), d(2026, 6, 19)).unwrap();
        assert_eq!(
            p.previous(),
            Period::new(d(2026, 5, 31), d(2026, 6, 9)).unwrap()
        );
        // A month to date (1–15 June) is not whole: 17–31 May.
        let mtd = Period::month_to(d(2026, 6, 15));
        assert_eq!(
            mtd.previous(),
            Period::new(d(2026, 5, 17), d(2026, 5, 31)).unwrap()
        );
    }
}
