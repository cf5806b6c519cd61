//! Orientations of a plan: `/v1/strategic-plans/{id}/orientations` and `/v1/orientations/{id}`.

mod collection;
mod item;
pub mod views;

use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(collection::list_orientations)
        .service(collection::create_orientation)
        .service(item::get_orientation)
        .service(item::update_orientation)
        .service(item::delete_orientation);
}
