//! Every input the fuzzers (`fuzz/`, `scripts/fuzz.sh`) found that crashed the engine,
//! read again through the same entry point: each must now give an answer or a clear
//! error, never a panic. Files are in `fuzz/regressions/TARGET/`, named after the fault.

use std::path::PathBuf;

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../fuzz/regressions")
        .join(target);
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .map(|d| {
            d.flatten()
                .map(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    (name, std::fs::read(e.path()).unwrap())
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

#[test]
fn bank_statements_that_crashed_the_readers_are_read_or_refused() {
    let found = inputs("bank");
    assert!(!found.is_empty());
    for (name, bytes) in found {
        // coda-type-digit-below-zero: a CODA movement whose transaction code starts with
        // a byte below '0' made the type digit underflow.
        let read = rappel_core::ingest::bank::read_bank(&name, &bytes);
        assert!(
            !read.statements.is_empty() || !read.problems.is_empty(),
            "{name}: neither read nor refused"
        );
    }
}
