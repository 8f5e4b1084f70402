//! `rappel:engine/ledger`: one tenant's portfolio read once and kept in the component
//! (a `portfolio` resource); each method answers as the function of the same name in
//! the other interfaces (the same core request), on the kept portfolio instead of files
//! passed again. Since 3.4.0 every function that reads a portfolio has one (since 3.5.0
//! `apply-responses` too: it answers with the files the ledger was opened from
//! rewritten, and leaves the ledger as it is); those whose function of the same name
//! answers otherwise are named after the record they return (`statement-report`).

use rappel_core::api::{self, NamedFile, Request};
use rappel_core::ingest::Imported;

use crate::exports::rappel::engine::collections::{
    DunningReport, History, PolicyDocument, WorklistReport,
};
use crate::exports::rappel::engine::credit::{
    CreditDecision, ExposureReport, NoLimitRule, OrderDecision,
};
use crate::exports::rappel::engine::documents::{
    AccountStatement, BankFile, BankImport, Decision as BankDecision, PayableStatement,
    PayableStatementReport, RegisterOfDisputes, RegisterReport, ResponsesApplied, StatementReport,
};
use crate::exports::rappel::engine::kpis::KpiReport;
use crate::exports::rappel::engine::ledger as wit;
use crate::exports::rappel::engine::risk::{
    AcceptanceBacktest, AcceptanceReport, ForecastOptions, ForecastReport, Scenario,
    SimulationReport, SimulationSettings,
};
use crate::exports::rappel::engine::types::{Error, ImportReport, Portfolio as Files, XmlFile};
use crate::input::{date, imported};
use crate::{bank, collections, credit, documents, kpis, risk};

/// The kept portfolio and the report of its import, with the files `apply-responses`
/// rewrites.
pub struct Ledger {
    imported: Imported,
    /// The `disputes.csv` and `promises.csv` it was opened from (copies of those two
    /// files only), or why there are none (a mapped export).
    responded: Result<[Option<NamedFile>; 2], api::Error>,
}

impl wit::Guest for crate::Engine {
    type Portfolio = Ledger;
}

impl Ledger {
    /// Answers `r` on the kept portfolio, its arguments checked first (as the
    /// functions that take files check them before they read the files).
    fn answer<R: Request>(&self, r: &R) -> Result<R::Answer, Error> {
        r.check()?;
        Ok(r.answer(Some(&self.imported.portfolio))?)
    }
}

impl wit::GuestPortfolio for Ledger {
    fn open(files: Files) -> Result<wit::Portfolio, Error> {
        let responded = documents::current_files(&files);
        Ok(wit::Portfolio::new(Ledger {
            imported: imported(files)?,
            responded,
        }))
    }

    fn import_report(&self) -> ImportReport {
        (&self.imported.report).into()
    }

    fn currency(&self) -> String {
        self.imported.portfolio.currency().to_string()
    }

    fn kpis(
        &self,
        from: String,
        to: String,
        trend_months: Option<u32>,
        first_invoice_days: u32,
    ) -> Result<KpiReport, Error> {
        let req = kpis::request(&from, &to, trend_months, first_invoice_days)?;
        Ok(KpiReport::from_answer(
            &self.answer(&req)?,
            &self.imported.report,
        ))
    }

    fn exposures(&self, as_of: String) -> Result<ExposureReport, Error> {
        Ok(credit::exposures_on(&self.imported, date("as-of", &as_of)?))
    }

    fn check_credit(
        &self,
        customer_id: String,
        order_amount: String,
        as_of: String,
        overdue_tolerance_days: i64,
        when_no_limit: NoLimitRule,
    ) -> Result<CreditDecision, Error> {
        let rules = rappel_core::credit::CreditRules {
            overdue_tolerance_days,
            when_no_limit: when_no_limit.into(),
        };
        let req = credit::order(customer_id, &order_amount, &as_of, rules)?;
        Ok((&self.answer(&req)?.decision).into())
    }

    fn run_dunning(
        &self,
        p: PolicyDocument,
        h: History,
        as_of: String,
    ) -> Result<DunningReport, Error> {
        let req = collections::dunning(&p, &h, &as_of)?;
        let run = self.answer(&req)?;
        Ok(DunningReport::from_run(
            &run,
            (&self.imported.report).into(),
        ))
    }

    fn worklist(&self, p: PolicyDocument, as_of: String) -> Result<WorklistReport, Error> {
        let req = collections::worklist(&p, &as_of)?;
        Ok(WorklistReport::from_rows(
            &self.answer(&req)?,
            &self.imported.report,
        ))
    }

    fn forecast(&self, as_of: String, o: ForecastOptions) -> Result<ForecastReport, Error> {
        let (as_of, options) = risk::forecast_args(&as_of, &o)?;
        risk::forecast_on(&self.imported, as_of, &options)
    }

    fn statement(&self, customer_id: String, as_of: String) -> Result<AccountStatement, Error> {
        let req = documents::statement(customer_id, &as_of)?;
        Ok(self.answer(&req)?.statement.into())
    }

    fn statement_to_pay(
        &self,
        customer_id: String,
        as_of: String,
        policy: PolicyDocument,
    ) -> Result<PayableStatement, Error> {
        let req = documents::statement_to_pay(customer_id, &as_of, &policy)?;
        Ok(self.answer(&req)?.statement.into())
    }

    fn dispute_register(&self, as_of: String) -> Result<RegisterOfDisputes, Error> {
        let req = documents::register(&as_of)?;
        Ok(self.answer(&req)?.register.into())
    }

    fn simulate(
        &self,
        as_of: String,
        scenarios: Vec<Scenario>,
        s: SimulationSettings,
    ) -> Result<SimulationReport, Error> {
        let req = risk::simulation(&as_of, &scenarios, &s)?;
        let r = self.answer(&req)?;
        Ok(SimulationReport::from_report(
            r,
            (&self.imported.report).into(),
        ))
    }

    fn check_order(
        &self,
        customer_id: String,
        order_amount: String,
        as_of: String,
        overdue_tolerance_days: i64,
        when_no_limit: NoLimitRule,
    ) -> Result<OrderDecision, Error> {
        let rules = credit::rules(overdue_tolerance_days, when_no_limit);
        let req = credit::order(customer_id, &order_amount, &as_of, rules)?;
        Ok(OrderDecision::from_answer(
            &self.answer(&req)?,
            &self.imported.report,
        ))
    }

    fn import_bank(
        &self,
        files: Vec<BankFile>,
        policy: Option<PolicyDocument>,
        decisions: Vec<(String, BankDecision)>,
    ) -> Result<BankImport, Error> {
        let req = bank::request(files, policy.as_ref(), decisions);
        let a = self.answer(&req)?;
        Ok(BankImport::from_answer(a, (&self.imported.report).into()))
    }

    fn statement_report(
        &self,
        customer_id: String,
        as_of: String,
    ) -> Result<StatementReport, Error> {
        let req = documents::statement(customer_id, &as_of)?;
        Ok(StatementReport::from_answer(
            self.answer(&req)?,
            &self.imported.report,
        ))
    }

    fn payable_statement_report(
        &self,
        customer_id: String,
        as_of: String,
        policy: PolicyDocument,
    ) -> Result<PayableStatementReport, Error> {
        let req = documents::statement_to_pay(customer_id, &as_of, &policy)?;
        let a = self.answer(&req)?;
        Ok(PayableStatementReport::from_answer(
            a,
            &self.imported.report,
        ))
    }

    fn register_report(&self, as_of: String) -> Result<RegisterReport, Error> {
        let req = documents::register(&as_of)?;
        Ok(RegisterReport::from_answer(
            self.answer(&req)?,
            &self.imported.report,
        ))
    }

    fn accept_customers(
        &self,
        d: PolicyDocument,
        as_of: String,
        customer_ids: Vec<String>,
        requested: Option<String>,
        score: Option<String>,
    ) -> Result<AcceptanceReport, Error> {
        let req = risk::acceptance(&d, &as_of, customer_ids, &requested, &score)?;
        Ok(AcceptanceReport::from_answer(
            &self.answer(&req)?,
            &self.imported.report,
        ))
    }

    fn backtest_acceptance(
        &self,
        d: PolicyDocument,
        as_of: String,
        from: String,
        months: u32,
        bad_days: i64,
    ) -> Result<AcceptanceBacktest, Error> {
        let req = risk::acceptance_backtest(&d, &as_of, &from, months, bad_days)?;
        Ok(AcceptanceBacktest::from_answer(
            &self.answer(&req)?,
            &self.imported.report,
        ))
    }

    fn apply_responses(
        &self,
        docs: Vec<XmlFile>,
        payment_expected_days: u32,
    ) -> Result<ResponsesApplied, Error> {
        let current = self.responded.clone()?;
        let req = documents::responses(docs, payment_expected_days, current);
        let a = self.answer(&req)?;
        Ok(ResponsesApplied::from_answer(a, &self.imported.report))
    }
}
