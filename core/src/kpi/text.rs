//! The KPI record as a text table for a terminal: what `rappel kpis --format table`
//! prints.

use std::fmt::Write;

use super::report::{Fixed2, KpiJson, KpiValuesJson, round2};

/// A ratio as the record writes it (two decimals), or a dash when absent.
fn show(v: &Option<Fixed2>) -> String {
    v.map(|x| round2(x.0).to_string())
        .unwrap_or_else(|| "—".into())
}

fn amount(v: &Fixed2) -> String {
    show(&Some(*v))
}

impl KpiJson {
    /// The record as a text table for a terminal (`rappel kpis --format table`):
    /// portfolio KPIs, aging, one row per segment and the trend, amounts in `currency`.
    pub fn text(&self, currency: &str) -> String {
        let k = self;
        let mut s = String::new();
        let v = &k.values;
        let _ = writeln!(
            s,
            "Rappel KPIs {} .. {} ({} days), amounts in {currency}",
            k.from, k.to, k.days
        );
        let rows: [(&str, String); 14] = [
            ("Credit sales", amount(&v.credit_sales)),
            ("Receivables (AR)", amount(&v.receivables)),
            ("  current", amount(&v.current)),
            ("  overdue", amount(&v.overdue)),
            ("Unapplied cash (not in AR)", amount(&v.unapplied_cash)),
            ("DSO (days)", show(&v.dso)),
            ("Net DSO (days)", show(&v.dso_net)),
            ("Countback DSO (days)", show(&v.dso_countback)),
            ("Best possible DSO (days)", show(&v.best_possible_dso)),
            ("Average days delinquent", show(&v.average_days_delinquent)),
            ("CEI (%)", show(&v.cei)),
            ("Bad-debt ratio (%)", show(&v.bad_debt_ratio)),
            ("Overdue (%)", show(&v.overdue_percent)),
            ("Overdue 60+ (%)", show(&v.overdue_60_percent)),
        ];
        for (label, value) in rows {
            let _ = writeln!(s, "  {label:<26}{value:>18}");
        }
        let a = &v.aging;
        let _ = writeln!(
            s,
            "\nAging     {:>14}{:>14}{:>14}{:>14}{:>14}",
            "current", "1-30", "31-60", "61-90", "91+"
        );
        let _ = writeln!(
            s,
            "          {:>14}{:>14}{:>14}{:>14}{:>14}",
            amount(&a.current),
            amount(&a.d1_30),
            amount(&a.d31_60),
            amount(&a.d61_90),
            amount(&a.d91_plus)
        );
        let _ = writeln!(
            s,
            "\n{:<22}{:>16}{:>9}{:>9}{:>9}{:>9}{:>8}{:>9}{:>9}",
            "Segment", "AR", "DSO", "CB-DSO", "ADD", "CEI %", "BD %", "Ovd %", "60+ %"
        );
        let seg_row = |s: &mut String, name: &str, v: &KpiValuesJson| {
            let _ = writeln!(
                s,
                "{:<22}{:>16}{:>9}{:>9}{:>9}{:>9}{:>8}{:>9}{:>9}",
                name,
                amount(&v.receivables),
                show(&v.dso),
                show(&v.dso_countback),
                show(&v.average_days_delinquent),
                show(&v.cei),
                show(&v.bad_debt_ratio),
                show(&v.overdue_percent),
                show(&v.overdue_60_percent)
            );
        };
        for seg in &k.segments {
            seg_row(&mut s, &seg.segment, &seg.values);
        }
        seg_row(&mut s, "TOTAL", v);
        if let Some(trend) = &k.trend {
            let _ = writeln!(
                s,
                "\n{:<24}{:>16}{:>9}{:>9}{:>9}",
                "Month", "AR", "DSO", "CEI %", "Ovd %"
            );
            for t in trend {
                let _ = writeln!(
                    s,
                    "{:<24}{:>16}{:>9}{:>9}{:>9}",
                    format!("{} .. {}", t.from, t.to),
                    amount(&t.values.receivables),
                    show(&t.values.dso),
                    show(&t.values.cei),
                    show(&t.values.overdue_percent)
                );
            }
        }
        s
    }
}
