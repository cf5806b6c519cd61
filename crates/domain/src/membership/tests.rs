//! Tests of `membership`.

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
        let result =
            MembershipCount::from_json(object(body.clone()), None, facts(*legal_form), d(TODAY));
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
