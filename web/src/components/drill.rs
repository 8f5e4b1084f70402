//! Drill-down: segment → customers → invoices with payments, disputes and the dunning
//! actions of the current preview. The rows come from `rappel_core::drilldown`.

use std::sync::Arc;

use chrono::NaiveDate;
use leptos::prelude::*;
use rappel_core::collections::dunning::{History, RunReport};
use rappel_core::collections::policy::Policy;
use rappel_core::collections::worklist::habit::Habit;
use rappel_core::drilldown::{self, CustomerRow, InvoiceRow};
use rappel_core::locale;
use rappel_core::model::{Language, Portfolio};

use crate::components::table::{Choice, Column, DataTable, Shown};
use crate::i18n;

/// Rows shown at most; the rest is counted.
const MAX_ROWS: usize = 200;

fn habit_text(h: &Habit, lang: Language) -> String {
    match h {
        Habit::MonthEnd => i18n::MONTH_END.get(lang).into(),
        Habit::DaysAfterDue { median_days } if *median_days < 0 => {
            format!("{} {}", -median_days, i18n::DAYS_EARLY.get(lang))
        }
        Habit::DaysAfterDue { median_days: 0 } => i18n::ON_DUE_DATE.get(lang).into(),
        Habit::DaysAfterDue { median_days } => {
            format!("{median_days} {}", i18n::DAYS_LATE.get(lang))
        }
        Habit::Unknown => i18n::UNKNOWN.get(lang).into(),
    }
}

/// A column of the customers table.
type Cust = Column<CustomerRow>;

/// An amount on the page.
fn money(m: rust_decimal::Decimal, w: &Shown) -> String {
    locale::money(m, &w.currency, w.lang)
}

/// An optional amount as the CSV writes it (empty when absent).
fn opt(m: Option<rust_decimal::Decimal>) -> String {
    m.map(|x| x.to_string()).unwrap_or_default()
}

/// The customers of a segment: on the page with their balance, habit, risk class and
/// credit; the export adds the segment and the oldest item's days past due.
static CUSTOMER_COLUMNS: [Cust; 10] = [
    Cust::text(
        "customer_id",
        |l| i18n::CUSTOMER.get(l).into(),
        |r, _| r.customer_id.clone(),
    ),
    Cust::text("name", |l| i18n::NAME.get(l).into(), |r, _| r.name.clone()),
    Cust::export("segment", |r, _| r.segment.clone()),
    Cust::new(
        "balance",
        |l| i18n::BALANCE.get(l).into(),
        |r, _| r.balance.to_string(),
        |r, w| money(r.balance, w),
    )
    .num(),
    Cust::new(
        "overdue",
        |l| i18n::OVERDUE.get(l).into(),
        |r, _| r.overdue.to_string(),
        |r, w| money(r.overdue, w),
    )
    .num(),
    Cust::export("oldest_days_past_due", |r, _| {
        r.oldest_days_past_due
            .map(|d| d.to_string())
            .unwrap_or_default()
    }),
    Cust::new(
        "habit",
        |l| i18n::HABIT.get(l).into(),
        |r, _| habit_text(&r.habit, Language::En),
        |r, w| habit_text(&r.habit, w.lang),
    ),
    Cust::new(
        "risk_class",
        |l| i18n::RISK.get(l).into(),
        |r, _| {
            r.risk_class
                .as_ref()
                .map(|x| x.0.clone())
                .unwrap_or_default()
        },
        |r, _| {
            r.risk_class
                .as_ref()
                .map(|x| x.0.clone())
                .unwrap_or_default()
        },
    )
    .tip(|r, _| {
        r.risk_class
            .as_ref()
            .map(|x| x.1.clone())
            .unwrap_or_default()
    }),
    Cust::new(
        "credit_limit",
        |l| i18n::LIMIT.get(l).into(),
        |r, _| opt(r.credit_limit),
        |r, w| r.credit_limit.map(|m| money(m, w)).unwrap_or_default(),
    )
    .num(),
    Cust::new(
        "available",
        |l| i18n::AVAILABLE.get(l).into(),
        |r, _| opt(r.available),
        |r, w| r.available.map(|m| money(m, w)).unwrap_or_default(),
    )
    .num(),
];

/// An invoice of the chosen customer with what the page says of it in the reader's
/// language: payments, disputes, plans and promises, and the reminders sent and due.
#[derive(Clone)]
struct InvoiceLine {
    row: InvoiceRow,
    payments: String,
    disputes: String,
    commitments: String,
    dunning: String,
}

impl InvoiceLine {
    fn new(
        r: InvoiceRow,
        w: &Shown,
        d: NaiveDate,
        run: Option<&RunReport>,
        taken: &History,
    ) -> InvoiceLine {
        let l = w.lang;
        let date = |x| locale::date(x, l);
        let payments = r
            .payments
            .iter()
            .map(|x| {
                let rev = x
                    .reversed_on
                    .map(|d| format!(" ({} {})", i18n::REVERSED.get(l), date(d)))
                    .unwrap_or_default();
                format!("{} {}{rev}", date(x.date), money(x.amount, w))
            })
            .collect::<Vec<_>>()
            .join("; ");
        let disputes = r
            .disputes
            .iter()
            .map(|x| {
                let end = x
                    .resolved_on
                    .map(|d| format!(" → {}", date(d)))
                    .unwrap_or_default();
                let outcome = x.outcome.clone().unwrap_or_default();
                format!("{} {}{end} {outcome}", x.dispute_id, date(x.opened_on))
            })
            .collect::<Vec<_>>()
            .join("; ");
        // Reminders already sent (the loaded history), then today's preview.
        let mut dunning: Vec<String> = taken
            .entries
            .iter()
            .filter(|e| e.invoice_id == r.invoice_id && e.date <= d)
            .map(|e| {
                format!(
                    "✓ {} ({}, {})",
                    e.step,
                    date(e.date),
                    i18n::channel(e.channel, l)
                )
            })
            .collect();
        if let Some(run) = run {
            let id = r.invoice_id.as_str();
            dunning.extend(
                run.actions
                    .iter()
                    .filter(|a| a.invoices.iter().any(|x| x.invoice_id == id))
                    .map(|a| format!("{} ({})", a.step, date(a.date))),
            );
            dunning.extend(
                run.held
                    .iter()
                    .filter(|h| h.invoice_id.as_deref() == Some(id))
                    .map(|h| format!("⏸ {}", i18n::hold_reason(h.reason, l))),
            );
        }
        let mut commitments: Vec<String> = r
            .plan
            .iter()
            .map(|pl| {
                format!(
                    "{} ({}, {}×)",
                    pl.plan_id,
                    date(pl.agreed_on),
                    pl.instalments.len()
                )
            })
            .collect();
        commitments.extend(r.promises.iter().map(|pr| {
            format!(
                "{}: {} → {}",
                pr.promise_id,
                money(pr.amount, w),
                date(pr.pay_by)
            )
        }));
        InvoiceLine {
            row: r,
            payments,
            disputes,
            commitments: commitments.join("; "),
            dunning: dunning.join("; "),
        }
    }

    /// Paid, overdue or open.
    fn class(&self) -> &'static str {
        if self.row.balance.is_zero() {
            ""
        } else if self.row.days_past_due > 0 {
            "overdue"
        } else {
            "open"
        }
    }
}

/// A column of the invoices table.
type Inv = Column<InvoiceLine>;

/// The invoices of a customer: on the page with what happened to each in words; the
/// export has the machine values (payments as date and amount, disputes by id).
static INVOICE_COLUMNS: [Inv; 10] = [
    Inv::text(
        "invoice_id",
        |l| i18n::INVOICE.get(l).into(),
        |i, _| i.row.invoice_id.clone(),
    ),
    Inv::new(
        "issue_date",
        |l| i18n::ISSUED.get(l).into(),
        |i, _| i.row.issue_date.to_string(),
        |i, w| locale::date(i.row.issue_date, w.lang),
    ),
    Inv::new(
        "due_date",
        |l| i18n::DUE.get(l).into(),
        |i, _| i.row.due_date.to_string(),
        |i, w| locale::date(i.row.due_date, w.lang),
    ),
    Inv::new(
        "amount",
        |l| i18n::AMOUNT.get(l).into(),
        |i, _| i.row.amount.to_string(),
        |i, w| money(i.row.amount, w),
    )
    .num(),
    Inv::new(
        "balance",
        |l| i18n::BALANCE.get(l).into(),
        |i, _| i.row.balance.to_string(),
        |i, w| money(i.row.balance, w),
    )
    .num(),
    Inv::export("days_past_due", |i, _| i.row.days_past_due.to_string()),
    Inv::new(
        "payments",
        |l| i18n::PAYMENTS.get(l).into(),
        |i, _| {
            let list: Vec<String> = i
                .row
                .payments
                .iter()
                .map(|x| format!("{} {}", x.date, x.amount))
                .collect();
            list.join("; ")
        },
        |i, _| i.payments.clone(),
    ),
    Inv::new(
        "disputes",
        |l| i18n::DISPUTES.get(l).into(),
        |i, _| {
            let ids: Vec<String> = i
                .row
                .disputes
                .iter()
                .map(|x| x.dispute_id.clone())
                .collect();
            ids.join("; ")
        },
        |i, _| i.disputes.clone(),
    ),
    Inv::page(
        |l| i18n::PLAN_PROMISE.get(l).into(),
        |i, _| i.commitments.clone(),
    ),
    Inv::page(|l| i18n::DUNNING.get(l).into(), |i, _| i.dunning.clone()),
];

/// The drill-down panel.
#[component]
pub fn Drill(
    portfolio: Signal<Option<Arc<Portfolio>>>,
    policy: Signal<Option<Arc<Policy>>>,
    dunning: Signal<Option<Arc<RunReport>>>,
    history: Signal<Arc<History>>,
    segment: Signal<String>,
    as_of: Signal<NaiveDate>,
    lang: Signal<Language>,
) -> impl IntoView {
    let customer: RwSignal<Option<usize>> = RwSignal::new(None);
    Effect::new(move |_| {
        segment.track();
        portfolio.track();
        customer.set(None);
    });
    let rows = Memo::new(move |_| -> Arc<Vec<CustomerRow>> {
        let seg = segment.get();
        let Some(p) = portfolio.get() else {
            return Arc::new(Vec::new());
        };
        if seg.is_empty() {
            return Arc::new(Vec::new());
        }
        let pol = policy.get();
        Arc::new(drilldown::customers(
            &p,
            Some(&seg),
            as_of.get(),
            pol.as_ref().map(|x| &x.risk),
        ))
    });
    let shown = Signal::derive(move || Shown {
        lang: lang.get(),
        currency: portfolio
            .get()
            .map(|p| p.currency().to_string())
            .unwrap_or_default(),
    });
    let all = Signal::derive(move || rows.get().as_ref().clone());
    let chosen = Signal::derive(move || {
        let c = customer.get()?;
        Some(portfolio.get()?.customers().get(c)?.customer_id.to_string())
    });
    let pick = Callback::new(move |r: CustomerRow| customer.set(Some(r.index)));
    let customers_view = move || {
        let l = lang.get();
        let n = rows.get().len();
        if n == 0 {
            return view! { <p class="hint">{i18n::PICK_SEGMENT.get(l)}</p> }.into_any();
        }
        view! {
            <DataTable
                columns=&CUSTOMER_COLUMNS
                rows=all
                shown=shown
                name="customers"
                class="customers"
                testid="customers"
                limit=MAX_ROWS
                on_pick=pick
                choice=Choice { key: |r: &CustomerRow| r.customer_id.to_string(), chosen }
            />
            {(n > MAX_ROWS).then(|| view! { <p class="hint">{format!("{} {MAX_ROWS} / {n}", i18n::SHOWING_FIRST.get(l))}</p> })}
        }
        .into_any()
    };
    let lines = Signal::derive(move || {
        let (Some(c), Some(p)) = (customer.get(), portfolio.get()) else {
            return Vec::new();
        };
        let (l, d) = (lang.get(), as_of.get());
        let (run, taken) = (dunning.get(), history.get());
        let w = Shown {
            lang: l,
            currency: p.currency().to_string(),
        };
        drilldown::invoices(&p, c, d, false)
            .into_iter()
            .map(|r| InvoiceLine::new(r, &w, d, run.as_deref(), &taken))
            .collect::<Vec<_>>()
    });
    let invoices_view = move || {
        let c = customer.get()?;
        let p = portfolio.get()?;
        Some(view! {
            <h3>{format!("{} · {}", p.customers()[c].customer_id, p.customers()[c].name)}</h3>
            <DataTable
                columns=&INVOICE_COLUMNS
                rows=lines
                shown=shown
                name="invoices"
                class="invoices"
                testid="invoices"
                row_class=InvoiceLine::class
            />
        })
    };
    view! {
        <section class="drill" data-testid="drill">
            {customers_view}
            {invoices_view}
        </section>
    }
}
