//! `rappel:engine/ledger`: one tenant's portfolio read once and kept in the component
//! (a `portfolio` resource); each method answers as the function of the same name in
//! the other interfaces, on the kept portfolio instead of files passed again.

use rappel_core::collections::disputes::{self, DisputeClass, DisputeRegister, Sla};
use rappel_core::collections::statement::Statement;
use rappel_core::ingest::Imported;

use crate::exports::rappel::engine::collections::{
    DunningReport, History, PolicyDocument, WorklistReport,
};
use crate::exports::rappel::engine::credit::{CreditDecision, ExposureReport};
use crate::exports::rappel::engine::kpis::KpiReport;
use crate::exports::rappel::engine::ledger as wit;
use crate::exports::rappel::engine::risk::{
    ForecastOptions, ForecastReport, Scenario, SimulationReport, SimulationSettings,
};
use crate::exports::rappel::engine::types::{Error, ImportReport, Portfolio as Files};
use crate::input::{date, import_report, imported, language, policy};
use crate::{collections, credit, documents, kpis, risk};

/// The kept portfolio and the report of its import.
pub struct Ledger(Imported);

impl wit::Guest for crate::Engine {
    type Portfolio = Ledger;
}

impl wit::GuestPortfolio for Ledger {
    fn open(files: Files) -> Result<wit::Portfolio, Error> {
        Ok(wit::Portfolio::new(Ledger(imported(&files)?)))
    }

    fn import_report(&self) -> ImportReport {
        import_report(&self.0.report)
    }

    fn currency(&self) -> String {
        self.0.portfolio.currency().to_string()
    }

    fn kpis(
        &self,
        from: String,
        to: String,
        trend_months: Option<u32>,
        first_invoice_days: u32,
    ) -> Result<KpiReport, Error> {
        let args = kpis::Args::read(&from, &to, trend_months, first_invoice_days)?;
        kpis::kpis_on(&self.0, &args)
    }

    fn exposures(&self, as_of: String) -> Result<ExposureReport, Error> {
        Ok(credit::exposures_on(&self.0, date("as-of", &as_of)?))
    }

    fn check_credit(
        &self,
        customer_id: String,
        order_amount: String,
        as_of: String,
        overdue_tolerance_days: i64,
    ) -> Result<CreditDecision, Error> {
        credit::check_credit_on(
            &self.0,
            &customer_id,
            &order_amount,
            &as_of,
            overdue_tolerance_days,
        )
    }

    fn run_dunning(
        &self,
        p: PolicyDocument,
        h: History,
        as_of: String,
    ) -> Result<DunningReport, Error> {
        let as_of = date("as-of", &as_of)?;
        let pol = policy(&p)?;
        let history = collections::history(&h)?;
        collections::dunning_on(&self.0, &pol, &history, as_of)
    }

    fn worklist(&self, p: PolicyDocument, as_of: String) -> Result<WorklistReport, Error> {
        let as_of = date("as-of", &as_of)?;
        Ok(collections::worklist_on(&self.0, &policy(&p)?, as_of))
    }

    fn forecast(&self, as_of: String, o: ForecastOptions) -> Result<ForecastReport, Error> {
        let (as_of, options) = risk::forecast_args(&as_of, &o)?;
        risk::forecast_on(&self.0, as_of, &options)
    }

    fn statement(&self, customer_id: String, as_of: String) -> Result<wit::Statement, Error> {
        let as_of = date("as-of", &as_of)?;
        let s = documents::statement_of(&self.0.portfolio, &customer_id, as_of)?;
        Ok(statement_out(s))
    }

    fn dispute_register(&self, as_of: String) -> Result<wit::DisputeRegister, Error> {
        let as_of = date("as-of", &as_of)?;
        Ok(register_out(disputes::register(&self.0.portfolio, as_of)))
    }

    fn simulate(
        &self,
        as_of: String,
        scenarios: Vec<Scenario>,
        s: SimulationSettings,
    ) -> Result<SimulationReport, Error> {
        let as_of = date("as-of", &as_of)?;
        let study = risk::study_in(&scenarios, &s)?;
        risk::simulate_on(&self.0, as_of, &study)
    }
}

/// Core statement → WIT record.
fn statement_out(s: Statement) -> wit::Statement {
    wit::Statement {
        customer_id: s.customer_id,
        name: s.name,
        as_of: s.as_of.to_string(),
        language: language(s.language),
        lines: s
            .lines
            .into_iter()
            .map(|l| wit::StatementLine {
                invoice_id: l.invoice_id,
                issue_date: l.issue_date.to_string(),
                due_date: l.due_date.to_string(),
                amount: l.amount.to_string(),
                balance: l.balance.to_string(),
                days_overdue: l.days_overdue,
            })
            .collect(),
        unapplied: s.unapplied.to_string(),
        overdue: s.overdue.to_string(),
        due_next_30_days: s.due_next_30_days.to_string(),
        balance: s.balance.to_string(),
        text: s.text,
        html: s.html,
    }
}

fn class_out(c: DisputeClass) -> wit::DisputeClass {
    match c {
        DisputeClass::Real => wit::DisputeClass::Real,
        DisputeClass::Miscommunication => wit::DisputeClass::Miscommunication,
        DisputeClass::Stalling => wit::DisputeClass::Stalling,
        DisputeClass::Unclassified => wit::DisputeClass::Unclassified,
    }
}

/// A count as a WIT `u32` (saturating: no register holds four billion disputes).
fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Core dispute register → WIT record.
fn register_out(r: DisputeRegister) -> wit::DisputeRegister {
    let k = r.kpis;
    wit::DisputeRegister {
        as_of: r.as_of.to_string(),
        entries: r
            .entries
            .into_iter()
            .map(|e| wit::DisputeEntry {
                dispute_id: e.dispute_id,
                invoice_id: e.invoice_id,
                customer_id: e.customer_id,
                opened_on: e.opened_on.to_string(),
                assess_by: e.assess_by.to_string(),
                assessed_on: e.assessed_on.map(|d| d.to_string()),
                resolved_on: e.resolved_on.map(|d| d.to_string()),
                open: e.open,
                sla: match e.sla {
                    Sla::Met => wit::Sla::Met,
                    Sla::Missed => wit::Sla::Missed,
                    Sla::Pending => wit::Sla::Pending,
                    Sla::Overdue => wit::Sla::Overdue,
                },
                class: class_out(e.class),
                balance: e.balance.to_string(),
                days_to_assess: e.days_to_assess,
                days_to_resolve: e.days_to_resolve,
            })
            .collect(),
        kpis: wit::DisputeKpis {
            open: count(k.open),
            open_amount: k.open_amount.to_string(),
            assessment_overdue: count(k.assessment_overdue),
            assessed_within_sla_percent: k.assessed_within_sla_pct.map(|d| d.to_string()),
            avg_days_to_assess: k.avg_days_to_assess.map(|d| d.to_string()),
            avg_days_to_resolve: k.avg_days_to_resolve.map(|d| d.to_string()),
            resolved_by_class: k
                .resolved_by_class
                .into_iter()
                .map(|(class, n)| wit::ClassCount {
                    class: class_out(class),
                    count: count(n),
                })
                .collect(),
        },
    }
}
