//! `/v1/strategic-plans`: the federation's three-year plans, and their board-report summary.

mod create;
mod delete;
mod history;
mod list;
mod read;
pub mod summary;
mod update;
pub mod views;

use utoipa::openapi::{RefOr, Schema};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Role;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list::list_strategic_plans)
        .service(create::create_strategic_plan)
        .service(read::get_strategic_plan)
        .service(update::update_strategic_plan)
        .service(delete::delete_strategic_plan)
        .service(summary::get_strategic_plan_summary)
        .service(history::strategic_plan_history);
}

/// Roles that may read plans, orientations, objectives and their progress.
pub(crate) const READERS: &[Role] = &[Role::Admin, Role::Reader, Role::CoopManager];

pub(crate) use crate::routes::conditional::{read as read_response, with_etag as respond};

/// The schema of a merge patch of `what`.
pub(crate) fn patch_schema(schema: RefOr<Schema>, what: &str) -> RefOr<Schema> {
    super::merge_patch_schema(
        schema,
        &format!("{what}: any subset of its writable fields"),
        &[],
    )
}
