//! The dashboard's KPI computation, natively: the selected month, the month before and
//! the 12-month trend (14 periods, every segment) on the 100 k-invoice demo portfolio
//! (seed 42, 5 000 customers). Prints the median of 15 runs in milliseconds, for
//! `tests/e2e/bench.mjs`, which measures the same computation in the browser and prints
//! the ratio.
//!
//! `cargo bench -p rappel-core --bench dashboard`

use std::hint::black_box;
use std::time::Instant;

use chrono::NaiveDate;
use rappel_core::generate::{self, Config};
use rappel_core::kpi::{self, KpiOptions, Period};
use rappel_core::model::Portfolio;

fn main() {
    let (p, problems) = Portfolio::build(
        generate::generate(&Config {
            customers: 5_000,
            invoices: 100_000,
            ..Config::default()
        }),
        None,
    );
    assert!(problems.is_empty());
    let d = |s: &str| s.parse::<NaiveDate>().unwrap();
    let mut periods = vec![
        Period::new(d("2026-05-01"), d("2026-05-31")).unwrap(),
        Period::new(d("2026-04-01"), d("2026-04-30")).unwrap(),
    ];
    periods.extend(kpi::monthly_periods(d("2026-05-31"), 12));
    let mut t: Vec<f64> = (0..15)
        .map(|_| {
            let s = Instant::now();
            let r = kpi::compute_series(&p, &periods, &KpiOptions::default());
            black_box(r.iter().map(|x| x.to_json()).collect::<Vec<_>>());
            s.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    t.sort_by(f64::total_cmp);
    println!("native_ms={:.2}", t[t.len() / 2]);
}
