//! Native = component: the same generated portfolios through the core and through the
//! WebAssembly component give identical answers (compared as the JSON both print).
//! Needs `cargo xtask component` first (the test script runs it).

use chrono::{Datelike, NaiveDate};
use rappel_core::collections::fees::quote::{QuoteRequest, QuoteRule, quote};
use rappel_core::collections::policy::{PolicyFormat, parse};
use rappel_core::credit::{CreditRules, check_credit};
use rappel_core::generate::{Config, generate};
use rappel_core::ingest::{CsvFile, ImportOptions, read_csv, write_tables};
use rappel_core::kpi::{KpiOptions, Period, report::publish};
use rappel_host::bindings::exports::rappel::engine::{
    collections as wc, credit as wk, fees as wf, kpis as wkpi,
};
use rappel_host::{Host, Limits, default_component_path, to_core};
use rust_decimal::Decimal;

fn host() -> Host {
    let path = default_component_path();
    assert!(
        path.exists(),
        "{} is missing: run `cargo xtask component` first",
        path.display()
    );
    let cache = std::env::temp_dir().join("rappel-test-cache");
    Host::load(&path, Some(&cache), Limits::batch()).expect("component loads")
}

fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string_pretty(v).unwrap()
}

/// A small xorshift so the portfolio shapes vary without a dependency.
struct Shapes(u64);
impl Shapes {
    fn next(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

#[test]
fn native_and_component_agree_on_120_generated_portfolios() {
    let host = host();
    let policy_text = include_str!("../../examples/policies/wholesale.toml");
    let small_policy = include_str!("../../examples/policies/small-business.toml");
    let mut shapes = Shapes(0x9E37_79B9_7F4A_7C15);
    for seed in 0..120u64 {
        let end = NaiveDate::from_ymd_opt(2026, 1 + shapes.next(12) as u32, 28).unwrap();
        let cfg = Config {
            customers: 10 + shapes.next(60) as u32,
            invoices: 50 + shapes.next(500) as u32,
            seed,
            end,
            months: 6 + shapes.next(18) as u32,
            ..Default::default()
        };
        let files: Vec<(String, Vec<u8>)> = write_tables(&generate(&cfg))
            .into_iter()
            .map(|(n, b)| (n.to_string(), b))
            .collect();
        let csv: Vec<CsvFile<'_>> = files
            .iter()
            .map(|(n, b)| CsvFile { name: n, bytes: b })
            .collect();
        let imported = read_csv(&csv, &ImportOptions::default());
        let p = &imported.portfolio;
        let portfolio = rappel_host::portfolio(&files);
        let as_of = end;
        let from = end.with_day(1).unwrap() - chrono::Months::new(2);
        let ctx = format!("seed {seed}, {cfg:?}");

        // KPIs with a trend
        let native = publish(
            p,
            Period::new(from, as_of).unwrap(),
            Some(3),
            &KpiOptions::default(),
        )
        .unwrap();
        let req = wkpi::KpiRequest {
            portfolio: portfolio.clone(),
            from: from.to_string(),
            to: as_of.to_string(),
            trend_months: Some(3),
            first_invoice_days: KpiOptions::default().first_invoice_days,
        };
        let (r, _) = host
            .call(|c| {
                c.engine
                    .rappel_engine_kpis()
                    .call_compute_kpis(&mut c.store, &req)
            })
            .unwrap();
        let r = r.unwrap();
        assert_eq!(
            json(&native),
            json(&to_core::kpis(&r).unwrap()),
            "kpis, {ctx}"
        );
        assert_eq!(
            json(&imported.report),
            json(&to_core::import_report(&r.import_report).unwrap()),
            "import report, {ctx}"
        );

        // Dunning and worklist with either policy
        let text = if seed % 2 == 0 {
            policy_text
        } else {
            small_policy
        };
        let pol = parse(text, PolicyFormat::Toml).unwrap();
        let native =
            rappel_core::collections::dunning::run(p, &pol, &Default::default(), as_of).unwrap();
        let doc = wc::PolicyDocument {
            format: wc::PolicyFormat::Toml,
            text: text.into(),
        };
        let req = wc::DunningRequest {
            portfolio: portfolio.clone(),
            policy: doc.clone(),
            history: wc::History::None,
            as_of: as_of.to_string(),
        };
        let (r, _) = host
            .call(|c| {
                c.engine
                    .rappel_engine_collections()
                    .call_run_dunning(&mut c.store, &req)
            })
            .unwrap();
        assert_eq!(
            json(&native),
            json(&to_core::run_report(&r.unwrap()).unwrap()),
            "dunning, {ctx}"
        );
        let native = rappel_core::collections::worklist::worklist(p, &pol, as_of);
        let req = wc::WorklistRequest {
            portfolio: portfolio.clone(),
            policy: doc,
            as_of: as_of.to_string(),
        };
        let (r, _) = host
            .call(|c| {
                c.engine
                    .rappel_engine_collections()
                    .call_worklist(&mut c.store, &req)
            })
            .unwrap();
        assert_eq!(
            json(&native),
            json(&to_core::worklist(&r.unwrap().rows).unwrap()),
            "worklist, {ctx}"
        );

        // Exposures of every customer, then an order check for a few of them
        let date = as_of.to_string();
        let (e, _) = host
            .call(|c| {
                c.engine
                    .rappel_engine_credit()
                    .call_exposures(&mut c.store, &portfolio, &date)
            })
            .unwrap();
        let e = e.unwrap();
        assert_eq!(e.customers.len(), p.customers().len(), "{ctx}");
        for x in e.customers.iter().step_by(7) {
            let amount = Decimal::from(100 + shapes.next(20_000));
            let rules = CreditRules::default();
            let native = check_credit(p, &x.customer_id, amount, as_of, &rules).unwrap();
            let req = wk::CreditRequest {
                customer_id: x.customer_id.clone(),
                as_of: date.clone(),
                order_amount: amount.to_string(),
                credit_limit: x.credit_limit.clone(),
                exposure: x.exposure.clone(),
                overdue_tolerance_days: rules.overdue_tolerance_days,
            };
            let (d, _) = host
                .call(|c| {
                    c.engine
                        .rappel_engine_credit()
                        .call_check_credit(&mut c.store, &req)
                })
                .unwrap();
            assert_eq!(
                json(&native),
                json(&to_core::credit_check(&d.unwrap()).unwrap()),
                "credit, {ctx}"
            );
        }

        // A fee quote
        let principal = Decimal::new(1 + shapes.next(10_000_000) as i64, 2);
        let days = shapes.next(400) as i64;
        let native = quote(&QuoteRequest {
            rule: [QuoteRule::NlWik, QuoteRule::BeConsumer, QuoteRule::EuB2b][seed as usize % 3],
            principal,
            days_late: Some(days),
            rate: None,
            as_of: Some(as_of),
        })
        .unwrap();
        let req = wf::FeeRequest {
            rule: [
                wf::FeeRule::NlWik,
                wf::FeeRule::BeConsumer,
                wf::FeeRule::EuB2b,
            ][seed as usize % 3],
            principal: principal.to_string(),
            days_late: Some(days),
            rate: None,
            as_of: Some(date.clone()),
        };
        let (q, _) = host
            .call(|c| c.engine.rappel_engine_fees().call_fees(&mut c.store, &req))
            .unwrap();
        assert_eq!(
            json(&native),
            json(&to_core::quote(&q.unwrap()).unwrap()),
            "fees, {ctx}"
        );
    }
}

/// The forecast and the scenario simulator (`risk`, WIT 0.2.0) give the native answer on
/// the component: same calibration, and the same Monte-Carlo draws for the same seed.
#[test]
fn forecast_and_simulation_agree_for_the_same_seed() {
    use rappel_host::bindings::exports::rappel::engine::risk as wr;
    let host = host();
    let text = include_str!("../../examples/policies/wholesale.toml");
    let pol = parse(text, PolicyFormat::Toml).unwrap();
    let stricter = rappel_core::risk::simulate::Levers {
        payment_terms_days: Some(21),
        reminder_shift_days: -3,
        enforce_limits: Some(true),
        ..Default::default()
    };
    for seed in 0..6u64 {
        let end = NaiveDate::from_ymd_opt(2026, 3 + seed as u32, 28).unwrap();
        let cfg = Config {
            customers: 40 + 10 * seed as u32,
            invoices: 1_500 + 300 * seed as u32,
            seed: 100 + seed,
            end,
            ..Default::default()
        };
        let files: Vec<(String, Vec<u8>)> = write_tables(&generate(&cfg))
            .into_iter()
            .map(|(n, b)| (n.to_string(), b))
            .collect();
        let csv: Vec<CsvFile<'_>> = files
            .iter()
            .map(|(n, b)| CsvFile { name: n, bytes: b })
            .collect();
        let p = read_csv(&csv, &ImportOptions::default()).portfolio;
        let portfolio = rappel_host::portfolio(&files);

        let b = rappel_core::risk::behaviour::calibrate(&p, end, &Default::default());
        let native = rappel_core::risk::forecast::forecast(&p, &b, end, &Default::default());
        let options = wr::ForecastOptions {
            orders: true,
            default_days: 180,
        };
        let (r, _) = host
            .call(|c| {
                c.engine.rappel_engine_risk().call_forecast(
                    &mut c.store,
                    &portfolio,
                    &end.to_string(),
                    options,
                )
            })
            .unwrap();
        assert_eq!(
            json(&native),
            json(&to_core::forecast(&r.unwrap()).unwrap()),
            "forecast, seed {seed}"
        );

        let settings = rappel_core::risk::simulate::Settings {
            runs: 25,
            ..rappel_core::risk::simulate::Settings::with_seed(seed)
        };
        let scenarios = [
            rappel_core::risk::simulate::Scenario {
                name: "baseline".into(),
                policy: pol.clone(),
            },
            rappel_core::risk::simulate::Scenario {
                name: "stricter".into(),
                policy: stricter.apply(&pol),
            },
        ];
        let native = rappel_core::risk::simulate::simulate(&p, end, &scenarios, &settings).unwrap();
        let doc = wc::PolicyDocument {
            format: wc::PolicyFormat::Toml,
            text: text.into(),
        };
        let wit_scenarios = [
            wr::Scenario {
                name: "baseline".into(),
                policy: doc.clone(),
                levers: None,
            },
            wr::Scenario {
                name: "stricter".into(),
                policy: doc.clone(),
                levers: Some(wr::Levers {
                    payment_terms_days: Some(21),
                    reminder_shift_days: -3,
                    pre_due_reminder: None,
                    handover_day: None,
                    stop_delivery_day: None,
                    acceptance_cutoff: None,
                    limit_percent: None,
                    enforce_limits: Some(true),
                }),
            },
        ];
        let wit_settings = wr::SimulationSettings {
            runs: 25,
            seed,
            months: 12,
            response_percent: Vec::new(),
            action_cost: Vec::new(),
            partner_commission_percent: None,
        };
        let (r, _) = host
            .call(|c| {
                c.engine.rappel_engine_risk().call_simulate(
                    &mut c.store,
                    &portfolio,
                    &end.to_string(),
                    &wit_scenarios,
                    &wit_settings,
                )
            })
            .unwrap();
        let component = to_core::simulation(&r.unwrap()).unwrap();
        assert_eq!(json(&native), json(&component), "simulation, seed {seed}");
        assert_ne!(
            native.scenarios[0].dso, native.scenarios[1].dso,
            "the variant changes something, seed {seed}"
        );
    }
}
