//! Receivables at a date (DOMAIN.md §2): balances, current and overdue parts, aging
//! buckets and unapplied cash.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::Money;

/// Aging buckets of invoice balances by days past due (DOMAIN.md §2).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Aging {
    /// Not yet due (days past due ≤ 0).
    pub current: Money,
    /// 1–30 days past due.
    pub d1_30: Money,
    /// 31–60 days past due.
    pub d31_60: Money,
    /// 61–90 days past due.
    pub d61_90: Money,
    /// More than 90 days past due.
    pub d91_plus: Money,
}

/// The aging bucket of a balance that is `days_past_due` days past its due date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Bucket {
    /// ≤ 0 days.
    Current,
    /// 1–30 days.
    D1To30,
    /// 31–60 days.
    D31To60,
    /// 61–90 days.
    D61To90,
    /// 91 days or more.
    D91Plus,
}

impl Bucket {
    /// All buckets, youngest first.
    pub const ALL: [Bucket; 5] = [
        Bucket::Current,
        Bucket::D1To30,
        Bucket::D31To60,
        Bucket::D61To90,
        Bucket::D91Plus,
    ];

    /// The bucket for a number of days past due.
    pub fn of(days_past_due: i64) -> Bucket {
        match days_past_due {
            i64::MIN..=0 => Bucket::Current,
            1..=30 => Bucket::D1To30,
            31..=60 => Bucket::D31To60,
            61..=90 => Bucket::D61To90,
            _ => Bucket::D91Plus,
        }
    }

    /// The label used in reports (`current`, `1-30`, `31-60`, `61-90`, `91+`).
    pub fn label(self) -> &'static str {
        match self {
            Bucket::Current => "current",
            Bucket::D1To30 => "1-30",
            Bucket::D31To60 => "31-60",
            Bucket::D61To90 => "61-90",
            Bucket::D91Plus => "91+",
        }
    }
}

impl Aging {
    /// Adds `amount` to `bucket`.
    pub fn add(&mut self, bucket: Bucket, amount: Money) {
        *self.get_mut(bucket) += amount;
    }

    /// The amount in `bucket`.
    pub fn get(&self, bucket: Bucket) -> Money {
        match bucket {
            Bucket::Current => self.current,
            Bucket::D1To30 => self.d1_30,
            Bucket::D31To60 => self.d31_60,
            Bucket::D61To90 => self.d61_90,
            Bucket::D91Plus => self.d91_plus,
        }
    }

    fn get_mut(&mut self, bucket: Bucket) -> &mut Money {
        match bucket {
            Bucket::Current => &mut self.current,
            Bucket::D1To30 => &mut self.d1_30,
            Bucket::D31To60 => &mut self.d31_60,
            Bucket::D61To90 => &mut self.d61_90,
            Bucket::D91Plus => &mut self.d91_plus,
        }
    }

    /// Sum of all buckets (= Σ open balances).
    pub fn total(&self) -> Money {
        Bucket::ALL.iter().map(|b| self.get(*b)).sum()
    }

    /// Balances past due (every bucket but `current`).
    pub fn overdue(&self) -> Money {
        self.total() - self.current
    }

    /// Balances more than 60 days past due.
    pub fn over_60(&self) -> Money {
        self.d61_90 + self.d91_plus
    }
}

/// Receivables at one date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    /// The date.
    pub date: NaiveDate,
    /// Invoice balances by aging bucket.
    pub aging: Aging,
    /// Unapplied cash (payments not applied to an invoice, not reversed).
    pub unapplied_cash: Money,
}

impl Snapshot {
    /// AR(D) = Σ invoice balances (credit notes included). Unapplied cash is not
    /// subtracted, so that current and overdue AR and the aging buckets add up to it and
    /// every share stays within its bounds (DOMAIN.md §2).
    pub fn receivables(&self) -> Money {
        self.aging.total()
    }

    /// Net AR(D) = AR(D) − unapplied cash at D: what the customers owe if every
    /// unapplied payment were applied (feeds `dso_net` only; DOMAIN.md §2).
    pub fn net_receivables(&self) -> Money {
        self.aging.total() - self.unapplied_cash
    }

    /// Σ balances not past due.
    pub fn current(&self) -> Money {
        self.aging.current
    }

    /// Σ balances past due.
    pub fn overdue(&self) -> Money {
        self.aging.overdue()
    }
}
