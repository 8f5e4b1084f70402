//! A server-like loop: one engine, one `InstancePre`, a fresh store per request, budgets
//! per call. A hostile request (far too much work for its fuel) traps; the loop answers
//! it with an error (or, for an order check, a fail-closed hold) and goes on serving.
//!
//! Then a tenant whose ledger is kept in the component (WIT 1.0.0, `ledger.portfolio`):
//! its files are read once, and each order is checked on the kept portfolio.
//!
//! `cargo run --release -p rappel-host --example tenant_loop`

use std::time::{Duration, Instant};

use rappel_core::api::Error as EngineError;
use rappel_host::bindings::exports::rappel::engine::{credit as wk, documents as wd};
use rappel_host::ledger::Ledger;
use rappel_host::{Host, Limits, default_component_path, fail_closed, portfolio};

enum Request {
    Check(wk::CreditRequest),
    Generate(wd::GenerateRequest),
}

fn order(tenant: &str, amount: &str) -> wk::CreditRequest {
    wk::CreditRequest {
        customer_id: format!("{tenant}-C1"),
        as_of: "2026-06-30".into(),
        order_amount: amount.into(),
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

fn main() -> wasmtime::Result<()> {
    let limits = Limits {
        memory_bytes: 256 << 20,
        fuel: Some(200_000_000),
        timeout: Some(Duration::from_secs(2)),
        concurrency: 8,
        // Call after call: each slot's first 16 MiB stay resident (zeroed by memset
        // between tenants), so a small tenant's call takes no page faults.
        keep_resident: 16 << 20,
    };
    let cache = std::env::temp_dir().join("rappel-cache");
    let host = Host::load(&default_component_path(), Some(&cache), limits)?;
    let queue = vec![
        ("acme", Request::Check(order("acme", "1000"))),
        ("bolt", Request::Check(order("bolt", "9000"))),
        (
            "mallory",
            Request::Generate(wd::GenerateRequest {
                customers: 200_000,
                invoices: 2_000_000,
                seed: 1,
                end: "2026-06-30".into(),
                months: 24,
            }),
        ),
        ("acme", Request::Check(order("acme", "12,50"))),
        ("cora", Request::Check(order("cora", "250"))),
    ];
    for (tenant, request) in queue {
        let started = Instant::now();
        match request {
            Request::Check(r) => match fail_closed::check_credit(&host, &r) {
                Ok(c) => println!(
                    "{tenant}: {:?} ({}) in {:?}",
                    c.decision,
                    c.reasons
                        .iter()
                        .map(|x| x.message.as_str())
                        .collect::<Vec<_>>()
                        .join("; "),
                    started.elapsed()
                ),
                Err(bad_input) => println!("{tenant}: refused: {bad_input}"),
            },
            Request::Generate(g) => {
                let answer = host.call(|c| {
                    c.engine
                        .rappel_engine_documents()
                        .call_generate(&mut c.store, &g)
                });
                match answer {
                    Ok((Ok(out), usage)) => {
                        println!("{tenant}: {} files, {usage:?}", out.files.len())
                    }
                    Ok((Err(e), _)) => println!("{tenant}: refused: {}", EngineError::from(&e)),
                    Err(trap) => println!(
                        "{tenant}: stopped after {:?}: {}",
                        started.elapsed(),
                        trap.downcast_ref::<wasmtime::Trap>()
                            .map(|t| t.to_string())
                            .unwrap_or_else(|| trap.to_string())
                    ),
                }
            }
        }
    }

    // A tenant's ledger kept in the component: read once, checked many times.
    let (generated, _) = host.call(|c| {
        c.engine
            .rappel_engine_documents()
            .call_generate(&mut c.store, &small_tenant())
    })?;
    let files = generated.map_err(|e| wasmtime::format_err!("{}", EngineError::from(&e)))?;
    let files: Vec<(String, Vec<u8>)> = files
        .files
        .into_iter()
        .map(|f| (f.name, f.contents))
        .collect();
    let mut ledger = match Ledger::open(&host, &portfolio(&files))? {
        Ok(l) => l,
        Err(e) => wasmtime::bail!("dora: {}", EngineError::from(&e)),
    };
    for (customer, amount) in [
        ("C000001", "2000"),
        ("C000002", "90000"),
        ("C000003", "12,50"),
    ] {
        let started = Instant::now();
        match ledger.check_credit(
            &host,
            customer,
            amount,
            "2026-06-30",
            30,
            wk::NoLimitRule::Approve,
        )? {
            Ok(d) => println!(
                "dora {customer}: {:?} in {:?}",
                d.decision,
                started.elapsed()
            ),
            Err(e) => println!("dora {customer}: refused: {}", EngineError::from(&e)),
        }
    }
    ledger.close()
}

/// A small tenant's portfolio, made by the engine itself.
fn small_tenant() -> wd::GenerateRequest {
    wd::GenerateRequest {
        customers: 100,
        invoices: 2_000,
        seed: 4,
        end: "2026-06-30".into(),
        months: 12,
    }
}
