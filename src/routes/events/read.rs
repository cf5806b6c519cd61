use crate::i18n::msg;
use actix_web::{HttpRequest, HttpResponse, get, web};

use super::READERS;
use super::views::Event;
use crate::auth::Caller;
use crate::db::{self, DbPool};
use crate::domain::ids::EventId;
use crate::error::{ApiError, ApiResult};
use crate::routes::conditional;

/// Read an event
///
/// With its attendance and where the figures come from. Admins, readers and co-op managers.
#[utoipa::path(
    tag = "events",
    params(("id" = Uuid, Path, description = "Event id")),
    responses(
        (status = 200, description = "The event", body = Event, headers(("ETag" = String))),
        (status = 304, description = "Not modified since the version named in `If-None-Match`"),
    ),
    security(("bearer" = ["admin", "reader", "coop_manager"]))
)]
#[get("/events/{id}")]
pub async fn get_event(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<EventId>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    caller.require(READERS, msg!("may-read-events"))?;
    let mut conn = db::conn(&pool).await?;
    let event = db::events::find_tallied(&mut conn, id.into_inner())
        .await?
        .ok_or_else(|| ApiError::not_found(EventId::RESOURCE))?;
    Ok(conditional::read(&req, event.0.version, Event::from(event)))
}
