//! The portfolio's currency when none is given: the invoices' most frequent, counted
//! while the invoices' customers are looked up ([`super::Building`]), a part of the rows
//! at a time, on as many threads as that lookup — counted on its own, it was a pass over
//! a million invoice rows on one core (~20 ms on the 1 M portfolio, BENCHMARKS.md,
//! issue 15, fourteenth pass).

use std::collections::BTreeMap;

use crate::model::{CurrencyCode, Invoice};

/// The currency of a portfolio whose invoices name none (the exchange format's default).
const NO_INVOICES: CurrencyCode = CurrencyCode::EUR;

/// How many invoices are in each currency, for some of a portfolio's invoices. Parts
/// counted apart and [`CurrencyCount::merge`]d count the same as all the rows at once.
#[derive(Debug, Default)]
pub(crate) struct CurrencyCount {
    /// The currency of the rows counted last and how many in a row had it (not yet in
    /// `counts`): invoices mostly share one currency, so most rows cost one comparison.
    run: Option<(CurrencyCode, usize)>,
    /// The other rows counted, by currency (ordered: the ties' rule below).
    counts: BTreeMap<CurrencyCode, usize>,
}

impl CurrencyCount {
    /// Counts invoice `i`.
    #[inline]
    pub(crate) fn add(&mut self, i: &Invoice) {
        match &mut self.run {
            Some((c, n)) if *c == i.currency => *n += 1,
            _ => {
                self.end_run();
                self.run = Some((i.currency, 1));
            }
        }
    }

    /// The invoices counted by `other` counted here too.
    pub(crate) fn merge(&mut self, mut other: CurrencyCount) {
        other.end_run();
        self.end_run();
        for (c, n) in other.counts {
            *self.counts.entry(c).or_default() += n;
        }
    }

    /// The most frequent currency; of several equally frequent, the first in the order
    /// of their text; [`NO_INVOICES`] when no invoice was counted.
    pub(crate) fn most_frequent(mut self) -> String {
        self.end_run();
        let mut best: Option<(CurrencyCode, usize)> = None;
        for (c, n) in self.counts {
            if best.as_ref().is_none_or(|&(_, m)| n > m) {
                best = Some((c, n));
            }
        }
        best.map_or(NO_INVOICES, |(c, _)| c).to_string()
    }

    /// Adds the run counted last to `counts`.
    fn end_run(&mut self) {
        if let Some((c, n)) = self.run.take() {
            *self.counts.entry(c).or_default() += n;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn invoice(currency: &str) -> Invoice {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        Invoice {
            invoice_id: "I1".into(),
            customer_id: "C1".into(),
            issue_date: day,
            due_date: day,
            amount: crate::model::Money::ONE,
            currency: CurrencyCode::parse(currency).unwrap(),
            references: None,
        }
    }

    /// The rule written out plainly: count every currency, take the largest count, the
    /// first in text order among equals.
    fn plainly(currencies: &[&str]) -> String {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for c in currencies {
            *counts.entry(c).or_default() += 1;
        }
        let top = counts.values().copied().max();
        match top {
            None => "EUR".into(),
            Some(top) => counts
                .iter()
                .find(|(_, n)| **n == top)
                .unwrap()
                .0
                .to_string(),
        }
    }

    #[test]
    fn the_most_frequent_currency_ties_to_the_first_in_text_order() {
        // USD 3 (in two runs), EUR 3, GBP 1: a tie of 3, EUR before USD.
        let rows: Vec<Invoice> = ["USD", "USD", "EUR", "GBP", "EUR", "EUR", "USD"]
            .into_iter()
            .map(invoice)
            .collect();
        let mut count = CurrencyCount::default();
        rows.iter().for_each(|i| count.add(i));
        assert_eq!(count.most_frequent(), "EUR");
        assert_eq!(CurrencyCount::default().most_frequent(), "EUR");
        let mut one = CurrencyCount::default();
        one.add(&invoice("CHF"));
        assert_eq!(one.most_frequent(), "CHF");
    }

    proptest! {
        /// Counted in two parts (split anywhere, runs cut in two) and merged: the
        /// currency the rule gives.
        #[test]
        fn parts_merged_count_as_the_rule(
            currencies in prop::collection::vec(prop::sample::select(vec!["EUR", "USD", "GBP", "CHF"]), 0..60),
            cut in 0usize..60,
        ) {
            let rows: Vec<Invoice> = currencies.iter().map(|c| invoice(c)).collect();
            let cut = cut.min(rows.len());
            let (mut a, mut b) = (CurrencyCount::default(), CurrencyCount::default());
            rows[..cut].iter().for_each(|i| a.add(i));
            rows[cut..].iter().for_each(|i| b.add(i));
            a.merge(b);
            prop_assert_eq!(a.most_frequent(), plainly(&currencies));
        }
    }
}
