use crate::i18n::msg;
use actix_web::{HttpRequest, HttpResponse, patch, web};

use super::respond;
use super::views::{Cooperative, CooperativePatch};
use crate::auth::Caller;
use crate::db::cooperatives::CooperativeRow;
use crate::db::{self, DbPool};
use crate::domain::cooperative::CooperativeProfile;
use crate::domain::ids::CooperativeId;
use crate::error::{ApiError, ApiResult};
use crate::routes::conditional::IfMatch;
use crate::routes::resource::load_for_update;
use crate::routes::{body::JsonObject, responses, today};

/// Update a cooperative
///
/// A JSON merge patch (`application/merge-patch+json`; `application/json` is accepted too).
/// Admins may change anything; a co-op manager may change its own co-op's profile but not
/// its standing in the federation (`federation_status`, `member_since`, `left_on`).
/// Send `If-Match` with the `ETag` you read to be told (412) if someone changed it meanwhile.
#[utoipa::path(
    tag = "cooperatives",
    params(
        ("id" = Uuid, Path, description = "Cooperative id"),
    ),
    request_body(content = CooperativePatch, content_type = "application/merge-patch+json",
        example = json!({"phone": "514 555-0100", "services": ["family_medicine", "nursing"], "legal_name": null})),
    responses(
        (status = 200, description = "The updated cooperative", body = Cooperative, headers(("ETag" = String))),
        (status = 409, response = responses::Conflict),
    ),
    security(("bearer" = ["admin", "coop_manager"]))
)]
#[patch("/cooperatives/{id}")]
pub async fn update_cooperative(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<CooperativeId>,
    req: HttpRequest,
    body: web::Json<JsonObject>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    if !(caller.is_admin() || caller.manages(id)) {
        return Err(ApiError::Forbidden(msg!(
            "forbidden-edit-cooperative",
            role = caller.role_name()
        )));
    }
    let patch = body.into_inner().0;
    let if_match = IfMatch::of(&req);
    let today = today();
    let mut conn = db::conn(&pool).await?;
    let row = db::write(&mut conn, &caller.actor(), async |conn| {
        let current = load_for_update::<CooperativeRow>(conn, id).await?;
        if_match.check(current.version)?;
        let standing = (
            current.federation_status,
            current.member_since,
            current.left_on,
        );
        let before = Cooperative::from(current).writable_json();
        let profile =
            CooperativeProfile::patched(before, patch, today).map_err(ApiError::Validation)?;
        if !caller.is_admin() && profile.changes_standing(standing.0, standing.1, standing.2) {
            return Err(ApiError::Forbidden(msg!("forbidden-standing")));
        }
        Ok(db::cooperatives::update(conn, id, profile).await?)
    })
    .await?;
    Ok(respond(HttpResponse::Ok(), row))
}
