//! KPI engine on the generated 1 M-invoice / 50 k-customer portfolio, against a plain
//! scan of the same data measured in the same run (the ratio is what to compare).
//!
//! `cargo bench -p rappel-core --bench kpi` (set RAPPEL_BENCH_INVOICES for another size).

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use rappel_core::generate::{self, Config};
use rappel_core::ingest::{CsvFile, ImportOptions, read_csv, write_tables};
use rappel_core::kpi::{self, KpiOptions, Period};
use rappel_core::model::{Money, Portfolio};

fn bench(c: &mut Criterion) {
    let invoices: u32 = std::env::var("RAPPEL_BENCH_INVOICES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let customers = (invoices / 20).max(10);
    let tables = generate::generate(&Config {
        customers,
        invoices,
        seed: 1,
        ..Config::default()
    });
    let files = write_tables(&tables);
    let (p, problems) = Portfolio::build(tables, None);
    assert!(problems.is_empty());
    let d = |s: &str| s.parse::<NaiveDate>().unwrap();
    let june = Period::new(d("2026-06-01"), d("2026-06-30")).unwrap();

    let mut g = c.benchmark_group(format!("{invoices}_invoices"));
    g.sample_size(10);
    // Baseline: touch every invoice and payment once, summing amounts.
    g.bench_function("plain_scan", |b| {
        b.iter(|| {
            let s: Money = p.invoices().iter().map(|i| i.amount).sum::<Money>()
                - p.payments().iter().map(|x| x.amount).sum::<Money>();
            black_box(s)
        })
    });
    g.bench_function("kpis_one_period_all_segments", |b| {
        b.iter(|| black_box(kpi::compute(&p, june)))
    });
    let months = kpi::monthly_periods(d("2026-06-30"), 12);
    g.bench_function("kpis_12_month_series", |b| {
        b.iter(|| black_box(kpi::compute_series(&p, &months, &KpiOptions::default())))
    });
    g.bench_function("csv_ingest", |b| {
        b.iter(|| {
            let f: Vec<CsvFile<'_>> = files
                .iter()
                .map(|(n, bytes)| CsvFile { name: n, bytes })
                .collect();
            black_box(read_csv(&f, &ImportOptions::default()))
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
