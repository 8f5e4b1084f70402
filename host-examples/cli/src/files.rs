//! Files the CLI writes: each one whole or not at all, and never by two runs at once.
//!
//! - [`write_atomic`]: the bytes go to a temporary file in the target's folder, are flushed
//!   to disk and renamed over the target. A rename within one file system replaces the
//!   file in one step (POSIX `rename(2)`), so a run killed at any point leaves the old
//!   file or the new one, never a mix; a killed run may leave its hidden temporary file
//!   (`.NAME.PID.tmp`) behind, never a damaged target.
//! - [`Lock`]: a command that reads a file or folder, changes it and writes it back (a
//!   dunning history, the payments of a data folder) holds an exclusive lock on a lock file
//!   next to it (`.NAME.lock`, or `.rappel.lock` in a folder) from the read to the last
//!   write. A second run is refused at once with the name of what is locked. The operating
//!   system releases the lock when the process ends, however it ends, so a killed run
//!   never leaves a stale lock.

use std::fs::{File, TryLockError};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Test hook: milliseconds to wait between writing the temporary file and renaming it,
/// so that a test can kill a run in the middle of a write (`RAPPEL_TEST_WRITE_PAUSE_MS`).
const PAUSE: &str = "RAPPEL_TEST_WRITE_PAUSE_MS";

/// Writes `bytes` to `path` atomically (see the module documentation).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let shown = path.display();
    let tmp = folder_of(path).join(format!(
        ".{}.{}.tmp",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("file"),
        std::process::id()
    ));
    let write = || -> std::io::Result<()> {
        let mut f = File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        if let Some(ms) = std::env::var(PAUSE).ok().and_then(|v| v.parse().ok()) {
            std::thread::sleep(std::time::Duration::from_millis(ms));
        }
        std::fs::rename(&tmp, path)
    };
    write().map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!("{shown}: {e}")
    })
}

/// The folder `path` is in (`.` for a bare file name).
fn folder_of(path: &Path) -> &Path {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// An exclusive lock on a file or folder for the rest of this run (released on drop or
/// when the process ends).
#[derive(Debug)]
pub struct Lock {
    _file: File,
}

impl Lock {
    /// Locks `target`: a folder through `.rappel.lock` in it, a file through `.NAME.lock`
    /// beside it. Refused when another run holds it.
    pub fn on(target: &Path) -> Result<Lock, String> {
        let lock_path: PathBuf = if target.is_dir() {
            target.join(".rappel.lock")
        } else {
            let name = target
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("file");
            folder_of(target).join(format!(".{name}.lock"))
        };
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(|e| format!("{}: {e}", lock_path.display()))?;
        match file.try_lock() {
            Ok(()) => Ok(Lock { _file: file }),
            Err(TryLockError::WouldBlock) => Err(format!(
                "{} is being changed by another rappel run (it holds {}); wait for it to finish and run again",
                target.display(),
                lock_path.display()
            )),
            Err(TryLockError::Error(e)) => Err(format!("{}: {e}", lock_path.display())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_on_the_same_file_is_refused_until_the_first_is_dropped() {
        let dir = std::env::temp_dir().join(format!("rappel-lock-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let target = dir.join("actions.csv");
        let first = Lock::on(&target).unwrap();
        let err = Lock::on(&target).unwrap_err();
        assert!(
            err.contains("is being changed by another rappel run"),
            "{err}"
        );
        assert!(err.contains(".actions.csv.lock"), "{err}");
        drop(first);
        let folder = Lock::on(&dir).unwrap();
        assert!(Lock::on(&dir).is_err());
        drop(folder);
        write_atomic(&target, b"a,b\n").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"a,b\n");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
