use actix_web::{HttpRequest, HttpResponse, delete, get, patch, web};
use diesel_async::AsyncConnection;

use super::period_of;
use super::views::{Objective, ObjectivePatch};
use crate::auth::{Caller, Role};
use crate::db::Resource;
use crate::db::objectives::ObjectiveRow;
use crate::db::{self, DbPool};
use crate::domain::ids::ObjectiveId;
use crate::domain::objectives::{OBJECTIVE_WRITABLE, ObjectiveProfile};
use crate::domain::patch::writable_part;
use crate::domain::plans::merge_patch;
use crate::error::OrNotFound;
use crate::error::{ApiError, ApiResult};
use crate::routes::conditional::IfMatch;
use crate::routes::plans::{READERS, read_response, respond};
use crate::routes::resource;
use crate::routes::{body::JsonObject, responses};

/// Read an objective
///
/// Admins, readers and co-op managers. Honours `If-None-Match` (304).
#[utoipa::path(
    tag = "strategic-plans",
    params(("id" = Uuid, Path, description = "Objective id")),
    responses(
        (status = 200, description = "The objective", body = Objective, headers(("ETag" = String))),
        (status = 304, description = "Not modified since the version named in `If-None-Match`"),
    ),
    security(("bearer" = []))
)]
#[get("/objectives/{id}")]
pub async fn get_objective(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<ObjectiveId>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    caller.require(READERS, "read strategic plans")?;
    let mut conn = db::conn(&pool).await?;
    let row = ObjectiveRow::find(&mut conn, id.into_inner())
        .await
        .or_404()?;
    Ok(read_response(&req, row.version, Objective::from(row)))
}

/// Update an objective
///
/// Admins only. A JSON merge patch; the patched objective must satisfy every rule of a new one.
#[utoipa::path(
    tag = "strategic-plans",
    params(
        ("id" = Uuid, Path, description = "Objective id"),
        ("If-Match" = Option<String>, Header, description = "Apply only if this is still the current `ETag`"),
    ),
    request_body(content = ObjectivePatch, content_type = "application/merge-patch+json",
        example = json!({"status": "in_progress", "owner": "Conseil d'administration"})),
    responses(
        (status = 200, description = "The updated objective", body = Objective, headers(("ETag" = String))),
        (status = 409, response = responses::Conflict),
        (status = 412, response = responses::PreconditionFailed),
    ),
    security(("bearer" = []))
)]
#[patch("/objectives/{id}")]
pub async fn update_objective(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<ObjectiveId>,
    req: HttpRequest,
    body: web::Json<JsonObject>,
) -> ApiResult<HttpResponse> {
    caller.require(&[Role::Admin], "edit strategic plans")?;
    let id = id.into_inner();
    let patch = body.into_inner().0;
    let if_match = IfMatch::of(&req);
    let mut conn = db::conn(&pool).await?;
    let row = conn
        .transaction(async |conn| {
            let current = ObjectiveRow::find_for_update(conn, id).await.or_404()?;
            if_match.check(current.version)?;
            let period = period_of(conn, current.orientation_id).await?;
            let doc = merge_patch(
                writable_part(&Objective::from(current), OBJECTIVE_WRITABLE),
                patch,
                OBJECTIVE_WRITABLE,
            )
            .map_err(ApiError::Validation)?;
            let input = ObjectiveProfile::from_json(doc, period).map_err(ApiError::Validation)?;
            Ok::<_, ApiError>(db::objectives::update_objective(conn, id, input).await?)
        })
        .await?;
    Ok(respond(
        HttpResponse::Ok(),
        row.version,
        Objective::from(row),
    ))
}

/// Delete an objective
///
/// Admins only. Its measurements go with it.
#[utoipa::path(
    tag = "strategic-plans",
    params(
        ("id" = Uuid, Path, description = "Objective id"),
        ("If-Match" = Option<String>, Header, description = "Delete only if this is still the current `ETag`"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 412, response = responses::PreconditionFailed),
    ),
    security(("bearer" = []))
)]
#[delete("/objectives/{id}")]
pub async fn delete_objective(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<ObjectiveId>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    caller.require(&[Role::Admin], "edit strategic plans")?;
    resource::delete::<ObjectiveRow>(
        &pool,
        &req,
        id.into_inner(),
        "other records refer to this objective",
    )
    .await
}
