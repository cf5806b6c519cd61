use actix_web::{HttpRequest, HttpResponse, get, web};

use super::views::Enrollment;
use crate::auth::{Caller, Role};
use crate::db::{self, DbPool};
use crate::domain::ids::{AgreementId, EnrollmentId};
use crate::error::{ApiError, ApiResult, OrNotFound};
use crate::routes::agreements::scope;
use crate::routes::conditional;

/// Read an enrolment
///
/// Visible to whoever may read the agreement; a co-op manager sees its own co-op's
/// enrolments only. Any other is a 404.
#[utoipa::path(
    tag = "enrollments",
    params(
        ("id" = Uuid, Path, description = "Agreement id"),
        ("enrollment_id" = Uuid, Path, description = "Enrolment id"),
    ),
    responses(
        (status = 200, description = "The enrolment", body = Enrollment, headers(("ETag" = String))),
        (status = 304, description = "Not modified since the version named in `If-None-Match`"),
    ),
    security(("bearer" = ["admin", "reader", "coop_manager", "partner"]))
)]
#[get("/service-agreements/{id}/enrollments/{enrollment_id}")]
pub async fn get_enrollment(
    caller: Caller,
    pool: web::Data<DbPool>,
    path: web::Path<(AgreementId, EnrollmentId)>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    let (agreement_id, id) = path.into_inner();
    let mut conn = db::conn(&pool).await?;
    db::agreements::find_visible(&mut conn, agreement_id, scope(&caller))
        .await
        .or_404()?;
    let row = db::enrollments::find_in(&mut conn, agreement_id, id)
        .await?
        .filter(|e| caller.role() != Role::CoopManager || caller.manages(e.cooperative_id))
        .ok_or_else(|| ApiError::not_found(EnrollmentId::RESOURCE))?;
    Ok(conditional::read(&req, row.version, Enrollment::from(row)))
}
