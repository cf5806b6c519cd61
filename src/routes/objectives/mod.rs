//! Objectives (`/v1/orientations/{id}/objectives`, `/v1/objectives/{id}`) and their
//! progress (`/v1/objectives/{id}/progress`).

mod create;
mod delete;
mod list;
pub mod progress;
mod read;
mod update;
pub mod views;

use crate::db::Resource;
use crate::db::plans::OrientationRow;
use crate::db::plans::PlanRow;
use crate::error::OrNotFound;
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list::list_objectives)
        .service(create::create_objective)
        .service(read::get_objective)
        .service(update::update_objective)
        .service(delete::delete_objective)
        .service(progress::get_objective_progress);
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
