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
    let titles: Vec<(i32, String)> =
        db::plans::list_orientations(&db::list::ListConn::plain(&conn), plan.id, None, 100)
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
    let mut conn = app.connection().await;
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
    let items = events.items();
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
    assert_eq!(talks.items().len(), 8);
    let members_day = format!(
        "/v1/events/{}/presentations",
        items[0]["id"].as_str().unwrap()
    );
    let members_day = app.get(&members_day, &admin).await;
    members_day.assert_status(200);
    assert_eq!(members_day.items().len(), 4);

    let projects = app.get("/v1/projects", &admin).await;
    projects.assert_status(200);
    let projects = projects.items().clone();
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
        funders.assert_status(200);
        let funders = funders.items().clone();
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
    reps.assert_status(200);
    let reps = reps.items().clone();
    let mut counts = Vec::new();
    for r in &reps {
        assert!(r["filed_on"].is_null() && r["held_on"].is_null());
        let requests = app
            .get(
                &format!("/v1/representations/{}/requests", r["id"].as_str().unwrap()),
                &admin,
            )
            .await;
        requests.assert_status(200);
        counts.push(requests.items().len());
    }
    assert_eq!(counts, [2, 4]);

    let board = app.get("/v1/board-terms?on=2020-03-31", &admin).await;
    board.assert_status(200);
    let offices: Vec<(&str, &str)> = board
        .items()
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

/// Runs the real binary's `seed` with `args` against the test's database.
fn seed_command(app: &crate::helpers::TestApp, args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_coopsante"))
        .arg("seed")
        .args(args)
        .env("DATABASE_URL", app.database_url())
        .env("RUST_LOG", "info")
        .output()
        .expect("the binary runs");
    let log = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "seed {args:?}: {log}");
    log
}

/// Every table but the change log and its clock (which rightly record the demo's coming and
/// going).
async fn tables(app: &crate::helpers::TestApp) -> Vec<(String, String)> {
    let mut conn = app.connection().await;
    crate::corpus::dump(&mut conn)
        .await
        .into_iter()
        .filter(|(table, _)| !table.starts_with("change"))
        .collect()
}

#[actix_web::test]
async fn the_demo_is_invented_flagged_useful_and_removable_without_touching_real_data() {
    let app = crate::helpers::spawn_app().await;
    let token = app.admin();
    seed_command(&app, &[]);
    // A real co-op with a count, entered before the demo.
    let real = app
        .post(
            "/v1/cooperatives",
            &token,
            &crate::fixtures::cooperatives::coop(json!({})),
        )
        .await;
    assert_eq!(real.status, 201, "{}", real.text);
    let real_id = real.body["id"].as_str().unwrap().to_owned();
    let count = app
        .post(
            &format!("/v1/cooperatives/{real_id}/membership-counts"),
            &token,
            &json!({"as_of": "2021-03-31", "users": 900, "workers": 10, "supporting": 5, "source": "agm"}),
        )
        .await;
    assert_eq!(count.status, 201, "{}", count.text);
    let before = tables(&app).await;

    let log = seed_command(&app, &["--demo"]);
    assert!(log.contains("40 invented co-ops"), "{log}");
    let again = seed_command(&app, &["--demo"]);
    assert!(again.contains("already present"), "{again}");

    // Flagged wherever it shows, and named as examples.
    let list = app.get("/v1/cooperatives?limit=500", &token).await;
    assert_eq!(list.status, 200, "{}", list.text);
    let items = list.items();
    assert_eq!(items.len(), 41);
    let demo: Vec<&Value> = items.iter().filter(|c| c["demo"] == true).collect();
    assert_eq!(demo.len(), 40);
    assert!(
        demo.iter()
            .all(|c| c["name"].as_str().unwrap().ends_with("(exemple)"))
    );
    let regions: std::collections::BTreeSet<&str> =
        demo.iter().filter_map(|c| c["region"].as_str()).collect();
    assert_eq!(regions.len(), 17, "every region of Québec: {regions:?}");
    let mine = items.iter().find(|c| c["id"] == real_id.as_str()).unwrap();
    assert_eq!(mine["demo"], false);
    let directory = app
        .request(
            "GET",
            "/v1/directory/cooperatives?limit=500",
            None,
            &[],
            None,
        )
        .await;
    assert_eq!(directory.status, 200, "{}", directory.text);
    let shown = directory.items();
    assert!(
        shown.iter().any(|c| c["demo"] == true),
        "{}",
        directory.text
    );

    // Something to show: ten years of counts, statistics, enrolments in active agreements.
    let first = demo[0]["id"].as_str().unwrap();
    let counts = app
        .get(
            &format!("/v1/cooperatives/{first}/membership-counts?limit=100"),
            &token,
        )
        .await;
    assert_eq!(counts.status, 200, "{}", counts.text);
    assert!(counts.items().len() >= 8, "{}", counts.text);
    let stats = app
        .get("/v1/stats/membership?group_by=region", &token)
        .await;
    assert_eq!(stats.status, 200, "{}", stats.text);
    // 36 demo members (4 have left) and the real one: 37 members, each with a count.
    assert_eq!(stats.body["member_cooperatives"], 37, "{}", stats.text);
    assert_eq!(
        stats.body["cooperatives_without_count"], 0,
        "{}",
        stats.text
    );
    assert!(
        stats.body["total_members"].as_i64().unwrap() > 10_000,
        "{}",
        stats.text
    );
    assert_eq!(
        stats.body["groups"].as_array().unwrap().len(),
        17,
        "{}",
        stats.text
    );
    let agreements = app.get("/v1/service-agreements?limit=100", &token).await;
    assert_eq!(agreements.status, 200, "{}", agreements.text);
    let active_demo: Vec<&Value> = agreements
        .items()
        .iter()
        .filter(|a| a["demo"] == true && a["status"] == "active")
        .collect();
    assert_eq!(active_demo.len(), 2, "{}", agreements.text);
    let enrolled = app
        .get(
            &format!(
                "/v1/service-agreements/{}/enrollments?limit=100",
                active_demo[0]["id"].as_str().unwrap()
            ),
            &token,
        )
        .await;
    assert_eq!(enrolled.status, 200, "{}", enrolled.text);
    assert!(!enrolled.items().is_empty());

    // A client cannot pass its own data off as demo, nor the other way round.
    let forged = app
        .post(
            "/v1/cooperatives",
            &token,
            &crate::fixtures::cooperatives::coop(json!({"neq": "1170000002", "demo": true})),
        )
        .await;
    assert_eq!(forged.status, 422, "{}", forged.text);
    assert_eq!(forged.body["errors"][0]["field"], "demo");
    assert_eq!(forged.body["errors"][0]["code"], "read_only");

    let removed = seed_command(&app, &["--remove-demo"]);
    assert!(removed.contains("40 co-ops"), "{removed}");
    assert_eq!(tables(&app).await, before, "removal touched something else");
    let list = app.get("/v1/cooperatives?limit=500", &token).await;
    assert_eq!(list.status, 200);
    assert_eq!(list.items().len(), 1);
}
