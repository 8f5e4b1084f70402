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

/// The portfolio target's calls: the exchange-format files (split at 0x1E, in the order
/// of `fuzz/fuzz_targets/portfolio.rs`) read, then KPIs with a trend, a dunning run with
/// the wholesale policy and a credit check on the first customer.
fn portfolio_entry_points(bytes: &[u8]) {
    use rappel_core::api::{self, Request};
    use rappel_core::collections::dunning::{self, History};
    use rappel_core::collections::policy::{self, PolicyFormat};
    use rappel_core::ingest::{CsvFile, ImportOptions, read_csv};
    use rappel_core::model::Table;
    let files: Vec<CsvFile<'_>> = bytes
        .split(|&b| b == 0x1E)
        .zip(Table::ALL)
        .map(|(bytes, t)| CsvFile {
            name: t.file_name(),
            bytes,
        })
        .collect();
    let p = read_csv(&files, &ImportOptions::default()).portfolio;
    let Some((first, last)) = p.date_range() else {
        return;
    };
    let kpis = api::ComputeKpis {
        from: first,
        to: last,
        trend_months: Some(3),
        first_invoice_days: 30,
        threads: 1,
    };
    let _ = kpis.check().and_then(|()| kpis.answer(Some(&p)));
    let text = include_str!("../../examples/policies/wholesale.toml");
    let policy = policy::parse(text, PolicyFormat::Toml).unwrap();
    let _ = dunning::run(&p, &policy, &History::default(), last);
    if let Some(c) = p.customers().first() {
        let check = api::CheckOrder {
            customer_id: c.customer_id.to_string(),
            order_amount: rust_decimal::Decimal::ONE_HUNDRED,
            as_of: last,
            overdue_tolerance_days: 30,
            when_no_limit: Default::default(),
        };
        let _ = check.answer(Some(&p));
    }
}

#[test]
fn portfolios_that_crashed_the_engine_are_answered() {
    let found = inputs("portfolio");
    assert!(!found.is_empty());
    for (_name, bytes) in found {
        // ogm-base-more-than-nineteen-digits: an invoice id with 44 digits overflowed the
        // number a Belgian structured reference is derived from (debug builds panicked;
        // release builds wrapped, then refused it as more than ten digits).
        portfolio_entry_points(&bytes);
    }
}
