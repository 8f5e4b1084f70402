//! `rappel import-ubl`: Peppol UBL documents → invoices.csv and customers.csv.

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
    let mut documents = Vec::new();
    for f in files {
        let name = f.display().to_string();
        match std::fs::read(f) {
            Ok(bytes) => documents.push((name, bytes)),
            Err(e) => problems.push(file_problem(&name, e.to_string())),
        }
    }
    let (merged, more) = ubl::merge(&mut customers, &mut invoices, &documents);
    problems.extend(more);
    for m in &merged {
        eprintln!("{}: {}", m.file, m.summary);
    }
    let converted = merged.len();
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
