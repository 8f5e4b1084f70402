//! The soak and fault test of a multi-tenant host ([`rappel_host::soak`]), as a command:
//!
//! `cargo run --release -p rappel-host --example soak -- [--tenants 200] [--threads 4]
//!  [--seconds 600] [--max-calls 2000000] [--fault-every 50]`
//!
//! Budgets per call: 128 MiB of memory, 2 billion units of fuel, a 5-second deadline.
//! Exits with status 1 when any call did not end as it must.

use std::time::Duration;

use rappel_host::soak::{Settings, run};
use rappel_host::{Host, Limits, default_component_path};

fn main() -> wasmtime::Result<()> {
    let mut settings = Settings {
        tenants: 200,
        threads: 4,
        duration: Duration::from_secs(600),
        max_calls: 2_000_000,
        fault_every: 50,
        policy_toml: std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../examples/policies/wholesale.toml"),
        )?,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args
            .next()
            .ok_or_else(|| wasmtime::format_err!("{flag} needs a value"))?;
        let n: u64 = value
            .parse()
            .map_err(|_| wasmtime::format_err!("{flag}: {value:?} is not a whole number"))?;
        match flag.as_str() {
            "--tenants" => settings.tenants = n as usize,
            "--threads" => settings.threads = n as usize,
            "--seconds" => settings.duration = Duration::from_secs(n),
            "--max-calls" => settings.max_calls = n,
            "--fault-every" => settings.fault_every = n,
            other => wasmtime::bail!("unknown flag {other}"),
        }
    }
    let limits = Limits {
        memory_bytes: 128 << 20,
        fuel: Some(2_000_000_000),
        timeout: Some(Duration::from_secs(5)),
        concurrency: settings.threads as u32,
        keep_resident: 16 << 20,
    };
    let cache = std::env::temp_dir().join("rappel-cache");
    let host = Host::load(&default_component_path(), Some(&cache), limits)?;
    let report = run(&host, &settings)?;
    let mib = |k: &u64| format!("{:.0}", *k as f64 / 1024.0);
    println!(
        "{} tenants, {} threads: {} calls ({} faults) in {:.1} s",
        settings.tenants,
        settings.threads,
        report.calls,
        report.faults,
        report.elapsed.as_secs_f64()
    );
    println!(
        "resident memory, MiB, after warm-up then every tenth of the run: {}",
        report.rss_kib.iter().map(mib).collect::<Vec<_>>().join(" ")
    );
    println!(
        "distinct first answers among tenants: {}",
        report
            .distinct_answers
            .iter()
            .map(|(k, n)| format!("{k:?} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!(
        "{:<14} {:>8} {:>10} {:>10} {:>10}",
        "call", "calls", "p50 ms", "p99 ms", "max ms"
    );
    for l in &report.latency {
        let ms = |d: Duration| format!("{:.1}", d.as_secs_f64() * 1e3);
        println!(
            "{:<14} {:>8} {:>10} {:>10} {:>10}",
            format!("{:?}", l.kind),
            l.calls,
            ms(l.p50),
            ms(l.p99),
            ms(l.max)
        );
    }
    println!(
        "calls that did not end as they must: {}",
        report.failure_count
    );
    for f in &report.failures {
        println!("  {f}");
    }
    if report.failure_count > 0 {
        std::process::exit(1);
    }
    Ok(())
}
