//! The monthly account statement (seed 000): every open item of a customer, what falls
//! due in the next 30 days, unapplied cash, and totals — rendered as text and as HTML
//! (escaped) in the customer's language.

use chrono::{Days, NaiveDate};
use minijinja::{Environment, context};
use serde::{Deserialize, Serialize};

use crate::locale;
use crate::model::{Language, Money, Portfolio, round2};

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

const TEXT: &str = "{{ l.title }} {{ name }} ({{ id }}) — {{ as_of }}\n\n{{ l.header }}\n{% for x in lines -%}\n{{ x.id }}  {{ x.issue }}  {{ x.due }}  {{ x.amount }}  {{ x.balance }}{% if x.days > 0 %}  {{ x.days }} {{ l.days }}{% endif %}\n{% endfor %}{% if not lines %}{{ l.none }}\n{% endif %}\n{{ l.unapplied }}: {{ unapplied }}\n{{ l.overdue }}: {{ overdue }}\n{{ l.next }}: {{ next }}\n{{ l.balance }}: {{ balance }}\n";
const HTML: &str = "<section class=\"statement\"><h2>{{ l.title }} {{ name }} ({{ id }}) — {{ as_of }}</h2><table><thead><tr>{% for h in l.cols %}<th>{{ h }}</th>{% endfor %}</tr></thead><tbody>{% for x in lines %}<tr{% if x.days > 0 %} class=\"overdue\"{% endif %}><td>{{ x.id }}</td><td>{{ x.issue }}</td><td>{{ x.due }}</td><td>{{ x.amount }}</td><td>{{ x.balance }}</td><td>{% if x.days > 0 %}{{ x.days }}{% endif %}</td></tr>{% endfor %}</tbody></table><dl><dt>{{ l.unapplied }}</dt><dd>{{ unapplied }}</dd><dt>{{ l.overdue }}</dt><dd>{{ overdue }}</dd><dt>{{ l.next }}</dt><dd>{{ next }}</dd><dt>{{ l.balance }}</dt><dd>{{ balance }}</dd></dl></section>";

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
        },
    }
}

/// The statement of customer `customer_id` at `as_of`, in the customer's language
/// (English when unknown) unless `language` is given.
pub fn statement(
    p: &Portfolio,
    customer_id: &str,
    as_of: NaiveDate,
    language: Option<Language>,
) -> Result<Statement, StatementError> {
    let c = p
        .customer_index(customer_id)
        .ok_or_else(|| StatementError::UnknownCustomer(customer_id.into()))?;
    let cust = &p.customers()[c];
    let lang = language.or(cust.language).unwrap_or(Language::En);
    let mut lines: Vec<StatementLine> = p
        .invoices_of_customer(c)
        .iter()
        .map(|&i| i as usize)
        .filter(|&i| p.invoices()[i].issue_date <= as_of)
        .filter_map(|i| {
            let b = p.balance_at(i, as_of);
            let inv = &p.invoices()[i];
            (!b.is_zero()).then(|| StatementLine {
                invoice_id: inv.invoice_id.clone(),
                issue_date: inv.issue_date,
                due_date: inv.due_date,
                amount: round2(inv.amount),
                balance: round2(b),
                days_overdue: (as_of - inv.due_date).num_days(),
            })
        })
        .collect();
    lines.sort_by(|a, b| (a.due_date, &a.invoice_id).cmp(&(b.due_date, &b.invoice_id)));
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
    let cur = p.currency();
    let m = |x: Money| locale::money(x, cur, lang);
    let d = |x: NaiveDate| locale::date(x, lang);
    #[derive(Serialize)]
    struct Row {
        id: String,
        issue: String,
        due: String,
        amount: String,
        balance: String,
        days: i64,
    }
    let rows: Vec<Row> = lines
        .iter()
        .map(|l| Row {
            id: l.invoice_id.clone(),
            issue: d(l.issue_date),
            due: d(l.due_date),
            amount: m(l.amount),
            balance: m(l.balance),
            days: l.days_overdue,
        })
        .collect();
    let ctx = context! {
        l => labels(lang), name => &cust.name, id => &cust.customer_id, as_of => d(as_of),
        lines => rows, unapplied => m(unapplied), overdue => m(overdue), next => m(next),
        balance => m(balance),
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
    Ok(Statement {
        customer_id: cust.customer_id.clone(),
        name: cust.name.clone(),
        as_of,
        language: lang,
        text: render("statement.txt"),
        html: render("statement.html"),
        lines,
        unapplied: round2(unapplied),
        overdue: round2(overdue),
        due_next_30_days: round2(next),
        balance: round2(balance),
    })
}
