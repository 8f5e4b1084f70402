//! Long work done a slice at a time, so that the page keeps painting and answering: the
//! demo's generation and checks, the reading and checking of dropped files, the KPIs.
//! Each is a core type with a `step` (the core knows nothing of the browser); this
//! module runs such steps for a slice of time ([`PROGRESS_MS`], [`QUIET_MS`]) between two
//! chances for the browser to paint and handle input.

/// Work done between two paints while a progress bar moves (milliseconds). Each pause
/// costs a frame's rendering and a timer's delay (a few ms), so slices are as long as
/// the budget allows: with the longest single step (~0.1 s in the page on 1 M
/// invoices) a frame still comes within 250 ms (the issue-15 budget), and the bars move
/// ~10 times a second.
pub const PROGRESS_MS: f64 = 80.0;

/// Work done between two paints when nothing moves meanwhile (the KPIs: their tiles
/// change at the end): longer, so that a computation of ~0.1 s (a period change on
/// 100 k invoices) ends without a pause; its steps are short (~30 ms in the page).
pub const QUIET_MS: f64 = 150.0;

/// The page's clock (`performance`), looked up once: a slice asks the time after every
/// step, and finding `window.performance` each time took three calls into JavaScript
/// where one does (BENCHMARKS.md, issue 15, thirtieth pass).
struct Clock(Option<web_sys::Performance>);

impl Clock {
    fn new() -> Clock {
        Clock(web_sys::window().and_then(|w| w.performance()))
    }

    /// Milliseconds since the page started (0 without a window).
    fn now(&self) -> f64 {
        self.0.as_ref().map_or(0.0, |p| p.now())
    }
}

/// Marks the start of a phase of long work (`rappel:<phase>`, the names of the status
/// line's `data-phase`) in the browser's performance timeline (User Timing) at the
/// moment the work enters it. The status line shows a phase only at the next pause, up
/// to a slice later; DevTools and the upload benchmark (`tests/e2e/bench.mjs`) read
/// these marks to see where each phase's time goes.
pub fn mark(phase: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(&format!("rappel:{phase}"));
    }
}

/// Lets the browser handle what is waiting (input, a frame when one is due) before
/// the next slice of work.
pub async fn yield_to_browser() {
    gloo_timers::future::TimeoutFuture::new(0).await;
}

/// Waits until the browser has painted a frame (what the page shows now, e.g. a status
/// line), then lets it handle what is waiting: for a long step that follows, so that it
/// starts with its status on the screen.
pub async fn paint_then_continue() {
    let frame = js_sys::Promise::new(&mut |resolve, _| {
        let painted = web_sys::window().map(|w| w.request_animation_frame(&resolve));
        if !matches!(painted, Some(Ok(_))) {
            // No window (cannot happen in the page): go on at once.
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(frame).await;
    yield_to_browser().await;
}

/// Calls `step` (which says when the work is done) for up to `slice_ms` at a time, then
/// `between` (e.g. to show progress) and lets the browser paint; stops early, with
/// `None`, when `current` says the work is no longer wanted (a newer load or period).
/// Gives the milliseconds spent in `step`, the pauses left out.
pub async fn run(
    slice_ms: f64,
    mut step: impl FnMut() -> bool,
    mut between: impl FnMut(),
    current: impl Fn() -> bool,
) -> Option<f64> {
    let clock = Clock::new();
    let mut working = 0.0;
    loop {
        let start = clock.now();
        let mut done = false;
        while !done && clock.now() - start < slice_ms {
            done = step();
        }
        working += clock.now() - start;
        if done {
            return Some(working);
        }
        between();
        yield_to_browser().await;
        if !current() {
            return None;
        }
    }
}
