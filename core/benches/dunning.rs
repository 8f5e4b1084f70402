//! Dunning run on the generated 1 M-invoice / 50 k-customer portfolio with the
//! 12-process wholesale policy, against a plain scan of the same data measured in the
//! same run. Target: under 1 s native.
//!
//! `cargo bench -p rappel-core --bench dunning` (set RAPPEL_BENCH_INVOICES for another size).

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use rappel_core::collections::dunning::{self, History};
use rappel_core::collections::policy::{self, PolicyFormat};
use rappel_core::generate::{self, Config};
use rappel_core::model::{Money, Portfolio};

const WHOLESALE: &str = include_str!("../../examples/policies/wholesale.toml");

fn bench(c: &mut Criterion) {
    let invoices: u32 = std::env::var("RAPPEL_BENCH_INVOICES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let customers = (invoices / 20).max(10);
    let (p, problems) = Portfolio::build(
        generate::generate(&Config {
            customers,
            invoices,
            seed: 1,
            ..Config::default()
        }),
        None,
    );
    assert!(problems.is_empty());
    let pol = policy::parse(WHOLESALE, PolicyFormat::Toml).unwrap();
    let d = |s: &str| s.parse::<NaiveDate>().unwrap();
    // Steady state: yesterday's actions are history.
    let yesterday = dunning::run(&p, &pol, &History::default(), d("2026-06-29")).unwrap();
    let history = History::from_actions(&yesterday.actions);
    let today = dunning::run(&p, &pol, &history, d("2026-06-30")).unwrap();
    eprintln!(
        "first run: {} actions, {} held; next day: {} actions, {} held; history {} rows",
        yesterday.summary.actions,
        yesterday.summary.held,
        today.summary.actions,
        today.summary.held,
        history.entries.len()
    );

    let mut g = c.benchmark_group(format!("dunning_{invoices}_invoices"));
    g.sample_size(10);
    g.bench_function("plain_scan", |b| {
        b.iter(|| {
            let s: Money = p.invoices().iter().map(|i| i.amount).sum::<Money>()
                - p.payments().iter().map(|x| x.amount).sum::<Money>();
            black_box(s)
        })
    });
    g.bench_function("first_run_no_history", |b| {
        b.iter(|| black_box(dunning::run(&p, &pol, &History::default(), d("2026-06-29")).unwrap()))
    });
    g.bench_function("daily_run_with_history", |b| {
        b.iter(|| black_box(dunning::run(&p, &pol, &history, d("2026-06-30")).unwrap()))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
