//! Message templates: compiled once per run with minijinja, rendered per action in the
//! customer's language (falling back to the policy's default language).
//!
//! Variables (all amounts and dates already formatted for the reader's language):
//! `customer.id`, `customer.name`, `creditor.name`, `creditor.iban`, `creditor.contact`,
//! `invoices` (each with `id`, `reference` (the OGM or RF to quote), `issue_date`, `due_date`, `amount`, `balance`,
//! `days_overdue`), `total`, `fees`, `fee_lines` (each `label`, `amount`), `total_due`, `credit`,
//! `costs_if_unpaid`, `interest_to_date`, `pay_by`, `payment_reference`, `step.name`, `step.level`,
//! `step.channel`, `as_of`, `currency`. An unknown variable is an error, caught when
//! the policy is validated.

use minijinja::{Environment, UndefinedBehavior};
use serde::{Deserialize, Serialize};

use super::document::{Creditor, Policy};
use crate::model::Language;

/// The data a template sees.
#[derive(Debug, Clone, Serialize)]
pub struct MessageContext<'a> {
    /// The customer.
    pub customer: CustomerRef<'a>,
    /// The creditor (from the policy).
    pub creditor: &'a Creditor,
    /// The invoices the message is about.
    pub invoices: Vec<InvoiceLine>,
    /// Sum of their balances.
    pub total: String,
    /// Fee charged with this message.
    pub fees: String,
    /// Components of the fee.
    pub fee_lines: Vec<FeeLineText>,
    /// Total plus fee.
    pub total_due: String,
    /// The customer's unapplied cash and open credit notes not set against an invoice
    /// (with `credit_netting = "show_as_credit"`, all of it).
    pub credit: String,
    /// What the next charging step would cost (for the NL 14-day letter, which must
    /// state it); empty when no later step charges.
    pub costs_if_unpaid: String,
    /// Statutory interest accrued since the last letter that charged it on the invoices
    /// this message claims without charging it again (business debts); empty when none.
    pub interest_to_date: String,
    /// Date by which to pay.
    pub pay_by: String,
    /// Reference to quote with the payment.
    pub payment_reference: String,
    /// The step.
    pub step: StepRef<'a>,
    /// Date of the run.
    pub as_of: String,
    /// ISO currency code.
    pub currency: &'a str,
}

/// Customer fields a template sees.
#[derive(Debug, Clone, Serialize)]
pub struct CustomerRef<'a> {
    /// Account number.
    pub id: &'a str,
    /// Name.
    pub name: &'a str,
}

/// Step fields a template sees.
#[derive(Debug, Clone, Serialize)]
pub struct StepRef<'a> {
    /// Step name.
    pub name: &'a str,
    /// Escalation level, 1-based.
    pub level: usize,
    /// Channel spelling.
    pub channel: &'a str,
}

/// One invoice as a template sees it.
#[derive(Debug, Clone, Serialize)]
pub struct InvoiceLine {
    /// Invoice number.
    pub id: String,
    /// The payment reference to quote for it (an OGM or RF the engine matches).
    pub reference: String,
    /// Issue date.
    pub issue_date: String,
    /// Due date.
    pub due_date: String,
    /// Original amount.
    pub amount: String,
    /// Open balance.
    pub balance: String,
    /// Days past due (negative: not yet due).
    pub days_overdue: i64,
}

/// One fee component as a template sees it.
#[derive(Debug, Clone, Serialize)]
pub struct FeeLineText {
    /// Label.
    pub label: String,
    /// Amount.
    pub amount: String,
}

/// A rendered message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    /// Language actually used.
    pub language: Language,
    /// Subject line.
    pub subject: String,
    /// Body text.
    pub body: String,
}

/// The policy's templates, compiled.
pub struct Renderer {
    env: Environment<'static>,
    default_language: Language,
}

impl std::fmt::Debug for Renderer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Renderer").finish_non_exhaustive()
    }
}

fn key(id: &str, lang: Language, part: &str) -> String {
    format!("{id}/{}/{part}", lang.as_str())
}

/// A template that failed to compile or render, with its policy path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    /// `templates.<id>.<lang>.<subject|body>`.
    pub path: String,
    /// What minijinja said, with the line.
    pub message: String,
}

fn describe(e: &minijinja::Error) -> String {
    let mut s = match e.detail() {
        Some(d) => format!("{}: {d}", e.kind()),
        None => e.kind().to_string(),
    };
    if let Some(line) = e.line() {
        s.push_str(&format!(" (line {line})"));
    }
    s
}

impl Renderer {
    /// Compiles every template of `policy`; returns every template that does not
    /// compile.
    pub fn new(policy: &Policy) -> Result<Renderer, Vec<TemplateError>> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        let mut errors = Vec::new();
        for (id, langs) in &policy.templates {
            for (lang, t) in langs {
                for (part, src) in [("subject", &t.subject), ("body", &t.body)] {
                    if let Err(e) = env.add_template_owned(key(id, *lang, part), src.clone()) {
                        errors.push(TemplateError {
                            path: format!("templates.{id}.{}.{part}", lang.as_str()),
                            message: describe(&e),
                        });
                    }
                }
            }
        }
        if errors.is_empty() {
            Ok(Renderer {
                env,
                default_language: policy.default_language,
            })
        } else {
            Err(errors)
        }
    }

    /// The language a message to a reader of `wanted` is written in: `wanted` when the
    /// template exists in it, else the policy's default language.
    pub fn language_for(&self, template: &str, wanted: Option<Language>) -> Language {
        match wanted {
            Some(l) if self.env.get_template(&key(template, l, "body")).is_ok() => l,
            _ => self.default_language,
        }
    }

    /// Renders template `id` in `lang` (which must come from [`Renderer::language_for`]).
    pub fn render(
        &self,
        id: &str,
        lang: Language,
        ctx: &MessageContext<'_>,
    ) -> Result<Message, TemplateError> {
        let part = |p: &str| -> Result<String, TemplateError> {
            let k = key(id, lang, p);
            let err = |e: minijinja::Error| TemplateError {
                path: format!("templates.{id}.{}.{p}", lang.as_str()),
                message: describe(&e),
            };
            self.env
                .get_template(&k)
                .map_err(err)?
                .render(ctx)
                .map_err(err)
        };
        Ok(Message {
            language: lang,
            subject: part("subject")?,
            body: part("body")?,
        })
    }
}

/// A context with every variable filled in, to check templates for unknown variables.
pub fn sample_context(creditor: &Creditor) -> MessageContext<'_> {
    let line = |id: &str, days| InvoiceLine {
        id: id.into(),
        reference: "+++000/0000/00101+++".into(),
        issue_date: "01-03-2026".into(),
        due_date: "31-03-2026".into(),
        amount: "€ 1.000,00".into(),
        balance: "€ 800,00".into(),
        days_overdue: days,
    };
    MessageContext {
        customer: CustomerRef {
            id: "C1",
            name: "Sample BV",
        },
        creditor,
        invoices: vec![line("F1", 10), line("F2", 3)],
        total: "€ 1.600,00".into(),
        fees: "€ 0,00".into(),
        fee_lines: vec![FeeLineText {
            label: "fee".into(),
            amount: "€ 0,00".into(),
        }],
        total_due: "€ 1.600,00".into(),
        credit: "€ 0,00".into(),
        costs_if_unpaid: "€ 240,00".into(),
        interest_to_date: "€ 12,34".into(),
        pay_by: "17-04-2026".into(),
        payment_reference: "F1".into(),
        step: StepRef {
            name: "reminder",
            level: 1,
            channel: "email",
        },
        as_of: "10-04-2026".into(),
        currency: "EUR",
    }
}
