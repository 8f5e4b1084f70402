//! Loading a portfolio for a command: a folder of v1 CSV files (parsed in parallel), a
//! foreign export through a column mapping, or the embedded demo portfolio.

use std::path::{Path, PathBuf};

use rappel_core::generate;
use rappel_core::ingest::{
    self, Assembling, CsvFile, ImportOptions, ImportReport, Imported, Parsed, mapping::Mapping,
};
use rappel_core::model::{Portfolio, Table};

/// Where the data comes from.
#[derive(clap::Args, Debug, Clone)]
pub struct Source {
    /// Folder with customers.csv, invoices.csv, payments.csv (and optional orders.csv,
    /// disputes.csv, write_offs.csv), or a foreign export with --mapping.
    #[arg(long, value_name = "DIR", required_unless_present = "demo")]
    pub data: Option<PathBuf>,
    /// Column mapping (TOML) to read a foreign export in DIR.
    #[arg(long, value_name = "FILE", requires = "data")]
    pub mapping: Option<PathBuf>,
    /// Use the embedded demo portfolio instead of --data.
    #[arg(long, conflicts_with = "data")]
    pub demo: bool,
    /// Encoding of the files in DIR when they are not UTF-8, as a WHATWG label such as
    /// windows-1252 (what Excel writes on a Dutch or French Windows); a file with a
    /// byte-order mark is read in its own encoding. With --mapping, the mapping's
    /// `encoding` says it instead.
    #[arg(
        long,
        value_name = "LABEL",
        requires = "data",
        conflicts_with = "mapping"
    )]
    pub encoding: Option<String>,
    /// Portfolio currency (default: the most frequent invoice currency).
    #[arg(long)]
    pub currency: Option<String>,
    /// Exit with an error when any row is rejected.
    #[arg(long)]
    pub strict: bool,
}

/// The threads the CLI lets the core use: the machine's cores (the core's answers are
/// the same on any number).
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Lets go of a portfolio the command is done with. Freeing a large one row by row
/// takes a while (~35 ms for 1 M invoices): it is done on a thread of its own while the
/// answer is written, and left to the operating system if the process ends first. (When
/// no thread can be started, the portfolio is freed here instead.)
pub fn free_later(p: Portfolio) {
    let _ = std::thread::Builder::new().spawn(move || drop(p));
}

/// Loads the portfolio, printing import problems and totals to stderr. Errors when
/// nothing usable was read, or with --strict when any row was rejected.
pub fn load(src: &Source) -> Result<Portfolio, String> {
    let options = ImportOptions {
        currency: src.currency.clone(),
        // The checks' lookups split over the machine's cores (same result on any number).
        threads: cores(),
    };
    let imported = match (&src.data, src.demo) {
        (_, true) => {
            let (p, problems) =
                Portfolio::build(generate::generate(&generate::Config::default()), None);
            if !problems.is_empty() {
                return Err(format!("demo portfolio is inconsistent: {problems:?}"));
            }
            return Ok(p);
        }
        (Some(dir), false) => match &src.mapping {
            Some(m) => read_mapped(dir, m, &options)?,
            None => read_folder(dir, src.encoding.as_deref(), &options)?,
        },
        (None, false) => return Err("either --data DIR or --demo is needed".into()),
    };
    print_report(&imported.report);
    if !imported.is_usable() {
        return Err("nothing usable was read: no customer or no invoice was accepted".into());
    }
    if src.strict && imported.report.rejected() > 0 {
        return Err(format!(
            "--strict: {} row(s) rejected",
            imported.report.rejected()
        ));
    }
    Ok(imported.portfolio)
}

/// The raw input of a command, for an engine that parses it itself (the component).
pub struct Files {
    /// `(name, bytes)` of each file, named as the native reader names them.
    pub files: Vec<(String, Vec<u8>)>,
    /// Column mapping text, for a foreign export.
    pub mapping: Option<String>,
}

/// The files `src` names, unread by the core: `None` for `--demo` (the engine
/// generates it).
pub fn files(src: &Source) -> Result<Option<Files>, String> {
    let Some(dir) = &src.data else {
        return Ok(None);
    };
    if !dir.is_dir() {
        return Err(format!("{}: not a folder", dir.display()));
    }
    let mut files = Vec::new();
    match &src.mapping {
        Some(m) => {
            let (files, _) = mapped_sources(dir, m)?;
            Ok(Some(files))
        }
        None => {
            for t in Table::ALL {
                files.extend(table_file(dir, t, src.encoding.as_deref())?);
            }
            Ok(Some(Files {
                files,
                mapping: None,
            }))
        }
    }
}

/// Table `t`'s file in `dir` as `(path, bytes)` (as UTF-8 when `encoding` names the
/// file's encoding), or `None` when there is none.
pub fn table_file(
    dir: &Path,
    t: Table,
    encoding: Option<&str>,
) -> Result<Option<(String, Vec<u8>)>, String> {
    let path = dir.join(t.file_name());
    if path.exists() {
        Ok(Some((
            path.display().to_string(),
            read_in(&path, encoding)?,
        )))
    } else {
        Ok(None)
    }
}

/// Applies `--strict` and prints the report, as [`load`] does for the native engine.
pub fn check_report(src: &Source, report: &ImportReport) -> Result<(), String> {
    print_report(report);
    if src.strict && report.rejected() > 0 {
        return Err(format!("--strict: {} row(s) rejected", report.rejected()));
    }
    Ok(())
}

fn read(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// The bytes of `path`, as UTF-8 when `encoding` (a WHATWG label) says they are in
/// another encoding ([`ingest::transcode`]).
fn read_in(path: &Path, encoding: Option<&str>) -> Result<Vec<u8>, String> {
    let bytes = read(path)?;
    match encoding {
        None => Ok(bytes),
        Some(label) => ingest::transcode(&bytes, label)
            .map(|b| b.into_owned())
            .map_err(|e| format!("{}: --encoding: {e}", path.display())),
    }
}

/// Reads a v1 folder (its files in `encoding` when given), parsing each table's file on
/// its own thread. UTF-8 files are read as they are parsed ([`Parsed::read_into`]), so
/// a file's bytes and its rows are never in memory together; files in another encoding
/// are read whole and transcoded first. The customers' and the invoices' checks run as
/// soon as those two files are read, while the others (the payments' above all) are
/// still being read ([`Assembling::first`]), and so does the invoices' admission
/// ([`FirstChecked::with_rest`](rappel_core::ingest::FirstChecked::with_rest)).
pub fn read_folder(
    dir: &Path,
    encoding: Option<&str>,
    options: &ImportOptions,
) -> Result<Imported, String> {
    if !dir.is_dir() {
        return Err(format!("{}: not a folder", dir.display()));
    }
    let mut present: Vec<(Table, PathBuf)> = Vec::new();
    let mut rest = Parsed::default();
    for t in Table::ALL {
        let path = dir.join(t.file_name());
        if path.exists() {
            present.push((t, path));
        } else {
            rest.note_absent(t, &path.display().to_string());
        }
    }
    std::thread::scope(|s| {
        let reading: Vec<_> = present
            .iter()
            .map(|(t, path)| (*t, s.spawn(move || parse_file(*t, path, encoding))))
            .collect();
        let (first, others): (Vec<_>, Vec<_>) = (reading.into_iter())
            .partition(|(t, _)| matches!(t, Table::Customers | Table::Invoices));
        let checked = joined(Parsed::default(), first)
            .map(|f| Assembling::first(f.customers, f.invoices, options))?;
        Ok(checked.with_rest(move || joined(rest, others))?.finish())
    })
}

/// `into` with the table each of `readers` parsed. Every reader is joined, even after
/// one failed (the first failure, in table order, is the answer).
fn joined(
    mut into: Parsed,
    readers: Vec<(
        Table,
        std::thread::ScopedJoinHandle<'_, Result<Parsed, String>>,
    )>,
) -> Result<Parsed, String> {
    let mut failed = None;
    for (t, h) in readers {
        let one = h
            .join()
            .unwrap_or_else(|_| Err("a reader thread failed".into()));
        match one {
            Ok(p) => into.absorb(t, p),
            Err(e) => {
                failed.get_or_insert(e);
            }
        }
    }
    failed.map_or(Ok(into), Err)
}

/// Table `t`'s file at `path`, parsed: read as it is parsed, or read whole and
/// transcoded when `encoding` names the file's encoding; an error when the room for its
/// rows could not be had ([`Parsed::lacking_room`]).
fn parse_file(t: Table, path: &Path, encoding: Option<&str>) -> Result<Parsed, String> {
    let name = path.display().to_string();
    let mut one = Parsed::default();
    match encoding {
        Some(_) => one.parse_into(t, &name, &read_in(path, encoding)?),
        None => {
            let file = std::fs::File::open(path).map_err(|e| format!("{name}: {e}"))?;
            let size = file.metadata().map(|m| m.len()).unwrap_or(0);
            one.read_into(t, &name, file, size);
        }
    }
    // As the component and the page: a file whose rows could not have their room is
    // refused, never left out (natively the room is address space, so it always is had).
    match one.lacking_room() {
        Some(p) => Err(format!("{}: {}", p.file, p.reason)),
        None => Ok(one),
    }
}

/// The source files a mapping file names that exist in `dir` (with the mapping's text),
/// and the parsed mapping.
fn mapped_sources(dir: &Path, mapping: &Path) -> Result<(Files, Mapping), String> {
    let text = String::from_utf8(read(mapping)?)
        .map_err(|_| format!("{}: not UTF-8 text", mapping.display()))?;
    let m = Mapping::from_toml(&text).map_err(|e| format!("{}: {e}", mapping.display()))?;
    let mut sources: Vec<String> = m.tables.iter().map(|t| t.source.clone()).collect();
    sources.sort();
    sources.dedup();
    let mut contents = Vec::new();
    for s in &sources {
        let path = dir.join(s);
        if path.exists() {
            contents.push((s.clone(), read(&path)?));
        }
    }
    Ok((
        Files {
            files: contents,
            mapping: Some(text),
        },
        m,
    ))
}

fn read_mapped(dir: &Path, mapping: &Path, options: &ImportOptions) -> Result<Imported, String> {
    let (contents, m) = mapped_sources(dir, mapping)?;
    let files: Vec<CsvFile<'_>> = contents
        .files
        .iter()
        .map(|(name, bytes)| CsvFile { name, bytes })
        .collect();
    Ok(ingest::read(&files, Some(&m), options))
}

/// Prints every problem and a summary line per file to stderr.
pub fn print_report(r: &ImportReport) {
    for p in &r.problems {
        eprintln!("{p}");
    }
    for f in &r.files {
        let skipped = if f.skipped > 0 {
            format!(", {} skipped by the mapping", f.skipped)
        } else {
            String::new()
        };
        eprintln!(
            "{}: {} rows read as {}: {} accepted, {} rejected{skipped}; accepted amount {}",
            f.file,
            f.read,
            f.table.name(),
            f.accepted,
            f.rejected,
            rappel_core::kpi::report::round2(f.amount_accepted)
        );
    }
}
