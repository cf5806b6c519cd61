use crate::i18n::msg;
use actix_web::{HttpRequest, HttpResponse, patch, web};

use super::views::{Orientation, OrientationPatch};
use crate::auth::{Caller, Role};
use crate::db::plans::OrientationRow;
use crate::db::{self, DbPool, Resource};
use crate::domain::ids::OrientationId;
use crate::domain::patch::writable_part;
use crate::domain::plans::{ORIENTATION_WRITABLE, OrientationProfile, merge_patch};
use crate::error::{ApiError, ApiResult, OrNotFound};
use crate::routes::conditional::IfMatch;
use crate::routes::plan::shared::respond;
use crate::routes::{body::JsonObject, responses};

/// Update an orientation
///
/// Admins only. A JSON merge patch of `number`, `title`, `description`; a number already used
/// in the plan is a 409.
#[utoipa::path(
    tag = "strategic-plans",
    params(
        ("id" = Uuid, Path, description = "Orientation id"),
    ),
    request_body(content = OrientationPatch, content_type = "application/merge-patch+json",
        example = json!({"description": "Faire croître le nombre de membres des coopératives."})),
    responses(
        (status = 200, description = "The updated orientation", body = Orientation, headers(("ETag" = String))),
        (status = 409, response = responses::Conflict),
    ),
    security(("bearer" = ["admin"]))
)]
#[patch("/orientations/{id}")]
pub async fn update_orientation(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<OrientationId>,
    req: HttpRequest,
    body: web::Json<JsonObject>,
) -> ApiResult<HttpResponse> {
    caller.require(&[Role::Admin], msg!("may-edit-strategic-plans"))?;
    let id = id.into_inner();
    let patch = body.into_inner().0;
    let if_match = IfMatch::of(&req);
    let mut conn = db::conn(&pool).await?;
    let row = db::write(&mut conn, &caller.actor(), async |conn| {
        let current = OrientationRow::find_for_update(conn, id).await.or_404()?;
        if_match.check(current.version)?;
        let number = current.number;
        let input = merge_patch(
            writable_part(&Orientation::from(current), ORIENTATION_WRITABLE),
            patch,
            ORIENTATION_WRITABLE,
        )
        .validate(OrientationProfile::from_json)
        .map_err(ApiError::Validation)?;
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
