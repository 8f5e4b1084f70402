//! Cash application, scored and timed.
//!
//! 1. Score: a generated 50 000-invoice portfolio whose last 60 days of payments arrive
//!    as noisy daily statements (`generate::statements`): the share of informative
//!    payments applied automatically (goal ≥ 95 %), automatic applications that are
//!    wrong (goal 0), and where every other movement went.
//! 2. Speed: about 100 000 movements against the 1 000 000-invoice portfolio, against a
//!    plain scan of the same movements in the same run (goal ≤ 1 s); and against the same
//!    invoices all open (no payments, no write-offs), the index's worst case.
//!
//! `cargo bench -p rappel-core --bench cash` (RAPPEL_BENCH_INVOICES for the second size).

use std::collections::BTreeMap;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use rappel_core::cash::application::{CashReport, Outcome, apply_statements};
use rappel_core::cash::rules::CashRules;
use rappel_core::generate::statements::{Delivered, StatementSpan, Truth, deliver};
use rappel_core::generate::{self, Config};
use rappel_core::model::{Money, Portfolio};

fn rules() -> CashRules {
    CashRules {
        tolerance: "2.50".parse().unwrap(),
        ..CashRules::default()
    }
}

fn delivered(invoices: u32, days: u64) -> (Portfolio, Delivered) {
    let cfg = Config {
        customers: (invoices / 20).max(10),
        invoices,
        seed: 7,
        ..Config::default()
    };
    let tables = generate::generate(&cfg);
    let d = deliver(&tables, cfg.end, days, 7, StatementSpan::Day);
    let (p, problems) = Portfolio::build(d.before.clone(), None);
    assert!(problems.is_empty());
    (p, d)
}

/// Counts per truth and outcome, and the wrong automatic applications.
fn score(r: &CashReport, d: &Delivered) {
    let truth: BTreeMap<&str, &Truth> = d.truth.iter().map(|(id, t)| (id.as_str(), t)).collect();
    let (mut informative, mut auto_informative, mut wrong) = (0u32, 0u32, Vec::new());
    let mut by: BTreeMap<(String, Outcome), u32> = BTreeMap::new();
    for e in &r.entries {
        let t = truth[e.transaction_id.as_str()];
        let kind = match t {
            Truth::Pays {
                informative: true, ..
            } => "informative",
            Truth::Pays { .. } => "uninformative",
            Truth::Unapplied { .. } => "on account",
            Truth::Return { .. } => "return",
            Truth::Unknown => "unknown payer",
        };
        *by.entry((kind.to_string(), e.outcome)).or_default() += 1;
        let auto = matches!(
            e.outcome,
            Outcome::Applied | Outcome::Unapplied | Outcome::Returned
        );
        if let Truth::Pays {
            informative: true, ..
        } = t
        {
            informative += 1;
            auto_informative += u32::from(auto);
        }
        if !auto {
            continue;
        }
        let right = match t {
            Truth::Pays {
                customer, invoices, ..
            } => {
                let mut got: Vec<&str> = e
                    .allocations
                    .iter()
                    .map(|a| a.invoice_id.as_str())
                    .collect();
                got.sort();
                let want: Vec<&str> = invoices.iter().map(|(i, _)| i.as_str()).collect();
                e.customer_id.as_deref() == Some(customer.as_str())
                    && (got == want || (got.is_empty() && e.outcome == Outcome::Unapplied))
            }
            Truth::Unapplied { customer } => e.customer_id.as_deref() == Some(customer.as_str()),
            Truth::Return { payment } => e.reversed_payment.as_deref() == Some(payment.as_str()),
            Truth::Unknown => false,
        };
        if !right {
            wrong.push(format!(
                "{} {:?} {:?} → {:?} {:?}",
                e.transaction_id, t, e.reasons, e.customer_id, e.allocations
            ));
        }
    }
    eprintln!("cash application score on {} movements:", r.entries.len());
    for ((kind, outcome), n) in &by {
        eprintln!("  {kind:<14} {outcome:<15?} {n:>6}");
    }
    let pct = f64::from(auto_informative) * 100.0 / f64::from(informative.max(1));
    eprintln!(
        "  informative payments applied automatically: {auto_informative} of {informative} ({pct:.2} %); wrong automatic applications: {}",
        wrong.len()
    );
    for w in wrong.iter().take(10) {
        eprintln!("  WRONG {w}");
    }
}

fn bench(c: &mut Criterion) {
    let (p, d) = delivered(50_000, 60);
    let r = apply_statements(&p, &d.statements, &rules(), &BTreeMap::new());
    score(&r, &d);

    let invoices: u32 = std::env::var("RAPPEL_BENCH_INVOICES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let (p, d) = delivered(invoices, 70);
    let movements: usize = d.statements.iter().map(|s| s.transactions.len()).sum();
    eprintln!(
        "{movements} movements against {} invoices",
        p.invoices().len()
    );
    // The same movements against a portfolio whose every invoice is open (its payments
    // and write-offs taken away): the index then holds all of them.
    let mut all_open = d.before.clone();
    all_open.payments.clear();
    all_open.write_offs.clear();
    let (open, _) = Portfolio::build(all_open, None);
    let mut g = c.benchmark_group(format!("cash_{movements}_movements_{invoices}_invoices"));
    g.sample_size(10);
    g.bench_function("plain_scan", |b| {
        b.iter(|| {
            let s: Money = d
                .statements
                .iter()
                .flat_map(|s| &s.transactions)
                .map(|t| t.amount)
                .sum();
            black_box(s)
        })
    });
    g.bench_function("apply_statements", |b| {
        b.iter(|| {
            black_box(apply_statements(
                &p,
                &d.statements,
                &rules(),
                &BTreeMap::new(),
            ))
        })
    });
    g.bench_function("apply_statements_every_invoice_open", |b| {
        b.iter(|| {
            black_box(apply_statements(
                &open,
                &d.statements,
                &rules(),
                &BTreeMap::new(),
            ))
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
