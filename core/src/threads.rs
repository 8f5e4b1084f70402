//! Work that splits into independent parts, run side by side where the target has
//! threads. The number of threads is the host's choice, passed in (the core reads
//! nothing of the machine it runs on): the CLI asks for its cores, the component and the
//! dashboard run on the one thread they have. The parts are contiguous slices of the
//! rows and their results come back in row order, so the answer is the same for any
//! number of threads.

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
    let parts = parts(rows.len(), threads);
    if parts <= 1 {
        return vec![f(rows)];
    }
    let size = rows.len().div_ceil(parts);
    run_side_by_side(rows.chunks(size), &f)
}

/// How many parts `n` rows are split into for `threads` threads.
fn parts(n: usize, threads: usize) -> usize {
    if cfg!(target_family = "wasm") {
        return 1;
    }
    threads.clamp(1, (n / MIN_ROWS_PER_PART).max(1))
}

/// `f` of every chunk, the first on this thread and the others on threads of their own
/// (a part whose thread the system refuses runs on this thread after the first).
#[cfg(not(target_family = "wasm"))]
fn run_side_by_side<'a, T, R, F>(mut chunks: std::slice::Chunks<'a, T>, f: &F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&[T]) -> R + Sync,
{
    let first = chunks.next().unwrap_or_default();
    std::thread::scope(|s| {
        let others: Vec<_> = chunks
            .map(|c| {
                let started = std::thread::Builder::new().spawn_scoped(s, move || f(c));
                (c, started.ok())
            })
            .collect();
        let mut out = vec![f(first)];
        for (c, h) in others {
            out.push(match h {
                // A part that panicked panics here, as it would have on this thread.
                Some(h) => h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)),
                None => f(c),
            });
        }
        out
    })
}

/// Targets without threads never split ([`parts`] is 1 there).
#[cfg(target_family = "wasm")]
fn run_side_by_side<'a, T, R, F>(chunks: std::slice::Chunks<'a, T>, f: &F) -> Vec<R>
where
    F: Fn(&[T]) -> R,
{
    chunks.map(f).collect()
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
    }
}
