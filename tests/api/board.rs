//! `/v1/board-terms`: who was on the board on a date; names and offices only, public terms
//! only for roles outside the federation's staff.

use coopsante::auth::Role;
use serde_json::{Value, json};

use crate::helpers::spawn_app;

fn names(body: &Value) -> Vec<String> {
    body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["person_name"].as_str().unwrap().to_owned())
        .collect()
}

#[actix_web::test]
async fn the_board_on_a_date_is_one_call() {
    let app = spawn_app().await;
    for body in [
        json!({"person_name": "Chantal Dubuc", "office": "president", "from": "2018-06-12", "public": true}),
        json!({"person_name": "Nancie Allaire", "office": "vice_president", "from": "2018-06-12", "until": "2020-11-05"}),
        json!({"person_name": "Josée Ouellet", "office": "director", "from": "2020-11-05"}),
    ] {
        app.admin_post("/v1/board-terms", &body)
            .await
            .assert_status(201);
    }
    let on = app
        .get("/v1/board-terms?on=2020-03-31", &app.token(Role::Reader))
        .await;
    on.assert_status(200);
    assert_eq!(names(&on.body), ["Chantal Dubuc", "Nancie Allaire"]);
    let later = app.get("/v1/board-terms?on=2021-01-01", &app.admin()).await;
    later.assert_status(200);
    assert_eq!(names(&later.body), ["Chantal Dubuc", "Josée Ouellet"]);
    let manager = app.manager_token(&uuid::Uuid::now_v7().to_string());
    let public = app.get("/v1/board-terms", &manager).await;
    public.assert_status(200);
    assert_eq!(names(&public.body), ["Chantal Dubuc"]);
    app.get("/v1/board-terms?on=2101-01-01", &app.admin())
        .await
        .assert_problem(400);
}

#[actix_web::test]
async fn invalid_terms_name_every_field_and_private_ones_stay_private() {
    let app = spawn_app().await;
    let bad = app
        .admin_post("/v1/board-terms",
            &json!({"person_name": "", "office": "king", "from": "2020-01-01", "until": "2019-01-01",
                    "email": "x@example.com"}),
        )
        .await;
    bad.assert_problem(422);
    assert_eq!(
        bad.sorted_error_fields(),
        ["email", "office", "person_name", "until"]
    );
    let unknown = app
        .admin_post("/v1/board-terms",  &json!({"person_name": "X", "office": "director", "cooperative_id": uuid::Uuid::now_v7().to_string()}))
        .await;
    unknown.assert_problem(422);
    assert_eq!(unknown.error_fields(), ["cooperative_id"]);
    let private = app
        .admin_post(
            "/v1/board-terms",
            &json!({"person_name": "Gabriel Sansoucy", "office": "secretary"}),
        )
        .await;
    private.assert_status(201);
    let path = private.header("location").unwrap().to_owned();
    app.get(&path, &app.partner_token())
        .await
        .assert_problem(404);
    app.get(&path, &app.token(Role::Reader))
        .await
        .assert_status(200);
    let public = app.admin_patch(&path, &json!({"public": true})).await;
    public.assert_status(200);
    app.get(&path, &app.partner_token())
        .await
        .assert_status(200);
}
