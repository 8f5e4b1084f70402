//! The dunning run: given the portfolio, the policy, the actions already taken and the
//! run date, the actions due now and the items held back.

use chrono::NaiveDate;
use std::collections::BTreeMap;

use rustc_hash::{FxHashMap, FxHashSet};
use sha2::{Digest, Sha256};

use super::action::{Action, ActionLaw, ActionLine, HeldItem, HoldReason, RunReport, RunSummary};
use super::history::History;
use super::hold_detail::HoldDetail;
use super::holds::{PlanState, PromiseState, plan_state, plus, promise_state};
use crate::cash::index::{claim_reference, printed_reference};
use crate::collections::fees::consumer_notice::{Delivery, costs_chargeable_from};
use crate::collections::fees::lawful::consumer_gate;
use crate::collections::fees::{self, Arrear, Fee, FeeRule};
use crate::collections::law::{Country, Regime};
use crate::collections::policy::segment;
use crate::collections::policy::template::{
    CustomerRef, FeeLineText, InvoiceLine, MessageContext, Renderer, StepRef,
};
use crate::collections::policy::{
    CatchUp, Channel, CreditNetting, HoldRules, Policy, PolicyProblem, Process, Step, StepKind,
};
use crate::locale;
use crate::model::{CustomerStatus, Money, Portfolio, round2};

/// What an invoice's history says.
#[derive(Debug, Default)]
struct Trail<'h> {
    level: usize,
    last: Option<NaiveDate>,
    /// Fee rules charged on the invoice, each with the last day it was charged.
    charged: Vec<(&'h str, NaiveDate)>,
    first_notice: Option<(NaiveDate, Channel)>,
    handed_over: bool,
    /// The kinds of the steps that claimed the invoice, in whichever process (those the
    /// policy still knows).
    kinds: Vec<StepKind>,
}

/// What the history says per invoice. The free notice that opens a consumer's waiting
/// period is the first reminder that claimed the invoice (not one that listed it for
/// information) after its due date (a pre-due reminder does not count: the debt was not
/// yet overdue) and charged nothing.
fn trails<'h>(
    history: &'h History,
    p: &Portfolio,
    policy: &Policy,
) -> FxHashMap<&'h str, Trail<'h>> {
    let mut m: FxHashMap<&str, Trail<'_>> = FxHashMap::default();
    let processes: FxHashMap<&str, &Process> = policy
        .processes
        .iter()
        .map(|pr| (pr.id.as_str(), pr))
        .collect();
    for e in &history.entries {
        let t = m.entry(e.invoice_id.as_str()).or_default();
        if e.advanced {
            t.level = t.level.max(e.level);
            t.last = t.last.max(Some(e.date));
            // The invoice's own step: its level in the action's process (a letter at a
            // higher level may carry it at a lower one).
            let kind = processes
                .get(e.process.as_str())
                .and_then(|pr| pr.steps.get(e.level.wrapping_sub(1)))
                .and_then(|s| s.kind);
            if let Some(k) = kind
                && !t.kinds.contains(&k)
            {
                t.kinds.push(k);
            }
        }
        if let Some(r) = &e.fee_rule {
            match t.charged.iter_mut().find(|(x, _)| *x == r.as_str()) {
                Some((_, d)) => *d = (*d).max(e.date),
                None => t.charged.push((r, e.date)),
            }
        }
        let overdue = p
            .invoice_index(&e.invoice_id)
            .is_some_and(|i| e.date > p.invoices()[i].due_date);
        if e.channel.informs_customer()
            && e.advanced
            && overdue
            && e.fee_rule.is_none()
            && t.first_notice.is_none_or(|(d, _)| e.date < d)
        {
            t.first_notice = Some((e.date, e.channel));
        }
        if e.channel == Channel::Handover {
            t.handed_over = true;
        }
    }
    m
}

/// How many of `steps` (the invoice's current process) count as done. Steps with kinds:
/// every step up to the first one not yet sent that is either a letter above the
/// highest rung sent, or a kind beside the ladder that follows a letter at or above it;
/// so a customer who changes process continues from the most severe letter already
/// sent, without a kind twice and without skipping a final notice. Steps without
/// kinds: the highest level in the history (positions in the process).
fn steps_done(steps: &[Step], trail: &Trail<'_>) -> usize {
    if trail.kinds.is_empty() || steps.iter().any(|s| s.kind.is_none()) {
        return trail.level;
    }
    let top = trail.kinds.iter().filter_map(|k| k.rung()).max();
    let mut rung_before: Option<u8> = None;
    for (k, s) in steps.iter().enumerate() {
        let Some(kind) = s.kind else { continue };
        let next = match kind.rung() {
            Some(r) => top.is_none_or(|t| r > t),
            None => !trail.kinds.contains(&kind) && rung_before >= top,
        };
        if next {
            return k;
        }
        if let Some(r) = kind.rung() {
            rung_before = Some(r);
        }
    }
    steps.len()
}

/// An invoice with a step due.
#[derive(Debug, Clone)]
struct Candidate {
    invoice: usize,
    balance: Money,
    step: usize,
    due_since: NaiveDate,
    note: Option<String>,
}

/// Runs the dunning policy at `as_of`, in stages for each customer: the open items that
/// can be claimed (`Account::open`); holds on the whole account (insolvency, the
/// collection partner, no process: `Account::process`); the next step due on each
/// invoice and the holds on single invoices (`Account::candidates`); then the actions,
/// grouped or one per invoice, with their fees and rendered messages (`Account::act`).
///
/// For each open invoice (positive balance at `as_of`; paid, credited and written-off
/// invoices never get a reminder) of a customer with a process, the next step is the
/// one after the highest level in `history` (pre-due steps whose window has passed are
/// skipped). It is due on `due_date + offset_days`, and — after an earlier action — no
/// sooner than the policy's spacing between the two steps after the later of that
/// action and the last partial payment (a partial payment re-anchors the clock; levels
/// are never skipped). A run after missed days sends only the next level unless the
/// process says `catch_up = "all_due_levels"`.
///
/// Holds: an insolvent customer or one at the collection partner; an open dispute; a
/// kept payment plan (a broken one escalates, to `holds.missed_instalment_step` when
/// set); a pending promise to pay; a balance below the step's minimum. Each held item
/// is reported with its reason.
///
/// Feeding the returned actions back as history and running again at the same date
/// returns no actions (idempotence).
pub fn run(
    p: &Portfolio,
    policy: &Policy,
    history: &History,
    as_of: NaiveDate,
) -> Result<RunReport, Vec<PolicyProblem>> {
    // Each template is compiled when a message first needs it (the policy was checked
    // when it was read; one that does not compile is the error of the run that needs it).
    let renderer = Renderer::lazy(policy);
    let terms = policy.terms_book();
    let trails = trails(history, p, policy);
    let none = Trail::default();
    let mut actions = Vec::new();
    let mut held = Vec::new();
    for c in 0..p.customers().len() {
        let Some(account) = Account::open(p, c, &trails, as_of, policy.credit_netting) else {
            continue;
        };
        let Some((process, reason)) = account.process(policy, &mut held) else {
            continue;
        };
        let due = account.candidates(process, &policy.holds, &trails, &none, &mut held);
        if due.candidates.is_empty() {
            continue;
        }
        let ctx = Ctx {
            p,
            policy,
            process,
            renderer: &renderer,
            terms: &terms,
            law: policy.law_of(&p.customers()[c]),
            credit: account.credit,
            trails: &trails,
            none: &none,
            as_of,
            customer: c,
            reason: &reason,
        };
        account.act(&ctx, due, &mut actions, &mut held)?;
    }
    actions.sort_by(|a, b| {
        (a.customer_id.as_str(), a.level, a.action_id.as_str()).cmp(&(
            b.customer_id.as_str(),
            b.level,
            b.action_id.as_str(),
        ))
    });
    held.sort_by(|a, b| {
        (a.customer_id.as_str(), a.invoice_id.as_deref(), a.reason).cmp(&(
            b.customer_id.as_str(),
            b.invoice_id.as_deref(),
            b.reason,
        ))
    });
    let summary = summarise(&actions, held.len());
    Ok(RunReport {
        as_of,
        policy: policy.name.clone(),
        actions,
        held,
        summary,
    })
}

/// One customer's account in a run: its open invoices that can be claimed.
struct Account<'a> {
    p: &'a Portfolio,
    customer: usize,
    /// Open invoices (positive balance, issued, not handed over) and their balances,
    /// after the netting of unapplied cash and credit notes.
    opens: Vec<(usize, Money)>,
    /// Unapplied cash and open credit notes not set against an invoice.
    credit: Money,
    /// How much credit was set against each invoice, by invoice.
    netted: FxHashMap<usize, Money>,
    /// Whether the credit is shown as available instead of set against invoices.
    show_credit: bool,
    as_of: NaiveDate,
}

/// The steps due on an account's invoices, and the invoices held back one by one.
struct Due {
    candidates: Vec<Candidate>,
    held: FxHashSet<usize>,
}

/// What holds an invoice back from its next step, or lets it go (with a note when a
/// broken payment plan escalates it).
enum InvoiceHold {
    Held(HeldItem),
    Go { step: usize, note: Option<String> },
}

impl<'a> Account<'a> {
    /// Customer `c`'s account, when it has anything open to claim after `netting` its
    /// unapplied cash and open credit notes.
    fn open(
        p: &'a Portfolio,
        c: usize,
        trails: &FxHashMap<&str, Trail<'_>>,
        as_of: NaiveDate,
        netting: CreditNetting,
    ) -> Option<Account<'a>> {
        let mut opens: Vec<(usize, Money)> = Vec::new();
        let mut credit = p.unapplied_cash_at(c, as_of).max(Money::ZERO);
        p.read_ahead_customer(c);
        for &i in p.invoices_of_customer(c) {
            let i = i as usize;
            let inv = &p.invoices()[i];
            if inv.issue_date > as_of {
                continue;
            }
            let b = p.balance_at(i, as_of);
            if inv.amount <= Money::ZERO {
                // An open credit note is credit the customer can use.
                credit += (-b).max(Money::ZERO);
                continue;
            }
            let handed_over = trails
                .get(inv.invoice_id.as_str())
                .is_some_and(|t| t.handed_over);
            if b > Money::ZERO && !handed_over {
                opens.push((i, b));
            }
        }
        let mut netted = FxHashMap::default();
        if netting == CreditNetting::OldestFirst && credit > Money::ZERO {
            let mut order: Vec<usize> = (0..opens.len()).collect();
            order.sort_by_key(|&k| (p.invoices()[opens[k].0].due_date, opens[k].0));
            for k in order {
                let take = credit.min(opens[k].1);
                if take > Money::ZERO {
                    opens[k].1 -= take;
                    credit -= take;
                    netted.insert(opens[k].0, take);
                }
            }
            opens.retain(|(_, b)| *b > Money::ZERO);
        }
        (!opens.is_empty()).then_some(Account {
            p,
            customer: c,
            opens,
            credit,
            netted,
            show_credit: netting == CreditNetting::ShowAsCredit,
            as_of,
        })
    }

    /// Credit that still lowers what may be claimed: with `show_as_credit` all of it
    /// (the invoices keep their balances); after netting oldest first, none (it has been
    /// set against invoices, and what is left exceeds nothing open).
    fn usable_credit(&self) -> Money {
        if self.show_credit {
            self.credit
        } else {
            Money::ZERO
        }
    }

    fn overdue_total(&self) -> Money {
        self.opens
            .iter()
            .filter(|(i, _)| self.p.invoices()[*i].due_date < self.as_of)
            .map(|x| x.1)
            .sum()
    }

    /// A hold on the whole account.
    fn hold(&self, reason: HoldReason, detail: HoldDetail) -> HeldItem {
        HeldItem {
            customer_id: self.p.customers()[self.customer].customer_id.to_string(),
            invoice_id: None,
            balance: round2(self.overdue_total()),
            reason,
            detail,
            step: None,
            until: None,
        }
    }

    /// The process the account is in and why, or the hold on the whole account
    /// (insolvent, at the collection partner, no process while something is overdue).
    fn process<'p>(
        &self,
        policy: &'p Policy,
        held: &mut Vec<HeldItem>,
    ) -> Option<(&'p Process, String)> {
        match self.p.customers()[self.customer].status {
            CustomerStatus::Insolvent => {
                let detail = HoldDetail::Insolvent {
                    open_invoices: self.opens.len(),
                };
                held.push(self.hold(HoldReason::Insolvent, detail));
                return None;
            }
            CustomerStatus::CollectionPartner => {
                let detail = HoldDetail::CollectionPartner;
                held.push(self.hold(HoldReason::CollectionPartner, detail));
                return None;
            }
            CustomerStatus::Active | CustomerStatus::DeliveryStopped => {}
        }
        let assignment = segment::assign(policy, self.p, self.customer, self.as_of);
        match assignment.process {
            Some(k) => Some((&policy.processes[k], assignment.reason)),
            None => {
                if self.overdue_total() > Money::ZERO {
                    let detail = HoldDetail::NoProcess {
                        reason: assignment.reason,
                    };
                    held.push(self.hold(HoldReason::NoProcess, detail));
                }
                None
            }
        }
    }

    /// The next step due on each open invoice, after its holds.
    fn candidates(
        &self,
        process: &Process,
        rules: &HoldRules,
        trails: &FxHashMap<&str, Trail<'_>>,
        none: &Trail<'_>,
        held: &mut Vec<HeldItem>,
    ) -> Due {
        let steps = &process.steps;
        let mut due = Due {
            candidates: Vec::new(),
            held: FxHashSet::default(),
        };
        for &(i, balance) in &self.opens {
            let inv = &self.p.invoices()[i];
            let trail = trails.get(inv.invoice_id.as_str()).unwrap_or(none);
            let Some((k, due_since)) = self.next_step(i, steps, trail) else {
                continue;
            };
            let (step, note) = match self.invoice_hold(i, balance, k, steps, rules) {
                InvoiceHold::Held(h) => {
                    held.push(h);
                    due.held.insert(i);
                    continue;
                }
                InvoiceHold::Go { step, note } => (step, note),
            };
            let note = match (note, self.netted.get(&i)) {
                (note, None) => note,
                (note, Some(n)) => {
                    let netted = format!(
                        "{} of unapplied cash and credit notes set against {}",
                        round2(*n),
                        inv.invoice_id
                    );
                    Some(note.map_or(netted.clone(), |x| format!("{x}; {netted}")))
                }
            };
            due.candidates.push(Candidate {
                invoice: i,
                balance,
                step,
                due_since,
                note: note.clone(),
            });
            if process.catch_up == CatchUp::AllDueLevels {
                for (j, s) in steps.iter().enumerate().skip(step + 1) {
                    let d = plus(inv.due_date, i64::from(s.offset_days));
                    if d > self.as_of {
                        break;
                    }
                    due.candidates.push(Candidate {
                        invoice: i,
                        balance,
                        step: j,
                        due_since: d,
                        note: note.clone(),
                    });
                }
            }
        }
        due
    }

    /// The step after the invoice's level in its history and the day it falls due
    /// (pre-due steps whose window has passed are skipped; after an earlier action the
    /// spacing counts from that action or a later partial payment), when it is due.
    fn next_step(&self, i: usize, steps: &[Step], trail: &Trail<'_>) -> Option<(usize, NaiveDate)> {
        let (p, as_of) = (self.p, self.as_of);
        let inv = &p.invoices()[i];
        let done = steps_done(steps, trail);
        let mut k = done;
        while k < steps.len() && steps[k].offset_days < 0 && as_of >= inv.due_date {
            k += 1;
        }
        if k >= steps.len() {
            return None;
        }
        let mut due_since = plus(inv.due_date, i64::from(steps[k].offset_days));
        if done > 0
            && let Some(last) = trail.last
        {
            let prev = steps[(done - 1).min(steps.len() - 1)].offset_days;
            let partial = p
                .payments_of_invoice(i)
                .iter()
                .map(|&x| &p.payments()[x as usize])
                .filter(|x| x.counts_at(as_of) && x.payment_date > last && x.amount > Money::ZERO)
                .map(|x| x.payment_date)
                .max();
            let anchor = partial.map_or(last, |d| d.max(last));
            due_since = due_since.max(plus(anchor, i64::from(steps[k].offset_days - prev)));
        }
        (as_of >= due_since).then_some((k, due_since))
    }

    /// What holds invoice `i` back from step `k`: an open dispute, a kept payment plan, a
    /// pending promise to pay. A broken plan lets it go, escalated to
    /// `holds.missed_instalment_step` when that is later.
    fn invoice_hold(
        &self,
        i: usize,
        balance: Money,
        k: usize,
        steps: &[Step],
        rules: &HoldRules,
    ) -> InvoiceHold {
        let (p, as_of) = (self.p, self.as_of);
        let inv = &p.invoices()[i];
        let hold = |reason, detail: HoldDetail, until| {
            InvoiceHold::Held(HeldItem {
                customer_id: p.customers()[self.customer].customer_id.to_string(),
                invoice_id: Some(inv.invoice_id.to_string()),
                balance: round2(balance),
                reason,
                detail,
                step: Some(steps[k].name.clone()),
                until,
            })
        };
        if let Some(d) = p
            .disputes_of_invoice(i)
            .iter()
            .map(|&d| &p.disputes()[d as usize])
            .find(|d| d.is_open_at(as_of))
        {
            let assessment_overdue = d.assessed_on.is_none()
                && (as_of - d.opened_on).num_days() > crate::kpi::ASSESSMENT_SLA_DAYS as i64;
            let detail = HoldDetail::Dispute {
                dispute_id: d.dispute_id.clone(),
                opened_on: d.opened_on,
                assessment_overdue,
            };
            return hold(HoldReason::Dispute, detail, None);
        }
        let (mut step, mut note) = (k, None);
        if let Some(k_plan) = p.plan_of_invoice(i) {
            let plan = &p.payment_plans()[k_plan];
            if plan.agreed_on <= as_of {
                match plan_state(p, plan, as_of, rules.instalment_grace_days) {
                    PlanState::OnTrack { next } => {
                        let detail = HoldDetail::PlanKept {
                            plan_id: plan.plan_id.clone(),
                            next: next.map(|(d, a)| (d, round2(a))),
                        };
                        let until =
                            next.map(|(d, _)| plus(d, i64::from(rules.instalment_grace_days)));
                        return hold(HoldReason::PaymentPlan, detail, until);
                    }
                    PlanState::Broken {
                        missed_due,
                        short_by,
                    } => {
                        let jump = rules
                            .missed_instalment_step
                            .as_ref()
                            .and_then(|name| steps.iter().position(|s| &s.name == name))
                            .filter(|&j| j > k);
                        if let Some(j) = jump {
                            step = j;
                        }
                        note = Some(format!(
                            "payment plan {} broken: instalment due {missed_due} missed, short by {}{}",
                            plan.plan_id,
                            round2(short_by),
                            if jump.is_some() {
                                "; escalated per holds.missed_instalment_step"
                            } else {
                                ""
                            }
                        ));
                    }
                }
            }
        }
        if let Some(until) = p
            .promises_of_customer(self.customer)
            .iter()
            .map(|&x| x as usize)
            .filter(|&x| {
                p.promises()[x].promised_on <= as_of
                    && p.invoice_of_promise(x).is_none_or(|pi| pi == i)
            })
            .filter_map(
                |x| match promise_state(p, x, as_of, rules.promise_grace_days) {
                    PromiseState::Pending { until } => Some(until),
                    _ => None,
                },
            )
            .max()
        {
            return hold(
                HoldReason::Promise,
                HoldDetail::Promise { until },
                Some(until),
            );
        }
        InvoiceHold::Go { step, note }
    }

    /// The actions for the steps due: one per customer per [`Sending`] (one letter, one
    /// call, one handover …) at the highest level due in it, listing every invoice it
    /// claims, each advanced to its own step; with `group` on that step the letter also
    /// lists the other overdue invoices for information. A claim whose net total is
    /// below the step's minimum is held instead.
    fn act(
        &self,
        ctx: &Ctx<'_>,
        due: Due,
        actions: &mut Vec<Action>,
        held: &mut Vec<HeldItem>,
    ) -> Result<(), Vec<PolicyProblem>> {
        let steps = &ctx.process.steps;
        let mut sendings: BTreeMap<Sending, FxHashMap<usize, Candidate>> = BTreeMap::new();
        for c in due.candidates {
            let best = sendings
                .entry(Sending::of(steps[c.step].channel))
                .or_default();
            match best.get(&c.invoice) {
                Some(b) if b.step >= c.step => {}
                _ => {
                    best.insert(c.invoice, c);
                }
            }
        }
        let claimed: FxHashSet<usize> = sendings.values().flat_map(|m| m.keys().copied()).collect();
        for best in sendings.into_values() {
            let mut lines: Vec<Candidate> = best.into_values().collect();
            lines.sort_by_key(|x| x.invoice);
            let top = lines.iter().map(|x| x.step).max().unwrap_or(0);
            let total: Money = lines.iter().map(|x| x.balance).sum();
            let net = total - self.usable_credit();
            if net <= Money::ZERO || net < steps[top].min_amount {
                held.push(self.below_minimum(&lines, steps, top));
                continue;
            }
            let info: Vec<(usize, Money)> = if steps[top].group {
                self.opens
                    .iter()
                    .copied()
                    .filter(|(i, _)| {
                        !claimed.contains(i)
                            && !due.held.contains(i)
                            && self.p.invoices()[*i].due_date < self.as_of
                    })
                    .collect()
            } else {
                Vec::new()
            };
            actions.push(ctx.action(top, &lines, &info)?);
        }
        Ok(())
    }

    /// The hold of a claim below step `top`'s minimum: on the invoice when it is one, on
    /// the account when it is several.
    fn below_minimum(&self, lines: &[Candidate], steps: &[Step], top: usize) -> HeldItem {
        let total: Money = lines.iter().map(|x| x.balance).sum();
        let detail = HoldDetail::BelowMinimum {
            invoices: lines.len(),
            total: round2(total),
            minimum: steps[top].min_amount,
        };
        let step = Some(steps[top].name.clone());
        match lines {
            [one] => HeldItem {
                invoice_id: Some(self.p.invoices()[one.invoice].invoice_id.to_string()),
                balance: round2(one.balance),
                step,
                ..self.hold(HoldReason::BelowMinimum, detail)
            },
            _ => HeldItem {
                step,
                ..self.hold(HoldReason::BelowMinimum, detail)
            },
        }
    }
}

/// What one action of a run carries to a customer: a run sends each customer at most
/// one of each (one letter or message at the highest level due, one call task, one
/// statement, one stop on deliveries, one handover), listing every invoice it claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Sending {
    /// A reminder by e-mail, letter, text or WhatsApp.
    Message,
    /// An account statement.
    Statement,
    /// A collector's call.
    Call,
    /// Deliveries stopped.
    Stop,
    /// Handover to the collection partner.
    Handover,
}

impl Sending {
    fn of(channel: Channel) -> Sending {
        match channel {
            Channel::Email | Channel::Letter | Channel::Sms | Channel::Whatsapp => Sending::Message,
            Channel::Statement => Sending::Statement,
            Channel::PhoneTask => Sending::Call,
            Channel::StopDelivery => Sending::Stop,
            Channel::Handover => Sending::Handover,
        }
    }
}

/// The run's totals.
fn summarise(actions: &[Action], held: usize) -> RunSummary {
    let mut s = RunSummary {
        actions: actions.len(),
        held,
        ..RunSummary::default()
    };
    let mut seen: FxHashSet<&str> = FxHashSet::default();
    for ch in Channel::ALL {
        let n = actions.iter().filter(|a| a.channel == ch).count();
        if n > 0 {
            s.by_channel.push((ch, n));
        }
    }
    for a in actions {
        s.fees += a.fee.amount;
        for l in &a.invoices {
            if l.advanced {
                s.invoices_advanced += 1;
            }
            if seen.insert(&l.invoice_id) {
                s.amount_covered += l.balance;
            }
        }
    }
    s.fees = round2(s.fees);
    s.amount_covered = round2(s.amount_covered);
    s
}

struct Ctx<'a> {
    p: &'a Portfolio,
    policy: &'a Policy,
    process: &'a Process,
    renderer: &'a Renderer<'a>,
    terms: &'a fees::lawful::TermsBook,
    /// The law of the customer's debts (`None`: the policy names no creditor country).
    law: Option<(Country, Regime)>,
    /// The customer's unapplied cash and open credit notes not set against an invoice.
    credit: Money,
    trails: &'a FxHashMap<&'a str, Trail<'a>>,
    none: &'a Trail<'a>,
    as_of: NaiveDate,
    customer: usize,
    reason: &'a str,
}

impl Ctx<'_> {
    fn trail(&self, i: usize) -> &Trail<'_> {
        self.trails
            .get(self.p.invoices()[i].invoice_id.as_str())
            .unwrap_or(self.none)
    }

    fn arrear(&self, i: usize, balance: Money, with_steps: bool) -> Arrear {
        let inv = &self.p.invoices()[i];
        let mut steps = Vec::new();
        if with_steps {
            let mut dates: Vec<NaiveDate> = vec![inv.issue_date];
            for &k in self.p.payments_of_invoice(i) {
                let pay = &self.p.payments()[k as usize];
                dates.push(pay.payment_date);
            }
            for &k in self.p.write_offs_of_invoice(i) {
                dates.push(self.p.write_offs()[k as usize].written_off_on);
            }
            dates.retain(|d| *d <= self.as_of);
            dates.sort();
            dates.dedup();
            // Balance from each date on, as it stands in the books at the run date.
            steps = dates
                .into_iter()
                .map(|d| (d, self.balance_on(i, d)))
                .collect();
        }
        Arrear {
            due_date: inv.due_date,
            balance,
            balance_steps: steps,
        }
    }

    /// Balance of invoice `i` on day `d` as the books stand at the run date: a payment
    /// reversed by the run date never counted (the money did not arrive).
    fn balance_on(&self, i: usize, d: NaiveDate) -> Money {
        let inv = &self.p.invoices()[i];
        let mut b = inv.amount;
        for &k in self.p.payments_of_invoice(i) {
            let pay = &self.p.payments()[k as usize];
            if pay.payment_date <= d && pay.counts_at(self.as_of) {
                b -= pay.amount;
            }
        }
        for &k in self.p.write_offs_of_invoice(i) {
            let w = &self.p.write_offs()[k as usize];
            if w.written_off_on <= d {
                b -= w.amount;
            }
        }
        b
    }

    /// What the letter announces if the invoices it claims without charging stay unpaid
    /// (a consumer's waiting period only opens with a notice that says so): for each,
    /// the next step after its own that charges a rule not yet charged on it, computed
    /// on their sum per rule; `None` when nothing follows.
    fn costs_if_unpaid(
        &self,
        lines: &[Candidate],
        charged: &FxHashSet<usize>,
        terms: fees::Terms<'_>,
    ) -> Option<Money> {
        let mut by_rule: BTreeMap<&str, Vec<Arrear>> = BTreeMap::new();
        for l in lines.iter().filter(|l| !charged.contains(&l.invoice)) {
            let trail = self.trail(l.invoice);
            let next = self.process.steps[l.step + 1..]
                .iter()
                .filter_map(|s| s.fee.as_deref())
                .filter_map(|id| self.policy.fees.get_key_value(id))
                .find(|(id, r)| !r.is_free() && !trail.charged.iter().any(|(c, _)| c == id));
            if let Some((id, _)) = next {
                let a = self.arrear(l.invoice, l.balance, false);
                by_rule.entry(id.as_str()).or_default().push(a);
            }
        }
        let total: Money = by_rule
            .into_iter()
            .filter_map(|(id, arrears)| {
                let rule = self.policy.fees.get(id)?;
                Some(fees::charge(rule, &arrears, self.as_of, terms).amount)
            })
            .sum();
        (!total.is_zero()).then_some(total)
    }

    /// The statutory interest accrued since the last letter that charged it, on the
    /// invoices this letter claims without charging again (a handover, a call script, a
    /// reminder without a fee rule): business debts only, stated so that the letter gives
    /// what is owed at its date; not added to the fee. `None` when nothing accrued.
    fn interest_to_date(
        &self,
        lines: &[Candidate],
        charged: &FxHashSet<usize>,
        terms: fees::Terms<'_>,
    ) -> Option<Money> {
        let earlier: Vec<(Arrear, NaiveDate)> = lines
            .iter()
            .filter(|l| !charged.contains(&l.invoice))
            .filter_map(|l| {
                let since = self
                    .trail(l.invoice)
                    .charged
                    .iter()
                    .filter(|(id, _)| {
                        self.policy
                            .fees
                            .get(*id)
                            .is_some_and(|r| fees::bears_interest(r, terms))
                    })
                    .map(|(_, d)| *d)
                    .max()?;
                Some((self.arrear(l.invoice, l.balance, true), since))
            })
            .collect();
        if earlier.is_empty() {
            return None;
        }
        let due = fees::interest_since(&earlier, self.as_of, terms).amount;
        (!due.is_zero()).then_some(due)
    }

    /// Builds the action for step `k` covering `lines` (advanced) and `info` (listed).
    fn action(
        &self,
        k: usize,
        lines: &[Candidate],
        info: &[(usize, Money)],
    ) -> Result<Action, Vec<PolicyProblem>> {
        let p = self.p;
        let cust = &p.customers()[self.customer];
        let step = &self.process.steps[k];
        let as_of = self.as_of;
        let lang = self.renderer.language_for(&step.template, cust.language);
        let cur = p.currency();
        let days = |i: usize| (as_of - p.invoices()[i].due_date).num_days();

        // Fee: charged once per invoice and rule, under the law of the customer's debts;
        // consumers only after the free notice.
        let regime = self.law.as_ref().map_or(Regime::None, |l| l.1);
        let terms = self.terms.terms(regime);
        let rule: Option<(&str, &FeeRule)> = step
            .fee
            .as_deref()
            .and_then(|id| self.policy.fees.get_key_value(id))
            .map(|(k, r)| (k.as_str(), r));
        let mut fee = Fee::zero();
        let mut charged: FxHashSet<usize> = FxHashSet::default();
        if let Some((rule_id, rule)) = rule {
            let mut arrears = Vec::new();
            let mut earlier = Vec::new();
            for l in lines {
                let trail = self.trail(l.invoice);
                let inv_id = &p.invoices()[l.invoice].invoice_id;
                // In a grouped letter each invoice is charged only what its own step asks.
                let own = &self.process.steps[l.step];
                if own.fee.as_deref() != Some(rule_id) {
                    fee.notes.push(format!(
                        "{inv_id}: at {} its own step charges no {rule_id}",
                        own.name
                    ));
                    continue;
                }
                if let Some(&(_, since)) = trail.charged.iter().find(|(r, _)| *r == rule_id) {
                    if fees::bears_interest(rule, terms) {
                        let a = self.arrear(l.invoice, l.balance, true);
                        earlier.push((a, since));
                        charged.insert(l.invoice);
                    } else {
                        fee.notes
                            .push(format!("{rule_id} already charged on {inv_id}"));
                    }
                    continue;
                }
                if let Some(j) = consumer_gate(regime)
                    && !rule.is_free()
                {
                    match trail.first_notice {
                        None => {
                            fee.notes.push(format!(
                                "{inv_id}: a consumer must first get a free reminder after the due date stating the costs; none charged"
                            ));
                            continue;
                        }
                        Some((sent, ch)) => {
                            let from = costs_chargeable_from(j, sent, Delivery::from(ch));
                            if as_of < from {
                                fee.notes.push(format!(
                                    "{inv_id}: consumer costs may be charged from {from} (free reminder sent {sent}); none charged"
                                ));
                                continue;
                            }
                        }
                    }
                }
                arrears.push(self.arrear(
                    l.invoice,
                    l.balance,
                    matches!(rule, FeeRule::EuB2b { .. } | FeeRule::Statutory { .. }),
                ));
                charged.insert(l.invoice);
            }
            if !arrears.is_empty() {
                let mut f = fees::charge(rule, &arrears, as_of, terms);
                f.notes.splice(0..0, fee.notes.drain(..));
                fee = f;
            }
            if !earlier.is_empty() {
                fee = fee.merged(fees::interest_since(&earlier, as_of, terms));
            }
            if fee.amount.is_zero() {
                charged.clear();
            }
        }
        let rule_id = rule.map(|(id, _)| id.to_string());

        let mut out_lines: Vec<ActionLine> = lines
            .iter()
            .map(|l| ActionLine {
                invoice_id: p.invoices()[l.invoice].invoice_id.to_string(),
                due_date: p.invoices()[l.invoice].due_date,
                balance: round2(l.balance),
                days_overdue: days(l.invoice),
                level: l.step + 1,
                advanced: true,
                fee_rule: charged
                    .contains(&l.invoice)
                    .then(|| rule_id.clone())
                    .flatten(),
            })
            .collect();
        out_lines.extend(info.iter().map(|&(i, b)| ActionLine {
            invoice_id: p.invoices()[i].invoice_id.to_string(),
            due_date: p.invoices()[i].due_date,
            balance: round2(b),
            days_overdue: days(i),
            level: self.trail(i).level,
            advanced: false,
            fee_rule: None,
        }));
        let total: Money = out_lines.iter().map(|l| l.balance).sum();
        // The letter has been due since the first of its claims fell due.
        let due_since = lines.iter().map(|l| l.due_since).min().unwrap_or(as_of);

        let costs_if_unpaid = self.costs_if_unpaid(lines, &charged, terms);
        let interest_to_date = self.interest_to_date(lines, &charged, terms);

        // One invoice: the reference it is matched by when the money comes back
        // (`crate::cash`); several: the customer number, with each invoice's reference
        // on its line.
        let claimed: &[usize] = match (lines, info) {
            ([one], []) => std::slice::from_ref(&one.invoice),
            ([], [(i, _)]) => std::slice::from_ref(i),
            _ => &[],
        };
        let payment_reference =
            claim_reference(p, claimed, &cust.customer_id, self.policy.cash.reference);
        // One unambiguous deadline: a message that announces costs to a consumer asks for
        // payment by the last day of the statutory waiting period (HR 25-11-2016,
        // ECLI:NL:HR:2016:2704: no earlier date next to it), never sooner.
        let mut pay_by = plus(as_of, i64::from(step.pay_within_days));
        if costs_if_unpaid.is_some()
            && let Some(j) = consumer_gate(regime)
        {
            let from = costs_chargeable_from(j, as_of, Delivery::from(step.channel));
            pay_by = pay_by.max(from.pred_opt().unwrap_or(from));
        }
        let money = |m: Money| locale::money(m, cur, lang);
        let date = |d: NaiveDate| locale::date(d, lang);
        let mctx = MessageContext {
            customer: CustomerRef {
                id: &cust.customer_id,
                name: &cust.name,
            },
            creditor: &self.policy.creditor,
            invoices: lines
                .iter()
                .map(|l| (l.invoice, l.balance))
                .chain(info.iter().copied())
                .map(|(i, b)| {
                    let inv = &p.invoices()[i];
                    InvoiceLine {
                        id: inv.invoice_id.to_string(),
                        reference: printed_reference(inv, self.policy.cash.reference),
                        issue_date: date(inv.issue_date),
                        due_date: date(inv.due_date),
                        amount: money(inv.amount),
                        balance: money(b),
                        days_overdue: days(i),
                    }
                })
                .collect(),
            total: money(total),
            fees: money(fee.amount),
            fee_lines: fee
                .lines
                .iter()
                .filter(|l| !l.amount.is_zero())
                .map(|l| FeeLineText {
                    label: l.label.clone(),
                    amount: money(l.amount),
                })
                .collect(),
            total_due: money(total + fee.amount),
            credit: money(self.credit),
            costs_if_unpaid: costs_if_unpaid.map(money).unwrap_or_default(),
            interest_to_date: interest_to_date.map(money).unwrap_or_default(),
            pay_by: date(pay_by),
            payment_reference: payment_reference.clone(),
            step: StepRef {
                name: &step.name,
                level: k + 1,
                channel: step.channel.as_str(),
            },
            as_of: date(as_of),
            currency: cur,
        };
        let message = self
            .renderer
            .render(&step.template, lang, &mctx)
            .map_err(|e| {
                vec![PolicyProblem {
                    path: e.path,
                    message: e.message,
                }]
            })?;

        let mut reason = format!(
            "{}; {} (level {}) due since {due_since}",
            self.reason,
            step.name,
            k + 1
        );
        if lines.len() > 1 || !info.is_empty() {
            reason.push_str(&format!(
                "; one reminder for {} invoice(s) at the highest level due",
                out_lines.len()
            ));
        }
        if due_since < as_of {
            reason.push_str(&format!(
                "; caught up {} day(s) late",
                (as_of - due_since).num_days()
            ));
        }
        for l in lines {
            if let Some(n) = &l.note
                && !reason.contains(n.as_str())
            {
                reason.push_str("; ");
                reason.push_str(n);
            }
        }

        let mut h = Sha256::new();
        h.update(b"rappel-action-v1\n");
        for part in [
            cust.customer_id.as_str(),
            self.process.id.as_str(),
            step.name.as_str(),
        ] {
            h.update(part.as_bytes());
            h.update(b"\n");
        }
        h.update(due_since.to_string().as_bytes());
        for l in &out_lines {
            h.update(format!("\n{}:{}:{}", l.invoice_id, l.level, l.advanced).as_bytes());
        }
        let digest = h.finalize();
        let action_id: String = digest[..12].iter().map(|b| format!("{b:02x}")).collect();

        Ok(Action {
            action_id,
            date: as_of,
            customer_id: cust.customer_id.to_string(),
            customer_name: cust.name.clone(),
            process: self.process.id.clone(),
            step: step.name.clone(),
            level: k + 1,
            channel: step.channel,
            due_since,
            invoices: out_lines,
            total: round2(total),
            fee,
            fee_rule: rule_id,
            pay_by,
            payment_reference,
            language: lang,
            message,
            reason,
            kind: step.kind,
            law: self
                .law
                .clone()
                .map(|(country, regime)| ActionLaw { regime, country }),
        })
    }
}
