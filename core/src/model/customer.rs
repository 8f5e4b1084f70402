use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Id, Money};

/// A customer (debtor) account, one row of `customers.csv`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Customer {
    /// Unique account number.
    pub customer_id: Id,
    /// Legal or trading name.
    pub name: String,
    /// Free segment label used to group KPIs; empty means "to be derived by the policy".
    pub segment: String,
    /// Market sector, the primary segmentation of seed 000; `None` when unknown
    /// (e.g. a buyer first seen on a Peppol invoice).
    pub sector: Option<Sector>,
    /// Credit limit; `None` means no limit has been set.
    pub credit_limit: Option<Money>,
    /// Date the account was opened (drives the "new customer" lifecycle segment).
    pub customer_since: NaiveDate,
    /// Language for correspondence; `None` when unknown.
    pub language: Option<Language>,
    /// `true` for consumers: consumer law limits what collection costs may be charged.
    pub b2c: bool,
    /// Account status (optional column; empty means active). Drives the lifecycle
    /// segment and the insolvency hold.
    #[serde(default)]
    pub status: CustomerStatus,
    /// External credit score (e.g. Graydon, Creditsafe), on the scale the policy's risk
    /// classes use; `None` when not known (optional column).
    #[serde(default)]
    pub external_score: Option<Money>,
    /// Country of the customer's address, ISO 3166-1 alpha-2 (optional column; `None`:
    /// the creditor's country). With `b2c` it decides which law governs late-payment
    /// costs and interest ([`crate::collections::law::Regime::applicable`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<crate::collections::law::Country>,
    /// The customer's bank accounts (optional column `iban`, several separated by `;`),
    /// checked and in electronic form: a payment from one of them is this customer's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ibans: Vec<String>,
}

/// Where an account stands in the credit manager's process (optional `status` column of
/// `customers.csv`; seed 004's lifecycle segments "delivery stopped" and "at collection
/// partner", and the insolvency hold of DESIGN.md).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum CustomerStatus {
    /// Normal account.
    #[default]
    Active,
    /// Deliveries are stopped until the account is brought back in order.
    DeliveryStopped,
    /// Claims were handed over to a collection partner: no more reminders from us.
    CollectionPartner,
    /// Bankruptcy, moratorium or court-approved restructuring (WCO / gerechtelijke
    /// reorganisatie): collection is suspended by law, dunning is held.
    Insolvent,
}

impl CustomerStatus {
    /// All statuses, in a fixed order.
    pub const ALL: [CustomerStatus; 4] = [
        CustomerStatus::Active,
        CustomerStatus::DeliveryStopped,
        CustomerStatus::CollectionPartner,
        CustomerStatus::Insolvent,
    ];

    /// The CSV spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            CustomerStatus::Active => "active",
            CustomerStatus::DeliveryStopped => "delivery_stopped",
            CustomerStatus::CollectionPartner => "collection_partner",
            CustomerStatus::Insolvent => "insolvent",
        }
    }

    /// Parses the CSV spelling (case-insensitive).
    pub fn parse(s: &str) -> Option<CustomerStatus> {
        CustomerStatus::ALL
            .into_iter()
            .find(|x| x.as_str().eq_ignore_ascii_case(s))
    }
}

/// Market sector of a customer (seed 000: residential, tertiary, industrial).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sector {
    /// Installers, contractors, small trades working for households.
    Residential,
    /// Offices, public bodies, hospitals, schools.
    Tertiary,
    /// Manufacturing and large industrial accounts.
    Industrial,
}

impl Sector {
    /// All sectors, in a fixed order.
    pub const ALL: [Sector; 3] = [Sector::Residential, Sector::Tertiary, Sector::Industrial];

    /// The CSV spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Sector::Residential => "residential",
            Sector::Tertiary => "tertiary",
            Sector::Industrial => "industrial",
        }
    }

    /// Parses the CSV spelling (case-insensitive).
    pub fn parse(s: &str) -> Option<Sector> {
        Sector::ALL
            .into_iter()
            .find(|x| x.as_str().eq_ignore_ascii_case(s))
    }
}

/// Correspondence language (templates exist per language).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    /// Dutch.
    Nl,
    /// French.
    Fr,
    /// English.
    En,
    /// German.
    De,
}

impl Language {
    /// All languages, in a fixed order.
    pub const ALL: [Language; 4] = [Language::Nl, Language::Fr, Language::En, Language::De];

    /// The ISO 639-1 code used in the CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            Language::Nl => "nl",
            Language::Fr => "fr",
            Language::En => "en",
            Language::De => "de",
        }
    }

    /// Parses an ISO 639-1 code (case-insensitive).
    pub fn parse(s: &str) -> Option<Language> {
        Language::ALL
            .into_iter()
            .find(|x| x.as_str().eq_ignore_ascii_case(s))
    }
}
