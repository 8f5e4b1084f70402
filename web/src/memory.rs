//! The page's memory: a WebAssembly module has at most 4 GiB (65 536 pages of 64 KiB,
//! its 32-bit address space: WebAssembly core specification 2.0, 2.5.5 "Memory
//! Types"), however much the machine has. A folder larger than that must end in a clear
//! message, never in a page that froze because an allocation failed (the module then
//! stops at a trap, `unreachable`, and the work it was doing with it).
//!
//! Two guards:
//! - the reading of files stops, and says why, once the bytes allocated pass
//!   [`SOFT_LIMIT`] ([`over_soft_limit`], looked at between two steps: the page keeps
//!   what it showed and frees what was read), or once the room for a file's rows,
//!   asked for in one piece from the file's size, could not be had (the core then
//!   leaves the file unread: `rappel_core::bundle::Reading::lacks_room`). 30 M
//!   generated invoices (3.8 GB of CSV) ask for 2.16 GB for the invoices' rows alone
//!   (about 33.8 M rows, 64 bytes each in a 32-bit module), more than one piece can be
//!   there (2 GiB): the notice came after 5 s, with the customers read;
//! - an allocation that fails anyway is noted by the allocator ([`Watched`]), so that
//!   the trap after it shows a readable message ([`crate::fatal`]) instead of a dead page.
//!
//! At 20 M generated invoices (2.5 GB of CSV) the reading stopped during the checks,
//! with the module's memory at 3.82 GB, 0.47 GB below [`LIMIT`]; 10 M invoices (1.2 GB)
//! peak at 2.23 GB allocated and load (BENCHMARKS.md, issue 15, thirty-first pass).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::Relaxed};

/// The most memory a 32-bit WebAssembly module can have: 65 536 pages of 64 KiB.
pub const LIMIT: u64 = 65_536 * 64 * 1024;

/// Bytes allocated past which an upload stops. The rest (512 MiB) is room for the
/// largest allocations one step makes, for the KPIs computed next, and for the
/// allocator's free blocks that are too small to reuse.
pub const SOFT_LIMIT: u64 = LIMIT / 8 * 7;

/// Bytes allocated and not freed (the module's memory never shrinks, so its size says
/// only how much was ever in use at once).
static LIVE: AtomicUsize = AtomicUsize::new(0);

/// Whether an allocation failed (the module stops right after: nothing in the page
/// allocates fallibly, so a failure ends in `handle_alloc_error`'s trap).
static EXHAUSTED: AtomicBool = AtomicBool::new(false);

/// The limits a browser test narrows for the upload that starts ([`narrow_for_test`]),
/// as bytes allocated: where the reading stops, and past which every allocation fails
/// (0: not narrowed).
static TEST_SOFT: AtomicUsize = AtomicUsize::new(0);
static TEST_CAP: AtomicUsize = AtomicUsize::new(0);

/// The page's allocator: the standard one, counting the bytes allocated and noting a
/// failure. It allocates nothing itself, so it works when memory has run out. Its
/// methods stay out of line: inlined into every allocation, they made the bundle
/// 318 kB larger (4.90 → 5.21 MB; 4.93 MB out of line).
pub struct Watched;

#[global_allocator]
static ALLOCATOR: Watched = Watched;

/// The bytes allocated now.
pub fn live() -> u64 {
    LIVE.load(Relaxed) as u64
}

/// Whether the bytes allocated are past the point where an upload stops ([`SOFT_LIMIT`],
/// or the one a test set).
pub fn over_soft_limit() -> bool {
    let narrowed = TEST_SOFT.load(Relaxed) as u64;
    live() > if narrowed > 0 { narrowed } else { SOFT_LIMIT }
}

/// Called as an upload starts: a browser test may narrow the limits to so many bytes
/// above those allocated now, `window.rappelMemoryLimit` where the reading stops and
/// `window.rappelMemoryCap` past which allocations fail, so that both guards are seen
/// at work without gigabytes of files. A page nobody set them in keeps the module's own.
pub fn narrow_for_test() {
    let window = web_sys::window();
    let above_now = |name: &str| {
        let set = window
            .as_ref()
            .and_then(|w| js_sys::Reflect::get(w, &name.into()).ok())
            .and_then(|v| v.as_f64())
            .filter(|b| *b >= 1.0);
        set.map_or(0, |b| LIVE.load(Relaxed).saturating_add(b as usize))
    };
    TEST_SOFT.store(above_now("rappelMemoryLimit"), Relaxed);
    TEST_CAP.store(above_now("rappelMemoryCap"), Relaxed);
}

/// Whether an allocation has failed since the page started (or since the last
/// [`forget_refusal`]).
pub fn exhausted() -> bool {
    EXHAUSTED.load(Relaxed)
}

/// Forgets a refused allocation. Called where the work went on after it, so the refusal
/// was one its caller allowed for (the core asks for the room for a file's rows
/// fallibly, and says when it could not be had): a later trap is then not taken for
/// memory running out.
pub fn forget_refusal() {
    EXHAUSTED.store(false, Relaxed);
}

/// Whether `more` bytes would pass the limit a test set ([`narrow_for_test`]).
fn past_test_cap(more: usize) -> bool {
    let cap = TEST_CAP.load(Relaxed);
    cap > 0 && LIVE.load(Relaxed).saturating_add(more) > cap
}

/// Notes that an allocation failed, and gives the null pointer that says so.
fn refused() -> *mut u8 {
    EXHAUSTED.store(true, Relaxed);
    std::ptr::null_mut()
}

/// Counts `size` more bytes at `p`, or notes the failure when `p` is null.
fn allocated(p: *mut u8, size: usize) -> *mut u8 {
    if p.is_null() {
        return refused();
    }
    LIVE.fetch_add(size, Relaxed);
    p
}

// SAFETY: every call is passed on unchanged to `System`, which upholds `GlobalAlloc`'s
// contract; the counting touches only two atomics.
unsafe impl GlobalAlloc for Watched {
    #[inline(never)]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if past_test_cap(layout.size()) {
            return refused();
        }
        // SAFETY: the caller's layout, as `GlobalAlloc::alloc` requires.
        allocated(unsafe { System.alloc(layout) }, layout.size())
    }

    #[inline(never)]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if past_test_cap(layout.size()) {
            return refused();
        }
        // SAFETY: as in `alloc`.
        allocated(unsafe { System.alloc_zeroed(layout) }, layout.size())
    }

    #[inline(never)]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated by this allocator (so by `System`) with `layout`.
        unsafe { System.dealloc(ptr, layout) };
        LIVE.fetch_sub(layout.size(), Relaxed);
    }

    #[inline(never)]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if past_test_cap(new_size.saturating_sub(layout.size())) {
            return refused();
        }
        // SAFETY: the caller's block and sizes, as `GlobalAlloc::realloc` requires.
        let q = unsafe { System.realloc(ptr, layout, new_size) };
        if q.is_null() {
            // The old block is still allocated.
            return refused();
        }
        LIVE.fetch_sub(layout.size(), Relaxed);
        LIVE.fetch_add(new_size, Relaxed);
        q
    }
}
