//! Row numbers by id for one table, in two parts.
//!
//! The ids of the table's numbered series (invoice, customer and payment numbers; a
//! series a year where numbers start again each year) are kept by number ([`Numbered`]):
//! an array of row numbers a series, read without hashing the id or confirming it
//! against its row. A million invoices take 4 MB, and ids in number order touch
//! neighbouring slots (the checks of the 1 M upload 22 % faster natively, 25 % in the
//! page: BENCHMARKS.md, issue 15, twenty-seventh pass).
//!
//! The others are in a hash table of row numbers only (4 bytes a slot, plus hashbrown's
//! one-byte tag), whose candidates are confirmed by comparing the id in the row itself
//! (ids live in the row: [`super::Id`] keeps up to 15 bytes in place). For a million ids
//! it is 10 MB — small enough to stay in the cache, so lookups in row order are as fast as
//! the earlier index that kept each id in its slot (44 MB, looked up in slot order), for a
//! quarter of the memory (issue 15, third pass). Building either makes no allocation per
//! row.

use std::hash::BuildHasher;

use foldhash::fast::FixedState;
use hashbrown::HashTable;
use hashbrown::hash_table::Entry;

use super::id::same_text;
use super::id_series::Numbered;

/// Row numbers of a table, found by id.
#[derive(Debug, Clone, Default)]
pub(crate) struct IdIndex {
    /// The rows of the ids of the table's numbered series, by number.
    numbered: Option<Numbered>,
    /// The rows of the other ids, by hash.
    rows: HashTable<u32>,
}

/// Ids whose candidate rows [`IdIndex::get_all`] reads ahead together: few enough that
/// those rows stay in the fastest cache, enough to keep many reads under way.
const READ_AHEAD: usize = 64;

/// foldhash with a fixed seed (the same on every build and run): it spreads ids that
/// differ in one digit ("INV0000001", "INV0000002") better than FxHash does.
fn hash(id: &str) -> u64 {
    FixedState::with_seed(0x5241_5050_454c).hash_one(id)
}

impl IdIndex {
    /// The row with id `id`; `id_of` gives a row's id (read to confirm a candidate).
    pub(crate) fn get<'t>(&self, id: &str, id_of: impl Fn(u32) -> &'t str) -> Option<u32> {
        if let Some(n) = &self.numbered
            && let Some(s) = n.slot_of(id)
        {
            return n.get(s);
        }
        self.find(hash(id), id, &id_of)
    }

    /// [`IdIndex::get`] of `id` whose hash `h` is known.
    fn find<'t>(&self, h: u64, id: &str, id_of: &impl Fn(u32) -> &'t str) -> Option<u32> {
        self.rows.find(h, |&r| same_text(id_of(r), id)).copied()
    }

    /// [`IdIndex::get`] of each of `ids`, in their order.
    pub(crate) fn get_all<'t>(
        &self,
        ids: &[&str],
        id_of: impl Fn(u32) -> &'t str,
    ) -> Vec<Option<u32>> {
        let Some(n) = &self.numbered else {
            return self.get_all_hashed(ids, &id_of);
        };
        let mut out = Vec::with_capacity(ids.len());
        let mut others = Vec::new();
        for (i, id) in ids.iter().enumerate() {
            match n.slot_of(id) {
                Some(s) => out.push(n.get(s)),
                None => {
                    others.push(i);
                    out.push(None);
                }
            }
        }
        if !others.is_empty() && !self.rows.is_empty() {
            let wanted: Vec<&str> = others.iter().map(|&i| ids[i]).collect();
            let found = self.get_all_hashed(&wanted, &id_of);
            for (i, f) in others.into_iter().zip(found) {
                out[i] = f;
            }
        }
        out
    }

    /// [`IdIndex::get_all`] of ids that are not kept by number.
    fn get_all_hashed<'t>(
        &self,
        ids: &[&str],
        id_of: &impl Fn(u32) -> &'t str,
    ) -> Vec<Option<u32>> {
        // The ids are hashed in a loop of their own before the probes, so that each
        // probe is short and independent of the others and their cache misses can
        // overlap. Before a block of them is confirmed, each one's first candidate row
        // is found in the table (one loop), then that row is read (a second loop): the
        // table's slots and the rows are elsewhere in memory (a cache miss each), and
        // misses in a tight loop are waited for side by side, where in the confirming
        // loop they were waited for one by one. Apart, the two misses of an id no longer
        // wait for each other within one iteration, and the rows' loop is a few
        // instructions long, so that many more are under way (BENCHMARKS.md, issue 15,
        // eighteenth pass: the checks 13 % faster natively). `NONE`: no candidate.
        const NONE: u32 = u32::MAX;
        let hashes: Vec<u64> = ids.iter().map(|id| hash(id)).collect();
        let mut out = Vec::with_capacity(ids.len());
        let mut candidates = [NONE; READ_AHEAD];
        for (ids, hashes) in ids.chunks(READ_AHEAD).zip(hashes.chunks(READ_AHEAD)) {
            for (c, &h) in candidates.iter_mut().zip(hashes) {
                *c = self.rows.find(h, |_| true).copied().unwrap_or(NONE);
            }
            let mut seen = 0;
            for &r in &candidates[..hashes.len()] {
                if r != NONE {
                    seen ^= id_of(r).len();
                }
            }
            std::hint::black_box(seen);
            // The candidate is the row asked for unless another id's tag matched first
            // or the id is not there: only then is the id probed for again (one probe
            // an id where there were two: the page's lookups ~4 % of an upload faster,
            // BENCHMARKS.md, issue 15, twenty-fourth pass).
            let found = (ids.iter().zip(hashes).zip(&candidates)).map(|((id, &h), &r)| {
                if r != NONE && same_text(id_of(r), id) {
                    Some(r)
                } else {
                    self.find(h, id, id_of)
                }
            });
            out.extend(found);
        }
        out
    }

    /// An empty index for the ids of rows `0..rows` (`ids(r)`; `None`: no id): their
    /// numbered series planned from a sample ([`Numbered::plan`]), the hash table with
    /// room for the rows the sample says are outside it (room for every row without a
    /// series: rows without an id are few, and counting them first would read every row
    /// once more).
    pub(crate) fn planned<'t>(rows: usize, ids: impl Fn(u32) -> Option<&'t str>) -> IdIndex {
        let (numbered, outside) = Numbered::plan(rows, ids);
        IdIndex {
            numbered,
            rows: HashTable::with_capacity(outside),
        }
    }

    /// Adds row `r` with id `id` (`id_of` gives the ids of the rows already added), or
    /// gives the earlier row that has that id (then `r` is not added): one slot read for
    /// an id of the numbered series, otherwise one probe, which finds the id's slot or
    /// the free slot it goes in.
    #[inline]
    pub(crate) fn add<'t>(
        &mut self,
        r: u32,
        id: &str,
        id_of: impl Fn(u32) -> &'t str,
    ) -> Option<u32> {
        if let Some(n) = &mut self.numbered
            && let Some(s) = n.slot_of(id)
        {
            return n.add(s, r);
        }
        match self
            .rows
            .entry(hash(id), |&s| same_text(id_of(s), id), |&s| hash(id_of(s)))
        {
            Entry::Occupied(first) => Some(*first.get()),
            Entry::Vacant(slot) => {
                slot.insert(r);
                None
            }
        }
    }

    /// The index of rows `0..rows` by their ids (`ids(r)`; `None`: left out), the
    /// earliest row of each id kept; `repeat(first, row)` is told of each later row
    /// with the id of row `first`.
    pub(crate) fn scan<'t>(
        rows: usize,
        ids: impl Fn(u32) -> Option<&'t str>,
        mut repeat: impl FnMut(u32, u32),
    ) -> IdIndex {
        let mut ix = IdIndex::planned(rows, &ids);
        let id_of = |r: u32| ids(r).unwrap_or_default();
        for r in 0..rows as u32 {
            let Some(id) = ids(r) else { continue };
            if let Some(first) = ix.add(r, id, id_of) {
                repeat(first, r);
            }
        }
        ix
    }

    /// Gives each row its new number: row `r` becomes `to[r]`.
    pub(crate) fn renumber(&mut self, to: &[u32]) {
        if let Some(n) = &mut self.numbered {
            n.renumber(to);
        }
        for r in self.rows.iter_mut() {
            *r = to[*r as usize];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The index of `rows` (`ids(r)`) and which rows repeat an earlier row's id.
    fn first_of_each<'t>(
        rows: usize,
        ids: impl Fn(u32) -> Option<&'t str>,
    ) -> (IdIndex, Vec<bool>) {
        let mut repeats = vec![false; rows];
        let ix = IdIndex::scan(rows, ids, |_, r| repeats[r as usize] = true);
        (ix, repeats)
    }

    #[test]
    fn short_and_long_ids_find_their_row_and_no_other() {
        // Ids of 0, 1, 15 (inline), 16 and 40 bytes (long: same first 15 bytes), one with
        // a NUL that must not equal its prefix, a repeat of row 1 and a row without id.
        let ids = [
            Some(""),
            Some("A"),
            Some("INV000000000001"),
            Some("INV0000000000012"),
            Some("INV0000000000013"),
            Some("INV000000000001-and-a-long-suffix-to-40b"),
            Some("A\0"),
            Some("A"),
            None,
            Some("INV0000000000013"),
        ];
        let (mut ix, repeats) = first_of_each(ids.len(), |r| ids[r as usize]);
        assert_eq!(
            repeats,
            [
                false, false, false, false, false, false, false, true, false, true
            ]
        );
        // Rows renumbered as if row 0 had been dropped.
        let to: Vec<u32> = (0..ids.len() as u32).map(|r| r.saturating_sub(1)).collect();
        ix.renumber(&to);
        let kept: Vec<&str> = ids[1..7].iter().map(|i| i.unwrap()).collect();
        let id_of = |k: u32| kept[k as usize];
        for (r, id) in kept.iter().enumerate() {
            assert_eq!(ix.get(id, id_of), Some(r as u32), "{id:?}");
        }
        let probes = ["INV0000000000013", "INV0000000000014", "B", "A", "A\0"];
        assert_eq!(
            ix.get_all(&probes, id_of),
            [Some(3), None, None, Some(0), Some(5)]
        );
    }

    #[test]
    fn a_large_table_finds_every_id_and_its_repeats() {
        // 100 000 ids (more than CACHED), every tenth repeated at the end, and probes for
        // each id in reverse order plus 1 000 that are not there.
        let ids: Vec<String> = (0..100_000).map(|k| format!("INV{k:07}")).collect();
        let mut rows: Vec<Option<&str>> = ids.iter().map(|s| Some(s.as_str())).collect();
        rows.extend(ids.iter().step_by(10).map(|s| Some(s.as_str())));
        let (ix, repeats) = first_of_each(rows.len(), |r| rows[r as usize]);
        assert_eq!(repeats.iter().filter(|&&r| r).count(), 10_000);
        assert!(repeats[100_000..].iter().all(|&r| r));
        let missing: Vec<String> = (0..1_000).map(|k| format!("CN{k:07}")).collect();
        let probes: Vec<&str> = ids
            .iter()
            .rev()
            .chain(&missing)
            .map(String::as_str)
            .collect();
        let found = ix.get_all(&probes, |r| &ids[r as usize]);
        for (k, f) in found.iter().enumerate().take(100_000) {
            assert_eq!(*f, Some(99_999 - k as u32));
        }
        assert!(found[100_000..].iter().all(Option::is_none));
    }

    /// An id of one of the forms a table may mix: its main series (padded or plain, so
    /// that either may be planned), another series, a number written wider or wrapped
    /// around the array's reach, a series a year, no number, or no id.
    fn id_of_kind(kind: u8, n: u32) -> Option<String> {
        match kind % 10 {
            0..=2 => Some(format!("INV{n:04}")),
            3 => Some(format!("INV{n}")),
            4 => Some(format!("CN{n:04}")),
            5 => Some(format!("INV{:04}", n + 9_000)),
            6 => Some(format!("ACME-{}", (b'a' + (n % 26) as u8) as char)),
            7 | 8 => Some(format!("F{}-{:03}", 2024 + n % 3, n / 3)),
            _ => None,
        }
    }

    proptest::proptest! {
        /// Whatever the mix of ids, their order and their repeats, the index finds the
        /// first row of each id and no row for an id it does not have, before and after
        /// its rows are renumbered; its repeats are the repeats of the ids.
        #[test]
        fn the_index_answers_as_a_map_of_first_rows(
            raw in proptest::collection::vec((0u8..10, 0u32..300), 0..400),
            dropped in proptest::collection::vec(proptest::bool::weighted(0.2), 400),
        ) {
            let ids: Vec<Option<String>> = raw.iter().map(|&(k, n)| id_of_kind(k, n)).collect();
            let id = |r: u32| ids[r as usize].as_deref();
            let (mut ix, repeats) = first_of_each(ids.len(), id);
            let mut first = std::collections::HashMap::new();
            for (r, i) in ids.iter().enumerate() {
                if let Some(i) = i {
                    let earlier = first.insert(i.clone(), r as u32);
                    proptest::prop_assert_eq!(repeats[r], earlier.is_some());
                    if let Some(e) = earlier {
                        first.insert(i.clone(), e);
                    }
                }
            }
            let probes: Vec<String> = (0..10u8)
                .flat_map(|k| (0..320u32).step_by(7).filter_map(move |n| id_of_kind(k, n)))
                .collect();
            let probes: Vec<&str> = probes.iter().map(String::as_str).collect();
            let all_of = |r: u32| ids[r as usize].as_deref().unwrap_or_default();
            let expected: Vec<Option<u32>> = probes.iter().map(|p| first.get(*p).copied()).collect();
            proptest::prop_assert_eq!(&ix.get_all(&probes, all_of), &expected);
            for (p, e) in probes.iter().zip(&expected) {
                proptest::prop_assert_eq!(ix.get(p, all_of), *e);
            }
            // Rows dropped (none of them a first row that is looked up afterwards) and the
            // others renumbered, as an admission does with the rows it refuses.
            let kept: Vec<bool> = (0..ids.len())
                .map(|r| !dropped[r] || first.values().any(|&f| f as usize == r))
                .collect();
            let mut to = Vec::new();
            let mut next = 0;
            for &k in &kept {
                to.push(next);
                next += u32::from(k);
            }
            ix.renumber(&to);
            let left: Vec<&str> = (0..ids.len())
                .filter(|&r| kept[r])
                .map(|r| all_of(r as u32))
                .collect();
            let left_of = |r: u32| left[r as usize];
            let renumbered: Vec<Option<u32>> =
                expected.iter().map(|e| e.map(|r| to[r as usize])).collect();
            proptest::prop_assert_eq!(ix.get_all(&probes, left_of), renumbered);
        }
    }
}
