//! `coopsante seed` loads the 2020-2023 plan as the annual report words it, once.

use coopsante::db;
use diesel_async::{AsyncConnection, AsyncPgConnection};
use serde_json::{Value, json};

use crate::helpers::test_db;

#[actix_web::test]
async fn seeding_loads_the_2020_2023_plan_and_its_four_orientations_once() {
    let database = test_db().await;
    let mut conn = AsyncPgConnection::establish(&database.url).await.unwrap();
    let first = coopsante::seed::run(&mut conn).await.unwrap();
    let (part, report) = &first[0];
    assert_eq!(*part, "plans");
    assert_eq!((report.created, report.unchanged), (5, 0));
    let second = coopsante::seed::run(&mut conn).await.unwrap();
    assert_eq!((second[0].1.created, second[0].1.unchanged), (0, 5));

    let plan = db::plans::find_plan_by_title(&mut conn, "Planification stratégique 2020-2023")
        .await
        .unwrap()
        .expect("the plan is loaded");
    assert!(plan.mission.as_deref().unwrap().starts_with(
        "La mission de la FQCS est de promouvoir, défendre et protéger les intérêts de l’ensemble"
    ));
    assert!(
        plan.core_values.is_empty(),
        "the report does not state the values"
    );
    assert_eq!(plan.vision, None, "the report does not state the vision");
    let titles: Vec<(i32, String)> = db::plans::list_orientations(&mut conn, plan.id, None, 100)
        .await
        .unwrap()
        .into_iter()
        .map(|o| (o.number, o.title))
        .collect();
    assert_eq!(
        titles,
        [
            (1, "Augmenter la notoriété des coopératives de santé et accroître l’attrait du modèle coopératif en santé".to_owned()),
            (2, "Poursuivre le développement du membership".to_owned()),
            (3, "Mettre en place les conditions qui permettront d’augmenter les revenus autonomes de la FQCS".to_owned()),
            (4, "Développer l’innovation à la FQCS pour les coopératives de santé membres".to_owned()),
        ]
    );
    let objectives = db::objectives::objectives_of_plan(&mut conn, plan.id)
        .await
        .unwrap();
    assert!(
        objectives.is_empty(),
        "the report does not list the objectives"
    );
}

#[actix_web::test]
async fn seeding_loads_the_year_as_the_documents_state_it_and_nothing_more() {
    let app = crate::helpers::spawn_app().await;
    let mut conn = AsyncPgConnection::establish(app.database_url())
        .await
        .unwrap();
    let first = coopsante::seed::run(&mut conn).await.unwrap();
    let year = &first.iter().find(|(part, _)| *part == "year").unwrap().1;
    assert_eq!(year.unchanged, 0);
    let second = coopsante::seed::run(&mut conn).await.unwrap();
    let again = &second.iter().find(|(part, _)| *part == "year").unwrap().1;
    assert_eq!(again.created, 0, "a second run changes nothing");

    let admin = app.admin();
    let events = app
        .get("/v1/events?from=2019-04-01&to=2020-03-31", &admin)
        .await;
    events.assert_status(200);
    let items = events.body["items"].as_array().unwrap();
    let summary: Vec<(&str, &str, Value, Value, bool)> = items
        .iter()
        .map(|e| {
            (
                e["starts_on"].as_str().unwrap(),
                e["attendance_source"].as_str().unwrap(),
                e["attendance_representatives"].clone(),
                e["attendance_cooperatives"].clone(),
                e["attendance_approximate"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("2019-09-19", "reported", json!(17), json!(12), false),
            ("2020-01-09", "reported", json!(4), Value::Null, false),
            ("2020-03-04", "approximate", json!(15), Value::Null, true),
        ]
    );
    let national = format!(
        "/v1/events/{}/presentations",
        items[2]["id"].as_str().unwrap()
    );
    let talks = app.get(&national, &admin).await;
    talks.assert_status(200);
    assert_eq!(talks.body["items"].as_array().unwrap().len(), 8);
    let members_day = format!(
        "/v1/events/{}/presentations",
        items[0]["id"].as_str().unwrap()
    );
    assert_eq!(
        app.get(&members_day, &admin).await.body["items"]
            .as_array()
            .unwrap()
            .len(),
        4
    );

    let projects = app.get("/v1/projects", &admin).await;
    let projects = projects.body["items"].as_array().unwrap().clone();
    assert_eq!(projects.len(), 6);
    assert!(
        projects
            .iter()
            .all(|p| p["started_on"].is_null() && p["completed_on"].is_null()),
        "the report gives no dates"
    );
    let mut funded = 0;
    for p in &projects {
        let funders = app
            .get(
                &format!("/v1/projects/{}/funders", p["id"].as_str().unwrap()),
                &admin,
            )
            .await;
        let funders = funders.body["items"].as_array().unwrap().clone();
        assert!(
            funders.iter().all(|f| f["amount"].is_null()),
            "the report gives no amounts"
        );
        funded += usize::from(funders.len() == 2);
    }
    assert_eq!(
        funded, 5,
        "the CQCM and the MEI fund the five projects the director names"
    );

    let reps = app.get("/v1/representations", &admin).await;
    let reps = reps.body["items"].as_array().unwrap().clone();
    let mut counts = Vec::new();
    for r in &reps {
        assert!(r["filed_on"].is_null() && r["held_on"].is_null());
        let requests = app
            .get(
                &format!("/v1/representations/{}/requests", r["id"].as_str().unwrap()),
                &admin,
            )
            .await;
        counts.push(requests.body["items"].as_array().unwrap().len());
    }
    assert_eq!(counts, [2, 4]);

    let board = app.get("/v1/board-terms?on=2020-03-31", &admin).await;
    let offices: Vec<(&str, &str)> = board.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["person_name"].as_str().unwrap(),
                t["office"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        offices,
        [
            ("Chantal Dubuc", "president"),
            ("Nancie Allaire", "vice_president"),
            ("Nathalie Fréchette", "treasurer"),
            ("Gabriel Sansoucy", "secretary"),
            ("Josée Ouellet", "director"),
        ]
    );
}
