//! A study's scenarios side by side, in the reader's language: what each one changes
//! and, per figure, its mean with the 10th–90th percentile band. The dashboard's table
//! and the one-page report (`rappel simulate --format html`) both read it.

use super::words as w;
use super::{Interval, Levers, Report, ScenarioResult, Study};
use crate::kpi::words as k;
use crate::locale::{self, Text};
use crate::model::Language;
use rust_decimal::Decimal;

/// The comparison of a simulated study.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    /// The scenarios' names, baseline first.
    pub names: Vec<String>,
    /// What each scenario changes, in words ([`Study::changes`]).
    pub changes: Vec<String>,
    /// One row per figure.
    pub rows: Vec<ComparisonRow>,
}

/// A figure of every scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComparisonRow {
    /// The figure's name.
    pub label: String,
    /// Per scenario: `mean (p10 – p90)`.
    pub cells: Vec<String>,
}

impl Levers {
    /// The levers in words (`Payment terms 30 days · Shift reminders +5 days`), or
    /// "unchanged" when none is set.
    pub fn describe(&self, lang: Language) -> String {
        let days = k::DAYS.get(lang);
        let mut out = Vec::new();
        if let Some(t) = self.payment_terms_days {
            out.push(format!("{} {t} {days}", w::L_TERMS.get(lang)));
        }
        if self.reminder_shift_days != 0 {
            let shift = self.reminder_shift_days;
            out.push(format!("{} {shift:+} {days}", w::L_SHIFT.get(lang)));
        }
        if let Some(r) = &self.pre_due_reminder {
            let classes = r.risk_classes.join(", ");
            let before = r.days_before;
            out.push(format!(
                "{} {before} {days} ({classes})",
                w::L_PRE_DUE.get(lang)
            ));
        }
        let days_after = [
            (self.handover_day, &w::L_HANDOVER),
            (self.stop_delivery_day, &w::L_STOP),
            (self.acceptance_cutoff, &w::L_CUTOFF),
        ];
        for (value, label) in days_after {
            if let Some(d) = value {
                out.push(format!("{} {d}", label.get(lang)));
            }
        }
        if self.enforce_limits == Some(true) {
            let pct = self.limit_percent.unwrap_or(Decimal::ONE_HUNDRED);
            out.push(format!("{} {pct}%", w::L_LIMITS.get(lang)));
        }
        if out.is_empty() {
            w::L_NONE.get(lang).to_string()
        } else {
            out.join(" · ")
        }
    }
}

impl Study {
    /// What each proposal changes, in words: the baseline is "the policy in force", a
    /// variant made of levers says which, a variant that is another policy names it.
    pub fn changes(&self, lang: Language) -> Vec<String> {
        self.proposals
            .iter()
            .enumerate()
            .map(|(i, p)| match &p.levers {
                _ if i == 0 => w::S_BASELINE.get(lang).to_string(),
                Some(levers) => levers.describe(lang),
                None => p.policy.name.clone(),
            })
            .collect()
    }
}

/// `mean (p10 – p90)`, each written by `f`.
fn band(i: &Interval, f: impl Fn(Decimal) -> String) -> String {
    format!("{} ({} – {})", f(i.mean), f(i.p10), f(i.p90))
}

/// A figure of a scenario in words.
type Figure<'a> = Box<dyn Fn(&ScenarioResult) -> String + 'a>;

/// The rows of the comparison of `report` (simulated from `study`), amounts in
/// `currency` in whole units.
pub fn compare(report: &Report, study: &Study, lang: Language, currency: &str) -> Comparison {
    let money = |i: &Interval| band(i, |x| locale::money_whole(x, currency, lang));
    let ratio = |i: &Option<Interval>| {
        i.as_ref().map_or("–".to_string(), |i| {
            band(i, |x| locale::number(x, 1, lang))
        })
    };
    let count = |i: &Interval| band(i, |x| locale::number(x, 0, lang));
    let figures: Vec<(&Text, Figure)> = vec![
        (&k::DSO, Box::new(|s| ratio(&s.dso))),
        (&k::CEI, Box::new(|s| ratio(&s.cei))),
        (&k::BAD_DEBT, Box::new(|s| ratio(&s.bad_debt_percent))),
        (&k::OVERDUE_60, Box::new(|s| ratio(&s.overdue_60_percent))),
        (&w::S_CASH, Box::new(|s| money(&s.cash_collected))),
        (&w::S_SALES, Box::new(|s| money(&s.credit_sales))),
        (&w::S_WRITE_OFFS, Box::new(|s| money(&s.write_offs))),
        (&w::S_COSTS, Box::new(|s| money(&s.collection_costs))),
        (&w::S_FEES, Box::new(|s| money(&s.fees_charged))),
        (&w::S_LOST, Box::new(|s| count(&s.customers_lost))),
        (
            &w::S_BLOCKED,
            Box::new(|s| money(&s.sales_blocked_by_limits)),
        ),
        (
            &w::S_REFUSED,
            Box::new(|s| {
                let refused = locale::money_whole(s.sales_refused_at_acceptance, currency, lang);
                format!("{refused} ({})", s.customers_refused)
            }),
        ),
    ];
    let mut rows: Vec<ComparisonRow> = figures
        .iter()
        .map(|(label, f)| ComparisonRow {
            label: label.get(lang).to_string(),
            cells: report.scenarios.iter().map(f).collect(),
        })
        .collect();
    // Actions per channel that any scenario used, in the order they first appear.
    let mut channels = Vec::new();
    for a in report.scenarios.iter().flat_map(|s| &s.actions) {
        if !channels.contains(&a.channel) {
            channels.push(a.channel);
        }
    }
    rows.extend(channels.into_iter().map(|ch| {
        ComparisonRow {
            label: format!("{}: {}", w::S_ACTIONS.get(lang), ch.as_str()),
            cells: report
                .scenarios
                .iter()
                .map(|s| {
                    let used = s.actions.iter().find(|a| a.channel == ch);
                    used.map_or("0".into(), |a| count(&a.count))
                })
                .collect(),
        }
    }));
    Comparison {
        names: report.scenarios.iter().map(|s| s.name.clone()).collect(),
        changes: study.changes(lang),
        rows,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::collections::policy::{Policy, PolicyFormat, parse};
    use crate::generate::{Config, generate};
    use crate::model::Portfolio;
    use crate::risk::simulate::{PreDueReminder, Proposal, Settings};
    use chrono::NaiveDate;

    fn policy() -> Policy {
        let text = include_str!("../../../../examples/policies/wholesale.toml");
        parse(text, PolicyFormat::Toml).expect("the shipped example reads")
    }

    fn stricter() -> Levers {
        Levers {
            payment_terms_days: Some(14),
            reminder_shift_days: -2,
            pre_due_reminder: Some(PreDueReminder {
                days_before: 3,
                risk_classes: vec!["C".into(), "D".into()],
            }),
            enforce_limits: Some(true),
            ..Levers::default()
        }
    }

    #[test]
    fn levers_are_described_in_the_readers_language() {
        assert_eq!(
            stricter().describe(Language::En),
            "Payment terms 14 days · Shift reminders -2 days · \
             Pre-due reminder 3 days (C, D) · Enforce credit limits 100%"
        );
        let later = Levers {
            handover_day: Some(60),
            reminder_shift_days: 7,
            ..Levers::default()
        };
        assert_eq!(
            later.describe(Language::Nl),
            "Herinneringen verschuiven +7 dagen · Overdracht aan incassopartner op dag 60"
        );
        assert_eq!(Levers::default().describe(Language::Fr), "inchangée");
    }

    #[test]
    fn a_band_is_the_mean_then_the_10th_to_90th_percentile() {
        // € 1 234.50 rounds half away from zero to € 1.235 in whole euros.
        let i = Interval {
            mean: Decimal::new(123450, 2),
            p10: Decimal::new(1000, 0),
            p90: Decimal::new(1500, 0),
        };
        let written = band(&i, |x| locale::money_whole(x, "EUR", Language::Nl));
        assert_eq!(written, "€ 1.235 (€ 1.000 – € 1.500)");
    }

    #[test]
    fn every_scenario_has_a_cell_in_every_row_in_report_order() {
        let tables = generate(&Config {
            customers: 40,
            invoices: 600,
            ..Config::default()
        });
        let (p, _) = Portfolio::build(tables, None);
        let study = Study {
            proposals: vec![
                Proposal {
                    name: "in force".into(),
                    policy: policy(),
                    levers: None,
                },
                Proposal {
                    name: "stricter".into(),
                    policy: policy(),
                    levers: Some(stricter()),
                },
            ],
            settings: Settings {
                runs: 4,
                ..Settings::with_seed(3)
            },
        };
        let as_of = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
        let r = study.run(&p, as_of).expect("the study runs");
        let c = compare(&r, &study, Language::En, "EUR");
        assert_eq!(c.names, ["in force", "stricter"]);
        assert_eq!(c.changes[0], "policy in force");
        assert_eq!(c.changes[1], stricter().describe(Language::En));
        let channels: std::collections::BTreeSet<_> = r
            .scenarios
            .iter()
            .flat_map(|s| s.actions.iter().map(|a| a.channel))
            .collect();
        assert_eq!(c.rows.len(), 12 + channels.len());
        assert!(c.rows.iter().all(|row| row.cells.len() == 2));
        let write_offs = &c.rows[6];
        assert_eq!(write_offs.label, "Write-offs");
        let w = &r.scenarios[1].write_offs;
        let whole = |x| locale::money_whole(x, "EUR", Language::En);
        let expected = format!("{} ({} – {})", whole(w.mean), whole(w.p10), whole(w.p90));
        assert_eq!(write_offs.cells[1], expected);
    }
}
