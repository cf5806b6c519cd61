//! `/v1/reports/annual`: the federation's year assembled from its records, as JSON or as a
//! printable French HTML page.

mod annual;
mod assemble;
mod html;
pub mod views;

pub use annual::ReportFormat;

use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(annual::get_annual_report);
}
