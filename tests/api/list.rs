//! Listing the register: pagination, filters, sorting and search.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::fixtures::cooperatives::create;
use crate::helpers::{Response, TestApp, spawn_app};

fn names(res: &Response) -> Vec<String> {
    res.items()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_owned())
        .collect()
}

/// Creates co-ops with these names (no NEQ, members of region 06).
async fn named(app: &TestApp, names: &[&str]) {
    for name in names {
        create(app, json!({"name": name, "neq": null})).await;
    }
}

/// The names on each page from `first` on, following the `Link` of each to the next.
async fn all_pages(app: &TestApp, first: &str) -> Vec<Vec<String>> {
    let mut pages = Vec::new();
    let mut next = Some(first.to_owned());
    while let Some(path) = next {
        let res = app.get(&path, &app.admin()).await;
        res.assert_status(200);
        pages.push(names(&res));
        next = res.body["next_cursor"].as_str().map(|c| {
            let link = res
                .header("link")
                .expect("a Link header when there is a next page");
            assert!(link.ends_with("rel=\"next\"") && link.contains(c), "{link}");
            link.trim_start_matches('<')
                .split('>')
                .next()
                .unwrap()
                .to_owned()
        });
    }
    pages
}

#[actix_web::test]
async fn pages_cover_every_row_once_in_order() {
    let app = spawn_app().await;
    named(
        &app,
        &[
            "Delta", "alpha", "Écho", "Bravo", "charlie", "Foxtrot", "Golf",
        ],
    )
    .await;
    let pages = all_pages(&app, "/v1/cooperatives?limit=3").await;
    assert_eq!(pages.iter().map(Vec::len).collect::<Vec<_>>(), [3, 3, 1]);
    let flat: Vec<String> = pages.concat();
    // Case and accents do not change the order: "Écho" sorts with the e's.
    assert_eq!(
        flat,
        [
            "alpha", "Bravo", "charlie", "Delta", "Écho", "Foxtrot", "Golf"
        ]
    );
    let res = app.get("/v1/cooperatives?limit=7", &app.admin()).await;
    res.assert_status(200);
    assert_eq!(res.body["next_cursor"], Value::Null);
    assert!(res.header("link").is_none());
}

#[actix_web::test]
async fn pagination_is_stable_when_rows_are_added_between_pages() {
    let app = spawn_app().await;
    named(&app, &["B1", "B2", "B3", "B4", "B5", "B6"]).await;
    let first = app.get("/v1/cooperatives?limit=3", &app.admin()).await;
    first.assert_status(200);
    assert_eq!(names(&first), ["B1", "B2", "B3"]);
    // One lands before the cursor, one after, one ties with the last row seen.
    named(&app, &["A0", "B3", "C9"]).await;
    let mut seen: Vec<String> = names(&first);
    let cursor = first.body["next_cursor"].as_str().unwrap().to_owned();
    let rest = format!("/v1/cooperatives?limit=3&cursor={cursor}");
    seen.extend(all_pages(&app, &rest).await.concat());
    // Every row present at the start appears exactly once; the new "B3" (a later id) and
    // "C9" come after the cursor, "A0" before it.
    assert_eq!(seen, ["B1", "B2", "B3", "B3", "B4", "B5", "B6", "C9"]);
}

#[actix_web::test]
async fn pagination_is_stable_when_rows_are_updated_and_deleted_between_pages() {
    let app = spawn_app().await;
    let mut ids = BTreeMap::new();
    for (i, name) in ["B1", "B2", "B3", "B4", "B5", "B6", "B7", "B8", "B9"]
        .iter()
        .enumerate()
    {
        let since = format!("2015-0{}-01", i + 1);
        let c = create(
            &app,
            json!({"name": name, "neq": null, "member_since": since}),
        )
        .await;
        ids.insert(name.to_string(), c["id"].as_str().unwrap().to_owned());
    }
    for (sort, first_page) in [
        ("name", ["B1", "B2", "B3"]),
        ("-member_since", ["B9", "B8", "B7"]),
    ] {
        let app = &app;
        let first = app
            .get(
                &format!("/v1/cooperatives?limit=3&sort={sort}"),
                &app.admin(),
            )
            .await;
        first.assert_status(200);
        assert_eq!(names(&first), first_page, "{sort}");
        let mut seen = names(&first);
        // Between pages: the last row seen and one not yet seen are deleted, one seen and two
        // not yet seen are edited (their sort keys kept).
        let (seen_last, seen_other) = (&first_page[2], &first_page[0]);
        let unseen: Vec<&String> = ids.keys().filter(|n| !seen.contains(n)).collect();
        let (gone, edited) = (unseen[1].clone(), [unseen[0].clone(), unseen[3].clone()]);
        for name in [seen_last.to_string(), gone.clone()] {
            app.delete(&format!("/v1/cooperatives/{}", ids[&name]), &app.admin())
                .await
                .assert_status(204);
        }
        for name in edited.iter().chain([&seen_other.to_string()]) {
            app.admin_patch(
                &format!("/v1/cooperatives/{}", ids[name]),
                &json!({"phone": "514 555-0142", "services": ["vaccination"]}),
            )
            .await
            .assert_status(200);
        }
        let cursor = first.body["next_cursor"].as_str().unwrap().to_owned();
        let rest = format!("/v1/cooperatives?limit=3&sort={sort}&cursor={cursor}");
        seen.extend(all_pages(app, &rest).await.concat());
        // Every row that survived appears exactly once; the deleted one not yet seen, never.
        let mut counted: BTreeMap<String, usize> = BTreeMap::new();
        for name in &seen {
            *counted.entry(name.clone()).or_default() += 1;
        }
        assert!(counted.values().all(|n| *n == 1), "{sort}: {seen:?}");
        assert!(!counted.contains_key(&gone), "{sort}: {seen:?}");
        let survivors: Vec<&String> = ids
            .keys()
            .filter(|n| **n != gone && n.as_str() != *seen_last)
            .collect();
        for name in survivors {
            assert!(
                counted.contains_key(name),
                "{sort}: {name} skipped in {seen:?}"
            );
        }
        ids.remove(&gone);
        ids.remove(*seen_last);
    }
}

#[actix_web::test]
async fn every_sort_key_orders_and_pages_consistently() {
    let app = spawn_app().await;
    create(
        &app,
        json!({"name": "Un", "neq": null, "member_since": "2019-01-01"}),
    )
    .await;
    create(
        &app,
        json!({"name": "Deux", "neq": null, "member_since": "2018-07-01"}),
    )
    .await;
    create(&app, json!({"name": "Trois", "neq": null, "federation_status": "prospect", "member_since": null})).await;
    create(
        &app,
        json!({"name": "Quatre", "neq": null, "member_since": "2020-03-04"}),
    )
    .await;

    for (sort, expected) in [
        ("name", vec!["Deux", "Quatre", "Trois", "Un"]),
        ("-name", vec!["Un", "Trois", "Quatre", "Deux"]),
        ("member_since", vec!["Deux", "Un", "Quatre", "Trois"]),
        ("-member_since", vec!["Quatre", "Un", "Deux", "Trois"]),
        ("updated_at", vec!["Un", "Deux", "Trois", "Quatre"]),
        ("-updated_at", vec!["Quatre", "Trois", "Deux", "Un"]),
    ] {
        let pages = all_pages(&app, &format!("/v1/cooperatives?limit=1&sort={sort}")).await;
        assert_eq!(pages.concat(), expected, "sort={sort}");
    }
}

#[actix_web::test]
async fn each_filter_selects_the_matching_cooperatives() {
    let app = spawn_app().await;
    create(&app, json!({"name": "Montréal", "neq": null, "services": ["psychology"], "legal_form": "solidarity"})).await;
    create(
        &app,
        json!({"name": "Québec", "neq": null, "region": "03", "postal_code": "G1R 4P5",
        "services": ["nutrition"], "legal_form": "consumer"}),
    )
    .await;
    create(&app, json!({"name": "Ancienne", "neq": null, "federation_status": "former", "left_on": "2021-01-01",
        "services": []})).await;
    create(&app, json!({"name": "Ontario", "neq": null, "province": "ON", "region": null, "postal_code": "K1A 0B1",
        "federation_status": "prospect", "member_since": null})).await;

    for (query, expected) in [
        ("federation_status=member", vec!["Montréal", "Québec"]),
        (
            "federation_status=former,prospect",
            vec!["Ancienne", "Ontario"],
        ),
        ("region=03", vec!["Québec"]),
        ("region=03,06", vec!["Ancienne", "Montréal", "Québec"]),
        ("province=ON", vec!["Ontario"]),
        ("legal_form=consumer", vec!["Québec"]),
        ("service=psychology", vec!["Montréal"]),
        ("service=psychology,nutrition", vec!["Montréal", "Québec"]),
        ("service=nutrition&region=06", vec![]),
    ] {
        let res = app
            .get(&format!("/v1/cooperatives?{query}"), &app.admin())
            .await;
        res.assert_status(200);
        assert_eq!(names(&res), expected, "{query}");
    }
}

#[actix_web::test]
async fn search_ignores_case_and_accents_and_matches_name_or_municipality() {
    let app = spawn_app().await;
    create(
        &app,
        json!({"name": "Coop solidarité santé Montréal", "neq": null}),
    )
    .await;
    create(&app, json!({"name": "Coopérative de santé Robert-Cliche", "neq": null, "municipality": "Saint-Joseph-de-Beauce",
        "region": "12", "postal_code": "G0S 2V0"})).await;
    create(
        &app,
        json!({"name": "Clinique 100% coop", "neq": null, "municipality": "Lévis", "region": "12",
        "postal_code": "G6V 1A1"}),
    )
    .await;

    for (q, expected) in [
        (
            "cooperative sante montreal",
            vec!["Coop solidarité santé Montréal"],
        ),
        (
            "COOPÉRATIVE",
            vec![
                "Clinique 100% coop",
                "Coop solidarité santé Montréal",
                "Coopérative de santé Robert-Cliche",
            ],
        ),
        ("robert cliche", vec!["Coopérative de santé Robert-Cliche"]),
        ("beauce", vec!["Coopérative de santé Robert-Cliche"]),
        ("levis", vec!["Clinique 100% coop"]),
        ("100%", vec!["Clinique 100% coop"]),
        ("%", vec!["Clinique 100% coop"]),
        ("_", vec![]),
        ("sherbrooke", vec![]),
        (
            "",
            vec![
                "Clinique 100% coop",
                "Coop solidarité santé Montréal",
                "Coopérative de santé Robert-Cliche",
            ],
        ),
    ] {
        let path = format!("/v1/cooperatives?q={}", urlencode(q));
        let res = app.get(&path, &app.admin()).await;
        res.assert_status(200);
        assert_eq!(names(&res), expected, "q={q:?}");
    }
}

fn urlencode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[actix_web::test]
async fn invalid_list_parameters_are_400_naming_the_parameter() {
    let app = spawn_app().await;
    for (query, field, code) in [
        ("limit=0", "limit", "range"),
        ("limit=501", "limit", "range"),
        ("limit=abc", "limit", "range"),
        ("limit=-1", "limit", "range"),
        ("limit=", "limit", "range"),
        ("sort=founded_on", "sort", "enum"),
        ("region=18", "region", "format"),
        ("province=XX", "province", "enum"),
        ("federation_status=active", "federation_status", "enum"),
        ("service=surgery", "service", "enum"),
        ("legal_form=other", "legal_form", "enum"),
        ("cursor=bm90IGEgY3Vyc29y", "cursor", "invalid"),
        ("cursor=%%%", "cursor", "invalid"),
        ("cursor=", "cursor", "invalid"),
        ("regoin=06", "regoin", "unknown_field"),
    ] {
        let res = app
            .get(&format!("/v1/cooperatives?{query}"), &app.admin())
            .await;
        res.assert_problem(400);
        assert_eq!(res.error_fields(), [field], "{query}: {}", res.text);
        assert_eq!(res.body["errors"][0]["code"], code, "{query}: {}", res.text);
    }
    // A bad limit and a bad cursor together: one problem naming both.
    let res = app
        .get("/v1/cooperatives?limit=abc&cursor=nope", &app.admin())
        .await;
    res.assert_problem(400);
    assert_eq!(res.error_fields(), ["limit", "cursor"], "{}", res.text);
    let res = app.get("/v1/cooperatives?regoin=06", &app.admin()).await;
    res.assert_status(400);
    res.assert_detail_contains("regoin");
}

#[actix_web::test]
async fn a_cursor_made_for_one_sort_is_refused_for_another() {
    let app = spawn_app().await;
    named(&app, &["A", "B"]).await;
    let res = app
        .get("/v1/cooperatives?limit=1&sort=name", &app.admin())
        .await;
    res.assert_status(200);
    let cursor = res.body["next_cursor"].as_str().unwrap();
    let res = app
        .get(
            &format!("/v1/cooperatives?limit=1&sort=-updated_at&cursor={cursor}"),
            &app.admin(),
        )
        .await;
    res.assert_problem(400);
    assert_eq!(res.error_fields(), ["cursor"]);
}

#[actix_web::test]
async fn lists_export_as_csv_and_ndjson_streaming_every_row_across_pages() {
    let app = spawn_app().await;
    create(&app, json!({"name": "Coop « spéciale », \"citée\"", "neq": null, "services": ["nursing", "psychology"]})).await;
    // 1,500 more rows, more than one export page, straight into the database.
    app.sql(
        "INSERT INTO cooperatives (id, name, legal_form, municipality, province, region, federation_status, member_since)
         SELECT gen_random_uuid(), 'Synthetic ' || lpad(i::text, 4, '0'), 'consumer', 'Laval', 'QC', '13', 'member', '2020-01-01'
           FROM generate_series(1, 1500) AS i",
    )
    .await;

    let res = app.get("/v1/cooperatives?format=csv", &app.admin()).await;
    res.assert_status(200);
    assert_eq!(res.header("content-type"), Some("text/csv; charset=utf-8"));
    let mut reader = csv::Reader::from_reader(res.text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "id");
    assert_eq!(headers.len(), 23);
    assert_eq!(&headers[22], "demo");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1501, "every row, once");
    let special = rows.iter().find(|r| r[1].starts_with("Coop")).unwrap();
    assert_eq!(
        &special[1], "Coop « spéciale », \"citée\"",
        "quotes and commas survive CSV"
    );
    assert_eq!(&special[14], "nursing;psychology");
    let names: Vec<&str> = rows.iter().map(|r| r.get(1).unwrap()).collect();
    let mut sorted = names.clone();
    sorted.sort_by_key(|n| n.to_lowercase());
    assert_eq!(names, sorted, "in the requested order");

    let res = app
        .get_accepting(
            "/v1/cooperatives?region=13&sort=-name",
            &app.admin(),
            "application/x-ndjson",
        )
        .await;
    res.assert_status(200);
    assert_eq!(res.header("content-type"), Some("application/x-ndjson"));
    let lines: Vec<Value> = res
        .text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1500);
    assert_eq!(lines[0]["name"], "Synthetic 1500");
    assert_eq!(lines[1499]["name"], "Synthetic 0001");

    app.get("/v1/cooperatives?format=xml", &app.admin())
        .await
        .assert_problem(400);
    // `Accept: text/csv` is the same export as `?format=csv`, byte for byte.
    let accepted = app
        .get_accepting("/v1/cooperatives", &app.admin(), "text/csv")
        .await;
    accepted.assert_status(200);
    assert_eq!(
        accepted.header("content-type"),
        Some("text/csv; charset=utf-8")
    );
    let by_format = app.get("/v1/cooperatives?format=csv", &app.admin()).await;
    by_format.assert_status(200);
    assert_eq!(accepted.text, by_format.text);
    let filtered = app
        .get_accepting(
            "/v1/cooperatives?region=13&sort=-name",
            &app.admin(),
            "text/csv, application/json;q=0.5",
        )
        .await;
    filtered.assert_status(200);
    assert_eq!(
        filtered.header("content-type"),
        Some("text/csv; charset=utf-8")
    );
    let mut reader = csv::Reader::from_reader(filtered.text.as_bytes());
    let filtered: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(filtered.len(), 1500);
    assert_eq!(&filtered[0][1], "Synthetic 1500");
    app.get_accepting("/v1/cooperatives", &app.partner_token(), "text/csv")
        .await
        .assert_problem(403);
    app.get("/v1/cooperatives?format=csv", &app.partner_token())
        .await
        .assert_problem(403);
    let empty = app
        .get("/v1/cooperatives?format=csv&region=01", &app.admin())
        .await;
    empty.assert_status(200);
    assert_eq!(
        empty.text.lines().count(),
        1,
        "an empty export still has its header"
    );
}
