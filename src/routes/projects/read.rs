use crate::i18n::msg;
use actix_web::{HttpRequest, HttpResponse, get, web};

use super::views::Project;
use super::{READERS, scope};
use crate::auth::Caller;
use crate::db::{self, DbPool};
use crate::domain::ids::ProjectId;
use crate::error::{ApiResult, OrNotFound};
use crate::routes::conditional;

/// Read a project
///
/// Admins and readers read any project; a co-op manager a public one (404 otherwise).
#[utoipa::path(
    tag = "projects",
    params(("id" = Uuid, Path, description = "Project id")),
    responses(
        (status = 200, description = "The project", body = Project, headers(("ETag" = String))),
        (status = 304, description = "Not modified since the version named in `If-None-Match`"),
    ),
    security(("bearer" = ["admin", "reader", "coop_manager"]))
)]
#[get("/projects/{id}")]
pub async fn get_project(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<ProjectId>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    caller.require(READERS, msg!("may-read-projects"))?;
    let mut conn = db::conn(&pool).await?;
    let row = db::projects::find_visible(&mut conn, id.into_inner(), scope(&caller))
        .await
        .or_404()?;
    Ok(conditional::read(&req, row.version, Project::from(row)))
}
