//! Below the API: the seeded partners and agreements, and the overlap rule as the database
//! itself enforces it.

use diesel_async::AsyncConnection;

use crate::helpers::test_db;

#[actix_web::test]
async fn seeding_adds_the_partners_and_agreements_of_the_seeds_once() {
    let db = test_db().await;
    let mut conn = diesel_async::AsyncPgConnection::establish(&db.url)
        .await
        .unwrap();
    let first = coopsante::seed::run(&mut conn).await.unwrap();
    let (_, report) = first.iter().find(|(part, _)| *part == "partners").unwrap();
    // Eight partners (two of them the funders CQCM and MEI) and four agreements.
    assert_eq!((report.created, report.unchanged), (12, 0));
    let second = coopsante::seed::run(&mut conn).await.unwrap();
    let (_, report) = second.iter().find(|(part, _)| *part == "partners").unwrap();
    assert_eq!((report.created, report.unchanged), (0, 12));
}

#[derive(diesel::QueryableByName)]
struct Constraint {
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
}

/// The overlap rule holds even for writes that bypass the API.
#[actix_web::test]
async fn the_database_itself_refuses_overlapping_enrolments() {
    use diesel_async::RunQueryDsl;
    let db = test_db().await;
    let mut conn = diesel_async::AsyncPgConnection::establish(&db.url)
        .await
        .unwrap();
    let setup = [
        "SET coopsante.actor = 'sql'",
        "INSERT INTO cooperatives (id, name, legal_form, municipality, province, region, federation_status, member_since)
         VALUES ('00000000-0000-7000-8000-000000000001', 'Coop', 'solidarity', 'Montréal', 'QC', '06', 'member', '2018-06-12')",
        "INSERT INTO partners (id, name, kind) VALUES ('00000000-0000-7000-8000-000000000002', 'Akira', 'telemedicine')",
        "INSERT INTO service_agreements (id, partner_id, title, category, beneficiaries, status)
         VALUES ('00000000-0000-7000-8000-000000000003', '00000000-0000-7000-8000-000000000002', 'Télémédecine', 'telemedicine', 'members', 'active')",
        "INSERT INTO enrollments (id, agreement_id, cooperative_id, starts_on, ends_on)
         VALUES ('00000000-0000-7000-8000-000000000004', '00000000-0000-7000-8000-000000000003', '00000000-0000-7000-8000-000000000001', '2020-01-01', '2020-12-31')",
    ];
    for sql in setup {
        diesel::sql_query(sql).execute(&mut conn).await.unwrap();
    }
    let overlapping = diesel::sql_query(
        "INSERT INTO enrollments (id, agreement_id, cooperative_id, starts_on)
         VALUES ('00000000-0000-7000-8000-000000000005', '00000000-0000-7000-8000-000000000003', '00000000-0000-7000-8000-000000000001', '2020-12-31')",
    )
    .execute(&mut conn)
    .await;
    match overlapping {
        Err(diesel::result::Error::DatabaseError(kind, info)) => {
            assert!(matches!(
                kind,
                diesel::result::DatabaseErrorKind::ExclusionViolation
            ));
            assert_eq!(info.constraint_name(), Some("enrollments_no_overlap"));
        }
        other => panic!("expected an exclusion violation, got {other:?}"),
    }
    let names: Vec<Constraint> = diesel::sql_query(
        "SELECT conname AS name FROM pg_constraint WHERE conrelid = 'enrollments'::regclass AND contype = 'x'",
    )
    .load(&mut conn)
    .await
    .unwrap();
    assert_eq!(names.len(), 1);
    assert_eq!(names[0].name, "enrollments_no_overlap");
}
