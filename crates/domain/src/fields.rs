//! Reads a JSON object field by field and collects every problem, so that one 422 lists
//! them all (unknown fields, wrong types, invalid values) instead of stopping at the first.

use chrono::NaiveDate;
use serde_json::{Map, Value};

use super::FieldError;
use super::Invalid;
use crate::i18n::{Message, msg};

/// The problem with a field has been recorded in [`Fields`]; the caller has nothing to add.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reported;

pub struct Fields {
    map: Map<String, Value>,
    errors: Vec<FieldError>,
    /// Prepended to every field name in errors (`items[3].` for a row of a batch).
    prefix: String,
}

fn type_name(v: &Value) -> Message {
    match v {
        Value::Null => msg!("json-null"),
        Value::Bool(_) => msg!("json-boolean"),
        Value::Number(_) => msg!("json-number"),
        Value::String(_) => msg!("json-string"),
        Value::Array(_) => msg!("json-array"),
        Value::Object(_) => msg!("json-object"),
    }
}

fn wrong_type(expected: Message, got: &Value) -> Invalid {
    Invalid::new(
        "type",
        msg!("wrong-type", expected = expected, got = type_name(got)),
    )
}

/// A string field parsed by a domain constructor.
pub fn string<T>(
    parse: impl Fn(&str) -> Result<T, Invalid>,
) -> impl Fn(&Value) -> Result<T, Invalid> {
    move |v| match v {
        Value::String(s) => parse(s),
        other => Err(wrong_type(msg!("json-string"), other)),
    }
}

pub fn boolean(v: &Value) -> Result<bool, Invalid> {
    v.as_bool()
        .ok_or_else(|| wrong_type(msg!("json-true-or-false"), v))
}

pub fn date(v: &Value) -> Result<NaiveDate, Invalid> {
    match v {
        Value::String(s) => Day::parse(s).map(Day::get),
        other => Err(wrong_type(msg!("json-date-string"), other)),
    }
}

/// A whole number within `min..=max` (a count, an amount in dollars).
pub fn whole(min: i64, max: i64) -> impl Fn(&Value) -> Result<i32, Invalid> {
    move |v| match v.as_i64().and_then(|n| i32::try_from(n).ok()) {
        Some(n) if (min..=max).contains(&i64::from(n)) => Ok(n),
        _ => Err(Invalid::new(
            "range",
            msg!("whole-number-between", min = min, max = max),
        )),
    }
}

/// A calendar day the federation's records can mean: from 1900-01-01 to 2100-12-31. Every
/// date the API accepts (bodies, query and path parameters) is one, so that no year 0,
/// 9999 or -4714 reaches the database. Rules about the future (a fact cannot be dated
/// tomorrow) are checked where they apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(transparent)]
pub struct Day(NaiveDate);

impl Day {
    pub const FIRST: NaiveDate = NaiveDate::from_ymd_opt(1900, 1, 1).expect("a date");
    pub const LAST: NaiveDate = NaiveDate::from_ymd_opt(2100, 12, 31).expect("a date");

    pub fn parse(s: &str) -> Result<Self, Invalid> {
        let date = NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .ok()
            .filter(|_| s.len() == 10)
            .ok_or_else(|| Invalid::format(msg!("date-format")))?;
        if !(Self::FIRST..=Self::LAST).contains(&date) {
            return Err(Invalid::new("range", msg!("date-range")));
        }
        Ok(Day(date))
    }

    pub fn get(self) -> NaiveDate {
        self.0
    }
}

impl std::str::FromStr for Day {
    type Err = Invalid;

    fn from_str(s: &str) -> Result<Self, Invalid> {
        Day::parse(s)
    }
}

impl<'de> serde::Deserialize<'de> for Day {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Day::parse(&s).map_err(|e| {
            serde::de::Error::custom(format!(
                "{s:?}: {}",
                e.message.render(crate::i18n::current())
            ))
        })
    }
}

/// A resource id (a UUID) in a string: a JSON value or a query parameter.
pub fn parse_id<Id: From<uuid::Uuid>>(s: &str) -> Result<Id, Invalid> {
    uuid::Uuid::parse_str(s)
        .map(Id::from)
        .map_err(|_| Invalid::format(msg!("uuid-format")))
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
                    FieldError::new(field, "read_only", msg!("field-read-only"))
                } else {
                    FieldError::new(
                        field,
                        "unknown_field",
                        msg!("field-unknown", known = known.join(", ")),
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
                self.error(name, Invalid::new("required", msg!("required")));
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
                let e = wrong_type(msg!("json-array"), other);
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
    fn dates_are_calendar_days_written_yyyy_mm_dd() {
        // (JSON value, the date read, or the error code)
        let cases: &[(Value, Result<&str, &str>)] = &[
            (serde_json::json!("2021-02-03"), Ok("2021-02-03")),
            (serde_json::json!("2020-02-29"), Ok("2020-02-29")),
            (serde_json::json!("2021-02-29"), Err("format")),
            (serde_json::json!("2021-02-30"), Err("format")),
            (serde_json::json!("2021-13-01"), Err("format")),
            (serde_json::json!("2021-2-3"), Err("format")),
            (serde_json::json!("+2021-02-03"), Err("format")),
            (serde_json::json!("2021-02-03T00:00:00Z"), Err("format")),
            (serde_json::json!(" 2021-02-03"), Err("format")),
            (serde_json::json!(""), Err("format")),
            (serde_json::json!(20210203), Err("type")),
            (serde_json::json!(true), Err("type")),
        ];
        for (value, expected) in cases {
            let got = date(value).map(|d| d.to_string()).map_err(|e| e.code);
            let expected = expected.map(str::to_owned);
            assert_eq!(got, expected, "{value}");
        }
    }

    #[test]
    fn unknown_and_server_set_fields_are_told_apart() {
        // (body, the fields reported with their codes, in the body's order)
        let cases: &[(Value, &[(&str, &str)])] = &[
            (serde_json::json!({"name": "x"}), &[]),
            (
                serde_json::json!({"nmae": "x"}),
                &[("nmae", "unknown_field")],
            ),
            (serde_json::json!({"id": "x"}), &[("id", "read_only")]),
            (
                serde_json::json!({"version": 3, "extra": null}),
                &[("version", "read_only"), ("extra", "unknown_field")],
            ),
        ];
        for (body, expected) in cases {
            let f = Fields::new(object(body.clone()), &["name"], &["id", "version"]);
            let got: Vec<(String, &str)> = f
                .into_errors()
                .into_iter()
                .map(|e| (e.field, e.code))
                .collect();
            let expected: Vec<(String, &str)> =
                expected.iter().map(|&(k, c)| (k.to_owned(), c)).collect();
            assert_eq!(got, expected, "{body}");
        }
    }

    #[test]
    fn null_is_absent_and_errors_name_the_field_with_its_prefix() {
        // (value of `n`, what `required` reports, what `optional` reports)
        let cases: &[(Value, Option<&str>, Option<&str>)] = &[
            (serde_json::json!(true), None, None),
            (Value::Null, Some("required"), None),
            (serde_json::json!("yes"), Some("type"), Some("type")),
        ];
        for (value, required, optional) in cases {
            let body = object(serde_json::json!({ "n": value }));
            let mut f = Fields::nested(body.clone(), &["n"], &[], "items[2].");
            f.required("n", boolean);
            let got: Vec<(String, &str)> = f
                .into_errors()
                .into_iter()
                .map(|e| (e.field, e.code))
                .collect();
            let want: Vec<(String, &str)> = required
                .map(|c| ("items[2].n".to_owned(), c))
                .into_iter()
                .collect();
            assert_eq!(got, want, "required {value}");

            let mut f = Fields::nested(body, &["n"], &[], "items[2].");
            let read = f.optional("n", boolean);
            assert_eq!(read.is_err(), optional.is_some(), "optional {value}");
            let got: Vec<&str> = f.into_errors().into_iter().map(|e| e.code).collect();
            assert_eq!(
                got,
                optional.iter().copied().collect::<Vec<&str>>(),
                "optional {value}"
            );
        }
    }

    #[test]
    fn lists_report_each_bad_element_by_index() {
        // (value of `tags`, the fields refused)
        let cases: &[(Value, &[&str])] = &[
            (serde_json::json!([true, false]), &[]),
            (serde_json::json!([]), &[]),
            (Value::Null, &[]),
            (
                serde_json::json!([true, "x", false, 3]),
                &["tags[1]", "tags[3]"],
            ),
            (serde_json::json!({"0": true}), &["tags"]),
            (serde_json::json!(true), &["tags"]),
        ];
        for (value, refused) in cases {
            let mut f = Fields::new(object(serde_json::json!({ "tags": value })), &["tags"], &[]);
            let read = f.list("tags", boolean);
            let fields: Vec<String> = f.into_errors().into_iter().map(|e| e.field).collect();
            assert_eq!(fields, *refused, "{value}");
            assert_eq!(read.is_some(), refused.is_empty(), "{value}");
        }
    }
}
