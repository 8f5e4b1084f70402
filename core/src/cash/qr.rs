//! The QR code a letter prints so that the customer's banking app fills in the transfer
//! and the money comes back with its reference: the European Payments Council's
//! "Quick Response Code — Guidelines to Enable the Data Capture for the Initiation of a
//! SEPA Credit Transfer" (EPC069-12, version 002): lines `BCD`, `002`, `1` (UTF-8), `SCT`,
//! the BIC (optional in version 002), the beneficiary's name (≤ 70), IBAN, `EUR` and the
//! amount (0.01–999 999 999.99), an empty purpose, then either a structured creditor
//! reference (≤ 35) or remittance text (≤ 140), never both. Error correction level M.
//!
//! An RF reference goes in the structured field; a Belgian OGM/VCS, which is not an
//! ISO 11649 reference, goes in the remittance text in its printed form
//! (`+++123/4567/89002+++`), which Belgian banks read as the structured communication
//! (our choice: the guideline names ISO 11649 for the structured field; not confirmed
//! with the search tool whether Belgian apps accept an OGM there).

use qrcode::{EcLevel, QrCode};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::reference::PaymentReference;
use crate::model::Money;

/// The payload of an EPC QR code for a transfer of `amount` euros to `name`'s `iban`
/// (`bic` optional) quoting `reference`; `Err` says which element cannot be encoded.
pub fn epc_payload(
    name: &str,
    iban: &str,
    bic: &str,
    amount: Money,
    reference: &str,
) -> Result<String, String> {
    let iban = super::iban::normalize(iban)?;
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 70 {
        return Err(format!("beneficiary name {name:?}: 1 to 70 characters"));
    }
    let bic = bic.trim();
    if !(bic.is_empty() || bic.len() == 8 || bic.len() == 11) {
        return Err(format!("BIC {bic:?}: 8 or 11 characters"));
    }
    let cents = amount.round_dp(2);
    if cents < Decimal::new(1, 2) || cents > Decimal::new(99_999_999_999, 2) || cents != amount {
        return Err(format!(
            "amount {amount}: from 0.01 to 999999999.99 euros, in cents"
        ));
    }
    let (structured, text) = match PaymentReference::read(reference) {
        Ok(Some(r @ PaymentReference::Rf(_))) => (r.key().to_string(), String::new()),
        Ok(Some(r @ PaymentReference::Ogm(_))) => (String::new(), r.printed()),
        _ if reference.chars().count() <= 140 => (String::new(), reference.trim().to_string()),
        _ => return Err(format!("reference {reference:?}: at most 140 characters")),
    };
    let lines = [
        "BCD",
        "002",
        "1",
        "SCT",
        bic,
        name,
        &iban,
        &format!("EUR{}", cents.normalize()),
        "",
        &structured,
        &text,
    ];
    // Nothing after the last element given.
    let used = lines.iter().rposition(|l| !l.is_empty()).unwrap_or(0);
    Ok(lines[..=used].join("\n"))
}

/// Who is paid: the creditor's name, IBAN and BIC, as the policy's `[creditor]` gives them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Payee<'a> {
    /// Name on the account.
    pub name: &'a str,
    /// IBAN.
    pub iban: &'a str,
    /// BIC, may be empty.
    pub bic: &'a str,
}

/// A transfer a document asks for, with its EPC069-12 QR code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferQr {
    /// The amount asked.
    pub amount: Money,
    /// The reference to quote.
    pub reference: String,
    /// The QR code's text ([`epc_payload`]).
    pub payload: String,
    /// The QR code as an SVG image.
    pub svg: String,
}

impl Payee<'_> {
    /// The QR code of a transfer of `amount` to this payee quoting `reference`, `size`
    /// pixels wide: `None` when the portfolio is not in euros (the EPC code is for SEPA
    /// credit transfers in euros) or an element cannot be encoded (no IBAN, say).
    pub fn transfer(
        &self,
        currency: &str,
        amount: Money,
        reference: &str,
        size: u32,
    ) -> Option<TransferQr> {
        if currency != "EUR" {
            return None;
        }
        let payload = epc_payload(self.name, self.iban, self.bic, amount, reference).ok()?;
        let svg = svg(&payload, size).ok()?;
        Some(TransferQr {
            amount,
            reference: reference.to_string(),
            payload,
            svg,
        })
    }
}

/// The QR code of `payload` as an SVG image (`size` pixels at least), level M, as an
/// `<svg>` element to put inline in HTML (without the XML declaration).
pub fn svg(payload: &str, size: u32) -> Result<String, String> {
    let code = QrCode::with_error_correction_level(payload.as_bytes(), EcLevel::M)
        .map_err(|e| format!("QR code: {e}"))?;
    let image = code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(size, size)
        .build();
    Ok(match image.find("<svg") {
        Some(at) => image[at..].to_string(),
        None => image,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_follow_the_guideline() {
        let d = |s: &str| s.parse::<Money>().unwrap();
        // An OGM: in the remittance text; no BIC; the amount without trailing zeros.
        let p = epc_payload(
            "Groothandel NV",
            "BE68 5390 0754 7034",
            "",
            d("1250.40"),
            "+++000/0000/04242+++",
        )
        .unwrap();
        assert_eq!(
            p,
            "BCD\n002\n1\nSCT\n\nGroothandel NV\nBE68539007547034\nEUR1250.4\n\n\n+++000/0000/04242+++"
        );
        // An RF: in the structured field, and nothing after it.
        let p = epc_payload(
            "Groothandel NV",
            "BE68539007547034",
            "GEBABEBB",
            d("15"),
            "RF18 5390 0754 7034",
        )
        .unwrap();
        assert_eq!(
            p,
            "BCD\n002\n1\nSCT\nGEBABEBB\nGroothandel NV\nBE68539007547034\nEUR15\n\nRF18539007547034"
        );
        assert!(epc_payload("X", "BE68539007547035", "", d("1"), "").is_err());
        assert!(epc_payload("X", "BE68539007547034", "", d("0.001"), "").is_err());
        assert!(epc_payload("X", "BE68539007547034", "", d("1000000000"), "").is_err());
    }

    #[test]
    fn the_image_decodes_to_the_payload() {
        let p = epc_payload(
            "Groothandel NV",
            "BE68539007547034",
            "",
            Money::new(125040, 2),
            "+++000/0000/04242+++",
        )
        .unwrap();
        let code = QrCode::with_error_correction_level(p.as_bytes(), EcLevel::M).unwrap();
        let w = code.width();
        let colors = code.to_colors();
        // Each module 4 pixels, with a quiet zone of 4 modules.
        let scale = 4;
        let side = (w + 8) * scale;
        let mut img = rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| {
            let (mx, my) = (x / scale, y / scale);
            if mx < 4 || my < 4 || mx >= w + 4 || my >= w + 4 {
                return 255;
            }
            match colors[(my - 4) * w + (mx - 4)] {
                qrcode::Color::Dark => 0,
                qrcode::Color::Light => 255,
            }
        });
        let grids = img.detect_grids();
        assert_eq!(grids.len(), 1);
        let (_, text) = grids[0].decode().unwrap();
        assert_eq!(text, p);
        assert!(svg(&p, 160).unwrap().starts_with("<svg"));
    }
}
