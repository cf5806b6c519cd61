//! `/v1/events`: the federation's events, which co-ops came (participations) and who
//! presented what. Admins write; readers and co-op managers read; a co-op manager records
//! its own co-op's participations.

mod list;
mod participations;
mod presentations;
pub mod views;

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use serde_json::{Map, Value};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::{Caller, Role};
use crate::db::events::TalliedEvent;
use crate::db::{self, AsyncPgConnection, DbPool};
use crate::domain::change::ResourceType;
use crate::domain::event::EventProfile;
use crate::domain::ids::EventId;
use crate::error::{ApiResult, OrNotFound};
use crate::i18n::msg;
use crate::routes::crud::{
    self, Creatable, Deletable, HistoryResponses, Readable, Tracked, Updatable,
};
use crate::routes::pagination::PageParams;
use crate::routes::{body::JsonObject, responses};
use views::{Event, EventPatch};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list::list_events)
        .service(create_event)
        .service(get_event)
        .service(update_event)
        .service(delete_event)
        .service(event_history)
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

impl Readable for Event {
    type Row = TalliedEvent;

    fn may_read(caller: &Caller) -> ApiResult<()> {
        caller.require(READERS, msg!("may-read-events"))
    }
}

impl Creatable for Event {
    type Parent = ();
    type New = EventProfile;

    fn may_create(caller: &Caller) -> ApiResult<()> {
        caller.require(&[Role::Admin], msg!("may-create-events"))
    }

    fn parse(body: Map<String, Value>) -> ApiResult<EventProfile> {
        crud::parse(body)
    }

    async fn insert(
        conn: &mut AsyncPgConnection,
        _: &Caller,
        (): (),
        new: EventProfile,
    ) -> ApiResult<TalliedEvent> {
        // A new event has no participation yet.
        Ok((db::events::insert(conn, new).await?, 0, 0))
    }

    fn location((): (), (row, ..): &TalliedEvent) -> String {
        format!("/v1/events/{}", row.id)
    }
}

impl Updatable for Event {
    type Profile = EventProfile;

    fn may_update(caller: &Caller, _: EventId) -> ApiResult<()> {
        caller.require(&[Role::Admin], msg!("may-edit-events"))
    }

    fn patched(
        _: &Caller,
        current: TalliedEvent,
        patch: Map<String, Value>,
    ) -> ApiResult<EventProfile> {
        crud::patched::<Event, _>(current, patch)
    }

    async fn update(
        conn: &mut AsyncPgConnection,
        id: EventId,
        profile: EventProfile,
    ) -> ApiResult<TalliedEvent> {
        db::events::update(conn, id, profile).await?;
        db::events::find_tallied(conn, id).await.or_404()
    }
}

impl Deletable for Event {
    fn may_delete(caller: &Caller) -> ApiResult<()> {
        caller.require(&[Role::Admin], msg!("may-delete-events"))
    }
}

impl Tracked for Event {
    const TYPE: ResourceType = ResourceType::Event;

    fn may_read_history(caller: &Caller) -> ApiResult<()> {
        caller.require(&[Role::Admin, Role::Reader], msg!("may-read-event-history"))
    }
}

/// Create an event
///
/// Admins only. Attendance is recorded either as co-ops' participations, or (when the co-ops
/// are not known) as reported totals, or as an approximate head count; every invalid field is
/// reported in one 422.
#[utoipa::path(
    tag = "events",
    request_body = EventProfile,
    responses(
        (status = 201, description = "Created", body = Event,
            headers(("Location" = String, description = "URL of the new event"), ("ETag" = String))),
        (status = 409, response = responses::Conflict),
    ),
    security(("bearer" = ["admin"]))
)]
#[post("/events")]
pub async fn create_event(
    caller: Caller,
    pool: web::Data<DbPool>,
    body: web::Json<JsonObject>,
) -> ApiResult<HttpResponse> {
    crud::create::<Event>(caller, &pool, (), body.into_inner()).await
}

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
    crud::read::<Event>(caller, &pool, id.into_inner(), &req).await
}

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
    crud::update::<Event>(caller, &pool, id.into_inner(), &req, body.into_inner()).await
}

/// Delete an event
///
/// Admins only, for events entered by mistake: its participations and presentations go
/// with it.
#[utoipa::path(
    tag = "events",
    params(("id" = Uuid, Path, description = "Event id")),
    responses((status = 204, description = "Deleted")),
    security(("bearer" = ["admin"]))
)]
#[delete("/events/{id}")]
pub async fn delete_event(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<EventId>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    crud::delete::<Event>(caller, &pool, id.into_inner(), &req).await
}

/// An event's history
///
/// Every change to the event itself, newest first. Admins and readers.
#[utoipa::path(
    tag = "events",
    params(("id" = Uuid, Path, description = "Event id"), PageParams),
    responses(HistoryResponses),
    security(("bearer" = ["admin", "reader"]))
)]
#[get("/events/{id}/history")]
pub async fn event_history(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<EventId>,
    params: web::Query<PageParams>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    crud::history::<Event>(caller, pool, id.into_inner(), params.into_inner(), &req).await
}
