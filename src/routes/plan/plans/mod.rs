//! `/v1/strategic-plans`: the federation's three-year plans, and their board-report summary.

mod create;
mod delete;
mod history;
mod list;
mod read;
pub mod summary;
mod update;
pub mod views;

use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list::list_strategic_plans)
        .service(create::create_strategic_plan)
        .service(read::get_strategic_plan)
        .service(update::update_strategic_plan)
        .service(delete::delete_strategic_plan)
        .service(summary::get_strategic_plan_summary)
        .service(history::strategic_plan_history);
}
