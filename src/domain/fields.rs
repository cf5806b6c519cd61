//! Reads a JSON object field by field and collects every problem, so that one 422 lists
//! them all (unknown fields, wrong types, invalid values) instead of stopping at the first.

use chrono::NaiveDate;
use serde_json::{Map, Value};

use super::Invalid;
use crate::error::FieldError;

/// The problem with a field has been recorded in [`Fields`]; the caller has nothing to add.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reported;

pub struct Fields {
    map: Map<String, Value>,
    errors: Vec<FieldError>,
    /// Prepended to every field name in errors (`items[3].` for a row of a batch).
    prefix: String,
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn wrong_type(expected: &str, got: &Value) -> Invalid {
    Invalid::new(
        "type",
        format!("expected {expected}, got {}", type_name(got)),
    )
}

/// A string field parsed by a domain constructor.
pub fn string<T>(
    parse: impl Fn(&str) -> Result<T, Invalid>,
) -> impl Fn(&Value) -> Result<T, Invalid> {
    move |v| match v {
        Value::String(s) => parse(s),
        other => Err(wrong_type("a string", other)),
    }
}

pub fn boolean(v: &Value) -> Result<bool, Invalid> {
    v.as_bool().ok_or_else(|| wrong_type("true or false", v))
}

pub fn date(v: &Value) -> Result<NaiveDate, Invalid> {
    match v {
        Value::String(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .ok()
            .filter(|_| s.len() == 10)
            .ok_or_else(|| Invalid::format("expected a date as YYYY-MM-DD")),
        other => Err(wrong_type("a date string (YYYY-MM-DD)", other)),
    }
}

/// A resource id (a UUID) in a string: a JSON value or a query parameter.
pub fn parse_id<Id: From<uuid::Uuid>>(s: &str) -> Result<Id, Invalid> {
    uuid::Uuid::parse_str(s)
        .map(Id::from)
        .map_err(|_| Invalid::format("expected a UUID"))
}

pub fn id<Id: From<uuid::Uuid>>(v: &Value) -> Result<Id, Invalid> {
    string(parse_id)(v)
}

impl Fields {
    /// Starts reading `map`; any key not in `known` is reported, and keys in `read_only`
    /// are reported as such (they are the server's to set).
    pub fn new(map: Map<String, Value>, known: &[&str], read_only: &[&str]) -> Self {
        Self::nested(map, known, read_only, "")
    }

    /// Like [`Fields::new`], for an object inside a larger document: errors name
    /// `prefix` + field.
    pub fn nested(
        map: Map<String, Value>,
        known: &[&str],
        read_only: &[&str],
        prefix: &str,
    ) -> Self {
        let errors = map
            .keys()
            .filter(|k| !known.contains(&k.as_str()))
            .map(|k| {
                let field = format!("{prefix}{k}");
                if read_only.contains(&k.as_str()) {
                    FieldError::new(
                        field,
                        "read_only",
                        "is set by the server and cannot be written",
                    )
                } else {
                    FieldError::new(
                        field,
                        "unknown_field",
                        format!(
                            "is not a field of this resource (known: {})",
                            known.join(", ")
                        ),
                    )
                }
            })
            .collect();
        Self {
            map,
            errors,
            prefix: prefix.to_owned(),
        }
    }

    pub fn error(&mut self, field: &str, invalid: Invalid) {
        let field = format!("{}{field}", self.prefix);
        self.errors
            .push(FieldError::new(field, invalid.code, invalid.message));
    }

    fn present(&self, name: &str) -> Option<&Value> {
        self.map.get(name).filter(|v| !v.is_null())
    }

    /// A field that must be present and non-null; `None` when it was reported as invalid.
    pub fn required<T>(
        &mut self,
        name: &str,
        parse: impl Fn(&Value) -> Result<T, Invalid>,
    ) -> Option<T> {
        match self.present(name).map(&parse) {
            Some(Ok(v)) => Some(v),
            Some(Err(e)) => {
                self.error(name, e);
                None
            }
            None => {
                self.error(name, Invalid::new("required", "is required"));
                None
            }
        }
    }

    /// A field that may be absent or null (`Ok(None)`); `Err(Reported)` when invalid.
    pub fn optional<T>(
        &mut self,
        name: &str,
        parse: impl Fn(&Value) -> Result<T, Invalid>,
    ) -> Result<Option<T>, Reported> {
        match self.present(name).map(&parse) {
            None => Ok(None),
            Some(Ok(v)) => Ok(Some(v)),
            Some(Err(e)) => {
                self.error(name, e);
                Err(Reported)
            }
        }
    }

    /// An array field; each element is checked and reported as `name[i]`.
    pub fn list<T>(
        &mut self,
        name: &str,
        parse: impl Fn(&Value) -> Result<T, Invalid>,
    ) -> Option<Vec<T>> {
        let items = match self.present(name) {
            None => return Some(Vec::new()),
            Some(Value::Array(items)) => items.clone(),
            Some(other) => {
                let e = wrong_type("an array", other);
                self.error(name, e);
                return None;
            }
        };
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for (i, item) in items.iter().enumerate() {
            match parse(item) {
                Ok(v) => out.push(v),
                Err(e) => {
                    ok = false;
                    self.error(&format!("{name}[{i}]"), e);
                }
            }
        }
        ok.then_some(out)
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    pub fn into_errors(self) -> Vec<FieldError> {
        self.errors
    }
}
