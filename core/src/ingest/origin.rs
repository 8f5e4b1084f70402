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

/// Runs are given up for one packed origin a row once there are this many and more than
/// one for every [`ROWS_PER_RUN`] rows (a file whose records span changing numbers of
/// lines).
const MANY_RUNS: usize = 64;
/// See [`MANY_RUNS`].
const ROWS_PER_RUN: usize = 4;

/// The origin of each row of a table, in row order. Kept as runs of rows on consecutive
/// lines of one source — one run for a whole file of one-line records, the usual case,
/// where one origin a row cost 16 MB for a million invoices and a million payments
/// (BENCHMARKS.md, issue 15, ninth pass) — and, for a table whose records often span
/// several lines, as one packed `u64` a row (source and line) instead, an origin beyond
/// the packed range then kept whole on the side; none is ever cut short.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origins {
    form: Form,
    len: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Form {
    /// By row, each the start of a run: its first row, source and line; the run's
    /// other rows follow on the next lines of that source.
    Runs(Vec<(usize, Origin)>),
    /// One packed origin a row; `(row, origin)` of the rows whose origin does not pack,
    /// in row order.
    Packed {
        packed: Vec<u64>,
        wide: Vec<(usize, Origin)>,
    },
}

impl Default for Origins {
    fn default() -> Origins {
        Origins {
            form: Form::Runs(Vec::new()),
            len: 0,
        }
    }
}

impl Origins {
    /// Appends the origin of the next row.
    pub fn push(&mut self, o: Origin) {
        let row = self.len;
        self.len += 1;
        match &mut self.form {
            Form::Runs(runs) => {
                let next_of_last = runs.last().is_some_and(|&(first, start)| {
                    start.source == o.source
                        && start.line.checked_add((row - first) as u64) == Some(o.line)
                });
                if !next_of_last {
                    runs.push((row, o));
                    if runs.len() > MANY_RUNS && runs.len() * ROWS_PER_RUN > self.len {
                        self.pack();
                    }
                }
            }
            Form::Packed { packed, wide } => push_packed(packed, wide, row, o),
        }
    }

    /// Turns the runs into one packed origin a row.
    fn pack(&mut self) {
        let (mut packed, mut wide) = (Vec::with_capacity(self.len), Vec::new());
        for (row, o) in self.iter().enumerate() {
            push_packed(&mut packed, &mut wide, row, o);
        }
        self.form = Form::Packed { packed, wide };
    }

    /// The origin of row `k` (panics past the end, like an index).
    pub fn get(&self, k: usize) -> Origin {
        assert!(k < self.len, "the origin of row {k} of {}", self.len);
        match &self.form {
            Form::Runs(runs) => {
                let (first, start) = runs[runs.partition_point(|(r, _)| *r <= k) - 1];
                Origin {
                    source: start.source,
                    line: start.line + (k - first) as u64,
                }
            }
            Form::Packed { packed, wide } => match packed[k] {
                WIDE => {
                    let at = wide.partition_point(|(r, _)| *r < k);
                    wide[at].1
                }
                p => Origin {
                    source: (p >> LINE_BITS) as u32,
                    line: p & ((1 << LINE_BITS) - 1),
                },
            },
        }
    }

    /// Rows with an origin.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Room for `n` more where it can be had (only a packed form takes room a row);
    /// without it the origins grow as they are added.
    pub fn reserve_if_possible(&mut self, n: usize) {
        if let Form::Packed { packed, .. } = &mut self.form {
            let _room = packed.try_reserve(n);
        }
    }

    /// The origins in row order.
    pub fn iter(&self) -> impl Iterator<Item = Origin> + '_ {
        (0..self.len).map(|k| self.get(k))
    }
}

/// Appends the origin `o` of row `row` to a packed form.
fn push_packed(packed: &mut Vec<u64>, wide: &mut Vec<(usize, Origin)>, row: usize, o: Origin) {
    let packs = o.line < (1 << LINE_BITS) && u64::from(o.source) < (1 << (64 - LINE_BITS)) - 1;
    if packs {
        packed.push(u64::from(o.source) << LINE_BITS | o.line);
    } else {
        wide.push((row, o));
        packed.push(WIDE);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_back(cases: &[Origin]) -> Origins {
        let mut o = Origins::default();
        for &c in cases {
            o.push(c);
        }
        assert_eq!(o.len(), cases.len());
        assert_eq!(o.iter().collect::<Vec<_>>(), cases);
        for (k, c) in cases.iter().enumerate() {
            assert_eq!(o.get(k), *c);
        }
        o
    }

    fn runs(o: &Origins) -> Option<usize> {
        match &o.form {
            Form::Runs(r) => Some(r.len()),
            Form::Packed { .. } => None,
        }
    }

    #[test]
    fn a_file_of_one_line_records_is_one_run_and_a_new_file_or_gap_starts_another() {
        // 1 000 rows on lines 2…1001 of file 0, then file 1 from line 2, then a gap
        // (a record of two lines) at row 1 500: three runs.
        let mut cases: Vec<Origin> = (0..1_000)
            .map(|k| Origin {
                source: 0,
                line: k + 2,
            })
            .collect();
        cases.extend((0..500).map(|k| Origin {
            source: 1,
            line: k + 2,
        }));
        cases.extend((0..500).map(|k| Origin {
            source: 1,
            line: k + 503,
        }));
        assert_eq!(runs(&read_back(&cases)), Some(3));
        assert_eq!(runs(&read_back(&[])), Some(0));
    }

    #[test]
    fn records_of_changing_length_are_packed_and_extreme_origins_kept_whole() {
        // 200 records of one or two lines by turns: 200 runs for 200 rows, so packed
        // (after 65 runs); then the largest packed line and source, one past each, and
        // the largest of all, after both a run and the packed form.
        let mut cases: Vec<Origin> = (0..200u64)
            .scan(1, |line, k| {
                *line += 1 + k % 2;
                Some(Origin {
                    source: 0,
                    line: *line,
                })
            })
            .collect();
        let extremes = [
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
        // Alone they are five runs (the first two are on consecutive lines).
        let o = read_back(&extremes);
        assert_eq!(runs(&o), Some(5));
        cases.extend(extremes);
        let o = read_back(&cases);
        assert_eq!(runs(&o), None);
        // Three did not pack: line 2⁴⁰, source 2²⁴ − 1 (the marker's) and the largest.
        let Form::Packed { wide, .. } = &o.form else {
            unreachable!()
        };
        assert_eq!(wide.len(), 3);
    }

    proptest::proptest! {
        /// Whatever lines the rows come from (consecutive, with gaps, from several
        /// sources, near the end of the range), each origin reads back as pushed.
        #[test]
        fn any_origins_read_back_as_pushed(
            steps in proptest::collection::vec((0u32..3, 0u64..4, proptest::bool::ANY), 0..400),
        ) {
            let mut line = 0u64;
            let cases: Vec<Origin> = steps
                .iter()
                .map(|&(source, gap, high)| {
                    line = if high { u64::MAX - gap } else { line.saturating_add(1 + gap) };
                    Origin { source, line }
                })
                .collect();
            read_back(&cases);
        }
    }
}
