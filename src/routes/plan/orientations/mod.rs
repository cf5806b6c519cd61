//! Orientations of a plan: `/v1/strategic-plans/{id}/orientations` and `/v1/orientations/{id}`.

mod create;
mod delete;
mod list;
mod read;
mod update;
pub mod views;

use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list::list_orientations)
        .service(create::create_orientation)
        .service(read::get_orientation)
        .service(update::update_orientation)
        .service(delete::delete_orientation);
}
