//! A dunning history: `actions.csv` bytes, and the JSON of earlier runs.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rappel_core::collections::dunning::History;

fuzz_target!(|data: &[u8]| {
    let _ = History::from_csv("actions.csv", data);
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = History::from_json("actions.json", text);
    }
});
