//! The engine, the pre-instantiated component and one store per call.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use wasmtime::Result;
use wasmtime::component::{Component, Instance, InstancePre, Linker};
use wasmtime::error::Context;
use wasmtime::{
    Config, InstanceAllocationStrategy, PoolingAllocationConfig, ResourceLimiter, Store,
    StoreLimits, StoreLimitsBuilder,
};

use crate::bindings::Engine as EngineWorld;

/// Budgets of one call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest linear memory a call may grow to, in bytes (wasm32: at most 4 GiB).
    pub memory_bytes: usize,
    /// Fuel per call (about one unit per wasm instruction); `None`: fuel is not metered
    /// (metering costs about 10 % of speed).
    pub fuel: Option<u64>,
    /// Wall-clock budget per call, enforced by epoch interruption; `None`: unlimited.
    pub timeout: Option<Duration>,
    /// Calls that may run at the same time (pooling allocator slots).
    pub concurrency: u32,
    /// Bytes at the start of each call's memory kept resident when the call ends, and
    /// zeroed with `memset` instead of handed back to the kernel
    /// (`PoolingAllocationConfig::linear_memory_keep_resident`): a host that makes call
    /// after call saves the page faults of filling that memory again (~10 % of a
    /// 1 M-invoice call, BENCHMARKS.md), at the price of up to `concurrency ×
    /// keep_resident` bytes staying resident. 0: every call starts from fresh pages
    /// (right for one call per process, such as the CLI).
    pub keep_resident: usize,
}

impl Default for Limits {
    /// 512 MiB, 10 billion fuel units, 10 seconds, 16 concurrent calls: enough for a
    /// 100 k-invoice portfolio, and a runaway input stops within seconds.
    fn default() -> Self {
        Limits {
            memory_bytes: 512 << 20,
            fuel: Some(10_000_000_000),
            timeout: Some(Duration::from_secs(10)),
            concurrency: 16,
            keep_resident: 0,
        }
    }
}

impl Limits {
    /// No fuel, no deadline, 4 GiB: for trusted batch work such as the CLI.
    pub fn batch() -> Limits {
        Limits {
            memory_bytes: 4 << 30,
            fuel: None,
            timeout: None,
            concurrency: 4,
            keep_resident: 0,
        }
    }
}

/// What a call consumed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Usage {
    /// Fuel used (0 when fuel is not metered).
    pub fuel: u64,
    /// Largest linear memory size reached, in bytes.
    pub peak_memory: usize,
    /// Wall time of the store set-up, instantiation and call.
    pub elapsed: Duration,
}

/// Epoch tick: the granularity of the wall-clock deadline.
const TICK: Duration = Duration::from_millis(5);

/// A call stopped because its memory would have grown past the host's limit
/// ([`Limits::memory_bytes`]): the error under such a trap, so that a host can tell it
/// from other traps (`wasmtime::Error::downcast_ref`) and say plainly that the input is
/// too large for the limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemoryLimit {
    /// The limit, in bytes.
    pub limit: usize,
    /// The memory size the call asked to grow to, in bytes.
    pub wanted: usize,
}

impl std::fmt::Display for MemoryLimit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the call needs more memory than its limit of {} MiB (it asked for {} MiB)",
            self.limit >> 20,
            self.wanted.div_ceil(1 << 20)
        )
    }
}

impl std::error::Error for MemoryLimit {}

/// The per-tenant store state: the memory limiter and the peak it saw.
pub struct Tenant {
    limits: StoreLimits,
    memory_limit: usize,
    peak: usize,
}

impl ResourceLimiter for Tenant {
    fn memory_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> Result<bool> {
        // Refused growth traps (`trap_on_grow_failure`): with the limit named.
        let refused = MemoryLimit {
            limit: self.memory_limit,
            wanted: desired,
        };
        let ok = (self.limits)
            .memory_growing(current, desired, maximum)
            .map_err(|_| refused)?;
        if ok {
            self.peak = self.peak.max(desired);
        }
        Ok(ok)
    }

    fn table_growing(
        &mut self,
        current: usize,
        desired: usize,
        maximum: Option<usize>,
    ) -> Result<bool> {
        self.limits.table_growing(current, desired, maximum)
    }
}

/// A loaded engine: compile once, instantiate per call.
pub struct Host {
    engine: wasmtime::Engine,
    pre: InstancePre<Tenant>,
    limits: Limits,
    ticker: Option<Arc<AtomicBool>>,
}

/// A call in progress: the store and the instance, for use with the generated
/// bindings (`call.engine.rappel_engine_credit().call_check_credit(&mut call.store, …)`).
pub struct Call {
    /// The per-call store.
    pub store: Store<Tenant>,
    /// The instance's exports, typed.
    pub engine: EngineWorld,
    instance: Instance,
    started: Instant,
    fuel_start: u64,
}

impl Call {
    /// The instance, for dynamic calls by name.
    pub fn engine_instance(&self) -> Result<Instance> {
        Ok(self.instance)
    }

    /// What the call used so far.
    pub fn usage(&self) -> Usage {
        let left = self.store.get_fuel().unwrap_or(0);
        Usage {
            fuel: self.fuel_start.saturating_sub(left),
            peak_memory: self.store.data().peak,
            elapsed: self.started.elapsed(),
        }
    }
}

impl Host {
    /// The engine configuration for `limits`: Cranelift, pooling allocator, fuel when
    /// budgeted, epoch interruption when a deadline is set. With `RAPPEL_PERFMAP` set in
    /// the environment, wasmtime writes `/tmp/perf-<pid>.map`, so that `perf report`
    /// names the engine's functions (build the component unstripped to get Rust names:
    /// `CARGO_PROFILE_COMPONENT_STRIP=false cargo xtask component`).
    pub fn config(limits: &Limits) -> Config {
        let mut pool = PoolingAllocationConfig::default();
        pool.total_component_instances(limits.concurrency)
            // One component instance is several core instances: the engine module and the
            // small shims `wit-component` adds (resource destructors among them).
            .total_core_instances(limits.concurrency * 4)
            .total_memories(limits.concurrency)
            .total_tables(limits.concurrency * 4)
            .max_memory_size(limits.memory_bytes)
            .max_core_instance_size(1 << 20)
            .linear_memory_keep_resident(limits.keep_resident);
        let mut config = Config::new();
        config
            .allocation_strategy(InstanceAllocationStrategy::Pooling(pool))
            .consume_fuel(limits.fuel.is_some())
            .epoch_interruption(limits.timeout.is_some());
        if std::env::var_os("RAPPEL_PERFMAP").is_some() {
            config.profiler(wasmtime::ProfilingStrategy::PerfMap);
        }
        config
    }

    /// Loads the component at `path`, through the precompiled cache in `cache_dir` when
    /// one is given.
    pub fn load(path: &Path, cache_dir: Option<&Path>, limits: Limits) -> Result<Host> {
        let engine = wasmtime::Engine::new(&Self::config(&limits))?;
        let bytes = std::fs::read(path).with_context(|| {
            format!(
                "{}: the engine component (build it with `cargo xtask component`)",
                path.display()
            )
        })?;
        let component = match cache_dir {
            Some(dir) => crate::cache::load(&engine, &bytes, dir)?,
            None => Component::new(&engine, &bytes)?,
        };
        Self::from_component(engine, &component, limits)
    }

    /// Prepares `component` for instantiation: a linker with nothing in it, so a
    /// component that imports anything at all is refused here.
    pub fn from_component(
        engine: wasmtime::Engine,
        component: &Component,
        limits: Limits,
    ) -> Result<Host> {
        let linker: Linker<Tenant> = Linker::new(&engine);
        let pre = linker.instantiate_pre(component)?;
        // Check once that the component has the world's exports with the right types.
        crate::bindings::EnginePre::new(pre.clone())?;
        let ticker = limits.timeout.map(|_| {
            let stop = Arc::new(AtomicBool::new(false));
            let flag = stop.clone();
            let weak = engine.weak();
            std::thread::spawn(move || {
                while !flag.load(Ordering::Relaxed) {
                    std::thread::sleep(TICK);
                    match weak.upgrade() {
                        Some(e) => e.increment_epoch(),
                        None => break,
                    }
                }
            });
            stop
        });
        Ok(Host {
            engine,
            pre,
            limits,
            ticker,
        })
    }

    /// The wasmtime engine.
    pub fn engine(&self) -> &wasmtime::Engine {
        &self.engine
    }

    /// The limits every call gets.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// A fresh store with this host's limits, and the instance in it.
    pub fn instantiate(&self) -> Result<Call> {
        let started = Instant::now();
        let tenant = Tenant {
            limits: StoreLimitsBuilder::new()
                .memory_size(self.limits.memory_bytes)
                .trap_on_grow_failure(true)
                .instances(4)
                .build(),
            memory_limit: self.limits.memory_bytes,
            peak: 0,
        };
        let mut store = Store::new(&self.engine, tenant);
        store.limiter(|t| t);
        let fuel_start = match self.limits.fuel {
            Some(f) => {
                store.set_fuel(f)?;
                f
            }
            None => 0,
        };
        if let Some(t) = self.limits.timeout {
            let ticks = (t.as_millis() / TICK.as_millis()).max(1) as u64;
            store.set_epoch_deadline(ticks);
        }
        let instance = self.pre.instantiate(&mut store)?;
        let engine = EngineWorld::new(&mut store, &instance)?;
        Ok(Call {
            store,
            engine,
            instance,
            started,
            fuel_start,
        })
    }

    /// Gives a store kept across calls (a tenant's [`crate::ledger::Ledger`]) this host's
    /// per-call budgets again: the full fuel and a fresh deadline.
    pub fn rearm(&self, call: &mut Call) -> Result<()> {
        call.started = Instant::now();
        if let Some(f) = self.limits.fuel {
            call.store.set_fuel(f)?;
            call.fuel_start = f;
        }
        if let Some(t) = self.limits.timeout {
            let ticks = (t.as_millis() / TICK.as_millis()).max(1) as u64;
            call.store.set_epoch_deadline(ticks);
        }
        Ok(())
    }

    /// Runs `f` in a fresh store: the per-tenant, per-call pattern. A trap (limit hit)
    /// comes back as `Err`; the host is unaffected and the next call starts clean.
    pub fn call<T>(&self, f: impl FnOnce(&mut Call) -> Result<T>) -> Result<(T, Usage)> {
        let mut call = self.instantiate()?;
        let out = f(&mut call)?;
        Ok((out, call.usage()))
    }
}

impl Drop for Host {
    fn drop(&mut self) {
        if let Some(stop) = &self.ticker {
            stop.store(true, Ordering::Relaxed);
        }
    }
}
