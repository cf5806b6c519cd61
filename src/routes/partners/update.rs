use crate::i18n::msg;
use actix_web::{HttpRequest, HttpResponse, patch, web};

use super::respond;
use super::views::{Partner, PartnerPatch};
use crate::auth::{Caller, Role};
use crate::db::partners::PartnerRow;
use crate::db::{self, DbPool, Resource};
use crate::domain::ids::PartnerId;
use crate::domain::partner::PartnerProfile;
use crate::error::{ApiError, ApiResult, OrNotFound};
use crate::routes::conditional::IfMatch;
use crate::routes::{body::JsonObject, responses};

/// Update a partner
///
/// Admins only. A JSON merge patch (`application/merge-patch+json`; `application/json` is
/// accepted too). Send `If-Match` with the `ETag` you read to be told (412) of a concurrent
/// change.
#[utoipa::path(
    tag = "partners",
    params(
        ("id" = Uuid, Path, description = "Partner id"),
    ),
    request_body(content = PartnerPatch, content_type = "application/merge-patch+json",
        example = json!({"contact_phone": "418 555-0199 poste 3", "notes": null})),
    responses(
        (status = 200, description = "The updated partner", body = Partner, headers(("ETag" = String))),
        (status = 409, response = responses::Conflict),
    ),
    security(("bearer" = ["admin"]))
)]
#[patch("/partners/{id}")]
pub async fn update_partner(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<PartnerId>,
    req: HttpRequest,
    body: web::Json<JsonObject>,
) -> ApiResult<HttpResponse> {
    caller.require(&[Role::Admin], msg!("may-edit-partners"))?;
    let id = id.into_inner();
    let patch = body.into_inner().0;
    let if_match = IfMatch::of(&req);
    let mut conn = db::conn(&pool).await?;
    let row = db::write(&mut conn, &caller.actor(), async |conn| {
        let current = PartnerRow::find_for_update(conn, id).await.or_404()?;
        if_match.check(current.version)?;
        let before = Partner::from(current).writable_json();
        let profile = PartnerProfile::patched(before, patch).map_err(ApiError::Validation)?;
        Ok::<_, ApiError>(db::partners::update(conn, id, profile).await?)
    })
    .await?;
    Ok(respond(HttpResponse::Ok(), row))
}
