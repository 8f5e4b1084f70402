//! The policy document: the shipped examples read and validate; every validation error
//! names its path; TOML and JSON are equivalent.

use rappel_core::policy::{self, PolicyFormat};

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
