//! Why a customer has its worklist rank: one [`Factor`] per part of the score, with what
//! it added, written out in the collector's language.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::locale;
use crate::model::{Language, Money};

/// One part of a worklist score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "factor", rename_all = "snake_case")]
pub enum Factor {
    /// The overdue amount, on this many invoices.
    Overdue {
        /// Amount overdue.
        amount: Money,
        /// Invoices overdue.
        invoices: usize,
        /// Points added.
        points: Decimal,
    },
    /// The age of the oldest overdue item.
    OldestItem {
        /// Days overdue.
        days: i64,
        /// Points added.
        points: Decimal,
    },
    /// Promises broken in the last 90 days.
    BrokenPromises {
        /// How many.
        count: usize,
        /// Points added.
        points: Decimal,
    },
    /// A month-end payer that has not paid its oldest item this many days after that
    /// month end.
    PastMonthEnd {
        /// Days past the habitual date.
        days: i64,
        /// Points added.
        points: Decimal,
    },
    /// A customer that usually pays `usual_days` after due, now `days` past that.
    PastUsualDelay {
        /// Usual days after the due date.
        usual_days: i64,
        /// Days past the habitual date.
        days: i64,
        /// Points added.
        points: Decimal,
    },
    /// Open disputes: the score is multiplied.
    OpenDisputes {
        /// How many.
        count: usize,
        /// Multiplier.
        multiplier: Decimal,
    },
    /// A promise to pay is pending: the score is multiplied.
    PromisePending {
        /// Multiplier.
        multiplier: Decimal,
    },
}

impl Factor {
    /// The factor as one line in `lang` (amounts and numbers in its convention).
    pub fn text(&self, lang: Language, currency: &str) -> String {
        use Language::*;
        let n = |x: Decimal| locale::number(x, 2, lang);
        match self {
            Factor::Overdue {
                amount,
                invoices,
                points,
            } => {
                let m = locale::money(*amount, currency, lang);
                let p = n(*points);
                match lang {
                    Nl => format!("{m} achterstallig op {invoices} factuur/facturen: {p} punten"),
                    Fr => format!("{m} échus sur {invoices} facture(s) : {p} points"),
                    De => format!("{m} überfällig auf {invoices} Rechnung(en): {p} Punkte"),
                    En => format!("{m} overdue on {invoices} invoice(s): {p} points"),
                }
            }
            Factor::OldestItem { days, points } => {
                let p = n(*points);
                match lang {
                    Nl => format!("oudste post {days} dagen over de vervaldag: {p} punten"),
                    Fr => format!("poste le plus ancien échu depuis {days} jours : {p} points"),
                    De => format!("älteste Position {days} Tage überfällig: {p} Punkte"),
                    En => format!("oldest item {days} days overdue: {p} points"),
                }
            }
            Factor::BrokenPromises { count, points } => {
                let p = n(*points);
                match lang {
                    Nl => format!(
                        "{count} betaalbelofte(n) gebroken in de laatste 90 dagen: {p} punten"
                    ),
                    Fr => format!(
                        "{count} promesse(s) de paiement non tenue(s) en 90 jours : {p} points"
                    ),
                    De => format!(
                        "{count} Zahlungszusage(n) in den letzten 90 Tagen gebrochen: {p} Punkte"
                    ),
                    En => format!("{count} promise(s) broken in the last 90 days: {p} points"),
                }
            }
            Factor::PastMonthEnd { days, points } => {
                let p = n(*points);
                match lang {
                    Nl => format!(
                        "betaalt gewoonlijk aan het einde van de maand, nu {days} dagen daarna niets voor de oudste post: {p} punten"
                    ),
                    Fr => format!(
                        "paie d'habitude en fin de mois, rien pour le poste le plus ancien {days} jours après : {p} points"
                    ),
                    De => format!(
                        "zahlt gewöhnlich zum Monatsende, {days} Tage danach nichts für die älteste Position: {p} Punkte"
                    ),
                    En => format!(
                        "usually pays at month end, nothing for the oldest item {days} days after that: {p} points"
                    ),
                }
            }
            Factor::PastUsualDelay {
                usual_days,
                days,
                points,
            } => {
                let p = n(*points);
                match lang {
                    Nl => format!(
                        "betaalt gewoonlijk {usual_days} dagen na de vervaldag; nu {days} dagen later dan dat: {p} punten"
                    ),
                    Fr => format!(
                        "paie d'habitude {usual_days} jours après l'échéance ; maintenant {days} jours de plus : {p} points"
                    ),
                    De => format!(
                        "zahlt gewöhnlich {usual_days} Tage nach Fälligkeit; jetzt {days} Tage darüber: {p} Punkte"
                    ),
                    En => format!(
                        "usually pays {usual_days} days after due; now {days} days past that: {p} points"
                    ),
                }
            }
            Factor::OpenDisputes { count, multiplier } => {
                let x = n(*multiplier);
                match lang {
                    Nl => format!("{count} open geschil(len): score × {x}"),
                    Fr => format!("{count} litige(s) ouvert(s) : score × {x}"),
                    De => format!("{count} offene Reklamation(en): Punktzahl × {x}"),
                    En => format!("{count} open dispute(s): score × {x}"),
                }
            }
            Factor::PromisePending { multiplier } => {
                let x = n(*multiplier);
                match lang {
                    Nl => format!("betaalbelofte loopt: score × {x}"),
                    Fr => format!("promesse de paiement en cours : score × {x}"),
                    De => format!("Zahlungszusage läuft: Punktzahl × {x}"),
                    En => format!("promise to pay pending: score × {x}"),
                }
            }
        }
    }
}
