//! Strategic plans and orientations through HTTP: CRUD, the overlap rule, the life cycle,
//! who may read and write, and the public summary.

use coopsante::auth::Role;
use serde_json::{Value, json};

use crate::fixtures::id;
use crate::fixtures::plans::{create_orientation, create_plan, plan};
use crate::helpers::spawn_app;

#[actix_web::test]
async fn creating_a_plan_returns_a_draft_at_its_location() {
    let app = spawn_app().await;
    let res = app
        .admin_post("/v1/strategic-plans", &plan(json!({})))
        .await;
    res.assert_status(201);
    let plan_id = id(&res.body);
    assert_eq!(
        res.header("location"),
        Some(format!("/v1/strategic-plans/{plan_id}").as_str())
    );
    assert_eq!(res.body["status"], "draft");
    assert_eq!(res.body["adopted_on"], Value::Null);
    assert_eq!(res.body["values"], json!(["Solidarité", "Proximité"]));
}

#[actix_web::test]
async fn invalid_plans_are_422_naming_every_field() {
    let app = spawn_app().await;
    let res = app
        .admin_post(
            "/v1/strategic-plans",
            &plan(
                json!({"title": "", "period_end": "2019-01-01", "status": "adopted",
                "values": ["Solidarité", "Solidarité"], "vison": "typo"}),
            ),
        )
        .await;
    res.assert_problem(422);
    assert_eq!(
        res.sorted_error_fields(),
        ["adopted_on", "period_end", "title", "values[1]", "vison"]
    );
    let res = app
        .admin_post(
            "/v1/strategic-plans",
            &plan(json!({"status": "adopted", "adopted_on": "2999-01-01", "id": "x"})),
        )
        .await;
    res.assert_problem(422);
    assert_eq!(res.error_fields(), ["id", "adopted_on"]);
}

#[actix_web::test]
async fn adopted_plans_may_not_overlap_in_time() {
    let app = spawn_app().await;
    let adopted = json!({"status": "adopted", "adopted_on": "2020-06-15"});
    create_plan(&app, adopted.clone()).await;
    // The last day of the first plan is the first day of this one: an overlap.
    let res = app
        .admin_post(
            "/v1/strategic-plans",
            &plan(
                json!({"title": "Plan 2023-2026", "period_start": "2023-03-31",
                "period_end": "2026-03-31", "status": "adopted", "adopted_on": "2023-03-01"}),
            ),
        )
        .await;
    res.assert_problem(409);
    res.assert_detail_contains("les plans adoptés ne peuvent pas se chevaucher");
    // A draft may overlap; adopting it is then refused.
    let draft = create_plan(
        &app,
        json!({"title": "Plan 2023-2026", "period_start": "2023-03-31", "period_end": "2026-03-31"}),
    )
    .await;
    let path = format!("/v1/strategic-plans/{}", id(&draft));
    app.admin_patch(
        &path,
        &json!({"status": "adopted", "adopted_on": "2023-03-01"}),
    )
    .await
    .assert_problem(409);
    // Starting the next day is fine.
    let res = app
        .admin_patch(
            &path,
            &json!({"period_start": "2023-04-01", "status": "adopted", "adopted_on": "2023-03-01"}),
        )
        .await;
    res.assert_status(200);
    assert_eq!(res.body["version"], 2);
}

#[actix_web::test]
async fn plans_move_forward_only_and_only_drafts_can_be_deleted() {
    let app = spawn_app().await;
    let p = create_plan(&app, json!({})).await;
    let path = format!("/v1/strategic-plans/{}", id(&p));
    let adopt = json!({"status": "adopted", "adopted_on": "2020-06-15"});
    app.admin_patch(&path, &adopt).await.assert_status(200);
    let back = app
        .admin_patch(&path, &json!({"status": "draft", "adopted_on": null}))
        .await;
    back.assert_problem(409);
    app.delete(&path, &app.admin()).await.assert_problem(409);
    let closed = app.admin_patch(&path, &json!({"status": "closed"})).await;
    closed.assert_status(200);
    assert_eq!(closed.body["adopted_on"], "2020-06-15");

    let draft = create_plan(&app, json!({"title": "Brouillon"})).await;
    let path = format!("/v1/strategic-plans/{}", id(&draft));
    create_orientation(&app, id(&draft), json!({"title": "Une orientation"})).await;
    let res = app.delete(&path, &app.admin()).await;
    res.assert_problem(409);
    res.assert_detail_contains("orientations");
}

#[actix_web::test]
async fn patches_refuse_unknown_fields_and_a_null_list_of_values_is_empty() {
    let app = spawn_app().await;
    let p = create_plan(&app, json!({})).await;
    let path = format!("/v1/strategic-plans/{}", id(&p));
    let res = app.admin_patch(&path, &json!({"titel": null})).await;
    res.assert_problem(422);
    assert_eq!(res.error_fields(), ["titel"]);
    let res = app
        .admin_patch(&path, &json!({"vision": "Une vision", "values": null}))
        .await;
    res.assert_status(200);
    assert_eq!(res.body["vision"], "Une vision");
    assert_eq!(res.body["values"], json!([]));
}

#[actix_web::test]
async fn only_admins_write_while_readers_and_managers_read_and_partners_do_not() {
    let app = spawn_app().await;
    let p = create_plan(&app, json!({})).await;
    let path = format!("/v1/strategic-plans/{}", id(&p));
    let reader = app.token(Role::Reader);
    let manager = app.manager_token(&uuid::Uuid::now_v7().to_string());
    let partner = app.partner_token();
    for token in [&reader, &manager] {
        app.get(&path, token).await.assert_status(200);
        app.get("/v1/strategic-plans", token)
            .await
            .assert_status(200);
        app.post(
            "/v1/strategic-plans",
            token,
            &plan(json!({"title": "Autre"})),
        )
        .await
        .assert_problem(403);
        app.patch(&path, token, &json!({"vision": "x"}))
            .await
            .assert_problem(403);
        app.delete(&path, token).await.assert_problem(403);
    }
    app.get(&path, &partner).await.assert_problem(403);
    app.anonymous_get(&path).await.assert_problem(401);
}

#[actix_web::test]
async fn plans_are_listed_by_period_filtered_by_status_and_paged() {
    let app = spawn_app().await;
    for (title, start, end) in [
        ("C", "2026-04-01", "2029-03-31"),
        ("A", "2020-04-01", "2023-03-31"),
        ("B", "2023-04-01", "2026-03-31"),
    ] {
        create_plan(
            &app,
            json!({"title": title, "period_start": start, "period_end": end}),
        )
        .await;
    }
    let path = format!(
        "/v1/strategic-plans/{}",
        id(&app
            .get("/v1/strategic-plans?limit=1", &app.admin())
            .await
            .body["items"][0])
    );
    app.admin_patch(
        &path,
        &json!({"status": "adopted", "adopted_on": "2020-06-01"}),
    )
    .await
    .assert_status(200);
    let mut titles = Vec::new();
    let mut url = "/v1/strategic-plans?limit=2".to_owned();
    loop {
        let page = app.get(&url, &app.admin()).await;
        page.assert_status(200);
        for item in page.items() {
            titles.push(item["title"].as_str().unwrap().to_owned());
        }
        match page.body["next_cursor"].as_str() {
            Some(c) => url = format!("/v1/strategic-plans?limit=2&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(titles, ["A", "B", "C"]);
    let adopted = app
        .get("/v1/strategic-plans?status=adopted", &app.admin())
        .await;
    adopted.assert_status(200);
    assert_eq!(adopted.items().len(), 1);
    assert_eq!(adopted.body["items"][0]["title"], "A");
    app.get("/v1/strategic-plans?status=approved", &app.admin())
        .await
        .assert_problem(400);
}

#[actix_web::test]
async fn orientations_are_numbered_in_order_and_numbers_are_unique_in_a_plan() {
    let app = spawn_app().await;
    let p = create_plan(&app, json!({})).await;
    let first = create_orientation(&app, id(&p), json!({"title": "Première"})).await;
    assert_eq!(first["number"], 1);
    assert_eq!(first["plan_id"], p["id"]);
    let fourth = create_orientation(&app, id(&p), json!({"number": 4, "title": "Quatrième"})).await;
    let fifth = create_orientation(&app, id(&p), json!({"title": "Cinquième"})).await;
    assert_eq!(fifth["number"], 5);
    let dup = app
        .admin_post(
            &format!("/v1/strategic-plans/{}/orientations", id(&p)),
            &json!({"number": 4, "title": "Doublon"}),
        )
        .await;
    dup.assert_problem(409);
    let res = app
        .admin_post(
            &format!("/v1/strategic-plans/{}/orientations", id(&p)),
            &json!({"number": 0, "title": ""}),
        )
        .await;
    res.assert_problem(422);
    assert_eq!(res.error_fields(), ["number", "title"]);

    let path = format!("/v1/orientations/{}", id(&fourth));
    let moved = app.admin_patch(&path, &json!({"number": 2})).await;
    moved.assert_status(200);
    assert_eq!(moved.body["title"], "Quatrième");
    app.admin_patch(&path, &json!({"number": 5}))
        .await
        .assert_problem(409);
    let list = app
        .get(
            &format!("/v1/strategic-plans/{}/orientations", id(&p)),
            &app.token(Role::Reader),
        )
        .await;
    list.assert_status(200);
    let numbers: Vec<i64> = list
        .items()
        .iter()
        .map(|o| o["number"].as_i64().unwrap())
        .collect();
    assert_eq!(numbers, [1, 2, 5]);
    app.delete(&path, &app.admin()).await.assert_status(204);
    app.get(&path, &app.admin()).await.assert_problem(404);
    app.get(
        &format!("/v1/strategic-plans/{}/orientations", uuid::Uuid::now_v7()),
        &app.admin(),
    )
    .await
    .assert_problem(404);
}

#[actix_web::test]
async fn the_summary_of_an_adopted_plan_is_public_and_a_draft_needs_a_token() {
    let app = spawn_app().await;
    let draft = create_plan(&app, json!({})).await;
    create_orientation(&app, id(&draft), json!({"title": "Orientation"})).await;
    let path = format!("/v1/strategic-plans/{}/summary", id(&draft));
    app.anonymous_get(&path).await.assert_problem(401);
    app.get(&path, &app.partner_token())
        .await
        .assert_problem(403);
    let res = app.get(&path, &app.token(Role::Reader)).await;
    res.assert_status(200);
    assert_eq!(res.body["plan"]["id"], draft["id"]);
    assert_eq!(res.body["orientations"][0]["title"], "Orientation");
    assert_eq!(res.body["orientations"][0]["objectives"], json!([]));
    assert_eq!(res.body["counts"]["objectives"], 0);

    app.admin_patch(
        &format!("/v1/strategic-plans/{}", id(&draft)),
        &json!({"status": "adopted", "adopted_on": "2020-06-15"}),
    )
    .await
    .assert_status(200);
    let public = app.anonymous_get(&path).await;
    public.assert_status(200);
    assert_eq!(public.body["plan"]["status"], "adopted");
    app.get(&path, &app.partner_token())
        .await
        .assert_status(200);
    // A token that is sent must be valid, even where none is needed.
    app.get(&path, "not-a-token").await.assert_problem(401);
    app.request(
        "GET",
        &format!("/v1/strategic-plans/{}/summary", uuid::Uuid::now_v7()),
        None,
        &[],
        None,
    )
    .await
    .assert_problem(404);
}
