//! One tenant's ledger kept in the component (`rappel:engine/ledger`, WIT 1.0.0): its
//! files are read once into a `portfolio` resource, in a store of the tenant's own, and
//! every later call works on it. Each call gets the host's budgets afresh (fuel and
//! deadline), so a runaway call traps alone; after a trap the store is poisoned, and a
//! host opens the ledger again.

use wasmtime::Result;
use wasmtime::component::ResourceAny;

use crate::bindings::exports::rappel::engine::{
    collections as wc, credit as wk, documents as wd, kpis as wkpi, types as wt,
};
use crate::{Call, Host};

/// A tenant's portfolio inside the component.
pub struct Ledger {
    call: Call,
    portfolio: ResourceAny,
}

impl Ledger {
    /// Reads `files` once. The outer `Err` is a trap or a limit; the inner one the
    /// engine's answer (`invalid-data` with every import problem, …).
    pub fn open(host: &Host, files: &wt::Portfolio) -> Result<Result<Ledger, wt::Error>> {
        let mut call = host.instantiate()?;
        let opened = call
            .engine
            .rappel_engine_ledger()
            .portfolio()
            .call_open(&mut call.store, files)?;
        Ok(opened.map(|portfolio| Ledger { call, portfolio }))
    }

    /// The call (store and instance) and the resource, for a call by name
    /// ([`crate::runner::invoke_on_ledger`]).
    pub(crate) fn parts(&mut self) -> (&mut Call, ResourceAny) {
        (&mut self.call, self.portfolio)
    }

    /// Runs `f` with the store re-armed with the host's per-call budgets.
    fn with<T>(
        &mut self,
        host: &Host,
        f: impl FnOnce(&mut Call, ResourceAny) -> Result<T>,
    ) -> Result<T> {
        host.rearm(&mut self.call)?;
        f(&mut self.call, self.portfolio)
    }

    /// What the import found.
    pub fn import_report(&mut self, host: &Host) -> Result<wt::ImportReport> {
        self.with(host, |c, p| {
            c.engine
                .rappel_engine_ledger()
                .portfolio()
                .call_import_report(&mut c.store, p)
        })
    }

    /// May `customer` order `amount` at `as_of`? (`ledger.portfolio.check-credit`)
    pub fn check_credit(
        &mut self,
        host: &Host,
        customer: &str,
        amount: &str,
        as_of: &str,
        overdue_tolerance_days: i64,
        when_no_limit: wk::NoLimitRule,
    ) -> Result<Result<wk::CreditDecision, wt::Error>> {
        self.with(host, |c, p| {
            c.engine
                .rappel_engine_ledger()
                .portfolio()
                .call_check_credit(
                    &mut c.store,
                    p,
                    customer,
                    &amount.to_owned(),
                    &as_of.to_owned(),
                    overdue_tolerance_days,
                    when_no_limit,
                )
        })
    }

    /// KPIs of `[from, to]` (`ledger.portfolio.kpis`).
    pub fn kpis(
        &mut self,
        host: &Host,
        from: &str,
        to: &str,
        trend_months: Option<u32>,
    ) -> Result<Result<wkpi::KpiReport, wt::Error>> {
        self.with(host, |c, p| {
            c.engine.rappel_engine_ledger().portfolio().call_kpis(
                &mut c.store,
                p,
                &from.to_owned(),
                &to.to_owned(),
                trend_months,
                30,
            )
        })
    }

    /// The dunning run at `as_of` (`ledger.portfolio.run-dunning`).
    pub fn run_dunning(
        &mut self,
        host: &Host,
        policy: &wc::PolicyDocument,
        history: &wc::History,
        as_of: &str,
    ) -> Result<Result<wc::DunningReport, wt::Error>> {
        self.with(host, |c, p| {
            c.engine
                .rappel_engine_ledger()
                .portfolio()
                .call_run_dunning(&mut c.store, p, policy, history, &as_of.to_owned())
        })
    }

    /// Customer `customer`'s statement at `as_of` (`ledger.portfolio.statement`).
    pub fn statement(
        &mut self,
        host: &Host,
        customer: &str,
        as_of: &str,
    ) -> Result<Result<wd::AccountStatement, wt::Error>> {
        self.with(host, |c, p| {
            c.engine.rappel_engine_ledger().portfolio().call_statement(
                &mut c.store,
                p,
                customer,
                &as_of.to_owned(),
            )
        })
    }

    /// Customer `customer`'s statement to pay at `as_of`, with `policy`'s creditor
    /// account and reference form (`ledger.portfolio.statement-to-pay`, WIT 3.3.0).
    pub fn statement_to_pay(
        &mut self,
        host: &Host,
        customer: &str,
        as_of: &str,
        policy: &wc::PolicyDocument,
    ) -> Result<Result<wd::PayableStatement, wt::Error>> {
        self.with(host, |c, p| {
            c.engine
                .rappel_engine_ledger()
                .portfolio()
                .call_statement_to_pay(&mut c.store, p, customer, &as_of.to_owned(), policy)
        })
    }

    /// The dispute register at `as_of` (`ledger.portfolio.dispute-register`).
    pub fn dispute_register(
        &mut self,
        host: &Host,
        as_of: &str,
    ) -> Result<Result<wd::RegisterOfDisputes, wt::Error>> {
        self.with(host, |c, p| {
            c.engine
                .rappel_engine_ledger()
                .portfolio()
                .call_dispute_register(&mut c.store, p, &as_of.to_owned())
        })
    }

    /// Bank statements `files` matched against the ledger, with `policy`'s `[cash]`
    /// rules and a person's `decisions` (`ledger.portfolio.import-bank`, WIT 3.2.0;
    /// [`crate::bank`] takes the core's request and reads the answer as its records).
    pub fn import_bank(
        &mut self,
        host: &Host,
        files: &[wd::BankFile],
        policy: Option<&wc::PolicyDocument>,
        decisions: &[(String, wd::Decision)],
    ) -> Result<Result<wd::BankImport, wt::Error>> {
        self.with(host, |c, p| {
            c.engine
                .rappel_engine_ledger()
                .portfolio()
                .call_import_bank(&mut c.store, p, files, policy, decisions)
        })
    }

    /// Invoice Responses `documents` applied to the ledger's disputes and promises, a
    /// "paid" response expecting the payment `payment_expected_days` later
    /// (`ledger.portfolio.apply-responses`, WIT 3.5.0; [`crate::responses`] takes the
    /// core's request and reads the answer as its records).
    pub fn apply_responses(
        &mut self,
        host: &Host,
        documents: &[wt::XmlFile],
        payment_expected_days: u32,
    ) -> Result<Result<wd::ResponsesApplied, wt::Error>> {
        self.with(host, |c, p| {
            c.engine
                .rappel_engine_ledger()
                .portfolio()
                .call_apply_responses(&mut c.store, p, documents, payment_expected_days)
        })
    }

    /// Frees the portfolio inside the component (dropping the ledger also frees it,
    /// with the store).
    pub fn close(mut self) -> Result<()> {
        self.portfolio.resource_drop(&mut self.call.store)
    }
}
