//! `/v1/events/{id}/participations`: which co-ops came and with how many representatives.
//! Admins record any co-op's; a co-op manager its own co-op's (and sees only those).

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use serde_json::{Map, Value};

use super::READERS;
use super::views::{Event, Participation, ParticipationInput, ParticipationPatch};
use crate::auth::{Caller, Role};
use crate::db::events::{EventRow, ParticipationRow};
use crate::db::{self, AsyncPgConnection, DbPool};
use crate::domain::event::NewParticipation;
use crate::domain::ids::{CooperativeId, EventId, ParticipationId};
use crate::error::{ApiError, ApiResult, OnConstraint};
use crate::i18n::msg;
use crate::routes::crud::child::{self, Child};
use crate::routes::crud::{self, Creatable, Deletable, ListResponses, Readable, Updatable};
use crate::routes::export::fetch;
use crate::routes::pagination::{PageParams, Paging, bad_query, format};
use crate::routes::resource::{load, load_for_update};
use crate::routes::{body::JsonObject, responses};

const WRITERS: &[Role] = &[Role::Admin, Role::CoopManager];

/// A co-op manager may write only its own co-op's participations.
fn may_write(caller: &Caller, cooperative: CooperativeId) -> ApiResult<()> {
    if caller.role() == Role::CoopManager && !caller.manages(cooperative) {
        return Err(ApiError::Forbidden(msg!("coop-manager-own-participations")));
    }
    Ok(())
}

impl Readable for Participation {
    type Row = ParticipationRow;

    fn may_read(caller: &Caller) -> ApiResult<()> {
        Event::may_read(caller)
    }
}

impl Child for Participation {
    type ParentId = EventId;

    fn parent_of(row: &ParticipationRow) -> EventId {
        row.event_id
    }

    fn may_write(caller: &Caller, row: &ParticipationRow) -> ApiResult<()> {
        may_write(caller, row.cooperative_id)
    }
}

impl Creatable for Participation {
    type Parent = EventId;
    type New = NewParticipation;

    fn may_create(caller: &Caller) -> ApiResult<()> {
        caller.require(WRITERS, msg!("may-record-participations"))
    }

    fn parse(body: Map<String, Value>) -> ApiResult<NewParticipation> {
        NewParticipation::from_json(body).map_err(ApiError::Validation)
    }

    async fn insert(
        conn: &mut AsyncPgConnection,
        caller: &Caller,
        event: EventId,
        new: NewParticipation,
    ) -> ApiResult<ParticipationRow> {
        may_write(caller, new.cooperative_id)?;
        // Locked so that the event is not deleted meanwhile.
        load_for_update::<EventRow>(conn, event).await?;
        let unknown =
            || ApiError::invalid("cooperative_id", "unknown", msg!("no-such-cooperative"));
        db::events::insert_participation(conn, event, new)
            .await
            .on_constraint("event_participations_cooperative_id_fkey", unknown)
    }

    fn location(event: EventId, _: &ParticipationRow) -> String {
        format!("/v1/events/{event}/participations")
    }
}

impl Updatable for Participation {
    /// The number of representatives, the only writable field.
    type Profile = i32;

    fn may_update(caller: &Caller, _: ParticipationId) -> ApiResult<()> {
        caller.require(WRITERS, msg!("may-record-participations"))
    }

    fn patched(_: &Caller, current: ParticipationRow, patch: Map<String, Value>) -> ApiResult<i32> {
        let before = Participation::from(current).writable_json();
        NewParticipation::patched(before, patch).map_err(ApiError::Validation)
    }

    async fn update(
        conn: &mut AsyncPgConnection,
        id: ParticipationId,
        representatives: i32,
    ) -> ApiResult<ParticipationRow> {
        Ok(db::events::update_participation(conn, id, representatives).await?)
    }
}

impl Deletable for Participation {
    fn may_delete(caller: &Caller) -> ApiResult<()> {
        caller.require(WRITERS, msg!("may-record-participations"))
    }
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
    let format = format(&mut errors, &req, p.format.as_deref())?;
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
    crud::create::<Participation>(caller, &pool, id.into_inner(), body.into_inner()).await
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
    let (event, id) = path.into_inner();
    child::update_child::<Participation>(caller, &pool, event, id, &req, body.into_inner()).await
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
    let (event, id) = path.into_inner();
    child::delete_child::<Participation>(caller, &pool, event, id, &req).await
}
