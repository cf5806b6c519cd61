//! JSON merge patch (RFC 7386) of a stored resource, with the patch's keys checked first so
//! that a typo (`{"nmae": null}`) or a read-only field is reported instead of vanishing.

use serde_json::{Map, Value};

use super::fields::Fields;
use crate::error::FieldError;

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
