//! Objectives (`/v1/orientations/{id}/objectives`, `/v1/objectives/{id}`), their
//! measurements (`/v1/objectives/{id}/measurements`, `/v1/measurements/{id}`) and progress.

mod collection;
mod item;
mod measurement;
mod measurements;
pub mod progress;
pub mod views;

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
    orientation: uuid::Uuid,
) -> Result<crate::domain::plans::Period, crate::error::ApiError> {
    use crate::error::ApiError;
    let orientation = crate::db::plans::find_orientation(conn, orientation)
        .await?
        .ok_or_else(|| ApiError::not_found("orientation"))?;
    let plan = crate::db::plans::find_plan(conn, orientation.plan_id)
        .await?
        .ok_or_else(|| ApiError::not_found("strategic plan"))?;
    Ok(plan.period())
}
