//! The dashboard's words in Dutch, French and English, and the remembered choice.

use std::sync::atomic::{AtomicU8, Ordering::Relaxed};

use gloo_storage::{LocalStorage, Storage};
use rappel_core::model::Language;

const KEY: &str = "rappel.language";

/// The language shown, where a message can be chosen without allocating (after memory
/// ran out, [`crate::fatal`]): its place in [`LANGUAGES`], set by [`initial`] and
/// [`remember`].
static SHOWN: AtomicU8 = AtomicU8::new(2);

/// Languages offered.
pub const LANGUAGES: [Language; 3] = [Language::Nl, Language::Fr, Language::En];

/// The remembered language, else the browser's when offered, else English; noted as
/// the one shown ([`shown`]).
pub fn initial() -> Language {
    let remembered = LocalStorage::get::<String>(KEY)
        .ok()
        .and_then(|code| parse(&code));
    let l = remembered.unwrap_or_else(|| {
        web_sys::window()
            .and_then(|w| w.navigator().language())
            .and_then(|l| parse(l.get(..2).unwrap_or("")))
            .unwrap_or(Language::En)
    });
    note_shown(l);
    l
}

/// Remembers `l`, and notes it as the one shown ([`shown`]).
pub fn remember(l: Language) {
    LocalStorage::set(KEY, code(l)).ok();
    note_shown(l);
}

/// Notes `l` as the language shown.
fn note_shown(l: Language) {
    let at = LANGUAGES.iter().position(|&x| x == l).unwrap_or(2);
    SHOWN.store(at as u8, Relaxed);
}

/// The language shown, read without allocating.
pub fn shown() -> Language {
    LANGUAGES
        .get(usize::from(SHOWN.load(Relaxed)))
        .copied()
        .unwrap_or(Language::En)
}

/// `nl`, `fr`, `en`.
pub fn code(l: Language) -> &'static str {
    match l {
        Language::Nl => "nl",
        Language::Fr => "fr",
        Language::En => "en",
        Language::De => "de",
    }
}

/// The language of a code.
pub fn parse(code: &str) -> Option<Language> {
    match code {
        "nl" => Some(Language::Nl),
        "fr" => Some(Language::Fr),
        "en" => Some(Language::En),
        _ => None,
    }
}

pub use rappel_core::kpi::words::*;
pub use rappel_core::locale::Text;
pub use rappel_core::risk::simulate::words::*;
use rappel_core::texts;

texts! {
    TITLE: "Debiteurenbeheer", "Gestion du crédit", "Credit management";
    FORECAST: "Verwachte ontvangsten per week na", "Encaissements attendus par semaine après le", "Expected collections per week after";
    WEEK_FROM: "Week vanaf", "Semaine du", "Week from";
    EXPECTED: "Verwacht", "Attendu", "Expected";
    OPEN_INVOICES: "Openstaande facturen", "Factures ouvertes", "Open invoices";
    OPEN_ORDERS: "Open orders", "Commandes ouvertes", "Open orders";
    EXPECTED_DEFAULTS: "Verwachte oninbare bedragen", "Pertes attendues", "Expected defaults";
    FROM: "van", "du", "from";
    TO: "tot en met", "au", "to";
    SEGMENT: "Segment", "Segment", "Segment";
    ALL_SEGMENTS: "Alle segmenten", "Tous les segments", "All segments";
    LANGUAGE: "Taal", "Langue", "Language";
    DEMO: "Demoportefeuille", "Portefeuille de démonstration", "Demo portfolio";
    GENERATING: "Demoportefeuille wordt aangemaakt…", "Création du portefeuille de démonstration…", "Generating the demo portfolio…";
    INDEXING: "Portefeuille wordt geïndexeerd…", "Indexation du portefeuille…", "Indexing the portfolio…";
    READING: "Bestanden worden gelezen…", "Lecture des fichiers…", "Reading the files…";
    CHECKING: "Gegevens worden gecontroleerd…", "Vérification des données…", "Checking the data…";
    MATCHING: "Bankafschriften worden afgeletterd…", "Lettrage des relevés bancaires…", "Matching the bank statements…";
    MOVEMENTS: "bewegingen", "mouvements", "movements";
    RECORDING: "Wijzigingen worden verwerkt en gecontroleerd…", "Enregistrement et vérification des changements…", "Recording and checking the changes…";
    FILES: "bestanden", "fichiers", "files";
    COMPUTING: "Kengetallen worden berekend…", "Calcul des indicateurs…", "Computing the KPIs…";
    VS_PREVIOUS: "t.o.v. vorige periode", "vs période précédente", "vs previous period";
    TARGET: "Doel", "Objectif", "Target";
    NET_OF_UNAPPLIED: "na aftrek van niet-toegewezen betalingen", "après déduction des paiements non affectés", "net of unapplied cash";
    NO_VALUE: "geen waarde (noemer nul)", "pas de valeur (dénominateur nul)", "no value (zero denominator)";
    INVOICES: "facturen", "factures", "invoices";
    CUSTOMERS: "klanten", "clients", "customers";
    SIZE: "Omvang", "Taille", "Size";
    AGING: "Ouderdom openstaande posten", "Balance âgée", "Aging of open items";
    NOT_DUE: "Niet vervallen", "Non échu", "Not due";
    DSO_TREND: "DSO, beste DSO en gemiddelde dagen te laat", "DSO, meilleur DSO et retard moyen", "DSO, best possible DSO and average days delinquent";
    BEST_DSO: "Beste DSO", "Meilleur DSO", "Best possible DSO";
    ADD: "Gem. dagen te laat", "Retard moyen", "Avg days delinquent";
    CEI_TREND: "CEI per maand", "CEI par mois", "CEI by month";
    SEGMENTS: "Segmenten", "Segments", "Segments";
    RECEIVABLES: "Debiteurensaldo", "Encours clients", "Receivables";
    SUPPORTING: "Ondersteunende KPI's", "Indicateurs complémentaires", "Supporting KPIs";
    DISPUTES_OPENED: "Geschillen geopend", "Litiges ouverts", "Disputes opened";
    DISPUTES_IN_TIME: "Binnen 48 uur beoordeeld", "Évalués sous 48 heures", "Assessed within 48 hours";
    DISPUTES_OPEN: "Geschillen open", "Litiges en cours", "Disputes open";
    DAYS_TO_RESOLVE: "Gem. dagen tot oplossing", "Jours moyens de résolution", "Avg days to resolve";
    DD_REVERSALS: "Gestorneerde incasso's (aantal / bedrag)", "Domiciliations rejetées (nombre / montant)", "Direct debits reversed (count / amount)";
    WRITE_OFFS: "Afboekingen", "Passages en perte", "Write-offs";
    OWN_DATA: "Eigen gegevens", "Vos données", "Your data";
    UPLOAD_HINT: "Sleep CSV-bestanden of Peppol UBL-facturen (XML) hierheen of kies ze (customers.csv, invoices.csv, payments.csv, …). Ze blijven in deze pagina.", "Déposez vos fichiers CSV ou factures Peppol UBL (XML) ici ou choisissez-les (customers.csv, invoices.csv, payments.csv, …). Ils restent dans cette page.", "Drop CSV files or Peppol UBL invoices (XML) here or choose them (customers.csv, invoices.csv, payments.csv, …). They stay in this page.";
    IMPORT_REPORT: "Importverslag", "Rapport d'import", "Import report";
    FILE: "Bestand", "Fichier", "File";
    TABLE: "Tabel", "Table", "Table";
    READ: "Gelezen", "Lus", "Read";
    ACCEPTED: "Aanvaard", "Acceptés", "Accepted";
    REJECTED: "Geweigerd", "Refusés", "Rejected";
    SKIPPED: "Overgeslagen", "Ignorés", "Skipped";
    LINE: "Regel", "Ligne", "Line";
    COLUMN: "Kolom", "Colonne", "Column";
    REASON: "Reden", "Motif", "Reason";
    TOTAL: "Totaal", "Total", "Total";
    NOT_USABLE: "Niets bruikbaars gelezen: geen klant of geen factuur aanvaard. De vorige gegevens blijven getoond.", "Rien d'utilisable : aucun client ou aucune facture acceptés. Les données précédentes restent affichées.", "Nothing usable was read: no customer or no invoice accepted. The previous data stays on screen.";
    FILE_UNREADABLE: "kon niet gelezen worden door de browser (gewijzigd of verwijderd sinds het gekozen werd?). Niets is geladen; de vorige gegevens blijven getoond. Kies de bestanden opnieuw.", "n'a pas pu être lu par le navigateur (modifié ou supprimé depuis qu'il a été choisi ?). Rien n'a été chargé ; les données précédentes restent affichées. Choisissez à nouveau les fichiers.", "could not be read by the browser (changed or removed since it was chosen?). Nothing was loaded; the previous data stays on screen. Choose the files again.";
    FILE_TOO_LARGE_TO_READ: "is te groot voor de browser om te lezen: een pagina leest een bestand van hoogstens ongeveer 2 GB. Niets is geladen; de vorige gegevens blijven getoond. Gebruik voor zulke grote bestanden de rappel-opdrachtregel (zonder die grens) of kies minder jaren.", "est trop volumineux pour que le navigateur le lise : une page lit un fichier d'environ 2 Go au plus. Rien n'a été chargé ; les données précédentes restent affichées. Pour des fichiers de cette taille, utilisez la ligne de commande rappel (sans cette limite) ou choisissez moins d'années.", "is too large for the browser to read: a page reads a file of about 2 GB at most. Nothing was loaded; the previous data stays on screen. For files this large use the rappel command line (no such limit), or choose fewer years.";
    OUT_OF_MEMORY: "Rappel heeft geen geheugen meer: een browserpagina kan hoogstens 4 GiB gebruiken, en de gegevens waarmee het bezig was hebben meer nodig. Uw gegevens bleven in deze pagina en werden nergens heen gestuurd. Laad de pagina opnieuw om verder te gaan; gebruik voor zulke grote gegevens de rappel-opdrachtregel, die zo'n grens niet heeft.", "Rappel n'a plus de mémoire : une page de navigateur peut utiliser au plus 4 Gio, et les données qu'il traitait en demandent davantage. Vos données sont restées dans cette page et n'ont été envoyées nulle part. Rechargez la page pour continuer ; pour des données de cette taille, utilisez la ligne de commande rappel, qui n'a pas cette limite.", "Rappel ran out of memory: a browser page can use at most 4 GiB, and the data it was working on needs more. Your data stayed in this page and was sent nowhere. Reload the page to go on; for data this large use the rappel command line, which has no such limit.";
    INTERNAL_ERROR: "Rappel is gestopt door een interne fout. Uw gegevens bleven in deze pagina; laad de pagina opnieuw om opnieuw te beginnen.", "Rappel s'est arrêté à cause d'une erreur interne. Vos données sont restées dans cette page ; rechargez-la pour recommencer.", "Rappel stopped because of an internal error. Your data stayed in this page; reload to start again.";
    TOO_LARGE: "hebben meer geheugen nodig dan een browserpagina kan krijgen (4 GiB): het lezen is gestopt. Niets is geladen; de vorige gegevens blijven getoond. Gebruik voor zo'n grote map de rappel-opdrachtregel (zonder die grens) of kies minder jaren.", "demandent plus de mémoire qu'une page de navigateur ne peut en avoir (4 Gio) : la lecture s'est arrêtée. Rien n'a été chargé ; les données précédentes restent affichées. Pour un dossier de cette taille, utilisez la ligne de commande rappel (sans cette limite) ou choisissez moins d'années.", "need more memory than a browser page can have (4 GiB): reading them stopped. Nothing was loaded; the previous data stays on screen. For a folder this large use the rappel command line (no such limit), or choose fewer years.";
    SHOWN_TAKES_MEMORY: "De getoonde gegevens nemen ook geheugen in: “Terug naar de demo” maakt het vrij voor u de bestanden opnieuw kiest.", "Les données affichées occupent aussi de la mémoire : « Retour à la démo » la libère avant que vous choisissiez à nouveau les fichiers.", "The data shown takes memory too: “Back to the demo” frees it before you choose the files again.";
    NEEDS_MAPPING: "Deze bestanden hebben niet het uitwisselingsformaat. Kies een kolomtoewijzing:", "Ces fichiers ne sont pas au format d'échange. Choisissez une correspondance de colonnes :", "These files are not in the exchange format. Choose a column mapping:";
    MAPPING_FILE: "of laad een toewijzing (TOML)", "ou chargez une correspondance (TOML)", "or load a mapping (TOML)";
    BACK_TO_DEMO: "Terug naar de demo", "Retour à la démo", "Back to the demo";
    CUSTOMER: "Klant", "Client", "Customer";
    BALANCE: "Saldo", "Solde", "Balance";
    HABIT: "Betaalgewoonte", "Habitude de paiement", "Payment habit";
    RISK: "Risicoklasse", "Classe de risque", "Risk class";
    LIMIT: "Kredietlimiet", "Limite de crédit", "Credit limit";
    AVAILABLE: "Beschikbaar krediet", "Crédit disponible", "Available credit";
    MONTH_END: "eind van de maand", "fin de mois", "month end";
    UNKNOWN: "onbekend", "inconnue", "unknown";
    DAYS_LATE: "dagen te laat", "jours de retard", "days late";
    DAYS_EARLY: "dagen vóór de vervaldag", "jours avant l'échéance", "days early";
    ON_DUE_DATE: "op de vervaldag", "à l'échéance", "on the due date";
    INVOICE: "Factuur", "Facture", "Invoice";
    ISSUED: "Datum", "Date", "Issued";
    DUE: "Vervaldag", "Échéance", "Due";
    AMOUNT: "Bedrag", "Montant", "Amount";
    PAYMENTS: "Betalingen", "Paiements", "Payments";
    DISPUTES: "Geschillen", "Litiges", "Disputes";
    DUNNING: "Aanmaningen", "Relances", "Dunning";
    REVERSED: "gestorneerd", "rejeté", "reversed";
    SHOWING_FIRST: "eerste", "premiers", "first";
    PICK_SEGMENT: "Klik op een segment voor de klanten, en op een klant voor de facturen.", "Cliquez sur un segment pour ses clients, puis sur un client pour ses factures.", "Click a segment for its customers, and a customer for its invoices.";
    TAB_OVERVIEW: "Overzicht", "Vue d'ensemble", "Overview";
    TAB_COLLECTIONS: "Invordering", "Recouvrement", "Collections";
    TAB_SCENARIOS: "Scenario's", "Scénarios", "Scenarios";
    TAB_BANK: "Bank", "Banque", "Bank";
    DATE: "Datum", "Date", "Date";
    MOVEMENT: "Beweging", "Mouvement", "Movement";
    PAYER: "Betaler", "Payeur", "Payer";
    OUTCOME: "Resultaat", "Résultat", "Outcome";
    CONFIDENCE: "Zekerheid", "Confiance", "Confidence";
    CONFIRM: "Bevestigen", "Confirmer", "Confirm";
    REJECT: "Afwijzen", "Rejeter", "Reject";
    STUDIO_HELP: "Verschuif de hefbomen van een variant van het gekozen beleid, voer de simulatie uit (12 maanden, Monte Carlo) en vergelijk met het huidige beleid. Tussen haakjes: 10e–90e percentiel.", "Déplacez les leviers d'une variante de la politique choisie, lancez la simulation (12 mois, Monte Carlo) et comparez à la politique actuelle. Entre parenthèses : 10e–90e percentile.", "Move the levers of a variant of the chosen policy, run the simulation (12 months, Monte Carlo) and compare it with the policy in force. In brackets: 10th–90th percentile.";
    NAME: "Naam", "Nom", "Name";
    S_RUN: "Simuleren", "Simuler", "Run";
    S_RUNNING: "Bezig…", "En cours…", "Running…";
    S_SAVE: "Bewaren", "Enregistrer", "Save";
    S_LOAD: "Bewaarde studies…", "Études enregistrées…", "Saved studies…";
    S_DELETE: "Verwijderen", "Supprimer", "Delete";
    S_EXPORT: "Rapport (1 pagina)", "Rapport (1 page)", "Report (one page)";
    S_CHOOSE_POLICY: "te kiezen onder Invordering", "à choisir sous Recouvrement", "chosen under Collections";
    S_INTERVAL: "Gemiddelde over de simulaties (10e – 90e percentiel).", "Moyenne des simulations (10e – 90e percentile).", "Mean over the runs (10th – 90th percentile).";
    S_CASH_MONTH: "Ontvangsten per maand", "Encaissements par mois", "Cash collected per month";
    S_DSO_MONTH: "DSO per maand", "DSO par mois", "DSO per month";
    S_ASSUMPTIONS: "Aannames van het model", "Hypothèses du modèle", "The model's assumptions";
    POLICY: "Beleid", "Politique", "Policy";
    POLICY_FILE: "of laad een beleid (TOML of JSON)", "ou chargez une politique (TOML ou JSON)", "or load a policy (TOML or JSON)";
    POLICY_INVALID: "Het beleid is niet geldig:", "La politique n'est pas valide :", "The policy is not valid:";
    POLICY_WARNINGS: "Het beleid is geldig, maar vraagt iets wat het nooit kan innen:", "La politique est valide, mais demande ce qu'elle ne pourra jamais percevoir :", "The policy is valid, but asks for what it can never charge:";
    ACTIONS_TODAY: "Acties op", "Actions au", "Actions on";
    HELD: "Aangehouden", "Suspendus", "Held";
    WORKLIST: "Werklijst", "Liste de travail", "Worklist";
    CHANNEL: "Kanaal", "Canal", "Channel";
    STEP: "Stap", "Étape", "Step";
    MESSAGE: "Bericht", "Message", "Message";
    FEE: "Kosten", "Frais", "Fee";
    LAW: "Toepasselijk recht", "Droit applicable", "Applicable law";
    HOLD_REASON: "Reden", "Motif", "Reason";
    UNTIL: "tot", "jusqu'au", "until";
    RANK: "#", "#", "#";
    SCORE: "Score", "Score", "Score";
    WHY: "Waarom", "Pourquoi", "Why";
    PRINT: "Rapport afdrukken", "Imprimer le rapport", "Print report";
    PLAN_PROMISE: "Regeling / belofte", "Plan / promesse", "Plan / promise";
    FIRST_UNPAID: "Eerste factuur onbetaald", "Première facture impayée", "First invoice unpaid";
}

/// A dunning channel in words.
pub fn channel(c: rappel_core::collections::policy::Channel, l: Language) -> &'static str {
    use rappel_core::collections::policy::Channel as C;
    let t: Text = match c {
        C::Email => Text {
            nl: "e-mail",
            fr: "e-mail",
            en: "e-mail",
        },
        C::Letter => Text {
            nl: "brief",
            fr: "lettre",
            en: "letter",
        },
        C::Sms => Text {
            nl: "sms",
            fr: "SMS",
            en: "text message",
        },
        C::Whatsapp => Text {
            nl: "WhatsApp",
            fr: "WhatsApp",
            en: "WhatsApp",
        },
        C::PhoneTask => Text {
            nl: "bellen",
            fr: "appel",
            en: "phone call",
        },
        C::Statement => Text {
            nl: "rekeningoverzicht",
            fr: "relevé de compte",
            en: "statement",
        },
        C::Handover => Text {
            nl: "overdracht incasso",
            fr: "transmission au recouvrement",
            en: "handover to collection",
        },
        C::StopDelivery => Text {
            nl: "leverstop",
            fr: "arrêt des livraisons",
            en: "stop deliveries",
        },
    };
    t.get(l)
}

/// A hold reason in words.
pub fn hold_reason(r: rappel_core::collections::dunning::HoldReason, l: Language) -> &'static str {
    use rappel_core::collections::dunning::HoldReason as H;
    let t: Text = match r {
        H::Insolvent => Text {
            nl: "insolventie",
            fr: "insolvabilité",
            en: "insolvency",
        },
        H::CollectionPartner => Text {
            nl: "bij incassopartner",
            fr: "chez le partenaire de recouvrement",
            en: "at the collection partner",
        },
        H::Dispute => Text {
            nl: "geschil",
            fr: "litige",
            en: "dispute",
        },
        H::PaymentPlan => Text {
            nl: "betalingsregeling",
            fr: "plan de paiement",
            en: "payment plan",
        },
        H::Promise => Text {
            nl: "betaalbelofte",
            fr: "promesse de paiement",
            en: "promise to pay",
        },
        H::BelowMinimum => Text {
            nl: "onder minimumbedrag",
            fr: "sous le montant minimum",
            en: "below the minimum amount",
        },
        H::NoProcess => Text {
            nl: "geen proces",
            fr: "aucun processus",
            en: "no process",
        },
    };
    t.get(l)
}
