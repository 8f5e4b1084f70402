//! A bank statement file: camt.053/054 or CODA, recognised from its bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = rappel_core::ingest::bank::read_bank("statement", data);
});
