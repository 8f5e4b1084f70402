//! How a platform embeds the Rappel engine component with wasmtime 48.
//!
//! - [`Host`]: one `wasmtime::Engine` with the pooling allocator, a `Linker` that defines
//!   nothing (the component imports nothing) and an `InstancePre` reused for every call.
//!   Each call gets a fresh per-tenant `Store` with a memory limit (`StoreLimits`), an
//!   optional fuel budget and an optional wall-clock deadline (epoch interruption), so a
//!   runaway or hostile input traps cleanly and the host keeps serving.
//! - [`cache`]: the compiled component cached on disk (`Engine::precompile_component`,
//!   loaded with the `unsafe` `Component::deserialize_file`; see its safety note).
//! - [`ledger`]: one tenant's portfolio read once into the component's `portfolio`
//!   resource (WIT 1.0.0), for many calls against the same ledger.
//! - [`runner`]: calls any export by name with JSON arguments and reports fuel, peak
//!   memory and time (`rappel component call`); [`runner::invoke`] answers in the core's
//!   published JSON, which the core's records read back, so a host (the CLI's
//!   `--engine component`, the parity tests) keeps no copy of them;
//!   [`runner::invoke_on_ledger`] does the same for a request on a portfolio, the files
//!   opened in the ledger by one typed call (not lowered a value per byte).
//! - [`bank`]: bank statements matched against a ledger by a typed call, the answer read
//!   as the core's records (a month of statements is megabytes of bytes, which a call by
//!   name would lower a value at a time).
//! - [`responses`]: Peppol Invoice Responses applied to a ledger by a typed call (the
//!   rewritten disputes and promises files come back as bytes).
//! - [`ubl`]: Peppol UBL documents merged into the customers and invoices files by a
//!   typed call (the files go in and come back as bytes); [`records`]: the WIT records
//!   several answers share, read as the core's.
//! - the engine's `error` record reads as the core's `rappel_core::api::Error` (also
//!   from a typed call's `types::Error`), which words it for people.
//! - [`fail_closed`]: what to answer when the engine traps: an order check holds.
//! - [`soak`]: many tenants, concurrent calls, faults every so often: the host keeps
//!   serving, no tenant sees another's data, memory stays flat.

pub mod bank;
pub mod cache;
pub mod fail_closed;
pub mod ledger;
pub mod records;
pub mod responses;
pub mod runner;
pub mod soak;
pub mod ubl;

mod error;
mod host;

pub use host::{Call, Host, Limits, MemoryLimit, Usage};

/// The version of `rappel:engine` these bindings are generated from.
pub const WIT_VERSION: &str = "3.5.0";

/// The Rust bindings of `rappel:engine@3.5.0`, generated from `wasm/wit`.
pub mod bindings {
    wasmtime::component::bindgen!({
        world: "engine",
        path: "../../wasm/wit",
    });
}

/// The `portfolio` record of the exchange-format files `(name, bytes)`.
pub fn portfolio(
    files: &[(String, Vec<u8>)],
) -> bindings::exports::rappel::engine::types::Portfolio {
    use bindings::exports::rappel::engine::types::{CsvFile, Portfolio};
    Portfolio {
        files: files
            .iter()
            .map(|(name, contents)| CsvFile {
                name: name.clone(),
                contents: contents.clone(),
            })
            .collect(),
        mapping: None,
        currency: None,
    }
}

/// Where `cargo xtask component` writes the component, relative to the target folder.
pub const COMPONENT_FILE: &str = "engine/rappel_engine.wasm";

/// The component's default location: `$RAPPEL_COMPONENT`, else `target/engine/` next to
/// the running executable's build folder (`target/debug/..`), else the workspace's.
pub fn default_component_path() -> std::path::PathBuf {
    if let Some(p) = std::env::var_os("RAPPEL_COMPONENT") {
        return p.into();
    }
    if let Ok(exe) = std::env::current_exe() {
        // target/<profile>/rappel or target/<profile>/deps/test-binary
        for dir in exe.ancestors().skip(1).take(3) {
            let candidate = dir.join(COMPONENT_FILE);
            if candidate.exists() {
                return candidate;
            }
        }
    }
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../target")
        .join(COMPONENT_FILE)
}
