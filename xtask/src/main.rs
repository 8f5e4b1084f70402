//! `cargo xtask component`: builds `rappel-wasm` for `wasm32-unknown-unknown` (with
//! WebAssembly SIMD) with the speed-optimised `component` profile, wraps the core module into a component with
//! `wit-component` (the WIT comes from `wasm/wit`), checks that the component imports
//! nothing, and writes `target/engine/rappel_engine.wasm` (and the plain core module
//! beside it, `rappel_engine_core.wasm`).
//!
//! Building for `wasm32-wasip2` instead would pull in WASI imports through std's panic
//! and stdio machinery; `wasm32-unknown-unknown` imports nothing.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("component") => component(),
        Some("imports") => match args.get(1) {
            Some(path) => list_imports(Path::new(path)).map(|imports| {
                for i in &imports {
                    println!("{i}");
                }
                println!("{} import(s)", imports.len());
            }),
            None => Err("usage: cargo xtask imports FILE.wasm".into()),
        },
        _ => Err("usage: cargo xtask component | cargo xtask imports FILE.wasm".into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
}

fn component() -> Result<(), String> {
    let root = workspace_root();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(&root)
        .args([
            "build",
            "-p",
            "rappel-wasm",
            "--lib",
            "--target",
            "wasm32-unknown-unknown",
            "--profile",
            "component",
            // WebAssembly SIMD: every host of the component has it (wasmtime, V8 under
            // jco, wasmtime-py); the engine's hashing, byte searches and copies use it
            // (run-dunning and compute-kpis on 1 M invoices ~5-10 % faster: BENCHMARKS.md).
            "--config",
            "target.wasm32-unknown-unknown.rustflags=[\"-Ctarget-feature=+simd128\"]",
        ])
        .status()
        .map_err(|e| format!("cargo: {e}"))?;
    if !status.success() {
        return Err("building rappel-wasm failed".into());
    }
    let target = target_dir(&root);
    let module_path = target.join("wasm32-unknown-unknown/component/rappel_wasm.wasm");
    let module =
        std::fs::read(&module_path).map_err(|e| format!("{}: {e}", module_path.display()))?;

    // Embed the WIT world from the source folder, so the component's types never depend
    // on a custom section surviving the linker's strip.
    let mut resolve = wit_parser::Resolve::default();
    let (pkg, _) = resolve
        .push_dir(root.join("wasm/wit"))
        .map_err(|e| format!("wasm/wit: {e:#}"))?;
    let world = resolve
        .select_world(&[pkg], Some("engine"))
        .map_err(|e| format!("wasm/wit: {e:#}"))?;
    let mut core = module.clone();
    wit_component::embed_component_metadata(
        &mut core,
        &resolve,
        world,
        wit_component::StringEncoding::UTF8,
    )
    .map_err(|e| format!("embedding the WIT: {e:#}"))?;
    let component = wit_component::ComponentEncoder::default()
        .module(&core)
        .map_err(|e| format!("reading the core module: {e:#}"))?
        .validate(true)
        .encode()
        .map_err(|e| format!("encoding the component: {e:#}"))?;

    let imports = imports_of(&component)?;
    if !imports.is_empty() {
        return Err(format!(
            "the component must import nothing, but imports: {}",
            imports.join(", ")
        ));
    }
    let out_dir = target.join("engine");
    std::fs::create_dir_all(&out_dir).map_err(|e| format!("{}: {e}", out_dir.display()))?;
    let out = out_dir.join("rappel_engine.wasm");
    std::fs::write(&out, &component).map_err(|e| format!("{}: {e}", out.display()))?;
    let core_out = out_dir.join("rappel_engine_core.wasm");
    std::fs::write(&core_out, &module).map_err(|e| format!("{}: {e}", core_out.display()))?;
    println!(
        "wrote {} ({} bytes, 0 imports)",
        out.display(),
        component.len()
    );
    Ok(())
}

fn list_imports(path: &Path) -> Result<Vec<String>, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    imports_of(&bytes)
}

/// The names a component (or core module) imports, at its top level.
fn imports_of(bytes: &[u8]) -> Result<Vec<String>, String> {
    let mut names = Vec::new();
    let mut depth = 0usize;
    for payload in wasmparser::Parser::new(0).parse_all(bytes) {
        match payload.map_err(|e| e.to_string())? {
            wasmparser::Payload::ModuleSection { .. }
            | wasmparser::Payload::ComponentSection { .. } => depth += 1,
            wasmparser::Payload::End(_) => depth = depth.saturating_sub(1),
            wasmparser::Payload::ComponentImportSection(s) if depth == 0 => {
                for i in s {
                    names.push(i.map_err(|e| e.to_string())?.name.name.to_string());
                }
            }
            wasmparser::Payload::ImportSection(s) if depth == 0 => {
                for i in 0..s.count() {
                    names.push(format!("core module import group {i}"));
                }
            }
            _ => {}
        }
    }
    Ok(names)
}
