//! `/v1/board-terms`: who held which office on the board, and "who was on the board on
//! date D" (`?on=D`). Personal data: names and offices only; admins and readers read every
//! term, co-op managers and partners only those marked public.

mod create;
mod delete;
mod list;
mod read;
mod update;
pub mod views;

use actix_web::HttpResponse;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::{Caller, Role};
use crate::db::board::BoardTermRow;
use crate::routes::conditional::with_etag;
use views::BoardTerm;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list::list_board_terms)
        .service(create::create_board_term)
        .service(read::get_board_term)
        .service(update::update_board_term)
        .service(delete::delete_board_term);
}

fn respond(response: actix_web::HttpResponseBuilder, row: BoardTermRow) -> HttpResponse {
    with_etag(response, row.version, BoardTerm::from(row))
}

/// True when the caller sees only terms marked public.
fn public_only(caller: &Caller) -> bool {
    !matches!(caller.role(), Role::Admin | Role::Reader)
}
