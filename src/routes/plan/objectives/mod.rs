//! Objectives (`/v1/orientations/{id}/objectives`, `/v1/objectives/{id}`) and their
//! progress (`/v1/objectives/{id}/progress`).

mod create;
mod delete;
mod list;
mod read;
mod update;
pub mod views;

use actix_web::{HttpResponse, get, web};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::db::objectives::ObjectiveRow;
use crate::db::plans::{OrientationRow, PlanRow};
use crate::db::{self, DbPool, Resource};
use crate::domain::ids::ObjectiveId;
use crate::error::{ApiError, ApiResult, OrNotFound};
use crate::i18n::msg;
use crate::routes::plan::shared::READERS;
use crate::routes::plan::shared::progress::{AsOfParams, ObjectiveProgress, progress_of};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list::list_objectives)
        .service(create::create_objective)
        .service(read::get_objective)
        .service(update::update_objective)
        .service(delete::delete_objective)
        .service(get_objective_progress);
}

/// The period of the plan an orientation belongs to: an objective's dates must lie within it.
pub(crate) async fn period_of(
    conn: &mut diesel_async::AsyncPgConnection,
    orientation: crate::domain::ids::OrientationId,
) -> Result<crate::domain::plans::Period, crate::error::ApiError> {
    let orientation = OrientationRow::find(conn, orientation).await.or_404()?;
    let plan = PlanRow::find(conn, orientation.plan_id).await.or_404()?;
    Ok(plan.period())
}

/// Read an objective's progress
///
/// Admins, readers and co-op managers. The latest value, the share of the way from baseline
/// to target, the share expected by then on the straight line from baseline (at its date) to
/// target (at its date), and `tracking`: `on_track` when at most 10 points behind the line,
/// `at_risk` when at most 25 points behind, `off_track` beyond (see `ObjectiveProgress`).
#[utoipa::path(
    tag = "strategic-plans",
    params(("id" = Uuid, Path, description = "Objective id"), AsOfParams),
    responses(
        (status = 200, description = "The objective's progress", body = ObjectiveProgress),
    ),
    security(("bearer" = ["admin", "reader", "coop_manager"]))
)]
#[get("/objectives/{id}/progress")]
pub async fn get_objective_progress(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<ObjectiveId>,
    params: web::Query<AsOfParams>,
) -> ApiResult<HttpResponse> {
    caller.require(READERS, msg!("may-read-strategic-plans"))?;
    let day = params.day()?;
    let mut conn = db::conn(&pool).await?;
    let row = ObjectiveRow::find(&mut conn, id.into_inner())
        .await
        .or_404()?;
    let progress = progress_of(&mut conn, vec![row], day)
        .await?
        .pop()
        .ok_or_else(|| ApiError::Internal("no progress computed for an objective".into()))?;
    Ok(HttpResponse::Ok().json(progress))
}
