//! The words of a scenario comparison (levers and results) in the dashboard's and the
//! report's languages.

crate::texts! {
    SCENARIOS: "Scenario's voor het kredietbeleid", "Scénarios de politique de crédit", "Credit-policy scenarios";
    L_TERMS: "Betalingstermijn", "Délai de paiement", "Payment terms";
    L_SHIFT: "Herinneringen verschuiven", "Décaler les rappels", "Shift reminders";
    L_PRE_DUE: "Herinnering vóór vervaldag", "Rappel avant échéance", "Pre-due reminder";
    L_HANDOVER: "Overdracht aan incassopartner op dag", "Transmission au partenaire de recouvrement au jour", "Handover to the collection partner on day";
    L_STOP: "Leveringsstop op dag", "Arrêt des livraisons au jour", "Stop deliveries on day";
    L_CUTOFF: "Acceptatiegrens (punten)", "Seuil d'acceptation (points)", "Acceptance cut-off (points)";
    L_LIMITS: "Kredietlimieten afdwingen", "Appliquer les limites de crédit", "Enforce credit limits";
    L_NONE: "ongewijzigd", "inchangée", "unchanged";
    S_CASH: "Ontvangen", "Encaissé", "Cash collected";
    S_SALES: "Verkopen op krediet", "Ventes à crédit", "Credit sales";
    S_WRITE_OFFS: "Afboekingen", "Passages en perte", "Write-offs";
    S_COSTS: "Invorderingskosten", "Coûts de recouvrement", "Collection costs";
    S_FEES: "Aangerekende kosten", "Frais facturés", "Fees charged";
    S_LOST: "Klanten verloren (leveringsstop)", "Clients perdus (arrêt des livraisons)", "Customers lost (deliveries stopped)";
    S_BLOCKED: "Verkopen geweigerd door limiet", "Ventes refusées par la limite", "Sales refused by limits";
    S_REFUSED: "Verkopen geweigerd bij acceptatie (klanten)", "Ventes refusées à l'acceptation (clients)", "Sales refused at acceptance (customers)";
    S_ACTIONS: "Acties", "Actions", "Actions";
    S_RUNS: "Simulaties", "Simulations", "Runs";
    S_OPENING: "Openstaand bij de start", "Encours au départ", "Receivables at the start";
    S_BASELINE: "huidig beleid", "politique actuelle", "policy in force";
    AS_INVOICED: "zoals gefactureerd", "comme facturé", "as invoiced";
}
