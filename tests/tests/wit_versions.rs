//! A released WIT version is frozen: `wasm/wit/engine.wit` equals its copy under
//! `wasm/wit/versions/<version>/` while it carries that version, and every frozen copy
//! declares the version of its folder.

use std::path::Path;

fn version_of(wit: &str) -> Option<String> {
    wit.lines()
        .find_map(|l| l.trim().strip_prefix("package rappel:engine@"))
        .map(|v| v.trim_end_matches(';').to_string())
}

#[test]
fn released_versions_are_frozen() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../wasm/wit");
    let current = std::fs::read_to_string(root.join("engine.wit")).unwrap();
    let version = version_of(&current).expect("engine.wit declares rappel:engine@x.y.z");
    let mut released = Vec::new();
    for entry in std::fs::read_dir(root.join("versions")).unwrap() {
        let entry = entry.unwrap();
        if !entry.file_type().unwrap().is_dir() {
            continue;
        }
        let name = entry.file_name().to_string_lossy().to_string();
        let text = std::fs::read_to_string(entry.path().join("engine.wit")).unwrap();
        assert_eq!(
            version_of(&text).as_deref(),
            Some(name.as_str()),
            "versions/{name}"
        );
        released.push(name.clone());
        if name == version {
            assert_eq!(
                text, current,
                "engine.wit still says {version}, which is released: bump the version instead of editing it"
            );
        }
    }
    assert!(!released.is_empty());
}

/// A minor version only adds: every line of each release (but its `package` line) is in
/// the next one, in the same order, so hosts built on it keep working. (1.0.0 is a major
/// version: its records became the published JSON documents; 1.1.0 adds `fees.claim`;
/// 2.0.0 is a major version again: actions carry kind and law, credit requests a status;
/// so is 3.0.0: receivables on invoice balances with `dso-net`, the no-limit rule;
/// 3.1.0 adds `policy-warnings`; 3.2.0 adds `documents.import-bank`; 3.3.0 adds
/// `documents.transcode` and `documents.statement-to-pay`; 3.4.0 a ledger method for
/// every function that reads a portfolio but `apply-responses`; 3.5.0 that one.)
#[test]
fn minor_versions_only_add() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../wasm/wit/versions");
    let series: [&[&str]; 3] = [
        &["0.1.0", "0.2.0", "0.3.0"],
        &["1.0.0", "1.1.0"],
        &["3.0.0", "3.1.0", "3.2.0", "3.3.0", "3.4.0", "3.5.0"],
    ];
    for pair in series.iter().flat_map(|releases| releases.windows(2)) {
        let old = std::fs::read_to_string(root.join(pair[0]).join("engine.wit")).unwrap();
        let new = std::fs::read_to_string(root.join(pair[1]).join("engine.wit")).unwrap();
        let mut lines = new.lines();
        for line in old.lines().filter(|l| !l.starts_with("package ")) {
            assert!(
                lines.any(|n| n == line),
                "{} changed or dropped a line of {}: {line:?}",
                pair[1],
                pair[0]
            );
        }
    }
}
