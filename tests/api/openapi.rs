//! The OpenAPI document: committed, served, complete, and its examples are valid requests.

use serde_json::Value;

use crate::helpers::spawn_app;

const COMMITTED: &str = include_str!("../../openapi/openapi.json");

#[test]
fn the_spec_version_is_the_crate_version_and_the_changelog_has_it() {
    let version = env!("CARGO_PKG_VERSION");
    assert_eq!(spec()["info"]["version"], version);
    let changelog = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/CHANGELOG.md"));
    assert!(
        changelog.contains("## [Unreleased]"),
        "an Unreleased section"
    );
    assert!(
        changelog.contains(&format!("## [{version}] - ")),
        "CHANGELOG.md has no entry for {version}"
    );
}

#[test]
fn the_committed_document_matches_the_code() {
    let generated = coopsante::openapi::spec_json();
    if std::env::var_os("UPDATE_OPENAPI").is_some() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/openapi/openapi.json");
        std::fs::write(path, &generated).expect("write openapi/openapi.json");
        return;
    }
    assert!(
        COMMITTED == generated,
        "openapi/openapi.json is out of date: run `UPDATE_OPENAPI=1 cargo nextest run openapi` \
         (or `cargo run -q -- openapi > openapi/openapi.json`) and commit the result"
    );
}

fn spec() -> Value {
    serde_json::from_str(&coopsante::openapi::spec_json()).unwrap()
}

fn operations(spec: &Value) -> Vec<(String, String, Value)> {
    let mut out = Vec::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            out.push((method.to_uppercase(), path.clone(), op.clone()));
        }
    }
    out
}

/// Every operation the API serves, as documented: a new one is added here on purpose.
const OPERATIONS: &[&str] = &[
    "DELETE /v1/board-terms/{id}",
    "DELETE /v1/cooperatives/{id}",
    "DELETE /v1/cooperatives/{id}/membership-counts/{as_of}",
    "DELETE /v1/events/{id}",
    "DELETE /v1/events/{id}/participations/{participation_id}",
    "DELETE /v1/events/{id}/presentations/{presentation_id}",
    "DELETE /v1/measurements/{id}",
    "DELETE /v1/objectives/{id}",
    "DELETE /v1/orientations/{id}",
    "DELETE /v1/partners/{id}",
    "DELETE /v1/projects/{id}",
    "DELETE /v1/projects/{id}/funders/{funder_id}",
    "DELETE /v1/representations/{id}",
    "DELETE /v1/service-agreements/{id}",
    "DELETE /v1/service-agreements/{id}/enrollments/{enrollment_id}",
    "DELETE /v1/strategic-plans/{id}",
    "DELETE /v1/webhooks/{id}",
    "GET /.well-known/oauth-authorization-server",
    "GET /healthz",
    "GET /readyz",
    "GET /v1/api-clients",
    "GET /v1/api-clients/{id}",
    "GET /v1/audit-events",
    "GET /v1/board-terms",
    "GET /v1/board-terms/{id}",
    "GET /v1/changes",
    "GET /v1/cooperatives",
    "GET /v1/cooperatives/{id}",
    "GET /v1/cooperatives/{id}/enrollments",
    "GET /v1/cooperatives/{id}/history",
    "GET /v1/cooperatives/{id}/membership-counts",
    "GET /v1/cooperatives/{id}/membership-counts/latest",
    "GET /v1/cooperatives/{id}/membership-counts/{as_of}",
    "GET /v1/directory/cooperatives",
    "GET /v1/events",
    "GET /v1/events/{id}",
    "GET /v1/events/{id}/history",
    "GET /v1/events/{id}/participations",
    "GET /v1/events/{id}/presentations",
    "GET /v1/measurements/{id}",
    "GET /v1/membership-counts",
    "GET /v1/objectives/{id}",
    "GET /v1/objectives/{id}/measurements",
    "GET /v1/objectives/{id}/progress",
    "GET /v1/orientations/{id}",
    "GET /v1/orientations/{id}/objectives",
    "GET /v1/partners",
    "GET /v1/partners/{id}",
    "GET /v1/partners/{id}/history",
    "GET /v1/projects",
    "GET /v1/projects/{id}",
    "GET /v1/projects/{id}/funders",
    "GET /v1/projects/{id}/history",
    "GET /v1/projects/{id}/transitions",
    "GET /v1/reports/annual",
    "GET /v1/representations",
    "GET /v1/representations/{id}",
    "GET /v1/representations/{id}/history",
    "GET /v1/representations/{id}/requests",
    "GET /v1/service-agreements",
    "GET /v1/service-agreements/{id}",
    "GET /v1/service-agreements/{id}/eligibility",
    "GET /v1/service-agreements/{id}/enrollments",
    "GET /v1/service-agreements/{id}/enrollments/{enrollment_id}",
    "GET /v1/service-agreements/{id}/history",
    "GET /v1/service-agreements/{id}/transitions",
    "GET /v1/stats/membership",
    "GET /v1/stats/membership/series",
    "GET /v1/strategic-plans",
    "GET /v1/strategic-plans/{id}",
    "GET /v1/strategic-plans/{id}/history",
    "GET /v1/strategic-plans/{id}/orientations",
    "GET /v1/strategic-plans/{id}/summary",
    "GET /v1/webhooks",
    "GET /v1/webhooks/{id}",
    "GET /v1/webhooks/{id}/deliveries",
    "PATCH /v1/board-terms/{id}",
    "PATCH /v1/cooperatives/{id}",
    "PATCH /v1/events/{id}",
    "PATCH /v1/events/{id}/participations/{participation_id}",
    "PATCH /v1/events/{id}/presentations/{presentation_id}",
    "PATCH /v1/measurements/{id}",
    "PATCH /v1/objectives/{id}",
    "PATCH /v1/orientations/{id}",
    "PATCH /v1/partners/{id}",
    "PATCH /v1/projects/{id}",
    "PATCH /v1/representations/{id}",
    "PATCH /v1/representations/{id}/requests/{request_id}",
    "PATCH /v1/service-agreements/{id}",
    "PATCH /v1/service-agreements/{id}/enrollments/{enrollment_id}",
    "PATCH /v1/strategic-plans/{id}",
    "PATCH /v1/webhooks/{id}",
    "POST /v1/api-clients",
    "POST /v1/api-clients/{id}/revoke",
    "POST /v1/api-clients/{id}/rotate-secret",
    "POST /v1/auth/token",
    "POST /v1/board-terms",
    "POST /v1/cooperatives",
    "POST /v1/cooperatives/{id}/membership-counts",
    "POST /v1/events",
    "POST /v1/events/{id}/participations",
    "POST /v1/events/{id}/presentations",
    "POST /v1/membership-counts:batch",
    "POST /v1/objectives/{id}/measurements",
    "POST /v1/orientations/{id}/objectives",
    "POST /v1/partners",
    "POST /v1/projects",
    "POST /v1/projects/{id}/funders",
    "POST /v1/projects/{id}/transitions",
    "POST /v1/representations",
    "POST /v1/representations/{id}/requests",
    "POST /v1/service-agreements",
    "POST /v1/service-agreements/{id}/enrollments",
    "POST /v1/service-agreements/{id}/transitions",
    "POST /v1/strategic-plans",
    "POST /v1/strategic-plans/{id}/orientations",
    "POST /v1/webhooks",
    "POST /v1/webhooks/{id}/deliveries/{delivery_id}/redeliver",
    "POST /v1/webhooks/{id}/rotate-secret",
    "PUT /v1/cooperatives/{id}/membership-counts/{as_of}",
];

#[test]
fn every_operation_is_fully_documented() {
    let spec = spec();
    assert_eq!(spec["openapi"], "3.1.0");
    let ops = operations(&spec);
    let mut names: Vec<String> = ops.iter().map(|(m, p, _)| format!("{m} {p}")).collect();
    names.sort();
    assert_eq!(names, OPERATIONS, "the documented operations");
    for (method, path, op) in ops {
        let at = format!("{method} {path}");
        assert!(
            op["operationId"].as_str().is_some_and(|id| !id.is_empty()),
            "{at}: operationId"
        );
        assert!(
            op["summary"].as_str().is_some_and(|s| !s.is_empty()),
            "{at}: summary"
        );
        assert!(
            op["tags"].as_array().is_some_and(|t| !t.is_empty()),
            "{at}: tags"
        );
        assert!(op["security"].is_array(), "{at}: security");
        let responses = op["responses"].as_object().unwrap();
        let secured = op["security"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s.get("bearer").is_some());
        if secured {
            for code in ["401", "403"] {
                assert!(responses.contains_key(code), "{at}: documents {code}");
            }
        }
        // The token endpoint answers every bad request with OAuth's 400 (RFC 6749 §5.2).
        let oauth = path.starts_with("/v1/auth/");
        if oauth {
            for code in ["400", "401", "503"] {
                assert!(responses.contains_key(code), "{at}: documents {code}");
            }
        } else if op.get("requestBody").is_some() {
            for code in ["400", "413", "415", "422"] {
                assert!(responses.contains_key(code), "{at}: documents {code}");
            }
        }
        if method == "POST" {
            let params = op["parameters"].as_array().cloned().unwrap_or_default();
            // Answers holding a secret or a token are never stored for replay.
            let holds_secrets = path.starts_with("/v1/api-clients")
                || path.starts_with("/v1/auth/")
                || path == "/v1/webhooks"
                || path == "/v1/webhooks/{id}/rotate-secret";
            assert_eq!(
                params.iter().any(|p| p["name"] == "Idempotency-Key"),
                !holds_secrets,
                "{at}: documents Idempotency-Key unless its answer holds a secret"
            );
        }
        if path.contains('{') {
            assert!(responses.contains_key("404"), "{at}: documents 404");
        }
        for (code, response) in responses {
            if code.starts_with('4') || code.starts_with('5') {
                // A rate limit is a problem on every endpoint, the token endpoint too.
                if oauth && code != "429" {
                    let schema = &response["content"]["application/json"]["schema"]["$ref"];
                    assert_eq!(schema, "#/components/schemas/TokenError", "{at} {code}");
                    continue;
                }
                let reference = response["$ref"].as_str().unwrap_or_default();
                assert!(
                    reference.starts_with("#/components/responses/"),
                    "{at} {code}: a problem response"
                );
            }
        }
    }
}

#[actix_web::test]
async fn the_served_document_is_the_committed_one_and_the_docs_load_offline() {
    let app = spawn_app().await;
    let res = app.anonymous_get("/openapi.json").await;
    res.assert_status(200);
    let committed: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/openapi/openapi.json"))
            .unwrap(),
    )
    .unwrap();
    assert_eq!(res.body, committed, "served and committed documents differ");
    let res = app.anonymous_get("/docs/").await;
    res.assert_status(200);
    assert!(res.text.contains("swagger-ui"), "Swagger UI is vendored");
    let res = app.anonymous_get("/docs").await;
    assert!(res.status.is_redirection());
}

/// The examples of request bodies in the spec are accepted by the API.
#[actix_web::test]
async fn request_examples_are_valid_requests() {
    let app = spawn_app().await;
    let spec = spec();
    let example = spec["components"]["schemas"]["CooperativeInput"]["example"].clone();
    assert!(example.is_object(), "CooperativeInput has an example");
    let created = app.admin_post("/v1/cooperatives", &example).await;
    created.assert_status(201);

    let patch = &spec["paths"]["/v1/cooperatives/{id}"]["patch"]["requestBody"]["content"]["application/merge-patch+json"]
        ["example"];
    assert!(patch.is_object(), "the PATCH has an example");
    let path = format!("/v1/cooperatives/{}", created.body["id"].as_str().unwrap());
    app.admin_patch(&path, patch).await.assert_status(200);
}

#[test]
fn enums_in_the_spec_are_the_values_the_api_sends() {
    use coopsante::db::stats::GroupBy;
    use coopsante::domain::address::Province;
    use coopsante::domain::cooperative::{FederationStatus, LegalForm, Service};
    use coopsante::domain::membership::CountSource;
    use coopsante::domain::periods::Interval;

    let spec = spec();
    let listed = |name: &str| -> Vec<String> {
        let values = spec["components"]["schemas"][name]["enum"].as_array();
        values
            .unwrap_or_else(|| panic!("{name} lists its values"))
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect()
    };
    fn sent<T: serde::Serialize>(all: &[T]) -> Vec<String> {
        all.iter()
            .map(|v| {
                serde_json::to_value(v)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect()
    }
    assert_eq!(listed("LegalForm"), sent(LegalForm::ALL));
    assert_eq!(listed("Province"), sent(Province::ALL));
    assert_eq!(listed("FederationStatus"), sent(FederationStatus::ALL));
    assert_eq!(listed("Service"), sent(Service::ALL));
    assert_eq!(listed("CountSource"), sent(CountSource::ALL));
    assert_eq!(listed("GroupBy"), sent(GroupBy::ALL));
    assert_eq!(listed("Interval"), sent(Interval::ALL));
    assert!(
        spec["components"]["schemas"]["Problem"].is_object(),
        "problem responses resolve"
    );
}

/// Every JSON request body and success response shows an example (on itself or its schema).
#[test]
fn every_json_body_has_an_example() {
    let spec = spec();
    let schemas = &spec["components"]["schemas"];
    let has_example = |content: &Value| {
        let schema = &content["schema"];
        let named = schema["$ref"]
            .as_str()
            .map(|r| &schemas[r.rsplit('/').next().unwrap()]);
        let page_item = named
            .and_then(|s| s["properties"]["items"]["items"]["$ref"].as_str())
            .map(|r| &schemas[r.rsplit('/').next().unwrap()]);
        [Some(content), Some(schema), named, page_item]
            .into_iter()
            .flatten()
            .any(|v| v.get("example").is_some())
    };
    for (method, path, op) in operations(&spec) {
        let mut bodies: Vec<(String, Value)> = Vec::new();
        if let Some(content) = op["requestBody"]["content"].as_object() {
            bodies.extend(content.values().map(|c| ("request".to_owned(), c.clone())));
        }
        for (code, response) in op["responses"].as_object().unwrap() {
            if code.starts_with('2')
                && let Some(json) = response["content"].get("application/json")
            {
                bodies.push((code.clone(), json.clone()));
            }
        }
        for (what, content) in bodies {
            assert!(has_example(&content), "{method} {path} {what}: no example");
        }
    }
}

/// Every `$ref` points at something the document defines (a dangling one makes client
/// generators and contract testers give up on the operation).
#[test]
fn every_reference_resolves() {
    fn walk(v: &Value, root: &Value, dangling: &mut Vec<String>) {
        match v {
            Value::Object(map) => {
                if let Some(Value::String(r)) = map.get("$ref") {
                    let target = r
                        .strip_prefix("#")
                        .and_then(|pointer| root.pointer(pointer));
                    if target.is_none() {
                        dangling.push(r.clone());
                    }
                }
                map.values().for_each(|v| walk(v, root, dangling));
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, root, dangling)),
            _ => {}
        }
    }
    let spec = spec();
    let mut dangling = Vec::new();
    walk(&spec, &spec, &mut dangling);
    dangling.sort();
    dangling.dedup();
    assert!(dangling.is_empty(), "dangling references: {dangling:?}");
}

/// Two Rust types that give the same schema name would silently replace one another.
#[test]
fn the_change_in_a_series_is_the_statistics_change_not_a_feed_item() {
    let spec = spec();
    let change = &spec["components"]["schemas"]["Change"];
    assert!(change["properties"].get("absolute").is_some(), "{change:#}");
    let feed = &spec["components"]["schemas"]["FeedChange"];
    assert!(
        feed["properties"].get("resource_type").is_some(),
        "{feed:#}"
    );
}
