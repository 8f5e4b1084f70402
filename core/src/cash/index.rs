//! What cash application looks payments up in, built once per import from the
//! portfolio: each invoice's payment reference (its own, else one derived in the
//! policy's form), its number in the forms payers write it, each customer's accounts
//! (from `customers.csv` and learned from earlier bank payments) and name.

use chrono::NaiveDate;
use rustc_hash::FxHashMap;

use super::iban;
use super::reference::{PaymentReference, ReferenceKind};
use crate::model::{Money, Portfolio};

/// A key that names one thing, or several (then it names none for sure).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hit {
    One(u32),
    Many,
}

/// A key's 64-bit hash: the maps hold hashes, not strings (a million invoices give three
/// million keys); every hit is verified against the invoice itself, so a collision can
/// never name the wrong one.
pub(super) fn key_hash(key: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut x = rustc_hash::FxHasher::default();
    key.hash(&mut x);
    x.finish()
}

/// A read-only table from 64-bit keys to what each names, built in one go from all its
/// `(key, invoice)` pairs: the pairs are spread over buckets by a multiplicative hash of
/// the key (a counting sort, writing each bucket in order), then each bucket keeps each
/// key once, in place — a key given by several invoices names none for sure
/// ([`Hit::Many`]). A lookup reads one offset and scans one bucket of about eight keys.
/// Inserting millions of keys one by one into a hash map costs a cache miss each; this
/// costs two passes over a list and no third copy of it.
struct KeyTable {
    shift: u32,
    offsets: Vec<u32>,
    /// `(key, invoice)`, [`KeyTable::MANY`] for a key several invoices give.
    entries: Vec<(u64, u32)>,
}

impl KeyTable {
    /// The invoice of a key several invoices give (the portfolio numbers its rows in
    /// `u32`; this one would be the 4 294 967 296th invoice).
    const MANY: u32 = u32::MAX;

    fn new(pairs: Vec<(u64, u32)>) -> KeyTable {
        let bits = (pairs.len() / 8)
            .max(1)
            .next_power_of_two()
            .trailing_zeros()
            .max(1);
        let shift = 64 - bits;
        let bucket = |k: u64| (k.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> shift) as usize;
        let n = 1usize << bits;
        let mut starts = vec![0u32; n + 1];
        for &(k, _) in &pairs {
            starts[bucket(k) + 1] += 1;
        }
        for b in 0..n {
            starts[b + 1] += starts[b];
        }
        let mut cursor = starts.clone();
        let mut entries = vec![(0u64, 0u32); pairs.len()];
        for &(k, v) in &pairs {
            let at = &mut cursor[bucket(k)];
            entries[*at as usize] = (k, v);
            *at += 1;
        }
        drop(pairs);
        // Each bucket's keys once, moved down in place (the write position never passes
        // the read position).
        let mut offsets = Vec::with_capacity(n + 1);
        offsets.push(0);
        let mut w = 0usize;
        for b in 0..n {
            let from = w;
            for r in starts[b] as usize..starts[b + 1] as usize {
                let (k, v) = entries[r];
                match entries[from..w].iter_mut().find(|(x, _)| *x == k) {
                    Some(e) if e.1 != v => e.1 = Self::MANY,
                    Some(_) => {}
                    None => {
                        entries[w] = (k, v);
                        w += 1;
                    }
                }
            }
            offsets.push(w as u32);
        }
        entries.truncate(w);
        KeyTable {
            shift,
            offsets,
            entries,
        }
    }

    fn get(&self, key: u64) -> Option<Hit> {
        let b = (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize;
        let bucket = &self.entries[self.offsets[b] as usize..self.offsets[b + 1] as usize];
        bucket
            .iter()
            .find(|(k, _)| *k == key)
            .map(|&(_, v)| match v {
                Self::MANY => Hit::Many,
                v => Hit::One(v),
            })
    }
}

/// The map key of a reference: an OGM as its number (flagged), an RF by its hash.
fn reference_key(r: &PaymentReference) -> u64 {
    match r {
        PaymentReference::Ogm(d) => (1 << 63) | d.parse::<u64>().unwrap_or(0),
        PaymentReference::Rf(t) => key_hash(t) & !(1 << 63),
    }
}

/// [`reference_key`] of [`derive`]`(invoice_id, kind)`, without building the text for
/// an OGM.
fn derived_key(invoice_id: &str, kind: ReferenceKind) -> Option<u64> {
    match kind {
        ReferenceKind::Ogm => {
            ogm_base(invoice_id).map(|b| (1 << 63) | (b * 100 + super::check_digits::belgian(b)))
        }
        ReferenceKind::Rf => derive(invoice_id, kind).map(|r| reference_key(&r)),
    }
}

/// The number an OGM is derived from: the digits of an id of letters then at most ten
/// digits (separators ignored). An id with an eleventh digit has none (and the number
/// never grows past ten digits, however long the id).
fn ogm_base(invoice_id: &str) -> Option<u64> {
    let mut seen_digit = false;
    let mut base: u64 = 0;
    let mut n = 0;
    for b in invoice_id.bytes().filter(u8::is_ascii_alphanumeric) {
        if b.is_ascii_digit() {
            seen_digit = true;
            n += 1;
            if n > 10 {
                return None;
            }
            base = base * 10 + u64::from(b - b'0');
        } else if seen_digit {
            return None;
        }
    }
    seen_digit.then_some(base)
}

/// [`insert`] for the customer maps, keyed by the text itself.
fn insert_text(map: &mut FxHashMap<String, Hit>, key: String, v: u32) {
    mark(map.entry(key), v);
}

fn mark<K>(e: std::collections::hash_map::Entry<'_, K, Hit>, v: u32) {
    e.and_modify(|h| {
        if *h != Hit::One(v) {
            *h = Hit::Many
        }
    })
    .or_insert(Hit::One(v));
}

/// An open invoice in its customer's list: what matching by amount reads of it, side by
/// side in memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenItem {
    /// The invoice.
    pub invoice: u32,
    /// Its issue date.
    pub issued: NaiveDate,
    /// Its due date (the list's order).
    pub due: NaiveDate,
    /// Its balance in the data.
    pub balance: Money,
}

/// Each customer's open invoices, oldest due first, in one list with an offset per
/// customer (a million invoices, two allocations).
struct OpenItems {
    offsets: Vec<u32>,
    items: Vec<OpenItem>,
}

impl OpenItems {
    /// The invoices with a balance in `balances`, read in order and placed in their
    /// customer's run (a counting sort by customer: a million invoices read one after
    /// the other, not in each customer's order, which would miss the cache on each),
    /// then each run sorted by due date: a small sort each, not one of a million.
    fn new(p: &Portfolio, balances: &[Money]) -> OpenItems {
        let open = |i: usize| balances[i] > Money::ZERO;
        let mut offsets = vec![0u32; p.customers().len() + 1];
        for i in (0..balances.len()).filter(|&i| open(i)) {
            offsets[p.customer_of_invoice(i) + 1] += 1;
        }
        for c in 1..offsets.len() {
            offsets[c] += offsets[c - 1];
        }
        let mut cursor = offsets.clone();
        let blank = OpenItem {
            invoice: 0,
            issued: NaiveDate::MIN,
            due: NaiveDate::MIN,
            balance: Money::ZERO,
        };
        let mut items = vec![blank; offsets.last().copied().unwrap_or(0) as usize];
        for (i, inv) in p.invoices().iter().enumerate().filter(|(i, _)| open(*i)) {
            let at = &mut cursor[p.customer_of_invoice(i)];
            items[*at as usize] = OpenItem {
                invoice: i as u32,
                issued: inv.issue_date,
                due: inv.due_date,
                balance: balances[i],
            };
            *at += 1;
        }
        for run in offsets.windows(2) {
            items[run[0] as usize..run[1] as usize].sort_unstable_by_key(|o| (o.due, o.invoice));
        }
        OpenItems { offsets, items }
    }

    fn of(&self, c: usize) -> &[OpenItem] {
        match (self.offsets.get(c), self.offsets.get(c + 1)) {
            (Some(&from), Some(&to)) => &self.items[from as usize..to as usize],
            _ => &[],
        }
    }
}

/// The references of the `open` invoices of `p` (their own, else the one derived in the
/// form `kind`), and why some own references could not be used.
fn reference_table(p: &Portfolio, open: &[u32], kind: ReferenceKind) -> (KeyTable, Vec<String>) {
    let mut keys = Vec::with_capacity(open.len());
    let mut problems = Vec::new();
    for &i in open {
        let inv = &p.invoices()[i as usize];
        match inv.payment_reference().map(PaymentReference::read) {
            Some(Ok(Some(r))) => keys.push((reference_key(&r), i)),
            // A free-text reference is found like an invoice number ([`number_table`]).
            Some(Ok(None)) => {}
            Some(Err(why)) => problems.push(format!(
                "invoices.csv: invoice {}: payment_reference {why}; matched by its number instead",
                inv.invoice_id
            )),
            None => keys.extend(derived_key(&inv.invoice_id, kind).map(|k| (k, i))),
        }
    }
    (KeyTable::new(keys), problems)
}

/// The number keys of the `open` invoices of `p` (their number, and an own reference
/// that is free text), and whether one of them has no digit.
///
/// A number of letters then digits is kept under its zero-free key (`INV#42`) only, not
/// also as written (`INV0000042`): a text that writes it so gives the zero-free key too,
/// so the second key finds nothing the first does not — unless two numbers share the
/// zero-free key (`INV042`, `INV42`); then the table is built again with every key.
fn number_table(p: &Portfolio, open: &[u32]) -> (KeyTable, bool) {
    let (table, digitless) = number_keys_of(p, open, false);
    if table.entries.iter().any(|e| e.1 == KeyTable::MANY) {
        return number_keys_of(p, open, true);
    }
    (table, digitless)
}

/// [`number_table`] with (`all`) or without the as-written key of numbers that have a
/// zero-free one.
fn number_keys_of(p: &Portfolio, open: &[u32], all: bool) -> (KeyTable, bool) {
    let mut keys = Vec::with_capacity(if all { 3 } else { 2 } * open.len());
    let mut digitless = false;
    let mut bufs = KeyBufs::default();
    let mut add = |text: &str, i: u32| {
        let mut zero_free = false;
        each_number_key(text, &mut bufs, &mut |key| {
            // `L#d` is the zero-free key; `#d` the digits alone; no `#`: as written
            // (always the last).
            let hash = key.find('#');
            zero_free |= hash.is_some_and(|at| at > 0);
            if hash.is_none() && zero_free && !all {
                return;
            }
            digitless |= !key.bytes().any(|b| b.is_ascii_digit());
            keys.push((key_hash(key), i));
        });
    };
    for &i in open {
        let inv = &p.invoices()[i as usize];
        if let Some(own) = inv.payment_reference()
            && let Ok(None) = PaymentReference::read(own)
        {
            add(own, i);
        }
        add(&inv.invoice_id, i);
    }
    (KeyTable::new(keys), digitless)
}

/// The lookups, with the problems met while building them.
pub struct ReceivablesIndex {
    references: KeyTable,
    /// The references of settled invoices, built when a payment first names one.
    settled: std::cell::OnceCell<KeyTable>,
    kind: ReferenceKind,
    numbers: KeyTable,
    /// Whether a number key has no digit (an invoice numbered in letters only): texts
    /// are then searched in every word, not only in words with digits.
    digitless: bool,
    accounts: FxHashMap<String, Hit>,
    names: FxHashMap<String, Hit>,
    /// Each invoice's balance in the data (zero for a credit note), computed once.
    balances: Vec<Money>,
    /// Each customer's invoices with a balance, oldest due first.
    open_items: OpenItems,
    /// Why some invoices have no usable reference.
    pub problems: Vec<String>,
}

/// Invoice `i`'s balance in the data (every payment and write-off counted), zero for a
/// credit note: what cash application settles.
pub fn balance(p: &Portfolio, i: usize) -> Money {
    match p.invoices()[i].amount > Money::ZERO {
        true => p.balance_at(i, NaiveDate::MAX),
        false => Money::ZERO,
    }
}

/// What a lookup found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// Nothing.
    None,
    /// Exactly this index.
    One(usize),
    /// Several things share the key.
    Ambiguous,
}

fn found(h: Option<&Hit>) -> Found {
    match h {
        None => Found::None,
        Some(Hit::One(i)) => Found::One(*i as usize),
        Some(Hit::Many) => Found::Ambiguous,
    }
}

impl ReceivablesIndex {
    /// Builds the lookups of `p`, deriving references of `kind`. Only invoices with a
    /// balance are indexed by reference and number; settled ones are looked up by
    /// reference only, and only when a payment names one (a double payment).
    pub fn new(p: &Portfolio, kind: ReferenceKind) -> ReceivablesIndex {
        let balances = (0..p.invoices().len()).map(|i| balance(p, i)).collect();
        ReceivablesIndex::with_balances(p, kind, balances)
    }

    /// [`ReceivablesIndex::new`] from each invoice's [`balance`], computed beforehand
    /// (a slice of invoices at a time, by a caller that must keep answering: a million
    /// balances are most of the index's time).
    pub fn with_balances(
        p: &Portfolio,
        kind: ReferenceKind,
        balances: Vec<Money>,
    ) -> ReceivablesIndex {
        debug_assert_eq!(balances.len(), p.invoices().len());
        let open: Vec<u32> = (0..balances.len() as u32)
            .filter(|&i| balances[i as usize] > Money::ZERO)
            .collect();
        let (numbers, digitless) = number_table(p, &open);
        let (references, problems) = reference_table(p, &open, kind);
        let open_items = OpenItems::new(p, &balances);
        let mut ix = ReceivablesIndex {
            references,
            settled: std::cell::OnceCell::new(),
            kind,
            numbers,
            digitless,
            accounts: FxHashMap::default(),
            names: FxHashMap::default(),
            open_items,
            balances,
            problems,
        };
        for (c, cust) in p.customers().iter().enumerate() {
            for a in &cust.ibans {
                insert_text(&mut ix.accounts, a.clone(), c as u32);
            }
            let n = name_key(&cust.name);
            if n.len() >= 3 {
                insert_text(&mut ix.names, n, c as u32);
            }
        }
        for (k, pay) in p.payments().iter().enumerate() {
            if let Some(a) = &pay.payer_iban {
                let c = p.customer_of_payment(k) as u32;
                insert_text(&mut ix.accounts, a.to_string(), c);
            }
        }
        ix
    }

    /// Whether every number key has a digit: a text's words without one cannot name an
    /// invoice.
    pub fn numbers_have_digits(&self) -> bool {
        !self.digitless
    }

    /// The invoice of `p` a valid reference names (derived in the form `kind` when the
    /// invoice has none of its own).
    pub fn by_reference(&self, p: &Portfolio, r: &PaymentReference, kind: ReferenceKind) -> Found {
        let key = reference_key(r);
        let hit = self
            .references
            .get(key)
            .or_else(|| self.settled(p).get(key));
        match found(hit.as_ref()) {
            // An OGM's key is its number: equal keys are equal references.
            Found::One(i) if matches!(r, PaymentReference::Ogm(_)) => Found::One(i),
            Found::One(i) => {
                let inv = &p.invoices()[i];
                let own = match inv.payment_reference() {
                    Some(t) => PaymentReference::read(t).ok().flatten(),
                    None => derive(&inv.invoice_id, kind),
                };
                if own.as_ref() == Some(r) {
                    Found::One(i)
                } else {
                    Found::None
                }
            }
            other => other,
        }
    }

    /// The references of the settled invoices of `p`.
    fn settled(&self, p: &Portfolio) -> &KeyTable {
        self.settled.get_or_init(|| {
            let mut m = Vec::new();
            for (i, inv) in p.invoices().iter().enumerate() {
                if inv.amount <= Money::ZERO || self.balances[i] > Money::ZERO {
                    continue;
                }
                let key = match inv.payment_reference() {
                    Some(t) => PaymentReference::read(t)
                        .ok()
                        .flatten()
                        .map(|r| reference_key(&r)),
                    None => derived_key(&inv.invoice_id, self.kind),
                };
                if let Some(k) = key {
                    m.push((k, i as u32));
                }
            }
            KeyTable::new(m)
        })
    }

    /// Invoice `i`'s balance in the data.
    pub fn balance(&self, i: usize) -> Money {
        self.balances[i]
    }

    /// Customer `c`'s invoices with a balance in the data, oldest due first.
    pub fn open_items(&self, c: usize) -> &[OpenItem] {
        self.open_items.of(c)
    }

    /// The invoice of `p` a number key names.
    pub fn by_number(&self, p: &Portfolio, key: &str) -> Found {
        match found(self.numbers.get(key_hash(key)).as_ref()) {
            Found::One(i) => {
                let inv = &p.invoices()[i];
                let mut mine = false;
                let mut bufs = KeyBufs::default();
                for id in std::iter::once(inv.invoice_id.as_str()).chain(inv.payment_reference()) {
                    each_number_key(id, &mut bufs, &mut |k| mine |= k == key);
                }
                if mine { Found::One(i) } else { Found::None }
            }
            other => other,
        }
    }

    /// The customer an account belongs to.
    pub fn by_account(&self, account: &str) -> Found {
        match iban::electronic(account) {
            Ok(a) => found(self.accounts.get(a.as_ref())),
            Err(_) => found(self.accounts.get(account)),
        }
    }

    /// The customer of a name, compared without case, punctuation or legal form.
    pub fn by_name(&self, name: &str) -> Found {
        found(self.names.get(&name_key(name)))
    }
}

/// A payment id without the allocation suffix a bank movement's rows carry (`#2`).
pub fn base_id(payment_id: &str) -> &str {
    payment_id.split('#').next().unwrap_or(payment_id)
}

/// The reference derived for an invoice without one: an RF of its number when it has at
/// most 21 letters and digits; an OGM of its digits when it is letters then at most 10
/// digits (`INV0000042` → 42); else none (it is then matched by its number).
pub fn derive(invoice_id: &str, kind: ReferenceKind) -> Option<PaymentReference> {
    match kind {
        ReferenceKind::Rf => PaymentReference::rf(invoice_id),
        ReferenceKind::Ogm => ogm_base(invoice_id).map(PaymentReference::ogm),
    }
}

/// The reference a letter asks the customer to quote for `inv`: its own payment
/// reference (printed `+++…+++` or in groups of four when it is a valid OGM or RF), else
/// the one the engine derives in the policy's form ([`derive`](fn@derive)), else its number. It is
/// the reference cash application finds the invoice by.
pub fn printed_reference(inv: &crate::model::Invoice, kind: ReferenceKind) -> String {
    own_reference(inv).unwrap_or_else(|| {
        derive(&inv.invoice_id, kind)
            .map(|r| r.printed())
            .unwrap_or_else(|| inv.invoice_id.to_string())
    })
}

/// `inv`'s own payment reference as printed (`+++…+++` or in groups of four when it is
/// a valid OGM or RF, else as written), if it has one.
pub fn own_reference(inv: &crate::model::Invoice) -> Option<String> {
    let own = inv.payment_reference()?;
    Some(match PaymentReference::read(own) {
        Ok(Some(r)) => r.printed(),
        _ => own.to_string(),
    })
}

/// The reference a document asks the customer to quote for the invoices it claims: one
/// invoice's [`printed_reference`]; for several, the customer number (each invoice's
/// reference is then on its own line, and the payer's account finds the customer).
pub fn claim_reference(
    p: &Portfolio,
    invoices: &[usize],
    customer_id: &str,
    kind: ReferenceKind,
) -> String {
    match invoices {
        [one] => printed_reference(&p.invoices()[*one], kind),
        _ => customer_id.to_string(),
    }
}

/// The keys an invoice number is found by: its letters and digits in upper case
/// (`INV-2026/042` → `INV2026042`); for letters then digits, the letters and the digits
/// without leading zeros (`INV0000002` → `INV#2`, so `inv 2` finds it); and its digits
/// without leading zeros when at least three remain (`#2026042`).
pub fn number_keys(id: &str) -> Vec<String> {
    let mut out = Vec::with_capacity(3);
    each_number_key(id, &mut KeyBufs::default(), &mut |k| {
        out.push(k.to_string())
    });
    out
}

/// Buffers the keys are built in, reused from one text or invoice to the next so that
/// looking a million of them up allocates nothing per key.
#[derive(Default)]
pub struct KeyBufs {
    up: String,
    key: String,
    joined: String,
}

/// [`number_keys`] without allocating: each key is built in `bufs` and handed to `f`.
fn each_number_key(id: &str, bufs: &mut KeyBufs, f: &mut impl FnMut(&str)) {
    let KeyBufs { up, key, .. } = bufs;
    up.clear();
    up.extend(
        id.bytes()
            .filter(u8::is_ascii_alphanumeric)
            .map(|b| b.to_ascii_uppercase() as char),
    );
    let b = up.as_bytes();
    let digit = |c: &&u8| c.is_ascii_digit();
    let letters = b.iter().take_while(|c| c.is_ascii_alphabetic()).count();
    let digits = b.iter().filter(digit).count();
    let lead_zeros = b.iter().filter(digit).take_while(|c| **c == b'0').count();
    let significant = digits - lead_zeros;
    // Letters then digits: `INV#2`.
    if letters > 0 && letters + digits == b.len() && significant > 0 {
        key.clear();
        key.push_str(&up[..letters]);
        key.push('#');
        key.push_str(&up[letters + lead_zeros..]);
        f(key);
    }
    if significant >= 3 {
        key.clear();
        key.push('#');
        key.extend(b.iter().filter(digit).skip(lead_zeros).map(|&c| c as char));
        f(key);
    }
    if b.len() >= 3 {
        f(up);
    }
}

/// The candidate keys a free text offers: each word and each run of two or three
/// adjacent words, in the forms of [`number_keys`], each once.
pub fn text_keys(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    each_text_key(text, false, &mut KeyBufs::default(), &mut |k| {
        if !out.iter().any(|o| o == k) {
            out.push(k.to_string())
        }
    });
    out
}

/// [`text_keys`] without allocating a key: each is handed to `f` (a key two runs of
/// words share comes twice); with `digits`, only runs of words with a digit.
pub fn each_text_key(text: &str, digits: bool, bufs: &mut KeyBufs, f: &mut impl FnMut(&str)) {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '(' | ')'))
        .filter(|w| !w.is_empty())
        .collect();
    let mut joined = std::mem::take(&mut bufs.joined);
    for n in 1..=3 {
        for w in words.windows(n) {
            if digits && !w.iter().any(|x| x.bytes().any(|b| b.is_ascii_digit())) {
                continue;
            }
            joined.clear();
            w.iter().for_each(|x| joined.push_str(x));
            each_number_key(&joined, bufs, f);
        }
    }
    bufs.joined = joined;
}

/// A name compared without case, punctuation or legal form (`Bakkerij Jansen B.V.` →
/// `BAKKERIJJANSEN`).
pub fn name_key(name: &str) -> String {
    const FORMS: [&str; 14] = [
        "BV", "NV", "BVBA", "SRL", "SA", "SPRL", "VOF", "CV", "GMBH", "AG", "LTD", "SARL", "SAS",
        "VZW",
    ];
    name.replace('.', "")
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_uppercase)
        .filter(|w| !FORMS.contains(&w.as_str()))
        .collect::<Vec<_>>()
        .concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_tolerate_spaces_separators_prefixes_and_leading_zeros() {
        assert_eq!(number_keys("INV0000042"), ["INV#42", "INV0000042"]);
        assert_eq!(number_keys("2026-00042"), ["#202600042", "202600042"]);
        let keys = text_keys("betaling factuur inv 42, dank u");
        assert!(keys.contains(&"INV#42".to_string()), "{keys:?}");
        let keys = text_keys("betaling factuur inv 0000042, dank u");
        assert!(keys.contains(&"INV0000042".to_string()), "{keys:?}");
        assert!(text_keys("Invoice 2026 / 00042").contains(&"#202600042".to_string()));
        assert_eq!(name_key("Bakkerij Jansen B.V."), "BAKKERIJJANSEN");
        assert_eq!(name_key("KBC Verzekeringen NV"), "KBCVERZEKERINGEN");
    }

    #[test]
    fn a_key_table_names_one_invoice_or_none_for_sure() {
        // 10 000 keys of one invoice each, key 7 given twice by invoice 7 (its number and
        // its own free-text reference), key 8 by invoices 8 and 9; OGM-like keys share
        // their top bits, so the buckets must come from a hash of the whole key.
        let mut pairs: Vec<(u64, u32)> =
            (0..10_000u64).map(|k| ((1 << 63) | k, k as u32)).collect();
        pairs.push(((1 << 63) | 7, 7));
        pairs.push(((1 << 63) | 8, 9));
        let t = KeyTable::new(pairs);
        assert_eq!(t.get((1 << 63) | 7), Some(Hit::One(7)));
        assert_eq!(t.get((1 << 63) | 8), Some(Hit::Many));
        assert_eq!(t.get((1 << 63) | 9_999), Some(Hit::One(9_999)));
        assert_eq!(t.get((1 << 63) | 10_000), None);
        assert_eq!(t.entries.len(), 10_000);
        assert_eq!(KeyTable::new(Vec::new()).get(1), None);
    }

    #[test]
    fn derived_references() {
        assert_eq!(
            derive("INV0000042", ReferenceKind::Ogm).unwrap().key(),
            "000000004242"
        );
        assert_eq!(
            derive("2026/042", ReferenceKind::Ogm).unwrap().key(),
            "000202604203"
        );
        assert_eq!(derive("A-12-B", ReferenceKind::Ogm), None);
        // Ten digits are the most an OGM's base holds (9 999 999 999 × 100 + 97 fits its
        // twelve); an eleventh, or forty-four (a fuzzed id that overflowed u64), has none.
        assert_eq!(
            derive("INV9999999999", ReferenceKind::Ogm).unwrap().key(),
            format!("9999999999{:02}", 9_999_999_999u64 % 97)
        );
        assert_eq!(derive("INV12345678901", ReferenceKind::Ogm), None);
        let long = format!("I{}NV1", "1".repeat(44));
        assert_eq!(derive(&long, ReferenceKind::Ogm), None);
        assert_eq!(derived_key(&long, ReferenceKind::Ogm), None);
        assert!(
            derive("INV0000042", ReferenceKind::Rf)
                .unwrap()
                .key()
                .ends_with("INV0000042")
        );
    }
}
