//! Invariants over random portfolios (proptest).

mod common;

use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use rappel_core::generate::{self, Config};
use rappel_core::kpi::{self, Bucket, KpiOptions, Period};
use rappel_core::model::{InvoiceReferences, Money, Portfolio, Table, Tables};

fn portfolio(seed: u64, customers: u32, invoices: u32) -> Tables {
    generate::generate(&Config {
        customers,
        invoices,
        seed,
        months: 6,
        ..Config::default()
    })
}

fn day(offset: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 12, 1).unwrap() + Days::new(u64::from(offset))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Aging buckets sum to the invoice balances = AR = current + overdue (gross: DOMAIN.md
    /// §2); net AR = balances − unapplied cash.
    #[test]
    fn aging_sums_to_balances(seed in 0u64..1_000, at in 0u32..240) {
        let (p, problems) = Portfolio::build(portfolio(seed, 30, 400), None);
        prop_assert!(problems.is_empty());
        let d = day(at);
        let r = kpi::compute(&p, Period::new(d, d).unwrap());
        let balances: Money = (0..p.invoices().len()).map(|i| p.balance_at(i, d)).sum();
        prop_assert_eq!(r.total.closing.aging.total(), balances);
        let unapplied: Money = p.payments().iter()
            .filter(|x| x.invoice_id.is_none() && x.counts_at(d))
            .map(|x| x.amount).sum();
        prop_assert_eq!(r.total.receivables(), balances);
        prop_assert_eq!(r.total.closing.net_receivables(), balances - unapplied);
        prop_assert_eq!(r.total.closing.current() + r.total.closing.overdue(), balances);
        let by_bucket: Money = kpi::open_items(&p, d, None).iter()
            .filter(|o| o.bucket != Bucket::Current).map(|o| o.balance).sum();
        prop_assert_eq!(r.total.closing.overdue(), by_bucket);
        // Segments add up to the total.
        let seg_ar: Money = r.segments.iter().map(|s| s.kpis.receivables()).sum();
        prop_assert_eq!(seg_ar, r.total.receivables());
    }

    /// Every month end of a 12-month trend (and each month's eve) ages exactly the
    /// balances of that day computed invoice by invoice, and no invoice's balance changes
    /// after its last change: what lets the series compute a settled invoice's balance
    /// once and skip the later days of a paid one.
    #[test]
    fn a_trend_ages_the_balances_of_each_day(seed in 0u64..1_000, end in 0u32..240) {
        let (p, _) = Portfolio::build(portfolio(seed, 30, 400), None);
        let periods = kpi::monthly_periods(day(end), 12);
        let reports = kpi::compute_series(&p, &periods, &KpiOptions::default());
        let of_day = |d| -> Money { (0..p.invoices().len()).map(|i| p.balance_at(i, d)).sum() };
        for r in &reports {
            prop_assert_eq!(r.total.closing.aging.total(), of_day(r.period.to()));
            prop_assert_eq!(r.total.opening.aging.total(), of_day(r.period.day_before()));
        }
        for i in 0..p.invoices().len() {
            let last = p.last_change_of_invoice(i);
            let settled = p.balance_at(i, last);
            for later in [1, 31, 400] {
                prop_assert_eq!(p.balance_at(i, last + Days::new(later)), settled);
            }
        }
    }

    /// Net AR(to) = net AR(from − 1) + sales − payments + reversals − write-offs (every
    /// payment, applied or not, lowers what the customers owe net).
    #[test]
    fn receivables_roll_forward(seed in 0u64..1_000, start in 0u32..200, len in 0u32..60) {
        let (p, _) = Portfolio::build(portfolio(seed, 30, 400), None);
        let q = Period::new(day(start), day(start + len)).unwrap();
        let r = kpi::compute(&p, q);
        let paid: Money = p.payments().iter()
            .filter(|x| q.contains(x.payment_date)).map(|x| x.amount).sum();
        let reversed: Money = p.payments().iter()
            .filter(|x| x.reversed_on.is_some_and(|d| q.contains(d))).map(|x| x.amount).sum();
        let written: Money = p.write_offs().iter()
            .filter(|w| q.contains(w.written_off_on)).map(|w| w.amount).sum();
        prop_assert_eq!(
            r.total.closing.net_receivables(),
            r.total.opening.net_receivables() + r.total.credit_sales - paid + reversed - written
        );
    }

    /// Results do not depend on the order of the input rows.
    #[test]
    fn independent_of_row_order(seed in 0u64..1_000, shuffle in any::<u64>()) {
        let t = portfolio(seed, 25, 300);
        let mut s = t.clone();
        let mut dice = generate::Dice::new(shuffle);
        fn shuffle_vec<T>(v: &mut [T], d: &mut generate::Dice) {
            for i in (1..v.len()).rev() {
                v.swap(i, d.below(i as u64 + 1) as usize);
            }
        }
        shuffle_vec(&mut s.customers, &mut dice);
        shuffle_vec(&mut s.invoices, &mut dice);
        shuffle_vec(&mut s.payments, &mut dice);
        shuffle_vec(&mut s.write_offs, &mut dice);
        shuffle_vec(&mut s.disputes, &mut dice);
        let (a, _) = Portfolio::build(t, None);
        let (b, _) = Portfolio::build(s, None);
        let periods = kpi::monthly_periods(day(200), 4);
        let ra = kpi::compute_series(&a, &periods, &KpiOptions::default());
        let rb = kpi::compute_series(&b, &periods, &KpiOptions::default());
        for (x, y) in ra.iter().zip(&rb) {
            prop_assert_eq!(
                serde_json::to_string(&x.to_json()).unwrap(),
                serde_json::to_string(&y.to_json()).unwrap()
            );
        }
    }

    /// The KPIs of a trend computed a slice of rows at a time (as the dashboard does
    /// between paints), over a portfolio built a phase at a time (its lookups and its
    /// admissions `rows` rows a step), equal the KPIs computed in one call over the
    /// portfolio built in one call; so do the rows refused, each for the same reason.
    #[test]
    fn kpis_in_slices_equal_kpis_in_one_call(seed in 0u64..1_000, rows in 1usize..400) {
        let mut t = portfolio(seed, 25, 300);
        // Rows that refer to nothing, anywhere in their table: refused at their own row
        // whichever slice looks them up.
        let (n_inv, n_pay) = (t.invoices.len(), t.payments.len());
        let unknown = [seed as usize % n_inv, (seed as usize * 7 + 3) % n_inv];
        for k in unknown {
            t.invoices[k].customer_id = "nobody".into();
        }
        for k in [seed as usize % n_pay, (seed as usize * 13 + 5) % n_pay, n_pay - 1] {
            t.payments[k].invoice_id = Some("no-such-invoice".into());
        }
        // Rows the admissions refuse, whichever slice they fall in: a later invoice
        // with the id of an earlier kept one (refused) and of a refused one (kept: the
        // refused row's id is free), an invoice due before it was issued, a payment
        // with an empty id and one with an earlier payment's id.
        let later = |k: usize, n: usize| (k + 1 + seed as usize % 97) % n;
        let kept_id = (seed as usize * 5 + 2) % n_inv;
        if !unknown.contains(&kept_id) {
            let k = later(kept_id, n_inv);
            if k > kept_id {
                t.invoices[k].invoice_id = t.invoices[kept_id].invoice_id.clone();
            }
        }
        let k = later(unknown[0], n_inv);
        if k > unknown[0] {
            t.invoices[k].invoice_id = t.invoices[unknown[0]].invoice_id.clone();
        }
        // (Not a row of an unknown customer: that refusal would come first.)
        let mut early = (seed as usize * 11 + 1) % n_inv;
        while unknown.contains(&early) {
            early = (early + 1) % n_inv;
        }
        let issued = t.invoices[early].issue_date;
        t.invoices[early].due_date = issued - Days::new(1);
        let first = (seed as usize * 17 + 4) % n_pay;
        let k = later(first, n_pay);
        if k > first {
            t.payments[k].payment_id = t.payments[first].payment_id.clone();
        }
        t.payments[(seed as usize * 3 + 1) % n_pay].payment_id = "".into();
        // Invoices that bill an order: of their own customer (listed by the order) and of
        // another customer (not).
        let Tables { invoices, orders, .. } = &mut t;
        for o in orders.iter() {
            for own in [true, false] {
                let bills = invoices.iter_mut().find(|i| {
                    (i.customer_id == o.customer_id) == own && i.references.is_none()
                });
                if let Some(inv) = bills {
                    inv.references = InvoiceReferences::of(Some(o.order_id.as_str().into()), None);
                }
            }
        }
        let (whole, problems) = Portfolio::build(t.clone(), None);
        prop_assert!(problems.len() >= 6, "{problems:?}");
        let said = |why: &str| problems.iter().any(|p| p.reason.starts_with(why));
        prop_assert!(said("empty payment_id") && said("due_date"), "{problems:?}");
        let mut building = rappel_core::model::Building::new(t, None);
        let mut phases = vec![building.progress().0];
        while !building.step(rows) {
            phases.push(building.progress().0);
        }
        // The phases in order, each seen. The invoices' and the payments' lookups and
        // admissions take a step per `rows` rows each, and one to start an admission and
        // one to end it; the customers, starting the invoices' lookup and the smaller
        // tables one step each. Then the eight groups, each a pass to count and one to
        // place its members, a step per 8 × `rows` rows of its table (at least one), and
        // before the invoices by order, the invoices gone through for an order as many.
        // The last step ends the stepping: not seen.
        let of = rappel_core::model::BUILD_PHASES;
        let mut distinct = phases.clone();
        distinct.dedup();
        prop_assert_eq!(distinct, (0..of).collect::<Vec<_>>());
        let by_rows = 2 * n_inv.div_ceil(rows) + 2 * n_pay.div_ceil(rows);
        let w = &whole;
        let ordered: usize = (0..w.orders().len()).map(|o| w.invoices_of_order(o).len()).sum();
        let (kept_inv, kept_pay) = (w.invoices().len(), w.payments().len());
        let tables = [
            kept_pay,
            kept_pay,
            kept_inv,
            w.write_offs().len(),
            w.disputes().len(),
            w.orders().len(),
            ordered,
            w.promises().len(),
        ];
        let group_rows = 8 * rows;
        let groups: usize = tables.iter().map(|n| 2 * n.div_ceil(group_rows).max(1)).sum();
        let groups = groups + kept_inv.div_ceil(group_rows);
        prop_assert_eq!(phases.len(), 1 + 1 + by_rows + 2 + 2 + 1 + groups);
        let (stepped, stepped_problems) = building.finish();
        prop_assert_eq!(stepped_problems, problems);
        prop_assert_eq!(format!("{stepped:?}"), format!("{whole:?}"));
        let mut periods = kpi::monthly_periods(day(200), 6);
        periods.push(Period::new(day(10), day(200)).unwrap());
        let options = KpiOptions { first_invoice_days: 14, ..KpiOptions::default() };
        let mut series = kpi::Series::new(&stepped, &periods);
        let all = stepped.invoices().len() + stepped.payments().len();
        let mut seen = 0;
        while !series.step(rows) {
            let (done, of) = series.progress();
            prop_assert_eq!(of, all);
            prop_assert_eq!(done, seen + rows);
            seen = done;
        }
        prop_assert_eq!(series.progress(), (all, all));
        let expected = kpi::compute_series(&whole, &periods, &options);
        prop_assert_eq!(series.finish(&options), expected.clone());
        // The same rows and then a period's report a step: one step per `rows` rows
        // (and the one that ends them), one per report, and one that says all are made.
        let mut computing = kpi::Computing::new(&stepped, &periods, &options);
        let mut steps = 1;
        while !computing.step(rows) {
            steps += 1;
        }
        prop_assert_eq!(steps, all.div_ceil(rows).max(1) + periods.len() + 1);
        prop_assert_eq!(computing.finish(), expected);
    }

    /// The KPIs of parts of the rows (as the CLI's threads compute them), merged in any
    /// order, equal the KPIs of all rows at once: invoices and payments cut anywhere
    /// (inside a warm block, at the ends, parts without invoices or without payments).
    #[test]
    fn kpis_of_merged_parts_equal_kpis_of_all_rows(
        seed in 0u64..1_000,
        cuts in proptest::collection::vec((0.0f64..=1.0, 0.0f64..=1.0), 0..4),
        reversed in any::<bool>(),
    ) {
        let (p, _) = Portfolio::build(portfolio(seed, 25, 700), None);
        let mut periods = kpi::monthly_periods(day(200), 6);
        periods.push(Period::new(day(10), day(200)).unwrap());
        let (n_inv, n_pay) = (p.invoices().len(), p.payments().len());
        let bounds = |n: usize, pick: fn(&(f64, f64)) -> f64| {
            let mut at: Vec<usize> = cuts.iter().map(|c| (pick(c) * n as f64) as usize).collect();
            at.extend([0, n]);
            at.sort_unstable();
            at
        };
        let (inv, pay) = (bounds(n_inv, |c| c.0), bounds(n_pay, |c| c.1));
        let mut parts: Vec<kpi::Series> = inv
            .windows(2)
            .zip(pay.windows(2))
            .map(|(i, k)| kpi::Series::part(&p, &periods, i[0]..i[1], k[0]..k[1]))
            .collect();
        if reversed {
            parts.reverse();
        }
        let mut merged = parts.remove(0);
        for part in parts {
            merged.merge(part);
        }
        prop_assert_eq!(merged.progress(), (n_inv + n_pay, n_inv + n_pay));
        let options = KpiOptions::default();
        prop_assert_eq!(merged.finish(&options), kpi::compute_series(&p, &periods, &options));
    }

    /// Writing a portfolio as CSV and reading it back gives the same tables.
    #[test]
    fn csv_round_trip(seed in 0u64..1_000) {
        let t = portfolio(seed, 20, 200);
        let files = rappel_core::ingest::write_tables(&t);
        let files: Vec<_> = files.iter()
            .map(|(n, b)| rappel_core::ingest::CsvFile { name: n, bytes: b }).collect();
        let imported = rappel_core::ingest::read_csv(&files, &Default::default());
        prop_assert!(imported.report.problems.is_empty(), "{:?}", imported.report.problems);
        prop_assert_eq!(imported.portfolio.tables(), &t);
    }
}

/// Bytes that break CSV rows in the ways real files do: separators, quotes, line ends, a
/// letter or a minus in a number, a Windows-1252 "é", a NUL, a zero.
const DAMAGE: [u8; 10] = [b',', b'"', b'\n', b'\r', b'x', b'-', 0xE9, 0, b'0', b';'];

proptest! {
    #![proptest_config(ProptestConfig { cases: 100, ..ProptestConfig::default() })]

    /// Whatever damage a bundle of files takes, every file's rows add up (accepted +
    /// rejected + skipped = read), what was accepted is exactly what the portfolio holds
    /// (rows and amounts), and nothing panics.
    #[test]
    fn damaged_files_are_counted_row_for_row(
        seed in 0u64..1_000,
        hits in proptest::collection::vec((0usize..8, any::<u32>(), 0usize..DAMAGE.len()), 0..24),
    ) {
        let t = portfolio(seed, 8, 60);
        let mut files: Vec<(&str, Vec<u8>)> = rappel_core::ingest::write_tables(&t);
        for (f, at, b) in hits {
            let bytes = &mut files[f].1;
            if !bytes.is_empty() {
                let k = at as usize % bytes.len();
                bytes[k] = DAMAGE[b];
            }
        }
        let csv: Vec<_> = files.iter()
            .map(|(n, b)| rappel_core::ingest::CsvFile { name: n, bytes: b }).collect();
        let imported = rappel_core::ingest::read_csv(&csv, &Default::default());
        let r = &imported.report;
        for f in &r.files {
            prop_assert_eq!(f.accepted + f.rejected + f.skipped, f.read, "{:?}", f);
        }
        let p = &imported.portfolio;
        let summary = |name: &str| r.files.iter().find(|f| f.file == name).cloned();
        if let Some(s) = summary("invoices.csv") {
            let sum: Money = p.invoices().iter().map(|i| i.amount).sum();
            prop_assert_eq!(s.accepted, p.invoices().len() as u64);
            prop_assert_eq!(s.amount_accepted, sum);
        }
        if let Some(s) = summary("payments.csv") {
            let sum: Money = p.payments().iter().map(|x| x.amount).sum();
            prop_assert_eq!(s.accepted, p.payments().len() as u64);
            prop_assert_eq!(s.amount_accepted, sum);
        }
        if let Some(s) = summary("customers.csv") {
            prop_assert_eq!(s.accepted, p.customers().len() as u64);
        }
    }
}

/// The checks' lookups split over threads (as the CLI asks for its cores) give the
/// portfolio and the problems of one thread, with refused rows on both sides of every
/// boundary between the parts (100 000 rows: three parts of 33 334, 33 334, 33 332).
#[test]
fn a_build_on_threads_equals_the_build_on_one() {
    let mut t = portfolio(5, 2_000, 100_000);
    let (n_inv, n_pay) = (t.invoices.len(), t.payments.len());
    assert!(
        n_inv >= 3 * rappel_core::threads::MIN_ROWS_PER_PART,
        "{n_inv}"
    );
    let at = |n: usize| {
        let size = n.div_ceil(3);
        [0, size - 1, size, 2 * size - 1, 2 * size, n - 1]
    };
    for k in at(n_inv) {
        t.invoices[k].customer_id = "nobody".into();
    }
    for k in at(n_pay) {
        t.payments[k].invoice_id = Some("no-such-invoice".into());
    }
    let (one, one_problems) = rappel_core::model::Building::new(t.clone(), None).finish();
    let (three, three_problems) = rappel_core::model::Building::new(t, None)
        .on_threads(3)
        .finish();
    assert!(one_problems.len() >= 12, "{}", one_problems.len());
    // Each refusal names the row that was damaged (lookups run 4 096 rows at a time:
    // a refused row's number counts the chunks before it).
    let invoices: Vec<usize> = one_problems
        .iter()
        .filter(|p| p.table == Table::Invoices)
        .map(|p| p.row)
        .collect();
    assert_eq!(invoices, at(n_inv));
    for k in at(n_pay) {
        assert!(
            one_problems.iter().any(|p| p.table == Table::Payments
                && p.row == k
                && p.reason.contains("\"no-such-invoice\" does not exist")),
            "payment row {k}"
        );
    }
    assert_eq!(three_problems, one_problems);
    assert_eq!(format!("{three:?}"), format!("{one:?}"));
}

/// The customers' and invoices' checks run first, while the other tables are still
/// being read (`Assembling::first`, as the CLI does), then the rest: the portfolio and
/// the report (every file's totals and every problem, at its file and line) of the
/// whole folder assembled at once — with rows refused in every table by their own checks
/// and references, a refused invoice whose payments are refused with it, repeated
/// payment ids (found on the second core while the invoices are admitted), a row that
/// does not parse, and an absent optional file.
#[test]
fn the_first_tables_checked_first_equal_all_at_once() {
    use rappel_core::ingest::{self, Assembling, CsvFile, ImportOptions, Parsed};
    let mut t = portfolio(11, 300, 40_000);
    t.customers[3].credit_limit = Some(Money::new(-1, 0));
    t.invoices[5].customer_id = "nobody".into();
    t.invoices[9].invoice_id = t.invoices[8].invoice_id.clone();
    t.invoices[12].due_date = t.invoices[12].issue_date - Days::new(1);
    let dup = t.payments[20].payment_id.clone();
    t.payments[40].payment_id = dup;
    t.payments[60].invoice_id = Some("no-such-invoice".into());
    t.payments[80].reversed_on = t.payments[80].payment_date.pred_opt();
    let mut files = rappel_core::ingest::write_tables(&t);
    files.retain(|(name, _)| *name != "write_offs.csv");
    for (name, bytes) in &mut files {
        if *name == "payments.csv" {
            bytes.extend_from_slice(b"P-BAD,C1,,not-a-date,1.00,transfer,\n");
        }
    }
    let csv: Vec<CsvFile<'_>> = files
        .iter()
        .map(|(name, bytes)| CsvFile { name, bytes })
        .collect();
    let one = ImportOptions::default();
    let whole = ingest::read_csv(&csv, &one);
    assert!(
        whole.report.problems.len() >= 8,
        "{:#?}",
        whole.report.problems
    );
    // On two threads the invoices are admitted while the rest is asked for (and the
    // payments' repeats found beside); on one, after.
    for threads in [1, 2] {
        let options = ImportOptions {
            threads,
            ..ImportOptions::default()
        };
        // The customers and the invoices taken out of the folder read; the rest after.
        let mut rest = Parsed::from_files(&csv);
        let mut first = Parsed::default();
        std::mem::swap(&mut first.customers, &mut rest.customers);
        std::mem::swap(&mut first.invoices, &mut rest.invoices);
        let first = Assembling::first(first.customers, first.invoices, &options);
        let parts = first.with_rest(move || Ok(rest)).unwrap().finish();
        assert_eq!(parts.report, whole.report, "{threads} threads");
        assert_eq!(
            format!("{:?}", parts.portfolio),
            format!("{:?}", whole.portfolio),
            "{threads} threads"
        );
        // The rest that could not be read is the answer.
        let first = Parsed::from_files(&csv);
        let first = Assembling::first(first.customers, first.invoices, &options);
        let failed = first.with_rest(|| Err("payments.csv: gone".to_string()));
        assert_eq!(failed.err().as_deref(), Some("payments.csv: gone"));
    }
}

/// KPIs computed on threads (as the CLI asks for its cores) equal the KPIs of one
/// thread: 100 000 invoices split into three parts, each with its share of the
/// payments.
#[test]
fn kpis_on_threads_equal_kpis_on_one() {
    let (p, _) = Portfolio::build(portfolio(7, 2_000, 100_000), None);
    let n_inv = p.invoices().len();
    assert!(
        n_inv >= 3 * rappel_core::threads::MIN_ROWS_PER_PART,
        "{n_inv}"
    );
    let mut periods = kpi::monthly_periods(day(200), 12);
    periods.push(Period::new(day(30), day(180)).unwrap());
    let one = KpiOptions::default();
    let three = KpiOptions {
        threads: 3,
        ..KpiOptions::default()
    };
    assert_eq!(
        kpi::compute_series(&p, &periods, &three),
        kpi::compute_series(&p, &periods, &one)
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// On two threads the repeats of the payments' ids are found while the invoices are
    /// checked, before the payments' own checks are known; they are taken only when
    /// they are the repeats among the rows those checks keep. Payments whose ids repeat
    /// (from a pool of four, or empty), some of them also refused for an unknown invoice
    /// or a reversal before the payment — a refused first row of an id, a refused
    /// repeat, a whole group refused: the portfolio and the problems of one thread.
    #[test]
    fn repeated_payment_ids_found_early_are_those_of_one_thread(
        seed in 0u64..1_000,
        edits in proptest::collection::vec((0usize..64, 0usize..6, 0usize..4), 0..40),
    ) {
        let mut t = portfolio(seed, 8, 60);
        let n = t.payments.len();
        prop_assume!(n > 0);
        for (row, id, damage) in edits {
            let p = &mut t.payments[row % n];
            p.payment_id = match id {
                4 => "".into(),
                5 => p.payment_id.clone(),
                k => format!("PAY-{k}").into(),
            };
            match damage {
                1 => p.invoice_id = Some("no-such-invoice".into()),
                2 => p.reversed_on = p.payment_date.pred_opt(),
                _ => {}
            }
        }
        let (one, one_problems) = rappel_core::model::Building::new(t.clone(), None).finish();
        let (two, two_problems) =
            rappel_core::model::Building::new(t, None).on_threads(2).finish();
        prop_assert_eq!(two_problems, one_problems);
        prop_assert_eq!(format!("{two:?}"), format!("{one:?}"));
    }
}
