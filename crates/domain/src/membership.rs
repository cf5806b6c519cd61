//! Membership counts: a co-op's members per category at a date, and the rules they obey.

use crate::i18n::msg;
use chrono::NaiveDate;
use serde_json::{Map, Value};

use super::FieldError;
use super::cooperative::LegalForm;
use super::fields::{self, Fields};
use super::text::clean;
use super::{Invalid, text_enum};

text_enum! {
    /// Where a count comes from.
    pub enum CountSource {
        AnnualReport = "annual_report",
        Agm = "agm",
        Estimate = "estimate",
        PartnerReport = "partner_report",
        Other = "other",
    }
}

/// Upper bound of one category: far above any co-op, far below integer overflow in sums.
pub const MAX_COUNT: i64 = 10_000_000;

/// What the rules need to know about the co-op a count belongs to.
#[derive(Debug, Clone, Copy)]
pub struct CoopFacts {
    pub legal_form: LegalForm,
    pub founded_on: Option<NaiveDate>,
}

/// A valid count: whole numbers, a positive total, users only for a consumer co-op, a date
/// neither in the future nor before the co-op was founded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MembershipCount {
    pub as_of: NaiveDate,
    pub users: i32,
    pub workers: i32,
    pub supporting: i32,
    pub source: CountSource,
    pub note: Option<String>,
}

/// The fields of a count in a request body.
pub const FIELDS: &[&str] = &["as_of", "users", "workers", "supporting", "source", "note"];
pub const READ_ONLY: &[&str] = &[
    "id",
    "cooperative_id",
    "total",
    "created_at",
    "updated_at",
    "version",
];

fn count(v: &Value) -> Result<i32, Invalid> {
    // JSON has one number type: 1500.0 is the integer 1500 (as JSON Schema's `integer` says).
    let whole = v.as_i64().or_else(|| {
        v.as_f64()
            .filter(|f| f.fract() == 0.0 && f.abs() <= f64::from(i32::MAX))
            .map(|f| f as i64)
    });
    match whole {
        Some(n) if (0..=MAX_COUNT).contains(&n) => Ok(n as i32),
        Some(n) if n < 0 => Err(Invalid::new("range", msg!("not-negative"))),
        Some(_) => Err(Invalid::new("range", msg!("at-most", max = MAX_COUNT))),
        None if v.is_number() => Err(Invalid::new("type", msg!("must-be-whole-number"))),
        None => Err(Invalid::new("type", msg!("whole-number-expected"))),
    }
}

impl MembershipCount {
    /// Reads the fields of one count from `f` (errors are collected there), then checks the
    /// rules against the co-op. `as_of` is given when it comes from the path (PUT).
    pub fn read(
        f: &mut Fields,
        path_as_of: Option<NaiveDate>,
        facts: Option<CoopFacts>,
        today: NaiveDate,
    ) -> Option<Self> {
        let as_of = match path_as_of {
            Some(path) => {
                // The date is in the path; repeating it in the body is fine, contradicting it is not.
                if f.optional("as_of", fields::date)
                    .is_ok_and(|body| body.is_some_and(|d| d != path))
                {
                    f.error(
                        "as_of",
                        Invalid::new(
                            "mismatch",
                            msg!("as-of-path-mismatch", date = path.to_string()),
                        ),
                    );
                }
                Some(path)
            }
            None => f.required("as_of", fields::date),
        };
        let users = f.optional("users", count);
        let workers = f.optional("workers", count);
        let supporting = f.optional("supporting", count);
        let source = f.required("source", fields::string(CountSource::parse));
        let note = f.optional("note", fields::string(|s| clean(s, 2000)));

        if let Some(d) = as_of {
            if d > today {
                f.error("as_of", Invalid::new("future_date", msg!("future-date")));
            }
            if let Some(founded) = facts.and_then(|c| c.founded_on)
                && d < founded
            {
                let message = msg!("before-founding", founded = founded.to_string());
                f.error("as_of", Invalid::new("before_founding", message));
            }
        }
        let (Ok(users), Ok(workers), Ok(supporting)) = (users, workers, supporting) else {
            return None;
        };
        let (users, workers, supporting) = (
            users.unwrap_or(0),
            workers.unwrap_or(0),
            supporting.unwrap_or(0),
        );
        if users + workers + supporting == 0 {
            f.error(
                "users",
                Invalid::new("total", msg!("membership-total-positive")),
            );
        }
        if facts.is_some_and(|c| c.legal_form == LegalForm::Consumer) {
            for (field, n) in [("workers", workers), ("supporting", supporting)] {
                if n > 0 {
                    f.error(
                        field,
                        Invalid::new("consumer_users_only", msg!("consumer-users-only")),
                    );
                }
            }
        }
        Some(Self {
            as_of: as_of?,
            users,
            workers,
            supporting,
            source: source?,
            note: note.ok()?,
        })
    }

    /// A whole request body for one count (`path_as_of` for PUT).
    pub fn from_json(
        map: Map<String, Value>,
        path_as_of: Option<NaiveDate>,
        facts: CoopFacts,
        today: NaiveDate,
    ) -> Result<Self, Vec<FieldError>> {
        let mut f = Fields::new(map, FIELDS, READ_ONLY);
        match Self::read(&mut f, path_as_of, Some(facts), today) {
            Some(count) if !f.has_errors() => Ok(count),
            _ => Err(f.into_errors()),
        }
    }

    pub fn total(&self) -> i32 {
        self.users + self.workers + self.supporting
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

    const TODAY: &str = "2024-01-01";
    const FOUNDED: &str = "2009-04-15";

    fn facts(legal_form: LegalForm) -> CoopFacts {
        CoopFacts {
            legal_form,
            founded_on: Some(d(FOUNDED)),
        }
    }

    #[test]
    fn each_wrong_number_gets_its_own_message() {
        use crate::i18n::{Lang, render};
        use serde_json::json;
        let said = |v: Value| {
            let e = count(&v).unwrap_err();
            (e.code, render(Lang::En, &e.message))
        };
        let expected = |code, m| (code, render(Lang::En, &m));
        assert_eq!(said(json!(-1)), expected("range", msg!("not-negative")));
        assert_eq!(
            said(json!(MAX_COUNT + 1)),
            expected("range", msg!("at-most", max = MAX_COUNT))
        );
        assert_eq!(
            said(json!(1.5)),
            expected("type", msg!("must-be-whole-number"))
        );
        assert_eq!(
            said(json!("12")),
            expected("type", msg!("whole-number-expected"))
        );
        assert_eq!(count(&json!(0)), Ok(0));
        assert_eq!(count(&json!(1500.0)), Ok(1500));
    }

    #[test]
    fn every_count_rule_names_the_field_it_breaks() {
        use LegalForm::{Consumer, Solidarity};
        // (legal form of the co-op, body, the fields refused in the order they are reported)
        let cases: &[(LegalForm, Value, &[&str])] = &[
            (
                Solidarity,
                serde_json::json!({"as_of": "2020-06-30", "users": 2140, "workers": 18, "supporting": 35, "source": "annual_report"}),
                &[],
            ),
            (
                Solidarity,
                serde_json::json!({"as_of": "2020-06-30", "workers": 1, "source": "agm"}),
                &[],
            ),
            // A total is a sum: no category cancels another out.
            (
                Solidarity,
                serde_json::json!({"as_of": "2020-06-30", "users": 3, "workers": 3, "source": "agm"}),
                &[],
            ),
            (
                Solidarity,
                serde_json::json!({"as_of": "2020-06-30", "workers": 2, "supporting": 2, "source": "agm"}),
                &[],
            ),
            (
                Solidarity,
                serde_json::json!({"as_of": "2020-06-30", "users": MAX_COUNT, "source": "agm"}),
                &[],
            ),
            (
                Solidarity,
                serde_json::json!({"as_of": "2020-06-30", "users": MAX_COUNT + 1, "source": "agm"}),
                &["users"],
            ),
            (
                Solidarity,
                serde_json::json!({"as_of": "2020-06-30", "users": -1, "source": "agm"}),
                &["users"],
            ),
            (
                Solidarity,
                serde_json::json!({"as_of": "2020-06-30", "users": 1.5, "source": "agm"}),
                &["users"],
            ),
            (
                Solidarity,
                serde_json::json!({"as_of": "2020-06-30", "users": 1500.0, "source": "agm"}),
                &[],
            ),
            (
                Solidarity,
                serde_json::json!({"as_of": "2020-06-30", "users": 1e300, "source": "agm"}),
                &["users"],
            ),
            (
                Solidarity,
                serde_json::json!({"as_of": "2020-06-30", "users": "12", "source": "agm"}),
                &["users"],
            ),
            (
                Solidarity,
                serde_json::json!({"as_of": "2020-06-30", "workers": true, "source": "agm"}),
                &["workers"],
            ),
            (
                Solidarity,
                serde_json::json!({"as_of": "2020-06-30", "users": 0, "workers": 0, "source": "agm"}),
                &["users"],
            ),
            (
                Solidarity,
                serde_json::json!({"as_of": "2020-06-30", "source": "agm"}),
                &["users"],
            ),
            (
                Solidarity,
                serde_json::json!({"as_of": TODAY, "users": 1, "source": "agm"}),
                &[],
            ),
            (
                Solidarity,
                serde_json::json!({"as_of": "2024-01-02", "users": 1, "source": "agm"}),
                &["as_of"],
            ),
            (
                Solidarity,
                serde_json::json!({"as_of": FOUNDED, "users": 1, "source": "agm"}),
                &[],
            ),
            (
                Solidarity,
                serde_json::json!({"as_of": "2009-04-14", "users": 1, "source": "agm"}),
                &["as_of"],
            ),
            (
                Solidarity,
                serde_json::json!({"as_of": "2020-13-01", "users": 1, "source": "agm"}),
                &["as_of"],
            ),
            (
                Solidarity,
                serde_json::json!({"users": 1, "source": "agm"}),
                &["as_of"],
            ),
            (
                Solidarity,
                serde_json::json!({"as_of": "2020-06-30", "users": 1, "source": "rumour"}),
                &["source"],
            ),
            (
                Solidarity,
                serde_json::json!({"as_of": "2020-06-30", "users": 1}),
                &["source"],
            ),
            (
                Solidarity,
                serde_json::json!({"as_of": "2020-06-30", "users": 1, "source": "agm", "note": "a\u{0}b"}),
                &["note"],
            ),
            (
                Solidarity,
                serde_json::json!({"as_of": "2020-06-30", "users": 1, "source": "agm", "total": 1}),
                &["total"],
            ),
            (
                Solidarity,
                serde_json::json!({"as_of": "2020-06-30", "users": 1, "source": "agm", "members": 1}),
                &["members"],
            ),
            (
                Consumer,
                serde_json::json!({"as_of": "2020-06-30", "users": 10, "source": "agm"}),
                &[],
            ),
            (
                Consumer,
                serde_json::json!({"as_of": "2020-06-30", "users": 10, "workers": 1, "supporting": 2, "source": "agm"}),
                &["workers", "supporting"],
            ),
            (
                Consumer,
                serde_json::json!({"as_of": "2020-06-30", "users": 10, "workers": 0, "source": "agm"}),
                &[],
            ),
            (
                Solidarity,
                serde_json::json!({"as_of": "1999-01-01", "users": -1, "source": "nope", "extra": 1}),
                &["extra", "users", "source", "as_of"],
            ),
        ];
        for (legal_form, body, refused) in cases {
            let result = MembershipCount::from_json(
                object(body.clone()),
                None,
                facts(*legal_form),
                d(TODAY),
            );
            let fields: Vec<String> = match result {
                Ok(_) => Vec::new(),
                Err(errors) => errors.into_iter().map(|e| e.field).collect(),
            };
            assert_eq!(fields, *refused, "{legal_form} co-op, body {body}");
        }
    }

    #[test]
    fn a_count_totals_its_categories_and_absent_ones_are_zero() {
        /// Users, workers and supporting as sent (`None`: absent), and the total.
        type Case = (Option<i64>, Option<i64>, Option<i64>, i32);
        let cases: &[Case] = &[
            (Some(2140), Some(18), Some(35), 2193),
            (Some(1), None, None, 1),
            (None, Some(3), None, 3),
            (None, None, Some(4), 4),
            (
                Some(MAX_COUNT),
                Some(MAX_COUNT),
                Some(MAX_COUNT),
                3 * MAX_COUNT as i32,
            ),
        ];
        for &(users, workers, supporting, total) in cases {
            let mut body = serde_json::json!({"as_of": "2020-06-30", "source": "estimate"});
            for (field, n) in [
                ("users", users),
                ("workers", workers),
                ("supporting", supporting),
            ] {
                if let Some(n) = n {
                    body[field] = n.into();
                }
            }
            let count = MembershipCount::from_json(
                object(body.clone()),
                None,
                facts(LegalForm::Solidarity),
                d(TODAY),
            )
            .unwrap_or_else(|e| panic!("{body}: {e:?}"));
            assert_eq!(count.total(), total, "{body}");
        }
    }

    #[test]
    fn the_date_in_the_path_may_be_repeated_in_the_body_but_not_contradicted() {
        let path = d("2021-12-31");
        // (as_of in the body, the fields refused)
        let cases: &[(Option<&str>, &[&str])] = &[
            (None, &[]),
            (Some("2021-12-31"), &[]),
            (Some("2021-01-01"), &["as_of"]),
            (Some("31/12/2021"), &["as_of"]),
        ];
        for &(as_of, refused) in cases {
            let mut body = serde_json::json!({"users": 5, "source": "other"});
            if let Some(as_of) = as_of {
                body["as_of"] = as_of.into();
            }
            let result = MembershipCount::from_json(
                object(body),
                Some(path),
                facts(LegalForm::Solidarity),
                d(TODAY),
            );
            match result {
                Ok(count) => {
                    assert!(refused.is_empty(), "as_of {as_of:?} was accepted");
                    assert_eq!(count.as_of, path, "as_of {as_of:?}");
                }
                Err(errors) => {
                    let fields: Vec<String> = errors.into_iter().map(|e| e.field).collect();
                    assert_eq!(fields, refused, "as_of {as_of:?}");
                }
            }
        }
    }
}
