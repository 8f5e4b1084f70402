//! The compiled component, cached on disk.
//!
//! Compiling the component takes tens of milliseconds to seconds; loading a precompiled
//! artefact takes about a millisecond. The cache key hashes the component's
//! bytes plus wasmtime's own compatibility hash (version and every setting that affects
//! code generation), so a changed component or engine configuration compiles afresh.
//!
//! Safety: `Component::deserialize_file` trusts its input completely: a tampered or
//! foreign `.cwasm` is arbitrary native code. Keep the cache directory writable by the
//! host process only, never ship `.cwasm` files between machines or versions, and ship
//! the `.wasm` (which is validated) instead.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use wasmtime::Result;
use wasmtime::component::Component;
use wasmtime::error::Context;

/// The cache file for `bytes` under `dir` with `engine`'s settings.
pub fn path_for(engine: &wasmtime::Engine, bytes: &[u8], dir: &Path) -> PathBuf {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    engine.precompile_compatibility_hash().hash(&mut h);
    dir.join(format!("rappel-engine-{:016x}.cwasm", h.finish()))
}

/// A temporary name beside `path` for this call only: hosts (or threads of one host)
/// loading the same component at once each write and rename a file of their own (one
/// name per process made a thread's rename fail once another had moved the file away).
fn temporary(path: &Path) -> PathBuf {
    static WRITES: AtomicU64 = AtomicU64::new(0);
    let n = WRITES.fetch_add(1, Ordering::Relaxed);
    path.with_extension(format!("tmp{}-{n}", std::process::id()))
}

/// Loads the component from the cache, compiling and storing it first when absent.
pub fn load(engine: &wasmtime::Engine, bytes: &[u8], dir: &Path) -> Result<Component> {
    let path = path_for(engine, bytes, dir);
    if path.exists() {
        // SAFETY: the file was written by `store` below in a directory only this host
        // writes to, for exactly this engine configuration (see the module note).
        if let Ok(c) = unsafe { Component::deserialize_file(engine, &path) } {
            return Ok(c);
        }
    }
    let compiled = engine.precompile_component(bytes)?;
    std::fs::create_dir_all(dir).with_context(|| format!("{}", dir.display()))?;
    let tmp = temporary(&path);
    std::fs::write(&tmp, &compiled).with_context(|| format!("{}", tmp.display()))?;
    std::fs::rename(&tmp, &path).with_context(|| format!("{}", path.display()))?;
    // SAFETY: just produced by this engine.
    unsafe { Component::deserialize(engine, &compiled) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_write_has_a_temporary_name_of_its_own_beside_the_file() {
        let path = Path::new("/cache/rappel-engine-0123456789abcdef.cwasm");
        let (a, b) = (temporary(path), temporary(path));
        assert_ne!(a, b);
        assert_eq!(a.parent(), path.parent());
        let pid = std::process::id();
        for t in [a, b] {
            let name = t.file_name().unwrap().to_string_lossy().into_owned();
            assert!(
                name.starts_with(&format!("rappel-engine-0123456789abcdef.tmp{pid}-")),
                "{name}"
            );
        }
    }
}
