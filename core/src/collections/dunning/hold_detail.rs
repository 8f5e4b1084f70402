//! What holds an item back, with its particulars, written out in the collector's
//! language (the reason code alone is [`super::HoldReason`]).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::locale;
use crate::model::{Language, Money};

/// The particulars of a hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum HoldDetail {
    /// Insolvency or restructuring (WCO): collection suspended on every open invoice.
    Insolvent {
        /// Open invoices of the account.
        open_invoices: usize,
    },
    /// The account is with the collection partner.
    CollectionPartner,
    /// No dunning process applies; why, as the policy's segmentation says it.
    NoProcess {
        /// The policy's reason.
        reason: String,
    },
    /// An open dispute.
    Dispute {
        /// Dispute.
        dispute_id: String,
        /// Opened on.
        opened_on: NaiveDate,
        /// Not assessed within the 48-hour SLA.
        assessment_overdue: bool,
    },
    /// A payment plan being kept.
    PlanKept {
        /// Plan.
        plan_id: String,
        /// The next instalment's due date and amount; none when all are paid.
        next: Option<(NaiveDate, Money)>,
    },
    /// A promise to pay, pending.
    Promise {
        /// Pending until.
        until: NaiveDate,
    },
    /// What is due is below the step's minimum amount.
    BelowMinimum {
        /// Invoices.
        invoices: usize,
        /// Their open balance.
        total: Money,
        /// The step's minimum.
        minimum: Money,
    },
}

impl HoldDetail {
    /// The particulars as one line in `lang` (amounts and dates in its convention).
    pub fn text(&self, lang: Language, currency: &str) -> String {
        use Language::*;
        let m = |x: Money| locale::money(x, currency, lang);
        let d = |x: NaiveDate| locale::date(x, lang);
        match self {
            HoldDetail::Insolvent { open_invoices: n } => match lang {
                Nl => format!(
                    "faillissement of herstructurering (WHOA): invordering opgeschort op alle {n} openstaande facturen"
                ),
                Fr => format!(
                    "faillite ou réorganisation judiciaire : recouvrement suspendu sur les {n} factures ouvertes"
                ),
                De => format!(
                    "Insolvenz oder Restrukturierung: Inkasso für alle {n} offenen Rechnungen ausgesetzt"
                ),
                En => format!(
                    "insolvency or restructuring (WCO): collection suspended on all {n} open invoice(s)"
                ),
            },
            HoldDetail::CollectionPartner => match lang {
                Nl => "dossier ligt bij de incassopartner".into(),
                Fr => "dossier confié au partenaire de recouvrement".into(),
                De => "Konto liegt beim Inkassopartner".into(),
                En => "account is with the collection partner".into(),
            },
            HoldDetail::NoProcess { reason } => reason.clone(),
            HoldDetail::Dispute {
                dispute_id,
                opened_on,
                assessment_overdue,
            } => {
                let late = match (assessment_overdue, lang) {
                    (false, _) => "",
                    (true, Nl) => "; beoordeling te laat (48-uursnorm)",
                    (true, Fr) => "; évaluation en retard (délai de 48 heures)",
                    (true, De) => "; Prüfung überfällig (48-Stunden-Frist)",
                    (true, En) => "; assessment overdue (48-hour SLA)",
                };
                let o = d(*opened_on);
                match lang {
                    Nl => format!("geschil {dispute_id} open sinds {o}{late}"),
                    Fr => format!("litige {dispute_id} ouvert depuis le {o}{late}"),
                    De => format!("Reklamation {dispute_id} offen seit {o}{late}"),
                    En => format!("dispute {dispute_id} open since {o}{late}"),
                }
            }
            HoldDetail::PlanKept { plan_id, next } => match (next, lang) {
                (Some((due, a)), Nl) => format!(
                    "betalingsregeling {plan_id} nagekomen; volgende termijn {} op {}",
                    m(*a),
                    d(*due)
                ),
                (Some((due, a)), Fr) => format!(
                    "plan de paiement {plan_id} respecté ; prochaine échéance {} le {}",
                    m(*a),
                    d(*due)
                ),
                (Some((due, a)), De) => format!(
                    "Ratenplan {plan_id} eingehalten; nächste Rate {} am {}",
                    m(*a),
                    d(*due)
                ),
                (Some((due, a)), En) => format!(
                    "payment plan {plan_id} kept; next instalment {} due {}",
                    m(*a),
                    d(*due)
                ),
                (None, Nl) => {
                    format!("betalingsregeling {plan_id} nagekomen; alle termijnen betaald")
                }
                (None, Fr) => {
                    format!("plan de paiement {plan_id} respecté ; toutes les échéances payées")
                }
                (None, De) => format!("Ratenplan {plan_id} eingehalten; alle Raten bezahlt"),
                (None, En) => format!("payment plan {plan_id} kept; all instalments paid"),
            },
            HoldDetail::Promise { until } => {
                let u = d(*until);
                match lang {
                    Nl => format!("betaalbelofte loopt tot {u}"),
                    Fr => format!("promesse de paiement en cours jusqu'au {u}"),
                    De => format!("Zahlungszusage läuft bis {u}"),
                    En => format!("promise to pay pending until {u}"),
                }
            }
            HoldDetail::BelowMinimum {
                invoices,
                total,
                minimum,
            } => {
                let (t, x) = (m(*total), m(*minimum));
                match lang {
                    Nl => format!(
                        "{t} op {invoices} factuur/facturen ligt onder het minimum van de stap ({x})"
                    ),
                    Fr => format!(
                        "{t} sur {invoices} facture(s) est sous le minimum de l'étape ({x})"
                    ),
                    De => format!(
                        "{t} auf {invoices} Rechnung(en) liegt unter dem Mindestbetrag der Stufe ({x})"
                    ),
                    En => format!("{t} on {invoices} invoice(s) is below the step minimum {x}"),
                }
            }
        }
    }
}
