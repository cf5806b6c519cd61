//! A corpus of bad requests for every operation of the committed spec: wrong types, unknown
//! fields, NUL bytes, lone surrogates, 10 MiB bodies, JSON nested 10,000 deep, numbers beyond
//! i64, negative counts, dates nobody means, SQL-looking strings, tampered cursors, absurd
//! limits, repeated parameters, bodies on GET, wrong content types. Each gets a 4xx problem
//! (never a 5xx), and the database is the same, table by table, before and after.

use diesel::QueryableByName;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde_json::{Value, json};

use crate::fixtures::cooperatives;
use crate::helpers::{Response, spawn_app};

#[derive(QueryableByName)]
struct Text {
    #[diesel(sql_type = diesel::sql_types::Text)]
    value: String,
}

/// Every table's rows, as one digest per table.
pub async fn dump(conn: &mut AsyncPgConnection) -> Vec<(String, String)> {
    let tables: Vec<Text> = diesel::sql_query(
        "SELECT tablename AS value FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
    )
    .load(conn)
    .await
    .unwrap();
    let mut out = Vec::new();
    for table in tables {
        let digest: Text = diesel::sql_query(format!(
            "SELECT md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS value \
             FROM \"{}\" t",
            table.value
        ))
        .get_result(conn)
        .await
        .unwrap();
        out.push((table.value, digest.value));
    }
    out
}

/// An existing row's id for the resource a path segment names, so that requests get past
/// the 404 to the validation under test; a random id otherwise.
async fn ids(conn: &mut AsyncPgConnection) -> Vec<(&'static str, String)> {
    let tables = [
        ("cooperatives", "cooperatives"),
        ("partners", "partners"),
        ("service-agreements", "service_agreements"),
        ("strategic-plans", "strategic_plans"),
        ("orientations", "orientations"),
        ("objectives", "objectives"),
        ("events", "events"),
        ("projects", "projects"),
        ("representations", "representations"),
        ("board-terms", "board_terms"),
    ];
    let mut out = Vec::new();
    for (segment, table) in tables {
        let found: Vec<Text> = diesel::sql_query(format!(
            "SELECT id::text AS value FROM {table} ORDER BY id LIMIT 1"
        ))
        .load(conn)
        .await
        .unwrap();
        if let Some(row) = found.into_iter().next() {
            out.push((segment, row.value));
        }
    }
    out
}

fn concrete(template: &str, ids: &[(&str, String)]) -> String {
    let segments: Vec<&str> = template.split('/').collect();
    let mut out = Vec::new();
    for (i, segment) in segments.iter().enumerate() {
        out.push(match *segment {
            "{id}" => ids
                .iter()
                .find(|(name, _)| *name == segments[i - 1])
                .map(|(_, id)| id.clone())
                .unwrap_or_else(|| uuid::Uuid::now_v7().to_string()),
            "{as_of}" => "2021-12-31".to_owned(),
            s if s.starts_with('{') => uuid::Uuid::now_v7().to_string(),
            s => s.to_owned(),
        });
    }
    out.join("/")
}

/// The body schema's properties, resolved, as (name, type, format).
fn properties(spec: &Value, operation: &Value) -> Vec<(String, String, String)> {
    let content = &operation["requestBody"]["content"];
    let Some((_, media)) = content.as_object().and_then(|c| c.iter().next()) else {
        return Vec::new();
    };
    let mut schema = &media["schema"];
    if let Some(reference) = schema["$ref"].as_str() {
        schema = spec.pointer(&reference[1..]).unwrap_or(&Value::Null);
    }
    let mut out = Vec::new();
    for (name, property) in schema["properties"].as_object().into_iter().flatten() {
        let kind = match &property["type"] {
            Value::String(s) => s.clone(),
            Value::Array(kinds) => kinds
                .iter()
                .filter_map(Value::as_str)
                .find(|k| *k != "null")
                .unwrap_or("")
                .to_owned(),
            _ => String::new(),
        };
        let format = property["format"].as_str().unwrap_or("").to_owned();
        out.push((name.clone(), kind, format));
    }
    out
}

const SQL: &str = "'; DROP TABLE cooperatives; --";

#[track_caller]
fn assert_refused(what: &str, res: &Response, token_endpoint: bool) {
    assert!(
        res.status.is_client_error(),
        "{what}: expected a 4xx, got {}: {}",
        res.status,
        res.text
    );
    if !token_endpoint {
        assert_eq!(
            res.header("content-type"),
            Some("application/problem+json"),
            "{what}: {}",
            res.text
        );
    }
}

#[actix_web::test]
async fn every_operation_refuses_the_corpus_with_a_4xx_and_the_database_is_unchanged() {
    let app = spawn_app().await;
    let mut conn = app.connection().await;
    coopsante::seed::run(&mut conn).await.unwrap();
    let coop = cooperatives::create(&app, json!({})).await;
    app.request(
        "PUT",
        &format!(
            "/v1/cooperatives/{}/membership-counts/2021-12-31",
            coop["id"].as_str().unwrap()
        ),
        Some(&app.admin()),
        &[],
        Some(
            json!({"users": 10, "source": "agm"})
                .to_string()
                .into_bytes(),
        ),
    )
    .await
    .assert_status(201);
    let ids = ids(&mut conn).await;
    let before = dump(&mut conn).await;

    let spec: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/openapi/openapi.json"))
            .unwrap(),
    )
    .unwrap();
    let token = app.admin();
    let huge = {
        let mut body = br#"{"name": ""#.to_vec();
        body.resize(10 * 1024 * 1024, b'a');
        body.extend_from_slice(br#""}"#);
        body
    };
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)).into_bytes();
    let mut sent = 0;
    for (template, item) in spec["paths"].as_object().unwrap() {
        if !template.starts_with("/v1/") {
            continue;
        }
        let path = concrete(template, &ids);
        let token_endpoint = template == "/v1/auth/token";
        for (method, operation) in item.as_object().unwrap() {
            let method = method.to_uppercase();
            let send =
                async |what: &str, path: &str, headers: &[(&str, &str)], body: Option<Vec<u8>>| {
                    let res = app
                        .request(&method, path, Some(&token), headers, body)
                        .await;
                    (format!("{method} {template} {what}"), res)
                };
            let mut answers = Vec::new();
            if method == "GET" {
                for query in [
                    "limit=0",
                    "limit=1000000000",
                    "limit=-1",
                    "limit=1&limit=2",
                    "cursor=AAAA",
                    "cursor=eyJhIjoiXHUwMDAwIn0",
                    "after=99999999.1",
                    "as_of=0000-01-01",
                    "as_of=9999-12-31",
                    "from=-4714-01-01",
                    "format=xlsx",
                    "sort=%27%3B%20DROP%20TABLE%20x",
                ] {
                    let res = app
                        .request("GET", &format!("{path}?{query}"), Some(&token), &[], None)
                        .await;
                    // Parameters an operation does not take are refused, or ignored (200).
                    assert!(
                        res.status.as_u16() < 500,
                        "GET {template}?{query}: {} {}",
                        res.status,
                        res.text
                    );
                    if res.status.is_client_error() {
                        assert_refused(&format!("GET {template}?{query}"), &res, token_endpoint);
                    }
                }
                // A body on a GET is ignored or refused, never a failure.
                let res = app
                    .request(
                        "GET",
                        &path,
                        Some(&token),
                        &[],
                        Some(b"{\"x\": 1}".to_vec()),
                    )
                    .await;
                assert!(
                    res.status.as_u16() < 500,
                    "GET {template} with a body: {}",
                    res.text
                );
            }
            if template.contains('{') {
                for bad in [
                    "%00",
                    "%27%3B%20DROP%20TABLE%20cooperatives%3B--",
                    &"9".repeat(5000),
                ] {
                    let garbled: Vec<String> = template
                        .split('/')
                        .map(|s| {
                            if s.starts_with('{') {
                                bad.to_owned()
                            } else {
                                s.to_owned()
                            }
                        })
                        .collect();
                    answers.push(
                        send(
                            "(garbled path)",
                            &garbled.join("/"),
                            &[("If-Match", "\"999999\"")],
                            None,
                        )
                        .await,
                    );
                }
            }
            if method == "DELETE" {
                answers.push(
                    send(
                        "(stale If-Match)",
                        &path,
                        &[("If-Match", "\"999999\"")],
                        None,
                    )
                    .await,
                );
            }
            if ["POST", "PUT", "PATCH"].contains(&method.as_str())
                && operation.get("requestBody").is_some()
            {
                let content_type = if token_endpoint {
                    "application/x-www-form-urlencoded"
                } else if method == "PATCH" {
                    "application/merge-patch+json"
                } else {
                    "application/json"
                };
                let typed = [("Content-Type", content_type)];
                let mut bodies: Vec<(String, Vec<u8>)> = [
                    "[]",
                    "\"text\"",
                    "42",
                    "null",
                    "{",
                    "",
                    "{\"a\": 1, \"a\": 2}",
                    "{\"zzz_unknown\": 1}",
                    "\"\\ud800\"",
                    "{\"name\": \"\\udc00\"}",
                    "{\"users\": 99999999999999999999999, \"zzz_unknown\": 1}",
                    "{\"users\": -5, \"workers\": -1, \"zzz_unknown\": 1}",
                ]
                .iter()
                .map(|b| (format!("body {b}"), b.as_bytes().to_vec()))
                .collect();
                bodies.push(("10 MiB".into(), huge.clone()));
                bodies.push(("nested 10,000 deep".into(), deep.clone()));
                for (name, kind, format) in properties(&spec, operation) {
                    let values: Vec<Value> = match (kind.as_str(), format.as_str()) {
                        ("string", "date") => {
                            vec![json!("0000-01-01"), json!("9999-12-31"), json!(SQL)]
                        }
                        ("string", _) => vec![json!("a\u{0}b"), json!(1)],
                        ("integer", _) => vec![json!(-1), json!(1e300), json!("12")],
                        ("boolean", _) => vec![json!("yes")],
                        _ => vec![json!({"deep": [SQL]})],
                    };
                    for value in values {
                        // An unknown field beside it: the request is invalid whatever the
                        // value does, so nothing may be written.
                        let body = json!({ name.clone(): value, "zzz_unknown": SQL });
                        bodies.push((format!("{name}={value}"), body.to_string().into_bytes()));
                    }
                }
                for (what, body) in bodies {
                    answers.push(send(&what, &path, &typed, Some(body)).await);
                }
                for wrong in ["text/plain", "application/xml"] {
                    answers.push(
                        send(
                            wrong,
                            &path,
                            &[("Content-Type", wrong)],
                            Some(b"{}".to_vec()),
                        )
                        .await,
                    );
                }
            }
            for (what, res) in &answers {
                assert_refused(what, res, token_endpoint);
            }
            sent += answers.len();
        }
    }
    assert!(
        sent > 1000,
        "the corpus reached every operation ({sent} requests)"
    );
    let after = dump(&mut conn).await;
    for ((table, a), (_, b)) in before.iter().zip(&after) {
        assert_eq!(a, b, "{table} changed under the corpus");
    }
    assert_eq!(before.len(), after.len());
}
