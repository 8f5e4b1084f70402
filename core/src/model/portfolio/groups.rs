//! The portfolio's groups (the payments of each invoice, the invoices of each customer,
//! …) as compressed lists, built in two passes over the members — counted by owner,
//! then placed — that can run a slice of rows at a time ([`Grouping`]): at 10 M
//! invoices one group took up to 300 ms natively in one go, and the page paints only
//! between steps (BENCHMARKS.md, issue 15, thirtieth pass).

/// Compressed lists: for item `i`, the members are `items[offsets[i]..offsets[i + 1]]`.
#[derive(Debug, Clone, Default)]
pub(super) struct Groups {
    offsets: Vec<u32>,
    items: Vec<u32>,
}

impl Groups {
    /// Groups the rows of `rows` whose `member(j, row)` (`j`: the row's number) gives a
    /// member and its owner (below `n`) into `n` lists, members in the rows' order: in
    /// one go ([`Grouping`] to the end).
    pub(super) fn of<K>(
        n: usize,
        rows: &[K],
        member: impl Fn(usize, &K) -> Option<(u32, u32)>,
    ) -> Groups {
        let mut grouping = Grouping::new(n);
        loop {
            if let Some(groups) = grouping.step(rows, &member, usize::MAX) {
                return groups;
            }
        }
    }

    /// The members of list `i`.
    pub(super) fn members(&self, i: usize) -> &[u32] {
        &self.items[self.offsets[i] as usize..self.offsets[i + 1] as usize]
    }
}

/// Row `j` is a member of the list of its owner `owner` ([`Groups::of`]).
pub(super) fn owned(j: usize, &owner: &u32) -> Option<(u32, u32)> {
    Some((j as u32, owner))
}

/// [`Groups`] being built, a slice of rows a step ([`Grouping::step`]).
///
/// The offsets serve as the cursors too, one place ahead: after the count and the
/// running sum, `offsets[k + 1]` is where list `k` starts; placing a member of `k`
/// moves it on, so that once all are placed it is where list `k` ends, which is where
/// it belongs. No copy of the offsets (4 MB for a group by invoice of 1 M invoices) is
/// made for the cursors.
pub(super) struct Grouping {
    offsets: Vec<u32>,
    items: Vec<u32>,
    /// Members counted so far (while counting).
    count: usize,
    /// Rows gone through in this pass.
    at: usize,
    /// Whether the members are being placed (they were all counted).
    placing: bool,
}

impl Grouping {
    /// `n` empty lists, nothing counted yet.
    pub(super) fn new(n: usize) -> Grouping {
        Grouping {
            offsets: vec![0; n + 1],
            items: Vec::new(),
            count: 0,
            at: 0,
            placing: false,
        }
    }

    /// Goes through the next `n` of `rows` (the same rows at every step; `member` as in
    /// [`Groups::of`]): counting the members by owner, then, once all are counted (the
    /// running sum of the counts taken then), placing them. Gives the groups once every
    /// member is placed.
    pub(super) fn step<K>(
        &mut self,
        rows: &[K],
        member: impl Fn(usize, &K) -> Option<(u32, u32)>,
        n: usize,
    ) -> Option<Groups> {
        let (from, to) = (self.at, self.at + n.min(rows.len() - self.at));
        let slice = (from..to).zip(&rows[from..to]);
        let offsets = &mut self.offsets[..];
        if self.placing {
            let items = &mut self.items[..];
            for (m, k) in slice.filter_map(|(j, r)| member(j, r)) {
                let cursor = &mut offsets[k as usize + 1];
                items[*cursor as usize] = m;
                *cursor += 1;
            }
        } else {
            for (_, k) in slice.filter_map(|(j, r)| member(j, r)) {
                self.count += 1;
                // The last list's size moves no start.
                if let Some(c) = offsets.get_mut(k as usize + 2) {
                    *c += 1;
                }
            }
        }
        self.at = to;
        if to < rows.len() {
            return None;
        }
        if self.placing {
            let (offsets, items) = (
                std::mem::take(&mut self.offsets),
                std::mem::take(&mut self.items),
            );
            return Some(Groups { offsets, items });
        }
        for i in 1..offsets.len().saturating_sub(1) {
            offsets[i + 1] += offsets[i];
        }
        self.items = vec![0; self.count];
        (self.placing, self.at) = (true, 0);
        None
    }
}

#[cfg(test)]
mod tests {
    use super::{Grouping, Groups};
    use proptest::prelude::*;

    proptest! {
        /// Every list holds its members in input order, and nothing else: against lists
        /// pushed one member at a time (owners in `0..n`, some members without one,
        /// lists empty at either end and in between); the same built `step` rows at a
        /// time.
        #[test]
        fn groups_hold_their_members_in_order(
            n in 0usize..40,
            raw in proptest::collection::vec(proptest::option::of(0u32..40), 0..200),
            step in 1usize..50,
        ) {
            let keys: Vec<Option<u32>> =
                raw.into_iter().map(|k| k.filter(|&k| (k as usize) < n)).collect();
            let mut expected = vec![Vec::new(); n];
            for (j, k) in keys.iter().enumerate() {
                if let Some(k) = k {
                    expected[*k as usize].push(j as u32);
                }
            }
            let member = |j: usize, k: &Option<u32>| Some((j as u32, (*k)?));
            let whole = Groups::of(n, &keys, member);
            let mut grouping = Grouping::new(n);
            let mut steps = 1;
            let stepped = loop {
                match grouping.step(&keys, member, step) {
                    Some(g) => break g,
                    None => steps += 1,
                }
            };
            // A pass to count and one to place, each a step per `step` rows (at least
            // one).
            prop_assert_eq!(steps, 2 * keys.len().div_ceil(step).max(1));
            for g in [&whole, &stepped] {
                prop_assert_eq!(g.offsets.len(), n + 1);
                for (i, members) in expected.iter().enumerate() {
                    prop_assert_eq!(g.members(i), &members[..]);
                }
            }
        }
    }
}
