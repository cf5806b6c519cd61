//! HTTP handlers, one module per resource. Handlers stay thin: extract, authorise, parse
//! into domain types, call `db`, map to a view.

pub mod agreements;
pub mod body;
pub mod conditional;
pub mod cooperatives;
pub mod directory;
pub mod enrollments;
pub mod export;
pub mod health;
pub mod membership;
pub mod objectives;
pub mod orientations;
pub mod pagination;
pub mod partners;
pub mod plans;
pub mod query;
pub mod resource;
pub mod responses;
pub mod stats;

use utoipa_actix_web::scope;
use utoipa_actix_web::service_config::ServiceConfig;

/// Every documented route. The same function builds the served app and the OpenAPI
/// document, so the two cannot drift apart.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.configure(health::configure).service(
        scope::scope("/v1")
            .configure(cooperatives::configure)
            .configure(membership::configure)
            .configure(stats::configure)
            .configure(directory::configure)
            .configure(plans::configure)
            .configure(orientations::configure)
            .configure(objectives::configure)
            .configure(partners::configure)
            .configure(agreements::configure)
            .configure(enrollments::configure),
    );
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

/// Today's date (UTC), the bound for dates that may not be in the future.
pub fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}
