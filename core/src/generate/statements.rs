//! Bank statements for a generated portfolio, with the noise real payers make, and the
//! truth of each movement — so that cash application can be tried and scored.
//!
//! The payments of the last `days` days of the data are taken out of the portfolio and
//! delivered as daily camt.053 statements instead, the last day as a Belgian CODA file:
//! what the credit department receives before anyone has matched them. Noise, per
//! payment: a structured reference (its invoice's derived OGM), sometimes with a typo;
//! the invoice number in free text, in the forms people write it; no reference at all; a payer account not on file; one
//! transfer for several invoices of a customer on one day; bank charges deducted; a
//! returned direct debit; and credits from payers nobody knows.

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;

use super::dice::Dice;
use crate::cash::index::derive;
use crate::cash::reference::ReferenceKind;
use crate::cash::statement::{
    BankFormat, BankStatement, BankTransaction, Counterparty, CreditorReference,
};
use crate::cash::{check_digits, iban};
use crate::model::{Money, Payment, PaymentMethod, Tables};

/// What a movement really is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Truth {
    /// It pays these invoices of this customer, these amounts (the difference a bank
    /// charged included).
    Pays {
        /// The customer.
        customer: String,
        /// `(invoice, amount settled)`.
        invoices: Vec<(String, Money)>,
        /// Whether it carries enough to be matched: a valid reference, an invoice
        /// number, or an account on file.
        informative: bool,
    },
    /// Cash of this customer not meant for an invoice.
    Unapplied {
        /// The customer.
        customer: String,
    },
    /// A direct debit returned.
    Return {
        /// The payment it reverses.
        payment: String,
    },
    /// From nobody the creditor knows.
    Unknown,
}

/// What one delivered statement covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StatementSpan {
    /// A statement per day with movements (`camt053-YYYY-MM-DD.xml`): what a bank sends
    /// each morning.
    #[default]
    Day,
    /// A statement per calendar month with movements (`camt053-YYYY-MM.xml`): for a
    /// large portfolio, a year of payments in 12 files instead of 250.
    Month,
}

/// The statements, the truth of each movement by id, and the portfolio without the
/// payments the statements deliver.
pub struct Delivered {
    /// One statement per day (or month, [`StatementSpan`]) with movements.
    pub statements: Vec<BankStatement>,
    /// `(movement id, truth)`.
    pub truth: Vec<(String, Truth)>,
    /// The tables before the statements are applied.
    pub before: Tables,
}

/// A valid Belgian IBAN for customer number `n` (bank code 733, account from `n`, the
/// national mod-97 check, then the IBAN check digits): deterministic, so the generator
/// can put it on file and on the statements.
pub fn customer_iban(n: u64) -> String {
    let first = 7_330_000_000 + n % 10_000_000;
    let bban = format!("{first:010}{:02}", check_digits::belgian(first));
    iban::from_bban("BE", &bban)
}

/// Delivers the payments dated in the last `days` days up to `end` as statements of one
/// `span` each, with noise drawn from `seed`; the last statement comes as a CODA file
/// (or several: [`coda_parts`]).
pub fn deliver(
    tables: &Tables,
    end: NaiveDate,
    days: u64,
    seed: u64,
    span: StatementSpan,
) -> Delivered {
    let from = end - Days::new(days.saturating_sub(1));
    let mut d = Dice::new(seed ^ 0x5EED_BA4C);
    let mut before = tables.clone();
    let (taken, kept): (Vec<Payment>, Vec<Payment>) =
        tables.payments.iter().cloned().partition(|p| {
            p.payment_date >= from
                && p.payment_date <= end
                && p.reversed_on.is_none()
                && matches!(
                    p.method,
                    PaymentMethod::Transfer | PaymentMethod::DirectDebit
                )
                && p.amount > Money::ZERO
        });
    before.payments = kept;
    let customer_n = |id: &str| {
        id.trim_start_matches(|c: char| !c.is_ascii_digit())
            .parse::<u64>()
            .unwrap_or(0)
    };
    // Each customer's name and the account on file, if any (`customers.csv` `iban`).
    let customers: std::collections::HashMap<&str, (&str, Option<&String>)> = tables
        .customers
        .iter()
        .map(|c| (c.customer_id.as_str(), (c.name.as_str(), c.ibans.first())))
        .collect();
    let mut out: Vec<(BankTransaction, Truth)> = Vec::new();
    // Payments of one customer on one day travel together about one time in four.
    let mut groups: Vec<Vec<&Payment>> = Vec::new();
    let mut sorted: Vec<&Payment> = taken.iter().collect();
    sorted.sort_by(|a, b| {
        (a.payment_date, &a.customer_id, &a.payment_id).cmp(&(
            b.payment_date,
            &b.customer_id,
            &b.payment_id,
        ))
    });
    for p in sorted {
        let joins = groups.last().is_some_and(|g: &Vec<&Payment>| {
            g[0].customer_id == p.customer_id
                && g[0].payment_date == p.payment_date
                && g[0].method == p.method
        });
        if joins && p.method == PaymentMethod::Transfer && d.chance(250) {
            if let Some(g) = groups.last_mut() {
                g.push(p);
            }
        } else {
            groups.push(vec![p]);
        }
    }
    for (k, g) in groups.iter().enumerate() {
        let first = g[0];
        let id = format!("{}/E{:06}", first.payment_date, k + 1);
        let amount: Money = g.iter().map(|p| p.amount).sum();
        let mut t = blank(&id, first.payment_date, amount);
        let cust = first.customer_id.as_str();
        let invoices: Vec<(String, Money)> = g
            .iter()
            .map(|p| {
                (
                    p.invoice_id.as_deref().unwrap_or_default().to_string(),
                    p.amount,
                )
            })
            .collect();
        let unapplied = invoices.iter().any(|(i, _)| i.is_empty());
        let (name, on_file) = customers.get(cust).copied().unwrap_or(("", None));
        let known_account = on_file.is_some();
        t.counterparty = Counterparty {
            name: customers.contains_key(cust).then(|| name.to_uppercase()),
            iban: Some(match on_file {
                Some(a) => a.clone(),
                // A customer with no account on file pays from its usual account or,
                // as often, from a second one.
                None if d.chance(500) => customer_iban(customer_n(cust)),
                None => customer_iban(5_000_000 + customer_n(cust)),
            }),
            address: Vec::new(),
        };
        let mut informative = known_account;
        if first.method == PaymentMethod::DirectDebit {
            t.bank_code = Some("PMNT-IDDT-ESDD".into());
            t.end_to_end_id = Some(first.payment_id.to_string());
        }
        let style = d.below(1000);
        if unapplied {
            // A payment on account: no invoice named.
            t.unstructured = vec!["voorschot".into()];
        } else if style < 550 && g.len() == 1 {
            let r = derive(&invoices[0].0, ReferenceKind::Ogm)
                .map(|r| r.printed())
                .unwrap_or_default();
            let typo = d.chance(30);
            t.structured = Some(CreditorReference {
                reference: if typo { mistype(&r, &mut d) } else { r },
                kind: Some("SCOR".into()),
            });
            informative |= !typo;
        } else if style < 800 {
            let words: Vec<String> = invoices.iter().map(|(i, _)| written(i, &mut d)).collect();
            t.unstructured = vec![format!(
                "{} {}",
                ["factuur", "invoice", "fact.", "betaling"][d.below(4) as usize],
                words.join(" ")
            )];
            informative = true;
        } else {
            t.unstructured =
                vec![["", "betaling", "bestelling", "merci"][d.below(4) as usize].to_string()]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect();
        }
        // Bank charges deducted by the payer's bank, now and then.
        let mut truth_invoices = invoices.clone();
        if !unapplied && d.chance(20) {
            let fee = Decimal::new(d.range(50, 250), 2);
            if fee < amount {
                t.amount -= fee;
            }
        }
        let truth = if unapplied {
            Truth::Unapplied {
                customer: cust.to_string(),
            }
        } else {
            truth_invoices.sort();
            Truth::Pays {
                customer: cust.to_string(),
                invoices: truth_invoices,
                informative,
            }
        };
        out.push((t, truth));
    }
    // Direct debits collected before the window and returned inside it.
    for p in before.payments.iter().filter(|p| {
        p.method == PaymentMethod::DirectDebit && p.payment_date < from && p.reversed_on.is_none()
    }) {
        if !d.chance(4) {
            continue;
        }
        let on = (p.payment_date + Days::new(5)).max(from);
        if on > end {
            continue;
        }
        let mut t = blank(&format!("{on}/R-{}", p.payment_id), on, -p.amount);
        t.bank_code = Some("PMNT-IDDT-UPDD".into());
        t.end_to_end_id = Some(p.payment_id.to_string());
        t.return_reason = Some(["AM04", "MS02", "MD06", "AC04"][d.below(4) as usize].into());
        out.push((
            t,
            Truth::Return {
                payment: p.payment_id.to_string(),
            },
        ));
    }
    // Credits from payers nobody knows (a refund from a supplier, a wrong beneficiary).
    let window = days.max(1);
    for k in 0..(out.len() / 100).max(1) {
        let on = from + Days::new(d.below(window));
        let mut t = blank(
            &format!("{on}/U{k:05}"),
            on,
            Decimal::new(d.range(1_000, 90_000), 2),
        );
        t.counterparty = Counterparty {
            name: Some(format!("ONBEKEND {k}")),
            iban: Some(customer_iban(9_000_000 + k as u64)),
            address: Vec::new(),
        };
        t.unstructured = vec!["terugbetaling".into()];
        out.push((t, Truth::Unknown));
    }
    out.sort_by(|a, b| (a.0.booking_date, &a.0.id).cmp(&(b.0.booking_date, &b.0.id)));
    let (movements, truths): (Vec<BankTransaction>, Vec<Truth>) = out.into_iter().unzip();
    let mut truth: Vec<(String, Truth)> =
        movements.iter().map(|t| t.id.clone()).zip(truths).collect();
    let mut statements = by_span(movements, span);
    if let Some(last) = statements.pop() {
        let from = truth.len() - last.transactions.len();
        statements.extend(as_delivered_in_coda(last, &mut truth[from..]));
    }
    Delivered {
        statements,
        truth,
        before,
    }
}

/// `last`, the last statement, as a Belgian bank delivers it: CODA, its movements
/// numbered as the CODA reader numbers them (their ids in `truth`, the truth of its
/// movements in order, renamed to match) — a paper statement a day when it holds more
/// movements than one CODA statement numbers ([`coda_parts`]); a day of more still
/// stays camt.053, which numbers nothing.
fn as_delivered_in_coda(last: BankStatement, truth: &mut [(String, Truth)]) -> Vec<BankStatement> {
    let mut delivered = Vec::new();
    let mut from = 0;
    for part in coda_parts(last) {
        let n = part.transactions.len();
        if n > CODA_MOVEMENTS {
            delivered.push(part);
        } else {
            let coda = super::coda::as_coda(&part);
            for (k, t) in coda.transactions.iter().enumerate() {
                truth[from + k].0 = t.id.clone();
            }
            delivered.push(coda);
        }
        from += n;
    }
    delivered
}

/// Most movements one CODA statement can hold: its movement records number them in four
/// digits (record 2, positions 3–6, "continuous sequence number"), so a statement of
/// more would write records longer than CODA's 128 characters. (The bound is the field's
/// width; what a bank does past it was not confirmed with the search tool. Banks deliver
/// a paper statement a day, which for a portfolio of a million invoices holds ~1 500.)
pub const CODA_MOVEMENTS: usize = 9_999;

/// `s`, one of the generator's statements, as the statements its CODA delivery consists
/// of: `s` itself when CODA can number its movements ([`CODA_MOVEMENTS`]), otherwise
/// one statement per booking day (`by_span`; `camt053-YYYY-MM-DD.xml` before
/// [`super::coda::as_coda`] names it `coda-YYYY-MM-DD.cod`), each numbered from 1 again.
/// A single day of more movements than that stays one statement, which [`deliver`]
/// leaves in camt.053 (a CODA file of it would number its movements past four digits,
/// records the reader rightly refuses).
pub fn coda_parts(s: BankStatement) -> Vec<BankStatement> {
    if s.transactions.len() <= CODA_MOVEMENTS {
        return vec![s];
    }
    by_span(s.transactions, StatementSpan::Day)
}

/// `movements` (sorted by booking day) as the generator's camt.053 statements of its
/// account: one per day or month with movements (`camt053-{id}.xml`), each dated by
/// its last movement.
fn by_span(movements: Vec<BankTransaction>, span: StatementSpan) -> Vec<BankStatement> {
    let mut statements: Vec<BankStatement> = Vec::new();
    for t in movements {
        let day = t.booking_date;
        let id = match span {
            StatementSpan::Day => day.to_string(),
            StatementSpan::Month => day.format("%Y-%m").to_string(),
        };
        if statements.last().is_none_or(|s| s.id != id) {
            statements.push(BankStatement {
                file: format!("camt053-{id}.xml"),
                format: BankFormat::Camt053 {
                    version: "001.02".into(),
                },
                id,
                account: Some("BE68539007547034".into()),
                currency: Some("EUR".into()),
                opening: None,
                closing: None,
                date: Some(day),
                transactions: Vec::new(),
            });
        }
        if let Some(s) = statements.last_mut() {
            s.date = Some(day);
            s.transactions.push(t);
        }
    }
    statements
}

/// The file a delivered statement comes in: camt.053 XML, or CODA for the last day.
pub fn file_of(s: &BankStatement) -> Vec<u8> {
    match s.format {
        BankFormat::Coda => super::coda::coda_bytes(s),
        _ => super::camt::camt053(s).into_bytes(),
    }
}

fn blank(id: &str, on: NaiveDate, amount: Money) -> BankTransaction {
    let mut t = BankTransaction::new(id, on, amount, "EUR");
    t.value_date = Some(on);
    t.entry_reference = Some(id.rsplit('/').next().unwrap_or(id).to_string());
    t.bank_code = Some("PMNT-RCDT-ESCT".into());
    t
}

/// A reference with one digit changed: its check digits no longer hold.
fn mistype(r: &str, d: &mut Dice) -> String {
    let digits: Vec<usize> = r
        .char_indices()
        .filter(|(_, c)| c.is_ascii_digit())
        .map(|(i, _)| i)
        .collect();
    let at = digits[d.below(digits.len() as u64) as usize];
    let mut b = r.as_bytes().to_vec();
    b[at] = b'0' + (b[at] - b'0' + 1) % 10;
    String::from_utf8(b).unwrap_or_default()
}

/// An invoice number as people write it: as is, lower case with a space, without
/// leading zeros, or digits only.
fn written(id: &str, d: &mut Dice) -> String {
    let digits = id.trim_start_matches(|c: char| c.is_ascii_alphabetic());
    let prefix = &id[..id.len() - digits.len()];
    match d.below(4) {
        0 => id.to_string(),
        1 => format!("{} {}", prefix.to_lowercase(), digits),
        2 => format!("{prefix}-{}", digits.trim_start_matches('0')),
        _ => format!("{prefix}{}", digits.trim_start_matches('0')),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn customer_accounts_are_valid_belgian_ibans() {
        // C000038's account, as the generator has always written it.
        assert_eq!(super::customer_iban(38), "BE82733000003868");
        for n in [1, 97, 4_999_999, 9_000_123] {
            let a = super::customer_iban(n);
            assert_eq!(crate::cash::iban::normalize(&a).as_deref(), Ok(a.as_str()));
        }
    }

    /// A last statement with a day of more movements than CODA numbers (10 000 on
    /// 29 June) and a day within it (20 on 30 June): the first day stays camt.053 with
    /// its ids, the second comes as CODA with the ids the CODA reader gives, and the
    /// truth follows each movement to its id.
    #[test]
    fn a_day_of_more_movements_than_coda_numbers_stays_camt() {
        use super::{CODA_MOVEMENTS, Truth, as_delivered_in_coda, by_span};
        use crate::cash::statement::{BankFormat, BankTransaction};
        use chrono::NaiveDate;
        let day = |d: u32| NaiveDate::from_ymd_opt(2026, 6, d).unwrap();
        let movements: Vec<BankTransaction> = (0..CODA_MOVEMENTS + 1 + 20)
            .map(|k| {
                let on = if k <= CODA_MOVEMENTS {
                    day(29)
                } else {
                    day(30)
                };
                BankTransaction::new(&format!("M{k:05}"), on, rust_decimal::Decimal::ONE, "EUR")
            })
            .collect();
        let mut truth: Vec<(String, Truth)> = movements
            .iter()
            .map(|t| (t.id.clone(), Truth::Unknown))
            .collect();
        let mut month = by_span(movements, super::StatementSpan::Month);
        assert_eq!(month.len(), 1);
        let delivered = as_delivered_in_coda(month.remove(0), &mut truth);
        let shape: Vec<(&str, bool, usize)> = delivered
            .iter()
            .map(|s| {
                (
                    s.file.as_str(),
                    s.format == BankFormat::Coda,
                    s.transactions.len(),
                )
            })
            .collect();
        assert_eq!(
            shape,
            [
                ("camt053-2026-06-29.xml", false, CODA_MOVEMENTS + 1),
                ("coda-2026-06-30.cod", true, 20)
            ]
        );
        let ids: Vec<&str> = delivered
            .iter()
            .flat_map(|s| &s.transactions)
            .map(|t| t.id.as_str())
            .collect();
        let named: Vec<&str> = truth.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids, named);
        assert_eq!(ids[0], "M00000");
        // The CODA ids: account / paper number (30 June is the 181st day) / date / movement.
        assert_eq!(
            ids[CODA_MOVEMENTS + 1],
            "BE68539007547034/181/2026-06-30/0001"
        );
    }
}
