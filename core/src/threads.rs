//! Work that splits into independent parts, run side by side where the target has
//! threads. The number of threads is the host's choice, passed in (the core reads
//! nothing of the machine it runs on): the CLI asks for its cores, the component and the
//! dashboard run on the one thread they have. The parts are contiguous slices of the
//! rows and their results come back in row order, so the answer is the same for any
//! number of threads.

use std::ops::Range;

/// Fewer rows than this per part are not worth a thread (starting one costs tens of
/// microseconds; a part of this size takes milliseconds).
pub const MIN_ROWS_PER_PART: usize = 32 * 1024;

/// `f` of contiguous parts of `rows` (all of them, in order), on up to `threads` threads
/// (the calling thread is one of them) where the target has threads, parts of at least
/// [`MIN_ROWS_PER_PART`] rows; on one thread otherwise: then the whole of `rows` is one
/// part.
pub fn in_parts<T, R, F>(rows: &[T], threads: usize, f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&[T]) -> R + Sync,
{
    in_ranges(rows.len(), threads, |r| f(&rows[r]))
}

/// [`in_parts`] of the row numbers `0..n` rather than of a slice: `f` of contiguous
/// ranges covering `0..n` in order (one range `0..n` on one thread), for work that
/// needs the rows' numbers (the KPIs' parts: a range of invoices, and the payments in
/// the same proportion).
pub fn in_ranges<R, F>(n: usize, threads: usize, f: F) -> Vec<R>
where
    R: Send,
    F: Fn(Range<usize>) -> R + Sync,
{
    let parts = parts(n, threads);
    if parts <= 1 {
        return vec![f(0..n)];
    }
    let size = n.div_ceil(parts);
    let ranges = (0..n)
        .step_by(size)
        .map(|start| start..(start + size).min(n));
    run_side_by_side(ranges, &f)
}

/// How many parts `n` rows are split into for `threads` threads.
fn parts(n: usize, threads: usize) -> usize {
    if cfg!(target_family = "wasm") {
        return 1;
    }
    threads.clamp(1, (n / MIN_ROWS_PER_PART).max(1))
}

/// `f` of every range, the first on this thread and the others on threads of their own
/// (a part whose thread the system refuses runs on this thread after the first).
#[cfg(not(target_family = "wasm"))]
fn run_side_by_side<R, F>(mut ranges: impl Iterator<Item = Range<usize>>, f: &F) -> Vec<R>
where
    R: Send,
    F: Fn(Range<usize>) -> R + Sync,
{
    let first = ranges.next().unwrap_or_default();
    std::thread::scope(|s| {
        let others: Vec<_> = ranges
            .map(|r| {
                let started = std::thread::Builder::new().spawn_scoped(s, {
                    let r = r.clone();
                    move || f(r)
                });
                (r, started.ok())
            })
            .collect();
        let mut out = vec![f(first)];
        for (r, h) in others {
            out.push(match h {
                // A part that panicked panics here, as it would have on this thread.
                Some(h) => h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)),
                None => f(r),
            });
        }
        out
    })
}

/// `a()` and `b()`, two independent pieces of work, at the same time when `threads` is
/// two or more and the target has threads (`b` on a thread of its own, `a` on this one;
/// `b` here after `a` when the system refuses the thread), one after the other
/// otherwise. For a phase that runs on one core, so that other work fills the second
/// (the portfolio's groups; one table's checks while the next one's ids are scanned).
pub fn side_by_side<A, B, FA, FB>(threads: usize, a: FA, b: FB) -> (A, B)
where
    B: Send,
    FA: FnOnce() -> A,
    FB: Fn() -> B + Sync,
{
    if !side_by_side_runs(threads) {
        let a = a();
        return (a, b());
    }
    both(a, &b)
}

/// Whether [`side_by_side`] on `threads` threads runs its two pieces of work at the
/// same time (work worth doing only then, ahead of when it is needed, asks this).
pub fn side_by_side_runs(threads: usize) -> bool {
    !cfg!(target_family = "wasm") && threads >= 2
}

#[cfg(not(target_family = "wasm"))]
fn both<A, B, FA, FB>(a: FA, b: &FB) -> (A, B)
where
    B: Send,
    FA: FnOnce() -> A,
    FB: Fn() -> B + Sync,
{
    std::thread::scope(|s| {
        let started = std::thread::Builder::new().spawn_scoped(s, b);
        let a = a();
        let b = match started {
            // A part that panicked panics here, as it would have on this thread.
            Ok(h) => h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)),
            Err(_) => b(),
        };
        (a, b)
    })
}

/// Targets without threads run one after the other ([`side_by_side`] never gets here).
#[cfg(target_family = "wasm")]
fn both<A, B, FA, FB>(a: FA, b: &FB) -> (A, B)
where
    FA: FnOnce() -> A,
    FB: Fn() -> B,
{
    let a = a();
    (a, b())
}

/// Targets without threads never split ([`parts`] is 1 there).
#[cfg(target_family = "wasm")]
fn run_side_by_side<R, F>(ranges: impl Iterator<Item = Range<usize>>, f: &F) -> Vec<R>
where
    F: Fn(Range<usize>) -> R,
{
    ranges.map(f).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_cover_every_row_in_order_for_any_number_of_threads() {
        let rows: Vec<u32> = (0..100_000).collect();
        for threads in [0, 1, 2, 3, 8, 1000] {
            let parts = in_parts(&rows, threads, |r| r.to_vec());
            assert_eq!(parts.concat(), rows, "{threads} threads");
            // 100 000 rows hold three parts of ≥ 32 768 rows at most.
            let expected = if cfg!(target_family = "wasm") {
                1
            } else {
                threads.clamp(1, 3)
            };
            assert_eq!(parts.len(), expected, "{threads} threads");
        }
        assert_eq!(in_parts(&[] as &[u32], 4, |r| r.len()), vec![0]);
        assert_eq!(in_ranges(0, 4, |r| r.len()), vec![0]);
        // 70 000 rows on 3 threads: two parts (of ≥ 32 768 rows), 35 000 each.
        let bounds = |r: Range<usize>| (r.start, r.end);
        let two = if cfg!(target_family = "wasm") {
            vec![(0, 70_000)]
        } else {
            vec![(0, 35_000), (35_000, 70_000)]
        };
        assert_eq!(in_ranges(70_000, 3, bounds), two);
    }

    #[test]
    fn work_side_by_side_gives_both_results_on_any_number_of_threads() {
        let rows: Vec<u64> = (1..=100_000).collect();
        for threads in [0, 1, 2, 8] {
            // 1 + … + 100 000 = 5 000 050 000; the largest is 100 000.
            let (sum, max) = side_by_side(
                threads,
                || rows.iter().sum::<u64>(),
                || rows.iter().copied().max(),
            );
            assert_eq!(
                (sum, max),
                (5_000_050_000, Some(100_000)),
                "{threads} threads"
            );
        }
    }
}
