//! Column mappings: read a foreign CSV export (another system's column names, date
//! format, decimal separator) as the exchange format.
//!
//! A mapping is a small TOML (or JSON) document. Each `[[tables]]` entry turns the rows
//! of one source file into rows of one exchange-format table; one source file may feed
//! several tables (e.g. an invoice list with a "settled date" column gives both invoices
//! and payments). Each target column is taken from a source column, a constant, or a
//! template that combines source columns. Converted rows then go through the same strict
//! v1 parser, so every refused row is reported with the source file, the source line and
//! the column. See `examples/mappings/` for a commented example.
//!
//! ```toml
//! version = 1
//! date_format = "%m/%d/%Y"        # chrono strftime syntax
//! decimal_separator = "."
//! thousands_separator = ""
//! delimiter = ","
//! encoding = "windows-1252"      # what Excel writes on a Dutch or French Windows
//!
//! [[tables]]
//! target = "payments"
//! source = "export.csv"
//! require = ["SettledDate"]       # rows where this is empty are skipped (counted)
//! [tables.columns]
//! payment_id = { template = "{invoiceNumber}-settled" }
//! payment_date = "SettledDate"    # a plain string names a source column
//! method = { value = "transfer" } # a constant
//! ```

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::csv_v1::ParsedTable;
use super::record::{ColumnKind, Record};
use super::report::{Problem, Severity};
use super::rows::{Admit, Rows};
use super::text::{self, PhysicalLines};
use super::{CsvFile, Parsed};
use crate::model::Table;

/// A column mapping document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// Format version; must be 1.
    pub version: u32,
    /// What the mapping is for.
    #[serde(default)]
    pub name: String,
    /// Field delimiter of the source files (one character). Default `,`.
    #[serde(default = "default_delimiter")]
    pub delimiter: String,
    /// Character encoding of the source files, as a WHATWG label (`utf-8`,
    /// `windows-1252` for what Excel writes on Dutch and French Windows, `iso-8859-15`,
    /// …): any encoding whose line breaks are ASCII. A byte-order mark in a file (UTF-8
    /// or UTF-16) takes precedence. Default `utf-8`.
    #[serde(default = "default_encoding")]
    pub encoding: String,
    /// Date format of the source files in chrono's strftime syntax (`%m/%d/%Y` reads
    /// `1/2/2013` as 2 January 2013). Default ISO `%Y-%m-%d`.
    #[serde(default = "default_date_format")]
    pub date_format: String,
    /// Decimal separator of the source files. Default `.`.
    #[serde(default = "default_decimal")]
    pub decimal_separator: String,
    /// Thousands separator to remove from numbers. Default none.
    #[serde(default)]
    pub thousands_separator: String,
    /// One entry per (source file, target table).
    pub tables: Vec<TableMapping>,
}

fn default_delimiter() -> String {
    ",".into()
}
fn default_encoding() -> String {
    "utf-8".into()
}
fn default_date_format() -> String {
    "%Y-%m-%d".into()
}
fn default_decimal() -> String {
    ".".into()
}

/// How one source file feeds one exchange-format table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableMapping {
    /// Target table: `customers`, `invoices`, `payments`, `orders`, `disputes`,
    /// `write_offs`.
    pub target: String,
    /// Source file name.
    pub source: String,
    /// Source columns that must be non-empty; other rows are skipped (and counted).
    #[serde(default)]
    pub require: Vec<String>,
    /// Only rows whose source column has one of these values are used.
    #[serde(default)]
    pub only_when: Option<Condition>,
    /// A target column whose value identifies a row: later rows with the same value are
    /// merged into the first (counted as skipped); `keep = "min"`/`"max"` columns are
    /// aggregated over the merged rows.
    #[serde(default)]
    pub distinct: Option<String>,
    /// Target column → where its value comes from.
    pub columns: BTreeMap<String, ColumnSpec>,
}

/// A row filter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// Source column.
    pub column: String,
    /// Accepted values (compared exactly, after trimming).
    pub equals: Vec<String>,
}

/// Where a target column's value comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ColumnSpec {
    /// A source column by name.
    Column(String),
    /// A constant.
    Value {
        /// The constant.
        value: String,
    },
    /// Source columns in braces, e.g. `"{invoiceNumber}-settled"`.
    Template {
        /// The template.
        template: String,
    },
    /// A source column aggregated over rows merged by `distinct`.
    Keep {
        /// Source column.
        column: String,
        /// `min` or `max`.
        keep: String,
    },
}

/// A mapping that cannot be used, with the path of the offending field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MappingError {
    /// Path of the field, e.g. `tables[1].columns.amount`.
    pub path: String,
    /// What is wrong.
    pub reason: String,
}

impl std::fmt::Display for MappingError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.reason)
    }
}

/// Target columns that may be left out of a mapping (they accept an empty cell).
const MAY_BE_EMPTY: &[&str] = &[
    "name",
    "segment",
    "sector",
    "credit_limit",
    "language",
    "reversed_on",
    "assessed_on",
    "resolved_on",
    "outcome",
    "invoiced_on",
    "order_id",
    "status",
    "external_score",
    "country",
    "invoice_id",
    "iban",
    "payment_reference",
    "payer_iban",
];

impl Mapping {
    /// Reads a mapping from TOML text.
    pub fn from_toml(text: &str) -> Result<Mapping, MappingError> {
        if text.len() > crate::limits::MAX_DOCUMENT_BYTES {
            return Err(MappingError {
                path: "(document)".into(),
                reason: crate::limits::document_too_large(text.len()),
            });
        }
        let m: Mapping = toml::from_str(text).map_err(|e| MappingError {
            path: "(document)".into(),
            reason: e.to_string(),
        })?;
        m.validate()?;
        Ok(m)
    }

    /// Checks the mapping without any data: version, separators, targets, and that every
    /// target column exists and every required one is mapped.
    pub fn validate(&self) -> Result<(), MappingError> {
        let e = |path: String, reason: String| Err(MappingError { path, reason });
        if self.version != 1 {
            return e(
                "version".into(),
                format!("unsupported version {}; expected 1", self.version),
            );
        }
        if self.delimiter.len() != 1 {
            return e(
                "delimiter".into(),
                "must be exactly one ASCII character".into(),
            );
        }
        if text::encoding(&self.encoding).is_none() {
            return e(
                "encoding".into(),
                format!(
                    "unknown encoding {:?}; expected a label such as utf-8 or windows-1252 (one whose line breaks are ASCII)",
                    self.encoding
                ),
            );
        }
        if self.decimal_separator.chars().count() != 1 {
            return e(
                "decimal_separator".into(),
                "must be exactly one character".into(),
            );
        }
        if self.tables.is_empty() {
            return e("tables".into(), "at least one table is needed".into());
        }
        for (i, t) in self.tables.iter().enumerate() {
            let Some(table) = Table::parse(&t.target) else {
                return e(
                    format!("tables[{i}].target"),
                    format!(
                        "unknown table {:?}; expected customers, invoices, payments, orders, disputes or write_offs",
                        t.target
                    ),
                );
            };
            let columns = columns_of(table);
            for name in t.columns.keys() {
                if !columns.iter().any(|(c, _)| c == name) {
                    return e(
                        format!("tables[{i}].columns.{name}"),
                        format!("{} has no column {name:?}", table.name()),
                    );
                }
            }
            for (c, _) in columns {
                if !t.columns.contains_key(*c) && !MAY_BE_EMPTY.contains(c) {
                    return e(
                        format!("tables[{i}].columns"),
                        format!("required column {c:?} of {} is not mapped", table.name()),
                    );
                }
            }
            for (name, spec) in &t.columns {
                if let ColumnSpec::Keep { keep, .. } = spec
                    && (keep != "min" && keep != "max" || t.distinct.is_none())
                {
                    return e(
                        format!("tables[{i}].columns.{name}.keep"),
                        "keep must be \"min\" or \"max\", and needs `distinct`".into(),
                    );
                }
            }
            if let Some(d) = &t.distinct
                && !t.columns.contains_key(d)
            {
                return e(
                    format!("tables[{i}].distinct"),
                    format!("{d:?} is not a mapped column"),
                );
            }
        }
        Ok(())
    }

    /// Applies the mapping to the given source files.
    pub fn apply(&self, files: &[CsvFile<'_>]) -> Parsed {
        let mut parsed = Parsed::default();
        for (i, t) in self.tables.iter().enumerate() {
            let Some(file) = files.iter().find(|f| base(f.name) == base(&t.source)) else {
                parsed.problems.push(Problem {
                    file: t.source.clone(),
                    line: None,
                    column: None,
                    severity: Severity::FileError,
                    reason: format!("source file of tables[{i}] ({}) is missing", t.target),
                });
                continue;
            };
            match Table::parse(&t.target) {
                Some(Table::Customers) => self.apply_table(t, file, &mut parsed.customers),
                Some(Table::Invoices) => self.apply_table(t, file, &mut parsed.invoices),
                Some(Table::Payments) => self.apply_table(t, file, &mut parsed.payments),
                Some(Table::Orders) => self.apply_table(t, file, &mut parsed.orders),
                Some(Table::Disputes) => self.apply_table(t, file, &mut parsed.disputes),
                Some(Table::WriteOffs) => self.apply_table(t, file, &mut parsed.write_offs),
                Some(Table::PaymentPlans) => self.apply_table(t, file, &mut parsed.payment_plans),
                Some(Table::Promises) => self.apply_table(t, file, &mut parsed.promises),
                None => {}
            }
        }
        parsed
    }

    fn apply_table<R: Record>(
        &self,
        t: &TableMapping,
        file: &CsvFile<'_>,
        out: &mut ParsedTable<R>,
    ) {
        let src = out.add_source(file.name);
        let declared = text::encoding(&self.encoding).unwrap_or(encoding_rs::UTF_8);
        let bytes = match text::decoded(file.bytes, declared) {
            Ok(b) => b,
            Err(why) => {
                out.file_problem(src, Severity::FileError, why);
                return;
            }
        };
        let bytes = bytes.as_ref();
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(self.delimiter.as_bytes()[0])
            .from_reader(PhysicalLines::new(bytes));
        let mut rec = csv::StringRecord::new();
        let header: Vec<String> = match reader.read_record(&mut rec) {
            Ok(true) => rec
                .iter()
                .map(|h| h.trim_start_matches('\u{feff}').trim().to_string())
                .collect(),
            Ok(false) => {
                out.file_problem(src, Severity::FileError, "empty file: no header row".into());
                return;
            }
            Err(e) => {
                out.file_problem(
                    src,
                    Severity::FileError,
                    format!("not readable as CSV: {e}"),
                );
                return;
            }
        };
        let col = |name: &str| header.iter().position(|h| h == name);
        // Resolve every source column named by the mapping.
        let mut needed: Vec<&str> = t.require.iter().map(String::as_str).collect();
        if let Some(c) = &t.only_when {
            needed.push(&c.column);
        }
        for spec in t.columns.values() {
            match spec {
                ColumnSpec::Column(c) | ColumnSpec::Keep { column: c, .. } => needed.push(c),
                ColumnSpec::Template { template } => needed.extend(placeholders(template)),
                ColumnSpec::Value { .. } => {}
            }
        }
        let missing: Vec<&str> = needed
            .iter()
            .copied()
            .filter(|c| col(c).is_none())
            .collect();
        if !missing.is_empty() {
            out.file_problem(
                src,
                Severity::FileError,
                format!(
                    "mapping to {} needs column(s) {} that the file does not have (it has {})",
                    R::TABLE.name(),
                    missing.join(", "),
                    header.join(", ")
                ),
            );
            return;
        }
        let target_cols = R::COLUMNS;
        let distinct = t
            .distinct
            .as_ref()
            .and_then(|d| target_cols.iter().position(|(c, _)| c == d));
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        let mut rows: Vec<(u64, Vec<String>)> = Vec::new();
        let mut source_rows = Rows {
            reader: &mut reader,
            header: &header,
            max_rows: crate::limits::MAX_ROWS,
        };
        loop {
            let line = match out.next_row(src, &mut source_rows, &mut rec) {
                Admit::End => break,
                Admit::Refused => continue,
                Admit::Row(line) => line,
            };
            let get = |name: &str| cell(&header, &rec, name);
            let filtered = t.require.iter().any(|c| get(c).is_empty())
                || t.only_when
                    .as_ref()
                    .is_some_and(|c| !c.equals.iter().any(|v| v == get(&c.column)));
            if filtered {
                out.sources[src as usize].skipped += 1;
                continue;
            }
            let mut cells = Vec::with_capacity(target_cols.len());
            let mut bad = None;
            for (name, kind) in target_cols {
                let (raw, source_col) = match t.columns.get(*name) {
                    None => (String::new(), None),
                    Some(ColumnSpec::Column(c)) | Some(ColumnSpec::Keep { column: c, .. }) => {
                        (get(c).to_string(), Some(c.as_str()))
                    }
                    Some(ColumnSpec::Value { value }) => (value.clone(), None),
                    Some(ColumnSpec::Template { template }) => {
                        (fill(template, &header, &rec), None)
                    }
                };
                match self.convert(&raw, *kind) {
                    Ok(v) => cells.push(v),
                    Err(reason) => {
                        bad = Some((source_col.unwrap_or(name).to_string(), reason));
                        break;
                    }
                }
            }
            if let Some((column, reason)) = bad {
                out.refuse(src, line, Some(column), reason);
                continue;
            }
            if let Some(k) = distinct {
                if let Some(&first) = seen.get(&cells[k]) {
                    merge_keep(t, target_cols, &mut rows[first].1, &cells);
                    out.sources[src as usize].skipped += 1;
                    continue;
                }
                seen.insert(cells[k].clone(), rows.len());
            }
            rows.push((line, cells));
        }
        for (line, cells) in rows {
            let refs: Vec<&str> = cells.iter().map(String::as_str).collect();
            out.accept_cells(src, line, &refs);
        }
    }

    /// Converts a foreign cell to its v1 spelling; a cell with a NUL byte is refused
    /// ([`text::NUL_IN_CELL`]).
    fn convert(&self, raw: &str, kind: ColumnKind) -> Result<String, String> {
        if raw.is_empty() {
            return Ok(String::new());
        }
        if text::has_nul(raw.as_bytes()) {
            return Err(text::NUL_IN_CELL.into());
        }
        match kind {
            ColumnKind::Text => Ok(raw.to_string()),
            ColumnKind::Date => NaiveDate::parse_from_str(raw, &self.date_format)
                .map(|d| d.to_string())
                .map_err(|e| {
                    format!(
                        "{raw:?} is not a date in format {:?}: {e}",
                        self.date_format
                    )
                }),
            ColumnKind::Decimal => {
                let mut s = raw.to_string();
                let sep = &self.thousands_separator;
                if !sep.is_empty() {
                    // "1.234,56" is fine; "5.00" with "." as thousands separator is not.
                    let int_part = s
                        .split(self.decimal_separator.as_str())
                        .next()
                        .unwrap_or("");
                    let groups: Vec<&str> = int_part.split(sep.as_str()).collect();
                    let grouped = groups.len() == 1
                        || groups[1..]
                            .iter()
                            .all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()));
                    if !grouped {
                        return Err(format!(
                            "{raw:?}: thousands separator {sep:?} must be followed by groups of three digits"
                        ));
                    }
                    s = s.replace(sep.as_str(), "");
                }
                if self.decimal_separator != "." {
                    if s.contains('.') {
                        return Err(format!(
                            "{raw:?} contains '.', but the decimal separator is {:?}",
                            self.decimal_separator
                        ));
                    }
                    s = s.replace(&self.decimal_separator, ".");
                }
                Ok(s)
            }
        }
    }
}

fn columns_of(t: Table) -> &'static [(&'static str, ColumnKind)] {
    use crate::model::{
        Customer, Dispute, Invoice, Order, Payment, PlanInstalment, Promise, WriteOff,
    };
    match t {
        Table::Customers => Customer::COLUMNS,
        Table::Invoices => Invoice::COLUMNS,
        Table::Payments => Payment::COLUMNS,
        Table::Orders => Order::COLUMNS,
        Table::Disputes => Dispute::COLUMNS,
        Table::WriteOffs => WriteOff::COLUMNS,
        Table::PaymentPlans => PlanInstalment::COLUMNS,
        Table::Promises => Promise::COLUMNS,
    }
}

fn merge_keep(t: &TableMapping, cols: &[(&str, ColumnKind)], kept: &mut [String], new: &[String]) {
    for (i, (name, _)) in cols.iter().enumerate() {
        if let Some(ColumnSpec::Keep { keep, .. }) = t.columns.get(*name) {
            // v1 cells are ISO dates or plain decimals; ISO dates order as text.
            let newer_wins = match keep.as_str() {
                "min" => !new[i].is_empty() && (kept[i].is_empty() || new[i] < kept[i]),
                _ => new[i] > kept[i],
            };
            if newer_wins {
                kept[i] = new[i].clone();
            }
        }
    }
}

fn base(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

/// Column names in a template: `"{a}-{b}"` → `a`, `b`.
fn placeholders(template: &str) -> Vec<&str> {
    template
        .split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}').map(|(name, _)| name))
        .collect()
}

/// The trimmed cell of source column `name` in `rec` (empty if there is no such column).
fn cell<'r>(header: &[String], rec: &'r csv::StringRecord, name: &str) -> &'r str {
    header
        .iter()
        .position(|h| h == name)
        .and_then(|i| rec.get(i))
        .unwrap_or("")
        .trim()
}

/// Fills the `{column}` placeholders of `template` from `rec`.
fn fill(template: &str, header: &[String], rec: &csv::StringRecord) -> String {
    let get = |name: &str| cell(header, rec, name);
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        match rest[open + 1..].find('}') {
            Some(close) => {
                out.push_str(get(&rest[open + 1..open + 1 + close]));
                rest = &rest[open + 2 + close..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}
