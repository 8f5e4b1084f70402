//! Reading the published records back from JSON, whichever engine wrote it.
//!
//! Every record the core publishes (the KPI record, a dunning run, the worklist, a
//! verdict…) is written once, by its `Serialize`. The engine component returns the same
//! records as WIT values, field for field (`rappel:engine@1.0.0`): a host turns them into
//! JSON generically (field `due-date` → key `due_date`, enum case `phone-task` →
//! `"phone_task"`, variant `{"case": payload}`), and the record's `Deserialize` reads
//! that JSON as it reads its own. Three things a WIT value cannot spell are bridged here,
//! on the record's field, so no host keeps a second copy of any record:
//!
//! - a key that is not a WIT name (`"1-30"`): an `alias` on the field;
//! - a group of values the published JSON flattens into its parent (the KPI values of a
//!   segment): [`nested`] reads them flat or under `values`;
//! - an enum published with an inner tag (`{"kind": "dispute", …}`), which WIT writes as
//!   a variant (`{"dispute": {…}}`): [`kind`], [`factors`].

use serde::de::{DeserializeOwned, Error};
use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};

/// A flattened group read flat (the published JSON) or from a `values` object (the
/// component's record), for `#[serde(flatten, deserialize_with = "wire::nested")]`.
pub fn nested<'de, D: Deserializer<'de>, T: DeserializeOwned>(d: D) -> Result<T, D::Error> {
    let mut rest = Map::<String, Value>::deserialize(d)?;
    let group = match rest.remove("values") {
        Some(v @ Value::Object(_)) => v,
        _ => Value::Object(rest),
    };
    T::deserialize(group).map_err(D::Error::custom)
}

/// An enum published with the tag `kind`, read also from a WIT variant.
pub fn kind<'de, D: Deserializer<'de>, T: DeserializeOwned>(d: D) -> Result<T, D::Error> {
    inner_tag(Value::deserialize(d)?, "kind").map_err(D::Error::custom)
}

/// The worklist's factors (tag `factor`), read also from WIT variants.
pub fn factors<'de, D: Deserializer<'de>, T: DeserializeOwned>(d: D) -> Result<Vec<T>, D::Error> {
    Vec::<Value>::deserialize(d)?
        .into_iter()
        .map(|v| inner_tag(v, "factor").map_err(D::Error::custom))
        .collect()
}

/// Reads `v` as an enum tagged inside with `tag`, after turning a variant written the
/// WIT way (`"case"`, or `{"case": {fields}}`) into that form.
fn inner_tag<T: DeserializeOwned>(v: Value, tag: &str) -> Result<T, serde_json::Error> {
    let v = match v {
        Value::String(case) => Value::Object(Map::from_iter([(tag.into(), case.into())])),
        Value::Object(m) if m.len() == 1 && !m.contains_key(tag) => {
            let (case, payload) = m.into_iter().next().expect("one entry");
            let mut fields = match payload {
                Value::Object(f) => f,
                Value::Null => Map::new(),
                other => {
                    return Err(serde_json::Error::custom(format!(
                        "variant {case:?}: expected a record, got {other}"
                    )));
                }
            };
            fields.insert(tag.into(), case.into());
            Value::Object(fields)
        }
        other => other,
    };
    T::deserialize(v)
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    #[serde(tag = "kind", rename_all = "snake_case")]
    enum Hold {
        Partner,
        Dispute { dispute_id: String },
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Item {
        #[serde(deserialize_with = "super::kind")]
        detail: Hold,
    }

    #[test]
    fn an_inner_tag_reads_from_its_own_json_and_from_a_wit_variant() {
        for (json, want) in [
            (r#"{"detail":{"kind":"partner"}}"#, Hold::Partner),
            (r#"{"detail":"partner"}"#, Hold::Partner),
            (
                r#"{"detail":{"kind":"dispute","dispute_id":"D1"}}"#,
                Hold::Dispute {
                    dispute_id: "D1".into(),
                },
            ),
            (
                r#"{"detail":{"dispute":{"dispute_id":"D1"}}}"#,
                Hold::Dispute {
                    dispute_id: "D1".into(),
                },
            ),
        ] {
            let item: Item = serde_json::from_str(json).unwrap();
            assert_eq!(item.detail, want, "{json}");
        }
        let bad: Result<Item, _> = serde_json::from_str(r#"{"detail":{"dispute":3}}"#);
        assert!(bad.unwrap_err().to_string().contains("expected a record"));
    }
}
