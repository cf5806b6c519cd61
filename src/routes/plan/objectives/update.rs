use crate::i18n::msg;
use actix_web::{HttpRequest, HttpResponse, patch, web};

use super::period_of;
use super::views::{Objective, ObjectivePatch};
use crate::auth::{Caller, Role};
use crate::db::objectives::ObjectiveRow;
use crate::db::{self, DbPool, Resource};
use crate::domain::ids::ObjectiveId;
use crate::domain::objectives::{OBJECTIVE_WRITABLE, ObjectiveProfile};
use crate::domain::patch::writable_part;
use crate::domain::plans::merge_patch;
use crate::error::{ApiError, ApiResult, OrNotFound};
use crate::routes::conditional::IfMatch;
use crate::routes::plan::shared::respond;
use crate::routes::{body::JsonObject, responses};

/// Update an objective
///
/// Admins only. A JSON merge patch; the patched objective must satisfy every rule of a new one.
#[utoipa::path(
    tag = "strategic-plans",
    params(
        ("id" = Uuid, Path, description = "Objective id"),
    ),
    request_body(content = ObjectivePatch, content_type = "application/merge-patch+json",
        example = json!({"status": "in_progress", "owner": "Conseil d'administration"})),
    responses(
        (status = 200, description = "The updated objective", body = Objective, headers(("ETag" = String))),
        (status = 409, response = responses::Conflict),
    ),
    security(("bearer" = ["admin"]))
)]
#[patch("/objectives/{id}")]
pub async fn update_objective(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<ObjectiveId>,
    req: HttpRequest,
    body: web::Json<JsonObject>,
) -> ApiResult<HttpResponse> {
    caller.require(&[Role::Admin], msg!("may-edit-strategic-plans"))?;
    let id = id.into_inner();
    let patch = body.into_inner().0;
    let if_match = IfMatch::of(&req);
    let mut conn = db::conn(&pool).await?;
    let row = db::write(&mut conn, &caller.actor(), async |conn| {
        let current = ObjectiveRow::find_for_update(conn, id).await.or_404()?;
        if_match.check(current.version)?;
        let period = period_of(conn, current.orientation_id).await?;
        let input = merge_patch(
            writable_part(&Objective::from(current), OBJECTIVE_WRITABLE),
            patch,
            OBJECTIVE_WRITABLE,
        )
        .validate(|doc| ObjectiveProfile::from_json(doc, period))
        .map_err(ApiError::Validation)?;
        Ok::<_, ApiError>(db::objectives::update_objective(conn, id, input).await?)
    })
    .await?;
    Ok(respond(
        HttpResponse::Ok(),
        row.version,
        Objective::from(row),
    ))
}
