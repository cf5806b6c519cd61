use actix_web::{HttpRequest, HttpResponse, delete, get, patch, web};
use diesel_async::AsyncConnection;

use super::views::{Orientation, OrientationPatch};
use crate::auth::{Caller, Role};
use crate::db::Resource;
use crate::db::plans::OrientationRow;
use crate::db::{self, DbPool};
use crate::domain::ids::OrientationId;
use crate::domain::patch::writable_part;
use crate::domain::plans::{ORIENTATION_WRITABLE, OrientationProfile, merge_patch};
use crate::error::OrNotFound;
use crate::error::{ApiError, ApiResult};
use crate::routes::conditional::IfMatch;
use crate::routes::plans::{READERS, read_response, respond};
use crate::routes::resource;
use crate::routes::{body::JsonObject, responses};

/// Read an orientation
///
/// Admins, readers and co-op managers. Honours `If-None-Match` (304).
#[utoipa::path(
    tag = "strategic-plans",
    params(("id" = Uuid, Path, description = "Orientation id")),
    responses(
        (status = 200, description = "The orientation", body = Orientation, headers(("ETag" = String))),
        (status = 304, description = "Not modified since the version named in `If-None-Match`"),
    ),
    security(("bearer" = []))
)]
#[get("/orientations/{id}")]
pub async fn get_orientation(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<OrientationId>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    caller.require(READERS, "read strategic plans")?;
    let mut conn = db::conn(&pool).await?;
    let row = OrientationRow::find(&mut conn, id.into_inner())
        .await
        .or_404()?;
    Ok(read_response(&req, row.version, Orientation::from(row)))
}

/// Update an orientation
///
/// Admins only. A JSON merge patch of `number`, `title`, `description`; a number already used
/// in the plan is a 409.
#[utoipa::path(
    tag = "strategic-plans",
    params(
        ("id" = Uuid, Path, description = "Orientation id"),
        ("If-Match" = Option<String>, Header, description = "Apply only if this is still the current `ETag`"),
    ),
    request_body(content = OrientationPatch, content_type = "application/merge-patch+json",
        example = json!({"description": "Faire croître le nombre de membres des coopératives."})),
    responses(
        (status = 200, description = "The updated orientation", body = Orientation, headers(("ETag" = String))),
        (status = 409, response = responses::Conflict),
        (status = 412, response = responses::PreconditionFailed),
    ),
    security(("bearer" = []))
)]
#[patch("/orientations/{id}")]
pub async fn update_orientation(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<OrientationId>,
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
            let current = OrientationRow::find_for_update(conn, id).await.or_404()?;
            if_match.check(current.version)?;
            let number = current.number;
            let doc = merge_patch(
                writable_part(&Orientation::from(current), ORIENTATION_WRITABLE),
                patch,
                ORIENTATION_WRITABLE,
            )
            .map_err(ApiError::Validation)?;
            let input = OrientationProfile::from_json(doc).map_err(ApiError::Validation)?;
            let number = input.number.unwrap_or(number);
            Ok::<_, ApiError>(db::plans::update_orientation(conn, id, number, input).await?)
        })
        .await?;
    Ok(respond(
        HttpResponse::Ok(),
        row.version,
        Orientation::from(row),
    ))
}

/// Delete an orientation
///
/// Admins only; refused with 409 while it has objectives. Other orientations keep their numbers.
#[utoipa::path(
    tag = "strategic-plans",
    params(
        ("id" = Uuid, Path, description = "Orientation id"),
        ("If-Match" = Option<String>, Header, description = "Delete only if this is still the current `ETag`"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 409, response = responses::Conflict),
        (status = 412, response = responses::PreconditionFailed),
    ),
    security(("bearer" = []))
)]
#[delete("/orientations/{id}")]
pub async fn delete_orientation(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<OrientationId>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    caller.require(&[Role::Admin], "edit strategic plans")?;
    resource::delete::<OrientationRow>(
        &pool,
        &req,
        id.into_inner(),
        "the orientation still has objectives; delete them first",
    )
    .await
}
