use crate::i18n::msg;
use actix_web::{HttpRequest, HttpResponse, patch, web};

use super::views::{Project, ProjectPatch};
use super::{check_links, respond};
use crate::auth::{Caller, Role};
use crate::db::projects::ProjectRow;
use crate::db::{self, DbPool, Resource};
use crate::domain::ids::ProjectId;
use crate::domain::project::ProjectProfile;
use crate::error::{ApiError, ApiResult, OrNotFound};
use crate::routes::conditional::IfMatch;
use crate::routes::{body::JsonObject, responses};

/// Update a project
///
/// Admins only. A JSON merge patch; `status` is not writable (422): use transitions.
/// Honours `If-Match` (412 when stale).
#[utoipa::path(
    tag = "projects",
    params(("id" = Uuid, Path, description = "Project id")),
    request_body(content = ProjectPatch, content_type = "application/merge-patch+json",
        example = json!({"completed_on": "2020-03-04", "public": true})),
    responses(
        (status = 200, description = "The updated project", body = Project, headers(("ETag" = String))),
        (status = 409, response = responses::Conflict),
    ),
    security(("bearer" = ["admin"]))
)]
#[patch("/projects/{id}")]
pub async fn update_project(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<ProjectId>,
    req: HttpRequest,
    body: web::Json<JsonObject>,
) -> ApiResult<HttpResponse> {
    caller.require(&[Role::Admin], msg!("may-edit-projects"))?;
    let id = id.into_inner();
    let patch = body.into_inner().0;
    let if_match = IfMatch::of(&req);
    let mut conn = db::conn(&pool).await?;
    let row = db::write(&mut conn, &caller.actor(), async |conn| {
        let current = ProjectRow::find_for_update(conn, id).await.or_404()?;
        if_match.check(current.version)?;
        let before = Project::from(current).writable_json();
        let profile = ProjectProfile::patched(before, patch).map_err(ApiError::Validation)?;
        check_links(conn, &profile).await?;
        Ok::<_, ApiError>(db::projects::update(conn, id, profile).await?)
    })
    .await?;
    Ok(respond(HttpResponse::Ok(), row))
}
