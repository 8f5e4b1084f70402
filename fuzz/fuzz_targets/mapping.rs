//! A column mapping (TOML: the input up to the first 0x1E) applied to a source file (the
//! rest), named as every table of the mapping names its source.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rappel_core::ingest::mapping::Mapping;
use rappel_core::ingest::{CsvFile, ImportOptions, read};

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(2, |&b| b == 0x1E);
    let (Some(toml), Some(source)) = (parts.next(), parts.next()) else {
        return;
    };
    let Ok(text) = std::str::from_utf8(toml) else {
        return;
    };
    let Ok(m) = Mapping::from_toml(text) else {
        return;
    };
    let files: Vec<CsvFile<'_>> = m
        .tables
        .iter()
        .map(|t| CsvFile {
            name: &t.source,
            bytes: source,
        })
        .collect();
    let _ = read(&files, Some(&m), &ImportOptions::default());
});
