use crate::i18n::msg;
use actix_web::{HttpRequest, HttpResponse, patch, web};

use super::respond;
use super::views::{Representation, RepresentationPatch};
use crate::auth::{Caller, Role};
use crate::db::representations::RepresentationRow;
use crate::db::{self, DbPool, Resource};
use crate::domain::ids::RepresentationId;
use crate::domain::representation::RepresentationProfile;
use crate::error::{ApiError, ApiResult, OrNotFound};
use crate::routes::conditional::IfMatch;
use crate::routes::{body::JsonObject, responses, today};

/// Update a representation
///
/// Admins only. A JSON merge patch; honours `If-Match` (412 when stale).
#[utoipa::path(
    tag = "representations",
    params(("id" = Uuid, Path, description = "Representation id")),
    request_body(content = RepresentationPatch, content_type = "application/merge-patch+json",
        example = json!({"summary": "Quatre recommandations."})),
    responses(
        (status = 200, description = "The updated representation", body = Representation, headers(("ETag" = String))),
        (status = 409, response = responses::Conflict),
    ),
    security(("bearer" = ["admin"]))
)]
#[patch("/representations/{id}")]
pub async fn update_representation(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<RepresentationId>,
    req: HttpRequest,
    body: web::Json<JsonObject>,
) -> ApiResult<HttpResponse> {
    caller.require(&[Role::Admin], msg!("may-edit-representations"))?;
    let id = id.into_inner();
    let patch = body.into_inner().0;
    let if_match = IfMatch::of(&req);
    let today = today();
    let mut conn = db::conn(&pool).await?;
    let row = db::write(&mut conn, &caller.actor(), async |conn| {
        let current = RepresentationRow::find_for_update(conn, id)
            .await
            .or_404()?;
        if_match.check(current.version)?;
        let before = Representation::from(current).writable_json();
        let profile =
            RepresentationProfile::patched(before, patch, today).map_err(ApiError::Validation)?;
        Ok::<_, ApiError>(db::representations::update(conn, id, profile).await?)
    })
    .await?;
    Ok(respond(HttpResponse::Ok(), row))
}
