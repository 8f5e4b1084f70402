//! A short soak of the multi-tenant host (`rappel_host::soak`; the 10-minute run and its
//! figures are in BENCHMARKS.md): 16 tenants on two threads, every 10th call a fault.
//! Every ordinary call must answer exactly its own tenant's answer, every fault end as
//! it must (the right trap, a fail-closed hold, a refusal), and memory come back.
//! Needs `cargo xtask component` first (the test script runs it).

use std::time::Duration;

use rappel_host::soak::{Kind, Settings, run};
use rappel_host::{Host, Limits, default_component_path};

#[test]
fn sixteen_tenants_with_a_fault_every_tenth_call_get_their_own_answers_and_the_host_keeps_serving()
{
    let path = default_component_path();
    assert!(
        path.exists(),
        "{} is missing: run `cargo xtask component`",
        path.display()
    );
    let limits = Limits {
        memory_bytes: 128 << 20,
        fuel: Some(2_000_000_000),
        timeout: Some(Duration::from_secs(5)),
        concurrency: 2,
        // As a platform making call after call would: the slots' first pages stay
        // resident (zeroed by memset between tenants), and memory must still stay flat.
        keep_resident: 16 << 20,
    };
    let cache = std::env::temp_dir().join("rappel-test-cache");
    let host = Host::load(&path, Some(&cache), limits).expect("component loads");
    let settings = Settings {
        tenants: 16,
        threads: 2,
        duration: Duration::from_secs(60),
        // 350 calls: 35 faults, five of each of the seven kinds.
        max_calls: 350,
        fault_every: 10,
        policy_toml: include_str!("../../examples/policies/wholesale.toml").into(),
    };
    let report = run(&host, &settings).expect("the soak runs");
    assert_eq!(
        report.failure_count,
        0,
        "calls that did not end as they must:\n{}",
        report.failures.join("\n")
    );
    assert_eq!(report.calls, 350);
    assert_eq!(report.faults, 35);
    for l in &report.latency {
        let want = if l.kind.is_fault() { 5 } else { 105 };
        assert_eq!(l.calls, want, "{:?}", l.kind);
    }
    assert_eq!(report.latency.len(), 10, "every kind of call was made");
    // Sixteen tenants, sixteen different answers of each kind: a call answered with
    // another tenant's data would not match its own tenant's first answer.
    for (kind, n) in &report.distinct_answers {
        assert_eq!(*n, 16, "{kind:?}");
    }
    assert!(
        report
            .distinct_answers
            .iter()
            .any(|(k, _)| *k == Kind::Kpis)
    );
    // Memory comes back after faults that filled a 128 MiB guest: the end is within
    // one such guest of the start (a store kept alive would hold its slot and, with two
    // slots, stop the run with instantiation errors instead).
    if let (Some(first), Some(last)) = (report.rss_kib.first(), report.rss_kib.last()) {
        assert!(
            *last <= first + 128 * 1024,
            "resident memory {first} KiB after the warm-up, {last} KiB at the end"
        );
    }
}
