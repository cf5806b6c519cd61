//! The spans the statistics read (`membership_spans`: each count with the date of the co-op's
//! next one) follow every kind of write to the counts, in any order: after each statement
//! they equal a fresh computation from the counts.

use diesel::sql_types::BigInt;
use diesel_async::RunQueryDsl;
use proptest::prelude::*;
use serde_json::json;

use crate::fixtures::cooperatives::create;
use crate::helpers::spawn_app;

/// A write to the counts of co-op `coop` (0..3) on day `day` (0..12) after 2020-01-01.
#[derive(Debug, Clone)]
enum Write {
    /// Inserts, or updates the numbers of, the count of that day.
    Upsert {
        coop: usize,
        day: u32,
        users: i32,
    },
    /// Several upserts in one statement, in the order given (as a batch does).
    Many(Vec<(usize, u32, i32)>),
    /// Moves the count of `day` to `to`, if there is one and `to` is free.
    Move {
        coop: usize,
        day: u32,
        to: u32,
    },
    /// Gives the count of `day` to another co-op, if it has none that day.
    Reassign {
        coop: usize,
        day: u32,
        to: usize,
    },
    Delete {
        coop: usize,
        day: u32,
    },
    /// Deletes every count of the co-op.
    DeleteAll {
        coop: usize,
    },
}

fn write() -> impl Strategy<Value = Write> {
    let (coop, day) = (0..3usize, 0..12u32);
    prop_oneof![
        4 => (coop.clone(), day.clone(), 1..500i32)
            .prop_map(|(coop, day, users)| Write::Upsert { coop, day, users }),
        2 => prop::collection::vec((coop.clone(), day.clone(), 1..500i32), 1..8).prop_map(Write::Many),
        1 => (coop.clone(), day.clone(), day.clone()).prop_map(|(coop, day, to)| Write::Move { coop, day, to }),
        1 => (coop.clone(), day.clone(), coop.clone()).prop_map(|(coop, day, to)| Write::Reassign { coop, day, to }),
        2 => (coop.clone(), day).prop_map(|(coop, day)| Write::Delete { coop, day }),
        1 => coop.prop_map(|coop| Write::DeleteAll { coop }),
    ]
}

fn date(day: u32) -> String {
    format!("date '2020-01-01' + {day}")
}

fn sql(write: &Write, ids: &[String]) -> String {
    let row = |coop: usize, day: u32, users: i32| {
        format!(
            "(gen_random_uuid(), '{}', {}, {users}, 0, 0, 'estimate')",
            ids[coop],
            date(day)
        )
    };
    let upsert = |rows: Vec<String>| {
        format!(
            "INSERT INTO membership_counts (id, cooperative_id, as_of, users, workers, supporting, source) \
             VALUES {} ON CONFLICT (cooperative_id, as_of) DO UPDATE SET users = excluded.users",
            rows.join(", ")
        )
    };
    match write {
        Write::Upsert { coop, day, users } => upsert(vec![row(*coop, *day, *users)]),
        Write::Many(rows) => {
            // One statement cannot upsert the same row twice: keep each (co-op, day)'s first.
            let mut seen = std::collections::BTreeSet::new();
            upsert(
                rows.iter()
                    .filter(|(c, d, _)| seen.insert((*c, *d)))
                    .map(|(c, d, u)| row(*c, *d, *u))
                    .collect(),
            )
        }
        Write::Move { coop, day, to } => format!(
            "UPDATE membership_counts SET as_of = {to} WHERE cooperative_id = '{id}' AND as_of = {day} \
             AND NOT EXISTS (SELECT 1 FROM membership_counts WHERE cooperative_id = '{id}' AND as_of = {to})",
            id = ids[*coop],
            day = date(*day),
            to = date(*to)
        ),
        Write::Reassign { coop, day, to } => format!(
            "UPDATE membership_counts SET cooperative_id = '{to}' WHERE cooperative_id = '{id}' AND as_of = {day} \
             AND NOT EXISTS (SELECT 1 FROM membership_counts WHERE cooperative_id = '{to}' AND as_of = {day})",
            id = ids[*coop],
            to = ids[*to],
            day = date(*day)
        ),
        Write::Delete { coop, day } => format!(
            "DELETE FROM membership_counts WHERE cooperative_id = '{}' AND as_of = {}",
            ids[*coop],
            date(*day)
        ),
        Write::DeleteAll { coop } => format!(
            "DELETE FROM membership_counts WHERE cooperative_id = '{}'",
            ids[*coop]
        ),
    }
}

#[derive(diesel::QueryableByName)]
struct Differences {
    #[diesel(sql_type = BigInt)]
    missing: i64,
    #[diesel(sql_type = BigInt)]
    extra: i64,
    #[diesel(sql_type = BigInt)]
    counts: i64,
}

/// Rows of the spans a fresh computation has and the table lacks, and the reverse.
const COMPARE: &str = "
    WITH fresh AS (
        SELECT cooperative_id, as_of,
               lead(as_of) OVER (PARTITION BY cooperative_id ORDER BY as_of) AS valid_until,
               users, workers, supporting
          FROM membership_counts),
    kept AS (
        SELECT cooperative_id, as_of, valid_until, users, workers, supporting FROM membership_spans)
    SELECT (SELECT count(*) FROM (SELECT * FROM fresh EXCEPT ALL SELECT * FROM kept) m) AS missing,
           (SELECT count(*) FROM (SELECT * FROM kept EXCEPT ALL SELECT * FROM fresh) e) AS extra,
           (SELECT count(*) FROM membership_counts) AS counts";

async fn check(writes: Vec<Write>) {
    let app = spawn_app().await;
    let mut ids = Vec::new();
    for name in ["A", "B", "C"] {
        let coop = create(&app, json!({"name": name, "neq": null})).await;
        ids.push(coop["id"].as_str().unwrap().to_owned());
    }
    let mut conn = app.sql_connection().await;
    let mut most = 0;
    for (i, write) in writes.iter().enumerate() {
        diesel::sql_query(sql(write, &ids))
            .execute(&mut conn)
            .await
            .unwrap_or_else(|e| panic!("write {i} ({write:?}): {e}"));
        let d: Differences = diesel::sql_query(COMPARE)
            .get_result(&mut conn)
            .await
            .unwrap();
        assert_eq!(
            (d.missing, d.extra),
            (0, 0),
            "after write {i} ({write:?}) of {writes:?}"
        );
        most = most.max(d.counts);
    }
    // The writes did build up counts (the comparison was not of two empty sets throughout).
    if writes.iter().any(|w| matches!(w, Write::Upsert { .. })) {
        assert!(most > 0);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, max_shrink_time: 60_000, ..ProptestConfig::default() })]

    #[test]
    fn spans_equal_a_fresh_computation_after_every_write(writes in prop::collection::vec(write(), 1..40)) {
        actix_web::rt::System::new().block_on(check(writes));
    }
}

/// The API's own writes (create, change of numbers, batch, delete) go through the same
/// triggers: a statistic read after each equals the counts' definition.
#[actix_web::test]
async fn statistics_follow_writes_made_through_the_api() {
    let app = spawn_app().await;
    let coop = create(
        &app,
        json!({"name": "A", "neq": null, "member_since": "2019-01-01"}),
    )
    .await;
    let id = coop["id"].as_str().unwrap();
    let users_on = async |on: &str| {
        let res = app
            .get(&format!("/v1/stats/membership?as_of={on}"), &app.admin())
            .await;
        res.assert_status(200);
        res.body["users"].as_i64().unwrap()
    };
    let path = format!("/v1/cooperatives/{id}/membership-counts");
    for (as_of, users) in [("2021-01-01", 100), ("2020-01-01", 50)] {
        let body = json!({"as_of": as_of, "users": users, "source": "agm"});
        app.admin_post(&path, &body).await.assert_status(201);
    }
    // 2020's count holds until 2021's, inserted first.
    assert_eq!(users_on("2020-12-31").await, 50);
    assert_eq!(users_on("2021-01-01").await, 100);
    let batch = json!({"items": [
        {"cooperative_id": id, "as_of": "2020-06-01", "users": 70, "source": "estimate"},
        {"cooperative_id": id, "as_of": "2021-01-01", "users": 120, "source": "estimate"},
    ]});
    app.admin_post("/v1/membership-counts:batch", &batch)
        .await
        .assert_status(200);
    assert_eq!(users_on("2020-05-31").await, 50);
    assert_eq!(users_on("2020-12-31").await, 70);
    assert_eq!(users_on("2022-01-01").await, 120);
    app.request(
        "DELETE",
        &format!("{path}/2021-01-01"),
        Some(&app.admin()),
        &[],
        None,
    )
    .await
    .assert_status(204);
    // With 2021's count gone, 2020-06's holds on.
    assert_eq!(users_on("2022-01-01").await, 70);
}
