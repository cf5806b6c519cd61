//! Objectives (`/v1/orientations/{id}/objectives`, `/v1/objectives/{id}`), their
//! measurements (`/v1/objectives/{id}/measurements`, `/v1/measurements/{id}`) and progress.

mod collection;
mod item;
mod measurement;
mod measurements;
pub mod progress;
pub mod views;

use crate::db::Resource;
use crate::db::plans::OrientationRow;
use crate::db::plans::PlanRow;
use crate::error::OrNotFound;
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(collection::list_objectives)
        .service(collection::create_objective)
        .service(item::get_objective)
        .service(item::update_objective)
        .service(item::delete_objective)
        .service(progress::get_objective_progress)
        .service(measurements::list_measurements)
        .service(measurements::create_measurement)
        .service(measurement::get_measurement)
        .service(measurement::update_measurement)
        .service(measurement::delete_measurement);
}

/// The period of the plan an orientation belongs to: an objective's dates must lie within it.
async fn period_of(
    conn: &mut diesel_async::AsyncPgConnection,
    orientation: crate::domain::ids::OrientationId,
) -> Result<crate::domain::plans::Period, crate::error::ApiError> {
    let orientation = OrientationRow::find(conn, orientation).await.or_404()?;
    let plan = PlanRow::find(conn, orientation.plan_id).await.or_404()?;
    Ok(plan.period())
}
