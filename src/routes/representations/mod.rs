//! `/v1/representations`: the federation's briefs and meetings with authorities, and their
//! numbered requests. Admins write; readers read.

mod create;
mod delete;
mod history;
mod list;
mod read;
mod requests;
mod update;
pub mod views;

use actix_web::HttpResponse;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Role;
use crate::db::representations::RepresentationRow;
use crate::routes::conditional::with_etag;
use views::Representation;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list::list_representations)
        .service(create::create_representation)
        .service(read::get_representation)
        .service(update::update_representation)
        .service(delete::delete_representation)
        .service(history::representation_history)
        .service(requests::list_representation_requests)
        .service(requests::create_representation_request)
        .service(requests::update_representation_request);
}

const READERS: &[Role] = &[Role::Admin, Role::Reader];

fn respond(response: actix_web::HttpResponseBuilder, row: RepresentationRow) -> HttpResponse {
    with_etag(response, row.version, Representation::from(row))
}
