//! `rappel`: the command-line host of the Rappel core. It only reads files, calls the
//! core and prints; all logic lives in `rappel-core`.

mod bank;
mod collections;
mod data;
mod engine;
mod fees;
mod files;
mod import_ubl;
mod inputs;
mod risk;
mod runner;

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use rust_decimal::Decimal;

use engine::Data;
use rappel_core::api;
use rappel_core::credit::NoLimit;
use rappel_core::generate::statements::StatementSpan;

#[derive(Parser)]
#[command(
    name = "rappel",
    version,
    about = "Credit management: KPIs, credit checks, demo data, Peppol import"
)]
struct Cli {
    /// Run on the core linked in (native) or on the sandboxed WebAssembly component;
    /// both print the same bytes.
    #[arg(long, value_enum, global = true, default_value = "native")]
    engine: engine::Kind,
    /// The component file for --engine component (default: $RAPPEL_COMPONENT, else
    /// target/engine/rappel_engine.wasm, built by `cargo xtask component`).
    #[arg(long, global = true, value_name = "FILE")]
    component: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// KPIs for a period (JSON on stdout; import problems on stderr).
    Kpis {
        #[command(flatten)]
        source: data::Source,
        /// First day of the period (YYYY-MM-DD).
        #[arg(long)]
        from: NaiveDate,
        /// Last day of the period, the "as of" date (YYYY-MM-DD).
        #[arg(long)]
        to: NaiveDate,
        /// Output format.
        #[arg(long, value_enum, default_value = "json")]
        format: Format,
        /// Also compute a monthly trend of this many months ending at --to.
        #[arg(long, value_name = "MONTHS")]
        trend: Option<u32>,
        /// Days after the due date at which a new customer's first invoice counts as unpaid.
        #[arg(long, default_value_t = 30)]
        first_invoice_days: u32,
    },
    /// Available credit and the decision on an order (JSON).
    CheckCredit {
        #[command(flatten)]
        source: data::Source,
        /// Customer id.
        #[arg(long)]
        customer: String,
        /// Order amount.
        #[arg(long)]
        amount: Decimal,
        /// Date of the check (YYYY-MM-DD).
        #[arg(long)]
        as_of: NaiveDate,
        /// Overdue balances older than this many days put orders on hold.
        #[arg(long, default_value_t = 30)]
        overdue_tolerance_days: i64,
        /// What an order of a customer without a credit limit gets: approve, or refer
        /// (hold for a credit manager).
        #[arg(long, value_enum, default_value_t = NoLimitArg::Approve)]
        when_no_limit: NoLimitArg,
    },
    /// Writes a deterministic synthetic portfolio as CSV files.
    Generate {
        /// Output folder (created if needed).
        #[arg(long)]
        out: PathBuf,
        /// Number of customers.
        #[arg(long, default_value_t = 2_000)]
        customers: u32,
        /// Number of invoices.
        #[arg(long, default_value_t = 50_000)]
        invoices: u32,
        /// Seed.
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Last day of the data.
        #[arg(long, default_value = "2026-06-30")]
        end: NaiveDate,
        /// Months of history.
        #[arg(long, default_value_t = 24)]
        months: u32,
        /// Also deliver the payments of the last DAYS days as daily camt.053 statements
        /// (camt053-YYYY-MM-DD.xml; the last day as a CODA file, coda-YYYY-MM-DD.cod; with
        /// the noise real payers make) instead of in payments.csv, and their truth in
        /// bank-truth.csv: what `import-bank` is tried on.
        #[arg(long, value_name = "DAYS")]
        bank: Option<u64>,
        /// With --bank: one camt.053 statement per calendar month (camt053-YYYY-MM.xml,
        /// the last month as a CODA file, or a CODA file per day when the month holds
        /// more than the 9 999 movements one CODA statement numbers; a day of more stays
        /// camt.053) instead of one per day, for large portfolios.
        #[arg(long, requires = "bank")]
        statement_per_month: bool,
    },
    /// Runs the dunning policy: the actions due at --as-of and the held items (JSON).
    Dunning {
        #[command(flatten)]
        source: data::Source,
        /// Policy document (TOML, or JSON by extension).
        #[arg(long)]
        policy: PathBuf,
        /// Run date (YYYY-MM-DD).
        #[arg(long)]
        as_of: NaiveDate,
        /// Actions already taken: actions.csv, or the JSON of earlier runs.
        #[arg(long)]
        history: Option<PathBuf>,
        /// Also append the returned actions to this actions.csv (created if needed).
        #[arg(long, value_name = "FILE")]
        record: Option<PathBuf>,
    },
    /// Bank statements (camt.053/054, CODA) matched against the portfolio: every
    /// movement with what it pays, its confidence and reasons (JSON or a table).
    /// --review FILE reads a person's decisions (`decision` = confirm/reject) and writes
    /// the remaining suggestions back; --record appends the applied payments to
    /// payments.csv and marks returned direct debits reversed, atomically.
    ImportBank {
        /// Statement files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[command(flatten)]
        source: data::Source,
        // `[cash]` is the policy's TOML section in the help text clap makes of this
        // comment, not a link.
        #[allow(rustdoc::broken_intra_doc_links)]
        /// Policy whose [cash] section decides (default rules without).
        #[arg(long)]
        policy: Option<PathBuf>,
        /// Review file: decisions read from it, suggestions written to it.
        #[arg(long, value_name = "FILE")]
        review: Option<PathBuf>,
        /// Record the applied payments and reversals in DIR/payments.csv.
        #[arg(long)]
        record: bool,
        /// Output format.
        #[arg(long, value_enum, default_value = "json")]
        format: Format,
    },
    /// Checks a policy document: every problem with its field path (exit status 1), or
    /// its processes, fee rules and warnings — what it asks but can never do, such as a
    /// fee the law of its customers' debts does not allow (JSON; warnings also on stderr).
    CheckPolicy {
        /// Policy document (TOML, or JSON by extension).
        policy: PathBuf,
    },
    /// The collector's worklist: customers ranked by a documented score (JSON).
    Worklist {
        #[command(flatten)]
        source: data::Source,
        /// Policy document (its worklist weights and hold rules are used).
        #[arg(long)]
        policy: PathBuf,
        /// Date (YYYY-MM-DD).
        #[arg(long)]
        as_of: NaiveDate,
    },
    /// A customer's account statement (JSON with the text and HTML renderings, or
    /// the text alone with --format table).
    Statement {
        #[command(flatten)]
        source: data::Source,
        /// Customer id.
        #[arg(long)]
        customer: String,
        /// Date (YYYY-MM-DD).
        #[arg(long)]
        as_of: NaiveDate,
        /// The creditor's policy: each item's payment reference in its `[cash]` form, and
        /// the transfer of the overdue total to its `[creditor]` account with a QR code.
        #[arg(long)]
        policy: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value = "json")]
        format: Format,
    },
    /// Applies Peppol Invoice Responses to disputes.csv and promises.csv in --data
    /// (UQ/RE open a dispute, AP closes it, PD records a promise to pay); prints what
    /// each response did (JSON).
    ImportImr {
        /// Invoice Response XML files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Data folder (read, and disputes.csv / promises.csv updated).
        #[arg(long)]
        data: PathBuf,
        /// Days after a PD ("paid") response before the payment is expected.
        #[arg(long, default_value_t = 10)]
        payment_expected_days: u32,
    },
    /// The dispute register with the 48-hour SLA and cycle-time KPIs (JSON).
    Disputes {
        #[command(flatten)]
        source: data::Source,
        /// Date (YYYY-MM-DD).
        #[arg(long)]
        as_of: NaiveDate,
    },
    /// Expected collections per week (13) and per month (12) from the open invoices and
    /// orders, with a 10th–90th percentile band, from the payment behaviour calibrated on
    /// the portfolio's own history (JSON). With --backtest DATE, the forecast made at that
    /// earlier date against what was actually collected.
    Forecast {
        #[command(flatten)]
        source: data::Source,
        /// Date of the forecast (collections from the next day on).
        #[arg(long)]
        as_of: NaiveDate,
        /// Leave open orders out.
        #[arg(long)]
        no_orders: bool,
        /// Also backtest: the forecast made at this earlier date (13 weeks) against the
        /// cash actually received.
        #[arg(long, value_name = "DATE")]
        backtest: Option<NaiveDate>,
        /// Days after the due date from which an open invoice counts as a default.
        #[arg(long, default_value_t = 180)]
        default_days: i64,
        /// Dunning history (actions.csv or JSON): adds the response to each dunning step
        /// (share of reminded invoices paid within 7 days).
        #[arg(long)]
        history: Option<PathBuf>,
    },
    /// Credit acceptance with the policy's scorecard: a customer, a prospect or every
    /// customer, with risk class, traffic light, decision, proposed limit and reasons;
    /// with --backtest DATE, error 1 / error 2 over every cut-off (JSON).
    Accept(risk::AcceptArgs),
    /// Credit-policy scenarios: the baseline (first --policy) and variants (further
    /// --policy files, or --levers files applied to the baseline) simulated month by
    /// month, Monte Carlo with --seed; every figure with its 10th–90th percentile (JSON).
    Simulate(risk::SimulateArgs),
    /// What a claim costs under the law that governs it: collection costs or damages,
    /// the fixed compensation and late interest, each with its source (JSON).
    Fees(fees::FeesArgs),
    /// Calls the component directly: list its exports and imports, or call any export
    /// with JSON arguments and see the fuel, peak memory and time it used.
    #[command(subcommand)]
    Component(runner::ComponentCommand),
    /// Converts Peppol BIS 3 UBL invoices and credit notes to the CSV format.
    ImportUbl {
        /// UBL XML files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Output folder: invoices.csv and customers.csv are created or extended.
        #[arg(long)]
        out: PathBuf,
    },
}

/// `--when-no-limit`: the core's [`NoLimit`] on the command line.
#[derive(clap::ValueEnum, Clone, Copy, PartialEq, Eq)]
enum NoLimitArg {
    Approve,
    Refer,
}

#[derive(clap::ValueEnum, Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Table,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Component(c) => runner::run(c, cli.component),
        cmd => engine::Engine::load(cli.engine, cli.component).and_then(|e| run(&e, cmd)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("rappel: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Writes to stdout; a closed pipe (`rappel kpis … | head`) ends quietly.
fn emit(text: &str) -> Result<(), String> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(format!("stdout: {e}")),
        _ => Ok(()),
    }
}

/// Writes `v` to stdout as JSON. An answer given by value is the command's last step:
/// the process ends right after, so it is left to the operating system rather than
/// freed value by value (measured when `accept --all` on 1 M invoices still answered a
/// JSON tree of 50 000 verdicts: its drop took ~0.25 s of a 1.5 s run; the typed
/// answers that replaced it still hold a string or more per row). A command that goes
/// on after printing (`import-bank --review`, `--record`) gives a reference, which is
/// all that is forgotten.
fn json<T: serde::Serialize>(v: T) -> Result<(), String> {
    let mut s = serde_json::to_string_pretty(&v).map_err(|e| e.to_string())?;
    s.push('\n');
    let written = emit(&s);
    std::mem::forget(v);
    written
}

fn run(engine: &engine::Engine, cmd: Command) -> Result<(), String> {
    match cmd {
        Command::Kpis {
            source,
            from,
            to,
            format,
            trend,
            first_invoice_days,
        } => {
            let request = api::ComputeKpis {
                from,
                to,
                trend_months: trend,
                first_invoice_days,
                threads: data::cores(),
            };
            let a = engine.run(Data::From(&source), &request)?;
            match format {
                Format::Json => json(a.kpis),
                Format::Table => emit(&a.kpis.text(&a.currency)),
            }
        }
        Command::CheckCredit {
            source,
            customer,
            amount,
            as_of,
            overdue_tolerance_days,
            when_no_limit,
        } => {
            let request = api::CheckOrder {
                customer_id: customer,
                order_amount: amount,
                as_of,
                overdue_tolerance_days,
                when_no_limit: match when_no_limit {
                    NoLimitArg::Approve => NoLimit::Approve,
                    NoLimitArg::Refer => NoLimit::Refer,
                },
            };
            json(engine.run(Data::From(&source), &request)?.decision)
        }
        Command::Generate {
            out,
            customers,
            invoices,
            seed,
            end,
            months,
            bank,
            statement_per_month,
        } => {
            let request = api::Generate {
                customers,
                invoices,
                seed,
                end,
                months,
            };
            let files = match bank {
                None => engine.generate(&request)?,
                Some(days) => {
                    let span = if statement_per_month {
                        StatementSpan::Month
                    } else {
                        StatementSpan::Day
                    };
                    bank::generated_statements(&request, days, span)
                }
            };
            std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
            let _lock = files::Lock::on(&out)?;
            let mut summary = Vec::new();
            for f in files {
                let path = out.join(&f.name);
                let rows = f
                    .contents
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count()
                    .saturating_sub(1);
                summary.push(format!("{rows} rows in {}", f.name));
                files::write_atomic(&path, &f.contents)?;
            }
            eprintln!("wrote {} to {}", summary.join(", "), out.display());
            Ok(())
        }
        Command::ImportUbl { files, out } => import_ubl::run(engine, &files, &out),
        Command::Dunning {
            source,
            policy,
            as_of,
            history,
            record,
        } => {
            let request = api::Dunning {
                policy: inputs::policy(&policy)?,
                history: match &history {
                    Some(path) => inputs::history(path)?,
                    None => api::HistoryDocument::None,
                },
                as_of,
            };
            // Held from reading the history to writing it back.
            let _lock = record.as_deref().map(files::Lock::on).transpose()?;
            let report = engine.run(Data::From(&source), &request)?;
            if let Some(path) = record {
                let mut all = if path.exists() {
                    inputs::load_history(&path)?
                } else {
                    rappel_core::collections::dunning::History::default()
                };
                all.record(&report.actions);
                files::write_atomic(&path, &all.to_csv())?;
            }
            json(report)
        }
        Command::ImportBank {
            files,
            source,
            policy,
            review,
            record,
            format,
        } => bank::run(
            engine,
            &files,
            &source,
            policy.as_deref(),
            review.as_deref(),
            record,
            format,
        ),
        Command::CheckPolicy { policy } => {
            let doc = inputs::policy(&policy)?;
            let p = doc
                .parse()
                .map_err(|e| format!("{}: {e}", policy.display()))?;
            json(serde_json::json!({
                "name": p.name,
                "processes": p.processes.iter().map(|x| &x.id).collect::<Vec<_>>(),
                "fee_rules": p.fees.keys().collect::<Vec<_>>(),
                "warnings": rappel_core::collections::policy::warnings(&p),
            }))
        }
        Command::Worklist {
            source,
            policy,
            as_of,
        } => {
            let request = api::Worklist {
                policy: inputs::policy(&policy)?,
                as_of,
            };
            json(engine.run(Data::From(&source), &request)?.rows)
        }
        Command::Statement {
            source,
            customer,
            as_of,
            policy,
            format,
        } => {
            let request = api::Statement {
                customer_id: customer,
                as_of,
                policy: policy.as_deref().map(inputs::policy).transpose()?,
            };
            let s = engine.run(Data::From(&source), &request)?.statement;
            match format {
                Format::Json => json(s),
                Format::Table => emit(&s.text),
            }
        }
        Command::ImportImr {
            files,
            data,
            payment_expected_days,
        } => json(collections::import_imr(
            engine,
            &files,
            &data,
            payment_expected_days,
        )?),
        Command::Forecast {
            source,
            as_of,
            no_orders,
            backtest,
            default_days,
            history,
        } => {
            engine.native_only(
                "forecast",
                "prints the calibrated behaviour and a backtest besides the forecast, which \
                 the component's risk.forecast does not return",
            )?;
            let p = data::load(&source)?;
            let history = history.as_deref().map(inputs::load_history).transpose()?;
            let options = rappel_core::risk::forecast::ReportOptions {
                default_days,
                orders: !no_orders,
                backtest_from: backtest,
            };
            let report = rappel_core::risk::forecast::report(&p, as_of, &options, history.as_ref())
                .map_err(|e| format!("--default-days: {}", e.reason))?;
            data::free_later(p);
            json(report)
        }
        Command::Accept(args) => json(risk::accept(engine, args)?),
        Command::Simulate(args) => emit(&risk::simulate(engine, args)?),
        Command::Disputes { source, as_of } => {
            let request = api::DisputeRegister { as_of };
            json(engine.run(Data::From(&source), &request)?.register)
        }
        Command::Fees(args) => json(fees::fees(engine, args)?),
        Command::Component(_) => {
            Err("rappel component is handled before an engine is loaded".into())
        }
    }
}
