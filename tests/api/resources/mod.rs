//! What every resource does alike, tested once over a table that names each resource: its
//! collection, valid bodies (its parent created first), a field to patch and a nullable one.
//! A resource added to the table gets conditional requests, merge patches, history, exports
//! and paging checked without a test of its own; each failure names the resource.

mod conditional;
mod lists;
mod patches;

use futures_util::future::LocalBoxFuture;
use serde_json::{Value, json};

use crate::fixtures::agreements::{active_agreement, agreement_body};
use crate::fixtures::events::event_body;
use crate::fixtures::objectives::{create_objective, objective};
use crate::fixtures::partners::{create_partner, partner_body};
use crate::fixtures::plans::{create_orientation, create_plan, plan};
use crate::fixtures::projects::project;
use crate::fixtures::{cooperatives, id};
use crate::helpers::{Response, TestApp};

/// Where a resource's records are created and listed, and three valid, distinct bodies.
pub struct Fixture {
    pub collection: String,
    pub bodies: [Value; 3],
}

/// How to make the records of a resource.
pub enum Setup {
    /// A collection of the API's top level, and its n-th valid body.
    Top(&'static str, fn(usize) -> Value),
    /// Creates the parent of a child resource and says where and what to post.
    Child(for<'a> fn(&'a TestApp) -> LocalBoxFuture<'a, Fixture>),
}

use Setup::{Child, Top};

pub struct Resource {
    pub name: &'static str,
    pub setup: Setup,
    /// A valid merge patch of one field, which changes no other field.
    pub patch: &'static str,
    /// A field the first body sets and a `null` clears.
    pub nullable: &'static str,
    /// The `resource_type` of its history, for resources with a `…/{id}/history`.
    pub history: Option<&'static str>,
}

/// Every resource read, patched and deleted by id, and listed in a collection.
pub const RESOURCES: &[Resource] = &[
    Resource {
        name: "cooperative",
        setup: Top("/v1/cooperatives", |n| {
            cooperatives::coop(cooperatives::numbered(n))
        }),
        patch: r#"{"phone": "514 555-0100"}"#,
        nullable: "email",
        history: Some("cooperative"),
    },
    Resource {
        name: "partner",
        setup: Top("/v1/partners", |n| {
            partner_body(json!({ "name": format!("Partenaire {n}") }))
        }),
        patch: r#"{"contact_phone": "514 555-0000"}"#,
        nullable: "notes",
        history: Some("partner"),
    },
    Resource {
        name: "strategic plan",
        // Drafts may overlap in time.
        setup: Top("/v1/strategic-plans", |n| {
            plan(json!({ "title": format!("Plan {n}") }))
        }),
        patch: r#"{"vision": "Une vision"}"#,
        nullable: "mission",
        history: Some("strategic_plan"),
    },
    Resource {
        name: "orientation",
        setup: Child(|app| Box::pin(orientations_fixture(app))),
        patch: r#"{"title": "Nouveau titre"}"#,
        nullable: "description",
        history: None,
    },
    Resource {
        name: "objective",
        setup: Child(|app| Box::pin(objectives_fixture(app))),
        patch: r#"{"title": "Nouveau titre"}"#,
        nullable: "owner",
        history: None,
    },
    Resource {
        name: "measurement",
        setup: Child(|app| Box::pin(measurements_fixture(app))),
        patch: r#"{"value": 42.5}"#,
        nullable: "comment",
        history: None,
    },
    Resource {
        name: "service agreement",
        setup: Child(|app| Box::pin(agreements_fixture(app))),
        patch: r#"{"terms": "Nouvelles modalités."}"#,
        nullable: "pricing",
        history: Some("service_agreement"),
    },
    Resource {
        name: "enrolment",
        setup: Child(|app| Box::pin(enrollments_fixture(app))),
        patch: r#"{"people_covered": 250}"#,
        nullable: "ends_on",
        history: None,
    },
    Resource {
        name: "event",
        setup: Top("/v1/events", |n| {
            event_body(json!({ "title": format!("Événement {n}") }))
        }),
        patch: r#"{"description": "Faits saillants"}"#,
        nullable: "municipality",
        history: Some("event"),
    },
    Resource {
        name: "project",
        setup: Top("/v1/projects", |n| {
            project(json!({ "title": format!("Projet {n}") }))
        }),
        patch: r#"{"context": "Vieillissement de la population."}"#,
        nullable: "objective",
        history: Some("project"),
    },
    Resource {
        name: "representation",
        setup: Top("/v1/representations", |n| {
            json!({"title": format!("Mémoire {n}"), "kind": "brief",
                        "authority": "ministère des Finances", "summary": "Trois demandes."})
        }),
        patch: r#"{"consultation": "Consultations prébudgétaires"}"#,
        nullable: "summary",
        history: Some("representation"),
    },
    Resource {
        name: "board term",
        setup: Top("/v1/board-terms", |n| {
            json!({"person_name": format!("Personne {n}"), "office": "director",
                        "from": "2020-01-01", "until": "2022-12-31"})
        }),
        patch: r#"{"public": true}"#,
        nullable: "until",
        history: None,
    },
    Resource {
        name: "webhook",
        // Nothing listens there: a delivery, if any, fails unseen.
        setup: Top("/v1/webhooks", |n| {
            json!({"url": format!("http://127.0.0.1:9/hook/{n}"),
                        "events": ["board_term.*"], "description": "Tableau de bord"})
        }),
        patch: r#"{"events": ["board_term.*", "event.*"]}"#,
        nullable: "description",
        history: None,
    },
];

async fn orientations_fixture(app: &TestApp) -> Fixture {
    let plan = create_plan(app, json!({"title": "Plan des orientations"})).await;
    Fixture::of(
        format!("/v1/strategic-plans/{}/orientations", id(&plan)),
        |n| json!({"title": format!("Orientation {n}"), "description": "Pourquoi."}),
    )
}

/// An orientation of a plan of 2021 (titled `title`, unique among plans).
async fn orientation_of_2021(app: &TestApp, title: &str) -> Value {
    let plan = create_plan(
        app,
        json!({"title": title, "period_start": "2021-01-01", "period_end": "2021-12-31"}),
    )
    .await;
    create_orientation(app, id(&plan), json!({"title": "Notoriété"})).await
}

async fn objectives_fixture(app: &TestApp) -> Fixture {
    let orientation = orientation_of_2021(app, "Plan des objectifs").await;
    Fixture::of(
        format!("/v1/orientations/{}/objectives", id(&orientation)),
        |n| objective(json!({ "code": format!("1.{}", n + 1) })),
    )
}

async fn measurements_fixture(app: &TestApp) -> Fixture {
    let orientation = orientation_of_2021(app, "Plan des mesures").await;
    let objective = create_objective(app, &orientation, json!({})).await;
    Fixture::of(
        format!("/v1/objectives/{}/measurements", id(&objective)),
        |n| json!({"as_of": format!("2021-02-0{}", n + 1), "value": 10 + n, "comment": "relevé"}),
    )
}

async fn agreements_fixture(app: &TestApp) -> Fixture {
    let partner = create_partner(app, json!({})).await;
    Fixture::of("/v1/service-agreements", |n| {
        agreement_body(&partner, json!({ "title": format!("Entente {n}") }))
    })
}

async fn enrollments_fixture(app: &TestApp) -> Fixture {
    let (_, agreement) = active_agreement(app, json!({})).await;
    let coop = cooperatives::create(app, json!({"name": "Coop inscrite", "neq": null})).await;
    // One co-op, one year each: enrolments of a co-op in an agreement may not overlap.
    Fixture::of(
        format!("/v1/service-agreements/{}/enrollments", id(&agreement)),
        |n| {
            json!({"cooperative_id": coop["id"], "starts_on": format!("202{n}-05-01"),
            "ends_on": format!("202{n}-12-31"), "people_covered": 100})
        },
    )
}

impl Fixture {
    /// The fixture of `collection` whose n-th body is `body(n)`.
    fn of(collection: impl Into<String>, body: impl Fn(usize) -> Value) -> Self {
        Fixture {
            collection: collection.into(),
            bodies: [body(0), body(1), body(2)],
        }
    }
}

impl Resource {
    /// Creates the parent, if any; says where and what to post.
    pub async fn fixture(&self, app: &TestApp) -> Fixture {
        match self.setup {
            Top(collection, body) => Fixture::of(collection, body),
            Child(setup) => setup(app).await,
        }
    }

    /// The patch of [`Self::patch`], as JSON.
    pub fn patch(&self) -> Value {
        serde_json::from_str(self.patch).expect("the patch of the table is JSON")
    }

    /// Creates the record of `body` in `collection` as admin; returns its path and the answer.
    pub async fn create(
        &self,
        app: &TestApp,
        collection: &str,
        body: &Value,
    ) -> (String, Response) {
        let res = app.admin_post(collection, body).await;
        assert_eq!(
            res.status, 201,
            "{}: creating {body}: {}",
            self.name, res.text
        );
        let path = res
            .header("location")
            .unwrap_or_else(|| panic!("{}: a Location", self.name))
            .to_owned();
        (path, res)
    }

    /// Creates the parent and the first record; returns its path and its read.
    pub async fn first(&self, app: &TestApp) -> (String, Response) {
        let fixture = self.fixture(app).await;
        let (path, _) = self
            .create(app, &fixture.collection, &fixture.bodies[0])
            .await;
        let read = app.get(&path, &app.admin()).await;
        assert_eq!(
            read.status, 200,
            "{}: reading {path}: {}",
            self.name, read.text
        );
        (path, read)
    }
}
