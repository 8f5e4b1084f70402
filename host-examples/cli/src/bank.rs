//! `rappel import-bank`: bank statements matched against the portfolio. Prints the
//! report; with `--review FILE` reads a person's decisions from it and writes the
//! remaining suggestions back to it; with `--record` appends the applied payments to
//! payments.csv and marks returned direct debits reversed. Files are written to a
//! temporary file in the same folder and renamed, so a crash leaves the old or the new.

use std::path::{Path, PathBuf};

use rappel_core::api::{BankImport, ImportBank, NamedFile};
use rappel_core::cash::application::{Decision, Outcome, record};
use rappel_core::ingest::{CsvFile, parse_table_for_update, write_table};
use rappel_core::model::{Payment, Table};

use crate::Format;
use crate::engine::Engine;
use crate::files::{Lock, write_atomic};

/// The columns of the review file; a person fills `decision` with `confirm` or `reject`.
const REVIEW: [&str; 10] = [
    "transaction_id",
    "booking_date",
    "amount",
    "payer",
    "customer_id",
    "invoices",
    "confidence",
    "reasons",
    "file",
    "decision",
];

/// Runs the command.
pub fn run(
    engine: &Engine,
    files: &[PathBuf],
    source: &crate::data::Source,
    policy: Option<&Path>,
    review: Option<&Path>,
    record: bool,
    format: Format,
) -> Result<(), String> {
    // Held from reading the data folder (and the review file) to the last write.
    let _locks = [record.then_some(source.data.as_deref()).flatten(), review]
        .into_iter()
        .flatten()
        .map(Lock::on)
        .collect::<Result<Vec<_>, _>>()?;
    let mut named = Vec::new();
    for f in files {
        let contents = std::fs::read(f).map_err(|e| format!("{}: {e}", f.display()))?;
        named.push(NamedFile {
            name: f.display().to_string(),
            contents,
        });
    }
    let decisions = match review {
        Some(path) if path.exists() => read_review(path)?,
        _ => Vec::new(),
    };
    let request = ImportBank {
        files: named,
        policy: policy.map(crate::inputs::policy).transpose()?,
        decisions,
    };
    let answer = engine.import_bank(source, &request)?;
    for p in &answer.problems {
        eprintln!("{p}");
    }
    for p in &answer.matches.problems {
        eprintln!("warning: {p}");
    }
    match format {
        Format::Json => crate::json(&answer)?,
        Format::Table => crate::emit(&table(&answer))?,
    }
    if let Some(path) = review {
        write_atomic(path, &review_file(&answer))?;
    }
    if record {
        let dir = source
            .data
            .as_deref()
            .filter(|_| source.mapping.is_none())
            .ok_or("--record needs --data DIR of the exchange format (not --demo or --mapping)")?;
        let (added, reversed) = record_payments(dir, &answer)?;
        eprintln!(
            "recorded {added} payment rows and {reversed} reversals in {}",
            dir.join(Table::Payments.file_name()).display()
        );
    }
    Ok(())
}

/// A person's decisions: rows of the review file whose `decision` is filled.
fn read_review(path: &Path) -> Result<Vec<(String, Decision)>, String> {
    let name = path.display().to_string();
    let mut r = csv::Reader::from_path(path).map_err(|e| format!("{name}: {e}"))?;
    let headers = r.headers().map_err(|e| format!("{name}: {e}"))?.clone();
    let col = |c: &str| {
        headers
            .iter()
            .position(|h| h == c)
            .ok_or_else(|| format!("{name}: no column {c}"))
    };
    let (id, decision) = (col("transaction_id")?, col("decision")?);
    let mut out = Vec::new();
    for row in r.records() {
        let row = row.map_err(|e| format!("{name}: {e}"))?;
        let line = row.position().map(|p| p.line()).unwrap_or(0);
        let d = match row
            .get(decision)
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase()
            .as_str()
        {
            "" => continue,
            "confirm" | "yes" | "ok" => Decision::Confirm,
            "reject" | "no" => Decision::Reject,
            other => {
                return Err(format!(
                    "{name}:{line}: column decision: {other:?} is neither confirm nor reject"
                ));
            }
        };
        out.push((row.get(id).unwrap_or("").to_string(), d));
    }
    Ok(out)
}

/// The suggestions, one row each, `decision` empty.
fn review_file(a: &BankImport) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(REVIEW);
    for e in a
        .matches
        .entries
        .iter()
        .filter(|e| e.outcome == Outcome::Suggested)
    {
        let invoices: Vec<String> = e
            .allocations
            .iter()
            .map(|x| format!("{} {}", x.invoice_id, x.amount))
            .chain(e.reversed_payment.iter().map(|p| format!("reverse {p}")))
            .collect();
        let payer = [e.payer_name.as_deref(), e.payer_account.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        let _ = w.write_record([
            e.transaction_id.as_str(),
            &e.booking_date.to_string(),
            &e.amount.to_string(),
            &payer,
            e.customer_id.as_deref().unwrap_or(""),
            &invoices.join("; "),
            &e.confidence.to_string(),
            &e.reasons.join("; "),
            &format!("{}:{}", e.file, e.line),
            "",
        ]);
    }
    w.into_inner().unwrap_or_default()
}

/// Appends the answer's payments to payments.csv in `dir` and marks its reversals.
fn record_payments(dir: &Path, a: &BankImport) -> Result<(usize, usize), String> {
    let path = dir.join(Table::Payments.file_name());
    let bytes = match std::fs::read(&path) {
        Ok(b) => Some(b),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    let name = path.display().to_string();
    let file = bytes.as_deref().map(|b| CsvFile {
        name: &name,
        bytes: b,
    });
    let mut rows: Vec<Payment> = parse_table_for_update(file).map_err(|problems| {
        let list: Vec<String> = problems.iter().map(ToString::to_string).collect();
        format!(
            "{name} does not read, not rewritten:\n  {}",
            list.join("\n  ")
        )
    })?;
    let reversed = record(&mut rows, &a.payments, &a.reversals);
    write_atomic(&path, &write_table(&rows))?;
    Ok((a.payments.len(), reversed))
}

/// One line per movement.
fn table(a: &BankImport) -> String {
    let mut out = String::new();
    for s in &a.statements {
        out.push_str(&format!(
            "statement {} ({}) account {} date {} movements {}\n",
            s.id,
            s.file,
            s.account.as_deref().unwrap_or("?"),
            s.date.map(|d| d.to_string()).unwrap_or_default(),
            s.movements
        ));
    }
    out.push_str(&format!(
        "{:<44} {:>10} {:>12} {:<15} {:<10} {:>5}  what\n",
        "movement", "date", "amount", "outcome", "customer", "conf"
    ));
    for e in &a.matches.entries {
        let what: Vec<String> = e
            .allocations
            .iter()
            .map(|x| format!("{} {}", x.invoice_id, x.amount))
            .chain(e.reversed_payment.iter().map(|p| format!("reverses {p}")))
            .collect();
        out.push_str(&format!(
            "{:<44} {:>10} {:>12} {:<15} {:<10} {:>5}  {}{}\n",
            e.transaction_id,
            e.booking_date,
            e.amount,
            format!("{:?}", e.outcome).to_lowercase(),
            e.customer_id.as_deref().unwrap_or("-"),
            e.confidence.round_dp(2),
            what.join(", "),
            e.reasons
                .first()
                .map(|r| format!(" — {r}"))
                .unwrap_or_default()
        ));
    }
    for t in &a.matches.totals {
        out.push_str(&format!(
            "{:<15} {:>6} {:>14}\n",
            format!("{:?}", t.outcome).to_lowercase(),
            t.count,
            t.amount
        ));
    }
    out
}

/// The generated portfolio with the payments of the last `days` days delivered as
/// camt.053 statements of one `span` each (`generate::statements`), and `bank-truth.csv`:
/// what each movement really is. Made natively on either engine (the component generates
/// the tables only).
pub fn generated_statements(
    r: &rappel_core::api::Generate,
    days: u64,
    span: rappel_core::generate::statements::StatementSpan,
) -> Vec<NamedFile> {
    use rappel_core::generate::statements::{Truth, deliver};
    let cfg = rappel_core::generate::Config {
        customers: r.customers.max(1),
        invoices: r.invoices,
        seed: r.seed,
        end: r.end,
        months: r.months.clamp(1, 600),
        ..Default::default()
    };
    let d = deliver(
        &rappel_core::generate::generate(&cfg),
        cfg.end,
        days,
        cfg.seed,
        span,
    );
    let mut files: Vec<NamedFile> = rappel_core::ingest::write_tables(&d.before)
        .into_iter()
        .map(|(name, contents)| NamedFile {
            name: name.into(),
            contents,
        })
        .collect();
    for s in &d.statements {
        files.push(NamedFile {
            name: s.file.clone(),
            contents: rappel_core::generate::statements::file_of(s),
        });
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(["transaction_id", "truth", "customer_id", "what"]);
    for (id, t) in &d.truth {
        let (kind, customer, what) = match t {
            Truth::Pays {
                customer, invoices, ..
            } => (
                "pays",
                customer.as_str(),
                invoices
                    .iter()
                    .map(|(i, a)| format!("{i} {a}"))
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            Truth::Unapplied { customer } => ("on_account", customer.as_str(), String::new()),
            Truth::Return { payment } => ("return", "", payment.clone()),
            Truth::Unknown => ("unknown_payer", "", String::new()),
        };
        let _ = w.write_record([id.as_str(), kind, customer, &what]);
    }
    files.push(NamedFile {
        name: "bank-truth.csv".into(),
        contents: w.into_inner().unwrap_or_default(),
    });
    files
}
