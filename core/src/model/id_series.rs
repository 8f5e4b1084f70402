//! The ids of a table numbered in one series, found by their number: a slot a number,
//! holding its row, where a hash table would hold candidates to confirm.
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
//! Which series a table has is decided from a sample of its ids before it is indexed
//! ([`Numbered::plan`]); ids of other series, ids without a number, and numbers far from
//! the sample's go to the index's hash table as before, so every table is indexed
//! correctly, and one without a dominant series as fast as before.

use super::id::same_text;

/// Digits read as an id's number at most: any 19-digit number fits in a `u64`. Digits
/// before them are part of the series' text.
const MAX_DIGITS: usize = 19;

/// Ids sampled to plan a table's series (evenly spaced, the first and the last included).
const SAMPLES: usize = 33;

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
    /// The number of `id` when it belongs to the series.
    #[inline]
    fn number_of(&self, id: &str) -> Option<u64> {
        let c = cut(id)?;
        let written = match self.digits {
            Digits::Width(w) => c.digits == w,
            Digits::Plain => !c.zero_first,
        };
        (written && same_text(c.text, &self.text)).then_some(c.number)
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
pub(super) struct Numbered {
    series: Series,
    first: u64,
    slots: Vec<u32>,
    /// Slots the array may grow to; numbers beyond go to the hash table.
    limit: u64,
}

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
}

impl Numbered {
    /// The series of most of the ids of rows `0..rows` (`ids(r)`; `None`: no id), read
    /// from [`SAMPLES`] of them, with room for its numbers; `None` when no series holds
    /// half the sample or its numbers are too far apart to be kept by number (more than
    /// four slots a row: the hash table is then smaller). Also how many rows the sample
    /// says are outside the array (the hash table's room).
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
        // The series of the most ids; on a tie the plain one, since no id sampled then
        // had a zero in front, and the plain series goes on past a width.
        let best = (votes.into_iter()).reduce(|a, b| {
            if b.count > a.count || (b.count == a.count && b.series.digits == Digits::Plain) {
                b
            } else {
                a
            }
        });
        let Some(best) = best.filter(|v| 2 * v.count >= seen && seen > 0) else {
            return (None, rows);
        };
        let outside = (rows as u64 * (seen - best.count) as u64 / seen as u64) as usize;
        match Numbered::of(best, rows) {
            Some(n) => (Some(n), outside),
            None => (None, rows),
        }
    }

    /// The array for series `v` of a table of `rows` rows: from a little below the
    /// sample's smallest number (by the sample's mean gap, for numbers the sample missed)
    /// to its largest, growing on demand up to four slots a row.
    fn of(v: Votes, rows: usize) -> Option<Numbered> {
        let spread = v.high - v.low;
        let gap = spread / v.count as u64;
        let limit = 4 * rows as u64 + 1024;
        let first = v.low.saturating_sub(gap + 64);
        let len = v.high - first + 1;
        if len > limit {
            return None;
        }
        Some(Numbered {
            series: v.series,
            first,
            slots: vec![NONE; len as usize],
            limit,
        })
    }

    /// The slot of `id`, when it belongs to the series and its number is within the
    /// array's reach.
    #[inline]
    pub(super) fn slot_of(&self, id: &str) -> Option<usize> {
        let n = self.series.number_of(id)?;
        let k = n.checked_sub(self.first)?;
        (k < self.limit).then_some(k as usize)
    }

    /// The row in slot `k` ([`Numbered::slot_of`]).
    #[inline]
    pub(super) fn get(&self, k: usize) -> Option<u32> {
        self.slots.get(k).copied().filter(|&r| r != NONE)
    }

    /// Puts row `r` in slot `k`, or gives the row already there (then nothing changes).
    #[inline]
    pub(super) fn add(&mut self, k: usize, r: u32) -> Option<u32> {
        if k >= self.slots.len() {
            let len = (k + 1).max(2 * self.slots.len()).min(self.limit as usize);
            self.slots.resize(len, NONE);
        }
        match self.slots[k] {
            NONE => {
                self.slots[k] = r;
                None
            }
            first => Some(first),
        }
    }

    /// Gives each row its new number: row `r` becomes `to[r]`.
    pub(super) fn renumber(&mut self, to: &[u32]) {
        for r in self.slots.iter_mut().filter(|r| **r != NONE) {
            *r = to[*r as usize];
        }
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

    #[test]
    fn a_padded_series_keeps_its_width_and_a_plain_one_no_zeros_in_front() {
        let padded = Series {
            text: "INV".into(),
            digits: Digits::Width(7),
        };
        assert_eq!(padded.number_of("INV0000042"), Some(42));
        assert_eq!(padded.number_of("INV1000000"), Some(1_000_000));
        assert_eq!(padded.number_of("INV000042"), None);
        assert_eq!(padded.number_of("CN0000042"), None);
        let plain = Series {
            text: "C".into(),
            digits: Digits::Plain,
        };
        assert_eq!(plain.number_of("C42"), Some(42));
        assert_eq!(plain.number_of("C042"), None);
        assert_eq!(plain.number_of("C0"), Some(0));
    }

    #[test]
    fn the_series_of_most_of_the_sample_is_planned() {
        let padded: Vec<String> = (1..=1000).map(|k| format!("INV{k:07}")).collect();
        let ids: Vec<&str> = padded.iter().map(String::as_str).collect();
        let n = plan(&ids).unwrap();
        assert_eq!(n.series.digits, Digits::Width(7));
        // The sample's mean gap is 999 / 33 = 30: the array starts 94 below the
        // smallest number (saturating at 0) and reaches the largest.
        assert_eq!((n.first, n.slots.len()), (0, 1001));
        assert_eq!(n.slot_of("INV0000007"), Some(7));
        let plain: Vec<String> = (1..=1000).map(|k| format!("C{k}")).collect();
        let ids: Vec<&str> = plain.iter().map(String::as_str).collect();
        assert_eq!(plan(&ids).unwrap().series.digits, Digits::Plain);
        // Numbers of one width without a zero in front (as many votes for four digits as
        // for plain): the plain series, which the numbers that outgrow the width stay in.
        let wide: Vec<String> = (9_001..=9_999).map(|k| k.to_string()).collect();
        let ids: Vec<&str> = wide.iter().map(String::as_str).collect();
        let n = plan(&ids).unwrap();
        assert_eq!(n.series.digits, Digits::Plain);
        assert!(n.slot_of("10000").is_some() && n.slot_of("09000").is_none());
        // Two series of one half each: one of them; a third each: none.
        let mixed: Vec<String> = (1..=1000)
            .map(|k| format!("{}{k:05}", ["INV", "CN", "DN"][k % 3]))
            .collect();
        let ids: Vec<&str> = mixed.iter().map(String::as_str).collect();
        assert!(plan(&ids).is_none());
        // Numbers ten thousand apart: more than four slots a row, none.
        let sparse: Vec<String> = (1..=1000).map(|k| format!("T{}", k * 10_000)).collect();
        let ids: Vec<&str> = sparse.iter().map(String::as_str).collect();
        assert!(plan(&ids).is_none());
        // No number: none.
        assert!(plan(&["ACME", "BETA", "GAMMA"]).is_none());
    }

    #[test]
    fn slots_grow_up_to_the_limit_and_keep_the_first_row_of_a_number() {
        let mut n = plan(&["INV0000100", "INV0000101"]).unwrap();
        // Two rows: room for 4 * 2 + 1024 slots from 100 - (1 / 2 + 64) = 36.
        assert_eq!((n.first, n.limit), (36, 1032));
        let k = n.slot_of("INV0001000").unwrap();
        assert_eq!(n.add(k, 7), None);
        assert_eq!(n.add(k, 8), Some(7));
        assert_eq!(n.get(k), Some(7));
        assert_eq!(n.slot_of("INV0001067"), Some(1031));
        assert_eq!(n.slot_of("INV0001068"), None);
        assert_eq!(n.slot_of("INV0000035"), None);
        n.renumber(&[0, 0, 0, 0, 0, 0, 0, 3]);
        assert_eq!(n.get(k), Some(3));
    }
}
