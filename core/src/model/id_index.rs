//! Row numbers by id for one table, without a second copy of the ids: the index keeps
//! only row numbers and asks the table for a row's id. Building a 1 M-invoice portfolio
//! this way makes no allocation per row.

use std::hash::BuildHasher;

use foldhash::fast::FixedState;
use hashbrown::HashTable;

/// Row numbers of a table, found by id.
#[derive(Debug, Clone, Default)]
pub(crate) struct IdIndex {
    rows: HashTable<u32>,
}

/// foldhash with a fixed seed (the same on every build and run): it spreads ids that
/// differ in one digit ("INV0000001", "INV0000002") better than FxHash does.
fn hash(id: &str) -> u64 {
    FixedState::with_seed(0x5241_5050_454c).hash_one(id)
}

impl IdIndex {
    /// An empty index with room for `n` rows.
    pub(crate) fn with_capacity(n: usize) -> IdIndex {
        IdIndex {
            rows: HashTable::with_capacity(n),
        }
    }

    /// The row with id `id`; `id_of` gives a row's id.
    pub(crate) fn get<'t>(&self, id: &str, id_of: impl Fn(u32) -> &'t str) -> Option<u32> {
        self.rows.find(hash(id), |&r| id_of(r) == id).copied()
    }

    /// Adds row `row`, whose id is `id_of(row)`; the caller has checked that the id is
    /// not in the index yet.
    pub(crate) fn insert<'t>(&mut self, row: u32, id_of: impl Fn(u32) -> &'t str) {
        let h = hash(id_of(row));
        self.rows.insert_unique(h, row, |&r| hash(id_of(r)));
    }
}
