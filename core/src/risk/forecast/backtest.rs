//! The forecast against what happened: made at an earlier date from only what was known
//! then (invoices issued, payments and write-offs dated on or before it; the model
//! calibrated at that date), and compared week by week with the cash actually received
//! on the invoices open at that date.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{Options, forecast_items, median_order_lag, open_items};
use crate::model::{Money, PaymentMethod, Portfolio, round2};
use crate::risk::behaviour::{self, calibrate};

/// One week of a backtest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BacktestWeek {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    /// Forecast (open invoices only).
    pub forecast: Money,
    /// 10th percentile.
    pub low: Money,
    /// 90th percentile.
    pub high: Money,
    /// Cash actually received.
    pub actual: Money,
    /// Whether `actual` fell in `[low, high]`.
    pub within_band: bool,
}

/// A backtest's weeks and errors.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Backtest {
    /// The date the forecast was made at.
    pub at: NaiveDate,
    /// Per week.
    pub weeks: Vec<BacktestWeek>,
    /// Forecast over all weeks.
    pub forecast_total: Money,
    /// Actual over all weeks.
    pub actual_total: Money,
    /// `(forecast − actual) / actual` over all weeks, in percent (two decimals).
    pub total_error_percent: Option<Decimal>,
    /// Weighted absolute percentage error: `Σ |forecast − actual| / Σ actual` over the
    /// weeks, in percent (two decimals).
    pub wape_percent: Option<Decimal>,
    /// Weeks whose actual fell inside the band.
    pub weeks_within_band: usize,
    /// How "actual" is counted.
    pub method: String,
}

/// Backtests the forecast made at `at` over `weeks` weeks (orders left out: an order
/// cannot be followed to its invoice). The data must reach `weeks` weeks past `at`.
pub fn backtest(p: &Portfolio, at: NaiveDate, weeks: u32, model: &behaviour::Options) -> Backtest {
    let b = calibrate(p, at, model);
    let options = Options {
        weeks,
        months: 0,
        orders: false,
    };
    // The invoices open at `at`: what is forecast, and what each customer owed then (the
    // most of its later cash that can be this forecast's; the rest pays invoices issued
    // later).
    let items = open_items(p, at, false, 0);
    let f = forecast_items(p, &b, at, &options, &items, median_order_lag(p, at));
    let last = f.weeks.last().map_or(at, |w| w.to);
    let mut owed = vec![Money::ZERO; p.customers().len()];
    for it in &items {
        owed[it.customer] += it.amount;
    }
    let week_of = |d: NaiveDate| f.weeks.iter().position(|w| w.from <= d && d <= w.to);
    // Cash per customer per week: applied to an invoice issued by `at`, or unapplied.
    let mut applied = vec![vec![Money::ZERO; f.weeks.len()]; p.customers().len()];
    let mut unapplied = vec![vec![Money::ZERO; f.weeks.len()]; p.customers().len()];
    for (k, pay) in p.payments().iter().enumerate() {
        if pay.method == PaymentMethod::Other || pay.payment_date <= at || pay.payment_date > last {
            continue;
        }
        if pay.reversed_on.is_some() {
            continue;
        }
        let Some(w) = week_of(pay.payment_date) else {
            continue;
        };
        let c = p.customer_of_payment(k);
        match pay.invoice_id.as_deref().and_then(|id| p.invoice_index(id)) {
            Some(i) if p.invoices()[i].issue_date <= at => applied[c][w] += pay.amount,
            Some(_) => {}
            None => unapplied[c][w] += pay.amount,
        }
    }
    let mut actual = vec![Money::ZERO; f.weeks.len()];
    for c in 0..p.customers().len() {
        let mut left = owed[c];
        for w in 0..f.weeks.len() {
            for cash in [applied[c][w], unapplied[c][w]] {
                let counted = cash.min(left).max(Money::ZERO);
                actual[w] += counted;
                left -= counted;
            }
        }
    }
    let weeks_out: Vec<BacktestWeek> = f
        .weeks
        .iter()
        .zip(&actual)
        .map(|(w, &a)| BacktestWeek {
            from: w.from,
            to: w.to,
            forecast: w.expected,
            low: w.low,
            high: w.high,
            actual: round2(a),
            within_band: w.low <= a && a <= w.high,
        })
        .collect();
    let forecast_total: Money = weeks_out.iter().map(|w| w.forecast).sum();
    let actual_total: Money = weeks_out.iter().map(|w| w.actual).sum();
    let abs: Money = weeks_out
        .iter()
        .map(|w| (w.forecast - w.actual).abs())
        .sum();
    let pct = |x: Money| {
        (!actual_total.is_zero()).then(|| (x / actual_total * Decimal::ONE_HUNDRED).round_dp(2))
    };
    Backtest {
        at,
        weeks_within_band: weeks_out.iter().filter(|w| w.within_band).count(),
        total_error_percent: pct(forecast_total - actual_total),
        wape_percent: pct(abs),
        forecast_total,
        actual_total,
        weeks: weeks_out,
        method: format!(
            "forecast made at {at} from the invoices open then (orders left out), the model calibrated at that date; actual: payments dated in the week, not reversed, not clearing entries, applied to an invoice issued by {at} or unapplied, counted per customer up to what it owed at {at}"
        ),
    }
}
