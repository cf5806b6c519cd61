use crate::i18n::msg;
use actix_web::{HttpRequest, HttpResponse, patch, web};

use super::views::{Enrollment, EnrollmentPatch};
use super::{check_within, respond};
use crate::auth::{Caller, Role};
use crate::db::agreements::AgreementRow;
use crate::db::{self, DbPool, Resource};
use crate::domain::enrollment::EnrollmentProfile;
use crate::domain::ids::{AgreementId, EnrollmentId};
use crate::error::{ApiError, ApiResult, OrNotFound};
use crate::routes::conditional::IfMatch;
use crate::routes::{body::JsonObject, responses};

/// Update an enrolment
///
/// Admins only; typically to set `ends_on` when a co-op leaves the agreement. A JSON merge
/// patch; `cooperative_id` never changes. The dates must stay within the agreement's and
/// must not overlap another enrolment of the co-op (409). Honours `If-Match`.
#[utoipa::path(
    tag = "enrollments",
    params(
        ("id" = Uuid, Path, description = "Agreement id"),
        ("enrollment_id" = Uuid, Path, description = "Enrolment id"),
    ),
    request_body(content = EnrollmentPatch, content_type = "application/merge-patch+json",
        example = json!({"ends_on": "2022-12-31", "people_covered": 1900})),
    responses(
        (status = 200, description = "The updated enrolment", body = Enrollment, headers(("ETag" = String))),
        (status = 409, response = responses::Conflict),
    ),
    security(("bearer" = ["admin"]))
)]
#[patch("/service-agreements/{id}/enrollments/{enrollment_id}")]
pub async fn update_enrollment(
    caller: Caller,
    pool: web::Data<DbPool>,
    path: web::Path<(AgreementId, EnrollmentId)>,
    req: HttpRequest,
    body: web::Json<JsonObject>,
) -> ApiResult<HttpResponse> {
    caller.require(&[Role::Admin], msg!("may-edit-enrolments"))?;
    let (agreement_id, id) = path.into_inner();
    let patch = body.into_inner().0;
    let if_match = IfMatch::of(&req);
    let mut conn = db::conn(&pool).await?;
    let row = db::write(&mut conn, &caller.actor(), async |conn| {
        let agreement = AgreementRow::find_for_update(conn, agreement_id)
            .await
            .or_404()?;
        let current = db::enrollments::find_in_for_update(conn, agreement_id, id)
            .await
            .or_404()?;
        if_match.check(current.version)?;
        let current_coop = current.cooperative_id;
        let before = Enrollment::from(current).writable_json();
        let terms = EnrollmentProfile::patched(before, patch).map_err(ApiError::Validation)?;
        check_within(&agreement, &terms)?;
        let standing = db::enrollments::lock_cooperative(conn, current_coop).await?;
        if let Some((_, Some(since), _)) = standing
            && terms.starts_on < since
        {
            return Err(ApiError::invalid(
                "starts_on",
                "before_membership",
                msg!("before-membership", since = since.to_string()),
            ));
        }
        Ok::<_, ApiError>(db::enrollments::update(conn, id, terms).await?)
    })
    .await?;
    Ok(respond(HttpResponse::Ok(), row))
}
