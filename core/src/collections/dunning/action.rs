//! What a dunning run returns: actions to take now, and items held back with the reason.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::collections::fees::Fee;
use crate::collections::law::{Country, Regime};
use crate::collections::policy::template::Message;
use crate::collections::policy::{Channel, StepKind};
use crate::model::{Language, Money};

/// One invoice covered by an action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionLine {
    /// Invoice number.
    pub invoice_id: String,
    /// Due date.
    pub due_date: NaiveDate,
    /// Open balance at the run date.
    pub balance: Money,
    /// Days past due at the run date.
    pub days_overdue: i64,
    /// Escalation level of the invoice after this action (1-based).
    pub level: usize,
    /// Whether this action moves the invoice to `level` (`false`: listed for
    /// information in a grouped reminder, its own level unchanged).
    pub advanced: bool,
    /// Fee rule charged on this invoice by this action, if any.
    #[serde(default)]
    pub fee_rule: Option<String>,
}

/// An action due at the run date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Action {
    /// Stable id: a hash of the customer, process, step, the date the step fell due and
    /// the invoices with their levels. The same inputs always give the same id.
    pub action_id: String,
    /// Run date.
    pub date: NaiveDate,
    /// Customer account.
    pub customer_id: String,
    /// Customer name.
    pub customer_name: String,
    /// Process id.
    pub process: String,
    /// Step name.
    pub step: String,
    /// Escalation level (1-based step number).
    pub level: usize,
    /// Channel.
    pub channel: Channel,
    /// Date the step fell due (earlier than `date` when the run catches up).
    pub due_since: NaiveDate,
    /// Invoices covered.
    pub invoices: Vec<ActionLine>,
    /// Sum of the balances covered.
    pub total: Money,
    /// Fee charged with this action.
    pub fee: Fee,
    /// Fee rule id, if the step has one.
    pub fee_rule: Option<String>,
    /// Date by which the customer is asked to pay.
    pub pay_by: NaiveDate,
    /// Payment reference quoted in the message.
    pub payment_reference: String,
    /// Language of the message.
    pub language: Language,
    /// Rendered message.
    pub message: Message,
    /// Why this action, in words (segmentation and trigger).
    pub reason: String,
    /// The step's stable kind, when the policy gives its steps kinds.
    pub kind: Option<StepKind>,
    /// The law that governs the customer's debts and decided what the action may
    /// charge; `None` when the policy names no creditor country.
    pub law: Option<ActionLaw>,
}

/// The law of a customer's debts, as shown on each action ([`Regime::applicable`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionLaw {
    /// `be-b2c`, `be-b2b`, `nl-b2c`, `nl-b2b`, `eu-b2b` or `none`.
    pub regime: Regime,
    /// The country whose law applies.
    pub country: Country,
}

/// Why something was held back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HoldReason {
    /// Customer in bankruptcy, moratorium or restructuring (WCO).
    Insolvent,
    /// Customer handed over to a collection partner.
    CollectionPartner,
    /// The invoice is disputed.
    Dispute,
    /// The invoice is covered by a payment plan that is kept.
    PaymentPlan,
    /// A promise to pay is pending.
    Promise,
    /// The balance is below the step's minimum amount.
    BelowMinimum,
    /// No segmentation rule matches the customer.
    NoProcess,
}

impl HoldReason {
    /// The spelling used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            HoldReason::Insolvent => "insolvent",
            HoldReason::CollectionPartner => "collection_partner",
            HoldReason::Dispute => "dispute",
            HoldReason::PaymentPlan => "payment_plan",
            HoldReason::Promise => "promise",
            HoldReason::BelowMinimum => "below_minimum",
            HoldReason::NoProcess => "no_process",
        }
    }
}

/// An item that would otherwise have had an action now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeldItem {
    /// Customer account.
    pub customer_id: String,
    /// Invoice, or `None` when the whole account is held.
    pub invoice_id: Option<String>,
    /// Open balance held (the account's overdue total for a customer-level hold).
    pub balance: Money,
    /// Reason code.
    pub reason: HoldReason,
    /// The particulars (dispute, plan, promise date…); [`HoldDetail::text`](super::HoldDetail::text) writes them
    /// out in a language.
    #[serde(deserialize_with = "crate::wire::kind")]
    pub detail: super::HoldDetail,
    /// Step that was held back, when one was due.
    pub step: Option<String>,
    /// Date until which the hold runs, when it has an end.
    pub until: Option<NaiveDate>,
}

/// Totals of a run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunSummary {
    /// Number of actions.
    pub actions: usize,
    /// Actions per channel, in channel order.
    pub by_channel: Vec<(Channel, usize)>,
    /// Number of invoices advanced.
    pub invoices_advanced: usize,
    /// Sum of balances covered by actions (each invoice once).
    pub amount_covered: Money,
    /// Sum of fees charged.
    pub fees: Money,
    /// Number of held items.
    pub held: usize,
}

/// The result of a dunning run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunReport {
    /// Run date.
    pub as_of: NaiveDate,
    /// Policy name.
    pub policy: String,
    /// Actions due now, sorted by customer id then level then action id.
    pub actions: Vec<Action>,
    /// Held items, sorted by customer id then invoice id.
    pub held: Vec<HeldItem>,
    /// Totals.
    pub summary: RunSummary,
}
