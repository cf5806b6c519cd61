//! `/v1/events/{id}/participations`: which co-ops came and with how many representatives.
//! Admins record any co-op's; a co-op manager its own co-op's (and sees only those).

use crate::i18n::msg;
use crate::routes::crud::ListResponses;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};

use super::READERS;
use super::views::{Participation, ParticipationInput, ParticipationPatch};
use crate::auth::{Caller, Role};
use crate::db::events::{EventRow, ParticipationRow};
use crate::db::{self, DbPool, Resource};
use crate::domain::event::NewParticipation;
use crate::domain::ids::{CooperativeId, EventId, ParticipationId};
use crate::error::{ApiError, ApiResult, OnConstraint, OrNotFound};
use crate::routes::conditional::{IfMatch, with_etag};
use crate::routes::export::fetch;
use crate::routes::pagination::{PageParams, Paging, bad_query, format};
use crate::routes::resource::{delete_if, load};
use crate::routes::{body::JsonObject, responses};

const WRITERS: &[Role] = &[Role::Admin, Role::CoopManager];

/// A co-op manager may write only its own co-op's participations.
fn may_write(caller: &Caller, cooperative: CooperativeId) -> ApiResult<()> {
    if caller.role() == Role::CoopManager && !caller.manages(cooperative) {
        return Err(ApiError::Forbidden(msg!("coop-manager-own-participations")));
    }
    Ok(())
}

/// The participation, if it belongs to the event.
fn of_event(row: Option<ParticipationRow>, event: EventId) -> ApiResult<ParticipationRow> {
    row.filter(|p| p.event_id == event)
        .ok_or_else(|| ApiError::not_found(ParticipationId::RESOURCE))
}

/// List an event's participations
///
/// In creation order. Admins and readers see every co-op's; a co-op manager its own co-op's.
#[utoipa::path(
    tag = "events",
    params(("id" = Uuid, Path, description = "Event id"), PageParams),
    responses(
        ListResponses<Participation>,
    ),
    security(("bearer" = ["admin", "reader", "coop_manager"]))
)]
#[get("/events/{id}/participations")]
pub async fn list_event_participations(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<EventId>,
    params: web::Query<PageParams>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    caller.require(READERS, msg!("may-read-events"))?;
    let event = id.into_inner();
    let p = params.into_inner();
    let mut errors = Vec::new();
    let format = format(&mut errors, &req, p.format.as_deref());
    let paging = Paging::<ParticipationId>::parse(&mut errors, p.limit, p.cursor.as_deref(), "id");
    if !errors.is_empty() {
        return Err(bad_query(errors));
    }
    {
        let mut conn = db::conn(&pool).await?;
        load::<EventRow>(&mut conn, event).await?;
    }
    let own = caller.binding().cooperative_id();
    let fetch = fetch!(own => |conn, after, limit| {
        db::events::participations(conn, event, own, after, limit)
    });
    let position = |row: &ParticipationRow| row.id;
    paging
        .serve(
            &req,
            &pool,
            (format, "participations"),
            fetch,
            position,
            Participation::from,
        )
        .await
}

/// Record a co-op's participation
///
/// Admins for any co-op; a co-op manager for its own (403 for another). Once per co-op and
/// event (409).
#[utoipa::path(
    tag = "events",
    params(("id" = Uuid, Path, description = "Event id")),
    request_body = ParticipationInput,
    responses(
        (status = 201, description = "Recorded", body = Participation,
            headers(("Location" = String, description = "The event's participations"), ("ETag" = String))),
        (status = 409, response = responses::Conflict),
    ),
    security(("bearer" = ["admin", "coop_manager"]))
)]
#[post("/events/{id}/participations")]
pub async fn create_event_participation(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<EventId>,
    body: web::Json<JsonObject>,
) -> ApiResult<HttpResponse> {
    caller.require(WRITERS, msg!("may-record-participations"))?;
    let event = id.into_inner();
    let new = NewParticipation::from_json(body.into_inner().0).map_err(ApiError::Validation)?;
    may_write(&caller, new.cooperative_id)?;
    let mut conn = db::conn(&pool).await?;
    let row = db::write(&mut conn, &caller.actor(), async |conn| {
        // Locked so that the event is not deleted meanwhile.
        EventRow::find_for_update(conn, event).await.or_404()?;
        let unknown =
            || ApiError::invalid("cooperative_id", "unknown", msg!("no-such-cooperative"));
        db::events::insert_participation(conn, event, new)
            .await
            .on_constraint("event_participations_cooperative_id_fkey", unknown)
    })
    .await?;
    let mut response = HttpResponse::Created();
    response.insert_header((
        header::LOCATION,
        format!("/v1/events/{event}/participations"),
    ));
    Ok(with_etag(response, row.version, Participation::from(row)))
}

/// Update a participation
///
/// Its number of representatives, as a JSON merge patch; the co-op never changes. Admins,
/// or the co-op's manager. Honours `If-Match`.
#[utoipa::path(
    tag = "events",
    params(
        ("id" = Uuid, Path, description = "Event id"),
        ("participation_id" = Uuid, Path, description = "Participation id"),
    ),
    request_body(content = ParticipationPatch, content_type = "application/merge-patch+json",
        example = json!({"representatives": 3})),
    responses(
        (status = 200, description = "The updated participation", body = Participation, headers(("ETag" = String))),
    ),
    security(("bearer" = ["admin", "coop_manager"]))
)]
#[patch("/events/{id}/participations/{participation_id}")]
pub async fn update_event_participation(
    caller: Caller,
    pool: web::Data<DbPool>,
    path: web::Path<(EventId, ParticipationId)>,
    req: HttpRequest,
    body: web::Json<JsonObject>,
) -> ApiResult<HttpResponse> {
    caller.require(WRITERS, msg!("may-record-participations"))?;
    let (event, id) = path.into_inner();
    let patch = body.into_inner().0;
    let if_match = IfMatch::of(&req);
    let mut conn = db::conn(&pool).await?;
    let row = db::write(&mut conn, &caller.actor(), async |conn| {
        let current = of_event(ParticipationRow::find_for_update(conn, id).await?, event)?;
        may_write(&caller, current.cooperative_id)?;
        if_match.check(current.version)?;
        let before = Participation::from(current).writable_json();
        let representatives =
            NewParticipation::patched(before, patch).map_err(ApiError::Validation)?;
        Ok::<_, ApiError>(db::events::update_participation(conn, id, representatives).await?)
    })
    .await?;
    Ok(with_etag(
        HttpResponse::Ok(),
        row.version,
        Participation::from(row),
    ))
}

/// Delete a participation
///
/// Admins, or the co-op's manager. Honours `If-Match`.
#[utoipa::path(
    tag = "events",
    params(
        ("id" = Uuid, Path, description = "Event id"),
        ("participation_id" = Uuid, Path, description = "Participation id"),
    ),
    responses((status = 204, description = "Deleted")),
    security(("bearer" = ["admin", "coop_manager"]))
)]
#[delete("/events/{id}/participations/{participation_id}")]
pub async fn delete_event_participation(
    caller: Caller,
    pool: web::Data<DbPool>,
    path: web::Path<(EventId, ParticipationId)>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    caller.require(WRITERS, msg!("may-record-participations"))?;
    let (event, id) = path.into_inner();
    delete_if::<ParticipationRow>(&pool, &req, id, msg!("delete-referenced"), |row| {
        of_event(Some(row.clone()), event)?;
        may_write(&caller, row.cooperative_id)
    })
    .await
}
