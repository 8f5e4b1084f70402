//! The dashboard's upload, natively: the files of a folder read as one bundle
//! (`bundle::read`, one thread, as in the page) and the KPIs the overview shows for the
//! month of the latest invoice (that month, the one before and the 12-month trend: 14
//! periods, every segment). Prints the median of 3 runs in milliseconds, for
//! `tests/e2e/bench.mjs`, which uploads the same files into the dashboard and prints
//! the ratio (the issue-15 budget: at most 1.5 × native).
//!
//! `RAPPEL_UPLOAD_DIR=target/bench-data/1m cargo bench -p rappel-core --bench upload`

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Instant;

use rappel_core::bundle::{self, BundleOptions};
use rappel_core::kpi::{self, KpiOptions, Period};

fn main() {
    let dir = std::env::var("RAPPEL_UPLOAD_DIR").map_or_else(
        |_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/bench-data/1m"),
        PathBuf::from,
    );
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "csv"))
        .collect();
    names.sort();
    let files: Vec<(String, Vec<u8>)> = names
        .iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(p).unwrap())
        })
        .collect();
    // Each run: [tables read, the rest of the bundle (the portfolio's checks), KPIs].
    let mut runs: Vec<[f64; 3]> = (0..3)
        .map(|_| {
            let s = Instant::now();
            let mut reading = bundle::Reading::new(&files[..], None, BundleOptions::default());
            while reading.step(usize::MAX) != bundle::Step::Read {}
            let read = s.elapsed().as_secs_f64() * 1e3;
            let b = reading.finish().unwrap();
            let built = s.elapsed().as_secs_f64() * 1e3;
            let p = &b.imported.portfolio;
            let latest = p.invoices().iter().map(|i| i.issue_date).max().unwrap();
            let month = Period::month_to(kpi::last_of_month(latest));
            let mut periods = vec![month, month.previous()];
            periods.extend(kpi::monthly_periods(month.to(), 12));
            black_box(kpi::compute_series(p, &periods, &KpiOptions::default()));
            let all = s.elapsed().as_secs_f64() * 1e3;
            drop(b);
            [read, built - read, all - built]
        })
        .collect();
    runs.sort_by(|a, b| a.iter().sum::<f64>().total_cmp(&b.iter().sum()));
    let [read, build, kpis] = runs[runs.len() / 2];
    println!(
        "files={} read_ms={read:.0} build_ms={build:.0} kpis_ms={kpis:.0} native_ms={:.0}",
        files.len(),
        read + build + kpis
    );
}
