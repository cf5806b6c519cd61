//! With a read database (`COOPSANTE_READ_DATABASE_URL`, a streaming replica in production),
//! the reads that tolerate a little lag go there, and everything else to the primary.

use serde_json::json;

use crate::fixtures::cooperatives::create;
use crate::helpers::{Options, spawn_app, spawn_app_with};

#[actix_web::test]
async fn the_directory_and_the_statistics_read_the_replica_and_the_rest_the_primary() {
    // The replica's stand-in: another database, holding a member co-op the primary lacks.
    let replica = spawn_app().await;
    create(&replica, json!({"name": "Sur la réplique", "neq": null})).await;
    let app = spawn_app_with(Options {
        read_database_url: Some(replica.database_url().to_owned()),
        ..Options::default()
    })
    .await;
    let admin = app.admin();

    let directory = app.anonymous_get("/v1/directory/cooperatives").await;
    directory.assert_status(200);
    assert_eq!(directory.texts("name"), ["Sur la réplique"]);
    let stats = app.get("/v1/stats/membership", &admin).await;
    stats.assert_status(200);
    assert_eq!(stats.body["member_cooperatives"], 1, "{}", stats.text);

    // The register itself, and every write, are the primary's.
    let register = app.get("/v1/cooperatives", &admin).await;
    register.assert_status(200);
    assert!(register.items().is_empty(), "{}", register.text);
    create(&app, json!({"name": "Sur le primaire", "neq": null})).await;
    let register = app.get("/v1/cooperatives", &admin).await;
    assert_eq!(register.texts("name"), ["Sur le primaire"]);
    let directory = app.anonymous_get("/v1/directory/cooperatives").await;
    assert_eq!(directory.texts("name"), ["Sur la réplique"]);
}
