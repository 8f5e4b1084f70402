//! The dashboard's upload, natively: the files of a folder read as one bundle
//! (`bundle::Reading`, one thread, as in the page) and the KPIs the overview shows for the
//! month of the latest invoice (that month, the one before and the 12-month trend: 14
//! periods, every segment). Everything is stepped as the page steps it (2 000 rows of a
//! file, 2 000 rows' references, invoices' balances or bank movements, 5 000 rows of the
//! KPIs a step, then a period's report a step). Prints the median of 3 runs in
//! milliseconds — the files read from disk (the page cache, as the browser reads them
//! just before: the page's time counts its reading too), the tables read, the rest of
//! the bundle (the checks; with bank statements, their matching and the checks again
//! with the payments), the KPIs; their sum with and without the files — for
//! `tests/e2e/bench.mjs`, which uploads the same files into the dashboard and prints the
//! ratio (the issue-15 budget: at most 1.5 × native), and the longest single step of
//! each part, with the step it was (what the page cannot cut: with its ~80 ms slices, a
//! page frame waits at most a slice plus one step).
//!
//! The folder's CSV tables, CODA (`.cod`) and XML files are read; `bank-truth.csv` (the
//! generator's answer key for `import-bank`) is not one of the bundle's files.
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
        .filter(|p| {
            p.extension()
                .is_some_and(|x| x == "csv" || x == "cod" || x == "xml")
        })
        .filter(|p| p.file_name().is_some_and(|n| n != "bank-truth.csv"))
        .collect();
    names.sort();
    let read_files = || -> Vec<(String, Vec<u8>)> {
        names
            .iter()
            .map(|p| {
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                (name, std::fs::read(p).unwrap())
            })
            .collect()
    };
    // Once before the runs, so that every run reads them from the page cache, as the
    // browser does in bench.mjs (it uploads the same files just before).
    let count = read_files().len();
    // Each run: [files read from disk, tables read, the rest of the bundle, KPIs] and the
    // longest step of the last three.
    let ms = |s: Instant| s.elapsed().as_secs_f64() * 1e3;
    let mut runs: Vec<([f64; 4], [Longest; 3])> = (0..3)
        .map(|_| {
            let mut longest: [Longest; 3] = Default::default();
            let mut tables_read = None;
            let disk = Instant::now();
            let files = read_files();
            let files_ms = ms(disk);
            let start = Instant::now();
            let mut reading = bundle::Reading::new(&files[..], None, BundleOptions::default());
            // Where the reading was before each step (the step ran that phase).
            let mut was = None;
            loop {
                let (at, s) = (ms(start), Instant::now());
                let step = reading.step(2_000);
                // The first step that is not a table's: the tables are read.
                let part = usize::from(!matches!(step, bundle::Step::Reading { .. }));
                if part == 1 {
                    tables_read.get_or_insert(at);
                }
                longest[part].note(ms(s), || match was {
                    Some(was) => format!("after {was:?}"),
                    None => "the first step".into(),
                });
                was = Some(step);
                if step == bundle::Step::Read {
                    break;
                }
            }
            let s = Instant::now();
            let b = reading.finish().unwrap();
            longest[1].note(ms(s), || "Reading::finish".into());
            let built = ms(start);
            let read = tables_read.unwrap_or(built);
            let p = &b.imported.portfolio;
            let latest = p.invoices().iter().map(|i| i.issue_date).max().unwrap();
            let month = Period::month_to(kpi::last_of_month(latest));
            let mut periods = vec![month, month.previous()];
            periods.extend(kpi::monthly_periods(month.to(), 12));
            let mut computing = kpi::Computing::new(p, &periods, &KpiOptions::default());
            let mut steps = 0;
            loop {
                let s = Instant::now();
                let done = computing.step(5_000);
                longest[2].note(ms(s), || format!("Computing::step {steps}"));
                steps += 1;
                if done {
                    break;
                }
            }
            black_box(computing.finish());
            let all = ms(start);
            drop(b);
            ([files_ms, read, built - read, all - built], longest)
        })
        .collect();
    runs.sort_by(|a, b| a.0.iter().sum::<f64>().total_cmp(&b.0.iter().sum()));
    let ([disk, read, rest, kpis], [l_read, l_rest, l_kpis]) = &runs[runs.len() / 2];
    let work = read + rest + kpis;
    println!(
        "files={count} files_ms={disk:.0} read_ms={read:.0} checks_ms={rest:.0} kpis_ms={kpis:.0} without_files_ms={work:.0} native_ms={:.0} longest_step_ms: read={l_read} checks={l_rest} kpis={l_kpis}",
        disk + work,
    );
}

/// The longest step of a part of the upload, and which step it was.
#[derive(Default)]
struct Longest {
    ms: f64,
    what: String,
}

impl Longest {
    /// Keeps a step of `ms` milliseconds (`what` names it) if it is the longest so far.
    fn note(&mut self, ms: f64, what: impl FnOnce() -> String) {
        if ms > self.ms {
            (self.ms, self.what) = (ms, what());
        }
    }
}

impl std::fmt::Display for Longest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:.1} ({})", self.ms, self.what)
    }
}
