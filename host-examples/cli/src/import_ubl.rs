//! `rappel import-ubl`: Peppol UBL documents → invoices.csv and customers.csv.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use rappel_core::ingest::{Problem, Severity, parse_table, ubl, write_table};
use rappel_core::model::{Customer, Invoice, Payment, Table};

/// Converts `files` and adds them to the tables in `out`. Documents that cannot be read,
/// and invoice numbers already present, are reported on stderr and not written. Fails
/// when no document could be converted.
pub fn run(files: &[PathBuf], out: &Path) -> Result<(), String> {
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    let existing = |t: Table| -> Result<Option<Vec<u8>>, String> {
        let p = out.join(t.file_name());
        if p.exists() {
            std::fs::read(&p)
                .map(Some)
                .map_err(|e| format!("{}: {e}", p.display()))
        } else {
            Ok(None)
        }
    };
    let mut problems: Vec<Problem> = Vec::new();
    let mut customers: Vec<Customer> = Vec::new();
    let mut invoices: Vec<Invoice> = Vec::new();
    for (t, bytes) in [
        (Table::Customers, existing(Table::Customers)?),
        (Table::Invoices, existing(Table::Invoices)?),
    ] {
        let Some(bytes) = bytes else { continue };
        let name = out.join(t.file_name()).display().to_string();
        match t {
            Table::Customers => {
                let p = parse_table::<Customer>(&name, &bytes);
                problems.extend(p.problems);
                customers = p.rows;
            }
            _ => {
                let p = parse_table::<Invoice>(&name, &bytes);
                problems.extend(p.problems);
                invoices = p.rows;
            }
        }
    }
    if problems.iter().any(|p| p.severity != Severity::Warning) {
        for p in &problems {
            eprintln!("{p}");
        }
        return Err(format!(
            "the existing files in {} have problems; fix them first",
            out.display()
        ));
    }
    let mut invoice_ids: BTreeSet<String> = invoices.iter().map(|i| i.invoice_id.clone()).collect();
    let mut customer_ids: BTreeSet<String> =
        customers.iter().map(|c| c.customer_id.clone()).collect();
    let mut converted = 0;
    for f in files {
        let name = f.display().to_string();
        let text = match std::fs::read(f).map(String::from_utf8) {
            Ok(Ok(t)) => t,
            Ok(Err(_)) => {
                problems.push(file_problem(&name, "not UTF-8 text".into()));
                continue;
            }
            Err(e) => {
                problems.push(file_problem(&name, e.to_string()));
                continue;
            }
        };
        match ubl::parse_document(&name, &text) {
            Ok(doc) => {
                if !invoice_ids.insert(doc.invoice.invoice_id.clone()) {
                    problems.push(Problem {
                        file: name,
                        line: None,
                        column: Some("ID".into()),
                        severity: Severity::Rejected,
                        reason: format!(
                            "invoice number {:?} is already present; not imported again",
                            doc.invoice.invoice_id
                        ),
                    });
                    continue;
                }
                if customer_ids.insert(doc.invoice.customer_id.clone()) {
                    customers.push(doc.buyer());
                } else if let Some(c) = customers
                    .iter_mut()
                    .find(|c| c.customer_id == doc.invoice.customer_id)
                {
                    c.customer_since = c.customer_since.min(doc.invoice.issue_date);
                }
                eprintln!(
                    "{name}: {:?} {} for {} {} {} (due {}, from {})",
                    doc.kind,
                    doc.invoice.invoice_id,
                    doc.invoice.customer_id,
                    doc.invoice.amount,
                    doc.invoice.currency,
                    doc.invoice.due_date,
                    doc.due_date_source
                );
                invoices.push(doc.invoice);
                converted += 1;
            }
            Err(p) => problems.push(p),
        }
    }
    for p in &problems {
        eprintln!("{p}");
    }
    let write = |t: Table, bytes: Vec<u8>| {
        let p = out.join(t.file_name());
        std::fs::write(&p, bytes).map_err(|e| format!("{}: {e}", p.display()))
    };
    write(Table::Customers, write_table(&customers))?;
    write(Table::Invoices, write_table(&invoices))?;
    if !out.join(Table::Payments.file_name()).exists() {
        write(Table::Payments, write_table::<Payment>(&[]))?;
    }
    eprintln!(
        "{converted} of {} document(s) converted; {} invoices and {} customers in {}",
        files.len(),
        invoices.len(),
        customers.len(),
        out.display()
    );
    if converted == 0 {
        return Err("no document could be converted".into());
    }
    Ok(())
}

fn file_problem(file: &str, reason: String) -> Problem {
    Problem {
        file: file.to_string(),
        line: None,
        column: None,
        severity: Severity::FileError,
        reason,
    }
}
