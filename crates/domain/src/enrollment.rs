//! A co-op's enrolment in a service agreement: from a date, possibly until a date (the last
//! day covered, inclusive), with the number of people it covers when known.

use super::ids::CooperativeId;
use crate::i18n::msg;
use chrono::NaiveDate;
use serde_json::{Map, Value};

use super::FieldError;
use super::Invalid;
use super::fields::{self, Fields};
use super::patch::merge_patch;

/// The dates and size of an enrolment, validated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnrollmentProfile {
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub people_covered: Option<i32>,
}

/// A new enrolment of a co-op (the agreement comes from the path).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewEnrollment {
    pub cooperative_id: CooperativeId,
    pub terms: EnrollmentProfile,
}

/// Fields a client may write, in the order the spec lists them.
pub const WRITABLE: &[&str] = &["cooperative_id", "starts_on", "ends_on", "people_covered"];
pub const READ_ONLY: &[&str] = &["id", "agreement_id", "created_at", "updated_at", "version"];
/// An enrolment never moves to another co-op: end it and enrol the other one.
const READ_ONLY_ON_PATCH: &[&str] = &[
    "id",
    "agreement_id",
    "cooperative_id",
    "created_at",
    "updated_at",
    "version",
];

pub const PEOPLE_MAX: i64 = 1_000_000;

fn people(v: &Value) -> Result<i32, Invalid> {
    match v.as_i64() {
        Some(n) if (0..=PEOPLE_MAX).contains(&n) => Ok(i32::try_from(n).unwrap_or(0)),
        _ => Err(Invalid::new(
            "range",
            msg!("whole-number-between", min = 0, max = PEOPLE_MAX),
        )),
    }
}

fn terms(f: &mut Fields) -> Option<EnrollmentProfile> {
    let starts_on = f.required("starts_on", fields::date);
    let ends_on = f.optional("ends_on", fields::date);
    let people_covered = f.optional("people_covered", people);
    if let (Some(start), Ok(Some(end))) = (starts_on, ends_on)
        && end < start
    {
        f.error(
            "ends_on",
            Invalid::new("date_order", msg!("not-before", other = "starts_on")),
        );
    }
    Some(EnrollmentProfile {
        starts_on: starts_on?,
        ends_on: ends_on.ok()?,
        people_covered: people_covered.ok()?,
    })
}

impl NewEnrollment {
    pub fn from_json(map: Map<String, Value>) -> Result<Self, Vec<FieldError>> {
        let mut f = Fields::new(map, WRITABLE, READ_ONLY);
        let cooperative_id = f.required("cooperative_id", super::fields::id);
        let terms = terms(&mut f);
        match (cooperative_id, terms) {
            (Some(cooperative_id), Some(terms)) if !f.has_errors() => Ok(Self {
                cooperative_id,
                terms,
            }),
            _ => Err(f.into_errors()),
        }
    }
}

impl EnrollmentProfile {
    pub fn patched(
        current: Map<String, Value>,
        patch: Map<String, Value>,
    ) -> Result<Self, Vec<FieldError>> {
        let writable = &WRITABLE[1..];
        merge_patch(current, patch, writable, READ_ONLY_ON_PATCH).validate(|doc| {
            let mut f = Fields::new(doc, writable, READ_ONLY_ON_PATCH);
            match terms(&mut f) {
                Some(t) if !f.has_errors() => Ok(t),
                _ => Err(f.into_errors()),
            }
        })
    }

    /// True when the enrolment covers `on`.
    pub fn covers(&self, on: NaiveDate) -> bool {
        self.starts_on <= on && self.ends_on.is_none_or(|end| on <= end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("a date in the table")
    }

    fn object(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(map) => map,
            other => panic!("not an object: {other}"),
        }
    }

    fn refused(result: Result<impl Sized, Vec<FieldError>>) -> Vec<String> {
        match result {
            Ok(_) => Vec::new(),
            Err(errors) => errors.into_iter().map(|e| e.field).collect(),
        }
    }

    #[test]
    fn every_invalid_field_of_a_new_enrolment_is_named() {
        // (changes to a valid enrolment, the fields refused in the order they are reported)
        let cases: &[(Value, &[&str])] = &[
            (serde_json::json!({}), &[]),
            (serde_json::json!({"ends_on": "2020-05-01"}), &[]),
            (serde_json::json!({"ends_on": "2020-04-30"}), &["ends_on"]),
            (serde_json::json!({"people_covered": 0}), &[]),
            (serde_json::json!({"people_covered": PEOPLE_MAX}), &[]),
            (
                serde_json::json!({"people_covered": PEOPLE_MAX + 1}),
                &["people_covered"],
            ),
            (
                serde_json::json!({"people_covered": -1}),
                &["people_covered"],
            ),
            (
                serde_json::json!({"people_covered": 1.5}),
                &["people_covered"],
            ),
            (
                serde_json::json!({"people_covered": 1e30}),
                &["people_covered"],
            ),
            (
                serde_json::json!({"people_covered": "12"}),
                &["people_covered"],
            ),
            (serde_json::json!({"starts_on": null}), &["starts_on"]),
            (
                serde_json::json!({"starts_on": "2021-02-30"}),
                &["starts_on"],
            ),
            (
                serde_json::json!({"cooperative_id": "x"}),
                &["cooperative_id"],
            ),
            (
                serde_json::json!({"cooperative_id": null}),
                &["cooperative_id"],
            ),
            (serde_json::json!({"agreement_id": "x"}), &["agreement_id"]),
            (serde_json::json!({"people": 3}), &["people"]),
        ];
        for (changes, fields) in cases {
            let mut body = serde_json::json!({
                "cooperative_id": "01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0b1d",
                "starts_on": "2020-05-01",
                "people_covered": 1850
            });
            json_patch::merge(&mut body, changes);
            assert_eq!(
                refused(NewEnrollment::from_json(object(body))),
                *fields,
                "changes {changes}"
            );
        }
    }

    #[test]
    fn an_enrolment_never_moves_to_another_co_op() {
        let stored = object(
            serde_json::json!({"starts_on": "2020-05-01", "ends_on": null, "people_covered": null}),
        );
        // (patch, the fields refused)
        let cases: &[(Value, &[&str])] = &[
            (serde_json::json!({"ends_on": "2022-12-31"}), &[]),
            (serde_json::json!({"ends_on": "2020-04-30"}), &["ends_on"]),
            (serde_json::json!({"starts_on": null}), &["starts_on"]),
            (
                serde_json::json!({"cooperative_id": "01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0b1d"}),
                &["cooperative_id"],
            ),
        ];
        for (patch, fields) in cases {
            let result = EnrollmentProfile::patched(stored.clone(), object(patch.clone()));
            assert_eq!(refused(result), *fields, "patch {patch}");
        }
    }

    #[test]
    fn an_enrolment_covers_its_first_and_last_days() {
        // (starts_on, ends_on, the day asked about, covered)
        const CASES: &[(&str, Option<&str>, &str, bool)] = &[
            ("2020-05-01", None, "2020-04-30", false),
            ("2020-05-01", None, "2020-05-01", true),
            ("2020-05-01", None, "2099-12-31", true),
            ("2020-05-01", Some("2020-12-31"), "2020-12-31", true),
            ("2020-05-01", Some("2020-12-31"), "2021-01-01", false),
            ("2020-05-01", Some("2020-05-01"), "2020-05-01", true),
        ];
        for &(starts_on, ends_on, on, covered) in CASES {
            let terms = EnrollmentProfile {
                starts_on: d(starts_on),
                ends_on: ends_on.map(d),
                people_covered: None,
            };
            assert_eq!(
                terms.covers(d(on)),
                covered,
                "{starts_on}..{ends_on:?} on {on}"
            );
        }
    }
}
