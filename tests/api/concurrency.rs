//! Concurrent editors: `If-Match` lets exactly one of them win, and nothing is lost.

use serde_json::json;

use crate::fixtures::{cooperatives, id};
use crate::helpers::spawn_app;

#[actix_web::test]
async fn twenty_concurrent_patches_with_the_same_if_match_one_wins_the_rest_get_412() {
    let app = spawn_app().await;
    let coop = cooperatives::create(&app, json!({})).await;
    let path = format!("/v1/cooperatives/{}", id(&coop));
    let token = app.admin();
    let patches = (0..20).map(|n| {
        let body = json!({"phone": format!("514 555-01{n:02}")});
        let (app, path, token) = (&app, &path, &token);
        async move { (n, app.patch_if_match(path, token, "\"1\"", &body).await) }
    });
    let results = futures_util::future::join_all(patches).await;
    let winners: Vec<_> = results
        .iter()
        .filter(|(_, r)| r.status.as_u16() == 200)
        .collect();
    assert_eq!(winners.len(), 1, "exactly one editor wins");
    for (_, res) in results.iter().filter(|(_, r)| r.status.as_u16() != 200) {
        res.assert_problem(412);
    }
    let (n, won) = winners[0];
    let stored = app.get(&path, &token).await;
    stored.assert_status(200);
    assert_eq!(stored.body["version"], 2, "one update, no other");
    assert_eq!(stored.body["phone"], format!("514 555-01{n:02}"));
    assert_eq!(stored.body, won.body);
    let history = app.get(&format!("{path}/history"), &token).await;
    history.assert_status(200);
    assert_eq!(history.items().len(), 2, "created, then one update");
}
