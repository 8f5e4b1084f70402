//! `rappel component …`: the local runner for integrators. Calls any export of the
//! component with a JSON input file and reports what it cost, so a platform can set its
//! fuel, memory and time budgets from measured numbers.

use std::path::PathBuf;
use std::time::Duration;

use rappel_host::{Host, Limits, runner};

/// What to do with the component.
#[derive(clap::Subcommand, Debug)]
pub enum ComponentCommand {
    /// Lists every exported function.
    Exports,
    /// Lists what the component imports (nothing, by design).
    Imports,
    /// Calls an export with JSON arguments; prints the result (JSON) on stdout and the
    /// fuel, peak memory and time on stderr.
    Call {
        /// Function: `check-credit`, or `interface/function` (`credit/check-credit`).
        function: String,
        /// JSON file with the arguments, keyed by parameter name (see the README).
        #[arg(long)]
        input: PathBuf,
        /// Fuel budget (about one unit per wasm instruction).
        #[arg(long, default_value_t = 50_000_000_000)]
        fuel: u64,
        /// Memory budget in MiB.
        #[arg(long, default_value_t = 4096)]
        memory_mib: usize,
        /// Time budget in milliseconds.
        #[arg(long, default_value_t = 60_000)]
        timeout_ms: u64,
    },
}

/// Runs a component subcommand.
pub fn run(cmd: ComponentCommand, component: Option<PathBuf>) -> Result<(), String> {
    let path = component.unwrap_or_else(rappel_host::default_component_path);
    match cmd {
        ComponentCommand::Imports => {
            let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let engine = wasmtime::Engine::default();
            let c = wasmtime::component::Component::new(&engine, &bytes)
                .map_err(|e| format!("{e:#}"))?;
            let imports: Vec<String> = c
                .component_type()
                .imports(&engine)
                .map(|(name, _)| name.to_string())
                .collect();
            for i in &imports {
                println!("{i}");
            }
            eprintln!("{}: {} import(s)", path.display(), imports.len());
            Ok(())
        }
        ComponentCommand::Exports => {
            let host = Host::load(
                &path,
                crate::engine::cache_dir().as_deref(),
                Limits::batch(),
            )
            .map_err(|e| format!("{e:#}"))?;
            for e in runner::exports(&host).map_err(|e| format!("{e:#}"))? {
                println!("{e}");
            }
            Ok(())
        }
        ComponentCommand::Call {
            function,
            input,
            fuel,
            memory_mib,
            timeout_ms,
        } => {
            let limits = Limits {
                memory_bytes: memory_mib.min(4096) << 20,
                fuel: Some(fuel),
                timeout: Some(Duration::from_millis(timeout_ms)),
                concurrency: 1,
                keep_resident: 0,
            };
            let host = Host::load(&path, crate::engine::cache_dir().as_deref(), limits)
                .map_err(|e| format!("{e:#}"))?;
            let text =
                std::fs::read_to_string(&input).map_err(|e| format!("{}: {e}", input.display()))?;
            let args: serde_json::Value =
                serde_json::from_str(&text).map_err(|e| format!("{}: {e}", input.display()))?;
            let base = input.parent().map(PathBuf::from).unwrap_or_default();
            let (out, usage) = runner::call(&host, &function, &args, &base)
                .map_err(|e| format!("{function}: {e:#}"))?;
            let mut s = serde_json::to_string_pretty(&out).map_err(|e| e.to_string())?;
            s.push('\n');
            crate::emit(&s)?;
            eprintln!(
                "{function}: fuel {} of {fuel}, peak memory {:.1} MiB, {:.3} ms",
                usage.fuel,
                usage.peak_memory as f64 / (1 << 20) as f64,
                usage.elapsed.as_secs_f64() * 1e3
            );
            Ok(())
        }
    }
}
