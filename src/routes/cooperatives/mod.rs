//! `/v1/cooperatives`: the federation's register of member cooperatives.

mod create;
mod delete;
mod history;
mod list;
mod read;
mod update;
pub mod views;

use actix_web::HttpResponse;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::db::cooperatives::CooperativeRow;
use crate::routes::conditional::with_etag;
use views::Cooperative;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list::list_cooperatives)
        .service(create::create_cooperative)
        .service(read::get_cooperative)
        .service(update::update_cooperative)
        .service(delete::delete_cooperative)
        .service(history::cooperative_history);
}

/// A cooperative with its `ETag`.
fn respond(response: actix_web::HttpResponseBuilder, row: CooperativeRow) -> HttpResponse {
    with_etag(response, row.version, Cooperative::from(row))
}
