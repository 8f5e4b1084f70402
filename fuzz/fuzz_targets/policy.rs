//! A policy document, read as TOML and as JSON, and its warnings when it validates.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rappel_core::collections::policy::{self, PolicyFormat};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for format in [PolicyFormat::Toml, PolicyFormat::Json] {
        if let Ok(p) = policy::parse(text, format) {
            let _ = policy::warnings(&p);
        }
    }
});
