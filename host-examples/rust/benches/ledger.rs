//! Order checks against one tenant's ledger: through the `portfolio` resource (WIT 1.0.0:
//! the files are read once, every check works on the kept portfolio) against the
//! functions (each check sends the files again: `credit.exposures` then `credit.check-credit`),
//! measured in the same run and printed as a ratio. Both must give the same decisions.
//!
//! `cargo bench -p rappel-host --bench ledger` (RAPPEL_BENCH_INVOICES: the tenant's size,
//! default 100 000 invoices / 5 000 customers; RAPPEL_BENCH_ORDERS: checks each way,
//! default 1 000).

use std::time::{Duration, Instant};

use rappel_core::generate::{self, Config};
use rappel_core::ingest::write_tables;
use rappel_host::bindings::exports::rappel::engine::credit as wk;
use rappel_host::ledger::Ledger;
use rappel_host::{Host, Limits, default_component_path, portfolio};

const AS_OF: &str = "2026-06-30";

fn env(name: &str, default: u32) -> u32 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn median(mut t: Vec<Duration>) -> Duration {
    t.sort();
    t[t.len() / 2]
}

fn main() -> wasmtime::Result<()> {
    let invoices = env("RAPPEL_BENCH_INVOICES", 100_000);
    let orders = env("RAPPEL_BENCH_ORDERS", 1_000) as usize;
    let customers = (invoices / 20).max(1);
    let tables = generate::generate(&Config {
        customers,
        invoices,
        ..Config::default()
    });
    let files: Vec<(String, Vec<u8>)> = write_tables(&tables)
        .into_iter()
        .map(|(n, b)| (n.to_string(), b))
        .collect();
    let bytes: usize = files.iter().map(|(_, b)| b.len()).sum();
    let files = portfolio(&files);
    let ids: Vec<String> = tables
        .customers
        .iter()
        .map(|c| c.customer_id.to_string())
        .collect();
    let order = |k: usize| {
        (
            &ids[k * 7919 % ids.len()],
            format!("{}", 500 + (k % 40) * 250),
        )
    };
    let limits = Limits {
        memory_bytes: 2 << 30,
        fuel: None,
        timeout: None,
        concurrency: 4,
        keep_resident: 0,
    };
    let cache = std::env::temp_dir().join("rappel-bench-cache");
    let host = Host::load(&default_component_path(), Some(&cache), limits)?;
    println!(
        "tenant: {invoices} invoices, {customers} customers, {:.1} MB of CSV; {orders} order checks each way",
        bytes as f64 / 1e6
    );

    // A: the resource. Opened once, then every check on the kept portfolio.
    let t = Instant::now();
    let mut ledger = Ledger::open(&host, &files)?.map_err(|e| wasmtime::format_err!("{e:?}"))?;
    let open = t.elapsed();
    let mut a_times = Vec::with_capacity(orders);
    let mut a_decisions = Vec::with_capacity(orders);
    let a_start = Instant::now();
    for k in 0..orders {
        let (id, amount) = order(k);
        let t = Instant::now();
        let d = ledger
            .check_credit(&host, id, &amount, AS_OF, 30, wk::NoLimitRule::Approve)?
            .map_err(|e| wasmtime::format_err!("{e:?}"))?;
        a_times.push(t.elapsed());
        a_decisions.push((d.decision, d.available));
    }
    let a_total = a_start.elapsed() + open;
    ledger.close()?;

    // B: the functions. Each check sends the files: exposures (parses them), then check-credit.
    let mut b_times = Vec::with_capacity(orders);
    let mut b_decisions = Vec::with_capacity(orders);
    let b_start = Instant::now();
    for k in 0..orders {
        let (id, amount) = order(k);
        let t = Instant::now();
        let (d, _) = host.call(|c| {
            let all = c
                .engine
                .rappel_engine_credit()
                .call_exposures(&mut c.store, &files, &AS_OF.to_string())?
                .map_err(|e| wasmtime::format_err!("{e:?}"))?;
            let e = all
                .customers
                .iter()
                .find(|x| &x.customer_id == id)
                .ok_or_else(|| wasmtime::format_err!("{id} missing"))?;
            let req = wk::CreditRequest {
                customer_id: id.clone(),
                as_of: AS_OF.into(),
                order_amount: amount.clone(),
                credit_limit: e.credit_limit.clone(),
                exposure: e.exposure.clone(),
                overdue_tolerance_days: 30,
                when_no_limit: wk::NoLimitRule::Approve,
                status: e.status,
            };
            c.engine
                .rappel_engine_credit()
                .call_check_credit(&mut c.store, &req)?
                .map_err(|e| wasmtime::format_err!("{e:?}"))
        })?;
        b_times.push(t.elapsed());
        b_decisions.push((d.decision, d.available));
    }
    let b_total = b_start.elapsed();
    assert_eq!(
        a_decisions, b_decisions,
        "both ways give the same decisions"
    );

    let (a_med, b_med) = (median(a_times), median(b_times));
    println!(
        "resource (1.0.0): open {:.1} ms once, then per check median {:.1} µs; {orders} checks in {:.2} s with the open",
        open.as_secs_f64() * 1e3,
        a_med.as_secs_f64() * 1e6,
        a_total.as_secs_f64()
    );
    println!(
        "files every call (functions): per check median {:.1} ms; {orders} checks in {:.2} s",
        b_med.as_secs_f64() * 1e3,
        b_total.as_secs_f64()
    );
    println!(
        "ratio functions / resource: per check {:.0}x, all {orders} checks {:.0}x (decisions identical)",
        b_med.as_secs_f64() / a_med.as_secs_f64(),
        b_total.as_secs_f64() / a_total.as_secs_f64()
    );
    Ok(())
}
