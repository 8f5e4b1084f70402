//! The exchange-format CSV files (the input split at 0x1E, in `Table::ALL`'s order:
//! customers, invoices, payments, orders, disputes, write-offs, plans, promises) read into
//! a portfolio, then the entry points the component exposes on it: KPIs with a trend, a
//! dunning run with the wholesale policy (read once), a credit check on the first
//! customer. `core/tests/fuzz_regressions.rs` replays found inputs the same way.
#![no_main]

use std::sync::OnceLock;

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use rappel_core::api::{self, Request};
use rappel_core::collections::dunning::{self, History};
use rappel_core::collections::policy::{self, Policy, PolicyFormat};
use rappel_core::ingest::{CsvFile, ImportOptions, read_csv};
use rappel_core::model::Table;

/// The wholesale example policy, read once (reading it is not what is fuzzed here).
fn policy() -> &'static Policy {
    static POLICY: OnceLock<Policy> = OnceLock::new();
    POLICY.get_or_init(|| {
        let text = include_str!("../../examples/policies/wholesale.toml");
        policy::parse(text, PolicyFormat::Toml).expect("the example policy reads")
    })
}

fuzz_target!(|data: &[u8]| {
    let files: Vec<CsvFile<'_>> = data
        .split(|&b| b == 0x1E)
        .zip(Table::ALL)
        .map(|(bytes, t)| CsvFile {
            name: t.file_name(),
            bytes,
        })
        .collect();
    let imported = read_csv(&files, &ImportOptions::default());
    let p = &imported.portfolio;
    let Some((first, last)) = p.date_range() else {
        return;
    };
    let day = |d: NaiveDate| d.min(NaiveDate::from_ymd_opt(2100, 1, 1).unwrap());
    let kpis = api::ComputeKpis {
        from: day(first),
        to: day(last),
        trend_months: Some(3),
        first_invoice_days: 30,
        threads: 1,
    };
    let _ = kpis.check().and_then(|()| kpis.answer(Some(p)));
    let _ = dunning::run(p, policy(), &History::default(), day(last));
    if let Some(c) = p.customers().first() {
        let check = api::CheckOrder {
            customer_id: c.customer_id.to_string(),
            order_amount: rust_decimal::Decimal::ONE_HUNDRED,
            as_of: day(last),
            overdue_tolerance_days: 30,
            when_no_limit: Default::default(),
        };
        let _ = check.answer(Some(p));
    }
});
