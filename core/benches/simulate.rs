//! The scenario simulator on the embedded demo portfolio (50 k invoices, 2 000
//! customers) with the wholesale policy: 12 months, 200 runs, for the baseline alone and
//! for the baseline with one variant (what the dashboard's studio runs on a click), the
//! median of 5 timings each; and, as the yardstick measured in the same run, the
//! calibration of the payment behaviour that every simulation starts with.
//! Target: a 200-run simulation under 2 s in the browser (tests/e2e/bench.mjs measures
//! the browser and compares with `two_ms=` below).
//!
//! `cargo bench -p rappel-core --bench simulate`

use std::hint::black_box;
use std::time::Instant;

use chrono::NaiveDate;
use rappel_core::collections::policy::{self, PolicyFormat};
use rappel_core::generate::{Config, generate};
use rappel_core::model::Portfolio;
use rappel_core::risk::behaviour;
use rappel_core::risk::simulate::{Levers, Scenario, Settings, simulate};

const WHOLESALE: &str = include_str!("../../examples/policies/wholesale.toml");

fn median_ms(mut f: impl FnMut()) -> f64 {
    let mut t: Vec<f64> = (0..5)
        .map(|_| {
            let s = Instant::now();
            f();
            s.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    t.sort_by(f64::total_cmp);
    t[2]
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let (p, _) = Portfolio::build(generate(&Config::default()), None);
    let as_of = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
    let base = policy::parse(WHOLESALE, PolicyFormat::Toml).unwrap();
    let variant = Levers {
        payment_terms_days: Some(14),
        reminder_shift_days: -2,
        ..Levers::default()
    }
    .apply(&base);
    let one = [Scenario {
        name: "baseline".into(),
        policy: base.clone(),
    }];
    let two = [
        one[0].clone(),
        Scenario {
            name: "variant".into(),
            policy: variant,
        },
    ];
    let settings = Settings::with_seed(7);
    let calibrate_ms = median_ms(|| {
        black_box(behaviour::calibrate(&p, as_of, &Default::default()));
    });
    let one_ms = median_ms(|| {
        black_box(simulate(&p, as_of, &one, &settings).unwrap());
    });
    let two_ms = median_ms(|| {
        black_box(simulate(&p, as_of, &two, &settings).unwrap());
    });
    println!(
        "simulate 12 months × 200 runs on {} invoices: one scenario {one_ms:.0} ms, baseline + variant {two_ms:.0} ms; calibration alone {calibrate_ms:.1} ms ({:.0}× faster than one scenario)",
        p.invoices().len(),
        one_ms / calibrate_ms
    );
    println!("one_ms={one_ms:.1} two_ms={two_ms:.1} calibrate_ms={calibrate_ms:.1}");
}
