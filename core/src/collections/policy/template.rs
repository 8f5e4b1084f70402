//! Message templates: compiled with minijinja (during a run each one when it is first
//! needed: a run on a few customers uses a handful of a policy's dozens of templates),
//! rendered per action in the customer's language (falling back to the policy's default
//! language).
//!
//! Variables (all amounts and dates already formatted for the reader's language):
//! `customer.id`, `customer.name`, `creditor.name`, `creditor.iban`, `creditor.contact`,
//! `invoices` (each with `id`, `reference` (the OGM or RF to quote), `issue_date`, `due_date`, `amount`, `balance`,
//! `days_overdue`), `total`, `fees`, `fee_lines` (each `label`, `amount`), `total_due`, `credit`,
//! `costs_if_unpaid`, `interest_to_date`, `pay_by`, `payment_reference`, `step.name`, `step.level`,
//! `step.channel`, `as_of`, `currency`. An unknown variable is an error, caught when
//! the policy is validated.

use std::cell::RefCell;

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

/// The policy's templates, compiled: all at once ([`Renderer::new`], to check a policy)
/// or each when first rendered ([`Renderer::lazy`], for a run).
pub struct Renderer<'p> {
    policy: &'p Policy,
    /// The templates compiled so far (all of them after [`Renderer::new`]).
    env: RefCell<Environment<'static>>,
}

impl std::fmt::Debug for Renderer<'_> {
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

impl<'p> Renderer<'p> {
    /// Compiles every template of `policy`; returns every template that does not
    /// compile.
    pub fn new(policy: &'p Policy) -> Result<Renderer<'p>, Vec<TemplateError>> {
        let r = Renderer::lazy(policy);
        let mut errors = Vec::new();
        for (id, langs) in &policy.templates {
            for lang in langs.keys() {
                for part in ["subject", "body"] {
                    if let Err(e) = r.compile(id, *lang, part) {
                        errors.push(e);
                    }
                }
            }
        }
        if errors.is_empty() {
            Ok(r)
        } else {
            Err(errors)
        }
    }

    /// Compiles nothing yet: each template when it is first rendered. For a policy
    /// already checked (every policy read with [`super::parse`] is); a template that
    /// does not compile is the error of the render that needs it.
    pub fn lazy(policy: &'p Policy) -> Renderer<'p> {
        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        Renderer {
            policy,
            env: RefCell::new(env),
        }
    }

    /// Compiles part `part` of template `id` in `lang` unless it is compiled already.
    fn compile(&self, id: &str, lang: Language, part: &str) -> Result<(), TemplateError> {
        let k = key(id, lang, part);
        if self.env.borrow().get_template(&k).is_ok() {
            return Ok(());
        }
        let path = format!("templates.{id}.{}.{part}", lang.as_str());
        let t = (self.policy.templates.get(id)).and_then(|langs| langs.get(&lang));
        let Some(t) = t else {
            return Err(TemplateError {
                path,
                message: "no such template".into(),
            });
        };
        let src = if part == "subject" {
            &t.subject
        } else {
            &t.body
        };
        (self.env.borrow_mut())
            .add_template_owned(k, src.clone())
            .map_err(|e| TemplateError {
                path,
                message: describe(&e),
            })
    }

    /// The language a message to a reader of `wanted` is written in: `wanted` when the
    /// template exists in it, else the policy's default language.
    pub fn language_for(&self, template: &str, wanted: Option<Language>) -> Language {
        let exists = |l: Language| {
            (self.policy.templates.get(template)).is_some_and(|langs| langs.contains_key(&l))
        };
        match wanted {
            Some(l) if exists(l) => l,
            _ => self.policy.default_language,
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
            self.compile(id, lang, p)?;
            let err = |e: minijinja::Error| TemplateError {
                path: format!("templates.{id}.{}.{p}", lang.as_str()),
                message: describe(&e),
            };
            let env = self.env.borrow();
            env.get_template(&key(id, lang, p))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::collections::policy::{PolicyFormat, parse};

    #[test]
    fn templates_compiled_when_first_needed_render_as_those_compiled_at_once() {
        for text in [
            include_str!("../../../../examples/policies/wholesale.toml"),
            include_str!("../../../../examples/policies/small-business.toml"),
        ] {
            let policy = parse(text, PolicyFormat::Toml).unwrap();
            let eager = Renderer::new(&policy).unwrap();
            let lazy = Renderer::lazy(&policy);
            let ctx = sample_context(&policy.creditor);
            let mut rendered = 0;
            for (id, langs) in &policy.templates {
                for lang in [Language::Nl, Language::Fr, Language::En] {
                    let l = eager.language_for(id, Some(lang));
                    assert_eq!(lazy.language_for(id, Some(lang)), l, "{id}");
                    assert!(langs.contains_key(&l) || l == policy.default_language);
                    assert_eq!(lazy.render(id, l, &ctx), eager.render(id, l, &ctx), "{id}");
                    rendered += 1;
                }
            }
            assert!(rendered >= 3, "{rendered}");
        }
    }

    #[test]
    fn a_template_that_does_not_compile_is_the_error_of_the_render_that_needs_it() {
        let text = include_str!("../../../../examples/policies/wholesale.toml");
        let mut policy = parse(text, PolicyFormat::Toml).unwrap();
        let (id, langs) = policy.templates.iter_mut().next().unwrap();
        let id = id.clone();
        let (lang, t) = langs.iter_mut().next().unwrap();
        let lang = *lang;
        t.body = "{% if %}".into();
        // Checking the policy finds it; a run compiles it only when a message needs it.
        let errors = Renderer::new(&policy).unwrap_err();
        let path = format!("templates.{id}.{}.body", lang.as_str());
        assert_eq!(errors.iter().map(|e| &e.path).collect::<Vec<_>>(), [&path]);
        let lazy = Renderer::lazy(&policy);
        let e = lazy
            .render(&id, lang, &sample_context(&policy.creditor))
            .unwrap_err();
        assert_eq!(e.path, path);
        assert!(e.message.contains("syntax error"), "{}", e.message);
        let missing = lazy.render("no-such", lang, &sample_context(&policy.creditor));
        assert_eq!(missing.unwrap_err().message, "no such template");
    }
}
