//! The regime that decides what a late payer owes: chosen from the countries of the
//! creditor and the debtor and whether the debtor is a consumer (DOMAIN.md §6a).

use serde::{Deserialize, Serialize};

use super::country::Country;

/// A body of late-payment law the engine applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Regime {
    /// Belgium, consumers: Book XIX Code of Economic Law (law of 4 May 2023).
    BeB2c,
    /// Belgium, businesses: law of 2 August 2002 on late payment in commercial
    /// transactions.
    BeB2b,
    /// Netherlands, consumers: art. 6:96 BW with the WIK decree (after a lawful 14-day
    /// letter) and the *wettelijke rente* (art. 6:119 BW).
    NlB2c,
    /// Netherlands, businesses: art. 6:96 BW with the WIK decree and the *wettelijke
    /// handelsrente* (art. 6:119a BW).
    NlB2b,
    /// Another EU member state, businesses: the minimum of Directive 2011/7/EU.
    EuB2b,
    /// No statutory costs or interest the engine knows of (a consumer elsewhere in the
    /// EU, any debtor under a law outside the EU): only what a contract clause sets.
    None,
}

impl Regime {
    /// Every regime, in a fixed order (`None` last).
    pub const ALL: [Regime; 6] = [
        Regime::BeB2c,
        Regime::BeB2b,
        Regime::NlB2c,
        Regime::NlB2b,
        Regime::EuB2b,
        Regime::None,
    ];

    /// Whether the regime protects a consumer debtor.
    pub fn is_consumer(self) -> bool {
        matches!(self, Regime::BeB2c | Regime::NlB2c)
    }

    /// The id (`be-b2c`, …, `none`).
    pub fn as_str(self) -> &'static str {
        match self {
            Regime::BeB2c => "be-b2c",
            Regime::BeB2b => "be-b2b",
            Regime::NlB2c => "nl-b2c",
            Regime::NlB2b => "nl-b2b",
            Regime::EuB2b => "eu-b2b",
            Regime::None => "none",
        }
    }

    /// The statutes the regime applies, as a citation.
    pub fn law(self) -> &'static str {
        match self {
            Regime::BeB2c => {
                "Book XIX Code of Economic Law, art. XIX.2-XIX.4 (law of 4 May 2023, in force 1 Sept 2023); legal interest rate, law of 5 May 1865"
            }
            Regime::BeB2b => {
                "law of 2 August 2002 on combating late payment in commercial transactions, art. 4-6"
            }
            Regime::NlB2c => {
                "art. 6:96 lid 5-6 BW and Besluit vergoeding voor buitengerechtelijke incassokosten art. 2; art. 6:119 BW (wettelijke rente)"
            }
            Regime::NlB2b => {
                "art. 6:96 lid 4-5 BW and Besluit vergoeding voor buitengerechtelijke incassokosten art. 2; art. 6:119a BW (wettelijke handelsrente)"
            }
            Regime::EuB2b => {
                "Directive 2011/7/EU on combating late payment, art. 3, 4 and 6 (minimum)"
            }
            Regime::None => {
                "no statutory late-payment costs applied; only a contract clause can add them"
            }
        }
    }

    /// The law that applies to a debt of `debtor` to `creditor` and its regime. A
    /// consumer: the law of the consumer's country (Rome I art. 6, for a business that
    /// directs its activity there). A business: the law the contract chose (`chosen`,
    /// Rome I art. 3), else the creditor's (art. 4: the seller or service provider).
    pub fn applicable(
        creditor: &Country,
        debtor: &Country,
        b2c: bool,
        chosen: Option<&Country>,
    ) -> (Country, Regime) {
        let law = if b2c {
            debtor.clone()
        } else {
            chosen.unwrap_or(creditor).clone()
        };
        let regime = match (law.as_str(), b2c) {
            ("BE", true) => Regime::BeB2c,
            ("BE", false) => Regime::BeB2b,
            ("NL", true) => Regime::NlB2c,
            ("NL", false) => Regime::NlB2b,
            (_, false) if law.in_eu() => Regime::EuB2b,
            _ => Regime::None,
        };
        (law, regime)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(s: &str) -> Country {
        Country::parse(s).unwrap()
    }

    #[test]
    fn consumers_get_their_own_law_and_businesses_the_creditors() {
        // A Belgian creditor and a Dutch consumer: Dutch consumer law (Rome I art. 6).
        assert_eq!(
            Regime::applicable(&c("BE"), &c("NL"), true, None),
            (c("NL"), Regime::NlB2c)
        );
        // The same creditor and a Dutch business: Belgian law (art. 4).
        assert_eq!(
            Regime::applicable(&c("BE"), &c("NL"), false, None),
            (c("BE"), Regime::BeB2b)
        );
        // A contract that chose Dutch law for that business.
        assert_eq!(
            Regime::applicable(&c("BE"), &c("NL"), false, Some(&c("NL"))),
            (c("NL"), Regime::NlB2b)
        );
        // A German creditor's business debtor: the Directive's minimum.
        assert_eq!(
            Regime::applicable(&c("DE"), &c("BE"), false, None).1,
            Regime::EuB2b
        );
        // A French consumer, a Swiss creditor's customer: nothing statutory.
        assert_eq!(
            Regime::applicable(&c("BE"), &c("FR"), true, None).1,
            Regime::None
        );
        assert_eq!(
            Regime::applicable(&c("CH"), &c("BE"), false, None).1,
            Regime::None
        );
    }
}
