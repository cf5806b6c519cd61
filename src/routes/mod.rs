//! HTTP handlers, one module per resource. Handlers stay thin: extract, authorise, parse
//! into domain types, call `db`, map to a view.

pub mod accept;
pub mod agreements;
pub mod api_clients;
pub mod audit;
pub mod board;
pub mod body;
pub mod changes;
pub mod conditional;
pub mod cooperatives;
pub mod crud;
pub mod csv_cells;
pub mod directory;
pub mod discovery;
pub mod enrollments;
pub mod events;
pub mod export;
pub mod health;
pub mod json_dates;
pub mod list_docs;
pub mod membership;
pub mod pagination;
pub mod partners;
pub mod plan;
pub mod projects;
pub mod query;
pub mod reports;
pub mod representations;
pub mod resource;
pub mod responses;
pub mod stats;
pub mod token;
pub mod webhooks;

use utoipa_actix_web::scope;
use utoipa_actix_web::service_config::ServiceConfig;

/// Every documented route. The same function builds the served app and the OpenAPI
/// document, so the two cannot drift apart.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.configure(health::configure)
        .configure(discovery::configure)
        .service(
            scope::scope("/v1")
                .configure(cooperatives::configure)
                .configure(membership::configure)
                .configure(stats::configure)
                .configure(directory::configure)
                .configure(plan::configure)
                .configure(partners::configure)
                .configure(agreements::configure)
                .configure(enrollments::configure)
                .configure(events::configure)
                .configure(projects::configure)
                .configure(representations::configure)
                .configure(board::configure)
                .configure(reports::configure)
                .configure(api_clients::configure)
                .configure(audit::configure)
                .configure(changes::configure)
                .configure(webhooks::configure)
                .configure(token::configure),
        );
}

/// The schemas of every list's page (`{"items", "next_cursor"}`) and item, for the spec's
/// components: [`crud::ListResponses`] names them without registering them. A list missing
/// here fails the spec test that every reference resolves.
pub fn page_schemas() -> Vec<(String, utoipa::openapi::RefOr<utoipa::openapi::Schema>)> {
    use utoipa::PartialSchema;
    type Schemas = Vec<(String, utoipa::openapi::RefOr<utoipa::openapi::Schema>)>;
    fn page<V: pagination::Listed>() -> Schemas {
        let mut schemas = vec![
            (V::PAGE.to_owned(), pagination::Page::<V>::schema()),
            (V::name().into_owned(), V::schema()),
        ];
        V::schemas(&mut schemas);
        schemas
    }
    [
        page::<cooperatives::views::Cooperative>(),
        page::<directory::DirectoryEntry>(),
        page::<membership::views::MembershipCount>(),
        page::<plan::plans::views::StrategicPlan>(),
        page::<plan::orientations::views::Orientation>(),
        page::<plan::objectives::views::Objective>(),
        page::<plan::measurements::views::Measurement>(),
        page::<partners::views::Partner>(),
        page::<agreements::views::Agreement>(),
        page::<enrollments::views::Enrollment>(),
        page::<events::views::Event>(),
        page::<events::views::Participation>(),
        page::<events::views::Presentation>(),
        page::<projects::views::Project>(),
        page::<representations::views::Representation>(),
        page::<board::views::BoardTerm>(),
        page::<api_clients::views::ApiClient>(),
        page::<audit::views::AuditEvent>(),
        page::<webhooks::views::Webhook>(),
        page::<webhooks::views::Delivery>(),
    ]
    .concat()
}

/// The schema of a JSON merge patch (RFC 7386) of a resource: its input schema with nothing
/// required, without the fields in `fixed` (set once at creation) and without its example.
pub fn merge_patch_schema(
    mut schema: utoipa::openapi::RefOr<utoipa::openapi::Schema>,
    description: &str,
    fixed: &[&str],
) -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
    use utoipa::openapi::{RefOr, Schema};
    if let RefOr::T(Schema::Object(object)) = &mut schema {
        object.required.clear();
        for field in fixed {
            object.properties.shift_remove(*field);
        }
        object.description = Some(format!(
            "A JSON merge patch (RFC 7386) of {description}; `null` clears an optional field. \
             The result must satisfy every rule of a new one."
        ));
        object.example = None;
    }
    schema
}

/// Today's date in the federation's time zone (see `crate::clock`), the bound for dates
/// that may not be in the future.
pub fn today() -> chrono::NaiveDate {
    crate::clock::today()
}

/// The field lists a compiler cannot compare: what the spec documents of each resource and
/// what the domain lets a client write or refuses as read-only. (Rows, column sets and
/// views are struct literals over one another, so the compiler checks those.)
#[cfg(test)]
mod field_lists {
    use std::collections::BTreeSet;

    use utoipa::PartialSchema;
    use utoipa::openapi::{RefOr, Schema};

    use crate::domain;
    use crate::domain::profile::Profile;

    fn properties(schema: RefOr<Schema>) -> Vec<String> {
        match schema {
            RefOr::T(Schema::Object(o)) => o.properties.keys().cloned().collect(),
            _ => panic!("expected an object schema"),
        }
    }

    fn set<S: AsRef<str>>(names: &[S]) -> BTreeSet<String> {
        names.iter().map(|n| n.as_ref().to_owned()).collect()
    }

    /// (resource, documented input, documented view, writable, read-only)
    type Lists = (
        &'static str,
        Vec<String>,
        Vec<String>,
        &'static [&'static str],
        &'static [&'static str],
    );

    fn resources() -> Vec<Lists> {
        use domain::{
            agreement, api_client, board, cooperative, enrollment, event, membership, objectives,
            partner, plans, project, representation, webhook,
        };
        vec![
            (
                "webhook subscription",
                properties(super::webhooks::views::WebhookInput::schema()),
                properties(super::webhooks::views::Webhook::schema()),
                webhook::WRITABLE,
                webhook::READ_ONLY,
            ),
            (
                "API client",
                properties(super::api_clients::views::ApiClientInput::schema()),
                properties(super::api_clients::views::ApiClient::schema()),
                api_client::WRITABLE,
                api_client::READ_ONLY,
            ),
            (
                "cooperative",
                properties(super::cooperatives::views::CooperativeInput::schema()),
                properties(super::cooperatives::views::Cooperative::schema()),
                cooperative::WRITABLE,
                cooperative::READ_ONLY,
            ),
            (
                "partner",
                properties(partner::PartnerProfile::schema()),
                properties(super::partners::views::Partner::schema()),
                <partner::PartnerProfile as Profile>::WRITABLE,
                <partner::PartnerProfile as Profile>::READ_ONLY,
            ),
            (
                "service agreement",
                properties(super::agreements::views::AgreementInput::schema()),
                properties(super::agreements::views::Agreement::schema()),
                agreement::WRITABLE,
                agreement::READ_ONLY,
            ),
            (
                "enrolment",
                properties(super::enrollments::views::EnrollmentInput::schema()),
                properties(super::enrollments::views::Enrollment::schema()),
                enrollment::WRITABLE,
                enrollment::READ_ONLY,
            ),
            (
                "event",
                properties(event::EventProfile::schema()),
                properties(super::events::views::Event::schema()),
                <event::EventProfile as Profile>::WRITABLE,
                <event::EventProfile as Profile>::READ_ONLY,
            ),
            (
                "participation",
                properties(super::events::views::ParticipationInput::schema()),
                properties(super::events::views::Participation::schema()),
                event::PARTICIPATION_WRITABLE,
                event::PARTICIPATION_READ_ONLY,
            ),
            (
                "presentation",
                properties(event::PresentationProfile::schema()),
                properties(super::events::views::Presentation::schema()),
                <event::PresentationProfile as Profile>::WRITABLE,
                <event::PresentationProfile as Profile>::READ_ONLY,
            ),
            (
                "project",
                properties(project::ProjectProfile::schema()),
                properties(super::projects::views::Project::schema()),
                <project::ProjectProfile as Profile>::WRITABLE,
                <project::ProjectProfile as Profile>::READ_ONLY,
            ),
            (
                "funder",
                properties(project::NewFunder::schema()),
                properties(super::projects::views::Funder::schema()),
                <project::NewFunder as Profile>::WRITABLE,
                <project::NewFunder as Profile>::READ_ONLY,
            ),
            (
                "representation",
                properties(super::representations::views::RepresentationInput::schema()),
                properties(super::representations::views::Representation::schema()),
                representation::WRITABLE,
                representation::READ_ONLY,
            ),
            (
                "request",
                properties(representation::RequestProfile::schema()),
                properties(super::representations::views::Request::schema()),
                <representation::RequestProfile as Profile>::WRITABLE,
                <representation::RequestProfile as Profile>::READ_ONLY,
            ),
            (
                "board term",
                properties(board::BoardTermProfile::schema()),
                properties(super::board::views::BoardTerm::schema()),
                <board::BoardTermProfile as Profile>::WRITABLE,
                <board::BoardTermProfile as Profile>::READ_ONLY,
            ),
            (
                "membership count",
                properties(super::membership::views::MembershipCountInput::schema()),
                properties(super::membership::views::MembershipCount::schema()),
                membership::FIELDS,
                membership::READ_ONLY,
            ),
            (
                "strategic plan",
                properties(super::plan::plans::views::StrategicPlanInput::schema()),
                properties(super::plan::plans::views::StrategicPlan::schema()),
                plans::PLAN_WRITABLE,
                plans::READ_ONLY,
            ),
            (
                "orientation",
                properties(super::plan::orientations::views::OrientationInput::schema()),
                properties(super::plan::orientations::views::Orientation::schema()),
                plans::ORIENTATION_WRITABLE,
                plans::READ_ONLY,
            ),
            (
                "objective",
                properties(super::plan::objectives::views::ObjectiveInput::schema()),
                properties(super::plan::objectives::views::Objective::schema()),
                objectives::OBJECTIVE_WRITABLE,
                plans::READ_ONLY,
            ),
            (
                "measurement",
                properties(super::plan::measurements::views::MeasurementInput::schema()),
                properties(super::plan::measurements::views::Measurement::schema()),
                objectives::MEASUREMENT_WRITABLE,
                plans::READ_ONLY,
            ),
        ]
    }

    #[test]
    fn each_documented_input_lists_exactly_the_writable_fields() {
        for (resource, input, _, writable, _) in resources() {
            assert_eq!(
                set(&input),
                set(writable),
                "{resource}: documented input vs writable"
            );
        }
    }

    #[test]
    fn each_view_shows_every_writable_field_and_otherwise_only_read_only_ones() {
        for (resource, _, view, writable, read_only) in resources() {
            let view = set(&view);
            let missing: Vec<_> = set(writable).difference(&view).cloned().collect();
            assert!(
                missing.is_empty(),
                "{resource}: the view lacks writable {missing:?}"
            );
            let known = &set(writable) | &set(read_only);
            let unknown: Vec<_> = view.difference(&known).cloned().collect();
            assert!(
                unknown.is_empty(),
                "{resource}: the view has unlisted {unknown:?}"
            );
        }
    }
}
