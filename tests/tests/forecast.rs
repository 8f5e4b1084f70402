//! Payment behaviour and the cash-flow forecast (issue 6 §2–3): calibration recovers the
//! parameters a portfolio was generated with; the forecast's sums hold; the backtest on
//! the generated portfolio reports its error.

use chrono::{Datelike, NaiveDate};
use rappel_core::generate::{self, Config, Habit};
use rappel_core::model::{Money, Portfolio};
use rappel_core::risk::behaviour::{self, calibrate};
use rappel_core::risk::forecast::{self, backtest, forecast};
use rust_decimal::Decimal;

fn portfolio(cfg: &Config) -> Portfolio {
    let (p, problems) = Portfolio::build(generate::generate(cfg), None);
    assert!(problems.is_empty(), "{problems:?}");
    p
}

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

#[test]
fn calibration_recovers_the_days_late_of_a_late_paying_portfolio() {
    // Every customer "late": paid 5–39 days after due (uniform), ± a jitter of −2..1 per
    // customer; disputes delay a few. So the median is about 22 days, p10 about 8, p90
    // about 37, and (unresolved disputes aside) nothing defaults.
    let cfg = Config {
        customers: 400,
        invoices: 20_000,
        habit: Some(Habit::Late),
        ..Config::default()
    };
    let p = portfolio(&cfg);
    let b = calibrate(&p, cfg.end, &behaviour::Options::default());
    let s = &b.portfolio;
    assert!(s.invoices > 8_000, "{s:?}");
    let p50 = s.days_late_p50.unwrap();
    assert!((20..=23).contains(&p50), "median {p50}");
    assert!((5..=10).contains(&s.days_late_p10.unwrap()), "{s:?}");
    assert!((34..=40).contains(&s.days_late_p90.unwrap()), "{s:?}");
    assert!(s.default_probability.unwrap() < dec("0.03"), "{s:?}");
    // Every segment says the same within sampling noise.
    for seg in &b.segments {
        if seg.summary.invoices >= 500 {
            let m = seg.summary.days_late_p50.unwrap();
            assert!((18..=25).contains(&m), "{seg:?}");
        }
    }
}

#[test]
fn calibration_recovers_the_default_rate_of_a_defaulting_portfolio() {
    // "defaulting": 45 % never pay; the others pay 60–199 days late, of whom those later
    // than 180 days count as defaults too: 0.45 + 0.55 × 19/140 ≈ 0.525.
    let cfg = Config {
        customers: 400,
        invoices: 20_000,
        habit: Some(Habit::Defaulting),
        ..Config::default()
    };
    let p = portfolio(&cfg);
    let b = calibrate(&p, cfg.end, &behaviour::Options::default());
    let d = b.portfolio.default_probability.unwrap();
    assert!(
        (dec("0.49")..=dec("0.56")).contains(&d),
        "default probability {d}"
    );
    let p50 = b.portfolio.days_late_p50.unwrap();
    assert!((105..=135).contains(&p50), "median {p50}");
    // Customers with enough invoices get a model of their own.
    assert!(!b.customers.is_empty());
    assert!(b.customers.iter().all(|c| c.summary.invoices >= 8));
}

#[test]
fn the_forecast_spreads_every_open_euro_once() {
    let cfg = Config {
        customers: 300,
        invoices: 12_000,
        ..Config::default()
    };
    let p = portfolio(&cfg);
    let as_of = cfg.end;
    let b = calibrate(&p, as_of, &behaviour::Options::default());
    let f = forecast(&p, &b, as_of, &forecast::Options::default());
    assert_eq!(f.weeks.len(), 13);
    assert_eq!(f.months.len(), 12);
    assert_eq!(f.weeks[0].from, date("2026-07-01"));
    assert_eq!(f.weeks[12].to, date("2026-09-29"));
    assert_eq!(
        (f.months[0].from, f.months[0].to),
        (date("2026-07-01"), date("2026-07-31"))
    );
    assert_eq!(f.months[11].to, date("2027-06-30"));
    // Months + defaults + later = everything open (to rounding).
    let months: Money = f.months.iter().map(|m| m.expected).sum();
    let all = months + f.expected_defaults + f.later;
    assert!(
        (all - f.open_invoices - f.open_orders).abs() < dec("0.10"),
        "{all} vs {} + {}",
        f.open_invoices,
        f.open_orders
    );
    for w in f.weeks.iter().chain(&f.months) {
        assert!(w.low <= w.expected && w.expected <= w.high, "{w:?}");
        assert_eq!(w.from_invoices + w.from_orders, w.expected);
        let seg: Money = w.by_segment.iter().map(|(_, m)| *m).sum();
        assert!((seg - w.expected).abs() < dec("0.10"));
    }
    // 13 weeks are 91 days: about three months' worth.
    let weeks: Money = f.weeks.iter().map(|w| w.expected).sum();
    let three: Money = f.months[..3].iter().map(|m| m.expected).sum();
    assert!(
        weeks <= three && weeks * dec("1.1") >= three,
        "{weeks} vs {three}"
    );
    assert!(f.open_invoices > Money::ZERO && f.open_orders > Money::ZERO);
}

#[test]
fn the_backtest_on_the_generated_portfolio_reports_its_error() {
    let cfg = Config::default();
    let p = portfolio(&cfg);
    let at = date("2026-03-31");
    let bt = backtest(&p, at, 13, &behaviour::Options::default());
    assert_eq!(bt.weeks.len(), 13);
    assert!(bt.actual_total > Money::ZERO);
    let wape = bt.wape_percent.unwrap();
    let total = bt.total_error_percent.unwrap();
    // The generated world behaves as its history: the forecast is close.
    assert!(total.abs() < dec("10"), "total error {total} %");
    // Month-end payers put their cash in the week holding the month end: WAPE 9.6 % on
    // the demo (17.9 % before the month-end component).
    assert!(wape < dec("12"), "WAPE {wape} %");
    assert!(
        bt.weeks_within_band >= 7,
        "{} weeks in band",
        bt.weeks_within_band
    );
    assert!(bt.method.contains("2026-03-31"));
}

#[test]
fn month_end_payers_pay_in_the_week_of_the_month_end() {
    let cfg = Config {
        customers: 150,
        invoices: 5_000,
        habit: Some(Habit::EndOfMonth),
        ..Config::default()
    };
    let p = portfolio(&cfg);
    let as_of = date("2026-06-30");
    let b = calibrate(&p, as_of, &behaviour::Options::default());
    let f = forecast(&p, &b, as_of, &forecast::Options::default());
    let has_month_end = |w: &forecast::Period| {
        let mut d = w.from;
        while d <= w.to {
            if d.succ_opt().is_none_or(|n| n.day0() == 0) {
                return true;
            }
            d = d.succ_opt().unwrap();
        }
        false
    };
    let (with, without): (Vec<_>, Vec<_>) = f.weeks.iter().partition(|w| has_month_end(w));
    assert_eq!(
        with.len(),
        2,
        "July and August end in the 13 weeks (to 29 September)"
    );
    let sum = |ws: &[&forecast::Period]| ws.iter().map(|w| w.expected).sum::<Money>();
    // Nearly everything lands in the two month-end weeks.
    assert!(
        sum(&with) > sum(&without) * dec("9"),
        "{} vs {}",
        sum(&with),
        sum(&without)
    );
    assert!(f.assumptions.iter().any(|a| a.contains("month ends")));
}

#[test]
fn a_forecast_at_an_earlier_date_sees_only_what_was_known_then() {
    let cfg = Config {
        customers: 200,
        invoices: 6_000,
        ..Config::default()
    };
    let p = portfolio(&cfg);
    let at = date("2025-12-31");
    let b = calibrate(&p, at, &behaviour::Options::default());
    assert!(b.window.1 <= date("2025-07-04"));
    // The same portfolio cut at `at` gives the same forecast.
    let mut t = p.tables().clone();
    t.invoices.retain(|i| i.issue_date <= at);
    let kept: std::collections::HashSet<rappel_core::model::Id> =
        t.invoices.iter().map(|i| i.invoice_id.clone()).collect();
    t.payments
        .retain(|x| x.payment_date <= at && x.invoice_id.as_ref().is_none_or(|i| kept.contains(i)));
    for x in &mut t.payments {
        x.reversed_on = x.reversed_on.filter(|r| *r <= at);
    }
    t.write_offs.retain(|w| w.written_off_on <= at);
    t.disputes.retain(|d| kept.contains(d.invoice_id.as_str()));
    t.orders.retain(|o| o.order_date <= at);
    for o in &mut t.orders {
        o.invoiced_on = o.invoiced_on.filter(|d| *d <= at);
    }
    t.promises.clear();
    t.payment_plans.clear();
    let (cut, problems) = Portfolio::build(t, None);
    assert!(problems.is_empty(), "{problems:?}");
    let o = forecast::Options::default();
    let a = forecast(&p, &b, at, &o);
    let c = forecast(
        &cut,
        &calibrate(&cut, at, &behaviour::Options::default()),
        at,
        &o,
    );
    assert_eq!(a, c);
}
