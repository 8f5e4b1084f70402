//! A Peppol document: merged as a UBL invoice or credit note into empty customers and
//! invoices files, and read as an Invoice Response.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rappel_core::ingest::{imr, ubl};

fuzz_target!(|data: &[u8]| {
    let docs = vec![("doc.xml".to_string(), data.to_vec())];
    let _ = ubl::merge_files(None, None, &docs);
    let _ = imr::parse_responses(&docs);
});
