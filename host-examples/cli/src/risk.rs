//! `rappel accept` and `rappel simulate`: read the files, call the core, print JSON (or
//! the scenario comparison as an HTML page).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::Args;
use rappel_core::credit::acceptance::backtest::Backtest;
use rappel_core::credit::acceptance::{Applicant, Verdict};
use rappel_core::model::{Language, Money, Sector};
use rappel_core::risk::simulate::{Levers, Settings, brief};
use rust_decimal::Decimal;

use crate::data;
use crate::engine::{Data, Engine};
use crate::inputs;
use rappel_core::api::{
    AcceptApplicant, AcceptCustomers, BacktestAcceptance, CustomerVerdict, ScenarioRequest,
    Simulate,
};
use serde::Serialize;

/// Arguments of `rappel accept`.
#[derive(Args)]
pub struct AcceptArgs {
    #[command(flatten)]
    source: data::Source,
    // `[acceptance]` is the policy's TOML section in the help text clap makes of this
    // comment, not a link.
    #[allow(rustdoc::broken_intra_doc_links)]
    /// Policy with an [acceptance] scorecard (TOML or JSON).
    #[arg(long)]
    policy: PathBuf,
    /// Date of the decision (YYYY-MM-DD).
    #[arg(long)]
    as_of: NaiveDate,
    /// Score this customer of the portfolio.
    #[arg(long, conflicts_with = "prospect")]
    customer: Option<String>,
    /// Score a prospect (not in the portfolio): give --sector and --requested.
    #[arg(long)]
    prospect: bool,
    /// Credit limit asked for (default for a customer: its credit limit, else what it
    /// was invoiced in the last 3 months).
    #[arg(long)]
    requested: Option<Money>,
    /// External score (Graydon, Creditsafe…); default: the customer's own.
    #[arg(long)]
    score: Option<Decimal>,
    /// A prospect's sector (residential, tertiary, industrial).
    #[arg(long)]
    sector: Option<String>,
    /// Score every customer of the portfolio (one verdict each, in customer order).
    #[arg(long, conflicts_with_all = ["customer", "prospect"])]
    all: bool,
    /// Backtest the scorecard: customers invoiced in the --months after this date are
    /// scored with what was known then and judged on how they paid by --as-of.
    #[arg(long, value_name = "DATE")]
    backtest: Option<NaiveDate>,
    /// Months of invoices judged in the backtest.
    #[arg(long, default_value_t = 12)]
    months: u32,
    /// Days past due at --as-of that make an invoice (and its customer) bad.
    #[arg(long, default_value_t = 90)]
    bad_days: i64,
}

/// What `rappel accept` prints: a prospect's verdict, or what was asked of the data's
/// customers. Written out as it is typed (no JSON tree in between: `--all` answers every
/// customer of the portfolio).
#[derive(Serialize)]
#[serde(untagged)]
// One value a run, built once and printed: the variants' sizes do not matter.
#[allow(clippy::large_enum_variant)]
pub enum AcceptAnswer {
    /// `--prospect`: the applicant as scored and its verdict.
    Prospect {
        applicant: Applicant,
        verdict: Verdict,
    },
    /// `--customer`, `--all` and `--backtest`, each under its own key when asked for.
    Customers(CustomersAnswer),
}

/// `rappel accept`'s answer about the data's customers; only what was asked for appears.
#[derive(Serialize, Default)]
pub struct CustomersAnswer {
    /// `--customer ID`: its verdict, `null` when the data has no such customer.
    #[serde(skip_serializing_if = "Option::is_none")]
    decision: Option<Option<CustomerVerdict>>,
    /// `--all`: every customer's verdict.
    #[serde(skip_serializing_if = "Option::is_none")]
    decisions: Option<Vec<CustomerVerdict>>,
    /// `--backtest DATE`: the scorecard judged on the invoices since then.
    #[serde(skip_serializing_if = "Option::is_none")]
    backtest: Option<Backtest>,
}

/// Runs `rappel accept`.
pub fn accept(engine: &Engine, a: AcceptArgs) -> Result<AcceptAnswer, String> {
    let policy = inputs::policy(&a.policy)?;
    if a.prospect {
        let sector = match &a.sector {
            None => None,
            Some(s) => Some(Sector::parse(s).ok_or_else(|| {
                format!("--sector {s:?}: not one of residential, tertiary, industrial")
            })?),
        };
        let requested = a
            .requested
            .ok_or("--prospect needs --requested (the credit limit asked for)")?;
        let applicant = Applicant::prospect(sector, requested, a.score);
        let request = AcceptApplicant {
            policy,
            applicant: applicant.clone(),
        };
        let verdict = engine.run(Data::None, &request)?;
        return Ok(AcceptAnswer::Prospect { applicant, verdict });
    }
    if a.sector.is_some() {
        return Err("--sector is for a --prospect; a customer's sector comes from the data".into());
    }
    let scored = |ids: &[String]| -> Result<Vec<CustomerVerdict>, String> {
        let request = AcceptCustomers {
            policy: policy.clone(),
            as_of: a.as_of,
            customer_ids: ids.to_vec(),
            requested_limit: a.requested,
            external_score: a.score,
        };
        Ok(engine.run(Data::From(&a.source), &request)?.decisions)
    };
    let mut out = CustomersAnswer::default();
    if let Some(id) = &a.customer {
        out.decision = Some(scored(std::slice::from_ref(id))?.pop());
    } else if a.all {
        out.decisions = Some(scored(&[])?);
    } else if a.backtest.is_none() {
        return Err(
            "say what to score: --customer ID, --prospect, --all or --backtest DATE".into(),
        );
    }
    if let Some(from) = a.backtest {
        if from >= a.as_of {
            return Err(format!(
                "--backtest {from} must be before --as-of {}",
                a.as_of
            ));
        }
        let request = BacktestAcceptance {
            policy,
            as_of: a.as_of,
            from,
            months: a.months,
            bad_days: a.bad_days,
        };
        out.backtest = Some(engine.run(Data::From(&a.source), &request)?);
    }
    Ok(AcceptAnswer::Customers(out))
}

/// Arguments of `rappel simulate`.
#[derive(Args)]
pub struct SimulateArgs {
    #[command(flatten)]
    source: data::Source,
    /// Start of the simulation (YYYY-MM-DD).
    #[arg(long)]
    as_of: NaiveDate,
    /// A policy (TOML or JSON); the first is the baseline, each further one a variant.
    #[arg(long, required = true)]
    policy: Vec<PathBuf>,
    /// A variant made of the baseline and the levers in this file (TOML or JSON:
    /// payment_terms_days, reminder_shift_days, pre_due_reminder, handover_day,
    /// stop_delivery_day, acceptance_cutoff, limit_percent, enforce_limits).
    #[arg(long)]
    levers: Vec<PathBuf>,
    /// Monte-Carlo runs per scenario.
    #[arg(long, default_value_t = 200)]
    runs: u32,
    /// Seed of the draws (the same seed gives the same report).
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Months simulated.
    #[arg(long, default_value_t = 12)]
    months: u32,
    /// Settings file (JSON or TOML): response_percent and action_cost per channel,
    /// partner_commission_percent, behaviour; --runs, --seed and --months override it.
    #[arg(long)]
    settings: Option<PathBuf>,
    /// Dunning history (actions.csv or JSON): each channel's response rate becomes the
    /// share of its reminders paid within 7 days, where it has at least --min-reminders.
    #[arg(long)]
    history: Option<PathBuf>,
    /// Reminders a channel needs before its observed response replaces the setting.
    #[arg(long, default_value_t = 30)]
    min_reminders: u32,
    /// Output: the report as JSON, or the one-page comparison for the client as HTML
    /// (table, charts and assumptions; print it to PDF from a browser).
    #[arg(long, value_enum, default_value_t = SimulateFormat::Json)]
    format: SimulateFormat,
    /// Language of the HTML page (nl, fr, en).
    #[arg(long, default_value = "en", value_parser = language)]
    language: Language,
}

/// What `rappel simulate` prints.
#[derive(clap::ValueEnum, Clone, Copy, PartialEq, Eq)]
pub enum SimulateFormat {
    /// The report (JSON).
    Json,
    /// The one-page comparison (HTML).
    Html,
}

fn language(code: &str) -> Result<Language, String> {
    match Language::parse(code) {
        Some(l @ (Language::Nl | Language::Fr | Language::En)) => Ok(l),
        _ => Err(format!("{code:?}: not one of nl, fr, en")),
    }
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// A levers or settings file: JSON by its `.json` extension, else TOML; errors name the
/// file (and, for TOML, the line).
fn read_document<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
    {
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
    } else {
        toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
    }
}

/// Runs `rappel simulate`: the report as JSON or the comparison page as HTML.
pub fn simulate(engine: &Engine, a: SimulateArgs) -> Result<String, String> {
    let mut scenarios = a
        .policy
        .iter()
        .map(|path| {
            Ok(ScenarioRequest {
                name: stem(path),
                policy: inputs::policy(path)?,
                levers: None,
            })
        })
        .collect::<Result<Vec<_>, String>>()?;
    for path in &a.levers {
        scenarios.push(ScenarioRequest {
            name: stem(path),
            policy: scenarios[0].policy.clone(),
            levers: Some(read_document::<Levers>(path)?),
        });
    }
    let mut settings = match &a.settings {
        None => Settings::with_seed(a.seed),
        Some(path) => {
            // The seed comes from --seed, so a settings file need not name one.
            let mut with_seed: toml::Table = read_document(path)?;
            with_seed.insert("seed".into(), toml::Value::Integer(a.seed as i64));
            with_seed
                .try_into()
                .map_err(|e| format!("{}: {e}", path.display()))?
        }
    };
    settings.runs = a.runs;
    settings.seed = a.seed;
    settings.months = a.months;
    // Read once: the observed responses and the page's currency need the portfolio, and
    // the native engine simulates on the same one.
    let html = a.format == SimulateFormat::Html;
    let loaded = match a.history.is_some() || html {
        true => Some(data::load(&a.source)?),
        false => None,
    };
    if let (Some(path), Some(p)) = (&a.history, &loaded) {
        let history = crate::inputs::load_history(path)?;
        let (_, channels) = rappel_core::risk::behaviour::response::step_responses(
            p,
            &history,
            a.as_of,
            rappel_core::risk::forecast::RESPONSE_WINDOW_DAYS,
        );
        let changed = settings.use_observed_response(&channels, a.min_reminders);
        let said: Vec<String> = changed
            .iter()
            .map(|(c, pct)| format!("{} {pct} %", c.as_str()))
            .collect();
        eprintln!(
            "response rates from {} (paid within 7 days of the reminder): {}",
            path.display(),
            if said.is_empty() {
                format!("none (no channel has {} reminders)", a.min_reminders)
            } else {
                said.join(", ")
            }
        );
    }
    let request = Simulate {
        as_of: a.as_of,
        scenarios,
        settings,
    };
    let currency = loaded.as_ref().map(|p| p.currency().to_string());
    let data = match loaded {
        Some(p) => Data::Read(&a.source, Box::new(p)),
        None => Data::From(&a.source),
    };
    let report = engine.run(data, &request)?;
    if html {
        let study = request.study().map_err(|e| e.to_string())?;
        let currency = currency.unwrap_or_default();
        return Ok(brief::html(&report, &study, a.language, &currency));
    }
    let mut text = serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?;
    text.push('\n');
    Ok(text)
}
