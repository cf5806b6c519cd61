//! What a partner's sync relies on: every list exports whole, and a snapshot (a first page
//! or an export) plus the change feed from its `Changes-Cursor` equals the live data.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::fixtures::{agreements, cooperatives, id};
use crate::helpers::{TestApp, spawn_app};

fn ndjson(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect()
}

/// Every co-op as the API shows it now, by id, read page by page.
async fn live(app: &TestApp) -> BTreeMap<String, Value> {
    let mut all = BTreeMap::new();
    let mut path = "/v1/cooperatives?limit=500".to_owned();
    loop {
        let res = app.get(&path, &app.admin()).await;
        res.assert_status(200);
        for c in res.items() {
            all.insert(id(c).to_owned(), c.clone());
        }
        match res.body["next_cursor"].as_str() {
            Some(cursor) => path = format!("/v1/cooperatives?limit=500&cursor={cursor}"),
            None => return all,
        }
    }
}

/// `n` synthetic co-ops (members, region 13), and the ids of the first `writable` of them.
async fn synthetic(app: &TestApp, n: usize, writable: usize) -> Vec<String> {
    app.sql(&format!(
        "INSERT INTO cooperatives (id, name, legal_form, municipality, province, region, federation_status, member_since)
         SELECT gen_random_uuid(), 'Synthétique ' || lpad(i::text, 4, '0'), 'consumer', 'Laval', 'QC', '13', 'member', '2020-01-01'
           FROM generate_series(1, {n}) AS i"
    ))
    .await;
    live(app).await.into_keys().take(writable).collect()
}

/// Updates each of `coops` (creating a co-op after every tenth with `creations`), then
/// deletes the last.
async fn write_to(app: &TestApp, coops: &[String], creations: bool) {
    let admin = app.admin();
    for (n, coop) in coops.iter().enumerate() {
        app.patch(
            &format!("/v1/cooperatives/{coop}"),
            &admin,
            &json!({"phone": format!("450 555-{n:04}")}),
        )
        .await
        .assert_status(200);
        if creations && n % 10 == 0 {
            cooperatives::create(
                app,
                json!({"name": format!("Nouvelle {n}"), "neq": format!("11700000{n:02}")}),
            )
            .await;
        }
    }
    let last = coops.last().expect("some co-ops");
    app.delete(&format!("/v1/cooperatives/{last}"), &admin)
        .await
        .assert_status(204);
}

/// `snapshot` with every co-op change after `cursor` applied, and how many there were.
/// Asserts that the feed repeats nothing the snapshot already holds.
async fn follow(
    app: &TestApp,
    snapshot: &BTreeMap<String, Value>,
    cursor: &str,
) -> (BTreeMap<String, Value>, usize) {
    let mut copy = snapshot.clone();
    let mut followed = 0;
    let mut after = cursor.to_owned();
    loop {
        let res = app
            .get(
                &format!("/v1/changes?types=cooperative&limit=1000&after={after}"),
                &app.admin(),
            )
            .await;
        res.assert_status(200);
        let items = res.items().clone();
        if items.is_empty() {
            return (copy, followed);
        }
        for change in items {
            let key = change["resource_id"].as_str().unwrap().to_owned();
            // Exactly what the snapshot lacks: nothing it already holds comes again.
            let before = snapshot.get(&key);
            match change["action"].as_str().unwrap() {
                "created" => assert!(before.is_none(), "{change:#}"),
                "updated" => {
                    assert!(
                        before.is_none_or(
                            |b| b["version"].as_i64() < change["state"]["version"].as_i64()
                        ),
                        "the snapshot already had this update: {change:#}"
                    )
                }
                _ => {}
            }
            followed += 1;
            match change["state"].clone() {
                Value::Null => copy.remove(&key),
                state => copy.insert(key, state),
            };
        }
        after = res.body["next_cursor"].as_str().unwrap().to_owned();
    }
}

#[actix_web::test]
async fn an_export_taken_while_others_write_plus_the_feed_from_its_cursor_is_the_live_data() {
    let app = spawn_app().await;
    let some = synthetic(&app, 8000, 40).await;
    let admin = app.admin();

    // Writers (updates, creations, a deletion) run while the export streams.
    let writes = write_to(&app, &some, true);
    // The export starts (its snapshot is taken before its headers are sent), the writers
    // write, and only then is the body read: most of its pages are read after the writes.
    let mut export = app
        .client
        .get(format!("{}/v1/cooperatives?format=ndjson", app.address))
        .insert_header(("Authorization", format!("Bearer {admin}")))
        .send()
        .await
        .expect("export started");
    assert_eq!(export.status(), 200);
    let cursor = export
        .headers()
        .get("changes-cursor")
        .expect("Changes-Cursor")
        .to_str()
        .unwrap()
        .to_owned();
    writes.await;
    let body = export
        .body()
        .limit(256 * 1024 * 1024)
        .await
        .expect("export read");
    let text = String::from_utf8(body.to_vec()).unwrap();

    let exported: BTreeMap<String, Value> = ndjson(&text)
        .into_iter()
        .map(|c| (id(&c).to_owned(), c))
        .collect();
    let (copy, followed) = follow(&app, &exported, &cursor).await;
    assert!(followed > 0, "the writers wrote after the snapshot");
    assert_eq!(copy.len(), 8000 + 4 - 1);
    assert!(
        copy == live(&app).await,
        "the snapshot plus the feed is the live data"
    );
}

#[actix_web::test]
async fn a_first_page_carries_the_changes_cursor_and_later_pages_do_not() {
    let app = spawn_app().await;
    for n in 0..3 {
        cooperatives::create(&app, cooperatives::numbered(n)).await;
    }
    let first = app.get("/v1/cooperatives?limit=2", &app.admin()).await;
    first.assert_status(200);
    let cursor = first
        .header("changes-cursor")
        .expect("on the first page")
        .to_owned();
    let feed = app
        .get(&format!("/v1/changes?after={cursor}"), &app.admin())
        .await;
    feed.assert_status(200);
    assert_eq!(
        feed.body["items"],
        json!([]),
        "the page saw every change so far"
    );
    let next = first.body["next_cursor"].as_str().unwrap();
    let second = app
        .get(
            &format!("/v1/cooperatives?limit=2&cursor={next}"),
            &app.admin(),
        )
        .await;
    second.assert_status(200);
    assert_eq!(second.header("changes-cursor"), None);
    let public = app.get("/v1/directory/cooperatives", "").await;
    public.assert_status(200);
    assert_eq!(
        public.header("changes-cursor"),
        None,
        "the public directory is not a snapshot for the feed"
    );
}

/// A first page reads the feed's head in its own statement: pages taken while others write,
/// each plus the feed from its `Changes-Cursor`, must each come to the live data, with
/// nothing in the feed that the page already held.
#[actix_web::test]
async fn first_pages_taken_while_others_write_plus_the_feed_from_their_cursor_are_the_live_data() {
    let app = spawn_app().await;
    let some = synthetic(&app, 300, 30).await;
    let admin = app.admin();
    let writes = write_to(&app, &some, false);
    let reads = async {
        let mut pages = Vec::new();
        for _ in 0..30 {
            let page = app.get("/v1/cooperatives?limit=500", &admin).await;
            page.assert_status(200);
            let cursor = page
                .header("changes-cursor")
                .expect("first page")
                .to_owned();
            let items: BTreeMap<String, Value> = page
                .items()
                .iter()
                .map(|c| (id(c).to_owned(), c.clone()))
                .collect();
            pages.push((cursor, items));
        }
        pages
    };
    let ((), pages) = futures_util::future::join(writes, reads).await;
    let now = live(&app).await;
    let mut distinct = std::collections::BTreeSet::new();
    for (cursor, page) in pages {
        let (copy, _) = follow(&app, &page, &cursor).await;
        assert!(
            copy == now,
            "the page at {cursor} plus the feed is the live data"
        );
        distinct.insert(cursor);
    }
    assert!(distinct.len() > 1, "pages were taken between writes");
}

#[actix_web::test]
async fn an_empty_first_page_still_carries_the_changes_cursor() {
    let app = spawn_app().await;
    cooperatives::create(&app, json!({})).await;
    let empty = app.get("/v1/cooperatives?region=09", &app.admin()).await;
    empty.assert_status(200);
    assert_eq!(empty.body["items"], json!([]));
    let cursor = empty
        .header("changes-cursor")
        .expect("on an empty page too");
    let full = app.get("/v1/cooperatives", &app.admin()).await;
    assert_eq!(
        full.header("changes-cursor"),
        Some(cursor),
        "the same head, nothing written between"
    );
    assert_ne!(cursor, "0.0", "the creation is behind it");
}

#[actix_web::test]
async fn every_other_list_exports_as_csv_and_ndjson() {
    let app = spawn_app().await;
    let admin = app.admin();
    let coop = cooperatives::create(&app, json!({})).await;
    app.post(
        &format!("/v1/cooperatives/{}/membership-counts", id(&coop)),
        &admin,
        &json!({"as_of": "2021-01-01", "users": 100, "workers": 5, "supporting": 2, "source": "agm"}),
    )
    .await
    .assert_status(201);
    app.post(
        "/v1/api-clients",
        &admin,
        &json!({"name": "Script", "role": "reader"}),
    )
    .await
    .assert_status(201);

    let (_, agreement) = agreements::active_agreement(&app, json!({})).await;
    // The lists of the resources of `crate::resources::RESOURCES` are checked there.
    let lists = [
        ("/v1/membership-counts".to_owned(), Value::Null),
        ("/v1/api-clients".to_owned(), Value::Null),
        ("/v1/audit-events".to_owned(), Value::Null),
        (
            format!("/v1/cooperatives/{}/history", id(&coop)),
            Value::Null,
        ),
        (
            format!("/v1/service-agreements/{}/transitions", id(&agreement)),
            Value::Null,
        ),
        ("/v1/changes".to_owned(), coop["id"].clone()),
    ];
    for (path, expected_id) in lists {
        let page = app.get(&path, &admin).await;
        page.assert_status(200);
        let items = page.items().clone();
        assert!(!items.is_empty(), "{path}");
        let nd = app.get(&format!("{path}?format=ndjson"), &admin).await;
        nd.assert_status(200);
        assert_eq!(
            nd.header("content-type"),
            Some("application/x-ndjson"),
            "{path}"
        );
        let snapshot = path != "/v1/changes";
        assert_eq!(nd.header("changes-cursor").is_some(), snapshot, "{path}");
        assert_eq!(
            ndjson(&nd.text),
            items,
            "{path}: the export holds what the pages hold"
        );
        let csv = app.get_accepting(&path, &admin, "text/csv").await;
        csv.assert_status(200);
        assert_eq!(
            csv.header("content-type"),
            Some("text/csv; charset=utf-8"),
            "{path}"
        );
        let rows = csv::Reader::from_reader(csv.text.as_bytes())
            .records()
            .count();
        assert_eq!(rows, items.len(), "{path}: a row each, under a header");
        if !expected_id.is_null() {
            assert!(csv.text.contains(expected_id.as_str().unwrap()), "{path}");
        }
    }
}

#[actix_web::test]
async fn the_federation_wide_counts_filter_by_co_op_region_and_date() {
    let app = spawn_app().await;
    let admin = app.admin();
    let montreal = cooperatives::create(&app, json!({})).await;
    let quebec = cooperatives::create(
        &app,
        json!({"name": "Coop Québec", "neq": "1170000002", "municipality": "Québec", "region": "03", "postal_code": "G1R 4P5"}),
    )
    .await;
    for (coop, as_of) in [
        (&montreal, "2019-06-01"),
        (&montreal, "2020-06-01"),
        (&quebec, "2020-06-01"),
    ] {
        app.post(
            &format!("/v1/cooperatives/{}/membership-counts", id(coop)),
            &admin,
            &json!({"as_of": as_of, "users": 100, "workers": 5, "supporting": 2, "source": "agm"}),
        )
        .await
        .assert_status(201);
    }
    let count = |query: &'static str| {
        let app = &app;
        let admin = admin.clone();
        async move {
            let res = app
                .get(&format!("/v1/membership-counts?{query}"), &admin)
                .await;
            res.assert_status(200);
            res.items().len()
        }
    };
    assert_eq!(count("").await, 3);
    assert_eq!(count("region=03").await, 1);
    assert_eq!(count("region=06,03&from=2020-01-01").await, 2);
    assert_eq!(count("to=2019-12-31").await, 1);
    let by_coop = app
        .get(
            &format!("/v1/membership-counts?cooperative_id={}", id(&quebec)),
            &admin,
        )
        .await;
    by_coop.assert_status(200);
    assert_eq!(by_coop.body["items"][0]["cooperative_id"], quebec["id"]);

    let manager = app.manager_token(id(&quebec));
    let own = app.get("/v1/membership-counts", &manager).await;
    own.assert_status(200);
    assert_eq!(own.items().len(), 1);
    app.get(
        &format!("/v1/membership-counts?cooperative_id={}", id(&montreal)),
        &manager,
    )
    .await
    .assert_problem(403);
    let bad = app
        .get(
            "/v1/membership-counts?region=99&from=hier&cooperative_id=x",
            &admin,
        )
        .await;
    bad.assert_problem(400);
    assert_eq!(bad.error_fields(), ["cooperative_id", "region", "from"]);
}

/// A first page's reads are sent together with its BEGIN (pipelined): they must still run
/// inside that snapshot, and a read that fails must leave the connection out of it.
#[actix_web::test]
async fn a_pipelined_snapshot_reads_inside_its_transaction_and_ends_it_either_way() {
    use coopsante::db::changes::snapshot;
    use coopsante::db::position::head;
    use diesel::sql_types::Text;
    use diesel_async::{AsyncPgConnection, RunQueryDsl};

    #[derive(diesel::QueryableByName)]
    struct Setting {
        #[diesel(sql_type = Text)]
        value: String,
    }
    async fn isolation(mut conn: &AsyncPgConnection) -> diesel::QueryResult<String> {
        let row: Setting =
            diesel::sql_query("SELECT current_setting('transaction_isolation') AS value")
                .get_result(&mut conn)
                .await?;
        Ok(row.value)
    }

    let app = spawn_app().await;
    cooperatives::create(&app, json!({})).await;
    let mut conn = app.sql_connection().await;
    let (inside, position) = snapshot::pipelined(&mut conn, async |c| isolation(c).await)
        .await
        .expect("the snapshot reads");
    assert_eq!(inside, "repeatable read", "the read ran after BEGIN");
    assert_eq!(
        position,
        head(&conn).await.unwrap(),
        "nothing written since"
    );
    assert_eq!(isolation(&conn).await.unwrap(), "read committed", "ended");

    let failed = snapshot::pipelined(&mut conn, async |mut c: &AsyncPgConnection| {
        diesel::sql_query("SELECT 1 / 0").execute(&mut c).await
    })
    .await;
    assert!(failed.is_err(), "the read's error is returned");
    assert_eq!(
        isolation(&conn).await.unwrap(),
        "read committed",
        "rolled back, and the connection usable"
    );
    let (again, _) = snapshot::pipelined(&mut conn, async |c| isolation(c).await)
        .await
        .expect("the connection takes another snapshot");
    assert_eq!(again, "repeatable read");
}
