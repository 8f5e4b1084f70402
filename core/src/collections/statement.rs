//! The monthly account statement (seed 000): every open item of a customer, what falls
//! due in the next 30 days, unapplied cash, and totals — rendered as text and as HTML
//! (escaped) in the customer's language. Given the creditor's policy, each item carries
//! the payment reference cash application finds it by, and the overdue total comes with
//! the EPC069-12 QR code of its transfer ([`crate::cash::qr`]), so that the payment comes
//! back matched.

use chrono::{Days, NaiveDate};
use minijinja::{Environment, context};
use serde::{Deserialize, Serialize};

use crate::cash::index::{claim_reference, own_reference, printed_reference};
use crate::cash::qr::{Payee, TransferQr};
use crate::cash::reference::ReferenceKind;
use crate::collections::policy::Policy;
use crate::locale;
use crate::model::{Invoice, Language, Money, Portfolio, round2};

/// One open item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementLine {
    /// Invoice or credit note number.
    pub invoice_id: String,
    /// Issue date.
    pub issue_date: NaiveDate,
    /// Due date.
    pub due_date: NaiveDate,
    /// Original amount.
    pub amount: Money,
    /// Open balance.
    pub balance: Money,
    /// Days past due (negative: not yet due).
    pub days_overdue: i64,
    /// The reference to quote when paying it ([`PayTo`]); `None` without a policy and
    /// without a reference of its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_reference: Option<String>,
}

/// How the customer is asked to pay: to whom, and references in which form (the
/// policy's `[creditor]` and `[cash] reference`).
#[derive(Debug, Clone, Copy)]
pub struct PayTo<'a> {
    /// The creditor's account.
    pub payee: Payee<'a>,
    /// The form of derived references.
    pub reference: ReferenceKind,
}

impl<'a> PayTo<'a> {
    /// What `policy` says.
    pub fn of(policy: &'a Policy) -> PayTo<'a> {
        PayTo {
            payee: policy.payee(),
            reference: policy.cash.reference,
        }
    }
}

/// The reference printed for `inv`: the one cash application derives in the policy's
/// form, or without a policy only the invoice's own (a derived one in another form than
/// the policy's would not be found).
fn line_reference(inv: &Invoice, pay: Option<&PayTo<'_>>) -> Option<String> {
    match pay {
        Some(pay) => Some(printed_reference(inv, pay.reference)),
        None => own_reference(inv),
    }
}

/// A customer's statement at a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    /// Customer.
    pub customer_id: String,
    /// Name.
    pub name: String,
    /// Statement date.
    pub as_of: NaiveDate,
    /// Language used.
    pub language: Language,
    /// Open items (invoices with a balance, open credit notes), by due date.
    pub lines: Vec<StatementLine>,
    /// Unapplied cash on the account.
    pub unapplied: Money,
    /// Overdue total.
    pub overdue: Money,
    /// Falling due in the next 30 days.
    pub due_next_30_days: Money,
    /// Balance of the account: open items − unapplied cash.
    pub balance: Money,
    /// The transfer of the overdue total to the creditor, with its QR code: given a
    /// policy whose creditor has an IBAN, a portfolio in euros and something overdue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transfer: Option<TransferQr>,
    /// Rendered as plain text.
    pub text: String,
    /// Rendered as an HTML fragment.
    pub html: String,
}

/// Why a statement could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatementError {
    /// No such customer.
    UnknownCustomer(String),
}

impl std::fmt::Display for StatementError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StatementError::UnknownCustomer(c) => write!(f, "customer {c:?} does not exist"),
        }
    }
}

const TEXT: &str = "{{ l.title }} {{ name }} ({{ id }}) — {{ as_of }}\n\n{{ l.header }}\n{% for x in lines -%}\n{{ x.id }}  {{ x.issue }}  {{ x.due }}  {{ x.amount }}  {{ x.balance }}{% if x.days > 0 %}  {{ x.days }} {{ l.days }}{% endif %}{% if x.reference %}  {{ l.reference }} {{ x.reference }}{% endif %}\n{% endfor %}{% if not lines %}{{ l.none }}\n{% endif %}\n{{ l.unapplied }}: {{ unapplied }}\n{{ l.overdue }}: {{ overdue }}\n{{ l.next }}: {{ next }}\n{{ l.balance }}: {{ balance }}\n{% if transfer %}\n{{ l.pay }}: {{ transfer.amount }}, {{ transfer.iban }}, {{ l.reference }} {{ transfer.reference }}\n{% endif %}";
const HTML: &str = "<section class=\"statement\"><h2>{{ l.title }} {{ name }} ({{ id }}) — {{ as_of }}</h2><table><thead><tr>{% for h in l.cols %}<th>{{ h }}</th>{% endfor %}{% if references %}<th>{{ l.reference }}</th>{% endif %}</tr></thead><tbody>{% for x in lines %}<tr{% if x.days > 0 %} class=\"overdue\"{% endif %}><td>{{ x.id }}</td><td>{{ x.issue }}</td><td>{{ x.due }}</td><td>{{ x.amount }}</td><td>{{ x.balance }}</td><td>{% if x.days > 0 %}{{ x.days }}{% endif %}</td>{% if references %}<td>{{ x.reference }}</td>{% endif %}</tr>{% endfor %}</tbody></table><dl><dt>{{ l.unapplied }}</dt><dd>{{ unapplied }}</dd><dt>{{ l.overdue }}</dt><dd>{{ overdue }}</dd><dt>{{ l.next }}</dt><dd>{{ next }}</dd><dt>{{ l.balance }}</dt><dd>{{ balance }}</dd></dl>{% if transfer %}<figure class=\"transfer-qr\">{{ transfer.svg|safe }}<figcaption>{{ l.pay }}: {{ transfer.amount }}, {{ transfer.iban }}, {{ l.reference }} {{ transfer.reference }}</figcaption></figure>{% endif %}</section>";

#[derive(Serialize)]
struct Labels {
    title: &'static str,
    header: &'static str,
    cols: [&'static str; 6],
    days: &'static str,
    none: &'static str,
    unapplied: &'static str,
    overdue: &'static str,
    next: &'static str,
    balance: &'static str,
    reference: &'static str,
    pay: &'static str,
}

fn labels(lang: Language) -> Labels {
    match lang {
        Language::Nl => Labels {
            title: "Rekeningoverzicht",
            header: "factuur  datum  vervaldatum  bedrag  openstaand  dagen te laat",
            cols: [
                "factuur",
                "datum",
                "vervaldatum",
                "bedrag",
                "openstaand",
                "dagen te laat",
            ],
            days: "dagen te laat",
            none: "Geen openstaande posten.",
            unapplied: "Niet-toegewezen betalingen",
            overdue: "Vervallen",
            next: "Vervalt binnen 30 dagen",
            balance: "Saldo",
            reference: "ref.",
            pay: "Te betalen per overschrijving",
        },
        Language::Fr => Labels {
            title: "Relevé de compte",
            header: "facture  date  échéance  montant  solde  jours de retard",
            cols: [
                "facture",
                "date",
                "échéance",
                "montant",
                "solde",
                "jours de retard",
            ],
            days: "jours de retard",
            none: "Aucun poste ouvert.",
            unapplied: "Paiements non affectés",
            overdue: "Échu",
            next: "Échéant dans les 30 jours",
            balance: "Solde",
            reference: "réf.",
            pay: "À payer par virement",
        },
        Language::De => Labels {
            title: "Kontoauszug",
            header: "Rechnung  Datum  fällig  Betrag  offen  Tage überfällig",
            cols: [
                "Rechnung",
                "Datum",
                "fällig",
                "Betrag",
                "offen",
                "Tage überfällig",
            ],
            days: "Tage überfällig",
            none: "Keine offenen Posten.",
            unapplied: "Nicht zugeordnete Zahlungen",
            overdue: "Überfällig",
            next: "Fällig in den nächsten 30 Tagen",
            balance: "Saldo",
            reference: "Ref.",
            pay: "Per Überweisung zu zahlen",
        },
        Language::En => Labels {
            title: "Statement of account",
            header: "invoice  date  due  amount  open  days overdue",
            cols: ["invoice", "date", "due", "amount", "open", "days overdue"],
            days: "days overdue",
            none: "No open items.",
            unapplied: "Unapplied payments",
            overdue: "Overdue",
            next: "Falling due in the next 30 days",
            balance: "Balance",
            reference: "ref.",
            pay: "To pay by transfer",
        },
    }
}

/// The statement of customer `customer_id` at `as_of`, in the customer's language
/// (English when unknown) unless `language` is given; with `pay`, each item's payment
/// reference and the transfer of the overdue total with its QR code.
pub fn statement(
    p: &Portfolio,
    customer_id: &str,
    as_of: NaiveDate,
    language: Option<Language>,
    pay: Option<&PayTo<'_>>,
) -> Result<Statement, StatementError> {
    let c = p
        .customer_index(customer_id)
        .ok_or_else(|| StatementError::UnknownCustomer(customer_id.into()))?;
    let cust = &p.customers()[c];
    let lang = language.or(cust.language).unwrap_or(Language::En);
    let (open, lines) = open_lines(p, c, as_of, pay);
    let unapplied = p.unapplied_cash_at(c, as_of);
    let horizon = as_of.checked_add_days(Days::new(30)).unwrap_or(as_of);
    let overdue: Money = lines
        .iter()
        .filter(|l| l.days_overdue > 0)
        .map(|l| l.balance)
        .sum();
    let next: Money = lines
        .iter()
        .filter(|l| l.days_overdue <= 0 && l.due_date <= horizon)
        .map(|l| l.balance)
        .sum();
    let balance = lines.iter().map(|l| l.balance).sum::<Money>() - unapplied;
    // The overdue invoices (credit notes aside) are what the transfer pays.
    let claimed: Vec<usize> = open
        .iter()
        .zip(&lines)
        .filter(|(_, l)| l.days_overdue > 0 && l.balance > Money::ZERO)
        .map(|(&i, _)| i)
        .collect();
    let transfer = pay.filter(|_| overdue > Money::ZERO).and_then(|pay| {
        let reference = claim_reference(p, &claimed, &cust.customer_id, pay.reference);
        pay.payee
            .transfer(p.currency(), round2(overdue), &reference, 160)
    });
    let mut s = Statement {
        customer_id: cust.customer_id.to_string(),
        name: cust.name.clone(),
        as_of,
        language: lang,
        text: String::new(),
        html: String::new(),
        lines,
        unapplied: round2(unapplied),
        overdue: round2(overdue),
        due_next_30_days: round2(next),
        balance: round2(balance),
        transfer,
    };
    let iban = pay.map(|pay| pay.payee.iban).unwrap_or_default();
    (s.text, s.html) = render(&s, p.currency(), iban);
    Ok(s)
}

/// Customer `c`'s items with a balance at `as_of` (invoice indexes and lines), by due
/// date.
fn open_lines(
    p: &Portfolio,
    c: usize,
    as_of: NaiveDate,
    pay: Option<&PayTo<'_>>,
) -> (Vec<usize>, Vec<StatementLine>) {
    let mut open: Vec<(usize, StatementLine)> = p
        .invoices_of_customer(c)
        .iter()
        .map(|&i| i as usize)
        .filter(|&i| p.invoices()[i].issue_date <= as_of)
        .filter_map(|i| {
            let b = p.balance_at(i, as_of);
            let inv = &p.invoices()[i];
            (!b.is_zero()).then(|| {
                let line = StatementLine {
                    invoice_id: inv.invoice_id.to_string(),
                    issue_date: inv.issue_date,
                    due_date: inv.due_date,
                    amount: round2(inv.amount),
                    balance: round2(b),
                    days_overdue: (as_of - inv.due_date).num_days(),
                    payment_reference: line_reference(inv, pay),
                };
                (i, line)
            })
        })
        .collect();
    open.sort_by(|(_, a), (_, b)| (a.due_date, &a.invoice_id).cmp(&(b.due_date, &b.invoice_id)));
    open.into_iter().unzip()
}

/// The statement as text and as HTML, amounts in `currency`, the transfer to `iban`.
fn render(s: &Statement, currency: &str, iban: &str) -> (String, String) {
    let lang = s.language;
    let m = |x: Money| locale::money(x, currency, lang);
    let d = |x: NaiveDate| locale::date(x, lang);
    #[derive(Serialize)]
    struct Row {
        id: String,
        issue: String,
        due: String,
        amount: String,
        balance: String,
        days: i64,
        reference: Option<String>,
    }
    let rows: Vec<Row> = s
        .lines
        .iter()
        .map(|l| Row {
            id: l.invoice_id.clone(),
            issue: d(l.issue_date),
            due: d(l.due_date),
            amount: m(l.amount),
            balance: m(l.balance),
            days: l.days_overdue,
            reference: l.payment_reference.clone(),
        })
        .collect();
    let transfer = s.transfer.as_ref().map(|t| {
        context! { amount => m(t.amount), iban => iban, reference => &t.reference, svg => &t.svg }
    });
    let ctx = context! {
        l => labels(lang), name => &s.name, id => &s.customer_id, as_of => d(s.as_of),
        references => s.lines.iter().any(|l| l.payment_reference.is_some()),
        lines => rows, unapplied => m(s.unapplied), overdue => m(s.overdue),
        next => m(s.due_next_30_days), balance => m(s.balance), transfer => transfer,
    };
    let mut env = Environment::new();
    // The built-in templates are constants that compile; rendering them cannot fail.
    let _ = env.add_template("statement.txt", TEXT);
    let _ = env.add_template("statement.html", HTML);
    let render = |name: &str| {
        env.get_template(name)
            .and_then(|t| t.render(&ctx))
            .unwrap_or_default()
    };
    (render("statement.txt"), render("statement.html"))
}
