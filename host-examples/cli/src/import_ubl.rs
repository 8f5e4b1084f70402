//! `rappel import-ubl`: Peppol UBL documents → invoices.csv and customers.csv.

use std::path::{Path, PathBuf};

use rappel_core::ingest::{Problem, Severity, write_table};
use rappel_core::model::{Payment, Table};

use crate::data;
use crate::engine::Engine;
use rappel_core::api::{MergeUbl, NamedFile};

/// Converts `files` on `engine` and adds them to the tables in `out`. Documents that
/// cannot be read, and invoice numbers already present, are reported on stderr and not
/// written. Fails when no document could be converted, or when a current file in `out`
/// has rows that do not read (rewriting it would lose them).
pub fn run(engine: &Engine, files: &[PathBuf], out: &Path) -> Result<(), String> {
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    // Held from reading the current tables to writing them back.
    let _lock = crate::files::Lock::on(out)?;
    let file = |t| -> Result<Option<NamedFile>, String> {
        Ok(data::table_file(out, t, None)?.map(|(name, contents)| NamedFile { name, contents }))
    };
    let (customers, invoices) = (file(Table::Customers)?, file(Table::Invoices)?);
    let mut unread: Vec<Problem> = Vec::new();
    let mut documents = Vec::new();
    for f in files {
        let name = f.display().to_string();
        match std::fs::read(f) {
            Ok(contents) => documents.push(NamedFile { name, contents }),
            Err(e) => unread.push(Problem {
                file: name,
                line: None,
                column: None,
                severity: Severity::FileError,
                reason: e.to_string(),
            }),
        }
    }
    let request = MergeUbl {
        customers,
        invoices,
        documents,
    };
    let m = engine.merge_ubl(&request)?;
    for d in &m.merged {
        eprintln!("{}: {}", d.file, d.summary);
    }
    for p in unread.iter().chain(&m.problems) {
        eprintln!("{p}");
    }
    let write = |t: Table, bytes: &[u8]| {
        let p = out.join(t.file_name());
        crate::files::write_atomic(&p, bytes)
    };
    write(Table::Customers, &m.customers)?;
    write(Table::Invoices, &m.invoices)?;
    if !out.join(Table::Payments.file_name()).exists() {
        write(Table::Payments, &write_table::<Payment>(&[]))?;
    }
    eprintln!(
        "{} of {} document(s) converted; {} invoices and {} customers in {}",
        m.merged.len(),
        files.len(),
        m.invoice_count,
        m.customer_count,
        out.display()
    );
    if m.merged.is_empty() {
        return Err("no document could be converted".into());
    }
    Ok(())
}
