//! "Today" is the date in Montréal: at 23:30 there, UTC is already tomorrow, and a date
//! that is tomorrow in UTC is still in the future for the federation.

use chrono::{DateTime, Utc};
use coopsante::clock::{Clock, DEFAULT_ZONE};
use serde_json::json;

use crate::fixtures::cooperatives::coop;
use crate::helpers::{Options, TestApp, spawn_app_with};

async fn app_at(instant: &str) -> TestApp {
    let at: DateTime<Utc> = instant.parse().expect("an instant");
    spawn_app_with(Options {
        clock: Clock::fixed(DEFAULT_ZONE, at),
        ..Options::default()
    })
    .await
}

#[actix_web::test]
async fn just_before_midnight_in_montreal_utcs_date_is_still_the_future() {
    // 23:30 on 14 January in Montréal (UTC-5).
    let app = app_at("2026-01-15T04:30:00Z").await;
    let token = app.admin();
    let res = app
        .post(
            "/v1/cooperatives",
            &token,
            &coop(json!({"founded_on": "2026-01-15", "member_since": "2026-01-15"})),
        )
        .await;
    assert_eq!(res.status, 422, "{}", res.text);
    assert_eq!(res.body["errors"][0]["field"], "founded_on", "{}", res.text);
    let res = app
        .post(
            "/v1/cooperatives",
            &token,
            &coop(json!({"founded_on": "2026-01-14", "member_since": "2026-01-14"})),
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.text);
}

#[actix_web::test]
async fn just_after_midnight_in_montreal_the_new_day_is_today() {
    // 00:30 on 15 January in Montréal.
    let app = app_at("2026-01-15T05:30:00Z").await;
    let res = app
        .admin_post(
            "/v1/cooperatives",
            &coop(json!({"founded_on": "2026-01-15", "member_since": "2026-01-15"})),
        )
        .await;
    assert_eq!(res.status, 201, "{}", res.text);
}

#[actix_web::test]
async fn a_count_dated_today_in_montreal_is_accepted_in_summer_too() {
    // 23:59 on 1 July in Montréal (UTC-4) is 2 July in UTC.
    let app = app_at("2026-07-02T03:59:00Z").await;
    let token = app.admin();
    let created = app
        .post(
            "/v1/cooperatives",
            &token,
            &coop(json!({"founded_on": "2009-04-15"})),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    let id = created.body["id"].as_str().expect("an id");
    let path = format!("/v1/cooperatives/{id}/membership-counts");
    let count = |as_of: &str| json!({"as_of": as_of, "users": 100, "workers": 5, "supporting": 2, "source": "agm"});
    let res = app.post(&path, &token, &count("2026-07-02")).await;
    assert_eq!(res.status, 422, "{}", res.text);
    assert_eq!(res.body["errors"][0]["field"], "as_of", "{}", res.text);
    let res = app.post(&path, &token, &count("2026-07-01")).await;
    assert_eq!(res.status, 201, "{}", res.text);
}
