//! Statistics of small groups: partners and co-op managers do not see the figures of a group
//! of fewer than 3 co-ops, nor of the smallest others that would give them away.

use coopsante::auth::Role;
use serde_json::{Value, json};

use crate::fixtures::cooperatives::create;
use crate::helpers::TestApp;
use crate::helpers::spawn_app;

/// Member co-ops of a region, each with 100 users counted at the end of 2019.
async fn members(app: &TestApp, region: &str, postal_code: &str, how_many: usize) -> Value {
    let mut last = Value::Null;
    for _ in 0..how_many {
        last = create(
            app,
            json!({"neq": null, "region": region, "postal_code": postal_code}),
        )
        .await;
        app.admin_post(
            &format!(
                "/v1/cooperatives/{}/membership-counts",
                last["id"].as_str().unwrap()
            ),
            &json!({"as_of": "2019-12-31", "users": 100, "source": "agm"}),
        )
        .await
        .assert_status(201);
    }
    last
}

fn group<'a>(stats: &'a Value, key: &str) -> &'a Value {
    stats["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["key"] == key)
        .unwrap_or_else(|| panic!("no group {key} in {stats}"))
}

#[actix_web::test]
async fn small_regions_are_suppressed_for_partners_and_managers_only() {
    let app = spawn_app().await;
    members(&app, "06", "H2L 2H5", 4).await; // Montréal: 4 co-ops
    let manager_coop = members(&app, "03", "G1R 4P5", 3).await; // Capitale-Nationale: 3
    members(&app, "09", "G4Z 1A1", 1).await; // Côte-Nord: 1
    let path = "/v1/stats/membership?as_of=2020-06-30&group_by=region";

    for token in [app.admin(), app.token(Role::Reader)] {
        let stats = app.get(path, &token).await;
        stats.assert_status(200);
        for (key, users) in [("06", 400), ("03", 300), ("09", 100)] {
            assert_eq!(group(&stats.body, key)["suppressed"], false);
            assert_eq!(group(&stats.body, key)["users"], users);
        }
    }

    let manager = app.manager_token(manager_coop["id"].as_str().unwrap());
    for token in [app.partner_token(), manager] {
        let stats = app.get(path, &token).await;
        stats.assert_status(200);
        assert_eq!(stats.body["users"], 800, "the total stays");
        let montreal = group(&stats.body, "06");
        assert_eq!(montreal["suppressed"], false);
        assert_eq!(montreal["users"], 400);
        // Côte-Nord alone would show one co-op; with it hidden, Capitale-Nationale too, or
        // the total minus Montréal would give Côte-Nord back.
        for key in ["09", "03"] {
            let hidden = group(&stats.body, key);
            assert_eq!(hidden["suppressed"], true, "{hidden}");
            assert_eq!(
                hidden.as_object().unwrap().len(),
                2,
                "only key and suppressed: {hidden}"
            );
        }
    }

    let series = app
        .get(
            "/v1/stats/membership/series?from=2019-01-01&to=2020-12-31&interval=year&group_by=region",
            &app.partner_token(),
        )
        .await;
    series.assert_status(200);
    for point in series.body["points"].as_array().unwrap() {
        let hidden = group(point, "09");
        assert_eq!(hidden["suppressed"], true);
        assert!(
            hidden.get("users").is_none() && hidden["change"].is_null(),
            "{hidden}"
        );
        assert_eq!(group(point, "06")["suppressed"], false);
    }
}
