//! Where each parsed row came from (its file and physical line), kept for the rows that
//! the portfolio's build may still refuse: one per row read, so kept small.

/// Where a parsed row came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Origin {
    /// Index into [`ParsedTable::sources`](super::ParsedTable::sources).
    pub source: u32,
    /// 1-based line number in that source.
    pub line: u64,
}

/// Bits of a packed origin that hold the line (lines up to 2⁴⁰ − 1, a file of more than a
/// terabyte); the 24 above them hold the source (16.7 million files for one table).
const LINE_BITS: u32 = 40;

/// The packed value of an origin kept in full on the side.
const WIDE: u64 = u64::MAX;

/// The origin of each row of a table, in row order: 8 bytes a row (source and line packed
/// in one `u64`) where an [`Origin`] takes 16 — 17 MB less for a million invoices and a
/// million payments. An origin beyond the packed range is kept whole on the side, so none
/// is ever cut short.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origins {
    packed: Vec<u64>,
    /// `(row, origin)` of the rows whose origin does not pack, in row order.
    wide: Vec<(usize, Origin)>,
}

impl Origins {
    /// Appends the origin of the next row.
    pub fn push(&mut self, o: Origin) {
        let packs = o.line < (1 << LINE_BITS) && u64::from(o.source) < (1 << (64 - LINE_BITS)) - 1;
        if packs {
            self.packed.push(u64::from(o.source) << LINE_BITS | o.line);
        } else {
            self.wide.push((self.packed.len(), o));
            self.packed.push(WIDE);
        }
    }

    /// The origin of row `k` (panics past the end, like an index).
    pub fn get(&self, k: usize) -> Origin {
        match self.packed[k] {
            WIDE => {
                let at = self.wide.partition_point(|(r, _)| *r < k);
                self.wide[at].1
            }
            p => Origin {
                source: (p >> LINE_BITS) as u32,
                line: p & ((1 << LINE_BITS) - 1),
            },
        }
    }

    /// Rows with an origin.
    pub fn len(&self) -> usize {
        self.packed.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.packed.is_empty()
    }

    /// Room for `n` more.
    pub fn reserve(&mut self, n: usize) {
        self.packed.reserve(n);
    }

    /// The origins in row order.
    pub fn iter(&self) -> impl Iterator<Item = Origin> + '_ {
        (0..self.len()).map(|k| self.get(k))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_read_back_as_pushed_packed_or_not() {
        // The largest packed line and source, one past each, and ordinary ones between.
        let cases = [
            Origin { source: 0, line: 2 },
            Origin {
                source: 0,
                line: (1 << 40) - 1,
            },
            Origin {
                source: 0,
                line: 1 << 40,
            },
            Origin {
                source: (1 << 24) - 2,
                line: 7,
            },
            Origin {
                source: (1 << 24) - 1,
                line: 7,
            },
            Origin {
                source: u32::MAX,
                line: u64::MAX,
            },
            Origin { source: 3, line: 9 },
        ];
        let mut o = Origins::default();
        for c in cases {
            o.push(c);
        }
        assert_eq!(o.len(), cases.len());
        assert_eq!(o.iter().collect::<Vec<_>>(), cases);
        // Three did not pack: line 2⁴⁰, source 2²⁴ − 1 (the marker's) and the largest.
        assert_eq!(o.wide.len(), 3);
        assert_eq!(std::mem::size_of_val(&o.packed[0]), 8);
    }
}
