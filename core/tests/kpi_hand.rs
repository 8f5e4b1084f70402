//! Every KPI on a small portfolio computed by hand (DOMAIN.md §2–§3).
//!
//! Portfolio: customers A (segment S1, limit 10,000) and B (S2, no limit).
//!   I1  A  issued 01-10 due 02-09  1000   paid 02-05 (P1)
//!   I2  A  issued 02-15 due 03-17  2000   direct debit 500 on 03-20, reversed 03-25 (P2)
//!   I3  B  issued 03-05 due 03-20   500   paid 200 on 03-28 (P3), 100 written off 03-31
//!   CN1 A  issued 03-10 due 03-10  -200   credit note
//!   I4  B  issued 03-25 due 04-24   300
//!   P4  B  unapplied cash 50 on 03-30
//! Period March 2026 (31 days):
//!   AR(02-28) = I2 2000 (current).
//!   AR(03-31): I2 2000 (14 dpd) + I3 200 (11 dpd) + CN1 -200 (21 dpd) + I4 300 (current)
//!              = 2300 (unapplied cash 50 on its own line, not subtracted); current 300;
//!              overdue 2000; net AR 2300 - 50 = 2250.
//!   S = 500 - 200 + 300 = 600.
//!   DSO = 2300/600×31 = 118.83; net DSO = 2250/600×31 = 116.25; BPDSO = 300/600×31 =
//!   15.50; ADD = 118.833 - 15.50 = 103.33.
//!   CEI = (2000+600-2300)/(2000+600-300) = 300/2300 = 13.04 %.
//!   Bad debt = 100/600 = 16.67 %. Overdue = 2000/2300 = 86.96 %. 60+ = 0.00 %.
//!   Countback: R 2300 - March 600 (31 d) = 1700; February sales 2000 > 1700:
//!              1700/2000×28 = 23.80; total 54.80.

mod common;

use common::{date, dec, small};
use rappel_core::kpi::{self, KpiOptions, Period, report::round2};
use serde_json::{Value, json};

fn period(from: &str, to: &str) -> Period {
    Period::new(date(from), date(to)).unwrap()
}

fn published(from: &str, to: &str) -> Value {
    let p = small().portfolio;
    serde_json::to_value(kpi::compute(&p, period(from, to)).to_json()).unwrap()
}

#[test]
fn march_totals() {
    let v = published("2026-03-01", "2026-03-31");
    assert_eq!(v["days"], json!(31));
    let expect = [
        ("credit_sales", "600.00"),
        ("receivables", "2300.00"),
        ("current", "300.00"),
        ("overdue", "2000.00"),
        ("unapplied_cash", "50.00"),
        ("dso", "118.83"),
        ("dso_net", "116.25"),
        ("dso_countback", "54.80"),
        ("best_possible_dso", "15.50"),
        ("average_days_delinquent", "103.33"),
        ("cei", "13.04"),
        ("bad_debt_ratio", "16.67"),
        ("overdue_percent", "86.96"),
        ("overdue_60_percent", "0.00"),
    ];
    for (k, want) in expect {
        assert_eq!(v[k], json!(want), "{k}");
    }
    assert_eq!(
        v["aging"],
        json!({"current": "300.00", "1-30": "2000.00", "31-60": "0.00", "61-90": "0.00", "91+": "0.00"})
    );
}

#[test]
fn march_per_segment() {
    let v = published("2026-03-01", "2026-03-31");
    let segs = v["segments"].as_array().unwrap();
    assert_eq!(segs.len(), 2);
    // S1 = customer A: sales -200 (the credit note), AR 2000 - 200 = 1800, nothing current.
    assert_eq!(segs[0]["segment"], json!("S1"));
    assert_eq!(segs[0]["credit_sales"], json!("-200.00"));
    assert_eq!(segs[0]["receivables"], json!("1800.00"));
    assert_eq!(segs[0]["dso"], json!("-279.00"));
    assert_eq!(segs[0]["cei"], json!("0.00"));
    assert_eq!(segs[0]["bad_debt_ratio"], json!("0.00"));
    // S2 = customer B: sales 800, AR 200 + 300 = 500 (net of the 50 unapplied: 450),
    // current 300, write-off 100. DSO 500/800×31 = 19.375 → 19.38; net 450/800×31 =
    // 17.44; CEI (0 + 800 − 500)/(0 + 800 − 300) = 60 %; overdue 200/500 = 40 %.
    assert_eq!(segs[1]["segment"], json!("S2"));
    assert_eq!(segs[1]["credit_sales"], json!("800.00"));
    assert_eq!(segs[1]["receivables"], json!("500.00"));
    assert_eq!(segs[1]["dso"], json!("19.38"));
    assert_eq!(segs[1]["dso_net"], json!("17.44"));
    assert_eq!(segs[1]["cei"], json!("60.00"));
    assert_eq!(segs[1]["bad_debt_ratio"], json!("12.50"));
    assert_eq!(segs[1]["overdue_percent"], json!("40.00"));
    assert_eq!(segs[1]["unapplied_cash"], json!("50.00"));
}

#[test]
fn mid_month_countback_and_unreversed_direct_debit() {
    // As of 03-20 the direct debit still counts (reversed only on 03-25):
    // I2 1500 (3 dpd), I3 500 (due today: current), CN1 -200 (10 dpd); AR 1800.
    // Countback: March 1–20 sales 300 over 20 days → R 1500; February 2000 > 1500:
    // 1500/2000×28 = 21 → 41.00 days.
    let v = published("2026-03-01", "2026-03-20");
    assert_eq!(v["receivables"], json!("1800.00"));
    assert_eq!(v["current"], json!("500.00"));
    assert_eq!(v["credit_sales"], json!("300.00"));
    assert_eq!(v["dso_countback"], json!("41.00"));
    // DSO = 1800 / 300 × 20 days.
    assert_eq!(v["dso"], json!("120.00"));
}

#[test]
fn zero_denominators_are_null() {
    // May: no sales at all.
    let v = published("2026-05-01", "2026-05-31");
    for k in [
        "dso",
        "best_possible_dso",
        "average_days_delinquent",
        "bad_debt_ratio",
    ] {
        assert_eq!(v[k], Value::Null, "{k}");
    }
    // Before any invoice: AR 0 → overdue shares absent; CEI 0/0 absent.
    let v = published("2025-01-01", "2025-01-31");
    for k in ["overdue_percent", "overdue_60_percent", "cei", "dso"] {
        assert_eq!(v[k], Value::Null, "{k}");
    }
    assert_eq!(v["dso_countback"], json!("0.00"));
    assert_eq!(v["receivables"], json!("0.00"));
}

#[test]
fn supporting_kpis() {
    let v = published("2026-03-01", "2026-03-31");
    let s = &v["supporting"];
    assert_eq!(s["direct_debits"], json!(1));
    assert_eq!(s["direct_debits_reversed"], json!(1));
    assert_eq!(s["direct_debit_reversal_rate_count"], json!("100.00"));
    assert_eq!(s["direct_debit_reversal_rate_amount"], json!("100.00"));
    assert_eq!(s["write_offs"], json!(1));
    assert_eq!(s["write_off_amount"], json!("100.00"));
    // D1 assessed after 1 day, D2 after 5 days, D3 opened 03-30: its 48 h are not over
    // at 03-31 and it is not assessed, so it is not yet counted.
    assert_eq!(s["disputes_opened"], json!(3));
    assert_eq!(s["disputes_assessed_within_48h_percent"], json!("50.00"));
    assert_eq!(s["disputes_open"], json!(2));
    assert_eq!(s["disputes_resolved"], json!(1));
    assert_eq!(s["average_days_to_resolve"], json!("10.00"));
    // First invoices: A's I1 (due 02-09, checked 03-11: paid) and B's I3 (due 03-20,
    // checked 04-19): only A's falls in March.
    assert_eq!(s["first_invoices_checked"], json!(1));
    assert_eq!(s["first_invoice_unpaid_percent"], json!("0.00"));
}

#[test]
fn series_equals_single_periods() {
    let p = small().portfolio;
    let periods = kpi::monthly_periods(date("2026-04-30"), 6);
    assert_eq!(periods.len(), 6);
    assert_eq!(periods[0].from(), date("2025-11-01"));
    assert_eq!(periods[5].to(), date("2026-04-30"));
    let series = kpi::compute_series(&p, &periods, &KpiOptions::default());
    for (q, r) in periods.iter().zip(&series) {
        assert_eq!(r, &kpi::compute(&p, *q), "{q:?}");
    }
}

#[test]
fn open_items_drill_down_to_the_aging() {
    let p = small().portfolio;
    let items = kpi::open_items(&p, date("2026-03-31"), None);
    let ids: Vec<&str> = items
        .iter()
        .map(|i| p.invoices()[i.invoice].invoice_id.as_str())
        .collect();
    assert_eq!(ids, ["I2", "I3", "CN1", "I4"]);
    let total: rust_decimal::Decimal = items.iter().map(|i| i.balance).sum();
    assert_eq!(round2(total), dec("2300.00"));
}
