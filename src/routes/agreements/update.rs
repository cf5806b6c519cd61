use crate::i18n::msg;
use actix_web::{HttpRequest, HttpResponse, patch, web};

use super::respond;
use super::views::{Agreement, AgreementPatch};
use crate::auth::{Caller, Role};
use crate::db::agreements::AgreementRow;
use crate::db::{self, DbPool, Resource};
use crate::domain::agreement::AgreementProfile;
use crate::domain::ids::AgreementId;
use crate::error::{ApiError, ApiResult, OrNotFound};
use crate::routes::conditional::IfMatch;
use crate::routes::{body::JsonObject, responses, today};

/// Update a service agreement
///
/// Admins only. A JSON merge patch (`application/merge-patch+json`; `application/json` is
/// accepted too). `status` is not writable (422): use transitions. `partner_id` never
/// changes. Send `If-Match` with the `ETag` you read to be told (412) of a concurrent change.
#[utoipa::path(
    tag = "service-agreements",
    params(
        ("id" = Uuid, Path, description = "Agreement id"),
    ),
    request_body(content = AgreementPatch, content_type = "application/merge-patch+json",
        example = json!({"ends_on": "2030-03-31", "pricing": "12 $ par membre par mois"})),
    responses(
        (status = 200, description = "The updated agreement", body = Agreement, headers(("ETag" = String))),
        (status = 409, response = responses::Conflict),
    ),
    security(("bearer" = ["admin"]))
)]
#[patch("/service-agreements/{id}")]
pub async fn update_service_agreement(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<AgreementId>,
    req: HttpRequest,
    body: web::Json<JsonObject>,
) -> ApiResult<HttpResponse> {
    caller.require(&[Role::Admin], msg!("may-edit-service-agreements"))?;
    let id = id.into_inner();
    let patch = body.into_inner().0;
    let if_match = IfMatch::of(&req);
    let today = today();
    let mut conn = db::conn(&pool).await?;
    let row = db::write(&mut conn, &caller.actor(), async |conn| {
        let current = AgreementRow::find_for_update(conn, id).await.or_404()?;
        if_match.check(current.version)?;
        let before = Agreement::from(current).writable_json();
        let profile =
            AgreementProfile::patched(before, patch, today).map_err(ApiError::Validation)?;
        Ok::<_, ApiError>(db::agreements::update(conn, id, profile).await?)
    })
    .await?;
    Ok(respond(HttpResponse::Ok(), row))
}
