use crate::i18n::msg;
use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::Deserialize;
use utoipa::IntoParams;

use super::views::Enrollment;
use crate::auth::{Caller, Role};
use crate::db::cooperatives::CooperativeRow;
use crate::db::enrollments::{EnrollmentRow, Filter};
use crate::db::{self, DbPool, Resource};
use crate::domain::ids::{AgreementId, CooperativeId, EnrollmentId};
use crate::error::{ApiError, ApiResult, OrNotFound};
use crate::routes::agreements::scope;
use crate::routes::crud::ListResponses;
use crate::routes::export::fetch;
use crate::routes::pagination::{Paging, bad_query};

/// Page of an enrolment list, optionally only the enrolments covering a date.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListEnrollmentsParams {
    /// Page size, 1–500 (default 50).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 500, example = 50)]
    limit: Option<crate::routes::pagination::Limit>,
    /// `next_cursor` of the previous page.
    #[param(min_length = 1)]
    cursor: Option<String>,
    /// Only enrolments covering this date (`YYYY-MM-DD`): who is enrolled on that day.
    #[param(value_type = Option<chrono::NaiveDate>, example = "2021-01-15")]
    on: Option<String>,
    /// `json` (pages, default), or `csv` / `ndjson`: every matching enrolment, streamed
    /// (`limit` is then ignored). `Accept: text/csv` or `application/x-ndjson` does the same.
    #[param(example = "csv", value_type = Option<crate::routes::export::Format>)]
    format: Option<String>,
}

const SORT: &str = "id";

async fn page(
    pool: web::Data<DbPool>,
    params: ListEnrollmentsParams,
    mut filter: Filter,
    req: &HttpRequest,
) -> ApiResult<HttpResponse> {
    let mut errors = Vec::new();
    let paging =
        Paging::<EnrollmentId>::parse(&mut errors, params.limit, params.cursor.as_deref(), SORT);
    filter.covering = crate::routes::query::date(&mut errors, "on", params.on);
    let format = crate::routes::pagination::format(&mut errors, req, params.format.as_deref())?;
    if !errors.is_empty() {
        return Err(bad_query(errors));
    }
    let fetch = fetch!(filter => |conn, after, limit| {
        db::enrollments::list(conn, &filter, after, limit)
    });
    let position = |row: &EnrollmentRow| row.id;
    paging
        .serve(
            req,
            &pool,
            (format, "enrollments"),
            fetch,
            position,
            Enrollment::from,
        )
        .await
}

/// List an agreement's enrolments
///
/// Visible to whoever may read the agreement (404 otherwise); a co-op manager sees its own
/// co-op's enrolments only. In creation order.
#[utoipa::path(
    tag = "enrollments",
    params(("id" = Uuid, Path, description = "Agreement id"), ListEnrollmentsParams),
    responses(
        ListResponses<Enrollment>,
    ),
    security(("bearer" = ["admin", "reader", "coop_manager", "partner"]))
)]
#[get("/service-agreements/{id}/enrollments")]
pub async fn list_agreement_enrollments(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<AgreementId>,
    params: web::Query<ListEnrollmentsParams>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    let agreement_id = id.into_inner();
    {
        let mut conn = db::conn(&pool).await?;
        db::agreements::find_visible(&mut conn, agreement_id, scope(&caller))
            .await
            .or_404()?;
    }
    let filter = Filter {
        agreement_id: Some(agreement_id),
        cooperative_id: caller.binding().cooperative_id(),
        ..Filter::default()
    };
    page(pool, params.into_inner(), filter, &req).await
}

/// List a co-op's enrolments
///
/// Admins and readers see any co-op's; a co-op manager its own co-op's (403 for another);
/// a partner only the enrolments in its own agreements. In creation order.
#[utoipa::path(
    tag = "enrollments",
    params(("id" = Uuid, Path, description = "Cooperative id"), ListEnrollmentsParams),
    responses(
        ListResponses<Enrollment>,
    ),
    security(("bearer" = ["admin", "reader", "coop_manager", "partner"]))
)]
#[get("/cooperatives/{id}/enrollments")]
pub async fn list_cooperative_enrollments(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<CooperativeId>,
    params: web::Query<ListEnrollmentsParams>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    let cooperative_id = id.into_inner();
    if caller.role() == Role::CoopManager && !caller.manages(cooperative_id) {
        return Err(ApiError::Forbidden(msg!("coop-manager-own-enrollments")));
    }
    {
        let mut conn = db::conn(&pool).await?;
        CooperativeRow::find(&mut conn, cooperative_id)
            .await
            .or_404()?;
    }
    let filter = Filter {
        cooperative_id: Some(cooperative_id),
        partner_id: caller.binding().partner_id(),
        ..Filter::default()
    };
    page(pool, params.into_inner(), filter, &req).await
}
