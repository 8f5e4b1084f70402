//! Row numbers by id for one table. Each slot keeps the row number and, for an id of at
//! most [`INLINE`] bytes, the id itself, so that finding a row compares the id in the
//! slot — one cache miss — instead of reading the row and then its id from the heap
//! (three). A longer id keeps its first bytes as a filter and is compared with the
//! table's copy. Building a 1 M-invoice portfolio this way makes no allocation per row.

use std::hash::BuildHasher;

use foldhash::fast::FixedState;
use hashbrown::HashTable;

/// The longest id kept in the slot itself (ids in practice: `INV0000001`, `C00042`).
const INLINE: usize = 15;

/// The last byte of a slot's key for an id longer than [`INLINE`].
const LONG: u8 = 0xFF;

/// An id as a slot keeps it: its bytes, zero-padded, and its length in the last byte
/// (or the first [`INLINE`] bytes and [`LONG`]).
type Key = [u8; INLINE + 1];

fn key(id: &str) -> Key {
    let mut k = [0u8; INLINE + 1];
    let b = id.as_bytes();
    // A byte loop, not a `memcpy` call of a variable length.
    for (d, s) in k[..INLINE].iter_mut().zip(b) {
        *d = *s;
    }
    k[INLINE] = if b.len() <= INLINE {
        b.len() as u8
    } else {
        LONG
    };
    k
}

#[derive(Debug, Clone, Copy)]
struct Slot {
    key: Key,
    row: u32,
}

impl Slot {
    /// Whether the slot holds `id`, whose key is `k`: equal keys are equal ids, unless
    /// the id is long; then the table's copy (`id_of`) decides. `id` is read only then.
    fn holds<'t>(&self, k: &Key, id: impl Fn() -> &'t str, id_of: impl Fn(u32) -> &'t str) -> bool {
        self.key == *k && (k[INLINE] != LONG || id_of(self.row) == id())
    }
}

/// Row numbers of a table, found by id.
#[derive(Debug, Clone, Default)]
pub(crate) struct IdIndex {
    rows: HashTable<Slot>,
}

/// foldhash with a fixed seed (the same on every build and run): it spreads ids that
/// differ in one digit ("INV0000001", "INV0000002") better than FxHash does.
fn hash(id: &[u8]) -> u64 {
    FixedState::with_seed(0x5241_5050_454c).hash_one(id)
}

impl IdIndex {
    /// An empty index with room for `n` rows.
    pub(crate) fn with_capacity(n: usize) -> IdIndex {
        IdIndex {
            rows: HashTable::with_capacity(n),
        }
    }

    /// The row with id `id`; `id_of` gives a row's id (read only for long ids).
    pub(crate) fn get<'t>(&self, id: &'t str, id_of: impl Fn(u32) -> &'t str) -> Option<u32> {
        let k = key(id);
        self.rows
            .find(hash(id.as_bytes()), |s| s.holds(&k, || id, &id_of))
            .map(|s| s.row)
    }

    /// [`IdIndex::get`] of each of `ids`. In a table larger than the cache, looked up in
    /// the order of their slots rather than in row order ([`slot_order`]): a million
    /// lookups then walk the table from one end to the other instead of missing the
    /// cache on each.
    pub(crate) fn get_all<'t>(
        &self,
        ids: &[&'t str],
        id_of: impl Fn(u32) -> &'t str,
    ) -> Vec<Option<u32>> {
        if self.rows.capacity() <= CACHED {
            return ids.iter().map(|id| self.get(id, &id_of)).collect();
        }
        let mut out = vec![None; ids.len()];
        let probed = |k: u32| ids[k as usize];
        for p in slot_order(self.rows.capacity(), ids.iter().map(|id| Some(*id))) {
            let same = |s: &Slot| s.holds(&p.key, || probed(p.k), &id_of);
            out[p.k as usize] = self.rows.find(p.hash(probed), same).map(|s| s.row);
        }
        out
    }

    /// The index of rows `0..rows` by their ids (`ids(r)`), leaving out rows without one
    /// (`None`) and each row whose id an earlier row already has; says which rows those
    /// repeats are. Built in slot order, like [`IdIndex::get_all`]; equal ids have equal
    /// hashes and keep their row order, so the earliest row of an id is the one kept.
    /// The ids are read from the rows through `ids`, not gathered into a list first.
    pub(crate) fn first_of_each<'t>(
        rows: usize,
        ids: impl Fn(u32) -> Option<&'t str> + Copy,
    ) -> (IdIndex, Vec<bool>) {
        let all = (0..rows as u32).map(ids);
        let mut ix = IdIndex::with_capacity(all.clone().flatten().count());
        let mut repeats = vec![false; rows];
        let id_of = |r: u32| ids(r).unwrap_or_default();
        for p in slot_order(ix.rows.capacity(), all) {
            let h = p.hash(id_of);
            let same = |s: &Slot| s.holds(&p.key, || id_of(p.k), id_of);
            if ix.rows.find(h, same).is_some() {
                repeats[p.k as usize] = true;
            } else {
                let slot = Slot {
                    key: p.key,
                    row: p.k,
                };
                ix.rows
                    .insert_unique(h, slot, |s| hash(id_of(s.row).as_bytes()));
            }
        }
        (ix, repeats)
    }

    /// Which rows of `ids` repeat the id of an earlier row (rows without one never do),
    /// as [`IdIndex::first_of_each`] says, for a table nothing looks up by id afterwards:
    /// the table seen so far keeps row numbers only (4 bytes a slot, not 20), and a
    /// candidate slot's id is read from `ids` only when hashbrown's tag matches — rarely,
    /// as most ids are new. Walked in slot order, like the index.
    pub(crate) fn repeats<'t>(
        rows: usize,
        ids: impl Fn(u32) -> Option<&'t str> + Copy,
    ) -> Vec<bool> {
        let all = (0..rows as u32).map(ids);
        let mut seen: HashTable<u32> = HashTable::with_capacity(all.clone().flatten().count());
        let mut repeats = vec![false; rows];
        let id_of = |r: u32| ids(r).unwrap_or_default();
        for p in slot_order(seen.capacity(), all) {
            let h = p.hash(id_of);
            if seen.find(h, |&r| id_of(r) == id_of(p.k)).is_some() {
                repeats[p.k as usize] = true;
            } else {
                seen.insert_unique(h, p.k, |&r| hash(id_of(r).as_bytes()));
            }
        }
        repeats
    }

    /// Gives each row its new number: row `r` becomes `to[r]`.
    pub(crate) fn renumber(&mut self, to: &[u32]) {
        for s in self.rows.iter_mut() {
            s.row = to[s.row as usize];
        }
    }
}

/// Up to how many rows an index is looked up in row order: its slots (20 bytes each)
/// then stay in the cache, and ordering the lookups would cost more than it saves.
const CACHED: usize = 1 << 16;

/// An id to look up: its key and its place among the ids looked up (20 bytes: the
/// hash is computed again from the key when needed rather than kept).
#[derive(Clone, Copy)]
struct Probe {
    key: Key,
    k: u32,
}

impl Probe {
    /// The id's hash: from the key, which holds the whole of a short id, or from the id
    /// itself (`id_of`) when it is long.
    fn hash<'t>(&self, id_of: impl Fn(u32) -> &'t str) -> u64 {
        match self.key[INLINE] {
            LONG => hash(id_of(self.k).as_bytes()),
            len => hash(&self.key[..len as usize]),
        }
    }
}

/// A [`Probe`] of each `Some` of `ids`, grouped by the part of a table of `capacity`
/// rows their hash starts in (a counting sort on the high bits of the slot number, parts
/// of about 64 slots; stable, so equal ids stay in row order). The ids are read twice in
/// order (to count the parts, then to place each probe), so that only the probes in
/// their final order are in memory; the lookups then read neither the ids nor the table
/// out of order.
fn slot_order<'a>(
    capacity: usize,
    ids: impl Iterator<Item = Option<&'a str>> + Clone,
) -> Vec<Probe> {
    let slots = (capacity.max(1) * 8 / 7).next_power_of_two();
    let bits = slots.trailing_zeros();
    let part_bits = bits.saturating_sub(6).min(16);
    let part =
        |id: &str| ((hash(id.as_bytes()) & (slots as u64 - 1)) >> (bits - part_bits)) as usize;
    let mut starts = vec![0usize; (1 << part_bits) + 1];
    for id in ids.clone().flatten() {
        starts[part(id) + 1] += 1;
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let blank = Probe {
        key: [0; INLINE + 1],
        k: 0,
    };
    let mut out = vec![blank; starts[starts.len() - 1]];
    for (k, id) in ids.enumerate() {
        if let Some(id) = id {
            let at = &mut starts[part(id)];
            out[*at] = Probe {
                key: key(id),
                k: k as u32,
            };
            *at += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let (mut ix, repeats) = IdIndex::first_of_each(ids.len(), |r| ids[r as usize]);
        assert_eq!(IdIndex::repeats(ids.len(), |r| ids[r as usize]), repeats);
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
    fn a_table_larger_than_the_cache_is_looked_up_in_slot_order_with_the_same_answers() {
        // 100 000 ids (more than CACHED), every tenth repeated at the end, and probes for
        // each id in reverse order plus 1 000 that are not there.
        let ids: Vec<String> = (0..100_000).map(|k| format!("INV{k:07}")).collect();
        let mut rows: Vec<Option<&str>> = ids.iter().map(|s| Some(s.as_str())).collect();
        rows.extend(ids.iter().step_by(10).map(|s| Some(s.as_str())));
        let (ix, repeats) = IdIndex::first_of_each(rows.len(), |r| rows[r as usize]);
        assert!(ix.rows.capacity() > CACHED);
        assert_eq!(repeats.iter().filter(|&&r| r).count(), 10_000);
        assert_eq!(IdIndex::repeats(rows.len(), |r| rows[r as usize]), repeats);
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
}
