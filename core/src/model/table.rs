use serde::{Deserialize, Serialize};

/// The tables of the CSV exchange format v1 (DOMAIN.md §1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Table {
    /// `customers.csv`
    Customers,
    /// `invoices.csv`
    Invoices,
    /// `payments.csv`
    Payments,
    /// `orders.csv` (optional)
    Orders,
    /// `disputes.csv` (optional)
    Disputes,
    /// `write_offs.csv` (optional)
    WriteOffs,
    /// `payment_plans.csv` (optional)
    PaymentPlans,
    /// `promises.csv` (optional)
    Promises,
}

impl Table {
    /// All tables in dependency order (a table only refers to tables before it).
    pub const ALL: [Table; 8] = [
        Table::Customers,
        Table::Invoices,
        Table::Payments,
        Table::Orders,
        Table::Disputes,
        Table::WriteOffs,
        Table::PaymentPlans,
        Table::Promises,
    ];

    /// The file name of the table in a data folder.
    pub fn file_name(self) -> &'static str {
        match self {
            Table::Customers => "customers.csv",
            Table::Invoices => "invoices.csv",
            Table::Payments => "payments.csv",
            Table::Orders => "orders.csv",
            Table::Disputes => "disputes.csv",
            Table::WriteOffs => "write_offs.csv",
            Table::PaymentPlans => "payment_plans.csv",
            Table::Promises => "promises.csv",
        }
    }

    /// Whether a data folder must contain this table.
    pub fn is_required(self) -> bool {
        matches!(self, Table::Customers | Table::Invoices | Table::Payments)
    }

    /// The table name used in mapping files (`customers`, `write_offs`, …).
    pub fn name(self) -> &'static str {
        self.file_name().trim_end_matches(".csv")
    }

    /// Parses a table name as used in mapping files.
    pub fn parse(s: &str) -> Option<Table> {
        Table::ALL.into_iter().find(|t| t.name() == s)
    }
}
