//! `/v1/events`: the federation's events, which co-ops came (participations) and who
//! presented what. Admins write; readers and co-op managers read; a co-op manager records
//! its own co-op's participations.

mod create;
mod delete;
mod history;
mod list;
mod participations;
mod presentations;
mod read;
mod update;
pub mod views;

use actix_web::HttpResponse;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Role;
use crate::db::events::TalliedEvent;
use crate::routes::conditional::with_etag;
use views::Event;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list::list_events)
        .service(create::create_event)
        .service(read::get_event)
        .service(update::update_event)
        .service(delete::delete_event)
        .service(history::event_history)
        .service(participations::list_event_participations)
        .service(participations::create_event_participation)
        .service(participations::update_event_participation)
        .service(participations::delete_event_participation)
        .service(presentations::list_event_presentations)
        .service(presentations::create_event_presentation)
        .service(presentations::update_event_presentation)
        .service(presentations::delete_event_presentation);
}

/// Who may read events.
const READERS: &[Role] = &[Role::Admin, Role::Reader, Role::CoopManager];

/// An event with its `ETag`.
fn respond(response: actix_web::HttpResponseBuilder, event: TalliedEvent) -> HttpResponse {
    with_etag(response, event.0.version, Event::from(event))
}
