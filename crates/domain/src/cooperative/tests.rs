//! Tests of `cooperative`.

use super::*;

fn d(s: &str) -> NaiveDate {
    s.parse().expect("a date in the table")
}

#[test]
fn a_federation_status_takes_exactly_the_dates_it_implies() {
    use FederationStatus::{Former, Member, Prospect};
    type Case = (
        FederationStatus,
        Option<&'static str>,
        Option<&'static str>,
        Option<(&'static str, &'static str)>,
    );
    // (status, member_since, left_on, the field refused and its code; None when valid)
    const CASES: &[Case] = &[
        (Prospect, None, None, None),
        (
            Prospect,
            Some("2018-06-12"),
            None,
            Some(("member_since", "not_applicable")),
        ),
        (
            Prospect,
            Some("2018-06-12"),
            Some("2020-01-01"),
            Some(("member_since", "not_applicable")),
        ),
        (
            Prospect,
            None,
            Some("2020-01-01"),
            Some(("left_on", "not_applicable")),
        ),
        (Member, Some("2018-06-12"), None, None),
        (Member, None, None, Some(("member_since", "required"))),
        (
            Member,
            None,
            Some("2020-01-01"),
            Some(("member_since", "required")),
        ),
        (
            Member,
            Some("2018-06-12"),
            Some("2020-01-01"),
            Some(("left_on", "not_applicable")),
        ),
        (Former, Some("2018-06-12"), Some("2020-01-01"), None),
        (Former, Some("2018-06-12"), Some("2018-06-13"), None),
        (
            Former,
            Some("2018-06-12"),
            Some("2018-06-12"),
            Some(("left_on", "date_order")),
        ),
        (
            Former,
            Some("2018-06-12"),
            Some("2017-01-01"),
            Some(("left_on", "date_order")),
        ),
        (
            Former,
            None,
            Some("2020-01-01"),
            Some(("member_since", "required")),
        ),
        (Former, None, None, Some(("member_since", "required"))),
        (
            Former,
            Some("2018-06-12"),
            None,
            Some(("left_on", "required")),
        ),
    ];
    for &(status, since, left_on, expected) in CASES {
        let case = format!("{status}, member_since {since:?}, left_on {left_on:?}");
        match (
            Membership::new(status, since.map(d), left_on.map(d)),
            expected,
        ) {
            (Ok(m), None) => {
                assert_eq!(m.status(), status, "{case}");
                assert_eq!(m.member_since(), since.map(d), "{case}");
                assert_eq!(m.left_on(), left_on.map(d), "{case}");
            }
            (Err((field, invalid)), Some(refused)) => {
                assert_eq!((field, invalid.code), refused, "{case}");
            }
            (got, _) => panic!("{case}: expected {expected:?}, got {got:?}"),
        }
    }
}

/// A valid profile of a member in Montréal, founded 2009-04-15, member since 2018-06-12.
fn profile(changes: Value) -> Map<String, Value> {
    let mut body = serde_json::json!({
        "name": "Coop solidarité santé Montréal",
        "legal_form": "solidarity",
        "municipality": "Montréal",
        "province": "QC",
        "region": "06",
        "postal_code": "H2L 2H5",
        "founded_on": "2009-04-15",
        "federation_status": "member",
        "member_since": "2018-06-12"
    });
    json_patch::merge(&mut body, &changes);
    match body {
        Value::Object(map) => map,
        _ => unreachable!("the profile is an object"),
    }
}

#[test]
fn every_invalid_field_of_a_profile_is_named_and_rules_across_fields_hold() {
    let today = d("2024-01-01");
    // (changes to a valid profile, the fields refused in the order they are reported)
    let cases: &[(Value, &[&str])] = &[
        (serde_json::json!({}), &[]),
        (
            serde_json::json!({"province": "ON", "region": null, "postal_code": "K1A 0B1"}),
            &[],
        ),
        (serde_json::json!({"region": null}), &["region"]),
        (
            serde_json::json!({"province": "ON", "postal_code": "K1A 0B1"}),
            &["region"],
        ),
        (serde_json::json!({"province": "XX"}), &["province"]),
        (
            serde_json::json!({"postal_code": "K1A 0B1"}),
            &["postal_code"],
        ),
        (
            serde_json::json!({"founded_on": "2024-01-01", "member_since": "2024-01-01"}),
            &[],
        ),
        (
            serde_json::json!({"founded_on": "2024-01-02", "member_since": "2024-01-02"}),
            &["founded_on"],
        ),
        (serde_json::json!({"member_since": "2009-04-15"}), &[]),
        (
            serde_json::json!({"member_since": "2009-04-14"}),
            &["member_since"],
        ),
        (
            serde_json::json!({"federation_status": "former"}),
            &["left_on"],
        ),
        (
            serde_json::json!({"federation_status": null, "member_since": null}),
            &[],
        ),
        (
            serde_json::json!({"federation_status": null}),
            &["member_since"],
        ),
        (
            serde_json::json!({"name": null, "municipality": null, "legal_form": null}),
            &["name", "legal_form", "municipality"],
        ),
        (
            serde_json::json!({"name": " ", "legal_form": "cartel", "region": "18", "services": ["nursing", "magic"]}),
            &["name", "legal_form", "region", "services[1]"],
        ),
        (
            serde_json::json!({"hosts_gmf": "yes", "founded_on": "2009-02-30"}),
            &["founded_on", "hosts_gmf"],
        ),
        (serde_json::json!({"id": "x", "nmae": "y"}), &["id", "nmae"]),
    ];
    for (changes, refused) in cases {
        let fields: Vec<String> =
            match CooperativeProfile::from_json(profile(changes.clone()), today) {
                Ok(_) => Vec::new(),
                Err(errors) => errors.into_iter().map(|e| e.field).collect(),
            };
        assert_eq!(fields, *refused, "changes {changes}");
    }
}

#[test]
fn services_are_stored_sorted_without_duplicates_and_defaults_fill_the_rest() {
    let today = d("2024-01-01");
    let changes = serde_json::json!({"services": ["nursing", "family_medicine", "nursing"]});
    let parsed = CooperativeProfile::from_json(profile(changes), today).expect("valid");
    assert_eq!(parsed.services, [Service::FamilyMedicine, Service::Nursing]);
    assert!(!parsed.hosts_gmf, "hosts_gmf defaults to false");
    assert_eq!(parsed.neq, None);

    let prospect = profile(serde_json::json!({"federation_status": null, "member_since": null}));
    let parsed = CooperativeProfile::from_json(prospect, today).expect("valid");
    assert_eq!(
        parsed.membership,
        Membership::Prospect,
        "status defaults to prospect"
    );
}
