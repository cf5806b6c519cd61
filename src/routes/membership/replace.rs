use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, put, web};

use super::views::{MembershipCount, MembershipCountReplacement};
use super::{facts, location, may_write, respond};
use crate::auth::Caller;
use crate::db::{self, DbPool};
use crate::domain::fields::Day;
use crate::domain::ids::CooperativeId;
use crate::domain::membership::MembershipCount as Count;
use crate::error::{ApiError, ApiResult, OnConstraint};
use crate::routes::conditional::IfMatch;
use crate::routes::{body::JsonObject, responses, today};

/// Record or replace the count of a date
///
/// Idempotent: creates the count (201) or replaces it whole (200). With `If-Match`, replaces
/// only that version (412 otherwise, also when there is no count yet).
#[utoipa::path(
    tag = "membership",
    params(
        ("id" = Uuid, Path, description = "Cooperative id"),
        ("as_of" = NaiveDate, Path, description = "Date of the count (YYYY-MM-DD)"),
    ),
    request_body = MembershipCountReplacement,
    responses(
        (status = 200, description = "Replaced", body = MembershipCount, headers(("ETag" = String))),
        (status = 201, description = "Created", body = MembershipCount, headers(("Location" = String), ("ETag" = String))),
        (status = 409, response = responses::Conflict),
    ),
    security(("bearer" = ["admin", "coop_manager"]))
)]
#[put("/cooperatives/{id}/membership-counts/{as_of}")]
pub async fn replace_membership_count(
    caller: Caller,
    pool: web::Data<DbPool>,
    path: web::Path<(CooperativeId, Day)>,
    req: HttpRequest,
    body: web::Json<JsonObject>,
) -> ApiResult<HttpResponse> {
    let (cooperative, as_of) = path.into_inner();
    let as_of = as_of.get();
    may_write(&caller, cooperative)?;
    let if_match = IfMatch::of(&req);
    let body = body.into_inner().0;
    let today = today();
    let mut conn = db::conn(&pool).await?;
    let (row, created) = db::write(&mut conn, &caller.actor(), async |conn| {
        let facts = facts(conn, cooperative).await?;
        let count =
            Count::from_json(body, Some(as_of), facts, today).map_err(ApiError::Validation)?;
        match db::membership::find_on_for_update(conn, cooperative, as_of).await? {
            Some(current) => {
                if_match.check(current.version)?;
                Ok::<_, ApiError>((
                    db::membership::replace(conn, current.id, count).await?,
                    false,
                ))
            }
            None if if_match.is_present() => Err(ApiError::PreconditionFailed),
            None => Ok((
                db::membership::insert(conn, cooperative, count)
                    .await
                    .on_constraint("membership_counts_cooperative_id_fkey", || {
                        ApiError::not_found(CooperativeId::RESOURCE)
                    })?,
                true,
            )),
        }
    })
    .await?;
    if created {
        let mut response = HttpResponse::Created();
        response.insert_header((header::LOCATION, location(&row)));
        Ok(respond(response, row))
    } else {
        Ok(respond(HttpResponse::Ok(), row))
    }
}
