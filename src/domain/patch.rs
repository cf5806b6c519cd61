//! JSON merge patch (RFC 7386) of a stored resource, with the patch's keys checked first so
//! that a typo (`{"nmae": null}`) or a read-only field is reported instead of vanishing.

use serde_json::{Map, Value};

use super::FieldError;
use super::fields::Fields;

/// The stored document with `patch` merged in; the result still has to be validated whole.
pub fn merge_patch(
    current: Map<String, Value>,
    patch: Map<String, Value>,
    writable: &[&str],
    read_only: &[&str],
) -> Result<Map<String, Value>, Vec<FieldError>> {
    let keys = patch.keys().map(|k| (k.clone(), Value::Null)).collect();
    let refused = Fields::new(keys, writable, read_only).into_errors();
    if !refused.is_empty() {
        return Err(refused);
    }
    let mut doc = Value::Object(current);
    json_patch::merge(&mut doc, &Value::Object(patch));
    Ok(match doc {
        Value::Object(map) => map,
        _ => Map::new(),
    })
}

/// The `keys` of a serialized view: the document a merge patch applies to.
pub fn writable_part(view: &impl serde::Serialize, keys: &[&str]) -> Map<String, Value> {
    match serde_json::to_value(view) {
        Ok(Value::Object(map)) => map
            .into_iter()
            .filter(|(k, _)| keys.contains(&k.as_str()))
            .collect(),
        _ => Map::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn object(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(map) => map,
            other => panic!("not an object: {other}"),
        }
    }

    #[test]
    fn a_merge_patch_replaces_removes_and_refuses_keys_it_may_not_write() {
        let stored =
            serde_json::json!({"name": "Coop", "phone": "514 555-0199", "services": ["nursing"]});
        // (patch, the merged document or the fields refused)
        let cases: &[(Value, Result<Value, &[&str]>)] = &[
            (serde_json::json!({}), Ok(stored.clone())),
            (
                serde_json::json!({"name": "Coop B"}),
                Ok(
                    serde_json::json!({"name": "Coop B", "phone": "514 555-0199", "services": ["nursing"]}),
                ),
            ),
            (
                serde_json::json!({"phone": null}),
                Ok(serde_json::json!({"name": "Coop", "services": ["nursing"]})),
            ),
            (
                serde_json::json!({"services": ["vaccination"]}),
                Ok(
                    serde_json::json!({"name": "Coop", "phone": "514 555-0199", "services": ["vaccination"]}),
                ),
            ),
            (serde_json::json!({"nmae": null}), Err(&["nmae"])),
            (
                serde_json::json!({"id": "x", "name": "Coop B"}),
                Err(&["id"]),
            ),
            (
                serde_json::json!({"version": 2, "colour": "red"}),
                Err(&["version", "colour"]),
            ),
        ];
        for (patch, expected) in cases {
            let got = merge_patch(
                object(stored.clone()),
                object(patch.clone()),
                &["name", "phone", "services"],
                &["id", "version"],
            )
            .map(Value::Object)
            .map_err(|errors| errors.into_iter().map(|e| e.field).collect::<Vec<_>>());
            let expected = expected
                .clone()
                .map_err(|fields| fields.iter().map(|f| (*f).to_owned()).collect::<Vec<_>>());
            assert_eq!(got, expected, "patch {patch}");
        }
    }
}
