//! A project's life cycle: its history, and recording a change of status.

use crate::i18n::msg;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, post, web};

use super::views::{ProjectTransition, ProjectTransitionInput, ProjectTransitionList};
use super::{READERS, scope};
use crate::auth::{Caller, Role};
use crate::db::projects::{NewTransition, ProjectRow};
use crate::db::{self, DbPool, Resource};
use crate::domain::ids::ProjectId;
use crate::domain::lifecycle::{Lifecycle, MoveError, TransitionRequest};
use crate::error::{ApiError, ApiResult, OrNotFound};
use crate::routes::conditional::{IfMatch, etag};
use crate::routes::{body::JsonObject, responses, today};

/// List a project's transitions
///
/// Oldest first. The status on any date is the `to` of the last transition at or before it
/// (`planned` before the first). Visible to whoever may read the project (404 otherwise).
#[utoipa::path(
    tag = "projects",
    params(("id" = Uuid, Path, description = "Project id")),
    responses((status = 200, description = "The history, oldest first", body = ProjectTransitionList)),
    security(("bearer" = ["admin", "reader", "coop_manager"]))
)]
#[get("/projects/{id}/transitions")]
pub async fn list_project_transitions(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<ProjectId>,
) -> ApiResult<HttpResponse> {
    caller.require(READERS, msg!("may-read-projects"))?;
    let mut conn = db::conn(&pool).await?;
    let project = db::projects::find_visible(&mut conn, id.into_inner(), scope(&caller))
        .await
        .or_404()?;
    let rows = db::projects::history(&mut conn, project.id).await?;
    let items = rows.into_iter().map(ProjectTransition::from).collect();
    Ok(HttpResponse::Ok().json(ProjectTransitionList { items }))
}

/// Change a project's status
///
/// Admins only. Allowed moves: planned → in_progress ⇄ paused; in_progress → completed;
/// planned, in_progress or paused → abandoned. The move is judged from the status on
/// `effective_on` (default today; never before the previous transition nor in the future,
/// 422); an illegal one is a 409 naming the allowed ones. Honours `If-Match`.
#[utoipa::path(
    tag = "projects",
    params(
        ("id" = Uuid, Path, description = "Project id"),
        ("If-Match" = Option<String>, Header, description = "Apply only if this is still the project's current `ETag`"),
    ),
    request_body = ProjectTransitionInput,
    responses(
        (status = 201, description = "Recorded", body = ProjectTransition,
            headers(("Location" = String, description = "The project's history"), ("ETag" = String, description = "The project's new `ETag`"))),
        (status = 409, response = responses::Conflict),
    ),
    security(("bearer" = ["admin"]))
)]
#[post("/projects/{id}/transitions")]
pub async fn create_project_transition(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<ProjectId>,
    req: HttpRequest,
    body: web::Json<JsonObject>,
) -> ApiResult<HttpResponse> {
    caller.require(&[Role::Admin], msg!("may-change-the-status-of-projects"))?;
    let id = id.into_inner();
    let request =
        TransitionRequest::from_json(body.into_inner().0, today()).map_err(ApiError::Validation)?;
    let if_match = IfMatch::of(&req);
    let recorded_by = caller.subject().to_owned();
    let mut conn = db::conn(&pool).await?;
    let (transition, project) = db::write(&mut conn, &caller.actor(), async |conn| {
        // The lock serialises transitions of one project: each sees the last one.
        let project = ProjectRow::find_for_update(conn, id).await.or_404()?;
        if_match.check(project.version)?;
        let history = db::projects::history(conn, id).await?;
        let lifecycle: Lifecycle<_> = history.iter().map(|t| t.step()).collect();
        let from = lifecycle
            .check_move(request.to, request.effective_on)
            .map_err(|e| match e {
                MoveError::Illegal { .. } => ApiError::Conflict(e.message()),
                MoveError::BeforePrevious(_) | MoveError::AfterEnd(_) => {
                    ApiError::invalid("effective_on", "date_order", e.message())
                }
            })?;
        let new = NewTransition {
            from,
            to: request.to,
            reason: request.reason,
            effective_on: request.effective_on,
            recorded_by,
        };
        Ok::<_, ApiError>(db::projects::record(conn, id, new).await?)
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/v1/projects/{id}/transitions")))
        .insert_header((header::ETAG, etag(project.version)))
        .json(ProjectTransition::from(transition)))
}
