//! `GET /v1/reports/annual`: the year's records, and only them, as JSON and as French HTML.

use coopsante::auth::Role;
use diesel_async::{AsyncConnection, AsyncPgConnection};
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};

const PATH: &str = "/v1/reports/annual?fiscal_year=2019-2020";

async fn coop(app: &TestApp, name: &str, membership: Value) -> String {
    let mut body = json!({"name": name, "neq": null});
    body.as_object_mut()
        .unwrap()
        .extend(membership.as_object().unwrap().clone());
    let created = crate::fixtures::cooperatives::create(app, body).await;
    created["id"].as_str().unwrap().to_owned()
}

#[actix_web::test]
async fn admins_and_readers_read_the_report_others_are_refused() {
    let app = spawn_app().await;
    let res = app.anonymous_get(PATH).await;
    res.assert_problem(401);
    for token in [app.admin(), app.token(Role::Reader)] {
        let res = app.get(PATH, &token).await;
        res.assert_status(200);
        assert_eq!(res.body["fiscal_year"], "2019-2020");
        assert_eq!(res.body["starts_on"], "2019-04-01");
        assert_eq!(res.body["ends_on"], "2020-03-31");
    }
    let someone = uuid::Uuid::now_v7().to_string();
    for token in [app.manager_token(&someone), app.partner_token()] {
        app.get(PATH, &token).await.assert_problem(403);
    }
}

#[actix_web::test]
async fn a_malformed_fiscal_year_is_a_400_naming_it() {
    let app = spawn_app().await;
    let admin = app.admin();
    for raw in [
        "2019",
        "2019-2021",
        "0000-0001",
        "",
        "%00",
        "2019-2020%00",
        "2020-2019",
    ] {
        let res = app
            .get(&format!("/v1/reports/annual?fiscal_year={raw}"), &admin)
            .await;
        res.assert_problem(400);
        assert_eq!(res.error_fields(), ["fiscal_year"], "{raw:?}");
    }
    let res = app.get("/v1/reports/annual", &admin).await;
    res.assert_problem(400);
    assert_eq!(res.error_fields(), ["fiscal_year"]);
    let res = app.get(&format!("{PATH}&format=pdf"), &admin).await;
    res.assert_problem(400);
    assert_eq!(res.error_fields(), ["format"]);
}

#[actix_web::test]
async fn the_report_states_the_recorded_figures_of_the_year() {
    let app = spawn_app().await;
    let admin = app.admin();
    let before = coop(
        &app,
        "Coop Avant",
        json!({"federation_status": "member", "member_since": "2018-06-01"}),
    )
    .await;
    coop(
        &app,
        "Coop Arrivée",
        json!({"federation_status": "member", "member_since": "2019-10-15"}),
    )
    .await;
    coop(&app, "Coop Partie", json!({"federation_status": "former", "member_since": "2018-01-01", "left_on": "2020-01-31"})).await;
    coop(
        &app,
        "Coop Plus Tard",
        json!({"federation_status": "member", "member_since": "2020-04-01"}),
    )
    .await;
    let count = json!({"as_of": "2020-01-01", "users": 1000, "workers": 10, "supporting": 5, "source": "agm"});
    app.post(
        &format!("/v1/cooperatives/{before}/membership-counts"),
        &admin,
        &count,
    )
    .await
    .assert_status(201);
    let event = app
        .post(
            "/v1/events",
            &admin,
            &json!({"title": "AGA", "kind": "agm", "starts_on": "2019-06-10"}),
        )
        .await;
    event.assert_status(201);
    let id = event.body["id"].as_str().unwrap();
    app.post(
        &format!("/v1/events/{id}/participations"),
        &admin,
        &json!({"cooperative_id": before, "representatives": 3}),
    )
    .await
    .assert_status(201);
    app.post(
        "/v1/events",
        &admin,
        &json!({"title": "Webinaire", "kind": "webinar", "starts_on": "2020-02-01"}),
    )
    .await
    .assert_status(201);
    app.post(
        "/v1/events",
        &admin,
        &json!({"title": "Hors exercice", "kind": "other", "starts_on": "2020-04-01"}),
    )
    .await
    .assert_status(201);

    let res = app.get(PATH, &admin).await;
    res.assert_status(200);
    let m = &res.body["membership"];
    assert_eq!(
        (m["members_at_start"].clone(), m["members_at_end"].clone()),
        (json!(2), json!(2))
    );
    let names = |list: &Value| -> Vec<(String, String)> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["name"].as_str().unwrap().to_owned(),
                    c["on"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    assert_eq!(
        names(&m["joined"]),
        [("Coop Arrivée".to_owned(), "2019-10-15".to_owned())]
    );
    assert_eq!(
        names(&m["left"]),
        [("Coop Partie".to_owned(), "2020-01-31".to_owned())]
    );
    assert_eq!(
        m["at_year_end"],
        json!({"member_cooperatives": 2, "cooperatives_with_count": 1, "cooperatives_without_count": 1,
               "total_members": 1015, "users": 1000, "workers": 10, "supporting": 5,
               "oldest_count_as_of": "2020-01-01"})
    );
    assert_eq!(
        m["completeness"],
        json!({"cooperatives_without_count": 1, "cooperatives_without_count_in_year": 1})
    );
    let events: Vec<(&str, &str, Value, Value)> = res.body["events"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let a = &e["attendance"];
            (
                e["title"].as_str().unwrap(),
                a["source"].as_str().unwrap(),
                a["representatives"].clone(),
                a["cooperatives"].clone(),
            )
        })
        .collect();
    assert_eq!(
        events,
        [
            ("AGA", "participations", json!(3), json!(1)),
            ("Webinaire", "unknown", Value::Null, Value::Null)
        ]
    );
    assert_eq!(
        res.body["events"]["completeness"],
        json!({"events": 2, "from_participations": 1, "from_reported_totals": 0, "approximate": 0, "without_attendance": 1})
    );
    assert_eq!(res.body["projects"]["items"], json!([]));
    assert_eq!(res.body["representations"]["items"], json!([]));
    assert_eq!(res.body["board"]["members"], json!([]));
    assert_eq!(res.body["plans"]["items"], json!([]));
}

#[actix_web::test]
async fn the_html_page_is_french_and_escapes_what_it_shows() {
    let app = spawn_app().await;
    let admin = app.admin();
    coop(
        &app,
        "<script>alert(1)</script>",
        json!({"federation_status": "member", "member_since": "2019-05-01"}),
    )
    .await;
    for (path, headers) in [
        (format!("{PATH}&format=html"), vec![]),
        (
            PATH.to_owned(),
            vec![("Accept", "text/html,application/xhtml+xml")],
        ),
    ] {
        let res = app
            .request("GET", &path, Some(&admin), &headers, None)
            .await;
        res.assert_status(200);
        assert_eq!(res.header("content-type"), Some("text/html; charset=utf-8"));
        assert!(
            res.text.contains("<h1>Rapport annuel 2019-2020</h1>"),
            "{}",
            res.text
        );
        for heading in [
            "<h2>Membership</h2>",
            "<h2>Événements</h2>",
            "<h2>Projets</h2>",
            "<h2>Conseil d’administration</h2>",
        ] {
            assert!(res.text.contains(heading), "{heading}");
        }
        assert!(
            res.text
                .contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;"),
            "{}",
            res.text
        );
        assert!(
            !res.text.contains("<script>"),
            "nothing recorded reaches the page unescaped"
        );
    }
}

#[actix_web::test]
async fn the_2019_2020_report_from_the_seed_states_the_documents_figures_and_nothing_more() {
    let app = spawn_app().await;
    let mut conn = <AsyncPgConnection as AsyncConnection>::establish(app.database_url())
        .await
        .unwrap();
    coopsante::seed::run(&mut conn).await.unwrap();
    let res = app.get(PATH, &app.token(Role::Reader)).await;
    res.assert_status(200);
    let r = &res.body;
    // The documents name no member co-op: the register is empty, and says so.
    assert_eq!(r["membership"]["members_at_start"], 0);
    assert_eq!(r["membership"]["members_at_end"], 0);
    assert_eq!(r["membership"]["joined"], json!([]));
    assert_eq!(r["membership"]["left"], json!([]));
    let events: Vec<(String, String, Value, Value, Value, usize)> = r["events"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let a = &e["attendance"];
            (
                e["starts_on"].as_str().unwrap().to_owned(),
                a["source"].as_str().unwrap().to_owned(),
                a["representatives"].clone(),
                a["cooperatives"].clone(),
                a["approximate"].clone(),
                e["presentations"].as_array().unwrap().len(),
            )
        })
        .collect();
    assert_eq!(
        events,
        [
            (
                "2019-09-19".into(),
                "reported".into(),
                json!(17),
                json!(12),
                json!(false),
                4
            ),
            (
                "2020-01-09".into(),
                "reported".into(),
                json!(4),
                Value::Null,
                json!(false),
                0
            ),
            (
                "2020-03-04".into(),
                "approximate".into(),
                json!(15),
                Value::Null,
                json!(true),
                8
            ),
        ]
    );
    let partners_at = |i: usize| -> Vec<String> {
        r["events"]["items"][i]["presentations"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|p| p["partner_name"].as_str().map(str::to_owned))
            .collect()
    };
    assert_eq!(
        partners_at(0),
        ["SAGE, assurances et rentes collectives", "Akira"]
    );
    assert_eq!(
        partners_at(2),
        [
            "SAGE, assurances et rentes collectives",
            "SOS Cuisine",
            "Akira"
        ]
    );
    let projects: Vec<(String, Vec<String>, Value)> = r["projects"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let funders = p["funders"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["name"].as_str().unwrap().to_owned())
                .collect();
            (
                p["title"].as_str().unwrap().to_owned(),
                funders,
                p["status_at_year_end"].clone(),
            )
        })
        .collect();
    assert_eq!(projects.len(), 6, "{projects:?}");
    let both = [
        "Conseil québécois de la coopération et de la mutualité (CQCM)",
        "Ministère de l'Économie et de l'Innovation (MEI)",
    ];
    for (title, funders, status) in &projects {
        assert_eq!(
            *status,
            Value::Null,
            "{title}: the documents date no status"
        );
        if title.starts_with("Élaboration de la planification stratégique") {
            assert!(funders.is_empty(), "{title}");
        } else {
            assert_eq!(funders, &both, "{title}");
        }
    }
    assert_eq!(
        (
            r["projects"]["started"].clone(),
            r["projects"]["completed"].clone()
        ),
        (json!(0), json!(0))
    );
    assert_eq!(r["projects"]["completeness"]["without_dates"], 6);
    assert_eq!(r["projects"]["completeness"]["funders_without_amount"], 10);
    let briefs: Vec<(String, usize, bool)> = r["representations"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["authority"].as_str().unwrap().to_owned(),
                b["requests"].as_array().unwrap().len(),
                b["dated"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        briefs,
        [
            ("ministère des Finances".to_owned(), 2, false),
            (
                "ministère de l’Économie et de l’Innovation".to_owned(),
                4,
                false
            ),
        ]
    );
    assert_eq!(
        r["representations"]["items"][0]["requests"][0]["text"],
        "Mise sur pied d’un crédit d’impôt remboursable pour la contribution annuelle des membres des coopératives de santé."
    );
    let board: Vec<(&str, &str)> = r["board"]["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            (
                b["office"].as_str().unwrap(),
                b["person_name"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        board,
        [
            ("president", "Chantal Dubuc"),
            ("vice_president", "Nancie Allaire"),
            ("treasurer", "Nathalie Fréchette"),
            ("secretary", "Gabriel Sansoucy"),
            ("director", "Josée Ouellet"),
        ]
    );
    assert_eq!(r["board"]["completeness"]["without_dates"], 5);
    // No agreement and no plan is dated in the year by the documents.
    assert_eq!(r["agreements"]["items"], json!([]));
    assert_eq!(r["plans"]["items"], json!([]));
}
