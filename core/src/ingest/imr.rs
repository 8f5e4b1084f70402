//! Peppol Invoice Responses (BIS 63, transaction T111; DOMAIN.md §7): the buyer's answer
//! to an invoice — acknowledged, in process, under query, conditionally accepted,
//! rejected, accepted or paid.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::report::Problem;
use super::ubl::{CAC, CBC, Ctx, in_namespace, is_element_named, parse_xml, path, text, utf8};

/// `cac:DocumentResponse/cac:Response/cbc:ResponseCode` (UNCL4343 subset used by
/// Peppol).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ResponseCode {
    /// Acknowledged: received (proof of receipt).
    #[serde(alias = "ab")]
    AB,
    /// In process.
    #[serde(alias = "ip")]
    IP,
    /// Under query: clarification required (opens a dispute).
    #[serde(alias = "uq")]
    UQ,
    /// Conditionally accepted.
    #[serde(alias = "ca")]
    CA,
    /// Rejected (final; opens a dispute).
    #[serde(alias = "re")]
    RE,
    /// Accepted (final; closes a dispute).
    #[serde(alias = "ap")]
    AP,
    /// Paid: payment initiated (final; payment expected, do not remind).
    #[serde(alias = "pd")]
    PD,
}

impl ResponseCode {
    /// Parses the code.
    pub fn parse(s: &str) -> Option<ResponseCode> {
        Some(match s {
            "AB" => ResponseCode::AB,
            "IP" => ResponseCode::IP,
            "UQ" => ResponseCode::UQ,
            "CA" => ResponseCode::CA,
            "RE" => ResponseCode::RE,
            "AP" => ResponseCode::AP,
            "PD" => ResponseCode::PD,
            _ => return None,
        })
    }
}

/// One Invoice Response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceResponse {
    /// Response id (`cbc:ID`).
    pub response_id: String,
    /// Issue date of the response.
    pub issue_date: NaiveDate,
    /// Date the status takes effect (`cbc:EffectiveDate`), if given.
    pub effective_date: Option<NaiveDate>,
    /// Status.
    pub code: ResponseCode,
    /// The invoice it answers (`cac:DocumentReference/cbc:ID`).
    pub invoice_id: String,
    /// Sender (the buyer) name.
    pub sender: String,
    /// Reason codes (`listID="OPStatusReason"`: NON, REF, LEG, …).
    pub reasons: Vec<String>,
    /// Requested actions (`listID="OPStatusAction"`: NOA, PIN, NIN, …).
    pub actions: Vec<String>,
    /// Free texts: status reasons, condition descriptions, notes.
    pub details: Vec<String>,
}

impl InvoiceResponse {
    /// The date the response counts from: the effective date, else the issue date.
    pub fn date(&self) -> NaiveDate {
        self.effective_date.unwrap_or(self.issue_date)
    }
}

const ROOT_NS: &str = "urn:oasis:names:specification:ubl:schema:xsd:ApplicationResponse-2";

/// The bytes at the start of an XML file that [`is_response`] looks in for the root.
pub const RESPONSE_ROOT_WITHIN: usize = 2048;

/// Whether an XML file is an Invoice Response (an `ApplicationResponse` root within its
/// first [`RESPONSE_ROOT_WITHIN`] bytes) rather than an invoice or credit note: how a
/// folder or a drop of mixed Peppol files is sorted.
pub fn is_response(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(RESPONSE_ROOT_WITHIN)];
    String::from_utf8_lossy(head).contains("ApplicationResponse")
}

/// Parses one Invoice Response from its bytes: [`parse_response`], and a file that is
/// not UTF-8 is a problem too.
pub fn parse_response_bytes(file: &str, bytes: &[u8]) -> Result<InvoiceResponse, Problem> {
    parse_response(file, utf8(file, bytes)?)
}

/// Parses Invoice Responses `(file name, bytes)`: those that read, and a problem for
/// each one that does not.
pub fn parse_responses(documents: &[(String, Vec<u8>)]) -> (Vec<InvoiceResponse>, Vec<Problem>) {
    let mut read = Vec::new();
    let mut refused = Vec::new();
    for (name, bytes) in documents {
        match parse_response_bytes(name, bytes) {
            Ok(r) => read.push(r),
            Err(p) => refused.push(p),
        }
    }
    (read, refused)
}

/// Parses one Invoice Response. Problems name the file, the line of the element and
/// the field; malformed XML is a problem, never a panic.
pub fn parse_response(file: &str, xml: &str) -> Result<InvoiceResponse, Problem> {
    let doc = parse_xml(file, xml)?;
    let cx = Ctx::new(file, &doc);
    let root = doc.root_element();
    if !is_element_named(root, ROOT_NS, "ApplicationResponse") {
        return Err(cx.problem(
            Some(root),
            "root",
            format!(
                "not a Peppol Invoice Response (root element {:?})",
                root.tag_name().name()
            ),
        ));
    }
    let required = |steps: &[(&str, &str)], what: &str| {
        let n = path(root, steps);
        text(n).ok_or_else(|| cx.problem(n.or(Some(root)), what, format!("{what} is missing")))
    };
    let date = |steps: &[(&str, &str)], what: &str, s: &str| {
        s.parse::<NaiveDate>().map_err(|_| {
            cx.problem(
                path(root, steps),
                what,
                format!("{what} {s:?} is not an ISO date"),
            )
        })
    };
    let id = required(&[(CBC, "ID")], "ID")?;
    let issue = required(&[(CBC, "IssueDate")], "IssueDate")?;
    let issue_date = date(&[(CBC, "IssueDate")], "IssueDate", issue)?;
    let resp = [(CAC, "DocumentResponse"), (CAC, "Response")];
    let code_path = [resp[0], resp[1], (CBC, "ResponseCode")];
    let code_s = required(&code_path, "ResponseCode")?;
    let code = ResponseCode::parse(code_s).ok_or_else(|| {
        cx.problem(
            path(root, &code_path),
            "ResponseCode",
            format!("unknown response code {code_s:?} (expected AB, IP, UQ, CA, RE, AP or PD)"),
        )
    })?;
    let eff_path = [resp[0], resp[1], (CBC, "EffectiveDate")];
    let effective_date = match text(path(root, &eff_path)) {
        Some(s) => Some(date(&eff_path, "EffectiveDate", s)?),
        None => None,
    };
    let invoice_id = required(
        &[
            (CAC, "DocumentResponse"),
            (CAC, "DocumentReference"),
            (CBC, "ID"),
        ],
        "DocumentReference/ID",
    )?;
    let sender = text(path(
        root,
        &[
            (CAC, "SenderParty"),
            (CAC, "PartyLegalEntity"),
            (CBC, "RegistrationName"),
        ],
    ))
    .unwrap_or_default();
    let mut reasons = Vec::new();
    let mut actions = Vec::new();
    let mut details = Vec::new();
    if let Some(note) = text(path(root, &[(CBC, "Note")])) {
        details.push(note.to_string());
    }
    if let Some(r) = path(root, &resp[..]) {
        // `cac:Status`, and in it the `cbc:` elements only (BIS 63: `StatusReasonCode`,
        // `StatusReason`, a `Condition`'s `Description`): an element of another
        // namespace that happens to bear one of these names (an extension's) is not
        // the buyer's answer, as in every other lookup of the UBL readers.
        for status in r.children().filter(|c| is_element_named(*c, CAC, "Status")) {
            for c in status.descendants().filter(|c| in_namespace(*c, CBC)) {
                let t = text(Some(c));
                match (c.tag_name().name(), c.attribute("listID"), t) {
                    ("StatusReasonCode", Some("OPStatusAction"), Some(t)) => {
                        actions.push(t.to_string())
                    }
                    ("StatusReasonCode", _, Some(t)) => reasons.push(t.to_string()),
                    ("StatusReason" | "Description", _, Some(t)) => details.push(t.to_string()),
                    _ => {}
                }
            }
        }
    }
    Ok(InvoiceResponse {
        response_id: id.to_string(),
        issue_date,
        effective_date,
        code,
        invoice_id: invoice_id.to_string(),
        sender: sender.to_string(),
        reasons,
        actions,
        details,
    })
}
