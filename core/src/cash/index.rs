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
fn h(key: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut x = rustc_hash::FxHasher::default();
    key.hash(&mut x);
    x.finish()
}

fn insert(map: &mut FxHashMap<u64, Hit>, key: &str, v: u32) {
    mark(map.entry(h(key)), v);
}

/// The map key of a reference: an OGM as its number (flagged), an RF by its hash.
fn reference_key(r: &PaymentReference) -> u64 {
    match r {
        PaymentReference::Ogm(d) => (1 << 63) | d.parse::<u64>().unwrap_or(0),
        PaymentReference::Rf(t) => h(t) & !(1 << 63),
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

/// The lookups, with the problems met while building them.
pub struct ReceivablesIndex {
    references: FxHashMap<u64, Hit>,
    /// The references of settled invoices, built when a payment first names one.
    settled: std::cell::OnceCell<FxHashMap<u64, Hit>>,
    kind: ReferenceKind,
    numbers: FxHashMap<u64, Hit>,
    accounts: FxHashMap<String, Hit>,
    names: FxHashMap<String, Hit>,
    /// Ids of payments already in the portfolio, without an allocation suffix.
    known: FxHashMap<u64, u32>,
    /// Each invoice's balance in the data (zero for a credit note), computed once.
    balances: Vec<Money>,
    /// Each customer's invoices with a balance, oldest due first.
    open_items: FxHashMap<u32, Vec<u32>>,
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
    /// Builds the lookups of `p`, deriving references of `kind`.
    pub fn new(p: &Portfolio, kind: ReferenceKind) -> ReceivablesIndex {
        let mut ix = ReceivablesIndex {
            references: FxHashMap::default(),
            settled: std::cell::OnceCell::new(),
            kind,
            numbers: FxHashMap::default(),
            accounts: FxHashMap::default(),
            names: FxHashMap::default(),
            known: FxHashMap::default(),
            balances: Vec::with_capacity(p.invoices().len()),
            open_items: FxHashMap::default(),
            problems: Vec::new(),
        };
        let mut buf = String::new();
        for (i, inv) in p.invoices().iter().enumerate() {
            // Settled invoices are looked up by reference only, and only when a payment
            // names one (a double payment): their index is built then.
            let b = if inv.amount > Money::ZERO {
                p.balance_at(i, NaiveDate::MAX)
            } else {
                Money::ZERO
            };
            ix.balances.push(b);
            if b <= Money::ZERO {
                continue;
            }
            let i32 = i as u32;
            ix.open_items
                .entry(p.customer_of_invoice(i) as u32)
                .or_default()
                .push(i32);
            match inv.payment_reference.as_deref().map(PaymentReference::read) {
                Some(Ok(Some(r))) => mark(ix.references.entry(reference_key(&r)), i32),
                Some(Ok(None)) => {
                    // A free-text reference is found like an invoice number.
                    let own = inv.payment_reference.as_deref().unwrap_or("");
                    each_number_key(own, &mut buf, &mut |k| insert(&mut ix.numbers, k, i32));
                }
                Some(Err(why)) => ix.problems.push(format!(
                    "invoices.csv: invoice {}: payment_reference {why}; matched by its number instead",
                    inv.invoice_id
                )),
                None => {
                    if let Some(k) = derived_key(&inv.invoice_id, kind) {
                        mark(ix.references.entry(k), i32);
                    }
                }
            }
            each_number_key(&inv.invoice_id, &mut buf, &mut |k| {
                insert(&mut ix.numbers, k, i32)
            });
        }
        for items in ix.open_items.values_mut() {
            items.sort_by_key(|&i| (p.invoices()[i as usize].due_date, i));
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
            ix.known
                .entry(h(base_id(&pay.payment_id)))
                .or_insert(k as u32);
        }
        ix
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
        self.open_items
            .get(&(c as u32))
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// The invoice of `p` a number key names.
    pub fn by_number(&self, p: &Portfolio, key: &str) -> Found {
        match found(self.numbers.get(&h(key))) {
            Found::One(i) => {
                let inv = &p.invoices()[i];
                let mine = number_keys(&inv.invoice_id).iter().any(|k| k == key)
                    || inv
                        .payment_reference
                        .as_deref()
                        .is_some_and(|r| number_keys(r).iter().any(|k| k == key));
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

    /// Whether a bank transaction with this id is already among the payments of `p`.
    pub fn already_applied(&self, p: &Portfolio, transaction_id: &str) -> bool {
        match self.known.get(&h(transaction_id)) {
            None => false,
            Some(&k) if base_id(&p.payments()[k as usize].payment_id) == transaction_id => true,
            // Two ids with one hash: ask every payment.
            Some(_) => p
                .payments()
                .iter()
                .any(|x| base_id(&x.payment_id) == transaction_id),
        }
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
    match inv.payment_reference.as_deref() {
        Some(own) => match PaymentReference::read(own) {
            Ok(Some(r)) => r.printed(),
            _ => own.to_string(),
        },
        None => derive(&inv.invoice_id, kind)
            .map(|r| r.printed())
            .unwrap_or_else(|| inv.invoice_id.clone()),
    }
}

/// The keys an invoice number is found by: its letters and digits in upper case
/// (`INV-2026/042` → `INV2026042`); for letters then digits, the letters and the digits
/// without leading zeros (`INV0000002` → `INV#2`, so `inv 2` finds it); and its digits
/// without leading zeros when at least three remain (`#2026042`).
pub fn number_keys(id: &str) -> Vec<String> {
    let mut out = Vec::with_capacity(3);
    each_number_key(id, &mut String::new(), &mut |k| out.push(k.to_string()));
    out
}

/// [`number_keys`] without allocating: each key is built in `buf` and handed to `f`.
fn each_number_key(id: &str, buf: &mut String, f: &mut impl FnMut(&str)) {
    let up = || {
        id.bytes()
            .filter(u8::is_ascii_alphanumeric)
            .map(|b| b.to_ascii_uppercase() as char)
    };
    let len = up().count();
    let digits = up().filter(char::is_ascii_digit).count();
    let lead_zeros = up()
        .filter(char::is_ascii_digit)
        .take_while(|c| *c == '0')
        .count();
    let significant = digits - lead_zeros;
    // Letters then digits: `INV#2`.
    let letters = up().take_while(char::is_ascii_alphabetic).count();
    if letters > 0 && letters + digits == len && significant > 0 {
        buf.clear();
        buf.extend(up().take(letters));
        buf.push('#');
        buf.extend(up().skip(letters).skip(lead_zeros));
        f(buf);
    }
    if significant >= 3 {
        buf.clear();
        buf.push('#');
        buf.extend(up().filter(char::is_ascii_digit).skip(lead_zeros));
        f(buf);
    }
    if len >= 3 {
        buf.clear();
        buf.extend(up());
        f(buf);
    }
}

/// The candidate keys a free text offers: each word and each run of two or three
/// adjacent words, in the forms of [`number_keys`].
pub fn text_keys(text: &str) -> Vec<String> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '(' | ')'))
        .filter(|w| !w.is_empty())
        .collect();
    let mut out = Vec::new();
    for n in 1..=3 {
        for w in words.windows(n) {
            for k in number_keys(&w.concat()) {
                if !out.contains(&k) {
                    out.push(k);
                }
            }
        }
    }
    out
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
