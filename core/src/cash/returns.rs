//! SEPA direct-debit returns and reversals: the reason a bank gives, in words, and the
//! collection it cancels.
//!
//! Reason codes: ISO 20022 ExternalReturnReason1Code, as the European Payments
//! Council's "Guidance on reason codes for SDD R-transactions" (EPC173-14) uses them
//! for SEPA Direct Debit returns, refunds and reversals. The wording is ours; the codes
//! and their meaning follow that guidance (not re-checked with the search tool in this
//! version: a code missing here is shown as "reason code XXXX").

/// The meaning of a return reason code, or `None` when this table does not know it.
pub fn meaning(code: &str) -> Option<&'static str> {
    Some(match code {
        "AC01" => "account identifier incorrect",
        "AC04" => "account closed",
        "AC06" => "account blocked, or blocked for direct debits by the debtor",
        "AC13" => "debtor account is a consumer account (B2B scheme)",
        "AG01" => "direct debits forbidden on this account",
        "AG02" => "operation code or transaction type incorrect",
        "AM04" => "insufficient funds",
        "AM05" => "duplicate collection",
        "BE05" => "creditor identifier incorrect",
        "CNOR" => "creditor bank not reachable",
        "DNOR" => "debtor bank not reachable",
        "ED05" => "settlement failed",
        "FF01" => "invalid file format",
        "MD01" => "no valid mandate",
        "MD02" => "mandate data missing or incorrect",
        "MD06" => "refund requested by the debtor (disputed within 8 weeks)",
        "MD07" => "debtor deceased",
        "MS02" => "refused by the debtor, no reason given",
        "MS03" => "refused by the debtor's bank, no reason given",
        "RC01" => "bank identifier (BIC) incorrect",
        "RR01" => "debtor account or identification missing (regulatory)",
        "RR02" => "debtor name or address missing (regulatory)",
        "RR03" => "creditor name or address missing (regulatory)",
        "RR04" => "regulatory reason",
        "SL01" => "specific service offered by the debtor's bank (blocked creditor)",
        "FOCR" => "returned after a cancellation request",
        "DUPL" => "duplicate payment",
        "TECH" => "technical problem",
        "FRAD" => "fraud",
        _ => return None,
    })
}

/// The reason of a return in words: `AM04 (insufficient funds)`.
pub fn describe(code: &str) -> String {
    match meaning(code) {
        Some(m) => format!("{code} ({m})"),
        None => format!("reason code {code}"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn known_and_unknown_codes() {
        assert_eq!(super::describe("AM04"), "AM04 (insufficient funds)");
        assert_eq!(super::describe("ZZ99"), "reason code ZZ99");
    }
}
