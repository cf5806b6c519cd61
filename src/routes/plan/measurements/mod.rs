//! Measurements of an objective's indicator: `/v1/objectives/{id}/measurements` and
//! `/v1/measurements/{id}`.

mod create;
mod delete;
mod list;
mod read;
mod update;
pub mod views;

use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list::list_measurements)
        .service(create::create_measurement)
        .service(read::get_measurement)
        .service(update::update_measurement)
        .service(delete::delete_measurement);
}
