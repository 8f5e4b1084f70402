//! What cash application looks payments up in, built once per import from the
//! portfolio: each invoice's payment reference (its own, else one derived in the
//! policy's form), its number in the forms payers write it, each customer's accounts
//! (from `customers.csv` and learned from earlier bank payments) and name.

use rustc_hash::{FxHashMap, FxHashSet};

use super::iban;
use super::reference::{PaymentReference, ReferenceKind};
use crate::model::{Money, Portfolio};

/// A key that names one thing, or several (then it names none for sure).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hit {
    One(u32),
    Many,
}

fn insert(map: &mut FxHashMap<String, Hit>, key: String, v: u32) {
    map.entry(key)
        .and_modify(|h| {
            if *h != Hit::One(v) {
                *h = Hit::Many
            }
        })
        .or_insert(Hit::One(v));
}

/// The lookups, with the problems met while building them.
pub struct ReceivablesIndex {
    references: FxHashMap<String, Hit>,
    numbers: FxHashMap<String, Hit>,
    accounts: FxHashMap<String, Hit>,
    names: FxHashMap<String, Hit>,
    /// Ids of payments already in the portfolio, without an allocation suffix.
    known: FxHashSet<String>,
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
            numbers: FxHashMap::default(),
            accounts: FxHashMap::default(),
            names: FxHashMap::default(),
            known: FxHashSet::default(),
            problems: Vec::new(),
        };
        for (i, inv) in p.invoices().iter().enumerate() {
            if inv.amount <= Money::ZERO {
                continue;
            }
            let i32 = i as u32;
            match inv.payment_reference.as_deref().map(PaymentReference::read) {
                Some(Ok(Some(r))) => insert(&mut ix.references, r.key().to_string(), i32),
                Some(Ok(None)) => {
                    // A free-text reference is found like an invoice number.
                    for k in number_keys(inv.payment_reference.as_deref().unwrap_or("")) {
                        insert(&mut ix.numbers, k, i32);
                    }
                }
                Some(Err(why)) => ix.problems.push(format!(
                    "invoices.csv: invoice {}: payment_reference {why}; matched by its number instead",
                    inv.invoice_id
                )),
                None => {
                    if let Some(r) = derive(&inv.invoice_id, kind) {
                        insert(&mut ix.references, r.key().to_string(), i32);
                    }
                }
            }
            for k in number_keys(&inv.invoice_id) {
                insert(&mut ix.numbers, k, i32);
            }
        }
        for (c, cust) in p.customers().iter().enumerate() {
            for a in &cust.ibans {
                insert(&mut ix.accounts, a.clone(), c as u32);
            }
            let n = name_key(&cust.name);
            if n.len() >= 3 {
                insert(&mut ix.names, n, c as u32);
            }
        }
        for (k, pay) in p.payments().iter().enumerate() {
            if let Some(a) = &pay.payer_iban {
                let c = p.customer_of_payment(k) as u32;
                insert(&mut ix.accounts, a.clone(), c);
            }
            let base = pay.payment_id.split('#').next().unwrap_or("");
            ix.known.insert(base.to_string());
        }
        ix
    }

    /// The invoice a valid reference names.
    pub fn by_reference(&self, r: &PaymentReference) -> Found {
        found(self.references.get(r.key()))
    }

    /// The invoice a number key names.
    pub fn by_number(&self, key: &str) -> Found {
        found(self.numbers.get(key))
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

    /// Whether a bank transaction with this id is already among the payments.
    pub fn already_applied(&self, transaction_id: &str) -> bool {
        self.known.contains(transaction_id)
    }
}

/// The reference derived for an invoice without one: an RF of its number when it has at
/// most 21 letters and digits; an OGM of its digits when it is letters then at most 10
/// digits (`INV0000042` → 42); else none (it is then matched by its number).
pub fn derive(invoice_id: &str, kind: ReferenceKind) -> Option<PaymentReference> {
    match kind {
        ReferenceKind::Rf => PaymentReference::rf(invoice_id),
        ReferenceKind::Ogm => {
            let alnum: String = invoice_id
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .collect();
            let digits = alnum.trim_start_matches(|c: char| c.is_ascii_alphabetic());
            let ok = !digits.is_empty()
                && digits.len() <= 10
                && digits.bytes().all(|b| b.is_ascii_digit());
            ok.then(|| PaymentReference::ogm(digits.parse().unwrap_or(0)))
        }
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
    let alnum: String = id
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let mut out = Vec::with_capacity(3);
    let digits: String = alnum.chars().filter(char::is_ascii_digit).collect();
    let trimmed = digits.trim_start_matches('0');
    let prefix = alnum.trim_end_matches(|c: char| c.is_ascii_digit());
    if !prefix.is_empty() && !trimmed.is_empty() && prefix.bytes().all(|b| b.is_ascii_alphabetic())
    {
        out.push(format!("{prefix}#{trimmed}"));
    }
    if trimmed.len() >= 3 {
        out.push(format!("#{trimmed}"));
    }
    if alnum.len() >= 3 {
        out.push(alnum);
    }
    out
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
