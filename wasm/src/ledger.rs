//! `rappel:engine/ledger`: one tenant's portfolio read once and kept in the component
//! (a `portfolio` resource); each method answers as the function of the same name in
//! the other interfaces, on the kept portfolio instead of files passed again.

use rappel_core::collections::disputes;
use rappel_core::ingest::Imported;

use crate::exports::rappel::engine::collections::{
    DunningReport, History, PolicyDocument, WorklistReport,
};
use crate::exports::rappel::engine::credit::{CreditDecision, ExposureReport};
use crate::exports::rappel::engine::documents::{AccountStatement, RegisterOfDisputes};
use crate::exports::rappel::engine::kpis::KpiReport;
use crate::exports::rappel::engine::ledger as wit;
use crate::exports::rappel::engine::risk::{
    ForecastOptions, ForecastReport, Scenario, SimulationReport, SimulationSettings,
};
use crate::exports::rappel::engine::types::{Error, ImportReport, Portfolio as Files};
use crate::input::{date, imported, policy};
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
        (&self.0.report).into()
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

    fn statement(&self, customer_id: String, as_of: String) -> Result<AccountStatement, Error> {
        let as_of = date("as-of", &as_of)?;
        Ok(documents::statement_of(&self.0.portfolio, &customer_id, as_of)?.into())
    }

    fn dispute_register(&self, as_of: String) -> Result<RegisterOfDisputes, Error> {
        let as_of = date("as-of", &as_of)?;
        Ok(disputes::register(&self.0.portfolio, as_of).into())
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
