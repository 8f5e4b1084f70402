//! The policy document: what a consultant edits and the engine runs (DESIGN.md,
//! "Policy is data"). TOML or JSON; unknown fields are refused so that a typo never
//! silently changes nothing.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::acceptance::Acceptance;
use crate::collections::fees::FeeRule;
use crate::collections::fees::interest::RateTable;
use crate::collections::law::{Country, Regime};
use crate::model::{Language, Money, Sector};

/// The policy format version this engine reads.
pub const POLICY_VERSION: u32 = 1;

/// A credit-management policy: segmentation, dunning processes, templates, fee rules
/// and hold rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// Format version of the document; must be [`POLICY_VERSION`].
    pub version: u32,
    /// Name shown in reports.
    pub name: String,
    /// Free description.
    #[serde(default)]
    pub description: String,
    /// The creditor, as named in messages.
    #[serde(default)]
    pub creditor: Creditor,
    /// Language used when a customer has none, or a template lacks the customer's.
    pub default_language: Language,
    /// How customers are put into risk classes.
    pub risk: RiskModel,
    /// Rules from customer to dunning process; the first matching rule wins.
    pub segmentation: Vec<SegmentRule>,
    /// Dunning processes.
    pub processes: Vec<Process>,
    /// Message templates: template id → language → template.
    pub templates: BTreeMap<String, BTreeMap<Language, Template>>,
    /// Fee rules by id, referred to by steps.
    #[serde(default)]
    pub fees: BTreeMap<String, FeeRule>,
    /// Interest rates for `eu_b2b` fees, replacing the statutory table of the debt's law
    /// ([`crate::collections::fees::lawful::interest_terms`]); default: the statutory one.
    #[serde(default)]
    pub interest_rates: Option<RateTable>,
    /// Interest tables for single regimes (`be-b2b = [...]`), replacing that regime's
    /// statutory table (and `interest_rates`) — e.g. a rate a court or a new publication
    /// sets before the engine's tables have it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub interest_tables: BTreeMap<Regime, RateTable>,
    /// What statutory collection costs or damages (WIK, Book XIX, the Belgian B2B
    /// damages) are computed on when one letter claims several invoices of a business:
    /// their sum (`per_claim`, default) or each invoice alone (`per_invoice`).
    /// Consumers: always their sum (Besluit BIK art. 2 lid 1; Book XIX CEL).
    #[serde(default)]
    pub costs_basis: CostsBasis,
    /// How disputes, payment plans and promises hold dunning.
    #[serde(default)]
    pub holds: HoldRules,
    /// How a customer's unapplied cash and open credit notes count before anything is
    /// claimed.
    #[serde(default)]
    pub credit_netting: CreditNetting,
    /// How the collector's worklist is scored.
    #[serde(default)]
    pub worklist: WorklistWeights,
    /// Credit acceptance scorecard (absent: no acceptance rules; `rappel accept` and the
    /// simulator's acceptance lever need one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acceptance: Option<Acceptance>,
    /// Payment terms and credit limits applied to new invoices (used by the scenario
    /// simulator; absent: invoices keep their own terms and limits are not enforced).
    #[serde(default, skip_serializing_if = "CreditTerms::is_default")]
    pub credit: CreditTerms,
    /// Cash application of bank statements: reference form, auto-apply threshold,
    /// tolerance (`[cash]`; absent: the defaults of [`crate::cash::rules::CashRules`]).
    #[serde(default, skip_serializing_if = "is_default_cash")]
    pub cash: crate::cash::rules::CashRules,
}

fn is_default_cash(c: &crate::cash::rules::CashRules) -> bool {
    *c == crate::cash::rules::CashRules::default()
}

/// Payment terms and credit limits of the policy (seed 003: "passende betaalvoorwaarden
/// kiezen per categorie, vastleggen van limieten").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreditTerms {
    /// Payment terms in days for new invoices; absent: each invoice's own terms.
    #[serde(default)]
    pub payment_terms_days: Option<u32>,
    /// Refuse an order that would take the customer over its credit limit (DOMAIN.md
    /// §4); default false.
    #[serde(default)]
    pub enforce_limits: bool,
    /// Credit limits are the customers' limits × this percentage (default 100).
    #[serde(default = "hundred")]
    pub limit_percent: Decimal,
    /// Apply the acceptance scorecard to existing customers too (a credit review), not
    /// only to newcomers; default false.
    #[serde(default)]
    pub review_existing: bool,
}

fn hundred() -> Decimal {
    Decimal::ONE_HUNDRED
}

impl Default for CreditTerms {
    fn default() -> Self {
        CreditTerms {
            payment_terms_days: None,
            enforce_limits: false,
            limit_percent: hundred(),
            review_existing: false,
        }
    }
}

impl CreditTerms {
    /// Whether these are the defaults (then they are left out of a written policy).
    pub fn is_default(&self) -> bool {
        *self == CreditTerms::default()
    }
}

/// Who sends the messages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Creditor {
    /// Company name.
    #[serde(default)]
    pub name: String,
    /// IBAN for payments.
    #[serde(default)]
    pub iban: String,
    /// Contact e-mail or phone.
    #[serde(default)]
    pub contact: String,
    /// The creditor's country (ISO 3166-1 alpha-2): the law of business debts unless a
    /// contract chose another, and a customer's country when `customers.csv` has none.
    /// Needed as soon as a step charges anything.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<Country>,
    /// VAT number, as printed on letters.
    #[serde(default)]
    pub vat_number: String,
    /// BIC of the account, as printed on letters.
    #[serde(default)]
    pub bic: String,
    /// Whether the creditor reclaims the VAT on its collection costs (default true); only
    /// a creditor that cannot may add VAT to WIK costs (`vat_percent`).
    #[serde(default = "reclaims")]
    pub vat_reclaimable: bool,
    /// Contract clauses choosing the law of business debts, per customer segment
    /// (`"key accounts" = "NL"`): Rome I art. 3; consumers keep their own law (art. 6).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub contract_law: BTreeMap<String, Country>,
}

fn reclaims() -> bool {
    true
}

impl Default for Creditor {
    fn default() -> Creditor {
        Creditor {
            name: String::new(),
            iban: String::new(),
            contact: String::new(),
            country: None,
            vat_number: String::new(),
            bic: String::new(),
            vat_reclaimable: true,
            contract_law: BTreeMap::new(),
        }
    }
}

/// Risk classes from internal payment history and an optional external score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiskModel {
    /// How far back payment history counts, in months (default 12).
    #[serde(default = "twelve")]
    pub lookback_months: u32,
    /// Fewer settled or overdue invoices than this in the window means "no history"
    /// (default 3).
    #[serde(default = "three")]
    pub min_invoices: u32,
    /// Classes, best first; a customer gets the first class whose conditions hold.
    pub classes: Vec<RiskClass>,
    /// Class of customers without enough history.
    pub no_history_class: String,
}

fn twelve() -> u32 {
    12
}
fn three() -> u32 {
    3
}

/// One risk class. All conditions given must hold; a class without conditions takes
/// everyone who reaches it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiskClass {
    /// Label (`A`, `B`, `green`, …).
    pub name: String,
    /// At most this many amount-weighted average days late.
    #[serde(default)]
    pub max_avg_days_late: Option<Decimal>,
    /// At least this external score. A customer without a score is judged on internal
    /// history alone (the condition is not applied).
    #[serde(default)]
    pub min_external_score: Option<Decimal>,
}

/// Where a customer stands in its life with us (seed 004).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lifecycle {
    /// Account opened, nothing invoiced yet.
    Inflow,
    /// First invoice less than 3 months ago.
    New,
    /// Everyone else in normal standing.
    Existing,
    /// Deliveries stopped (status column).
    DeliveryStopped,
    /// Handed over to a collection partner (status column).
    CollectionPartner,
}

impl Lifecycle {
    /// The spelling used in policies and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Lifecycle::Inflow => "inflow",
            Lifecycle::New => "new",
            Lifecycle::Existing => "existing",
            Lifecycle::DeliveryStopped => "delivery_stopped",
            Lifecycle::CollectionPartner => "collection_partner",
        }
    }
}

/// A segmentation rule: conditions (each list empty = any) → a dunning process.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SegmentRule {
    /// Optional label shown in reasons.
    #[serde(default)]
    pub name: Option<String>,
    /// Sectors that match.
    #[serde(default)]
    pub sectors: Vec<Sector>,
    /// Risk classes that match.
    #[serde(default)]
    pub risk_classes: Vec<String>,
    /// Lifecycle segments that match.
    #[serde(default)]
    pub lifecycles: Vec<Lifecycle>,
    /// Consumers only (`true`) or businesses only (`false`).
    #[serde(default)]
    pub b2c: Option<bool>,
    /// Segment labels (the `segment` column) that match.
    #[serde(default)]
    pub segments: Vec<String>,
    /// The process for customers that match.
    pub process: String,
}

impl SegmentRule {
    /// Whether the rule has no condition at all.
    pub fn is_catch_all(&self) -> bool {
        self.sectors.is_empty()
            && self.risk_classes.is_empty()
            && self.lifecycles.is_empty()
            && self.b2c.is_none()
            && self.segments.is_empty()
    }
}

/// How unapplied cash and open credit notes are set against a customer's invoices
/// before a run claims anything (an account whose net overdue balance is below a step's
/// minimum gets no letter and no cost either way).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CreditNetting {
    /// Against the oldest invoices first: a covered invoice is not claimed, a partly
    /// covered one is claimed for the rest (default).
    #[default]
    OldestFirst,
    /// Invoices keep their balances; the letter shows the credit as available
    /// (`credit` in templates).
    ShowAsCredit,
}

/// What statutory costs are computed on when a letter claims several invoices
/// ([`Policy::costs_basis`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CostsBasis {
    /// The sum of the invoices the letter claims: one claim (default).
    #[default]
    PerClaim,
    /// Each invoice alone (businesses only; a consumer's costs are always per claim).
    PerInvoice,
}

/// What to do when a run finds several levels of an invoice due at once (a missed day).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CatchUp {
    /// Send only the next level; later levels follow with their own spacing (default).
    #[default]
    NextLevel,
    /// Send every sending that is due, in one run: the letter at the highest level due
    /// (it claims the invoices of the levels it passes) and the call, statement, stop
    /// on deliveries or handover due beside it.
    AllDueLevels,
}

/// A dunning process: ordered escalation steps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Process {
    /// Unique id, referred to by segmentation rules.
    pub id: String,
    /// Free description.
    #[serde(default)]
    pub description: String,
    /// Behaviour after a missed run.
    #[serde(default)]
    pub catch_up: CatchUp,
    /// Steps, in escalation order (offsets strictly increasing).
    pub steps: Vec<Step>,
}

/// How a step reaches the customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// E-mail.
    Email,
    /// Letter by post.
    Letter,
    /// Text message with a pay link.
    Sms,
    /// WhatsApp message with a pay link.
    Whatsapp,
    /// A task for a collector to call.
    PhoneTask,
    /// An account statement.
    Statement,
    /// Handover to the collection partner.
    Handover,
    /// Stop deliveries to the customer.
    StopDelivery,
}

impl Channel {
    /// All channels, in a fixed order.
    pub const ALL: [Channel; 8] = [
        Channel::Email,
        Channel::Letter,
        Channel::Sms,
        Channel::Whatsapp,
        Channel::PhoneTask,
        Channel::Statement,
        Channel::Handover,
        Channel::StopDelivery,
    ];

    /// The spelling used in policies, history and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Letter => "letter",
            Channel::Sms => "sms",
            Channel::Whatsapp => "whatsapp",
            Channel::PhoneTask => "phone_task",
            Channel::Statement => "statement",
            Channel::Handover => "handover",
            Channel::StopDelivery => "stop_delivery",
        }
    }

    /// Parses the policy spelling.
    pub fn parse(s: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// Whether a message reaches the customer through this channel (and so can be the
    /// free reminder consumer law asks for).
    pub fn informs_customer(self) -> bool {
        matches!(
            self,
            Channel::Email
                | Channel::Letter
                | Channel::Sms
                | Channel::Whatsapp
                | Channel::Statement
        )
    }
}

/// One escalation step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Name shown in reports (`friendly reminder`).
    pub name: String,
    /// Days relative to the due date (negative: before it).
    pub offset_days: i32,
    /// Channel.
    pub channel: Channel,
    /// Template id in [`Policy::templates`].
    pub template: String,
    /// Fee rule id in [`Policy::fees`]; absent: no fee.
    #[serde(default)]
    pub fee: Option<String>,
    /// No action below this balance: the net total of the invoices the action claims.
    #[serde(default)]
    pub min_amount: Money,
    /// Also list the customer's other overdue invoices, for information, in the letter
    /// this step sends. (A run always sends a customer one letter at the highest level
    /// due, claiming every invoice due for a step of its kind of sending; this adds
    /// the ones not due for a step.)
    #[serde(default)]
    pub group: bool,
    /// The message asks for payment within this many days (default 7).
    #[serde(default = "seven")]
    pub pay_within_days: u32,
    /// What the step is in the escalation, the same in every process: a customer whose
    /// process changes (a new risk class) continues after the most severe kind already
    /// sent, never gets a kind twice and never skips a final notice. Absent: the step's
    /// position in its process counts (every step of a process has a kind, or none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<StepKind>,
}

/// The stable kind of a dunning step. Letters climb a ladder (pre-due < friendly < firm
/// < final < handover); phone tasks, statements and stops on deliveries go beside it,
/// once each, after the letter they follow in their process.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    /// A gentle reminder before the due date.
    PreDue,
    /// The first reminder after the due date (for a consumer: the free one).
    Friendly,
    /// A firmer reminder.
    Firm,
    /// The final notice: announces costs and handover.
    Final,
    /// Handover to the collection partner.
    Handover,
    /// A collector's call.
    Phone,
    /// An account statement.
    Statement,
    /// Deliveries stopped.
    StopDelivery,
}

impl StepKind {
    /// The rung of a letter on the ladder; `None` for the kinds beside it.
    pub fn rung(self) -> Option<u8> {
        match self {
            StepKind::PreDue => Some(0),
            StepKind::Friendly => Some(1),
            StepKind::Firm => Some(2),
            StepKind::Final => Some(3),
            StepKind::Handover => Some(4),
            StepKind::Phone | StepKind::Statement | StepKind::StopDelivery => None,
        }
    }
}

fn seven() -> u32 {
    7
}

/// A message template (minijinja syntax; see the README for the variables).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    /// Subject line (e-mail, letter heading); may be empty for SMS and tasks.
    #[serde(default)]
    pub subject: String,
    /// Message body.
    pub body: String,
}

/// Rules for holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HoldRules {
    /// Days after a promise's pay-by date before dunning resumes (default 3).
    #[serde(default = "three")]
    pub promise_grace_days: u32,
    /// Days after an instalment's due date before it counts as missed (default 5).
    #[serde(default = "five")]
    pub instalment_grace_days: u32,
    /// Step name to jump to when a payment plan is broken (it must exist in every
    /// process); absent: the schedule resumes at the next level.
    #[serde(default)]
    pub missed_instalment_step: Option<String>,
}

fn five() -> u32 {
    5
}

impl Default for HoldRules {
    fn default() -> Self {
        HoldRules {
            promise_grace_days: 3,
            instalment_grace_days: 5,
            missed_instalment_step: None,
        }
    }
}

/// Weights of the collector's worklist score (see [`crate::collections::worklist`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorklistWeights {
    /// Points per factor of ten in overdue amount (default 10: €1,000 → 30 points).
    #[serde(default = "ten")]
    pub amount: Decimal,
    /// Points per 10 days of the oldest overdue item (default 5), at most 50 points.
    #[serde(default = "five_dec")]
    pub age: Decimal,
    /// Points per broken promise in the lookback window (default 15).
    #[serde(default = "fifteen")]
    pub broken_promise: Decimal,
    /// Points per day beyond the customer's own usual payment day (default 2), at most
    /// 40 points.
    #[serde(default = "two")]
    pub habit_deviation: Decimal,
    /// Factor applied when the customer has an open dispute or a pending promise
    /// (default 0.5).
    #[serde(default = "half")]
    pub deprioritise: Decimal,
}

fn ten() -> Decimal {
    Decimal::from(10)
}
fn five_dec() -> Decimal {
    Decimal::from(5)
}
fn fifteen() -> Decimal {
    Decimal::from(15)
}
fn two() -> Decimal {
    Decimal::from(2)
}
fn half() -> Decimal {
    Decimal::new(5, 1)
}

impl Default for WorklistWeights {
    fn default() -> Self {
        WorklistWeights {
            amount: ten(),
            age: five_dec(),
            broken_promise: fifteen(),
            habit_deviation: two(),
            deprioritise: half(),
        }
    }
}
