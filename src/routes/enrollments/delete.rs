use crate::i18n::msg;
use actix_web::{HttpRequest, HttpResponse, delete, web};

use crate::auth::{Caller, Role};
use crate::db::enrollments::EnrollmentRow;
use crate::db::{self, DbPool, Resource};
use crate::domain::ids::{AgreementId, EnrollmentId};
use crate::error::{ApiError, ApiResult, OrNotFound};
use crate::routes::conditional::IfMatch;

/// Delete an enrolment
///
/// Admins only, for enrolments entered by mistake; to record that a co-op left the
/// agreement, set `ends_on` instead so that eligibility on past dates stays true.
#[utoipa::path(
    tag = "enrollments",
    params(
        ("id" = Uuid, Path, description = "Agreement id"),
        ("enrollment_id" = Uuid, Path, description = "Enrolment id"),
    ),
    responses(
        (status = 204, description = "Deleted"),
    ),
    security(("bearer" = ["admin"]))
)]
#[delete("/service-agreements/{id}/enrollments/{enrollment_id}")]
pub async fn delete_enrollment(
    caller: Caller,
    pool: web::Data<DbPool>,
    path: web::Path<(AgreementId, EnrollmentId)>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    caller.require(&[Role::Admin], msg!("may-delete-enrolments"))?;
    let (agreement_id, id) = path.into_inner();
    let if_match = IfMatch::of(&req);
    let mut conn = db::conn(&pool).await?;
    db::write(&mut conn, &caller.actor(), async |conn| {
        let current = db::enrollments::find_in_for_update(conn, agreement_id, id)
            .await
            .or_404()?;
        if_match.check(current.version)?;
        Ok::<_, ApiError>(EnrollmentRow::delete(conn, id).await?)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
