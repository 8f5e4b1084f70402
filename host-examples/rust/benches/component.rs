//! Component benchmarks, each printed as a ratio against a baseline measured in the same
//! run (the machines are shared and noisy; ratios travel better than seconds).
//!
//! `cargo bench -p rappel-host --bench component` (RAPPEL_BENCH_INVOICES scales the
//! dunning, KPI and bank-import portfolio; default 1 000 000 invoices / 50 000
//! customers; RAPPEL_BENCH_RUNS sets how many times each of those three runs on either
//! side, alternating, default 5: the medians, and the spread beside them, since one
//! run in three can be far off on a shared machine).

use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::Datelike;
use rappel_core::api::NamedFile;
use rappel_core::credit::{self, CreditRules, Exposure};
use rappel_core::generate::statements::{StatementSpan, deliver, file_of};
use rappel_core::ingest::{CsvFile, ImportOptions, read_csv, write_tables};
use rappel_core::model::CustomerStatus;
use rappel_host::bindings::exports::rappel::engine::{
    collections as wc, credit as wk, kpis as wkp,
};
use rappel_host::ledger::Ledger;
use rappel_host::{Host, Limits, default_component_path};
use rust_decimal::Decimal;

fn request() -> wk::CreditRequest {
    wk::CreditRequest {
        customer_id: "C1".into(),
        as_of: "2026-06-30".into(),
        order_amount: "1000".into(),
        credit_limit: Some("10000".into()),
        exposure: wk::Exposure {
            open_invoices: "2500.00".into(),
            unapplied_cash: "0".into(),
            open_orders: "500".into(),
            overdue: "1200.00".into(),
            oldest_days_past_due: Some(12),
        },
        overdue_tolerance_days: 30,
        when_no_limit: wk::NoLimitRule::Approve,
        status: wk::CustomerStatus::Active,
    }
}

/// Median of `runs` timings of `f`, each over `iters` iterations, per iteration.
fn per_iter(runs: usize, iters: u32, mut f: impl FnMut()) -> Duration {
    let mut t: Vec<Duration> = (0..runs)
        .map(|_| {
            let s = Instant::now();
            for _ in 0..iters {
                f();
            }
            s.elapsed() / iters
        })
        .collect();
    t.sort();
    t[runs / 2]
}

/// The median of `t` (sorted in place) and the spread `fastest–slowest`, in ms.
fn median_ms(t: &mut [Duration]) -> (f64, String) {
    t.sort();
    let spread = format!("{:.0}–{:.0}", ms(t[0]), ms(t[t.len() - 1]));
    (ms(t[t.len() / 2]), spread)
}

fn us(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() -> wasmtime::Result<()> {
    let path = default_component_path();
    let cache = std::env::temp_dir().join("rappel-bench-cache");
    let small = Limits {
        memory_bytes: 64 << 20,
        fuel: None,
        timeout: None,
        concurrency: 4,
        keep_resident: 0,
    };

    // 1. check-credit on a warm instance vs the native decision.
    let host = Host::load(&path, Some(&cache), small)?;
    let mut call = host.instantiate()?;
    let req = request();
    let warm = per_iter(11, 2_000, || {
        let r = call
            .engine
            .rappel_engine_credit()
            .call_check_credit(&mut call.store, black_box(&req))
            .expect("no trap");
        black_box(r.expect("ok"));
    });
    let e = Exposure {
        open_invoices: Decimal::new(250000, 2),
        unapplied_cash: Decimal::ZERO,
        open_orders: Decimal::from(500),
        overdue: Decimal::new(120000, 2),
        oldest_days_past_due: Some(12),
    };
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 6, 30).unwrap_or_default();
    let native = per_iter(11, 20_000, || {
        black_box(
            credit::decide(
                "C1",
                Some(Decimal::from(10_000)),
                CustomerStatus::Active,
                black_box(e.clone()),
                Decimal::from(1000),
                as_of,
                &CreditRules::default(),
            )
            .ok(),
        );
    });
    println!(
        "check-credit, warm instance: {:.2} µs per call (target ≤ 20 µs); native decide {:.2} µs; ratio {:.1}x",
        us(warm),
        us(native),
        us(warm) / us(native)
    );

    // With fuel metering on.
    let fueled = Host::load(
        &path,
        Some(&cache),
        Limits {
            fuel: Some(u64::MAX / 2),
            ..small
        },
    )?;
    let mut fcall = fueled.instantiate()?;
    let warm_fuel = per_iter(11, 2_000, || {
        let r = fcall
            .engine
            .rappel_engine_credit()
            .call_check_credit(&mut fcall.store, black_box(&req))
            .expect("no trap");
        black_box(r.expect("ok"));
    });
    println!(
        "check-credit, warm, fuel metered: {:.2} µs per call; fuel overhead {:.2}x",
        us(warm_fuel),
        us(warm_fuel) / us(warm)
    );

    // 2. Instantiate from the precompiled component + first call; loading the component
    //    from the cache; compiling it from scratch.
    let fresh = per_iter(11, 200, || {
        let mut c = host.instantiate().expect("instantiates");
        let r = c
            .engine
            .rappel_engine_credit()
            .call_check_credit(&mut c.store, &req)
            .expect("no trap");
        black_box(r.expect("ok"));
    });
    println!(
        "new store + instantiate (pooling, InstancePre) + first check-credit: {:.1} µs (target ≤ 1 ms); {:.0}x a warm call",
        us(fresh),
        us(fresh) / us(warm)
    );
    let engine = wasmtime::Engine::new(&Host::config(&small))?;
    let bytes = std::fs::read(&path)?;
    rappel_host::cache::load(&engine, &bytes, &cache)?;
    let load = per_iter(5, 3, || {
        black_box(rappel_host::cache::load(&engine, &bytes, &cache).expect("cached"));
    });
    let compile = per_iter(3, 1, || {
        black_box(wasmtime::component::Component::new(&engine, &bytes).expect("compiles"));
    });
    println!(
        "load precompiled from the cache: {:.2} ms; compile from .wasm: {:.0} ms ({:.0}x)",
        us(load) / 1e3,
        us(compile) / 1e3,
        us(compile) / us(load)
    );

    // 3. run-dunning on the large portfolio: CSV bytes → parse → run, component vs native.
    let invoices: u32 = std::env::var("RAPPEL_BENCH_INVOICES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let runs: usize = std::env::var("RAPPEL_BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5)
        .max(1);
    let cfg = rappel_core::generate::Config {
        customers: (invoices / 20).max(10),
        invoices,
        ..Default::default()
    };
    let tables = rappel_core::generate::generate(&cfg);
    let files: Vec<(String, Vec<u8>)> = write_tables(&tables)
        .into_iter()
        .map(|(n, b)| (n.to_string(), b))
        .collect();
    let policy_text = include_str!("../../../examples/policies/wholesale.toml");
    let as_of = cfg.end;
    let native_run = || {
        let csv: Vec<CsvFile<'_>> = files
            .iter()
            .map(|(n, b)| CsvFile { name: n, bytes: b })
            .collect();
        let imported = read_csv(&csv, &ImportOptions::default());
        let pol = rappel_core::collections::policy::parse(
            policy_text,
            rappel_core::collections::policy::PolicyFormat::Toml,
        )
        .expect("policy");
        rappel_core::collections::dunning::run(
            &imported.portfolio,
            &pol,
            &Default::default(),
            as_of,
        )
        .expect("runs")
        .actions
        .len()
    };
    let portfolio = rappel_host::portfolio(&files);
    let dreq = wc::DunningRequest {
        portfolio,
        policy: wc::PolicyDocument {
            format: wc::PolicyFormat::Toml,
            text: policy_text.into(),
        },
        history: wc::History::None,
        as_of: as_of.to_string(),
    };
    let big = Host::load(&path, Some(&cache), Limits::batch())?;
    // The same, as a host making call after call would set it up: each slot's memory
    // kept resident between calls (zeroed by memset, not handed back to the kernel), as
    // the native side's heap stays with its process from one run to the next.
    let kept = Host::load(
        &path,
        Some(&cache),
        Limits {
            keep_resident: 1 << 30,
            ..Limits::batch()
        },
    )?;
    let component_run = |h: &Host| {
        let (r, usage) = h
            .call(|c| {
                c.engine
                    .rappel_engine_collections()
                    .call_run_dunning(&mut c.store, &dreq)
            })
            .expect("no trap");
        (r.expect("ok").actions.len(), usage)
    };
    let (mut tn, mut tc, mut tk) = (Vec::new(), Vec::new(), Vec::new());
    let (mut peak, mut n_native) = (0, 0);
    for _ in 0..runs {
        let s = Instant::now();
        n_native = native_run();
        tn.push(s.elapsed());
        let s = Instant::now();
        let (n_comp, usage) = component_run(&big);
        tc.push(s.elapsed());
        let s = Instant::now();
        let (n_kept, _) = component_run(&kept);
        tk.push(s.elapsed());
        assert_eq!(n_native, n_comp, "same number of actions");
        assert_eq!(n_native, n_kept, "same number of actions");
        peak = usage.peak_memory;
    }
    let ((n, n_spread), (c, c_spread), (k, k_spread)) =
        (median_ms(&mut tn), median_ms(&mut tc), median_ms(&mut tk));
    println!(
        "run-dunning, {invoices} invoices / {} customers, CSV bytes → actions ({n_native} actions), medians of {runs}: native {n:.0} ms ({n_spread}), component {c:.0} ms ({c_spread}), ratio {:.2}x (target ≤ 1.5x); memory kept resident between calls {k:.0} ms ({k_spread}), ratio {:.2}x; component peak memory {} MiB",
        cfg.customers,
        c / n,
        k / n,
        peak >> 20
    );
    let metered = Host::load(
        &path,
        Some(&cache),
        Limits {
            fuel: Some(u64::MAX / 2),
            ..Limits::batch()
        },
    )?;
    let s = Instant::now();
    let (_, usage) = component_run(&metered);
    let tf = s.elapsed();
    println!(
        "run-dunning with fuel metering: {:.0} ms, {:.2}x unmetered; fuel used {:.2e}",
        tf.as_secs_f64() * 1e3,
        ms(tf) / c,
        usage.fuel as f64
    );

    // 4. compute-kpis on the same portfolio: CSV bytes → parse → KPIs of the last month,
    // component vs native (one thread both), the median of `runs` each, alternating.
    let (from, to) = (as_of.with_day(1).unwrap_or(as_of), as_of);
    let kpis = rappel_core::api::ComputeKpis {
        from,
        to,
        trend_months: None,
        first_invoice_days: 30,
        threads: 1,
    };
    let native_kpis = || {
        let csv: Vec<CsvFile<'_>> = files
            .iter()
            .map(|(n, b)| CsvFile { name: n, bytes: b })
            .collect();
        let imported = read_csv(&csv, &ImportOptions::default());
        let a = rappel_core::api::Request::answer(&kpis, Some(&imported.portfolio)).expect("kpis");
        (a.kpis.days, a.kpis.segments.len())
    };
    let kreq = wkp::KpiRequest {
        portfolio: dreq.portfolio.clone(),
        from: from.to_string(),
        to: to.to_string(),
        trend_months: None,
        first_invoice_days: 30,
    };
    let component_kpis = |h: &Host| {
        let (r, usage) = h
            .call(|c| {
                c.engine
                    .rappel_engine_kpis()
                    .call_compute_kpis(&mut c.store, &kreq)
            })
            .expect("no trap");
        let r = r.expect("ok");
        ((r.days, r.segments.len()), usage)
    };
    let (mut tn, mut tc, mut tk) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        let s = Instant::now();
        let n = native_kpis();
        tn.push(s.elapsed());
        let s = Instant::now();
        let (c, usage) = component_kpis(&big);
        tc.push(s.elapsed());
        let s = Instant::now();
        let (k, _) = component_kpis(&kept);
        tk.push(s.elapsed());
        assert_eq!(n, c, "same period and segments");
        assert_eq!(n, k, "same period and segments");
        peak = usage.peak_memory;
    }
    let ((n, n_spread), (c, c_spread), (k, k_spread)) =
        (median_ms(&mut tn), median_ms(&mut tc), median_ms(&mut tk));
    println!(
        "compute-kpis, {invoices} invoices, CSV bytes → KPIs of {from}..{to}, medians of {runs}: native {n:.0} ms ({n_spread}), component {c:.0} ms ({c_spread}), ratio {:.2}x (target ≤ 1.5x); memory kept resident between calls {k:.0} ms ({k_spread}), ratio {:.2}x; component peak memory {} MiB",
        c / n,
        k / n,
        peak >> 20
    );

    // 5. import-bank: the payments of the last 30 days delivered as daily camt.053
    // statements (`generate::statements`), matched against the rest — native (CSV bytes
    // read on one thread, then the import) against the component (the ledger opened from
    // the same bytes, then its typed `import-bank`, the answer read as the core's
    // records, as `rappel import-bank --engine component` does); the answers equal.
    let delivered = deliver(&tables, as_of, 30, cfg.seed, StatementSpan::Day);
    drop(tables);
    let before: Vec<(String, Vec<u8>)> = write_tables(&delivered.before)
        .into_iter()
        .map(|(n, b)| (n.to_string(), b))
        .collect();
    let bank = rappel_core::api::ImportBank {
        files: (delivered.statements.iter())
            .map(|s| NamedFile {
                name: s.file.clone(),
                contents: file_of(s),
            })
            .collect(),
        policy: None,
        decisions: Vec::new(),
    };
    let statement_bytes: usize = bank.files.iter().map(|f| f.contents.len()).sum();
    let native_bank = || {
        let csv: Vec<CsvFile<'_>> = (before.iter())
            .map(|(n, b)| CsvFile { name: n, bytes: b })
            .collect();
        let imported = read_csv(&csv, &ImportOptions::default());
        rappel_core::api::Request::answer(&bank, Some(&imported.portfolio)).expect("import")
    };
    let portfolio = rappel_host::portfolio(&before);
    let component_bank = |h: &Host| {
        let mut ledger = Ledger::open(h, &portfolio)
            .expect("no trap")
            .expect("opens");
        let answer = rappel_host::bank::import_bank(h, &mut ledger, &bank).expect("no trap");
        rappel_host::bank::answer(answer.expect("ok"))
            .expect("readable")
            .0
    };
    let (mut tn, mut tc) = (Vec::new(), Vec::new());
    let mut movements = 0;
    for _ in 0..runs {
        let s = Instant::now();
        let n = native_bank();
        tn.push(s.elapsed());
        let s = Instant::now();
        let c = component_bank(&big);
        tc.push(s.elapsed());
        movements = n.matches.entries.len();
        assert!(n == c, "the same answer on either engine");
    }
    let ((n, n_spread), (c, c_spread)) = (median_ms(&mut tn), median_ms(&mut tc));
    println!(
        "import-bank, {invoices} invoices, {} daily camt.053 statements ({movements} movements, {:.1} MB), medians of {runs}: native {n:.0} ms ({n_spread}), component {c:.0} ms ({c_spread}), ratio {:.2}x (target ≤ 1.5x)",
        bank.files.len(),
        statement_bytes as f64 / 1e6,
        c / n,
    );
    Ok(())
}
