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

fn insert(map: &mut FxHashMap<u64, Hit>, key: &str, v: u32) {
    mark(map.entry(key_hash(key)), v);
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
/// digits (separators ignored).
fn ogm_base(invoice_id: &str) -> Option<u64> {
    let mut seen_digit = false;
    let mut base: u64 = 0;
    let mut n = 0;
    for b in invoice_id.bytes().filter(u8::is_ascii_alphanumeric) {
        if b.is_ascii_digit() {
            seen_digit = true;
            n += 1;
            base = base * 10 + u64::from(b - b'0');
        } else if seen_digit {
            return None;
        }
    }
    (seen_digit && n <= 10).then_some(base)
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

/// Each customer's open invoices, oldest due first, in one list with an offset per
/// customer (a million invoices, two allocations).
struct OpenItems {
    offsets: Vec<u32>,
    items: Vec<u32>,
}

impl OpenItems {
    fn new(p: &Portfolio, open: &[u32]) -> OpenItems {
        let customer = |i: u32| p.customer_of_invoice(i as usize);
        let mut items = open.to_vec();
        items.sort_unstable_by_key(|&i| (customer(i), p.invoices()[i as usize].due_date, i));
        let mut offsets = vec![0u32; p.customers().len() + 1];
        for &i in &items {
            offsets[customer(i) + 1] += 1;
        }
        for c in 0..p.customers().len() {
            offsets[c + 1] += offsets[c];
        }
        OpenItems { offsets, items }
    }

    fn of(&self, c: usize) -> &[u32] {
        match (self.offsets.get(c), self.offsets.get(c + 1)) {
            (Some(&from), Some(&to)) => &self.items[from as usize..to as usize],
            _ => &[],
        }
    }
}

/// The lookups, with the problems met while building them.
pub struct ReceivablesIndex {
    references: FxHashMap<u64, Hit>,
    /// The references of settled invoices, built when a payment first names one.
    settled: std::cell::OnceCell<FxHashMap<u64, Hit>>,
    kind: ReferenceKind,
    numbers: FxHashMap<u64, Hit>,
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
        let balances: Vec<Money> = (0..p.invoices().len())
            .map(|i| match p.invoices()[i].amount > Money::ZERO {
                true => p.balance_at(i, NaiveDate::MAX),
                false => Money::ZERO,
            })
            .collect();
        let open: Vec<u32> = (0..balances.len() as u32)
            .filter(|&i| balances[i as usize] > Money::ZERO)
            .collect();
        let mut ix = ReceivablesIndex {
            references: FxHashMap::with_capacity_and_hasher(open.len(), Default::default()),
            settled: std::cell::OnceCell::new(),
            kind,
            numbers: FxHashMap::with_capacity_and_hasher(3 * open.len(), Default::default()),
            digitless: false,
            accounts: FxHashMap::default(),
            names: FxHashMap::default(),
            open_items: OpenItems::new(p, &open),
            balances,
            problems: Vec::new(),
        };
        let mut bufs = KeyBufs::default();
        for &i in &open {
            ix.index_invoice(p, i, &mut bufs);
        }
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
                insert_text(&mut ix.accounts, a.clone(), c);
            }
        }
        ix
    }

    /// Indexes open invoice `i` by its reference (its own, else the derived one) and
    /// its number.
    fn index_invoice(&mut self, p: &Portfolio, i: u32, bufs: &mut KeyBufs) {
        let inv = &p.invoices()[i as usize];
        match inv.payment_reference.as_deref().map(PaymentReference::read) {
            Some(Ok(Some(r))) => mark(self.references.entry(reference_key(&r)), i),
            Some(Ok(None)) => {
                // A free-text reference is found like an invoice number.
                let own = inv.payment_reference.as_deref().unwrap_or("");
                each_number_key(own, bufs, &mut |k| self.insert_number(k, i));
            }
            Some(Err(why)) => self.problems.push(format!(
                "invoices.csv: invoice {}: payment_reference {why}; matched by its number instead",
                inv.invoice_id
            )),
            None => {
                if let Some(k) = derived_key(&inv.invoice_id, self.kind) {
                    mark(self.references.entry(k), i);
                }
            }
        }
        each_number_key(&inv.invoice_id, bufs, &mut |k| self.insert_number(k, i));
    }

    fn insert_number(&mut self, key: &str, i: u32) {
        self.digitless |= !key.bytes().any(|b| b.is_ascii_digit());
        insert(&mut self.numbers, key, i);
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
        let hit = match self.references.get(&key) {
            Some(h) => Some(h),
            None => self.settled(p).get(&key),
        };
        match found(hit) {
            // An OGM's key is its number: equal keys are equal references.
            Found::One(i) if matches!(r, PaymentReference::Ogm(_)) => Found::One(i),
            Found::One(i) => {
                let inv = &p.invoices()[i];
                let own = match inv.payment_reference.as_deref() {
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
    fn settled(&self, p: &Portfolio) -> &FxHashMap<u64, Hit> {
        self.settled.get_or_init(|| {
            let mut m = FxHashMap::default();
            for (i, inv) in p.invoices().iter().enumerate() {
                if inv.amount <= Money::ZERO || self.balances[i] > Money::ZERO {
                    continue;
                }
                let key = match inv.payment_reference.as_deref() {
                    Some(t) => PaymentReference::read(t)
                        .ok()
                        .flatten()
                        .map(|r| reference_key(&r)),
                    None => derived_key(&inv.invoice_id, self.kind),
                };
                if let Some(k) = key {
                    mark(m.entry(k), i as u32);
                }
            }
            m
        })
    }

    /// Invoice `i`'s balance in the data.
    pub fn balance(&self, i: usize) -> Money {
        self.balances[i]
    }

    /// Customer `c`'s invoices with a balance in the data, oldest due first.
    pub fn open_items(&self, c: usize) -> &[u32] {
        self.open_items.of(c)
    }

    /// The invoice of `p` a number key names.
    pub fn by_number(&self, p: &Portfolio, key: &str) -> Found {
        match found(self.numbers.get(&key_hash(key))) {
            Found::One(i) => {
                let inv = &p.invoices()[i];
                let mut mine = false;
                let mut bufs = KeyBufs::default();
                for id in
                    std::iter::once(inv.invoice_id.as_str()).chain(inv.payment_reference.as_deref())
                {
                    each_number_key(id, &mut bufs, &mut |k| mine |= k == key);
                }
                if mine { Found::One(i) } else { Found::None }
            }
            other => other,
        }
    }

    /// The customer an account belongs to.
    pub fn by_account(&self, account: &str) -> Found {
        match iban::normalize(account) {
            Ok(a) => found(self.accounts.get(&a)),
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
/// the one the engine derives in the policy's form ([`derive`]), else its number. It is
/// the reference cash application finds the invoice by.
pub fn printed_reference(inv: &crate::model::Invoice, kind: ReferenceKind) -> String {
    own_reference(inv).unwrap_or_else(|| {
        derive(&inv.invoice_id, kind)
            .map(|r| r.printed())
            .unwrap_or_else(|| inv.invoice_id.clone())
    })
}

/// `inv`'s own payment reference as printed (`+++…+++` or in groups of four when it is
/// a valid OGM or RF, else as written), if it has one.
pub fn own_reference(inv: &crate::model::Invoice) -> Option<String> {
    let own = inv.payment_reference.as_deref()?;
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
        assert!(
            derive("INV0000042", ReferenceKind::Rf)
                .unwrap()
                .key()
                .ends_with("INV0000042")
        );
    }
}
