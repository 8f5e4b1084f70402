//! Shared helpers: build a portfolio from inline CSV text.
#![allow(dead_code)]

use chrono::NaiveDate;
use rappel_core::ingest::{CsvFile, ImportOptions, Imported, read_csv};
use rust_decimal::Decimal;

pub fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

pub fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

pub const CUSTOMERS_HEADER: &str =
    "customer_id,name,segment,sector,credit_limit,customer_since,language,b2c\n";
pub const INVOICES_HEADER: &str = "invoice_id,customer_id,issue_date,due_date,amount,currency\n";
pub const PAYMENTS_HEADER: &str =
    "payment_id,customer_id,invoice_id,payment_date,amount,method,reversed_on\n";

/// Reads the given `(file name, body)` pairs as a v1 folder.
pub fn import(files: &[(&str, &str)]) -> Imported {
    let files: Vec<CsvFile<'_>> = files
        .iter()
        .map(|(name, body)| CsvFile {
            name,
            bytes: body.as_bytes(),
        })
        .collect();
    read_csv(&files, &ImportOptions::default())
}

/// The hand-computed portfolio of `kpi_hand.rs` (see the comments there).
pub fn small() -> Imported {
    let customers = format!(
        "{CUSTOMERS_HEADER}A,Alpha BV,S1,industrial,10000,2020-01-01,nl,false\nB,Beta,S2,residential,,2025-12-01,fr,true\n"
    );
    let invoices = format!(
        "{INVOICES_HEADER}I1,A,2026-01-10,2026-02-09,1000.00,EUR\nI2,A,2026-02-15,2026-03-17,2000.00,EUR\nI3,B,2026-03-05,2026-03-20,500.00,EUR\nCN1,A,2026-03-10,2026-03-10,-200.00,EUR\nI4,B,2026-03-25,2026-04-24,300.00,EUR\n"
    );
    let payments = format!(
        "{PAYMENTS_HEADER}P1,A,I1,2026-02-05,1000.00,transfer,\nP2,A,I2,2026-03-20,500.00,direct_debit,2026-03-25\nP3,B,I3,2026-03-28,200.00,transfer,\nP4,B,,2026-03-30,50.00,transfer,\n"
    );
    let write_offs = "invoice_id,written_off_on,amount\nI3,2026-03-31,100.00\n";
    let orders = "order_id,customer_id,order_date,amount,invoiced_on\nO1,A,2026-03-30,3000.00,\nO2,A,2026-03-01,999.00,2026-03-05\n";
    let disputes = "dispute_id,invoice_id,opened_on,assessed_on,resolved_on,outcome\nD1,I2,2026-03-18,2026-03-19,2026-03-28,rejected\nD2,I3,2026-03-21,2026-03-26,,\nD3,I4,2026-03-30,,,\n";
    let imported = import(&[
        ("customers.csv", &customers),
        ("invoices.csv", &invoices),
        ("payments.csv", &payments),
        ("write_offs.csv", write_offs),
        ("orders.csv", orders),
        ("disputes.csv", disputes),
    ]);
    assert!(
        imported.report.problems.is_empty(),
        "{:?}",
        imported.report.problems
    );
    imported
}

/// Every action of daily dunning runs from `from` through `to`, each fed back as history.
pub fn daily(
    p: &rappel_core::model::Portfolio,
    pol: &rappel_core::collections::policy::Policy,
    from: &str,
    to: &str,
) -> Vec<rappel_core::collections::dunning::Action> {
    use rappel_core::collections::dunning::{self, History};
    let mut history = History::default();
    let mut all = Vec::new();
    for d in date(from).iter_days().take_while(|d| *d <= date(to)) {
        let r = dunning::run(p, pol, &history, d).unwrap();
        history.record(&r.actions);
        all.extend(r.actions);
    }
    all
}
