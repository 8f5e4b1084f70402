//! A soak and fault test of a multi-tenant host: what a platform should run before it
//! puts the engine in front of its customers.
//!
//! Many tenants, each with its own portfolio, call the engine from several threads for a
//! bounded time and a bounded number of calls, each call in a fresh store with the
//! host's budgets ([`Host::call`]'s pattern). Every `fault_every`-th call is a fault, in
//! turn: a runaway guest (fuel exhausted, deadline passed, memory limit reached), an
//! order check whose engine traps, or a hostile input (XML nested 100 000 deep, an
//! amount written `12,50`, a binary file as invoices). The run checks that
//! - every ordinary call answers exactly what the tenant's own first call answered
//!   (KPIs, dunning run, order check: compared whole, by a fingerprint of the record),
//!   and the first answers differ between tenants and name the tenant's own invoice
//!   count: no tenant sees another's data;
//! - each fault ends the way it must: a trap of the right kind for a runaway guest, a
//!   hold with reason `engine-unavailable` for an order check that trapped (fail
//!   closed, [`crate::fail_closed::decide`]), an answer or a refusal — never a trap —
//!   for hostile input; and no ordinary call is ever held or trapped;
//! - memory stays flat: resident memory is sampled through the run (Linux `/proc`).
//!
//! Latency per kind of call (p50, p99, max) is reported. Nothing leaves the process.

use std::collections::{HashMap, HashSet};
use std::fmt::Debug;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use rappel_core::generate::{Config, generate};
use rappel_core::ingest::write_tables;
use wasmtime::{Result, Trap, bail};

use crate::bindings::exports::rappel::engine::{
    collections as wc, credit as wk, documents as wd, kpis as wkp, risk as wr, types as wt,
};
use crate::{Call, Host, fail_closed};

/// How long and how hard to soak.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Tenants, each with its own generated portfolio (seed = 1 000 + tenant number).
    pub tenants: usize,
    /// Threads calling at once (the host's `Limits::concurrency` must allow as many).
    pub threads: usize,
    /// Stop after this long…
    pub duration: Duration,
    /// …or after this many calls, whichever comes first.
    pub max_calls: u64,
    /// Every this many calls, one is a fault.
    pub fault_every: u64,
    /// The dunning policy every tenant runs (TOML).
    pub policy_toml: String,
}

/// A kind of call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// `compute-kpis` on the tenant's portfolio.
    Kpis,
    /// `run-dunning` on the tenant's portfolio, no history.
    Dunning,
    /// `check-credit`, an order of the tenant's.
    Check,
    /// Fault: `compute-kpis` with 10 000 units of fuel.
    OutOfFuel,
    /// Fault: a 10 000-run, 36-month simulation with a 20 ms deadline.
    PastDeadline,
    /// Fault: generating 2 M invoices under the host's memory limit.
    OverMemory,
    /// Fault: an order check whose call runs out of fuel: must be held.
    CheckTrapped,
    /// Hostile: `merge-ubl` of XML nested 100 000 elements deep.
    DeepXml,
    /// Hostile: an order amount written `12,50`.
    BadAmount,
    /// Hostile: random bytes as `invoices.csv`.
    GarbageFile,
}

const ORDINARY: [Kind; 3] = [Kind::Kpis, Kind::Dunning, Kind::Check];
const FAULTS: [Kind; 7] = [
    Kind::OutOfFuel,
    Kind::PastDeadline,
    Kind::OverMemory,
    Kind::CheckTrapped,
    Kind::DeepXml,
    Kind::BadAmount,
    Kind::GarbageFile,
];

impl Kind {
    /// The kind of the `i`-th call (from 0): every `fault_every`-th a fault, in turn.
    pub fn of_call(i: u64, fault_every: u64) -> Kind {
        let every = fault_every.max(2);
        if (i + 1).is_multiple_of(every) {
            FAULTS[((i / every) % FAULTS.len() as u64) as usize]
        } else {
            ORDINARY[(i % ORDINARY.len() as u64) as usize]
        }
    }

    /// Whether calls of this kind are faults.
    pub fn is_fault(self) -> bool {
        !ORDINARY.contains(&self)
    }
}

/// Latency of one kind of call.
#[derive(Debug, Clone)]
pub struct Latency {
    /// The kind.
    pub kind: Kind,
    /// Calls made.
    pub calls: u64,
    /// Median.
    pub p50: Duration,
    /// 99th percentile.
    pub p99: Duration,
    /// Slowest.
    pub max: Duration,
}

/// What a soak found.
#[derive(Debug, Clone)]
pub struct Report {
    /// Calls made after the warm-up.
    pub calls: u64,
    /// Of which faults.
    pub faults: u64,
    /// Wall time of the run (after the warm-up).
    pub elapsed: Duration,
    /// Resident memory after the warm-up and every tenth of the run, KiB (empty where
    /// `/proc/self/status` does not exist).
    pub rss_kib: Vec<u64>,
    /// Latency per kind.
    pub latency: Vec<Latency>,
    /// Distinct first answers among the tenants, per ordinary kind.
    pub distinct_answers: Vec<(Kind, usize)>,
    /// Calls that did not end as they must, the first 20 described.
    pub failures: Vec<String>,
    /// How many calls did not end as they must.
    pub failure_count: u64,
}

/// One tenant's inputs.
struct Tenant {
    portfolio: wt::Portfolio,
    invoices: u64,
    order: wk::CreditRequest,
}

/// How a call ended.
enum Outcome {
    /// An answer, by its fingerprint.
    Answer(u64),
    /// An answer whose problems read so.
    Problems(String),
    /// The engine refused the input, in words.
    Refused(String),
    /// An order check held because the engine was unavailable.
    Held,
    /// A trap (or a limit's error) and its kind.
    Trapped(Option<Trap>, String),
}

/// The shared inputs of every call.
struct Bench<'a> {
    host: &'a Host,
    tenants: Vec<Tenant>,
    policy: wc::PolicyDocument,
    deep_xml: Vec<u8>,
}

/// Runs the soak on `host` (its limits: the per-call budgets) with `settings`.
pub fn run(host: &Host, settings: &Settings) -> Result<Report> {
    let bench = Bench::new(host, settings)?;
    let expected = bench.warm_up()?;
    let distinct_answers = ORDINARY
        .iter()
        .map(|&k| {
            let set: HashSet<u64> = expected.iter().map(|e| e[&k]).collect();
            (k, set.len())
        })
        .collect();
    let next = AtomicU64::new(0);
    let failures = Mutex::new((Vec::new(), 0u64));
    let mut rss_kib: Vec<u64> = resident_kib().into_iter().collect();
    let started = Instant::now();
    let timings: Vec<Vec<(Kind, Duration)>> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..settings.threads.max(1))
            .map(|_| {
                s.spawn(|| {
                    let mut times = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= settings.max_calls || started.elapsed() >= settings.duration {
                            break;
                        }
                        let kind = Kind::of_call(i, settings.fault_every);
                        let t = (mix(i) % bench.tenants.len() as u64) as usize;
                        let begun = Instant::now();
                        let outcome = bench.serve(t, kind);
                        times.push((kind, begun.elapsed()));
                        if let Err(why) = judge(kind, outcome, &expected[t]) {
                            let mut f = failures.lock().unwrap_or_else(|p| p.into_inner());
                            f.1 += 1;
                            if f.0.len() < 20 {
                                f.0.push(format!("call {i} ({kind:?}, tenant {t}): {why}"));
                            }
                        }
                    }
                    times
                })
            })
            .collect();
        let tenth = settings.duration / 10;
        let mut mark = started + tenth;
        while !workers.iter().all(|w| w.is_finished()) {
            std::thread::sleep(Duration::from_millis(50));
            if Instant::now() >= mark {
                rss_kib.extend(resident_kib());
                mark += tenth;
            }
        }
        workers
            .into_iter()
            .map(|w| w.join().unwrap_or_default())
            .collect()
    });
    let elapsed = started.elapsed();
    rss_kib.extend(resident_kib());
    let all: Vec<(Kind, Duration)> = timings.into_iter().flatten().collect();
    let (failures, failure_count) = failures.into_inner().unwrap_or_else(|p| p.into_inner());
    Ok(Report {
        calls: all.len() as u64,
        faults: all.iter().filter(|(k, _)| k.is_fault()).count() as u64,
        elapsed,
        rss_kib,
        latency: latencies(all),
        distinct_answers,
        failures,
        failure_count,
    })
}

impl<'a> Bench<'a> {
    fn new(host: &'a Host, settings: &Settings) -> Result<Bench<'a>> {
        if settings.tenants == 0 {
            bail!("a soak needs at least one tenant");
        }
        let tenants = (0..settings.tenants).map(tenant).collect();
        Ok(Bench {
            host,
            tenants,
            policy: wc::PolicyDocument {
                format: wc::PolicyFormat::Toml,
                text: settings.policy_toml.clone(),
            },
            deep_xml: format!("{}{}", "<a>".repeat(100_000), "</a>".repeat(100_000)).into_bytes(),
        })
    }

    /// Every tenant's answer to each ordinary kind, checked to be about its own data.
    fn warm_up(&self) -> Result<Vec<HashMap<Kind, u64>>> {
        let mut expected = Vec::with_capacity(self.tenants.len());
        for (t, tenant) in self.tenants.iter().enumerate() {
            let (report, _) = self.host.call(|c| self.kpis(c, tenant))?;
            let report = report.map_err(|e| wasmtime::format_err!("tenant {t}: {e:?}"))?;
            let read: u64 = report
                .import_report
                .files
                .iter()
                .filter(|f| f.table == "invoices")
                .map(|f| f.accepted)
                .sum();
            if read != tenant.invoices {
                bail!(
                    "tenant {t}: the KPIs counted {read} invoices, its file has {}",
                    tenant.invoices
                );
            }
            // The KPI report just checked is the tenant's first KPI answer.
            let mut answers = HashMap::from([(Kind::Kpis, fingerprint(&report))]);
            for kind in [Kind::Dunning, Kind::Check] {
                match self.serve(t, kind) {
                    Outcome::Answer(print) => answers.insert(kind, print),
                    _ => bail!("tenant {t}: the first {kind:?} call did not answer"),
                };
            }
            expected.push(answers);
        }
        Ok(expected)
    }

    /// Makes call `kind` for tenant `t` and says how it ended.
    fn serve(&self, t: usize, kind: Kind) -> Outcome {
        let tenant = &self.tenants[t];
        let mut call = match self.host.instantiate() {
            Ok(c) => c,
            Err(e) => return Outcome::Trapped(None, format!("instantiation: {e:#}")),
        };
        let c = &mut call;
        match kind {
            Kind::Kpis => answer(self.kpis(c, tenant)),
            Kind::Dunning => answer(self.dunning(c, tenant)),
            Kind::Check => checked(&tenant.order, self.check(c, &tenant.order)),
            Kind::OutOfFuel => {
                let _ = c.store.set_fuel(10_000);
                answer(self.kpis(c, tenant))
            }
            Kind::PastDeadline => {
                unmetered(c, 4);
                answer(self.simulate(c, tenant))
            }
            Kind::OverMemory => {
                unmetered(c, 12_000);
                answer(self.generate_huge(c))
            }
            Kind::CheckTrapped => {
                let _ = c.store.set_fuel(1_000);
                checked(&tenant.order, self.check(c, &tenant.order))
            }
            Kind::DeepXml => match self.merge_deep(c) {
                Ok(Ok(m)) => Outcome::Problems(format!("{:?}", m.problems)),
                other => answer(other),
            },
            Kind::BadAmount => {
                let mut order = tenant.order.clone();
                order.order_amount = "12,50".into();
                checked(&order, self.check(c, &order))
            }
            Kind::GarbageFile => {
                let mut garbage = tenant.portfolio.clone();
                let bytes = (0..4096u64)
                    .map(|i| (mix(i + t as u64) >> 7) as u8)
                    .collect();
                garbage.files[1].contents = bytes;
                let tenant = Tenant {
                    portfolio: garbage,
                    invoices: 0,
                    order: tenant.order.clone(),
                };
                answer(self.kpis(c, &tenant))
            }
        }
    }

    fn kpis(&self, c: &mut Call, t: &Tenant) -> Result<Result<wkp::KpiReport, wt::Error>> {
        let request = wkp::KpiRequest {
            portfolio: t.portfolio.clone(),
            from: "2026-01-01".into(),
            to: "2026-06-30".into(),
            trend_months: Some(12),
            first_invoice_days: 30,
        };
        c.engine
            .rappel_engine_kpis()
            .call_compute_kpis(&mut c.store, &request)
    }

    fn dunning(&self, c: &mut Call, t: &Tenant) -> Result<Result<wc::DunningReport, wt::Error>> {
        let request = wc::DunningRequest {
            portfolio: t.portfolio.clone(),
            policy: self.policy.clone(),
            history: wc::History::None,
            as_of: "2026-06-30".into(),
        };
        c.engine
            .rappel_engine_collections()
            .call_run_dunning(&mut c.store, &request)
    }

    fn check(
        &self,
        c: &mut Call,
        order: &wk::CreditRequest,
    ) -> Result<Result<wk::CreditDecision, wt::Error>> {
        c.engine
            .rappel_engine_credit()
            .call_check_credit(&mut c.store, order)
    }

    fn simulate(
        &self,
        c: &mut Call,
        t: &Tenant,
    ) -> Result<Result<wr::SimulationReport, wt::Error>> {
        let scenarios = [wr::Scenario {
            name: "baseline".into(),
            policy: self.policy.clone(),
            levers: None,
        }];
        let settings = wr::SimulationSettings {
            runs: 10_000,
            seed: 7,
            months: 36,
            response_percent: Vec::new(),
            action_cost: Vec::new(),
            partner_commission_percent: None,
        };
        c.engine.rappel_engine_risk().call_simulate(
            &mut c.store,
            &t.portfolio,
            &"2026-06-30".to_string(),
            &scenarios,
            &settings,
        )
    }

    fn generate_huge(&self, c: &mut Call) -> Result<Result<wd::Generated, wt::Error>> {
        let request = wd::GenerateRequest {
            customers: 200_000,
            invoices: 2_000_000,
            seed: 1,
            end: "2026-06-30".into(),
            months: 24,
        };
        c.engine
            .rappel_engine_documents()
            .call_generate(&mut c.store, &request)
    }

    fn merge_deep(&self, c: &mut Call) -> Result<Result<wd::UblMerge, wt::Error>> {
        let request = wd::UblRequest {
            customers: None,
            invoices: None,
            documents: vec![wt::XmlFile {
                name: "deep.xml".into(),
                contents: self.deep_xml.clone(),
            }],
        };
        c.engine
            .rappel_engine_documents()
            .call_merge_ubl(&mut c.store, &request)
    }
}

/// Tenant `t`: a small portfolio of its own (5–24 customers, 40–239 invoices) and an
/// order of its own.
fn tenant(t: usize) -> Tenant {
    let cfg = Config {
        customers: 5 + (t % 20) as u32,
        invoices: 40 + (t * 13 % 200) as u32,
        seed: 1_000 + t as u64,
        end: NaiveDate::from_ymd_opt(2026, 6, 30).unwrap_or_default(),
        months: 12,
        ..Config::default()
    };
    let tables = generate(&cfg);
    let files: Vec<(String, Vec<u8>)> = write_tables(&tables)
        .into_iter()
        .map(|(name, bytes)| (name.to_string(), bytes))
        .collect();
    Tenant {
        portfolio: crate::portfolio(&files),
        invoices: tables.invoices.len() as u64,
        order: wk::CreditRequest {
            customer_id: format!("T{t:03}-C1"),
            as_of: "2026-06-30".into(),
            order_amount: format!("{}.{:02}", 100 + t * 37 % 9_000, t % 100),
            credit_limit: Some("10000".into()),
            exposure: wk::Exposure {
                open_invoices: format!("{}", t * 11 % 4_000),
                unapplied_cash: "0".into(),
                open_orders: "500".into(),
                overdue: format!("{}", t * 7 % 1_500),
                oldest_days_past_due: Some((t % 60) as i64),
            },
            overdue_tolerance_days: 30,
            when_no_limit: wk::NoLimitRule::Approve,
            status: wk::CustomerStatus::Active,
        },
    }
}

/// Lifts fuel metering out of the way (when the host meters) and sets the deadline to
/// `ticks` epoch ticks of 5 ms from now: the call's end is the deadline's or memory's.
fn unmetered(c: &mut Call, ticks: u64) {
    let _ = c.store.set_fuel(u64::MAX / 4);
    c.store.set_epoch_deadline(ticks);
}

/// How an ordinary engine call ended.
fn answer<T: Debug>(r: Result<Result<T, wt::Error>>) -> Outcome {
    match r {
        Ok(Ok(v)) => Outcome::Answer(fingerprint(&v)),
        Ok(Err(e)) => Outcome::Refused(rappel_core::api::Error::from(&e).to_string()),
        Err(e) => Outcome::Trapped(e.downcast_ref::<Trap>().copied(), format!("{e:#}")),
    }
}

/// How an order check ended, through the fail-closed rule.
fn checked(order: &wk::CreditRequest, r: Result<Result<wk::CreditDecision, wt::Error>>) -> Outcome {
    match fail_closed::decide(order, r) {
        Ok(d)
            if d.reasons
                .iter()
                .any(|r| r.code == wk::ReasonCode::EngineUnavailable) =>
        {
            Outcome::Held
        }
        Ok(d) => Outcome::Answer(fingerprint(&d)),
        Err(refused) => Outcome::Refused(refused),
    }
}

/// Whether a call of `kind` ended as it must; `expected`: the tenant's first answers.
fn judge(kind: Kind, outcome: Outcome, expected: &HashMap<Kind, u64>) -> Result<(), String> {
    match (kind, outcome) {
        (Kind::Kpis | Kind::Dunning | Kind::Check, Outcome::Answer(p)) => {
            if expected.get(&kind) == Some(&p) {
                Ok(())
            } else {
                Err("the answer differs from the tenant's own first answer".into())
            }
        }
        (Kind::OutOfFuel | Kind::CheckTrapped, Outcome::Trapped(Some(Trap::OutOfFuel), _)) => {
            Ok(())
        }
        (Kind::CheckTrapped, Outcome::Held) => Ok(()),
        (Kind::PastDeadline, Outcome::Trapped(Some(Trap::Interrupt), _)) => Ok(()),
        (Kind::OverMemory, Outcome::Trapped(_, m)) if m.contains("memory") => Ok(()),
        (Kind::DeepXml, Outcome::Problems(p)) if p.contains("nested more than 256") => Ok(()),
        (Kind::BadAmount, Outcome::Refused(_)) => Ok(()),
        (Kind::GarbageFile, Outcome::Refused(_) | Outcome::Answer(_)) => Ok(()),
        (_, Outcome::Held) => Err("held as engine-unavailable".into()),
        (_, Outcome::Trapped(t, m)) => Err(format!("trapped ({t:?}): {m}")),
        (_, Outcome::Refused(m)) => Err(format!("refused: {m}")),
        (_, Outcome::Answer(_) | Outcome::Problems(_)) => Err("answered".into()),
    }
}

/// A record's fingerprint: its whole `Debug` text hashed.
fn fingerprint<T: Debug>(v: &T) -> u64 {
    let mut h = DefaultHasher::new();
    format!("{v:?}").hash(&mut h);
    h.finish()
}

/// p50, p99 and max per kind.
fn latencies(mut all: Vec<(Kind, Duration)>) -> Vec<Latency> {
    all.sort();
    all.chunk_by(|a, b| a.0 == b.0)
        .map(|run| {
            let at = |q: usize| run[(run.len() - 1) * q / 100].1;
            Latency {
                kind: run[0].0,
                calls: run.len() as u64,
                p50: at(50),
                p99: at(99),
                max: run[run.len() - 1].1,
            }
        })
        .collect()
}

/// SplitMix64: spreads call numbers over tenants.
fn mix(i: u64) -> u64 {
    let mut z = i.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// This process's resident memory in KiB (`VmRSS`), where the OS reports it.
pub fn resident_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_fiftieth_call_is_a_fault_and_each_fault_comes_in_turn() {
        // Calls 49, 99, …, 349 (the 50th, 100th, …) are the seven faults, in order.
        let kinds: Vec<Kind> = (0..350).map(|i| Kind::of_call(i, 50)).collect();
        let faults: Vec<Kind> = kinds.iter().copied().filter(|k| k.is_fault()).collect();
        assert_eq!(faults, FAULTS.to_vec());
        assert_eq!(kinds[49], Kind::OutOfFuel);
        assert_eq!(kinds[349], Kind::GarbageFile);
        assert_eq!(kinds[0], Kind::Kpis);
        assert_eq!(kinds[2], Kind::Check);
    }

    #[test]
    fn the_judge_refuses_another_answer_a_hold_or_a_trap_where_none_is_due() {
        let expected = HashMap::from([(Kind::Kpis, 1), (Kind::Dunning, 2), (Kind::Check, 3)]);
        assert!(judge(Kind::Kpis, Outcome::Answer(1), &expected).is_ok());
        assert!(judge(Kind::Kpis, Outcome::Answer(2), &expected).is_err());
        assert!(judge(Kind::Check, Outcome::Held, &expected).is_err());
        assert!(judge(Kind::CheckTrapped, Outcome::Held, &expected).is_ok());
        assert!(judge(Kind::CheckTrapped, Outcome::Answer(3), &expected).is_err());
        let fuel = || Outcome::Trapped(Some(Trap::OutOfFuel), "fuel".into());
        assert!(judge(Kind::OutOfFuel, fuel(), &expected).is_ok());
        assert!(judge(Kind::PastDeadline, fuel(), &expected).is_err());
        assert!(judge(Kind::Dunning, fuel(), &expected).is_err());
        assert!(judge(Kind::BadAmount, Outcome::Answer(9), &expected).is_err());
        assert!(judge(Kind::DeepXml, Outcome::Problems("[]".into()), &expected).is_err());
    }

    #[test]
    fn latency_percentiles_are_read_from_the_sorted_calls() {
        // 1..=100 ms: p50 is the 50th value (index 99*50/100 = 49), p99 the 99th.
        let all = (1..=100u64)
            .rev()
            .map(|ms| (Kind::Check, Duration::from_millis(ms)))
            .collect();
        let l = &latencies(all)[0];
        assert_eq!(
            (l.calls, l.p50, l.p99, l.max),
            (
                100,
                Duration::from_millis(50),
                Duration::from_millis(99),
                Duration::from_millis(100)
            )
        );
    }
}
