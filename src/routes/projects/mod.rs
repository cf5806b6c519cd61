//! `/v1/projects`: the federation's projects and studies, their dated status transitions and
//! their funders. Admins write; readers read all; a co-op manager reads public projects
//! (any other is a 404).

mod create;
mod delete;
mod funders;
mod history;
mod list;
mod read;
mod transitions;
mod update;
pub mod views;

use crate::i18n::msg;
use actix_web::HttpResponse;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::{Caller, Role};
use crate::db::projects::{ProjectRow, Scope};
use crate::db::{self, AsyncPgConnection};
use crate::domain::FieldError;
use crate::domain::project::ProjectProfile;
use crate::error::{ApiError, ApiResult};
use crate::routes::conditional::with_etag;
use views::Project;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list::list_projects)
        .service(create::create_project)
        .service(read::get_project)
        .service(update::update_project)
        .service(delete::delete_project)
        .service(history::project_history)
        .service(transitions::list_project_transitions)
        .service(transitions::create_project_transition)
        .service(funders::list_project_funders)
        .service(funders::create_project_funder)
        .service(funders::delete_project_funder);
}

const READERS: &[Role] = &[Role::Admin, Role::Reader, Role::CoopManager];

fn respond(response: actix_web::HttpResponseBuilder, row: ProjectRow) -> HttpResponse {
    with_etag(response, row.version, Project::from(row))
}

/// The projects a caller may see.
pub fn scope(caller: &Caller) -> Scope {
    match caller.role() {
        Role::Admin | Role::Reader => Scope::All,
        _ => Scope::PublicOnly,
    }
}

/// Every orientation and objective the project names must exist (422 naming each one).
async fn check_links(conn: &mut AsyncPgConnection, profile: &ProjectProfile) -> ApiResult<()> {
    let (orientations, objectives) =
        db::projects::unknown_links(conn, &profile.orientation_ids, &profile.objective_ids).await?;
    let mut errors = Vec::new();
    for (i, id) in profile.orientation_ids.iter().enumerate() {
        if orientations.contains(id) {
            errors.push(FieldError::new(
                format!("orientation_ids[{i}]"),
                "unknown",
                msg!("no-such-orientation"),
            ));
        }
    }
    for (i, id) in profile.objective_ids.iter().enumerate() {
        if objectives.contains(id) {
            errors.push(FieldError::new(
                format!("objective_ids[{i}]"),
                "unknown",
                msg!("no-such-objective"),
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Validation(errors))
    }
}
