//! The policy document: the shipped examples read and validate; every validation error
//! names its path; TOML and JSON are equivalent.

use rappel_core::collections::policy::{self, PolicyFormat};

const WHOLESALE: &str = include_str!("../../examples/policies/wholesale.toml");
const SMALL: &str = include_str!("../../examples/policies/small-business.toml");

#[test]
fn shipped_policies_are_valid() {
    let w = policy::parse(WHOLESALE, PolicyFormat::Toml).unwrap_or_else(|e| panic!("{e:#?}"));
    assert_eq!(w.processes.len(), 12);
    assert_eq!(w.segmentation.len(), 13);
    let s = policy::parse(SMALL, PolicyFormat::Toml).unwrap_or_else(|e| panic!("{e:#?}"));
    assert_eq!(s.processes.len(), 1);
}

#[test]
fn json_and_toml_read_the_same() {
    let w = policy::parse(WHOLESALE, PolicyFormat::Toml).unwrap();
    let json = serde_json::to_string(&w).unwrap();
    let back = policy::parse(&json, PolicyFormat::Json).unwrap();
    assert_eq!(w, back);
}

fn problems(text: &str) -> Vec<String> {
    match policy::parse(text, PolicyFormat::Toml) {
        Ok(_) => Vec::new(),
        Err(e) => e.into_iter().map(|p| p.to_string()).collect(),
    }
}

const BASE_HEAD: &str = r#"
version = 1
name = "t"
default_language = "en"
[risk]
no_history_class = "A"
[[risk.classes]]
name = "A"
"#;

#[test]
fn every_validation_problem_is_listed_with_its_path() {
    let text = r#"
version = 2
name = " "
default_language = "en"
[risk]
lookback_months = 0
no_history_class = "Z"
[[risk.classes]]
name = "A"
max_avg_days_late = "-1"
[[risk.classes]]
name = "A"
[fees.be]
kind = "be_consumer"
reminder_fee = "9.00"
[fees.fix]
kind = "fixed"
amount = "-5"
[fees.nl]
kind = "nl_wik"
vat_percent = "121"
[[segmentation]]
process = "p"
[[segmentation]]
process = "nope"
risk_classes = ["Q"]
[[processes]]
id = "p"
[[processes.steps]]
name = "one"
offset_days = 5
channel = "email"
template = "t"
fee = "missing"
min_amount = "-1"
[[processes.steps]]
name = "one"
offset_days = 5
channel = "letter"
template = "absent"
pay_within_days = 400
[[processes]]
id = "p"
steps = []
[holds]
missed_instalment_step = "final"
[worklist]
deprioritise = "2"
[templates.t.en]
subject = "{{ nope }}"
body = "{% for i in invoices %}"
[templates.u.fr]
body = "x"
"#;
    let got = problems(text);
    let expected = [
        "version: unsupported policy version 2; this engine reads version 1",
        "name: must not be empty",
        "risk.lookback_months: must be between 1 and 120",
        "risk.classes[0].max_avg_days_late: must not be negative",
        "risk.classes[1].name: duplicate risk class name",
        "risk.no_history_class: no risk class is named \"Z\"",
        "processes[0].steps[0].fee: no fee rule is named \"missing\"",
        "processes[0].steps[0].min_amount: must not be negative",
        "processes[0].steps[1].name: duplicate step name in this process",
        "processes[0].steps[1].offset_days: must be greater than the previous step's",
        "processes[0].steps[1].template: no template is named \"absent\"",
        "processes[0].steps[1].pay_within_days: must be at most 365",
        "processes[1].id: duplicate process id \"p\"",
        "processes[1].steps: a process needs at least one step",
        "segmentation[1].process: no process has id \"nope\"",
        "segmentation[1].risk_classes[0]: no risk class is named \"Q\"",
        "segmentation[1]: unreachable: segmentation[0] already matches every customer",
        "templates.t.en.body: syntax error: unexpected end of input, expected end of block (line 1)",
        "fees.be.reminder_fee: must be between 0 and 7.50 (Book XIX CEL caps a reminder at €7.50 plus postage)",
        "fees.fix.amount: must not be negative",
        "fees.nl.vat_percent: must be between 0 and 100",
        "holds.missed_instalment_step: processes[0] (p) has no step named \"final\"",
        "holds.missed_instalment_step: processes[1] (p) has no step named \"final\"",
        "worklist.deprioritise: must be between 0 and 1",
    ];
    for e in &expected {
        assert!(got.iter().any(|g| g == e), "missing {e:?} in\n{got:#?}");
    }
    assert_eq!(got.len(), expected.len(), "{got:#?}");
}

#[test]
fn unknown_variables_and_syntax_errors_point_into_the_document() {
    let text = format!(
        r#"{BASE_HEAD}
[[segmentation]]
process = "p"
[[processes]]
id = "p"
[[processes.steps]]
name = "s"
offset_days = 3
channel = "email"
template = "t"
[templates.t.en]
subject = "ok"
body = "Dear {{{{ customer.nmae }}}}"
"#
    );
    let got = problems(&text);
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(
        got[0].starts_with("templates.t.en.body: undefined value"),
        "{got:?}"
    );

    // Type errors name the path (serde stops at the first).
    let bad = format!(
        "{BASE_HEAD}\n[[processes]]\nid = \"p\"\n[[processes.steps]]\nname = \"s\"\noffset_days = \"soon\"\n"
    );
    let got = problems(&bad);
    assert_eq!(got.len(), 1);
    assert!(
        got[0].starts_with("processes[0].steps[0].offset_days: "),
        "{got:?}"
    );
    let typo = format!("{BASE_HEAD}\nprocesess = []\n");
    let got = problems(&typo);
    assert!(
        got[0].contains("unknown field `processes`")
            || got[0].contains("processess")
            || got[0].contains("unknown field"),
        "{got:?}"
    );
    // Never a panic, whatever the input.
    for junk in ["", "[[", "version = \"one\"", "{}", "\u{0}"] {
        assert!(!problems(junk).is_empty());
    }
    assert!(policy::parse("{\"version\": 1}", PolicyFormat::Json).is_err());
}
