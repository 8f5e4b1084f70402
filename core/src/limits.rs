//! Limits on inputs, the same for every host: the CLI, the component and the dashboard
//! call the same workflow functions, and those check these limits, so no host accepts
//! what another refuses. A value outside its limit is an [`InputError`] naming the field
//! and the limit, never a panic or a runaway computation.

use std::ops::RangeInclusive;

/// Longest KPI trend, in months (50 years): each month is one more period in the series.
pub const MAX_TREND_MONTHS: u32 = 600;

/// Deepest nesting of elements an XML document (UBL invoice, Invoice Response, camt
/// statement) may have: theirs is a dozen levels; the tree parser recurses once per level,
/// so an unbounded depth would exhaust the stack ([`crate::ingest`] checks it first).
pub const MAX_XML_DEPTH: usize = 256;

/// Largest XML document (UBL invoice, Invoice Response, camt statement), in bytes
/// (256 MiB): the tree parser holds the whole document and its nodes in memory, several
/// times its size; a day's statement of a large company is a few megabytes.
pub const MAX_XML_BYTES: usize = 256 << 20;

/// Largest text document read whole — a policy (TOML or JSON), a column mapping, a
/// history in JSON — in bytes (256 MiB, as an XML document): a policy or a mapping is a
/// few kilobytes; a history in JSON (a run report read back) of a million-invoice
/// portfolio runs to tens of megabytes, and a longer one belongs in `actions.csv`, read
/// row by row within [`MAX_ROWS`]. Checked before the document is parsed.
pub const MAX_DOCUMENT_BYTES: usize = 256 << 20;

/// Why a document of `len` bytes is refused ([`MAX_DOCUMENT_BYTES`]).
pub fn document_too_large(len: usize) -> String {
    format!(
        "too large: a document of {len} bytes, more than the {MAX_DOCUMENT_BYTES} a policy, mapping or JSON history may have"
    )
}

/// Longest cell of a CSV file, in bytes (64 KiB): ids, names, references and remittance
/// text are far shorter; a longer cell is a broken file (an unclosed quote that swallows
/// the rest of it) or an attack on memory.
pub const MAX_CELL_BYTES: usize = 64 << 10;

/// Why a CSV cell of `len` bytes is refused ([`MAX_CELL_BYTES`]).
pub fn cell_too_long(len: usize) -> String {
    format!(
        "too large: a cell of {len} bytes, more than the {MAX_CELL_BYTES} a cell may have (an unclosed quote?)"
    )
}

/// Every number read from a table cell (amounts, credit limits, scores) is below this in
/// magnitude (10^15: a thousand million million of any currency, beyond any invoice or
/// credit line). It keeps every total within `rust_decimal`'s range (about 7.9 × 10^28)
/// however many rows are added up ([`MAX_ROWS`] × 10^15 = 10^23), so that a sum never
/// overflows (an overflow panics).
pub const MAX_AMOUNT: i64 = 1_000_000_000_000_000;

/// 10^0 … 10^38, every power of ten that fits in 128 bits.
const POWERS_OF_TEN: [u128; 39] = {
    let mut p = [1u128; 39];
    let mut k = 1;
    while k < 39 {
        p[k] = p[k - 1] * 10;
        k += 1;
    }
    p
};

/// `d` (read from `text`) when it is below [`MAX_AMOUNT`] in magnitude; otherwise why
/// it is refused.
pub fn amount(d: rust_decimal::Decimal, text: &str) -> Result<rust_decimal::Decimal, String> {
    // d = m × 10^−s is below 10^15 exactly when |m| < 10^(15 + s): compared on the
    // mantissa, without bringing both numbers to one scale (a multiplication in 96 bits
    // for every amount read; 128-bit arithmetic is a library call in WebAssembly). Past
    // 10^38 no power fits in 128 bits, and no mantissa (< 2^96 < 10^29) comes near it.
    let below = POWERS_OF_TEN
        .get(15 + d.scale() as usize)
        .is_none_or(|&bound| d.mantissa().unsigned_abs() < bound);
    if below {
        return Ok(d);
    }
    Err(format!(
        "too large: {text:?} is not below the 1000000000000000 (10^15) in magnitude a number may have"
    ))
}

/// Most data rows one CSV file may have (100 million: ten times the largest portfolio
/// benchmarked); the engine numbers rows in 32 bits.
pub const MAX_ROWS: u64 = 100_000_000;

/// Most invoice-months one simulation may draw: runs × months × invoices (open, and
/// planned for the horizon) × scenarios, 20 billion — about a minute on this project's
/// 2-core reference machine, which draws some 4·10⁸ a second (BENCHMARKS.md, "Scenario
/// simulator"). Each factor is bounded on its own; this bounds their product, so that
/// 10 000 runs of 36 months on a ten-million-invoice book is refused at once, with the
/// number of runs that fits, instead of running for hours.
pub const MAX_SIMULATION_WORK: u64 = 20_000_000_000;

/// A simulation of `runs` × `months` over `invoices` invoices and `scenarios` scenarios
/// is within [`MAX_SIMULATION_WORK`]; otherwise why not (field `runs`), with the runs
/// that would fit.
pub fn simulation_work(
    runs: u32,
    months: u32,
    invoices: usize,
    scenarios: usize,
) -> Result<(), InputError> {
    let per_run = u128::from(months) * invoices as u128 * scenarios as u128;
    let work = u128::from(runs) * per_run;
    if work <= u128::from(MAX_SIMULATION_WORK) {
        return Ok(());
    }
    let fit = u128::from(MAX_SIMULATION_WORK) / per_run.max(1);
    Err(InputError {
        field: "runs",
        reason: format!(
            "too large: {runs} runs × {months} months × {invoices} invoices × {scenarios} scenario(s) = {work} invoice-months, more than the {MAX_SIMULATION_WORK} a simulation may draw; at most {fit} runs fit"
        ),
        breach: Breach::TooLarge,
    })
}

/// Days after the due date at which the payment-behaviour model counts an unpaid
/// invoice as a default: at least a day, at most ten years.
pub const DEFAULT_DAYS: RangeInclusive<i64> = 1..=3650;

/// Which kind of limit an input is outside of: hosts answer the two differently (the
/// component's `too-large` and `invalid-argument` error codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Breach {
    /// More than the engine takes: a count, a length or an amount of work above its
    /// bound. The input may be right; it is refused for its size.
    TooLarge,
    /// A value outside the range that makes sense for it (a default after 0 days).
    OutOfRange,
}

/// An input outside its limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// The field at fault, in the core's spelling (`trend_months`); hosts translate it
    /// into their own (a WIT field, a command-line flag).
    pub field: &'static str,
    /// Why, naming the limit.
    pub reason: String,
    /// Too large, or out of range.
    pub breach: Breach,
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.reason)
    }
}

impl std::error::Error for InputError {}

/// A trend of `months` months, if asked for, is within [`MAX_TREND_MONTHS`].
pub fn trend_months(months: Option<u32>) -> Result<(), InputError> {
    match months {
        Some(n) if n > MAX_TREND_MONTHS => Err(InputError {
            field: "trend_months",
            reason: format!(
                "too large: {n} months, more than the {MAX_TREND_MONTHS} a trend may have"
            ),
            breach: Breach::TooLarge,
        }),
        _ => Ok(()),
    }
}

/// `days` is within [`DEFAULT_DAYS`].
pub fn default_days(days: i64) -> Result<(), InputError> {
    if DEFAULT_DAYS.contains(&days) {
        Ok(())
    } else {
        Err(InputError {
            field: "default_days",
            reason: format!(
                "must be between {} and {}",
                DEFAULT_DAYS.start(),
                DEFAULT_DAYS.end()
            ),
            breach: Breach::OutOfRange,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_amount_is_below_the_bound_as_its_decimal_is_whatever_its_scale() {
        // Each number at every scale 0..=28 its digits allow, positive and negative:
        // the mantissa comparison agrees with comparing the decimals themselves, at
        // 10^15 exactly, just under it, just over it, and far from it.
        use rust_decimal::Decimal;
        let max = Decimal::from(MAX_AMOUNT);
        let texts = [
            "0",
            "1",
            "999999999999999",
            "999999999999999.9999999999999",
            "1000000000000000",
            "1000000000000000.0000000000001",
            "1000000000000001",
            "12345678901234567890123456789",
            "0.0000000000000000000000000001",
            "79228162514264337593543950335",
        ];
        for t in texts {
            let base: Decimal = t.parse().unwrap();
            for scale in 0..=28u32 {
                for d in [base, -base] {
                    let mut d = d;
                    d.rescale(scale);
                    if d.scale() != scale {
                        continue;
                    }
                    let want = d.abs() < max;
                    assert_eq!(amount(d, t).is_ok(), want, "{d} (scale {scale})");
                }
            }
        }
    }

    #[test]
    fn documents_past_the_bound_are_refused_before_they_are_parsed() {
        // One byte over: refused as too large, naming the bound, whatever the syntax.
        let big = " ".repeat(MAX_DOCUMENT_BYTES + 1);
        let policy =
            crate::collections::policy::parse(&big, crate::collections::policy::PolicyFormat::Toml)
                .unwrap_err();
        assert_eq!(
            policy[0].message,
            document_too_large(MAX_DOCUMENT_BYTES + 1)
        );
        assert!(
            policy[0]
                .message
                .starts_with("too large: a document of 268435457 bytes")
        );
        let mapping = crate::ingest::mapping::Mapping::from_toml(&big).unwrap_err();
        assert_eq!(mapping.reason, document_too_large(MAX_DOCUMENT_BYTES + 1));
        let history =
            crate::collections::dunning::History::from_json("run.json", &big).unwrap_err();
        assert_eq!(
            history[0].reason,
            document_too_large(MAX_DOCUMENT_BYTES + 1)
        );
    }

    #[test]
    fn a_simulation_is_bounded_by_the_product_of_its_sizes() {
        // 200 runs × 12 months × 78 000 invoices × 2 scenarios = 374 400 000: the demo.
        assert!(simulation_work(200, 12, 78_000, 2).is_ok());
        // 10 000 × 36 × 1 500 000 × 1 = 540 000 000 000 > 20 000 000 000; 20e9 / (36 ×
        // 1.5e6) = 370.37…: 370 runs fit.
        let why = simulation_work(10_000, 36, 1_500_000, 1).unwrap_err();
        assert_eq!((why.field, why.breach), ("runs", Breach::TooLarge));
        assert_eq!(
            why.reason,
            "too large: 10000 runs × 36 months × 1500000 invoices × 1 scenario(s) = 540000000000 invoice-months, more than the 20000000000 a simulation may draw; at most 370 runs fit"
        );
        assert!(simulation_work(370, 36, 1_500_000, 1).is_ok());
        assert!(simulation_work(371, 36, 1_500_000, 1).is_err());
    }

    #[test]
    fn limits_hold_at_their_bounds() {
        assert!(trend_months(None).is_ok());
        assert!(trend_months(Some(600)).is_ok());
        let trend = trend_months(Some(601)).unwrap_err();
        assert_eq!(
            (trend.field, trend.breach),
            ("trend_months", Breach::TooLarge)
        );
        assert_eq!(
            trend.reason,
            "too large: 601 months, more than the 600 a trend may have"
        );
        assert!(default_days(1).is_ok() && default_days(3650).is_ok());
        assert!(default_days(0).is_err() && default_days(3651).is_err());
        assert_eq!(default_days(0).unwrap_err().breach, Breach::OutOfRange);
        // The component's error codes: too-large for a size, invalid-argument for a range.
        use crate::api::ErrorCode;
        assert_eq!(crate::api::Error::limit(trend).code, ErrorCode::TooLarge);
        let days = crate::api::Error::limit(default_days(0).unwrap_err());
        assert_eq!(days.code, ErrorCode::InvalidArgument);
        assert!(
            days.message
                .starts_with("default-days: must be between 1 and 3650"),
            "{}",
            days.message
        );
        assert_eq!(
            default_days(0).unwrap_err().to_string(),
            "default_days: must be between 1 and 3650"
        );
    }
}
