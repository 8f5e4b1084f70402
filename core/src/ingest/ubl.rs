//! Peppol BIS Billing 3.0 (UBL 2.1) invoices and credit notes (DOMAIN.md §7), read with
//! `roxmltree`.
//!
//! From each document: invoice number (BT-1), issue date (BT-2), due date (BT-9, else
//! `PaymentMeans/PaymentDueDate`, else a term in days in `PaymentTerms/Note`, else the
//! issue date for a credit or zero amount), currency, the buyer's id and name, the payable
//! amount (BT-115; negated for a `CreditNote`), and the remittance reference and IBAN.

use chrono::{Days, NaiveDate};
use roxmltree::{Document, Node};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::cell;
use super::report::{Problem, Severity};
use super::xml_lines::Lines;
use super::{CsvFile, ParsedTable, parse_pair_for_update, write_table};
use crate::model::{Customer, Id, Invoice, InvoiceReferences, Money, same_text};
use rustc_hash::FxHashSet;

pub(crate) const CBC: &str = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";
pub(crate) const CAC: &str =
    "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";

/// Whether a document is an invoice or a credit note.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// `Invoice` (type code 380 and others).
    Invoice,
    /// `CreditNote` (type code 381).
    CreditNote,
}

/// What Rappel takes from one Peppol document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UblDocument {
    /// Invoice or credit note.
    pub kind: DocumentKind,
    /// The receivable, amount negative for a credit note.
    pub invoice: Invoice,
    /// The buyer's name.
    pub buyer_name: String,
    /// Remittance reference (`PaymentMeans/PaymentID`).
    pub payment_reference: Option<String>,
    /// Payee IBAN (`PaymentMeans/PayeeFinancialAccount/ID`).
    pub iban: Option<String>,
    /// How the due date was found.
    pub due_date_source: String,
    /// The buyer's country (`AccountingCustomerParty/Party/PostalAddress/Country/
    /// IdentificationCode`, mandatory in Peppol BIS 3: BT-55).
    pub buyer_country: Option<crate::collections::law::Country>,
}

impl UblDocument {
    /// A customer record for the buyer, known from this document only: the account opens
    /// on the issue date; sector, segment, language and limit are unknown.
    pub fn buyer(&self) -> Customer {
        Customer {
            customer_id: self.invoice.customer_id.clone(),
            name: self.buyer_name.clone(),
            segment: String::new(),
            sector: None,
            credit_limit: None,
            customer_since: self.invoice.issue_date,
            language: None,
            b2c: false,
            status: Default::default(),
            external_score: None,
            country: self.buyer_country.clone(),
            ibans: Vec::new(),
        }
    }
}

pub(crate) struct Ctx<'a, 'i> {
    pub(crate) file: &'a str,
    pub(crate) doc: &'a Document<'i>,
    /// The document's lines, found at the first problem.
    lines: std::cell::OnceCell<Lines>,
}

impl<'a, 'i> Ctx<'a, 'i> {
    /// The context of `doc`, read from `file`.
    pub(crate) fn new(file: &'a str, doc: &'a Document<'i>) -> Ctx<'a, 'i> {
        Ctx {
            file,
            doc,
            lines: std::cell::OnceCell::new(),
        }
    }

    pub(crate) fn problem(
        &self,
        node: Option<Node<'_, '_>>,
        column: &str,
        reason: String,
    ) -> Problem {
        Problem {
            file: self.file.to_string(),
            line: node.map(|n| {
                let lines = self.lines.get_or_init(|| Lines::of(self.doc.input_text()));
                lines.of_node(n)
            }),
            column: Some(column.to_string()),
            severity: Severity::Rejected,
            reason,
        }
    }
}

/// A document's bytes as text; a file that is not UTF-8 is a file error.
pub(crate) fn utf8<'a>(file: &str, bytes: &'a [u8]) -> Result<&'a str, Problem> {
    std::str::from_utf8(bytes).map_err(|_| Problem {
        file: file.to_string(),
        line: None,
        column: None,
        severity: Severity::FileError,
        reason: "not UTF-8 text".into(),
    })
}

/// Parses XML text; malformed XML, a document larger than
/// [`crate::limits::MAX_XML_BYTES`] or nested deeper than
/// [`crate::limits::MAX_XML_DEPTH`], is a problem, never a panic, a stack overflow or a
/// runaway allocation.
pub(crate) fn parse_xml<'i>(file: &str, xml: &'i str) -> Result<Document<'i>, Problem> {
    if xml.len() > crate::limits::MAX_XML_BYTES {
        return Err(Problem {
            file: file.to_string(),
            line: None,
            column: None,
            severity: Severity::FileError,
            reason: format!(
                "too large: {} bytes, more than the {} an XML document may have; the file is not read",
                xml.len(),
                crate::limits::MAX_XML_BYTES
            ),
        });
    }
    super::xml_depth::check_depth(file, xml)?;
    Document::parse(xml).map_err(|e| Problem {
        file: file.to_string(),
        line: Some(u64::from(e.pos().row)),
        column: None,
        severity: Severity::Rejected,
        reason: format!("not well-formed XML: {e}"),
    })
}

pub(crate) fn child<'a, 'i>(n: Node<'a, 'i>, ns: &str, name: &str) -> Option<Node<'a, 'i>> {
    n.children().find(|c| is_element_named(*c, ns, name))
}

/// Whether `c` is an element named `name` in namespace `ns`: the test of every child
/// lookup by name and namespace (`child`, `path`, the camt reader).
pub(crate) fn is_element_named(c: Node<'_, '_>, ns: &str, name: &str) -> bool {
    same_text(c.tag_name().name(), name) && in_namespace(c, ns)
}

/// Whether `c` is an element of namespace `ns`, whatever its name.
pub(crate) fn in_namespace(c: Node<'_, '_>, ns: &str) -> bool {
    c.is_element() && (c.tag_name().namespace()).is_some_and(|uri| same_namespace(uri, ns))
}

/// Whether two namespace names are equal. roxmltree keeps one copy of each namespace a
/// document declares, so when `ns` is the text the document gave (camt's readers take the
/// root's), the elements of that namespace give the very same text, and a look at where
/// it lies decides; otherwise the texts are compared. A namespace is ~45 bytes, compared
/// for every child element a lookup passes: in WebAssembly `memcmp` is a loop a byte,
/// 2.3 % of the component's `import-bank` of a month of statements (BENCHMARKS.md, issue
/// 15, twenty-eighth pass).
fn same_namespace(a: &str, b: &str) -> bool {
    std::ptr::eq(a, b) || a == b
}

pub(crate) fn path<'a, 'i>(n: Node<'a, 'i>, steps: &[(&str, &str)]) -> Option<Node<'a, 'i>> {
    steps.iter().try_fold(n, |n, (ns, name)| child(n, ns, name))
}

pub(crate) fn text<'a>(n: Option<Node<'a, '_>>) -> Option<&'a str> {
    n.and_then(|n| n.text())
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// A payment term in days from a free-text note: the number just before "day(s)",
/// "dagen", "jours" or "Tage" ("Payment within 30 days" → 30).
pub fn term_days(note: &str) -> Option<u32> {
    let lower = note.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    words.windows(2).find_map(|w| {
        let unit = matches!(
            w[1],
            "day" | "days" | "dagen" | "dag" | "jours" | "jour" | "tage" | "tagen"
        );
        if unit { w[0].parse().ok() } else { None }
    })
}

/// Parses one UBL document. `file` names it in problems; every problem carries the line
/// of the offending element. Malformed XML gives a problem, never a panic.
pub fn parse_document(file: &str, xml: &str) -> Result<UblDocument, Problem> {
    let doc = parse_xml(file, xml)?;
    let cx = Ctx::new(file, &doc);
    let root = doc.root_element();
    let kind = match (root.tag_name().name(), root.tag_name().namespace()) {
        ("Invoice", Some(ns)) if ns.ends_with(":Invoice-2") => DocumentKind::Invoice,
        ("CreditNote", Some(ns)) if ns.ends_with(":CreditNote-2") => DocumentKind::CreditNote,
        (name, _) => {
            return Err(cx.problem(
                Some(root),
                "root",
                format!("not a UBL Invoice or CreditNote (root element {name:?})"),
            ));
        }
    };
    let required = |steps: &[(&str, &str)], what: &str| -> Result<(&str, Node<'_, '_>), Problem> {
        let node = path(root, steps);
        match (text(node), node) {
            (Some(t), Some(n)) => Ok((t, n)),
            _ => Err(cx.problem(
                node.or(Some(root)),
                what,
                format!(
                    "missing {what} ({})",
                    steps.iter().map(|s| s.1).collect::<Vec<_>>().join("/")
                ),
            )),
        }
    };
    let date_at = |value: &str, node: Node<'_, '_>, what: &str| -> Result<NaiveDate, Problem> {
        cell::date("date", value).map_err(|e| cx.problem(Some(node), what, e.reason))
    };

    let (id, _) = required(&[(CBC, "ID")], "ID")?;
    let (issue_s, issue_n) = required(&[(CBC, "IssueDate")], "IssueDate")?;
    let issue = date_at(issue_s, issue_n, "IssueDate")?;
    let (currency_s, currency_n) =
        required(&[(CBC, "DocumentCurrencyCode")], "DocumentCurrencyCode")?;
    let currency = cell::currency("currency", currency_s)
        .map_err(|e| cx.problem(Some(currency_n), "DocumentCurrencyCode", e.reason))?;
    let (payable_s, payable_n) = required(
        &[(CAC, "LegalMonetaryTotal"), (CBC, "PayableAmount")],
        "PayableAmount",
    )?;
    let payable: Decimal = cell::decimal("amount", payable_s)
        .map_err(|e| cx.problem(Some(payable_n), "PayableAmount", e.reason))?;
    let amount = match kind {
        DocumentKind::Invoice => payable,
        DocumentKind::CreditNote => -payable,
    };

    let party = path(root, &[(CAC, "AccountingCustomerParty"), (CAC, "Party")]);
    let Some(party) = party else {
        return Err(cx.problem(
            Some(root),
            "AccountingCustomerParty",
            "missing buyer (AccountingCustomerParty/Party)".into(),
        ));
    };
    let endpoint = child(party, CBC, "EndpointID").and_then(|n| {
        text(Some(n)).map(|t| match n.attribute("schemeID") {
            Some(s) => format!("{s}:{t}"),
            None => t.to_string(),
        })
    });
    let buyer_id = text(path(party, &[(CAC, "PartyIdentification"), (CBC, "ID")]))
        .map(str::to_string)
        .or(endpoint)
        .or_else(|| {
            text(path(
                party,
                &[(CAC, "PartyLegalEntity"), (CBC, "CompanyID")],
            ))
            .map(str::to_string)
        });
    let Some(buyer_id) = buyer_id else {
        return Err(cx.problem(
            Some(party),
            "AccountingCustomerParty",
            "buyer has no PartyIdentification/ID, EndpointID or PartyLegalEntity/CompanyID".into(),
        ));
    };
    let buyer_name = text(path(
        party,
        &[(CAC, "PartyLegalEntity"), (CBC, "RegistrationName")],
    ))
    .or_else(|| text(path(party, &[(CAC, "PartyName"), (CBC, "Name")])))
    .unwrap_or(&buyer_id)
    .to_string();

    let country_node = path(
        party,
        &[
            (CAC, "PostalAddress"),
            (CAC, "Country"),
            (CBC, "IdentificationCode"),
        ],
    );
    let buyer_country = match text(country_node) {
        None => None,
        Some(code) => Some(
            crate::collections::law::Country::parse(code)
                .map_err(|e| cx.problem(country_node, "PostalAddress/Country", e))?,
        ),
    };

    let means = path(root, &[(CAC, "PaymentMeans")]);
    let due_node =
        child(root, CBC, "DueDate").or_else(|| means.and_then(|m| child(m, CBC, "PaymentDueDate")));
    let note = text(path(root, &[(CAC, "PaymentTerms"), (CBC, "Note")]));
    let (due, due_date_source) = if let Some(n) = due_node {
        let s = text(Some(n)).unwrap_or_default();
        (date_at(s, n, "DueDate")?, "DueDate".to_string())
    } else if let Some(days) = note.and_then(term_days) {
        (
            issue + Days::new(u64::from(days)),
            format!("PaymentTerms/Note: {days} days"),
        )
    } else if amount <= Money::ZERO {
        (issue, "issue date (credit, no due date needed)".to_string())
    } else {
        return Err(cx.problem(
            Some(root),
            "DueDate",
            "a positive payable amount needs a DueDate or a payment term in days in PaymentTerms/Note (BR-CO-25)".into(),
        ));
    };
    if due < issue {
        return Err(cx.problem(
            due_node,
            "DueDate",
            format!("due date {due} is before issue date {issue}"),
        ));
    }

    let payment_reference =
        text(means.and_then(|m| child(m, CBC, "PaymentID"))).map(str::to_string);
    Ok(UblDocument {
        kind,
        invoice: Invoice {
            invoice_id: id.into(),
            customer_id: buyer_id.into(),
            issue_date: issue,
            due_date: due,
            amount,
            currency,
            references: InvoiceReferences::of(
                text(child(root, CAC, "OrderReference").and_then(|o| child(o, CBC, "ID")))
                    .map(Into::into),
                payment_reference.as_deref().map(Into::into),
            ),
        },
        buyer_name,
        payment_reference,
        iban: text(means.and_then(|m| path(m, &[(CAC, "PayeeFinancialAccount"), (CBC, "ID")])))
            .map(str::to_string),
        due_date_source,
        buyer_country,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn term_days_from_notes() {
        assert_eq!(term_days("Payment within 30 days"), Some(30));
        assert_eq!(term_days("Betaling binnen 14 dagen"), Some(14));
        assert_eq!(term_days("Paiement à 45 jours fin de mois"), Some(45));
        assert_eq!(term_days("Net"), None);
    }

    #[test]
    fn malformed_xml_is_a_problem_with_a_line() {
        let p = parse_document("bad.xml", "<Invoice>\n<cbc:ID>1</Invoice>").unwrap_err();
        assert_eq!(p.file, "bad.xml");
        assert!(p.line.is_some());
        assert!(p.reason.contains("XML"), "{}", p.reason);
        let p = parse_document("x.xml", "<Order xmlns=\"urn:x\"/>").unwrap_err();
        assert!(p.reason.contains("root element"));
    }
}

/// What [`merge`] did with one document.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Merged {
    /// The file.
    pub file: String,
    /// Invoice or credit note, its number, buyer, amount, due date and where the due
    /// date came from, in words.
    pub summary: String,
}

/// Adds Peppol UBL documents `(file name, bytes)` to `customers` and `invoices`: each
/// document becomes an invoice (or a negative credit note) and, when its buyer is new, a
/// customer; a known buyer's `customer_since` moves back to the earliest invoice. A
/// number already present, a file that is not UTF-8 or not a UBL document is a problem;
/// nothing is imported twice and nothing is dropped silently.
pub fn merge(
    customers: &mut Vec<Customer>,
    invoices: &mut Vec<Invoice>,
    documents: &[(String, Vec<u8>)],
) -> (Vec<Merged>, Vec<Problem>) {
    if documents.is_empty() {
        // Nothing to add: the ids of a million rows are not worth collecting.
        return (Vec::new(), Vec::new());
    }
    // Ids are copied into the sets without a heap allocation (short ones live in place).
    let mut invoice_ids: FxHashSet<Id> = invoices.iter().map(|i| i.invoice_id.clone()).collect();
    let mut customer_ids: FxHashSet<Id> = customers.iter().map(|c| c.customer_id.clone()).collect();
    let mut merged = Vec::new();
    let mut problems = Vec::new();
    for (name, bytes) in documents {
        match utf8(name, bytes).and_then(|text| parse_document(name, text)) {
            Ok(doc) => {
                if !invoice_ids.insert(doc.invoice.invoice_id.clone()) {
                    problems.push(Problem {
                        file: name.clone(),
                        line: None,
                        column: Some("ID".into()),
                        severity: Severity::Rejected,
                        reason: format!(
                            "invoice number {:?} is already present; not imported again",
                            doc.invoice.invoice_id
                        ),
                    });
                    continue;
                }
                if customer_ids.insert(doc.invoice.customer_id.clone()) {
                    customers.push(doc.buyer());
                } else if let Some(c) = customers
                    .iter_mut()
                    .find(|c| c.customer_id == doc.invoice.customer_id)
                {
                    c.customer_since = c.customer_since.min(doc.invoice.issue_date);
                }
                merged.push(Merged {
                    file: name.clone(),
                    summary: format!(
                        "{:?} {} for {} {} {} (due {}, from {})",
                        doc.kind,
                        doc.invoice.invoice_id,
                        doc.invoice.customer_id,
                        doc.invoice.amount,
                        doc.invoice.currency,
                        doc.invoice.due_date,
                        doc.due_date_source
                    ),
                });
                invoices.push(doc.invoice);
            }
            Err(p) => problems.push(p),
        }
    }
    (merged, problems)
}

/// Adds Peppol UBL documents to tables being imported (with [`merge`]): each added
/// invoice, and each new buyer, counts as a row read and accepted from its document in
/// the import report, so the documents are imported as tables, never written out as CSV
/// and parsed again.
pub fn add_to_tables(
    customers: &mut ParsedTable<Customer>,
    invoices: &mut ParsedTable<Invoice>,
    documents: &[(String, Vec<u8>)],
) -> (Vec<Merged>, Vec<Problem>) {
    let (first_customer, first_invoice) = (customers.rows.len(), invoices.rows.len());
    let (merged, problems) = merge(&mut customers.rows, &mut invoices.rows, documents);
    let file_of_invoice: std::collections::BTreeMap<String, String> = invoices.rows
        [first_invoice..]
        .iter()
        .zip(&merged)
        .map(|(i, m)| (i.invoice_id.to_string(), m.file.clone()))
        .collect();
    // A new buyer comes from the first document that names it.
    let mut file_of_buyer: std::collections::BTreeMap<String, String> = Default::default();
    for i in &invoices.rows[first_invoice..] {
        file_of_buyer
            .entry(i.customer_id.to_string())
            .or_insert_with(|| {
                file_of_invoice
                    .get(i.invoice_id.as_str())
                    .cloned()
                    .unwrap_or_default()
            });
    }
    invoices.adopt_rows(first_invoice, |i| {
        file_of_invoice
            .get(i.invoice_id.as_str())
            .cloned()
            .unwrap_or_default()
    });
    customers.adopt_rows(first_customer, |c| {
        file_of_buyer
            .get(c.customer_id.as_str())
            .cloned()
            .unwrap_or_default()
    });
    (merged, problems)
}

/// `customers.csv` and `invoices.csv` after [`merge_files`], with what happened.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MergedFiles {
    /// The new `customers.csv`.
    pub customers: Vec<u8>,
    /// The new `invoices.csv`.
    pub invoices: Vec<u8>,
    /// Customers in the new file.
    pub customer_count: usize,
    /// Invoices in the new file.
    pub invoice_count: usize,
    /// The documents added, one line each.
    pub merged: Vec<Merged>,
    /// The documents not added, each with why.
    pub problems: Vec<Problem>,
}

/// Adds Peppol UBL documents to the current `customers` and `invoices` files (either may
/// be absent: the file is created) and writes both again, with [`merge`]. Refuses, with
/// every problem, when a current file has a row that does not read: rewriting the file
/// would lose it. The one merge the CLI, the dashboard and the component all use.
pub fn merge_files(
    customers: Option<CsvFile<'_>>,
    invoices: Option<CsvFile<'_>>,
    documents: &[(String, Vec<u8>)],
) -> Result<MergedFiles, Vec<Problem>> {
    let (mut customers, mut invoices) =
        parse_pair_for_update::<Customer, Invoice>(customers, invoices)?;
    let (merged, problems) = merge(&mut customers, &mut invoices, documents);
    Ok(MergedFiles {
        customers: write_table(&customers),
        invoices: write_table(&invoices),
        customer_count: customers.len(),
        invoice_count: invoices.len(),
        merged,
        problems,
    })
}
