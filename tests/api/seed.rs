//! `coopsante seed` loads the 2020-2023 plan as the annual report words it, once.

use coopsante::db;
use diesel_async::{AsyncConnection, AsyncPgConnection};

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
