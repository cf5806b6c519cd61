//! JSON merge patch (RFC 7386) of a stored resource, with the patch's keys checked first so
//! that a typo (`{"nmae": null}`) or a read-only field is reported instead of vanishing.

use serde_json::{Map, Value};

use super::FieldError;
use super::fields::Fields;

/// The stored document with `patch` merged in, and the keys of the patch it refused (unknown
/// or read-only, left out of the merge).
#[must_use = "the merged document still has to be validated"]
pub struct Merged {
    doc: Map<String, Value>,
    refused: Vec<FieldError>,
}

impl Merged {
    /// Validates the merged document whole with `parse`. The refused keys and every invalid
    /// value come back together, so that one 422 lists every problem of the patch.
    pub fn validate<T>(
        self,
        parse: impl FnOnce(Map<String, Value>) -> Result<T, Vec<FieldError>>,
    ) -> Result<T, Vec<FieldError>> {
        let mut errors = self.refused;
        match parse(self.doc) {
            Ok(value) if errors.is_empty() => Ok(value),
            Ok(_) => Err(errors),
            Err(invalid) => {
                errors.extend(invalid);
                Err(errors)
            }
        }
    }
}

/// Merges `patch` into the stored document; the keys it may not write are refused, and the
/// result still has to be validated whole ([`Merged::validate`]).
pub fn merge_patch(
    current: Map<String, Value>,
    patch: Map<String, Value>,
    writable: &[&str],
    read_only: &[&str],
) -> Merged {
    let keys = patch.keys().map(|k| (k.clone(), Value::Null)).collect();
    let refused = Fields::new(keys, writable, read_only).into_errors();
    let patch: Map<String, Value> = patch
        .into_iter()
        .filter(|(k, _)| writable.contains(&k.as_str()))
        .collect();
    let mut doc = Value::Object(current);
    json_patch::merge(&mut doc, &Value::Object(patch));
    let doc = match doc {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    Merged { doc, refused }
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
            .validate(Ok)
            .map(Value::Object)
            .map_err(|errors| errors.into_iter().map(|e| e.field).collect::<Vec<_>>());
            let expected = expected
                .clone()
                .map_err(|fields| fields.iter().map(|f| (*f).to_owned()).collect::<Vec<_>>());
            assert_eq!(got, expected, "patch {patch}");
        }
    }

    #[test]
    fn refused_keys_and_invalid_values_are_reported_together() {
        let stored = serde_json::json!({"name": "Coop"});
        let errors = merge_patch(
            object(stored),
            object(serde_json::json!({"version": 2, "name": ""})),
            &["name"],
            &["id", "version"],
        )
        .validate(|doc| {
            let name = doc.get("name").and_then(Value::as_str).unwrap_or_default();
            if name.is_empty() {
                Err(vec![FieldError::new(
                    "name",
                    "required",
                    crate::i18n::msg!("required"),
                )])
            } else {
                Ok(doc)
            }
        })
        .unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["version", "name"]);
    }
}
