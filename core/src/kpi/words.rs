//! The KPIs' names and units in the dashboard's and the reports' languages.

crate::texts! {
    DSO: "DSO", "DSO", "DSO";
    CEI: "CEI", "CEI", "CEI";
    BAD_DEBT: "Oninbare vorderingen", "Créances irrécouvrables", "Bad-debt ratio";
    OVERDUE: "Vervallen", "Échu", "Overdue";
    OVERDUE_60: "Meer dan 60 dagen vervallen", "Échu depuis plus de 60 jours", "Overdue 60+ days";
    DAYS: "dagen", "jours", "days";
    PERIOD: "Periode", "Période", "Period";
}
