//! The KPIs of many periods in one pass over the portfolio, a slice of rows at a time
//! ([`Series::step`]): every invoice is visited once and adds to every snapshot date and
//! period it belongs to, then every payment (unapplied cash, direct debits). A host that
//! must keep answering (the dashboard paints between slices) steps it; everyone else
//! runs it to its end ([`super::compute_series`]). Sums of decimals are exact, so the
//! result is the same however the rows are sliced.

use chrono::NaiveDate;

use super::KpiOptions;
use super::dso::{COUNTBACK_MONTHS, MonthSales};
use super::engine::{KpiReport, KpiSet, SegmentKpis, countback_days};
use super::period::{Period, months_between};
use super::snapshot::{Aging, Bucket, Snapshot};
use super::supporting::{self, DirectDebits, FirstInvoices};
use super::total::Total;
use crate::model::{Money, Portfolio};

/// Invoices whose payments are read ahead together ([`Portfolio::read_ahead_balances`]:
/// on the 1 M portfolio the payments' cache misses, waited for one by one among the
/// balance arithmetic, were most of the KPIs' time): small enough that their payments
/// stay in the fastest cache (256 × ~112 bytes), large enough to keep many reads under
/// way.
const WARM_BLOCK: usize = 256;

/// The KPIs of `periods` of a portfolio being computed: [`Series::new`],
/// [`Series::step`] as often as wanted, then [`Series::finish`] (or the reports one at a
/// time, [`Series::reports`]; [`super::Computing`] steps both).
pub struct Series<'p> {
    p: &'p Portfolio,
    periods: Vec<Period>,
    /// Every snapshot date (each period's opening and closing day), sorted, unique.
    dates: Vec<NaiveDate>,
    /// Groups: each segment, then the total.
    groups: usize,
    /// Per date and group.
    snaps: Vec<Balances>,
    /// Per period and group.
    sales: Vec<Total>,
    /// Per period, countback month and group.
    monthly: Vec<Total>,
    first_invoices: FirstInvoices,
    /// Per period.
    direct_debits: Vec<DirectDebits>,
    /// Rows visited: invoices first, then payments.
    visited: usize,
}

impl<'p> Series<'p> {
    /// Nothing visited yet.
    pub fn new(p: &'p Portfolio, periods: &[Period]) -> Series<'p> {
        let groups = p.segments().len() + 1;
        let mut dates: Vec<NaiveDate> = periods
            .iter()
            .flat_map(|q| [q.day_before(), q.to()])
            .collect();
        dates.sort_unstable();
        dates.dedup();
        let snaps = vec![Balances::default(); dates.len() * groups];
        let n = periods.len();
        Series {
            p,
            periods: periods.to_vec(),
            dates,
            groups,
            snaps,
            sales: vec![Total::default(); n * groups],
            monthly: vec![Total::default(); n * COUNTBACK_MONTHS * groups],
            first_invoices: FirstInvoices::new(p),
            direct_debits: vec![DirectDebits::default(); n],
            visited: 0,
        }
    }

    /// The part of a split computation that visits the invoices `invoices` and the
    /// payments `payments` (row numbers in their tables) and no other rows: parts that
    /// together cover every row, [`Series::merge`]d, are the series of the whole
    /// portfolio (their sums are exact, so the split never changes a figure).
    pub fn part(
        p: &'p Portfolio,
        periods: &[Period],
        invoices: std::ops::Range<usize>,
        payments: std::ops::Range<usize>,
    ) -> Series<'p> {
        let mut part = Series::new(p, periods);
        part.visited = invoices.start;
        part.step(invoices.len());
        part.visited = p.invoices().len() + payments.start;
        part.step(payments.len());
        part
    }

    /// Adds what `other`, another part of the same split ([`Series::part`]: same
    /// portfolio and periods, other rows), has visited. The merged series counts as
    /// having visited up to the furthest row either had: merge every part of the split
    /// before [`Series::finish`].
    pub fn merge(&mut self, other: Series<'p>) {
        for (a, b) in self.snaps.iter_mut().zip(&other.snaps) {
            a.merge(b);
        }
        for (a, b) in self.sales.iter_mut().zip(&other.sales) {
            a.merge(b);
        }
        for (a, b) in self.monthly.iter_mut().zip(&other.monthly) {
            a.merge(b);
        }
        self.first_invoices.merge(self.p, &other.first_invoices);
        for (a, b) in self.direct_debits.iter_mut().zip(&other.direct_debits) {
            a.merge(b);
        }
        self.visited = self.visited.max(other.visited);
    }

    /// Rows visited and rows in all (invoices, then payments).
    pub fn progress(&self) -> (usize, usize) {
        let p = self.p;
        (self.visited, p.invoices().len() + p.payments().len())
    }

    /// Visits up to `rows` more rows; `true` once every row has been visited.
    pub fn step(&mut self, rows: usize) -> bool {
        let n_inv = self.p.invoices().len();
        let (mut visited, all) = self.progress();
        let end = visited.saturating_add(rows).min(all);
        let invoices_end = end.min(n_inv);
        while visited < invoices_end {
            let block = visited..(visited + WARM_BLOCK).min(invoices_end);
            self.p.read_ahead_balances(block.clone());
            for i in block.clone() {
                self.invoice(i);
            }
            visited = block.end;
        }
        while visited < end {
            self.payment(visited - n_inv);
            visited += 1;
        }
        self.visited = visited;
        visited == all
    }

    /// Adds invoice `i` to the sales of its periods, to its countback months and to its
    /// balance's aging bucket at every snapshot date from its issue on.
    fn invoice(&mut self, i: usize) {
        let (p, g) = (self.p, self.groups);
        let inv = &p.invoices()[i];
        let seg = p.segment_of_customer(p.customer_of_invoice(i));
        for (pi, q) in self.periods.iter().enumerate() {
            if inv.issue_date > q.to() {
                continue;
            }
            if inv.issue_date >= q.from() {
                self.sales[pi * g + seg].add(inv.amount);
            }
            let m = months_between(inv.issue_date, q.to()) as usize;
            if m < COUNTBACK_MONTHS {
                self.monthly[(pi * COUNTBACK_MONTHS + m) * g + seg].add(inv.amount);
            }
        }
        // From the invoice's last change on, its balance is the one of the first date
        // reached there: computed once, and when it is zero no later date has any.
        let first = self.dates.partition_point(|d| *d < inv.issue_date);
        let last_change = p.last_change_of_invoice(i);
        let mut constant: Option<Money> = None;
        for (di, &d) in self.dates.iter().enumerate().skip(first) {
            let bal = match constant {
                Some(b) => b,
                None => p.balance_at(i, d),
            };
            if d >= last_change {
                if bal.is_zero() {
                    break;
                }
                constant = Some(bal);
            }
            if !bal.is_zero() {
                let bucket = Bucket::of((d - inv.due_date).num_days());
                self.snaps[di * g + seg].aging[bucket as usize].add(bal);
            }
        }
        self.first_invoices.visit(p, i);
    }

    /// Adds payment `k` to the unapplied cash of every snapshot date it counts at (when
    /// it is applied to no invoice) and to the direct debits of its periods.
    fn payment(&mut self, k: usize) {
        let (p, g) = (self.p, self.groups);
        let pm = &p.payments()[k];
        if pm.invoice_id.is_none() {
            let seg = p.segment_of_customer(p.customer_of_payment(k));
            let first = self.dates.partition_point(|d| *d < pm.payment_date);
            for (di, &d) in self.dates.iter().enumerate().skip(first) {
                if pm.counts_at(d) {
                    self.snaps[di * g + seg].unapplied_cash.add(pm.amount);
                }
            }
        }
        for (dd, q) in self.direct_debits.iter_mut().zip(&self.periods) {
            dd.visit(pm, q);
        }
    }

    /// Visits the rows left, then the write-offs and disputes, and gives one report per
    /// period, in the order given ([`Series::reports`] to the end).
    pub fn finish(self, options: &KpiOptions) -> Vec<KpiReport> {
        self.reports(options).collect()
    }

    /// Visits the rows left and the write-offs, and gives the periods' reports one at a
    /// time, in the order given: each report also goes through the disputes and every
    /// customer's first invoice (at 10 M invoices, the fourteen reports of the dashboard
    /// took 130 ms natively; a host that paints between steps takes them one a step:
    /// BENCHMARKS.md, issue 15, thirtieth pass).
    pub fn reports(mut self, options: &KpiOptions) -> Reports<'p> {
        self.step(usize::MAX);
        let (p, g) = (self.p, self.groups);
        let n_seg = g - 1;
        let n_per = self.periods.len();
        let mut write_offs = vec![Total::default(); n_per * g];
        for w in p.write_offs() {
            let Some(i) = p.invoice_index(&w.invoice_id) else {
                continue;
            };
            let seg = p.segment_of_customer(p.customer_of_invoice(i));
            for (pi, q) in self.periods.iter().enumerate() {
                if q.contains(w.written_off_on) {
                    write_offs[pi * g + seg].add(w.amount);
                }
            }
        }
        // Totals are the sums of the segments (exact decimals: same as summing directly).
        for day in self.snaps.chunks_mut(g) {
            let (segs, total) = day.split_at_mut(n_seg);
            for s in segs.iter() {
                total[0].merge(s);
            }
        }
        let total_of = |v: &mut [Total]| {
            for row in v.chunks_mut(g) {
                row[n_seg] = Total::Decimal(row[..n_seg].iter().map(Total::value).sum());
            }
        };
        total_of(&mut self.sales);
        total_of(&mut self.monthly);
        total_of(&mut write_offs);
        Reports {
            series: self,
            write_offs,
            options: options.clone(),
            next: 0,
        }
    }

    /// The report of period `pi` once every row is visited.
    fn report(&self, pi: usize, write_offs: &[Total], options: &KpiOptions) -> KpiReport {
        let (p, g) = (self.p, self.groups);
        let q = &self.periods[pi];
        let open = self.dates.binary_search(&q.day_before()).unwrap_or(0);
        let close = self.dates.binary_search(&q.to()).unwrap_or(0);
        let month_days = countback_days(q.to());
        let set = |grp: usize| {
            let months = (0..COUNTBACK_MONTHS)
                .map(|m| MonthSales {
                    sales: self.monthly[(pi * COUNTBACK_MONTHS + m) * g + grp].value(),
                    days: month_days[m],
                })
                .collect();
            KpiSet::new(
                q,
                self.sales[pi * g + grp].value(),
                self.snaps[open * g + grp].at(self.dates[open]),
                self.snaps[close * g + grp].at(self.dates[close]),
                write_offs[pi * g + grp].value(),
                months,
            )
        };
        KpiReport {
            period: *q,
            total: set(g - 1),
            segments: p
                .segments()
                .iter()
                .enumerate()
                .map(|(s, label)| SegmentKpis {
                    segment: label.clone(),
                    kpis: set(s),
                })
                .collect(),
            supporting: supporting::compute(
                p,
                q,
                options,
                &self.first_invoices,
                &self.direct_debits[pi],
            ),
        }
    }
}

/// The reports of a [`Series`] whose rows were all visited, one period at a time
/// ([`Series::reports`]).
pub struct Reports<'p> {
    series: Series<'p>,
    /// Per period and group.
    write_offs: Vec<Total>,
    options: KpiOptions,
    /// The period whose report comes next.
    next: usize,
}

impl Iterator for Reports<'_> {
    type Item = KpiReport;

    fn next(&mut self) -> Option<KpiReport> {
        let pi = self.next;
        (pi < self.series.periods.len()).then(|| {
            self.next += 1;
            self.series.report(pi, &self.write_offs, &self.options)
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.series.periods.len() - self.next;
        (left, Some(left))
    }
}

/// What a snapshot date adds up for one group while the rows are visited: the
/// balances by aging bucket (in [`Bucket`]'s order) and the unapplied cash.
#[derive(Debug, Clone, Copy, Default)]
struct Balances {
    aging: [Total; 5],
    unapplied_cash: Total,
}

impl Balances {
    /// Adds what `other` (other rows, or a segment into the total) added up.
    fn merge(&mut self, other: &Balances) {
        for (a, b) in self.aging.iter_mut().zip(&other.aging) {
            a.merge(b);
        }
        self.unapplied_cash.merge(&other.unapplied_cash);
    }

    /// The snapshot at `date`.
    fn at(&self, date: NaiveDate) -> Snapshot {
        let bucket = |b: Bucket| self.aging[b as usize].value();
        Snapshot {
            date,
            aging: Aging {
                current: bucket(Bucket::Current),
                d1_30: bucket(Bucket::D1To30),
                d31_60: bucket(Bucket::D31To60),
                d61_90: bucket(Bucket::D61To90),
                d91_plus: bucket(Bucket::D91Plus),
            },
            unapplied_cash: self.unapplied_cash.value(),
        }
    }
}
