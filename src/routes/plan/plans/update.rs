use crate::i18n::msg;
use actix_web::{HttpRequest, HttpResponse, patch, web};

use super::views::{StrategicPlan, StrategicPlanPatch};
use crate::auth::{Caller, Role};
use crate::db::plans::PlanRow;
use crate::db::{self, DbPool, Resource};
use crate::domain::FieldError;
use crate::domain::ids::PlanId;
use crate::domain::patch::writable_part;
use crate::domain::plans::{PLAN_WRITABLE, PlanProfile, merge_patch};
use crate::error::{ApiError, ApiResult, OrNotFound};
use crate::routes::conditional::IfMatch;
use crate::routes::plan::shared::respond;
use crate::routes::{body::JsonObject, responses, today};

/// Update a strategic plan
///
/// Admins only. A JSON merge patch; the patched plan must satisfy every rule of a new one.
/// `status` moves forward only (409 otherwise); adopting a plan that overlaps another adopted
/// plan is a 409; a period that would leave an objective's dates outside it is a 422.
#[utoipa::path(
    tag = "strategic-plans",
    params(
        ("id" = Uuid, Path, description = "Strategic plan id"),
    ),
    request_body(content = StrategicPlanPatch, content_type = "application/merge-patch+json",
        example = json!({"status": "adopted", "adopted_on": "2023-06-01"})),
    responses(
        (status = 200, description = "The updated plan", body = StrategicPlan, headers(("ETag" = String))),
        (status = 409, response = responses::Conflict),
    ),
    security(("bearer" = ["admin"]))
)]
#[patch("/strategic-plans/{id}")]
pub async fn update_strategic_plan(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<PlanId>,
    req: HttpRequest,
    body: web::Json<JsonObject>,
) -> ApiResult<HttpResponse> {
    caller.require(&[Role::Admin], msg!("may-edit-strategic-plans"))?;
    let id = id.into_inner();
    let patch = body.into_inner().0;
    let if_match = IfMatch::of(&req);
    let today = today();
    let mut conn = db::conn(&pool).await?;
    let row = db::write(&mut conn, &caller.actor(), async |conn| {
        let current = PlanRow::find_for_update(conn, id).await.or_404()?;
        if_match.check(current.version)?;
        let (before_status, before_period) = (current.status, current.period());
        let input = merge_patch(
            writable_part(&StrategicPlan::from(current), PLAN_WRITABLE),
            patch,
            PLAN_WRITABLE,
        )
        .validate(|doc| PlanProfile::from_json(doc, today))
        .map_err(ApiError::Validation)?;
        if !before_status.can_become(input.status) {
            return Err(ApiError::Conflict(msg!(
                "plan-status-backwards",
                from = before_status.as_str(),
                to = input.status.as_str()
            )));
        }
        if input.period != before_period {
            let outside = db::plans::objectives_outside(conn, id, input.period).await?;
            if !outside.is_empty() {
                let message = msg!("plan-objectives-outside", objectives = outside.join(", "));
                return Err(ApiError::Validation(vec![
                    FieldError::new("period_start", "objectives_outside", message.clone()),
                    FieldError::new("period_end", "objectives_outside", message),
                ]));
            }
        }
        Ok(db::plans::update_plan(conn, id, input).await?)
    })
    .await?;
    Ok(respond(
        HttpResponse::Ok(),
        row.version,
        StrategicPlan::from(row),
    ))
}
