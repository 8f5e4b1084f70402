//! Bank: the movements of the statements among the user's files and what became of each
//! — applied, a suggestion to confirm or reject, unapplied cash, suspense, a returned
//! direct debit — with the confidence and the reasons. A decision reads the files again
//! with it, so the KPIs, the worklist and the dunning run follow at once.

use std::sync::Arc;

use leptos::prelude::*;
use rappel_core::cash::application::{CashReport, Decision, EntryMatch, Outcome};
use rappel_core::locale;

use crate::i18n;
use crate::pages::data;
use crate::state::Workspace;

/// Movements listed in the table beyond the suggestions (a statement of a large
/// portfolio holds 100 000).
const LISTED: usize = 500;

/// Says that `listed` of `all` movements are in the table.
fn not_listed(listed: usize, all: usize, l: rappel_core::model::Language) -> String {
    use rappel_core::model::Language::*;
    match l {
        Nl => format!(
            "{listed} van de {all} bewegingen staan in de tabel: de eerste {LISTED} en elk voorstel; de totalen tellen ze alle."
        ),
        Fr => format!(
            "{listed} des {all} mouvements figurent au tableau : les {LISTED} premiers et chaque proposition ; les totaux les comptent tous."
        ),
        _ => format!(
            "{listed} of the {all} movements are listed: the first {LISTED} and every suggestion; the totals count them all."
        ),
    }
}

/// The outcome in the reader's language.
fn outcome(o: Outcome, l: rappel_core::model::Language) -> &'static str {
    use rappel_core::model::Language::*;
    let (nl, fr, en) = match o {
        Outcome::Applied => ("toegepast", "imputé", "applied"),
        Outcome::Suggested => ("voorstel", "proposition", "suggested"),
        Outcome::Unapplied => ("niet toegewezen", "non affecté", "unapplied"),
        Outcome::Suspense => ("wachtrekening", "compte d'attente", "suspense"),
        Outcome::Returned => ("gestorneerd", "retourné", "returned"),
        Outcome::NotReceivable => ("uitgaand", "sortant", "money out"),
        Outcome::AlreadyApplied => ("al verwerkt", "déjà traité", "already applied"),
        Outcome::Refused => ("geweigerd", "refusé", "refused"),
    };
    match l {
        Nl => nl,
        Fr => fr,
        _ => en,
    }
}

/// Records `d` for movement `id` and reads the files again.
fn decide(ws: Workspace, id: String, d: Decision) {
    ws.decisions.update(|all| {
        all.retain(|(x, _)| *x != id);
        all.push((id, d));
    });
    if let Some((files, mapping)) = ws.files.get_value() {
        data::apply(ws, files, mapping);
    }
}

/// One row of the table.
fn row(
    ws: Workspace,
    e: &EntryMatch,
    cur: &str,
    l: rappel_core::model::Language,
) -> impl IntoView + use<> {
    let what: Vec<String> = e
        .allocations
        .iter()
        .map(|a| format!("{} {}", a.invoice_id, locale::money(a.amount, cur, l)))
        .chain(e.reversed_payment.iter().map(|p| format!("↩ {p}")))
        .collect();
    let payer = [e.payer_name.clone(), e.payer_account.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ");
    let suggested = e.outcome == Outcome::Suggested;
    let (a, b) = (e.transaction_id.clone(), e.transaction_id.clone());
    view! {
        <tr class=format!("outcome-{:?}", e.outcome).to_lowercase() data-testid="bank-row">
            <td>{e.transaction_id.clone()}</td>
            <td>{locale::date(e.booking_date, l)}</td>
            <td class="num">{locale::money(e.amount, cur, l)}</td>
            <td>{payer}</td>
            <td data-testid="bank-outcome">{outcome(e.outcome, l)}</td>
            <td>{e.customer_id.clone().unwrap_or_default()}</td>
            <td>{what.join(", ")}</td>
            <td class="num">{locale::number(e.confidence * rust_decimal::Decimal::ONE_HUNDRED, 0, l)} "%"</td>
            <td class="why">{e.reasons.join("; ")}</td>
            <td>
                {suggested.then(|| view! {
                    <button data-testid="bank-confirm" on:click=move |_| decide(ws, a.clone(), Decision::Confirm)>{i18n::CONFIRM.get(l)}</button>
                    <button data-testid="bank-reject" on:click=move |_| decide(ws, b.clone(), Decision::Reject)>{i18n::REJECT.get(l)}</button>
                })}
            </td>
        </tr>
    }
}

/// The Bank tab.
#[component]
pub fn Bank(report: Signal<Option<Arc<CashReport>>>) -> impl IntoView {
    let ws = Workspace::get();
    move || {
        let l = ws.lang.get();
        let r = report.get()?;
        let cur = ws
            .portfolio
            .get()
            .map(|p| p.0.currency().to_string())
            .unwrap_or_default();
        let totals = r
            .totals
            .iter()
            .map(|t| {
                format!(
                    "{} {}: {}",
                    t.count,
                    outcome(t.outcome, l),
                    locale::money(t.amount, &cur, l)
                )
            })
            .collect::<Vec<_>>()
            .join(" · ");
        // Every suggestion is listed (a person must decide it); of the rest, the first
        // LISTED. What is not listed is said, and counted in the totals.
        let rows: Vec<_> = r
            .entries
            .iter()
            .enumerate()
            .filter(|(k, e)| *k < LISTED || e.outcome == Outcome::Suggested)
            .map(|(_, e)| row(ws, e, &cur, l))
            .collect();
        let unlisted =
            (rows.len() < r.entries.len()).then(|| not_listed(rows.len(), r.entries.len(), l));
        Some(view! {
            <section class="panel bank" data-testid="bank">
                <h2>{i18n::TAB_BANK.get(l)}</h2>
                <p data-testid="bank-totals">{totals}</p>
                <p class="notice" data-testid="bank-unlisted">{unlisted}</p>
                <table class="bank-movements">
                    <thead>
                        <tr>
                            <th>{i18n::MOVEMENT.get(l)}</th>
                            <th>{i18n::DATE.get(l)}</th>
                            <th class="num">{i18n::AMOUNT.get(l)}</th>
                            <th>{i18n::PAYER.get(l)}</th>
                            <th>{i18n::OUTCOME.get(l)}</th>
                            <th>{i18n::CUSTOMER.get(l)}</th>
                            <th>{i18n::INVOICE.get(l)}</th>
                            <th class="num">{i18n::CONFIDENCE.get(l)}</th>
                            <th>{i18n::WHY.get(l)}</th>
                            <th></th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows}
                    </tbody>
                </table>
            </section>
        })
    }
}
