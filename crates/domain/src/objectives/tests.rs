//! Tests of `objectives`.

use super::*;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// Baseline 0 on 2021-01-01, target 100 on 2021-04-11 (100 days later).
fn at(as_of: &str, value: f64) -> Assessment {
    assess(
        (day("2021-01-01"), 0.0),
        (day("2021-04-11"), 100.0),
        (day(as_of), value),
    )
}

fn object(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(map) => map,
        other => panic!("not an object: {other}"),
    }
}

const PLAN: Period = Period {
    start: NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
    end: NaiveDate::from_ymd_opt(2028, 12, 31).unwrap(),
};

/// The problems of an objective (field, code, English message) or `[]` when it is valid.
fn objective_problems(direction: &str, baseline: f64, target: f64) -> Vec<(String, String)> {
    let body = serde_json::json!({
        "code": "1.1", "title": "Adhésion", "indicator": "membres",
        "direction": direction, "baseline_value": baseline, "baseline_date": "2024-01-01",
        "target_value": target, "target_date": "2028-12-31",
    });
    match ObjectiveProfile::from_json(object(body), PLAN) {
        Ok(_) => vec![],
        Err(errors) => errors
            .into_iter()
            .map(|e| {
                let message = crate::i18n::render(crate::i18n::Lang::En, &e.message);
                (format!("{}/{}", e.field, e.code), message)
            })
            .collect(),
    }
}

#[test]
fn a_target_must_lie_the_way_its_direction_says_and_the_message_says_which_way() {
    let problem = |field: &str, message: &str| vec![(field.to_owned(), message.to_owned())];
    assert_eq!(objective_problems("increase", 10.0, 11.0), vec![]);
    assert_eq!(objective_problems("decrease", 10.0, 9.0), vec![]);
    assert_eq!(
        objective_problems("increase", 10.0, 9.0),
        problem(
            "target_value/direction",
            "must be above baseline_value when direction is increase"
        )
    );
    assert_eq!(
        objective_problems("decrease", 10.0, 11.0),
        problem(
            "target_value/direction",
            "must be below baseline_value when direction is decrease"
        )
    );
    for direction in ["increase", "decrease"] {
        let same = objective_problems(direction, 10.0, 10.0);
        assert_eq!(same.len(), 1, "{same:?}");
        assert_eq!(same[0].0, "target_value/same_as_baseline");
    }
}

#[test]
fn a_measurement_may_be_taken_on_the_baseline_date_and_today_but_not_outside() {
    let baseline = day("2024-03-01");
    let today = day("2024-06-30");
    let measured = |as_of: &str| {
        let body = serde_json::json!({"as_of": as_of, "value": 12.5});
        MeasurementProfile::from_json(object(body), baseline, today)
            .map(|m| m.as_of)
            .map_err(|e| e.into_iter().map(|e| e.code).collect::<Vec<_>>())
    };
    assert_eq!(measured("2024-03-01"), Ok(baseline));
    assert_eq!(measured("2024-06-30"), Ok(today));
    assert_eq!(measured("2024-02-29"), Err(vec!["before_baseline"]));
    assert_eq!(measured("2024-07-01"), Err(vec!["future_date"]));
}

#[test]
fn the_expected_share_follows_the_calendar() {
    assert_eq!(at("2021-02-20", 50.0).expected_percent, 50.0); // day 50 of 100
    assert_eq!(at("2020-12-01", 0.0).expected_percent, 0.0);
    assert_eq!(at("2021-06-01", 0.0).expected_percent, 100.0);
}

#[test]
fn ten_points_behind_is_on_track_and_a_hundredth_more_is_at_risk() {
    assert_eq!(at("2021-02-20", 40.0).tracking, Tracking::OnTrack);
    assert_eq!(at("2021-02-20", 39.99).tracking, Tracking::AtRisk);
}

#[test]
fn twenty_five_points_behind_is_at_risk_and_a_hundredth_more_is_off_track() {
    assert_eq!(at("2021-02-20", 25.0).tracking, Tracking::AtRisk);
    assert_eq!(at("2021-02-20", 24.99).tracking, Tracking::OffTrack);
}

#[test]
fn nothing_is_expected_on_the_baseline_date() {
    assert_eq!(at("2021-01-01", 0.0).tracking, Tracking::OnTrack);
    assert_eq!(at("2021-01-01", -10.0).tracking, Tracking::OnTrack);
    assert_eq!(at("2021-01-01", -10.01).tracking, Tracking::AtRisk);
}

#[test]
fn decreasing_indicators_progress_as_they_fall() {
    // From 200 down to 100: 150 is half way.
    let a = assess(
        (day("2021-01-01"), 200.0),
        (day("2021-04-11"), 100.0),
        (day("2021-02-20"), 150.0),
    );
    assert_eq!(a.percent_complete, 50.0);
    assert_eq!(a.tracking, Tracking::OnTrack);
    let worse = assess(
        (day("2021-01-01"), 200.0),
        (day("2021-04-11"), 100.0),
        (day("2021-02-20"), 210.0),
    );
    assert_eq!(worse.percent_complete, -10.0);
    assert_eq!(worse.tracking, Tracking::OffTrack);
}

#[test]
fn past_the_target_date_anything_short_of_ninety_percent_is_behind() {
    assert_eq!(at("2021-05-01", 90.0).tracking, Tracking::OnTrack);
    assert_eq!(at("2021-05-01", 120.0).percent_complete, 120.0);
    assert_eq!(at("2021-05-01", 74.99).tracking, Tracking::OffTrack);
}

#[test]
fn objective_codes() {
    assert!(objective_code("2.1").is_ok());
    assert!(objective_code("12.10.3").is_ok());
    assert!(objective_code("2.0").is_ok());
    for bad in [
        "2", "02.1", "0.1", "2.01", "2.", "a.b", "2.1.1.1", "2.100", "2.1 ",
    ] {
        assert!(objective_code(bad).is_err(), "{bad}");
    }
}
