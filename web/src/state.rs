//! The workspace every page of the dashboard shares: the portfolio and how it was
//! imported, the policy and the dunning history, the period, the segment and the
//! language, with what is derived from them (the dunning run and the worklist at the
//! period's end). Made once by the app and provided as a Leptos context, so a page or a
//! widget takes what it needs with [`Workspace::get`] instead of a chain of props.

use std::sync::Arc;

use chrono::NaiveDate;
use leptos::prelude::*;
use rappel_core::bundle::Step;
use rappel_core::cash::application::{CashReport, Decision};
use rappel_core::collections::disputes::ResponseOutcome;
use rappel_core::collections::dunning::{History, RunReport};
use rappel_core::collections::policy::{self, Policy, PolicyFormat, PolicyProblem};
use rappel_core::collections::worklist::WorklistRow;
use rappel_core::ingest::ImportReport;
use rappel_core::kpi::{self, Period};
use rappel_core::model::{Language, Portfolio};

use crate::components::upload::PageFiles;
use crate::i18n;

/// Demo portfolio sizes: (customers, invoices).
pub const SIZES: [(u32, u32); 4] = [
    (2_000, 50_000),
    (5_000, 100_000),
    (10_000, 250_000),
    (50_000, 1_000_000),
];

/// What the page is doing.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    /// Making the demo: invoices made so far, and in all.
    Generating(u32, u32),
    /// Indexing the generated tables.
    Indexing(u32),
    /// Reading the user's files: each file's name, bytes read and size.
    Reading(Vec<FileBar>),
    /// Checking the tables read (references, duplicates): the number of files, and
    /// phases of the checks done of all.
    Checking {
        files: usize,
        done: usize,
        of: usize,
    },
    /// Matching bank statements: movements matched, of those read.
    Matching { done: usize, of: usize },
    /// Checking the portfolio again with what Invoice Responses or bank statements
    /// changed: phases done of all.
    Recording { done: usize, of: usize },
    /// Computing the KPIs of the portfolio read.
    Computing,
    /// Showing a portfolio.
    Ready,
    /// The demo could not be made.
    Failed(String),
}

impl Status {
    /// The phase's name, for the status line's `data-phase` and for the marks of the
    /// phases' starts in the browser's performance timeline ([`crate::slices::mark`]),
    /// from which the benchmark times each phase of an upload (`tests/e2e/bench.mjs`).
    pub fn phase(&self) -> &'static str {
        match self {
            Status::Generating(..) => "generating",
            Status::Indexing(_) => "indexing",
            Status::Reading(_) => "reading",
            Status::Checking { .. } => "checking",
            Status::Matching { .. } => "matching",
            Status::Recording { .. } => "recording",
            Status::Computing => "computing",
            Status::Ready => "ready",
            Status::Failed(_) => "failed",
        }
    }

    /// The [`Status::phase`] of the reading's `step` (whose status the status line
    /// shows at the next pause); `None` once all is read.
    pub fn step_phase(step: Step) -> Option<&'static str> {
        match step {
            Step::Reading { .. } => Some("reading"),
            Step::Checking { .. } => Some("checking"),
            Step::Matching { .. } => Some("matching"),
            Step::Recording { .. } => Some("recording"),
            Step::Read => None,
        }
    }
}

/// A file being read, as its progress bar shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct FileBar {
    /// The file's name.
    pub name: String,
    /// Bytes read.
    pub done: u64,
    /// Bytes in all.
    pub size: u64,
}

/// Policies shipped with the dashboard: (label, TOML).
pub const BUNDLED_POLICIES: [(&str, &str); 2] = [
    (
        "Wholesale: 12 processes",
        include_str!("../../examples/policies/wholesale.toml"),
    ),
    (
        "Small business",
        include_str!("../../examples/policies/small-business.toml"),
    ),
];

/// A policy document chosen by the user.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicySource {
    /// Label or file name.
    pub name: String,
    /// Text.
    pub text: String,
    /// Syntax.
    pub format: PolicyFormat,
}

impl PolicySource {
    /// The bundled policy number `i`.
    pub fn bundled(i: usize) -> PolicySource {
        let (name, text) = BUNDLED_POLICIES[i.min(BUNDLED_POLICIES.len() - 1)];
        PolicySource {
            name: name.into(),
            text: text.into(),
            format: PolicyFormat::Toml,
        }
    }

    /// Parses and validates.
    pub fn parse(&self) -> Result<Arc<Policy>, Vec<PolicyProblem>> {
        policy::parse(&self.text, self.format).map(Arc::new)
    }
}

/// The shared portfolio (compared by identity).
#[derive(Clone)]
pub struct Shared(pub Arc<Portfolio>);

impl PartialEq for Shared {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// The policy in force, parsed (or every problem with it).
pub type Parsed = Result<Arc<Policy>, Vec<PolicyProblem>>;

/// The dashboard's state; every field is a signal, so the workspace is `Copy`.
#[derive(Clone, Copy)]
pub struct Workspace {
    /// Interface language.
    pub lang: RwSignal<Language>,
    /// What the page is doing (making the demo, ready, …).
    pub status: RwSignal<Status>,
    /// The portfolio shown.
    pub portfolio: RwSignal<Option<Shared>>,
    /// Period: first day.
    pub from: RwSignal<NaiveDate>,
    /// Period: last day, the "as of" date of everything shown.
    pub to: RwSignal<NaiveDate>,
    /// Segment filter; empty: all.
    pub segment: RwSignal<String>,
    /// The demo size chosen (index into [`SIZES`]).
    pub size: RwSignal<usize>,
    /// Files of the user's own data shown (0: the demo).
    pub own_files: RwSignal<usize>,
    /// How the user's files were read.
    pub report: RwSignal<Option<Arc<ImportReport>>>,
    /// What the Invoice Responses among them did.
    pub responses: RwSignal<Arc<Vec<ResponseOutcome>>>,
    /// Files waiting for a column mapping.
    pub pending: RwSignal<Option<PageFiles>, LocalStorage>,
    /// A message for the user (a mapping that does not read, nothing usable).
    pub notice: RwSignal<Option<String>>,
    /// Actions already taken (a dropped actions.csv): the dunning run continues from them.
    pub history: RwSignal<Arc<History>>,
    /// The policy document chosen.
    pub policy_source: RwSignal<PolicySource>,
    /// It, parsed.
    pub policy: Memo<Parsed>,
    /// The dunning run at the period's end.
    pub dunning: Memo<Option<Arc<RunReport>>>,
    /// The worklist at the period's end.
    pub worklist: Memo<Option<Arc<Vec<WorklistRow>>>>,
    /// Which load is current (a demo size or the user's files): a newer one abandons an
    /// older one mid-way.
    pub load_run: StoredValue<u64>,
    /// The bank statements' movements among the user's files and what became of each.
    pub bank: RwSignal<Option<Arc<CashReport>>>,
    /// A person's decisions on suggested matches, by movement id.
    pub decisions: RwSignal<Vec<(String, Decision)>>,
    /// The user's files last read and their mapping: read again when a decision changes.
    pub files: StoredValue<Option<(PageFiles, Option<String>)>, LocalStorage>,
}

impl Workspace {
    /// A new workspace (no portfolio yet), provided as the context of the app.
    pub fn provide() -> Workspace {
        let portfolio: RwSignal<Option<Shared>> = RwSignal::new(None);
        let to = RwSignal::new(NaiveDate::default());
        let history = RwSignal::new(Arc::new(History::default()));
        let policy_source = RwSignal::new(PolicySource::bundled(0));
        let policy = Memo::new(move |_| policy_source.with(|s| s.parse()));
        let dunning = Memo::new(move |_| {
            let p = portfolio.get()?.0;
            let pol = policy.get().ok()?;
            rappel_core::collections::dunning::run(&p, &pol, &history.get(), to.get())
                .ok()
                .map(Arc::new)
        });
        let worklist = Memo::new(move |_| {
            let p = portfolio.get()?.0;
            let pol = policy.get().ok()?;
            let rows = rappel_core::collections::worklist::worklist(&p, &pol, to.get());
            Some(Arc::new(rows))
        });
        let ws = Workspace {
            lang: RwSignal::new(i18n::initial()),
            status: RwSignal::new(Status::Generating(0, SIZES[0].1)),
            portfolio,
            from: RwSignal::new(NaiveDate::default()),
            to,
            segment: RwSignal::new(String::new()),
            size: RwSignal::new(0),
            own_files: RwSignal::new(0),
            report: RwSignal::new(None),
            responses: RwSignal::new(Arc::new(Vec::new())),
            pending: RwSignal::new_local(None),
            notice: RwSignal::new(None),
            history,
            policy_source,
            policy,
            dunning,
            worklist,
            load_run: StoredValue::new(0),
            bank: RwSignal::new(None),
            decisions: RwSignal::new(Vec::new()),
            files: StoredValue::new_local(None),
        };
        provide_context(ws);
        ws
    }

    /// Starts a new load (abandoning any other) and returns its number.
    pub fn new_load(&self) -> u64 {
        let run = self.load_run.get_value() + 1;
        self.load_run.set_value(run);
        run
    }

    /// Whether load `run` is still the current one.
    pub fn is_current(&self, run: u64) -> bool {
        self.load_run.get_value() == run
    }

    /// The workspace of the app.
    pub fn get() -> Workspace {
        expect_context::<Workspace>()
    }

    /// Shows portfolio `p` (from `files` of the user's, 0 for the demo) on the calendar
    /// month that ends at `end`, all segments.
    pub fn show(&self, p: Portfolio, end: NaiveDate, files: usize) {
        let month = Period::month_to(end);
        self.from.set(month.from());
        self.to.set(month.to());
        self.segment.set(String::new());
        self.own_files.set(files);
        self.portfolio.set(Some(Shared(Arc::new(p))));
        self.status.set(Status::Ready);
    }

    /// Shows the user's portfolio on the month of its latest invoice.
    pub fn show_own(&self, p: Portfolio, files: usize) {
        let latest = p
            .invoices()
            .iter()
            .map(|i| i.issue_date)
            .max()
            .unwrap_or_default();
        self.show(p, kpi::last_of_month(latest), files);
    }

    /// The portfolio as the widgets take it.
    pub fn shared(&self) -> Signal<Option<Arc<Portfolio>>> {
        let portfolio = self.portfolio;
        Signal::derive(move || portfolio.get().map(|p| p.0))
    }

    /// The parsed policy, when it is valid.
    pub fn policy_ok(&self) -> Signal<Option<Arc<Policy>>> {
        let policy = self.policy;
        Signal::derive(move || policy.get().ok())
    }

    /// The language as the widgets take it.
    pub fn language(&self) -> Signal<Language> {
        self.lang.into()
    }
}
