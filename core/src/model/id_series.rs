//! The ids of a table's numbered series, found by their number: a slot a number, holding
//! its row, where a hash table would hold candidates to confirm.
//!
//! Invoices are numbered in sequence by law: an invoice carries "a sequential number,
//! based on one or more series, which uniquely identifies the invoice" (Council Directive
//! 2006/112/EC, art. 226(2); EN 16931's BT-1 is that number). Ledgers number customers and
//! payments the same way ("C000123", "PAY0004711", "10087"). Such an id is its series'
//! text and a number, so the series' rows can be kept in an array by number: adding or
//! finding an id reads one slot, without hashing it, and without reading the row that
//! holds it to confirm it (a cache miss each in a table of a million rows). Ids in number
//! order touch neighbouring slots. This is the issue-15 lever "ids as dense integer keys,
//! joins as array indexing", for the tables whose ids allow it.
//!
//! A table may have several series: invoices and credit notes numbered apart, or numbers
//! that start again each year ("INV2024-000123"; "one or more series", as the directive
//! says). Which series a table has is decided from a sample of its ids before it is
//! indexed ([`Numbered::plan`]), each kept in an array of its own; ids of a series too
//! small to matter, ids without a number, and numbers far from the sample's go to the
//! index's hash table as before, so every table is indexed correctly, and one without a
//! numbered series as fast as before.

use super::id::same_text;

/// Digits read as an id's number at most: any 19-digit number fits in a `u64`. Digits
/// before them are part of the series' text.
const MAX_DIGITS: usize = 19;

/// Ids sampled to plan a table's series (evenly spaced, the first and the last included):
/// enough for a series of a few per cent of the table to show ([`MIN_VOTES`]).
const SAMPLES: usize = 129;

/// A slot that holds no row.
const NONE: u32 = u32::MAX;

/// How a series writes its numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Digits {
    /// Always this many digits ("INV0000042"; a number that outgrows them is written
    /// wider and belongs to another series).
    Width(usize),
    /// As many as the number needs, without zeros in front ("C42", "10087").
    Plain,
}

/// An id cut before the digits at its end.
struct Cut<'a> {
    text: &'a str,
    digits: usize,
    zero_first: bool,
    number: u64,
}

/// `id` cut before its last digits (at most [`MAX_DIGITS`]); `None` without a digit at its
/// end.
#[inline]
fn cut(id: &str) -> Option<Cut<'_>> {
    let digits = (id.bytes().rev().take(MAX_DIGITS))
        .take_while(u8::is_ascii_digit)
        .count();
    if digits == 0 {
        return None;
    }
    // Digits are ASCII: the text before them ends on a character's end.
    let (text, number) = id.split_at(id.len() - digits);
    let number = number.as_bytes();
    Some(Cut {
        text,
        digits,
        zero_first: digits > 1 && number[0] == b'0',
        number: (number.iter()).fold(0, |n, &d| n * 10 + u64::from(d - b'0')),
    })
}

/// A series: its text and how it writes numbers. Within one series an id and its number
/// determine each other.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Series {
    text: Box<str>,
    digits: Digits,
}

impl Series {
    /// Whether the series writes numbers as `c` has its number written (its text
    /// aside).
    #[inline]
    fn writes(&self, c: &Cut) -> bool {
        match self.digits {
            Digits::Width(w) => c.digits == w,
            Digits::Plain => !c.zero_first,
        }
    }

    /// The series `c` may belong to: the one of its width, and without zeros in front
    /// the plain one.
    fn of(c: &Cut) -> impl Iterator<Item = Series> {
        let text: Box<str> = c.text.into();
        let plain = (!c.zero_first).then(|| Series {
            text: text.clone(),
            digits: Digits::Plain,
        });
        let width = Series {
            text,
            digits: Digits::Width(c.digits),
        };
        std::iter::once(width).chain(plain)
    }
}

/// The rows of one series' ids, by number: slot `k` holds the row of number `first + k`.
#[derive(Debug, Clone)]
struct Part {
    series: Series,
    first: u64,
    slots: Vec<u32>,
    /// Slots the array may grow to; numbers beyond go to the hash table.
    limit: u64,
}

/// The rows of the ids of a table's numbered series, an array a series (at most
/// [`MAX_SERIES`], no two with the same text, so that each id has one place: its series'
/// array or the hash table).
#[derive(Debug, Clone)]
pub(super) struct Numbered {
    parts: Vec<Part>,
}

/// Where an id of a numbered series is kept: slot `k` of series `part`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Slot {
    part: usize,
    k: usize,
}

/// Series kept by number in one table at most. A ledger that starts its numbers again
/// each year has a series a year ("INV2024-000123"), and one for its credit notes: ten
/// years of both fit.
const MAX_SERIES: usize = 24;

/// Ids of the sample a series must have to be kept by number (about 3 % of the table: a
/// smaller series would save less than the other ids' lookups spend passing its text).
const MIN_VOTES: usize = 4;

/// A series found in a sample: its ids there and their smallest and largest number.
struct Votes {
    series: Series,
    count: usize,
    low: u64,
    high: u64,
}

impl Votes {
    /// The ids of `sample` counted and the series each may belong to, with its count.
    fn of<'t>(sample: impl Iterator<Item = &'t str>) -> (usize, Vec<Votes>) {
        let mut seen = 0;
        let mut votes: Vec<Votes> = Vec::new();
        for c in sample.inspect(|_| seen += 1).filter_map(cut) {
            for series in Series::of(&c) {
                match votes.iter_mut().find(|v| v.series == series) {
                    Some(v) => {
                        v.count += 1;
                        v.low = v.low.min(c.number);
                        v.high = v.high.max(c.number);
                    }
                    None => votes.push(Votes {
                        series,
                        count: 1,
                        low: c.number,
                        high: c.number,
                    }),
                }
            }
        }
        (seen, votes)
    }

    /// The series to keep by number, most ids first: each with at least [`MIN_VOTES`],
    /// one a text (of a width and the plain series of one text, the one with more ids;
    /// on a tie the plain one, since no id sampled then had a zero in front, and the plain
    /// series goes on past a width).
    fn chosen(mut votes: Vec<Votes>) -> Vec<Votes> {
        // A stable sort: among equals, the series seen first in the sample first.
        votes.sort_by_key(|v| (std::cmp::Reverse(v.count), v.series.digits != Digits::Plain));
        let mut chosen: Vec<Votes> = Vec::new();
        for v in votes.into_iter().filter(|v| v.count >= MIN_VOTES) {
            if chosen.len() == MAX_SERIES {
                break;
            }
            if !chosen.iter().any(|c| c.series.text == v.series.text) {
                chosen.push(v);
            }
        }
        chosen
    }
}

impl Numbered {
    /// The numbered series of the ids of rows `0..rows` (`ids(r)`; `None`: no id), read
    /// from [`SAMPLES`] of them, each with room for its numbers: every series with at
    /// least [`MIN_VOTES`] ids of the sample whose numbers are close enough to be kept by
    /// number (at most four slots a row of its share of the table: the hash table is
    /// otherwise smaller); `None` when there is none. Also how many rows the sample says
    /// are outside the arrays (the hash table's room).
    pub(super) fn plan<'t>(
        rows: usize,
        ids: impl Fn(u32) -> Option<&'t str>,
    ) -> (Option<Numbered>, usize) {
        let picks = rows.min(SAMPLES);
        let sample = (0..picks).filter_map(|k| {
            let r = if picks < 2 {
                0
            } else {
                k as u64 * (rows as u64 - 1) / (picks as u64 - 1)
            };
            ids(r as u32).filter(|id| !id.is_empty())
        });
        let (seen, votes) = Votes::of(sample);
        // The share of the table's rows that `count` ids of the sample stand for.
        let share = |count: usize| (rows as u64 * count as u64 / seen.max(1) as u64) as usize;
        let mut inside = 0;
        let parts: Vec<Part> = (Votes::chosen(votes).into_iter())
            .filter_map(|v| {
                let count = v.count;
                let part = Part::of(v, share(count))?;
                inside += count;
                Some(part)
            })
            .collect();
        if parts.is_empty() {
            return (None, rows);
        }
        // One series a text: no id of the sample is counted twice.
        (Some(Numbered { parts }), share(seen.saturating_sub(inside)))
    }

    /// The slot of `id`, when it belongs to one of the series and its number is within
    /// that series' reach.
    #[inline]
    pub(super) fn slot_of(&self, id: &str) -> Option<Slot> {
        let c = cut(id)?;
        let (part, p) =
            (self.parts.iter().enumerate()).find(|(_, p)| same_text(c.text, &p.series.text))?;
        let k = (c.number.checked_sub(p.first)).filter(|_| p.series.writes(&c))?;
        (k < p.limit).then_some(Slot {
            part,
            k: k as usize,
        })
    }

    /// The row in slot `s` ([`Numbered::slot_of`]).
    #[inline]
    pub(super) fn get(&self, s: Slot) -> Option<u32> {
        (self.parts[s.part].slots.get(s.k).copied()).filter(|&r| r != NONE)
    }

    /// Puts row `r` in slot `s`, or gives the row already there (then nothing changes).
    #[inline]
    pub(super) fn add(&mut self, s: Slot, r: u32) -> Option<u32> {
        let p = &mut self.parts[s.part];
        if s.k >= p.slots.len() {
            let len = (s.k + 1).max(2 * p.slots.len()).min(p.limit as usize);
            p.slots.resize(len, NONE);
        }
        match p.slots[s.k] {
            NONE => {
                p.slots[s.k] = r;
                None
            }
            first => Some(first),
        }
    }

    /// Gives each row its new number: row `r` becomes `to[r]`.
    pub(super) fn renumber(&mut self, to: &[u32]) {
        let slots = self.parts.iter_mut().flat_map(|p| p.slots.iter_mut());
        for r in slots.filter(|r| **r != NONE) {
            *r = to[*r as usize];
        }
    }
}

impl Part {
    /// The array for series `v`, of about `rows` rows of the table: from a little below
    /// the sample's smallest number (by the sample's mean gap, for numbers the sample
    /// missed) to its largest, growing on demand up to four slots a row.
    fn of(v: Votes, rows: usize) -> Option<Part> {
        let spread = v.high - v.low;
        let gap = spread / v.count as u64;
        let limit = 4 * rows as u64 + 1024;
        let first = v.low.saturating_sub(gap + 64);
        let len = v.high - first + 1;
        if len > limit {
            return None;
        }
        Some(Part {
            series: v.series,
            first,
            slots: vec![NONE; len as usize],
            limit,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(ids: &[&str]) -> Option<Numbered> {
        Numbered::plan(ids.len(), |r| Some(ids[r as usize])).0
    }

    #[test]
    fn an_id_is_cut_before_its_last_nineteen_digits_at_most() {
        let c = cut("INV0000042").unwrap();
        assert_eq!(
            (c.text, c.digits, c.zero_first, c.number),
            ("INV", 7, true, 42)
        );
        let c = cut("0").unwrap();
        assert_eq!(
            (c.text, c.digits, c.zero_first, c.number),
            ("", 1, false, 0)
        );
        // 21 digits: the first two belong to the text; the largest 19-digit number fits.
        let c = cut("129999999999999999999").unwrap();
        assert_eq!((c.text, c.number), ("12", 9_999_999_999_999_999_999));
        assert!(cut("INV-42a").is_none());
        assert!(cut("").is_none());
    }

    /// The slot of `id` in series `series` (from number 0, reaching far).
    fn slot_in(series: Series, id: &str) -> Option<usize> {
        let part = Part {
            series,
            first: 0,
            slots: Vec::new(),
            limit: u64::MAX,
        };
        let n = Numbered { parts: vec![part] };
        n.slot_of(id).map(|s| s.k)
    }

    /// The slot of `id` as a part and a number in it.
    fn at(n: &Numbered, id: &str) -> Option<(usize, usize)> {
        n.slot_of(id).map(|s| (s.part, s.k))
    }

    #[test]
    fn a_padded_series_keeps_its_width_and_a_plain_one_no_zeros_in_front() {
        let padded = || Series {
            text: "INV".into(),
            digits: Digits::Width(7),
        };
        assert_eq!(slot_in(padded(), "INV0000042"), Some(42));
        assert_eq!(slot_in(padded(), "INV1000000"), Some(1_000_000));
        assert_eq!(slot_in(padded(), "INV000042"), None);
        assert_eq!(slot_in(padded(), "CN0000042"), None);
        let plain = || Series {
            text: "C".into(),
            digits: Digits::Plain,
        };
        assert_eq!(slot_in(plain(), "C42"), Some(42));
        assert_eq!(slot_in(plain(), "C042"), None);
        assert_eq!(slot_in(plain(), "C0"), Some(0));
    }

    #[test]
    fn the_series_of_the_sample_are_planned() {
        let padded: Vec<String> = (1..=1000).map(|k| format!("INV{k:07}")).collect();
        let ids: Vec<&str> = padded.iter().map(String::as_str).collect();
        let n = plan(&ids).unwrap();
        assert_eq!(n.parts.len(), 1);
        assert_eq!(n.parts[0].series.digits, Digits::Width(7));
        // The sample's mean gap is 999 / 129 = 7: the array starts 71 below the
        // smallest number (saturating at 0) and reaches the largest.
        assert_eq!((n.parts[0].first, n.parts[0].slots.len()), (0, 1001));
        assert_eq!(at(&n, "INV0000007"), Some((0, 7)));
        let plain: Vec<String> = (1..=1000).map(|k| format!("C{k}")).collect();
        let ids: Vec<&str> = plain.iter().map(String::as_str).collect();
        assert_eq!(plan(&ids).unwrap().parts[0].series.digits, Digits::Plain);
        // Numbers of one width without a zero in front (as many votes for four digits as
        // for plain): the plain series, which the numbers that outgrow the width stay in;
        // not the width as well, since an id has one place.
        let wide: Vec<String> = (9_001..=9_999).map(|k| k.to_string()).collect();
        let ids: Vec<&str> = wide.iter().map(String::as_str).collect();
        let n = plan(&ids).unwrap();
        assert_eq!(n.parts.len(), 1);
        assert_eq!(n.parts[0].series.digits, Digits::Plain);
        assert!(n.slot_of("10000").is_some() && n.slot_of("09000").is_none());
        // Numbers ten thousand apart: more than four slots a row, none.
        let sparse: Vec<String> = (1..=1000).map(|k| format!("T{}", k * 10_000)).collect();
        let ids: Vec<&str> = sparse.iter().map(String::as_str).collect();
        assert!(plan(&ids).is_none());
        // No number: none.
        assert!(plan(&["ACME", "BETA", "GAMMA"]).is_none());
    }

    #[test]
    fn each_series_of_a_few_per_cent_or_more_gets_an_array_of_its_own() {
        // Three series of a third each: all three, each id in its own.
        let mixed: Vec<String> = (1..=1000)
            .map(|k| format!("{}{k:05}", ["INV", "CN", "DN"][k % 3]))
            .collect();
        let ids: Vec<&str> = mixed.iter().map(String::as_str).collect();
        let n = plan(&ids).unwrap();
        let texts: Vec<&str> = n.parts.iter().map(|p| &*p.series.text).collect();
        assert_eq!(texts.len(), 3);
        for id in ["INV00003", "CN00004", "DN00005"] {
            let (part, _) = at(&n, id).unwrap();
            assert!(id.starts_with(texts[part]), "{id} in {}", texts[part]);
        }
        // A ledger whose numbers start again each year, in date order (2 000, 4 000 and
        // 3 000 invoices), with 60 credit notes among them (0.7 %: too few to sample
        // four times in 129, so they stay in the hash table).
        let mut yearly: Vec<String> = Vec::new();
        for (year, count) in [(2024, 2_000), (2025, 4_000), (2026, 3_000)] {
            for k in 1..=count {
                yearly.push(format!("INV{year}-{k:06}"));
                if k % 150 == 0 {
                    yearly.push(format!("CN{year}-{:05}", k / 150));
                }
            }
        }
        let ids: Vec<&str> = yearly.iter().map(String::as_str).collect();
        let n = plan(&ids).unwrap();
        let mut texts: Vec<&str> = n.parts.iter().map(|p| &*p.series.text).collect();
        texts.sort_unstable();
        assert_eq!(texts, ["INV2024-", "INV2025-", "INV2026-"]);
        // Every invoice has its slot, from each year's first number (the sample's mean
        // gap below its smallest reaches it) to its last.
        for id in [
            "INV2024-000001",
            "INV2025-000001",
            "INV2025-004000",
            "INV2026-003000",
        ] {
            assert!(n.slot_of(id).is_some(), "{id}");
        }
        assert!(n.slot_of("CN2025-00001").is_none());
        assert!(n.slot_of("INV2027-000001").is_none());
    }

    #[test]
    fn slots_grow_up_to_the_limit_and_keep_the_first_row_of_a_number() {
        let mut n = plan(&["INV0000100", "INV0000101", "INV0000102", "INV0000103"]).unwrap();
        // Four rows: room for 4 * 4 + 1024 slots from 100 - (3 / 4 + 64) = 36.
        assert_eq!((n.parts[0].first, n.parts[0].limit), (36, 1040));
        let s = n.slot_of("INV0001000").unwrap();
        assert_eq!(n.add(s, 7), None);
        assert_eq!(n.add(s, 8), Some(7));
        assert_eq!(n.get(s), Some(7));
        assert_eq!(at(&n, "INV0001075"), Some((0, 1039)));
        assert_eq!(at(&n, "INV0001076"), None);
        assert_eq!(at(&n, "INV0000035"), None);
        n.renumber(&[0, 0, 0, 0, 0, 0, 0, 3]);
        assert_eq!(n.get(s), Some(3));
    }
}
