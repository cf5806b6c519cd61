use crate::i18n::msg;
use actix_web::{HttpRequest, HttpResponse, patch, web};

use super::respond;
use super::views::{Event, EventPatch};
use crate::auth::{Caller, Role};
use crate::db::events::EventRow;
use crate::db::{self, DbPool, Resource};
use crate::domain::event::EventProfile;
use crate::domain::ids::EventId;
use crate::error::{ApiError, ApiResult, OrNotFound};
use crate::routes::conditional::IfMatch;
use crate::routes::{body::JsonObject, responses};

/// Update an event
///
/// Admins only. A JSON merge patch (`application/merge-patch+json`; `application/json` is
/// accepted too). Send `If-Match` with the `ETag` you read to be told (412) of a concurrent
/// change.
#[utoipa::path(
    tag = "events",
    params(("id" = Uuid, Path, description = "Event id")),
    request_body(content = EventPatch, content_type = "application/merge-patch+json",
        example = json!({"municipality": "Drummondville", "ends_on": null})),
    responses(
        (status = 200, description = "The updated event", body = Event, headers(("ETag" = String))),
        (status = 409, response = responses::Conflict),
    ),
    security(("bearer" = ["admin"]))
)]
#[patch("/events/{id}")]
pub async fn update_event(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<EventId>,
    req: HttpRequest,
    body: web::Json<JsonObject>,
) -> ApiResult<HttpResponse> {
    caller.require(&[Role::Admin], msg!("may-edit-events"))?;
    let id = id.into_inner();
    let patch = body.into_inner().0;
    let if_match = IfMatch::of(&req);
    let mut conn = db::conn(&pool).await?;
    let event = db::write(&mut conn, &caller.actor(), async |conn| {
        let current = EventRow::find_for_update(conn, id).await.or_404()?;
        if_match.check(current.version)?;
        let before = Event::from(current).writable_json();
        let profile = EventProfile::patched(before, patch).map_err(ApiError::Validation)?;
        db::events::update(conn, id, profile).await?;
        db::events::find_tallied(conn, id)
            .await?
            .ok_or_else(|| ApiError::not_found(EventId::RESOURCE))
    })
    .await?;
    Ok(respond(HttpResponse::Ok(), event))
}
