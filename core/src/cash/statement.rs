//! A bank statement as Rappel reads it, whatever the file: ISO 20022 camt.053 (end of
//! day) and camt.054 (notifications), or Belgian CODA. One [`BankTransaction`] per
//! movement of money: a batched entry is split into its transactions, so each can be
//! matched to what it pays.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::Money;

/// The kind of file a statement came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BankFormat {
    /// ISO 20022 BankToCustomerStatement, e.g. version `001.02`.
    Camt053 {
        /// Message version (`001.02` … `001.13`).
        version: String,
    },
    /// ISO 20022 BankToCustomerDebitCreditNotification.
    Camt054 {
        /// Message version.
        version: String,
    },
    /// Febelfin CODA, version 2.
    Coda,
}

impl std::fmt::Display for BankFormat {
    /// `camt.053.001.02`, `camt.054.001.04`, `coda`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BankFormat::Camt053 { version } => write!(f, "camt.053.{version}"),
            BankFormat::Camt054 { version } => write!(f, "camt.054.{version}"),
            BankFormat::Coda => f.write_str("coda"),
        }
    }
}

/// One statement (or notification) of one account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BankStatement {
    /// The file as the user named it.
    pub file: String,
    /// Its format.
    pub format: BankFormat,
    /// The statement's id (`Stmt/Id`, `Ntfctn/Id`; CODA: account, date and sequence
    /// number): with an entry's reference, it names a payment for good.
    pub id: String,
    /// The account's IBAN (or other id), if given.
    pub account: Option<String>,
    /// The account currency, if given.
    pub currency: Option<String>,
    /// Opening balance (`OPBD`/`PRCD`; CODA record 1), signed.
    pub opening: Option<Money>,
    /// Closing booked balance (`CLBD`; CODA record 8), signed.
    pub closing: Option<Money>,
    /// The statement's date: the last booking date, else the closing balance's.
    pub date: Option<NaiveDate>,
    /// The movements, in file order.
    pub transactions: Vec<BankTransaction>,
}

/// The other party of a movement: the debtor of a credit, the creditor of a debit.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Counterparty {
    /// Name.
    pub name: Option<String>,
    /// Account (IBAN, or the other id the bank gives).
    pub iban: Option<String>,
    /// Postal address lines, in file order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub address: Vec<String>,
}

/// A creditor reference in the remittance information (`Strd/CdtrRefInf`; CODA
/// structured communication), as written: its check digits are verified on matching.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreditorReference {
    /// The reference.
    pub reference: String,
    /// Its type as the bank states it (`SCOR`, `QRR`, `ISR Reference`, CODA `101`).
    pub kind: Option<String>,
}

/// One movement of money on the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BankTransaction {
    /// Stable id: the statement id, the entry's bank reference (else its position) and,
    /// in a batch, the transaction's position. Importing the same statement twice gives
    /// the same ids, so nothing is applied twice.
    pub id: String,
    /// Physical line in the file where the movement starts.
    pub line: u64,
    /// Amount, positive for money in (credit), negative for money out (debit).
    pub amount: Money,
    /// Currency.
    pub currency: String,
    /// Booking date.
    pub booking_date: NaiveDate,
    /// Value date, if given.
    pub value_date: Option<NaiveDate>,
    /// The entry's reference from the bank (`AcctSvcrRef`, else `NtryRef`; CODA bank
    /// reference).
    pub entry_reference: Option<String>,
    /// The transaction's own account-servicer reference, if given.
    pub servicer_reference: Option<String>,
    /// End-to-end id set by the payer (or by the creditor, for a direct debit).
    pub end_to_end_id: Option<String>,
    /// Instruction id.
    pub instruction_id: Option<String>,
    /// Direct-debit mandate id.
    pub mandate_id: Option<String>,
    /// Who paid (or was paid).
    pub counterparty: Counterparty,
    /// Structured creditor reference, if any.
    pub structured: Option<CreditorReference>,
    /// Unstructured remittance information (each `Ustrd`; CODA free communication).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unstructured: Vec<String>,
    /// Additional transaction information (`AddtlTxInf`).
    pub additional_info: Option<String>,
    /// Additional entry information (`AddtlNtryInf`).
    pub entry_info: Option<String>,
    /// The entry's bank transaction code: `Domain-Family-SubFamily` (`PMNT-RCDT-ESCT`),
    /// else the proprietary code; CODA: the 8-digit transaction code.
    pub bank_code: Option<String>,
    /// The transaction's own code when it differs from the entry's.
    pub detail_code: Option<String>,
    /// The return reason (`RtrInf/Rsn/Cd`; CODA record 2.2), e.g. `AM04`.
    pub return_reason: Option<String>,
    /// Whether the bank marks the entry as a reversal (`RvslInd`).
    pub reversal: bool,
}

impl BankTransaction {
    /// A movement `id` of `amount` in `currency` booked on `booking_date`, with no other
    /// particulars yet (the readers and the generator fill them in).
    pub fn new(
        id: &str,
        booking_date: NaiveDate,
        amount: Money,
        currency: &str,
    ) -> BankTransaction {
        BankTransaction {
            id: id.to_string(),
            line: 0,
            amount,
            currency: currency.to_string(),
            booking_date,
            value_date: None,
            entry_reference: None,
            servicer_reference: None,
            end_to_end_id: None,
            instruction_id: None,
            mandate_id: None,
            counterparty: Counterparty::default(),
            structured: None,
            unstructured: Vec::new(),
            additional_info: None,
            entry_info: None,
            bank_code: None,
            detail_code: None,
            return_reason: None,
            reversal: false,
        }
    }

    /// All the free text a payer may have written: unstructured remittance, additional
    /// information, and a structured reference (which may be a mistyped one).
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        self.unstructured
            .iter()
            .map(String::as_str)
            .chain(self.additional_info.as_deref())
            .chain(self.structured.as_ref().map(|s| s.reference.as_str()))
    }

    /// Whether the movement undoes a direct debit: a reversal, or a debit with a return
    /// reason.
    pub fn is_return(&self) -> bool {
        self.reversal || (self.return_reason.is_some() && self.amount.is_sign_negative())
    }
}
