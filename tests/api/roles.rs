//! Every operation refuses the roles its spec does not list: table-driven over the committed
//! OpenAPI document, so a new operation is covered as soon as it is documented.

use coopsante::auth::Role;
use serde_json::Value;

use crate::helpers::spawn_app;

const ROLES: [&str; 4] = ["admin", "reader", "coop_manager", "partner"];

fn operations() -> Vec<(String, String, Vec<String>)> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("openapi/openapi.json");
    let spec: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut ops = Vec::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let Some(security) = op["security"].as_array() else {
                continue;
            };
            let Some(roles) = security.iter().find_map(|s| s["bearer"].as_array()) else {
                continue;
            };
            let roles = roles
                .iter()
                .map(|r| r.as_str().unwrap().to_owned())
                .collect();
            ops.push((method.to_uppercase(), path.clone(), roles));
        }
    }
    ops
}

#[actix_web::test]
async fn every_operation_lists_its_roles_and_refuses_the_others() {
    let app = spawn_app().await;
    let someone = uuid::Uuid::now_v7().to_string();
    let token_of = |role: &str| match role {
        "admin" => app.token(Role::Admin),
        "reader" => app.token(Role::Reader),
        "coop_manager" => app.manager_token(&someone),
        _ => app.partner_token(),
    };
    let ops = operations();
    assert!(ops.len() > 50, "the spec lists the secured operations");
    let mut checked = 0;
    for (method, path, roles) in ops {
        assert!(
            !roles.is_empty(),
            "{method} {path}: names the roles that may call it"
        );
        assert!(
            roles.iter().all(|r| ROLES.contains(&r.as_str())),
            "{method} {path}: {roles:?}"
        );
        assert!(
            roles.contains(&"admin".to_owned()),
            "{method} {path}: admins may do anything"
        );
        let mut concrete = path.replace("{as_of}", "2020-01-01");
        // Every other path parameter is an id: `{id}`, `{enrollment_id}`, `{participation_id}`…
        while let Some(start) = concrete.find('{') {
            let end = start + concrete[start..].find('}').unwrap();
            concrete.replace_range(start..=end, &uuid::Uuid::now_v7().to_string());
        }
        let body = matches!(method.as_str(), "POST" | "PUT" | "PATCH").then(|| b"{}".to_vec());
        for role in ROLES.iter().filter(|r| !roles.contains(&r.to_string())) {
            let token = token_of(role);
            let res = app
                .request(&method, &concrete, Some(&token), &[], body.clone())
                .await;
            assert!(
                matches!(res.status.as_u16(), 403 | 404),
                "{method} {path} as {role}: expected 403 (or 404 where existence is private), got {} {}",
                res.status,
                res.text
            );
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} refusals checked");
}

#[actix_web::test]
async fn no_patch_moves_a_record_to_another_id_or_sets_server_fields() {
    let app = spawn_app().await;
    let own = crate::fixtures::cooperatives::create(&app, serde_json::json!({})).await;
    let path = format!("/v1/cooperatives/{}", own["id"].as_str().unwrap());
    let manager = app.manager_token(own["id"].as_str().unwrap());
    for token in [manager, app.admin()] {
        for field in ["id", "created_at", "updated_at", "version"] {
            let patch = serde_json::json!({ field: uuid::Uuid::now_v7().to_string() });
            let res = app.patch(&path, &token, &patch).await;
            res.assert_problem(422);
            assert_eq!(res.error_fields(), [field]);
        }
    }
    let read = app.get(&path, &app.admin()).await;
    read.assert_status(200);
    assert_eq!(read.body, own, "nothing changed");
}
