use crate::i18n::msg;
use actix_web::http::header;
use actix_web::{HttpResponse, post, web};

use super::views::{Enrollment, EnrollmentInput};
use super::{check_within, respond};
use crate::auth::{Caller, Role};
use crate::db::agreements::AgreementRow;
use crate::db::{self, DbPool, Resource};
use crate::domain::cooperative::FederationStatus;
use crate::domain::enrollment::NewEnrollment;
use crate::domain::ids::AgreementId;
use crate::domain::lifecycle::AgreementStatus;
use crate::error::{ApiError, ApiResult, OrNotFound};
use crate::routes::{body::JsonObject, responses, today};

/// Enrol a co-op in an agreement
///
/// Admins only. Only member co-ops can be enrolled (409 otherwise), only in agreements that
/// are active today (409 otherwise), within the agreement's dates and not before the co-op
/// joined the federation (422). Two enrolments of the same co-op in the same agreement may
/// not overlap in time (409; the database enforces it).
#[utoipa::path(
    tag = "enrollments",
    params(("id" = Uuid, Path, description = "Agreement id")),
    request_body = EnrollmentInput,
    responses(
        (status = 201, description = "Enrolled", body = Enrollment,
            headers(("Location" = String, description = "URL of the new enrolment"), ("ETag" = String))),
        (status = 409, response = responses::Conflict),
    ),
    security(("bearer" = ["admin"]))
)]
#[post("/service-agreements/{id}/enrollments")]
pub async fn create_enrollment(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<AgreementId>,
    body: web::Json<JsonObject>,
) -> ApiResult<HttpResponse> {
    caller.require(&[Role::Admin], msg!("may-enrol-cooperatives"))?;
    let agreement_id = id.into_inner();
    let new = NewEnrollment::from_json(body.into_inner().0).map_err(ApiError::Validation)?;
    let today = today();
    let mut conn = db::conn(&pool).await?;
    let row = db::write(&mut conn, &caller.actor(), async |conn| {
        // Locked so that no transition changes its status meanwhile.
        let agreement = AgreementRow::find_for_update(conn, agreement_id)
            .await
            .or_404()?;
        let status = agreement.status.seen_on(agreement.ends_on, today);
        if status != AgreementStatus::Active {
            return Err(ApiError::Conflict(msg!(
                "enrollment-agreement-not-active",
                status = status.as_str()
            )));
        }
        let (standing, member_since, _) =
            db::enrollments::lock_cooperative(conn, new.cooperative_id)
                .await?
                .ok_or_else(|| {
                    ApiError::invalid("cooperative_id", "unknown", msg!("no-such-cooperative"))
                })?;
        if standing != FederationStatus::Member {
            return Err(ApiError::Conflict(msg!(
                "enrollment-not-member",
                status = standing.as_str()
            )));
        }
        if let Some(since) = member_since
            && new.terms.starts_on < since
        {
            return Err(ApiError::invalid(
                "starts_on",
                "before_membership",
                msg!("before-membership", since = since.to_string()),
            ));
        }
        check_within(&agreement, &new.terms)?;
        Ok(db::enrollments::insert(conn, agreement_id, new).await?)
    })
    .await?;
    let mut response = HttpResponse::Created();
    response.insert_header((
        header::LOCATION,
        format!(
            "/v1/service-agreements/{agreement_id}/enrollments/{}",
            row.id
        ),
    ));
    Ok(respond(response, row))
}
