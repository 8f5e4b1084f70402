//! Cash application of bank statements against a portfolio (the workflow): every
//! movement gets an outcome with its confidence and reasons — applied, a suggestion for
//! a person, unapplied cash, suspense, a direct-debit return, money out, or already
//! applied — and the payments to record follow from it. Nothing is applied twice: a
//! movement's id is its statement's id and its bank reference, and a movement whose id
//! is already among the payments (or met earlier in the same import) adds nothing.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

use super::iban;
use super::index::{self, Found, ReceivablesIndex, base_id, key_hash};
use super::matching::{Proposal, Taken, propose};
use super::returns;
use super::rules::CashRules;
use super::statement::{BankStatement, BankTransaction};
use crate::model::{Money, Payment, PaymentMethod, Portfolio};

/// What became of a movement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Applied to open items (confidence at or above the threshold, or confirmed).
    Applied,
    /// A match below the threshold, for a person to confirm or reject.
    Suggested,
    /// Cash on a known customer's account, not applied to an invoice.
    Unapplied,
    /// From a payer nobody knows, or rejected by a person: to resolve by hand.
    Suspense,
    /// A direct debit returned or reversed: the collection it cancels is reversed.
    Returned,
    /// Money out, or a zero amount: not a customer's payment.
    NotReceivable,
    /// Already among the payments (an earlier import, or an overlapping statement).
    AlreadyApplied,
    /// Refused (another currency).
    Refused,
}

/// A person's answer to a suggestion (the review file).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Apply the suggestion as proposed.
    Confirm,
    /// Do not: the movement goes to suspense.
    Reject,
}

/// Part of a movement settling one invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Allocation {
    /// The invoice.
    pub invoice_id: String,
    /// The amount settled.
    pub amount: Money,
}

/// One movement and what became of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryMatch {
    /// The movement's id (statement id / bank reference).
    pub transaction_id: String,
    /// The file it came from.
    pub file: String,
    /// Its line in the file.
    pub line: u64,
    /// Booking date.
    pub booking_date: NaiveDate,
    /// Amount (negative: money out).
    pub amount: Money,
    /// The payer's name, as the bank gives it.
    pub payer_name: Option<String>,
    /// The payer's account.
    pub payer_account: Option<String>,
    /// What became of it.
    pub outcome: Outcome,
    /// The customer it is booked on.
    pub customer_id: Option<String>,
    /// The invoices it settles.
    pub allocations: Vec<Allocation>,
    /// Short of the items it settles, within the tolerance: `(invoice, amount)`.
    pub difference: Option<Allocation>,
    /// Left on the customer's account.
    pub unapplied: Money,
    /// 0–1.
    pub confidence: Decimal,
    /// Why, step by step.
    pub reasons: Vec<String>,
    /// For a return: the payment it reverses.
    pub reversed_payment: Option<String>,
    /// For a return: the reason code and its meaning.
    pub return_reason: Option<String>,
}

/// The movements with one outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeTotal {
    /// The outcome.
    pub outcome: Outcome,
    /// Movements.
    pub count: u64,
    /// Their amount.
    pub amount: Money,
}

/// Every movement of the statements with its outcome, and the problems.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CashReport {
    /// The movements, in statement and file order.
    pub entries: Vec<EntryMatch>,
    /// Count and amount per outcome, in the order of [`Outcome`].
    pub totals: Vec<OutcomeTotal>,
    /// Problems met while matching (a reference with wrong check digits, another
    /// currency, an invoice reference that does not read).
    pub problems: Vec<String>,
}

/// Matches every movement of `statements` against `p` under `rules`; `decisions` are a
/// person's answers to earlier suggestions, by movement id: a [`Matching`] run to its
/// end.
pub fn apply_statements(
    p: &Portfolio,
    statements: &[BankStatement],
    rules: &CashRules,
    decisions: &BTreeMap<String, Decision>,
) -> CashReport {
    Matching::new(statements, rules.clone(), decisions.clone()).finish(p, statements)
}

/// Bank statements being matched against a portfolio a slice at a time, for a host that
/// must keep answering (the dashboard paints between steps): the invoices' balances,
/// then the rest of the lookups ([`ReceivablesIndex`]), then the movements in statement
/// and file order. Every step is given the same portfolio and statements; the report is
/// [`apply_statements`]'s however it is stepped, since the movements are taken in the
/// same order with the same state between them.
pub struct Matching {
    rules: CashRules,
    decisions: BTreeMap<String, Decision>,
    /// Movements in the statements.
    of: usize,
    /// The invoices' balances computed so far, while the lookups are being built.
    balances: Vec<Money>,
    /// The lookups, with what the matching remembers from one movement to the next.
    state: Option<Matched>,
    /// The next movement: (statement, movement in it).
    next: (usize, usize),
    entries: Vec<EntryMatch>,
}

/// The lookups and what a movement leaves for the next ones.
struct Matched {
    ix: ReceivablesIndex,
    problems: Vec<String>,
    taken: Taken,
    /// Movement ids already among the payments.
    applied: FxHashSet<String>,
    /// Movement ids met so far in this import.
    seen: FxHashSet<String>,
    /// Direct debits returned so far (payment rows).
    reversed: FxHashSet<usize>,
    /// The direct debits, built at the first return.
    collections: Option<Collections>,
}

impl Matching {
    /// Starts matching the movements of `statements` under `rules`, with a person's
    /// `decisions` on earlier suggestions (by movement id).
    pub fn new(
        statements: &[BankStatement],
        rules: CashRules,
        decisions: BTreeMap<String, Decision>,
    ) -> Matching {
        Matching {
            rules,
            decisions,
            of: statements.iter().map(|s| s.transactions.len()).sum(),
            balances: Vec::new(),
            state: None,
            next: (0, 0),
            entries: Vec::new(),
        }
    }

    /// Movements matched, of all.
    pub fn progress(&self) -> (usize, usize) {
        (self.entries.len(), self.of)
    }

    /// Runs the next step: the balances of up to `rows` more invoices, the rest of the
    /// lookups, or up to `rows` movements matched; `true` once every movement is.
    pub fn step(&mut self, p: &Portfolio, statements: &[BankStatement], rows: usize) -> bool {
        let rows = rows.max(1);
        let Some(state) = &mut self.state else {
            let n = p.invoices().len();
            let from = self.balances.len();
            if from < n {
                let to = from.saturating_add(rows).min(n);
                self.balances
                    .extend((from..to).map(|i| index::balance(p, i)));
            } else {
                let balances = std::mem::take(&mut self.balances);
                self.state = Some(Matched::new(p, statements, &self.rules, balances));
            }
            return false;
        };
        for _ in 0..rows {
            let (si, ti) = next_movement(statements, self.next);
            let Some((s, tx)) = statements
                .get(si)
                .and_then(|s| Some((s, s.transactions.get(ti)?)))
            else {
                break;
            };
            let person = self.decisions.get(&tx.id).copied();
            let e = state.movement(p, s, tx, &self.rules, person);
            self.entries.push(e);
            self.next = (si, ti + 1);
        }
        self.next = next_movement(statements, self.next);
        self.next.0 >= statements.len()
    }

    /// Matches what is left and gives the report: every movement with its outcome, the
    /// totals per outcome and the problems.
    pub fn finish(mut self, p: &Portfolio, statements: &[BankStatement]) -> CashReport {
        while !self.step(p, statements, usize::MAX) {}
        let problems = self.state.map(|s| s.problems).unwrap_or_default();
        let entries = self.entries;
        let mut sums: BTreeMap<Outcome, (u64, Money)> = BTreeMap::new();
        for e in &entries {
            let t = sums.entry(e.outcome).or_default();
            t.0 += 1;
            t.1 += e.amount;
        }
        let totals = sums
            .into_iter()
            .map(|(outcome, (count, amount))| OutcomeTotal {
                outcome,
                count,
                amount,
            })
            .collect();
        CashReport {
            entries,
            totals,
            problems,
        }
    }
}

/// The position of the first movement at or after `at` (statement, movement in it),
/// past statements that have ended (or have none); `(statements.len(), 0)` when none is
/// left.
fn next_movement(statements: &[BankStatement], at: (usize, usize)) -> (usize, usize) {
    let (mut si, mut ti) = at;
    while statements
        .get(si)
        .is_some_and(|s| ti >= s.transactions.len())
    {
        (si, ti) = (si + 1, 0);
    }
    (si, ti)
}

impl Matched {
    fn new(
        p: &Portfolio,
        statements: &[BankStatement],
        rules: &CashRules,
        balances: Vec<Money>,
    ) -> Matched {
        let ix = ReceivablesIndex::with_balances(p, rules.reference, balances);
        Matched {
            problems: ix.problems.clone(),
            ix,
            taken: Taken::default(),
            applied: already_applied(p, statements),
            seen: FxHashSet::default(),
            reversed: FxHashSet::default(),
            collections: None,
        }
    }

    /// What becomes of movement `tx` of statement `s`, `person` having decided on it
    /// (or not).
    fn movement(
        &mut self,
        p: &Portfolio,
        s: &BankStatement,
        tx: &BankTransaction,
        rules: &CashRules,
        person: Option<Decision>,
    ) -> EntryMatch {
        let mut e = blank(s, tx);
        if self.applied.contains(tx.id.as_str()) || !self.seen.insert(tx.id.clone()) {
            e.outcome = Outcome::AlreadyApplied;
            e.reasons
                .push("already applied: this movement is among the payments".into());
        } else if !tx.currency.is_empty() && tx.currency != p.currency() {
            e.outcome = Outcome::Refused;
            let why = format!(
                "{}:{}: movement {} is in {}, the portfolio in {}: not applied",
                s.file,
                tx.line,
                tx.id,
                tx.currency,
                p.currency()
            );
            e.reasons.push(why.clone());
            self.problems.push(why);
        } else if tx.is_return() && tx.amount < Money::ZERO {
            let dd = self.collections.get_or_insert_with(|| Collections::new(p));
            returned(p, &self.ix, dd, tx, &mut self.reversed, &mut e);
        } else if tx.amount <= Money::ZERO || tx.reversal {
            e.outcome = Outcome::NotReceivable;
            e.reasons.push(format!(
                "money out{}: not a customer's payment",
                tx.bank_code
                    .as_ref()
                    .map(|c| format!(" (bank code {c})"))
                    .unwrap_or_default()
            ));
        } else {
            let prop = propose(tx, p, &self.ix, rules, &self.taken);
            if let Some(bad) = &prop.bad_reference {
                self.problems.push(format!("{}:{}: {bad}", s.file, tx.line));
            }
            let decided = decide(&prop, rules, person);
            if matches!(decided, Outcome::Applied | Outcome::Unapplied) {
                self.taken.take(p, &prop);
            }
            fill(p, prop, decided, person, &mut e);
        }
        e
    }
}

fn blank(s: &BankStatement, tx: &BankTransaction) -> EntryMatch {
    EntryMatch {
        transaction_id: tx.id.clone(),
        file: s.file.clone(),
        line: tx.line,
        booking_date: tx.booking_date,
        amount: tx.amount,
        payer_name: tx.counterparty.name.clone(),
        payer_account: tx.counterparty.iban.clone(),
        outcome: Outcome::Suspense,
        customer_id: None,
        allocations: Vec::new(),
        difference: None,
        unapplied: Money::ZERO,
        confidence: Decimal::ZERO,
        reasons: Vec::new(),
        reversed_payment: None,
        return_reason: None,
    }
}

/// The outcome of a proposal: the threshold, unless a person decided.
fn decide(p: &Proposal, rules: &CashRules, person: Option<Decision>) -> Outcome {
    let sure = p.confidence >= rules.auto_apply;
    match (p.customer, person) {
        (None, _) | (_, Some(Decision::Reject)) => Outcome::Suspense,
        (Some(_), _) if p.allocations.is_empty() && (sure || person.is_some()) => {
            Outcome::Unapplied
        }
        (Some(_), Some(Decision::Confirm)) => Outcome::Applied,
        (Some(_), None) if sure => Outcome::Applied,
        _ => Outcome::Suggested,
    }
}

fn fill(
    p: &Portfolio,
    prop: Proposal,
    outcome: Outcome,
    person: Option<Decision>,
    e: &mut EntryMatch,
) {
    let id = |i: usize| p.invoices()[i].invoice_id.to_string();
    e.outcome = outcome;
    e.customer_id = prop
        .customer
        .map(|c| p.customers()[c].customer_id.to_string());
    e.confidence = prop.confidence.clamp(Decimal::ZERO, Decimal::ONE);
    e.reasons = prop.reasons;
    match person {
        Some(Decision::Confirm) => e.reasons.push("confirmed by a person".into()),
        Some(Decision::Reject) => e
            .reasons
            .push("rejected by a person: to resolve by hand".into()),
        None => {}
    }
    if outcome == Outcome::Suspense {
        return;
    }
    e.allocations = prop
        .allocations
        .iter()
        .map(|&(i, a)| Allocation {
            invoice_id: id(i),
            amount: a,
        })
        .collect();
    e.difference = prop.difference.map(|(i, a)| Allocation {
        invoice_id: id(i),
        amount: a,
    });
    e.unapplied = prop.unapplied;
}

/// The ids of the movements of `statements` already among the payments of `p`: one
/// pass over the payments, each looked up among the movements (a small table), rather
/// than a table of every payment.
fn already_applied(p: &Portfolio, statements: &[BankStatement]) -> FxHashSet<String> {
    let ids: FxHashSet<&str> = statements
        .iter()
        .flat_map(|s| &s.transactions)
        .map(|t| t.id.as_str())
        .collect();
    p.payments()
        .iter()
        .filter_map(|pay| ids.get(base_id(&pay.payment_id)).map(|id| id.to_string()))
        .collect()
}

/// The direct debits of a portfolio, sorted by id (without an allocation suffix) and by
/// amount: what a return is looked up in, built at the first return of an import. Two
/// sorted lists of keys rather than maps of lists: a million payments cost two
/// allocations, not one per payment. Ids are kept by hash and amounts by their
/// normalised digits (sorting integers, not strings and decimals); a hit is checked
/// against the payment itself (in the portfolio they were built from).
struct Collections {
    by_id: Vec<(u64, u32)>,
    by_amount: Vec<((u32, i128), u32)>,
}

/// An amount's normalised scale and digits: equal amounts (`80`, `80.00`) give equal keys.
fn amount_key(a: Money) -> (u32, i128) {
    let n = a.normalize();
    (n.scale(), n.mantissa())
}

impl Collections {
    fn new(p: &Portfolio) -> Collections {
        let debits = || {
            p.payments().iter().enumerate().filter(|(_, pay)| {
                pay.method == PaymentMethod::DirectDebit && pay.reversed_on.is_none()
            })
        };
        let mut by_id: Vec<(u64, u32)> = debits()
            .map(|(k, pay)| (key_hash(base_id(&pay.payment_id)), k as u32))
            .collect();
        by_id.sort_unstable();
        let mut by_amount: Vec<((u32, i128), u32)> = debits()
            .map(|(k, pay)| (amount_key(pay.amount), k as u32))
            .collect();
        by_amount.sort_unstable();
        Collections { by_id, by_amount }
    }

    /// The collections with this id, in payment order.
    fn with_id<'s>(&'s self, p: &'s Portfolio, id: &'s str) -> impl Iterator<Item = usize> + 's {
        filed(&self.by_id, key_hash(id))
            .filter(move |&j| base_id(&p.payments()[j].payment_id) == id)
    }

    /// The collections of this amount, in payment order.
    fn of_amount(&self, amount: Money) -> impl Iterator<Item = usize> + '_ {
        filed(&self.by_amount, amount_key(amount))
    }
}

/// The payments filed under `key` in a list sorted by key.
fn filed<K: Ord + Copy>(list: &[(K, u32)], key: K) -> impl Iterator<Item = usize> + '_ {
    let from = list.partition_point(|(k, _)| *k < key);
    list[from..]
        .iter()
        .take_while(move |(k, _)| *k == key)
        .map(|(_, j)| *j as usize)
}

/// A returned direct debit: the collection it cancels, by end-to-end id, else by amount
/// (and the payer's account when known), the latest before the return.
fn returned(
    p: &Portfolio,
    ix: &ReceivablesIndex,
    dd: &Collections,
    tx: &BankTransaction,
    reversed: &mut FxHashSet<usize>,
    e: &mut EntryMatch,
) {
    let code = tx
        .return_reason
        .clone()
        .unwrap_or_else(|| "reversal".into());
    let reason = match &tx.return_reason {
        Some(c) => returns::describe(c),
        None => "reversal without a reason code".into(),
    };
    e.return_reason = Some(reason.clone());
    let pays = p.payments();
    let by_id = [&tx.end_to_end_id, &tx.instruction_id]
        .into_iter()
        .flatten()
        .flat_map(|r| dd.with_id(p, r))
        .find(|k| !reversed.contains(k));
    let customer = match tx.counterparty.iban.as_deref().map(|a| ix.by_account(a)) {
        Some(Found::One(c)) => Some(c),
        _ => None,
    };
    let (found, conf, why) = match by_id {
        Some(k) => (
            Some(k),
            Decimal::ONE,
            "its end-to-end id names the collection",
        ),
        None => {
            let mut cands: Vec<usize> = dd
                .of_amount(-tx.amount)
                .filter(|k| !reversed.contains(k) && pays[*k].payment_date <= tx.booking_date)
                .filter(|&k| customer.is_none_or(|c| p.customer_of_payment(k) == c))
                .collect();
            cands.sort_by_key(|&k| (pays[k].payment_date, k));
            match (cands.last(), customer, cands.len()) {
                (Some(&k), Some(_), _) => (
                    Some(k),
                    Decimal::new(90, 2),
                    "the payer's account and the amount name the collection, the latest before the return",
                ),
                (Some(&k), None, 1) => (
                    Some(k),
                    Decimal::new(70, 2),
                    "the amount names one collection",
                ),
                _ => (None, Decimal::ZERO, ""),
            }
        }
    };
    match found {
        Some(k) => {
            let id = pays[k].payment_id.clone();
            e.confidence = conf;
            e.customer_id = Some(pays[k].customer_id.to_string());
            e.reversed_payment = Some(id.to_string());
            if conf >= Decimal::new(90, 2) {
                reversed.insert(k);
                e.outcome = Outcome::Returned;
                e.reasons.push(format!(
                    "direct debit {id} returned, {reason}: {why}; its invoice is open again"
                ));
            } else {
                e.outcome = Outcome::Suggested;
                e.reasons
                    .push(format!("perhaps the return of direct debit {id}: {why}"));
            }
        }
        None => {
            e.outcome = Outcome::Suspense;
            e.reasons.push(format!(
                "a direct-debit return ({code}) whose collection is not among the payments"
            ));
        }
    }
}

/// Records an import in a payments table: the returned direct debits marked reversed on
/// their return date (a payment already reversed keeps its date), then the new payments
/// appended. Returns how many rows were marked reversed. What `import-bank --record`
/// writes and what the dashboard's bundle applies.
///
/// One pass over the payments, each looked up among the reversed ids (the first
/// reversal of an id gives its date, as when the reversals are applied in order): a
/// month of returns against a million payments, one scan of the table per return, took
/// seconds in the page.
pub fn record(
    payments: &mut Vec<Payment>,
    new: &[Payment],
    reversals: &[(String, NaiveDate)],
) -> usize {
    let mut date_of: FxHashMap<&str, NaiveDate> = FxHashMap::default();
    for (id, on) in reversals {
        date_of.entry(id.as_str()).or_insert(*on);
    }
    let mut reversed = 0;
    if !date_of.is_empty() {
        for p in payments.iter_mut().filter(|p| p.reversed_on.is_none()) {
            if let Some(&on) = date_of.get(p.payment_id.as_str()) {
                p.reversed_on = Some(on);
                reversed += 1;
            }
        }
    }
    payments.extend_from_slice(new);
    reversed
}

impl CashReport {
    /// Count and amount of the movements with `outcome`.
    pub fn total(&self, outcome: Outcome) -> (u64, Money) {
        self.totals
            .iter()
            .find(|t| t.outcome == outcome)
            .map(|t| (t.count, t.amount))
            .unwrap_or_default()
    }

    /// The payments to record for what was applied: one row per invoice a movement
    /// settles (`<movement id>` alone, else `#1`, `#2`, …), the unapplied rest
    /// (`#unapplied`, no invoice) and a difference settled within the tolerance
    /// (`#difference`, method `other`), each carrying the payer's account.
    pub fn payments(&self, statements: &[BankStatement]) -> Vec<Payment> {
        // Each movement's date and method by its id: a hash map, where an ordered map
        // compared tens of thousands of ids sharing a long prefix (`2026-06-12/E000…`)
        // byte by byte, a library call a comparison in WebAssembly (BENCHMARKS.md, issue
        // 15, nineteenth pass). A repeated id keeps its last movement, as before.
        let dates: FxHashMap<&str, (NaiveDate, PaymentMethod)> = statements
            .iter()
            .flat_map(|s| &s.transactions)
            .map(|t| {
                let dd = t.bank_code.as_deref().is_some_and(|c| c.contains("DDT"));
                let m = if dd {
                    PaymentMethod::DirectDebit
                } else {
                    PaymentMethod::Transfer
                };
                (t.id.as_str(), (t.value_date.unwrap_or(t.booking_date), m))
            })
            .collect();
        let mut out = Vec::new();
        for e in &self.entries {
            if !matches!(e.outcome, Outcome::Applied | Outcome::Unapplied) {
                continue;
            }
            let Some(customer) = &e.customer_id else {
                continue;
            };
            let (date, method) = dates
                .get(e.transaction_id.as_str())
                .copied()
                .unwrap_or((e.booking_date, PaymentMethod::Transfer));
            let payer = e
                .payer_account
                .as_deref()
                .and_then(|a| iban::normalize(a).ok());
            let row = |id: String, invoice: Option<&str>, amount: Money, method| Payment {
                payment_id: id.into(),
                customer_id: customer.as_str().into(),
                invoice_id: invoice.map(Into::into),
                payment_date: date,
                amount,
                method,
                reversed_on: None,
                payer_iban: payer.as_deref().map(Into::into),
            };
            let parts = e.allocations.len()
                + usize::from(e.unapplied > Money::ZERO)
                + usize::from(e.difference.is_some());
            if parts == 1 && e.allocations.len() == 1 {
                let a = &e.allocations[0];
                out.push(row(
                    e.transaction_id.clone(),
                    Some(&a.invoice_id),
                    a.amount,
                    method,
                ));
                continue;
            }
            for (k, a) in e.allocations.iter().enumerate() {
                out.push(row(
                    format!("{}#{}", e.transaction_id, k + 1),
                    Some(&a.invoice_id),
                    a.amount,
                    method,
                ));
            }
            if e.unapplied > Money::ZERO {
                out.push(row(
                    format!("{}#unapplied", e.transaction_id),
                    None,
                    e.unapplied,
                    method,
                ));
            }
            if let Some(d) = &e.difference {
                out.push(row(
                    format!("{}#difference", e.transaction_id),
                    Some(&d.invoice_id),
                    d.amount,
                    PaymentMethod::Other,
                ));
            }
        }
        out
    }

    /// The collections reversed by returns: `(payment id, date)`.
    pub fn reversals(&self) -> Vec<(String, NaiveDate)> {
        self.entries
            .iter()
            .filter(|e| e.outcome == Outcome::Returned)
            .filter_map(|e| Some((e.reversed_payment.clone()?, e.booking_date)))
            .collect()
    }
}
