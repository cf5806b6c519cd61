use actix_web::http::header;
use actix_web::{HttpResponse, post, web};

use super::views::{MembershipCount, MembershipCountInput};
use super::{facts, location, may_write, respond};
use crate::auth::Caller;
use crate::db::{self, DbPool};
use crate::domain::ids::CooperativeId;
use crate::domain::membership::MembershipCount as Count;
use crate::error::{ApiError, ApiResult, OnConstraint};
use crate::routes::{body::JsonObject, responses, today};

/// Record a membership count
///
/// Admins, and the co-op's own manager. A second count for the same date is a 409: use PUT
/// on `…/membership-counts/{as_of}` to replace it.
#[utoipa::path(
    tag = "membership",
    params(
        ("id" = Uuid, Path, description = "Cooperative id"),
    ),
    request_body = MembershipCountInput,
    responses(
        (status = 201, description = "Recorded", body = MembershipCount,
            headers(("Location" = String), ("ETag" = String))),
        (status = 409, response = responses::Conflict),
    ),
    security(("bearer" = ["admin", "coop_manager"]))
)]
#[post("/cooperatives/{id}/membership-counts")]
pub async fn create_membership_count(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<CooperativeId>,
    body: web::Json<JsonObject>,
) -> ApiResult<HttpResponse> {
    let cooperative = id.into_inner();
    may_write(&caller, cooperative)?;
    let mut conn = db::conn(&pool).await?;
    let facts = facts(&mut conn, cooperative).await?;
    let count = Count::from_json(body.into_inner().0, None, facts, today())
        .map_err(ApiError::Validation)?;
    let row = db::write(&mut conn, &caller.actor(), async |conn| {
        db::membership::insert(conn, cooperative, count).await
    })
    .await
    .on_constraint("membership_counts_cooperative_id_fkey", || {
        ApiError::not_found(CooperativeId::RESOURCE)
    })?;
    let mut response = HttpResponse::Created();
    response.insert_header((header::LOCATION, location(&row)));
    Ok(respond(response, row))
}
