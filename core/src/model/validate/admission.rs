//! The admission of a table's rows ([`Kept::admit_all`]): an empty id, the row's own
//! checks (its references first, when it has some), then a repeated id — the first that
//! fails refuses the row; the rows kept keep their order. One pass over the rows does it
//! all, and the pass can be run a slice of rows at a time ([`Admitting`],
//! [`Referring`]), so that a host that must keep answering (the dashboard paints between
//! steps) is never blocked for a whole table: at 5 M invoices one pass was 160 ms
//! natively (BENCHMARKS.md, issue 15, thirtieth pass). However the pass is sliced, the
//! rows kept, their index and the refusals are the same: each row is judged in order,
//! by what the rows before it left.

use std::marker::PhantomData;

use super::super::Table;
use super::super::id_index::IdIndex;
use super::{ByRow, Kept, Keyed, PerRow, Problems, Refusal};

/// How the admitted rows of a table can be found by id afterwards.
pub(in crate::model) trait RowIds: Sized {
    /// Whether nothing looks the table's rows up by id ([`Unindexed`]): then repeats
    /// found beforehand ([`Repeats`]) are all its admission needs, where a table with
    /// an index builds it from the rows it admits.
    const UNINDEXED: bool;
    /// The ids as kept, from the index the admission built of the rows it kept (empty
    /// when the repeats found beforehand served, which only an unindexed table takes).
    fn kept(index: IdIndex) -> Self;
    /// Row `r` is now row `to[r]`.
    fn renumber(&mut self, to: &[u32]);
}

impl RowIds for IdIndex {
    const UNINDEXED: bool = false;
    fn kept(index: IdIndex) -> Self {
        index
    }
    fn renumber(&mut self, to: &[u32]) {
        IdIndex::renumber(self, to);
    }
}

/// The ids of a table whose rows nothing looks up by id (payments, disputes,
/// promises): only its repeats are found, and the index that found them is not kept.
pub(in crate::model) struct Unindexed;

impl RowIds for Unindexed {
    const UNINDEXED: bool = true;
    fn kept(_: IdIndex) -> Self {
        Unindexed
    }
    fn renumber(&mut self, _: &[u32]) {}
}

/// Which rows of a table repeat an earlier row's id and which rows' id a later row
/// repeats, among all rows with an id, found before the rows' own checks are known — on
/// the second core while the checks of another table run
/// ([`Building`](crate::model::Building)). The admission takes them as they are when no row
/// it refuses has a repeated id or repeats another's (then a row that repeats an
/// earlier row's id repeats a candidate's: that earlier row's id is repeated, so it was
/// not refused), and otherwise finds the repeats among the candidates as it always
/// does: the result is the same.
pub(in crate::model) struct Repeats {
    repeats: Vec<bool>,
    repeated: Vec<bool>,
}

impl Repeats {
    /// The repeats of `rows`' ids (rows with an empty id have none).
    pub(in crate::model) fn of<R: Keyed>(rows: &[R]) -> Repeats {
        let mut repeats = vec![false; rows.len()];
        let mut repeated = vec![false; rows.len()];
        let id = |r: u32| Some(rows[r as usize].id()).filter(|id| !id.is_empty());
        IdIndex::scan(rows.len(), id, |first, r| {
            repeated[first as usize] = true;
            repeats[r as usize] = true;
        });
        Repeats { repeats, repeated }
    }
}

/// A table's admission ([`Kept::admit_all`]) run a slice of rows at a time: the pass's
/// state (which rows were kept, the refusals, the index of the kept ids) is kept
/// between [`Admitting::step`]s; [`Admitting::finish`] passes the rows left, reports
/// the refusals and compacts the rows.
pub(in crate::model) struct Admitting<R, I> {
    table: Table,
    rows: Vec<R>,
    pass: Admission,
    ids: PhantomData<I>,
}

impl<R: Keyed, I: RowIds> Admitting<R, I> {
    /// The admission of `rows` of `table`, with the repeats of their ids found
    /// beforehand (`early`; only an unindexed table takes them), none passed yet.
    pub(in crate::model) fn new(table: Table, rows: Vec<R>, early: Option<Repeats>) -> Self {
        let seen = match early {
            Some(e) if I::UNINDEXED => Seen::Early(e),
            _ => Seen::Index(index_for(&rows)),
        };
        Admitting {
            table,
            pass: Admission::new(rows.len(), seen),
            rows,
            ids: PhantomData,
        }
    }

    /// Whether every row was passed.
    pub(in crate::model) fn done(&self) -> bool {
        self.pass.passed == self.rows.len()
    }

    /// Passes the next `n` rows (fewer when fewer are left), each with its own check
    /// `own` (asked once of every row, in order, with the row's number).
    pub(in crate::model) fn step(
        &mut self,
        n: usize,
        own: impl FnMut(usize, &R) -> Option<Refusal>,
    ) {
        self.pass.over(&self.rows, n, own);
    }

    /// Passes the rows left (with `own`, as [`Admitting::step`]), reports each row
    /// refused in `problems` and gives the rows kept, compacted in place, with their
    /// ids, and which rows were kept.
    pub(in crate::model) fn finish(
        mut self,
        own: impl FnMut(usize, &R) -> Option<Refusal>,
        problems: &mut Problems,
    ) -> (Kept<R, I>, Vec<bool>) {
        self.step(usize::MAX, own);
        let Admitting {
            table,
            mut rows,
            mut pass,
            ..
        } = self;
        if pass.early_failed {
            // A refused row's id is repeated: the repeats among the candidates are
            // found again, the own checks' answers kept.
            let mut own = ByRow::new(pass.own_refusals());
            pass = Admission::new(rows.len(), Seen::Index(index_for(&rows)));
            pass.over(&rows, usize::MAX, |row, _| own.take(row));
        }
        let Admission {
            kept,
            refused,
            seen,
            ..
        } = pass;
        let all_kept = refused.is_empty();
        for (row, why) in refused {
            problems.refuse(table, row, why.refusal::<R>(&rows[row]));
        }
        let index = match seen {
            Seen::Index(ix) => ix,
            Seen::Early(_) => IdIndex::default(),
        };
        let mut index = I::kept(index);
        // Every row kept (the usual case): the rows and the index stay as they are.
        if !all_kept {
            index.renumber(&numbers(&kept));
            retain_kept(&mut rows, &kept);
        }
        (Kept { rows, index }, kept)
    }
}

impl<R: Keyed, I: RowIds> Kept<R, I> {
    /// Admits the rows of `table` whose id is not empty, whose own check passes (`own`,
    /// asked once of every row, in order) and whose id no earlier admitted row has — the
    /// first of these that fails refuses the row — and says which rows were kept. The
    /// rows keep their order and are compacted in place. One pass over the rows does it
    /// all (their checks, the index of the kept ones, the refusals): on 1 M invoices
    /// each pass over the rows is ~15 ms of memory traffic, and three became one.
    pub(super) fn admit_all(
        table: Table,
        rows: Vec<R>,
        own: impl FnMut(usize, &R) -> Option<Refusal>,
        early: Option<Repeats>,
        problems: &mut Problems,
    ) -> (Kept<R, I>, Vec<bool>) {
        Admitting::new(table, rows, early).finish(own, problems)
    }
}

/// How an admission tells that a candidate's id repeats an earlier candidate's.
enum Seen {
    /// By the repeats found beforehand (while no refused row is among them).
    Early(Repeats),
    /// By the index of the candidates so far.
    Index(IdIndex),
}

/// Why the admission refused a row (its message is written once, for the problems).
enum Why {
    /// Its id is empty.
    Empty,
    /// Its own check (or its reference) failed.
    Own(Refusal),
    /// An earlier admitted row has its id.
    Duplicate,
}

impl Why {
    /// The refusal of `row` for this reason.
    fn refusal<R: Keyed>(self, row: &R) -> Refusal {
        match self {
            Why::Empty => (R::ID, format!("empty {}", R::ID)),
            Why::Own(refusal) => refusal,
            Why::Duplicate => (R::ID, format!("duplicate {} {:?}", R::ID, row.id())),
        }
    }
}

/// An empty index for the ids of `rows`, its numbered series planned from them
/// ([`IdIndex::planned`]).
fn index_for<R: Keyed>(rows: &[R]) -> IdIndex {
    IdIndex::planned(rows.len(), |r| Some(rows[r as usize].id()))
}

/// The pass of an admission over a table's rows, as far as it went ([`Admitting`]).
struct Admission {
    /// Whether each row is kept (`false` for the rows not passed yet).
    kept: Vec<bool>,
    /// Rows passed so far.
    passed: usize,
    /// The rows refused, by row.
    refused: Vec<(usize, Why)>,
    /// How repeats are told; with the kept rows' ids when by the index.
    seen: Seen,
    /// The repeats found beforehand named a row refused here: they cannot serve.
    early_failed: bool,
}

impl Admission {
    /// No row of `rows` rows passed yet; repeats told by `seen`.
    fn new(rows: usize, seen: Seen) -> Admission {
        Admission {
            kept: vec![false; rows],
            passed: 0,
            refused: Vec::new(),
            seen,
            early_failed: false,
        }
    }

    /// Passes the next `n` rows of `rows` (those after the rows passed so far) with their
    /// own checks `own`.
    fn over<R: Keyed>(
        &mut self,
        rows: &[R],
        n: usize,
        mut own: impl FnMut(usize, &R) -> Option<Refusal>,
    ) {
        let Admission {
            kept,
            passed,
            refused,
            seen,
            early_failed,
        } = self;
        let from = *passed;
        let to = from + n.min(rows.len() - from);
        *passed = to;
        let id_of = |s: u32| rows[s as usize].id();
        for (row, r) in (from..to).zip(&rows[from..to]) {
            let check = own(row, r);
            let why = if r.id().is_empty() {
                Some(Why::Empty)
            } else if let Some(refusal) = check {
                Some(Why::Own(refusal))
            } else {
                let repeat = match seen {
                    Seen::Early(e) => e.repeats[row],
                    Seen::Index(ix) => ix.add(row as u32, r.id(), id_of).is_some(),
                };
                repeat.then_some(Why::Duplicate)
            };
            match why {
                Some(why) => {
                    if let (Seen::Early(e), Why::Empty | Why::Own(_)) = (&*seen, &why) {
                        *early_failed |= e.repeats[row] || e.repeated[row];
                    }
                    refused.push((row, why));
                }
                None => kept[row] = true,
            }
        }
    }

    /// The refusals of the rows' own checks, by row.
    fn own_refusals(&mut self) -> Vec<(usize, Refusal)> {
        (std::mem::take(&mut self.refused).into_iter())
            .filter_map(|(row, why)| match why {
                Why::Own(refusal) => Some((row, refusal)),
                _ => None,
            })
            .collect()
    }
}

/// Each row's number among the rows `kept` (a row not kept has the number of the next
/// kept one; it is never looked up).
fn numbers(kept: &[bool]) -> Vec<u32> {
    let mut n = 0;
    (kept.iter())
        .map(|&k| {
            let number = n;
            n += u32::from(k);
            number
        })
        .collect()
}

/// Keeps the values whose flag in `kept` is set, in order, in place (nothing to do when
/// every flag is set, the usual case).
fn retain_kept<T>(values: &mut Vec<T>, kept: &[bool]) {
    if kept.iter().all(|&k| k) {
        return;
    }
    let mut k = 0;
    values.retain(|_| {
        k += 1;
        kept[k - 1]
    });
}

/// The admission of a table whose rows refer to others ([`admit_referring`]) run a
/// slice of rows at a time, as [`Admitting`]: what each row refers to was looked up
/// before (`refs`), and a row whose reference was not found is refused for that first.
pub(in crate::model) struct Referring<R, T, I> {
    admitting: Admitting<R, I>,
    /// What each row refers to (the default for a row whose reference was not found).
    values: Vec<T>,
    /// Why each row whose reference was not found is refused, by row.
    unknown: ByRow<Refusal>,
}

impl<R: Keyed, T, I: RowIds> Referring<R, T, I> {
    /// The admission of `rows` of `table`, which refer to `refs` (one per row), with the
    /// repeats of their ids found beforehand (`early`), none passed yet.
    pub(in crate::model) fn new(
        table: Table,
        rows: Vec<R>,
        refs: PerRow<T>,
        early: Option<Repeats>,
    ) -> Self {
        Referring {
            admitting: Admitting::new(table, rows, early),
            values: refs.values,
            unknown: ByRow::new(refs.refused),
        }
    }

    /// Whether every row was passed.
    pub(in crate::model) fn done(&self) -> bool {
        self.admitting.done()
    }

    /// Passes the next `n` rows: a row whose reference was not found is refused for
    /// that, another for its own `check`, when it fails.
    pub(in crate::model) fn step(&mut self, n: usize, check: impl Fn(&R) -> Option<Refusal>) {
        let unknown = &mut self.unknown;
        let own = |row: usize, r: &R| unknown.take(row).or_else(|| check(r));
        self.admitting.step(n, own);
    }

    /// Passes the rows left ([`Referring::step`]) and gives the rows kept
    /// ([`Admitting::finish`]) with what each refers to.
    pub(in crate::model) fn finish(
        self,
        check: impl Fn(&R) -> Option<Refusal>,
        problems: &mut Problems,
    ) -> (Kept<R, I>, Vec<T>) {
        let Referring {
            admitting,
            mut values,
            mut unknown,
        } = self;
        let own = |row: usize, r: &R| unknown.take(row).or_else(|| check(r));
        let (kept, admitted) = admitting.finish(own, problems);
        retain_kept(&mut values, &admitted);
        (kept, values)
    }
}

/// Admits the rows of `table` ([`Kept::admit_all`]) whose reference (`refs`, one per
/// row: what it refers to, or why that does not exist) was found and whose own `check`
/// passes — in that order — and gives what each kept row refers to.
pub(super) fn admit_referring<R: Keyed, T, I: RowIds>(
    table: Table,
    rows: Vec<R>,
    refs: PerRow<T>,
    check: impl Fn(&R) -> Option<Refusal>,
    early: Option<Repeats>,
    problems: &mut Problems,
) -> (Kept<R, I>, Vec<T>) {
    Referring::new(table, rows, refs, early).finish(check, problems)
}
