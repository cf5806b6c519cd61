//! Lists of every resource: the exports hold what the pages hold, and pages of one walk
//! every record once.

use std::collections::BTreeSet;

use serde_json::Value;

use super::{RESOURCES, Resource};
use crate::helpers::{TestApp, spawn_app};

/// Creates the three records of `r`'s fixture; returns the collection, the ids it lists in
/// its own order (what was there before and the three), and the three ids.
async fn listed(app: &TestApp, r: &Resource) -> (String, Vec<Value>, Vec<Value>) {
    let fixture = r.fixture(app).await;
    let mut created = Vec::new();
    for body in &fixture.bodies {
        let (_, res) = r.create(app, &fixture.collection, body).await;
        created.push(res.body["id"].clone());
    }
    let all = app
        .get(&format!("{}?limit=500", fixture.collection), &app.admin())
        .await;
    assert_eq!(all.status, 200, "{}: {}", r.name, all.text);
    let ids: Vec<Value> = all.items().iter().map(|i| i["id"].clone()).collect();
    for id in &created {
        assert!(ids.contains(id), "{}: {id} is listed: {}", r.name, all.text);
    }
    (fixture.collection, ids, created)
}

#[actix_web::test]
async fn every_list_exports_as_ndjson_and_csv_what_its_page_holds() {
    let app = spawn_app().await;
    let admin = app.admin();
    for r in RESOURCES {
        let (collection, ids, created) = listed(&app, r).await;
        let page = app.get(&collection, &admin).await;
        assert_eq!(page.status, 200, "{}: {}", r.name, page.text);

        let nd = app
            .get(&format!("{collection}?format=ndjson"), &admin)
            .await;
        assert_eq!(nd.status, 200, "{}: {}", r.name, nd.text);
        assert_eq!(
            nd.header("content-type"),
            Some("application/x-ndjson"),
            "{}",
            r.name
        );
        assert!(
            nd.header("changes-cursor").is_some(),
            "{}: a snapshot",
            r.name
        );
        let lines: Vec<Value> = nd
            .text
            .lines()
            .map(|l| serde_json::from_str(l).expect("a JSON line"))
            .collect();
        assert_eq!(
            &lines,
            page.items(),
            "{}: the export holds what the page holds",
            r.name
        );

        let csv = app.get_accepting(&collection, &admin, "text/csv").await;
        assert_eq!(csv.status, 200, "{}: {}", r.name, csv.text);
        assert_eq!(
            csv.header("content-type"),
            Some("text/csv; charset=utf-8"),
            "{}",
            r.name
        );
        let mut reader = csv::Reader::from_reader(csv.text.as_bytes());
        assert_eq!(&reader.headers().expect("a header")[0], "id", "{}", r.name);
        let rows: Vec<String> = reader
            .records()
            .map(|row| row.expect("a CSV row")[0].to_owned())
            .collect();
        let expected: Vec<&str> = ids.iter().map(|id| id.as_str().unwrap()).collect();
        assert_eq!(
            rows, expected,
            "{}: a row each, in the list's order",
            r.name
        );
        for id in &created {
            assert!(csv.text.contains(id.as_str().unwrap()), "{}: {id}", r.name);
        }
    }
}

#[actix_web::test]
async fn pages_of_one_walk_every_record_of_every_list_once_in_order() {
    let app = spawn_app().await;
    for r in RESOURCES {
        let (collection, ids, _) = listed(&app, r).await;
        let mut walked = Vec::new();
        let mut next = Some(format!("{collection}?limit=1"));
        while let Some(url) = next {
            let page = app.get(&url, &app.admin()).await;
            assert_eq!(page.status, 200, "{}: {url}: {}", r.name, page.text);
            assert!(page.items().len() <= 1, "{}: {url}", r.name);
            walked.extend(page.items().iter().map(|i| i["id"].clone()));
            next = page.body["next_cursor"].as_str().map(|cursor| {
                let link = page.header("link").unwrap_or_default();
                assert!(
                    link.contains(cursor) && link.ends_with("rel=\"next\""),
                    "{}: the Link names the next page: {link}",
                    r.name
                );
                format!("{collection}?limit=1&cursor={cursor}")
            });
            assert!(walked.len() <= ids.len(), "{}: {walked:?}", r.name);
        }
        let once: BTreeSet<String> = walked.iter().map(Value::to_string).collect();
        assert_eq!(
            once.len(),
            walked.len(),
            "{}: no record twice: {walked:?}",
            r.name
        );
        assert_eq!(walked, ids, "{}: every record once, in order", r.name);
    }
}
