//! Cash application for one incoming payment: what it pays, how sure that is, and why.
//! In this order: a valid structured reference naming an invoice; invoice numbers in the
//! remittance text; the payer's account or name identifying the customer, then the
//! amount equal to one open item, to the whole open balance, or to a small set of items
//! (a bounded search, oldest first). Differences within the policy's tolerance settle
//! the items with an explained difference; an overpayment leaves unapplied cash; a payer
//! nobody knows goes to suspense.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rustc_hash::{FxHashMap, FxHashSet};

use super::index::{Found, KeyBufs, ReceivablesIndex, each_text_key};
use super::reference::PaymentReference;
use super::rules::CashRules;
use super::statement::BankTransaction;
use crate::model::{Money, Portfolio};

/// What one payment is proposed to pay, before the threshold decides.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Proposal {
    /// The paying customer, when known.
    pub customer: Option<usize>,
    /// `(invoice, amount)` settled, oldest first.
    pub allocations: Vec<(usize, Money)>,
    /// `(invoice, amount)` short of its balance, settled within the tolerance.
    pub difference: Option<(usize, Money)>,
    /// What is left on the customer's account, unapplied.
    pub unapplied: Money,
    /// 0–1.
    pub confidence: Decimal,
    /// Why, step by step.
    pub reasons: Vec<String>,
    /// A reference whose check digits are wrong, to report.
    pub bad_reference: Option<String>,
}

/// What earlier payments of the same import took from each invoice, and whose
/// invoices those are (a customer none was taken from is read without a lookup per item).
#[derive(Debug, Default)]
pub struct Taken {
    by_invoice: FxHashMap<usize, Money>,
    customers: FxHashSet<usize>,
}

impl Taken {
    /// Records what `prop` settles of the invoices of `p`.
    pub fn take(&mut self, p: &Portfolio, prop: &Proposal) {
        for (i, a) in prop.allocations.iter().chain(prop.difference.iter()) {
            *self.by_invoice.entry(*i).or_default() += *a;
            self.customers.insert(p.customer_of_invoice(*i));
        }
    }

    /// What was taken from invoice `i`.
    fn of(&self, i: usize) -> Money {
        self.by_invoice.get(&i).copied().unwrap_or_default()
    }
}

fn pct(n: i64) -> Decimal {
    Decimal::new(n, 2)
}

struct Ctx<'a> {
    p: &'a Portfolio,
    ix: &'a ReceivablesIndex,
    rules: &'a CashRules,
    taken: &'a Taken,
    date: NaiveDate,
}

impl Ctx<'_> {
    /// What invoice `i` still asks, issued by the payment's date.
    fn open(&self, i: usize) -> Money {
        let inv = &self.p.invoices()[i];
        if inv.amount <= Money::ZERO || inv.issue_date > self.date {
            return Money::ZERO;
        }
        (self.ix.balance(i) - self.taken.of(i)).max(Money::ZERO)
    }

    fn id(&self, i: usize) -> &str {
        &self.p.invoices()[i].invoice_id
    }

    /// A customer's open items, oldest due first: [`Ctx::open`] of each, read from the
    /// index's list of the customer's open invoices (their issue dates and balances side
    /// by side), without collecting them (a customer may have thousands).
    fn open_items(&self, c: usize) -> impl Iterator<Item = (usize, Money)> + Clone + '_ {
        // Nothing taken from the customer: each item's balance, positive by construction.
        let untaken = !self.taken.customers.contains(&c);
        self.ix
            .open_items(c)
            .iter()
            .filter(|o| o.issued <= self.date)
            .map(move |o| {
                let i = o.invoice as usize;
                match untaken {
                    true => (i, o.balance),
                    false => (i, (o.balance - self.taken.of(i)).max(Money::ZERO)),
                }
            })
            .filter(|(_, o)| *o > Money::ZERO)
    }
}

/// Proposes what credit `tx` pays.
pub fn propose(
    tx: &BankTransaction,
    p: &Portfolio,
    ix: &ReceivablesIndex,
    rules: &CashRules,
    taken: &Taken,
) -> Proposal {
    let cx = Ctx {
        p,
        ix,
        rules,
        taken,
        date: tx.booking_date,
    };
    let mut out = Proposal::default();
    let payer = payer(&cx, tx, &mut out.reasons);
    if let Some(i) = by_reference(&cx, tx, &mut out) {
        return settle(&cx, tx.amount, &[i], pct(100), payer, out);
    }
    let named = by_numbers(&cx, tx);
    if !named.is_empty() {
        let ids: Vec<&str> = named.iter().map(|&i| cx.id(i)).collect();
        out.reasons.push(format!(
            "invoice number{} {} in the remittance text",
            if ids.len() > 1 { "s" } else { "" },
            ids.join(", ")
        ));
        return settle(&cx, tx.amount, &named, pct(95), payer, out);
    }
    match payer {
        Some((c, sure)) => by_amount(&cx, tx.amount, c, sure, out),
        None => {
            out.reasons.push(
                "no reference, invoice number, known account or name identifies the payer: suspense".into(),
            );
            out
        }
    }
}

/// The customer the payer's account (confidence 0.92) or name (0.75) identifies.
fn payer(cx: &Ctx<'_>, tx: &BankTransaction, why: &mut Vec<String>) -> Option<(usize, Decimal)> {
    if let Some(a) = &tx.counterparty.iban {
        match cx.ix.by_account(a) {
            Found::One(c) => {
                why.push(format!(
                    "account {a} is customer {}'s",
                    cx.p.customers()[c].customer_id
                ));
                return Some((c, pct(92)));
            }
            Found::Ambiguous => why.push(format!("account {a} belongs to several customers")),
            Found::None => {}
        }
    }
    if let Some(n) = &tx.counterparty.name
        && let Found::One(c) = cx.ix.by_name(n)
    {
        why.push(format!(
            "payer name {n:?} is customer {}'s",
            cx.p.customers()[c].customer_id
        ));
        return Some((c, pct(75)));
    }
    None
}

/// The invoice a valid structured reference (or a reference written in the free text)
/// names.
fn by_reference(cx: &Ctx<'_>, tx: &BankTransaction, out: &mut Proposal) -> Option<usize> {
    let mut candidates: Vec<&str> = Vec::new();
    if let Some(s) = &tx.structured {
        candidates.push(&s.reference);
    }
    for t in tx.unstructured.iter().chain(tx.additional_info.iter()) {
        candidates.push(t);
        candidates.extend(t.split_whitespace().filter(|w| w.len() >= 12));
    }
    for (k, text) in candidates.into_iter().enumerate() {
        match PaymentReference::read(text) {
            Ok(Some(r)) => match cx.ix.by_reference(cx.p, &r, cx.rules.reference) {
                Found::One(i) => {
                    out.reasons
                        .push(format!("reference {r} names invoice {}", cx.id(i)));
                    return Some(i);
                }
                Found::Ambiguous => out
                    .reasons
                    .push(format!("reference {r} names several invoices")),
                Found::None if k == 0 && tx.structured.is_some() => {
                    out.reasons.push(format!("reference {r} names no invoice"))
                }
                Found::None => {}
            },
            Ok(None) => {}
            Err(why) => {
                if k == 0 && tx.structured.is_some() {
                    out.reasons.push(format!("{why}: read as free text"));
                    out.bad_reference = Some(why);
                }
            }
        }
    }
    None
}

/// Invoices named by number in the remittance text, in text order, each once.
fn by_numbers(cx: &Ctx<'_>, tx: &BankTransaction) -> Vec<usize> {
    let mut out = Vec::new();
    let mut bufs = KeyBufs::default();
    for t in tx.texts() {
        each_text_key(t, cx.ix.numbers_have_digits(), &mut bufs, &mut |k| {
            if let Found::One(i) = cx.ix.by_number(cx.p, k)
                && !out.contains(&i)
            {
                out.push(i);
            }
        });
    }
    out
}

/// Settles the named invoices `items` with `amount`, at confidence `base`.
fn settle(
    cx: &Ctx<'_>,
    amount: Money,
    items: &[usize],
    base: Decimal,
    payer: Option<(usize, Decimal)>,
    mut out: Proposal,
) -> Proposal {
    let customer = cx.p.customer_of_invoice(items[0]);
    let mut conf = base;
    if items
        .iter()
        .any(|&i| cx.p.customer_of_invoice(i) != customer)
    {
        out.reasons
            .push("the invoices named are of different customers".into());
        conf -= pct(40);
    }
    match payer {
        Some((c, _)) if c != customer => {
            out.reasons.push(format!(
                "paid from an account or name of customer {}, not of the invoice's",
                cx.p.customers()[c].customer_id
            ));
            conf -= pct(20);
        }
        Some(_) => conf = (conf + pct(2)).min(Decimal::ONE),
        None => {}
    }
    out.customer = Some(customer);
    let mut open: Vec<(usize, Money)> = items
        .iter()
        .map(|&i| (i, cx.open(i)))
        .filter(|(_, o)| *o > Money::ZERO)
        .collect();
    open.sort_by_key(|(i, _)| (cx.p.invoices()[*i].due_date, *i));
    let total: Money = open.iter().map(|(_, o)| *o).sum();
    if open.is_empty() {
        out.reasons
            .push("nothing of it is open any more: unapplied cash on the customer".into());
        out.unapplied = amount;
        out.confidence = conf - pct(5);
        return out;
    }
    allocate(cx, amount, &open, total, conf, &mut out);
    out
}

/// Spreads `amount` over `open` (oldest first): exact, overpaid (rest unapplied), short
/// within the tolerance (difference), or partial.
fn allocate(
    cx: &Ctx<'_>,
    amount: Money,
    open: &[(usize, Money)],
    total: Money,
    conf: Decimal,
    out: &mut Proposal,
) {
    out.confidence = conf;
    if amount >= total {
        out.allocations = open.to_vec();
        if amount > total {
            out.unapplied = amount - total;
            out.reasons.push(format!(
                "overpaid by {}: unapplied cash on the customer",
                amount - total
            ));
            out.confidence = conf - pct(5);
        } else {
            out.reasons
                .push("the amount equals the open balance".into());
        }
        return;
    }
    if cx.rules.settles(amount, total) {
        let (last, last_open) = open[open.len() - 1];
        out.allocations = open.to_vec();
        if let Some(a) = out.allocations.last_mut() {
            a.1 = last_open - (total - amount);
        }
        out.difference = Some((last, total - amount));
        out.reasons.push(format!(
            "short by {} (within the tolerance): settled, the difference explained",
            total - amount
        ));
        out.confidence = conf - pct(5);
        return;
    }
    let mut left = amount;
    for &(i, o) in open {
        if left <= Money::ZERO {
            break;
        }
        let a = o.min(left);
        out.allocations.push((i, a));
        left -= a;
    }
    out.reasons.push(format!(
        "a partial payment: {amount} of {total}, oldest first"
    ));
    out.confidence = conf - if open.len() > 1 { pct(15) } else { pct(5) };
}

/// A customer known by account or name (confidence `sure`): the amount against their
/// open items.
fn by_amount(cx: &Ctx<'_>, amount: Money, c: usize, sure: Decimal, mut out: Proposal) -> Proposal {
    out.customer = Some(c);
    let items = cx.open_items(c);
    // One pass: how many items, their total, the first of those equal to the amount and
    // how many are.
    let (mut count, mut total, mut equal, mut first) = (0usize, Money::ZERO, 0usize, None);
    for (i, o) in items.clone() {
        count += 1;
        total += o;
        if o == amount {
            equal += 1;
            first = first.or(Some((i, o)));
        }
    }
    if count == 0 {
        out.reasons
            .push("the customer has no open item: unapplied cash".into());
        out.unapplied = amount;
        out.confidence = sure;
        return out;
    }
    if let Some(first) = first {
        out.allocations = vec![first];
        if equal == 1 {
            out.reasons.push(format!(
                "the amount equals the balance of invoice {}",
                cx.id(first.0)
            ));
            out.confidence = sure;
        } else {
            out.reasons.push(format!(
                "{equal} open items have this amount: the oldest, {}",
                cx.id(first.0)
            ));
            out.confidence = sure - pct(20);
        }
        return out;
    }
    if count > 1 && amount == total {
        out.allocations = items.collect();
        out.reasons
            .push("the amount equals the customer's whole open balance".into());
        out.confidence = sure;
        return out;
    }
    let oldest: Vec<(usize, Money)> = items.clone().take(SUBSET_FROM).collect();
    if let Some((set, unique)) = subset(&oldest, amount, cx.rules.max_items) {
        let ids: Vec<&str> = set.iter().map(|&(i, _)| cx.id(i)).collect();
        out.reasons.push(format!(
            "the amount equals the sum of invoices {}",
            ids.join(", ")
        ));
        out.allocations = set;
        out.confidence = sure - if unique { pct(7) } else { pct(25) };
        return out;
    }
    if let Some((i, o)) = items.clone().find(|(_, o)| cx.rules.settles(amount, *o)) {
        allocate(cx, amount, &[(i, o)], o, sure, &mut out);
        return out;
    }
    let open: Vec<(usize, Money)> = items.collect();
    allocate(cx, amount, &open, total, sure - pct(25), &mut out);
    out
}

/// How many of a customer's oldest open items the subset search looks at.
const SUBSET_FROM: usize = 12;

/// The first set (oldest items first) of 2 to `max` of the `open` items (the
/// [`SUBSET_FROM`] oldest) that adds up to `amount`, and whether it is the only one. Sums
/// in whole cents (amounts with more decimals are never part of a set).
fn subset(
    open: &[(usize, Money)],
    amount: Money,
    max: usize,
) -> Option<(Vec<(usize, Money)>, bool)> {
    let cents = |m: Money| {
        let c = m * Decimal::ONE_HUNDRED;
        if c.fract().is_zero() {
            c.to_i64()
        } else {
            None
        }
    };
    let target = cents(amount)?;
    let items: Vec<(usize, i64)> = open
        .iter()
        .enumerate()
        .filter_map(|(k, (_, m))| cents(*m).map(|c| (k, c)))
        .collect();
    let mut found: Option<Vec<usize>> = None;
    let mut count = 0;
    let mut pick = Vec::with_capacity(max);
    combos(&items, 0, target, max, &mut pick, &mut |set| {
        count += 1;
        if found.is_none() {
            found = Some(set.to_vec());
        }
        count < 2
    });
    found.map(|f| (f.into_iter().map(|k| open[k]).collect(), count == 1))
}

/// Calls `hit` with each set of 2 to `max` items from `from` on whose cents add up to
/// `left`, in order; stops when `hit` says so (false).
fn combos(
    items: &[(usize, i64)],
    from: usize,
    left: i64,
    max: usize,
    pick: &mut Vec<usize>,
    hit: &mut impl FnMut(&[usize]) -> bool,
) -> bool {
    for j in from..items.len() {
        let (k, c) = items[j];
        pick.push(k);
        let go = if c == left && pick.len() >= 2 {
            hit(pick)
        } else if pick.len() < max && c < left {
            combos(items, j + 1, left - c, max, pick, hit)
        } else {
            true
        };
        pick.pop();
        if !go {
            return false;
        }
    }
    true
}
