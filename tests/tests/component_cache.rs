//! The precompiled-component cache when several hosts load at once: every one loads,
//! and the cache holds one compiled file, no temporary left. Needs `cargo xtask
//! component` first (the test script runs it).

use rappel_host::{Host, Limits, default_component_path};

/// Three hosts load the component side by side into an empty cache: they all compile
/// it and store it, each through a temporary file of its own (a name shared by one
/// process once made a thread's rename fail with "No such file or directory" in this
/// suite; the unit test of `cache::temporary` pins the names, this test the outcome).
#[test]
fn hosts_loading_at_once_into_an_empty_cache_all_load() {
    let dir = std::env::temp_dir().join(format!("rappel-cache-at-once-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let component = default_component_path();
    let loads: Vec<Result<(), String>> = std::thread::scope(|s| {
        let started: Vec<_> = (0..3)
            .map(|_| {
                s.spawn(|| {
                    Host::load(&component, Some(&dir), Limits::batch())
                        .map(drop)
                        .map_err(|e| format!("{e:#}"))
                })
            })
            .collect();
        started.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(loads, vec![Ok(()), Ok(()), Ok(())]);
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    assert!(
        names[0].starts_with("rappel-engine-") && names[0].ends_with(".cwasm"),
        "{names:?}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
