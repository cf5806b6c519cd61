//! The federation's strategic plan: plans (`/v1/strategic-plans`, with their summary), their
//! orientations, the orientations' objectives (with their progress) and the objectives'
//! measurements. Each resource has its folder; what several of them use is in `shared`,
//! which names none of them, so the resources never import one another.

pub mod measurements;
pub mod objectives;
pub mod orientations;
pub mod plans;
pub mod shared;

use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.configure(plans::configure)
        .configure(orientations::configure)
        .configure(objectives::configure)
        .configure(measurements::configure);
}
