//! `/v1/events/{id}/presentations`: the talks given at an event, by whom, for which partner
//! or about which project. Admins write; whoever reads events reads them.

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use serde_json::{Map, Value};

use super::READERS;
use super::views::{Event, Presentation, PresentationPatch};
use crate::auth::{Caller, Role};
use crate::db::events::{EventRow, PresentationRow};
use crate::db::{self, AsyncPgConnection, DbPool};
use crate::domain::event::PresentationProfile;
use crate::domain::ids::{EventId, PresentationId};
use crate::error::{ApiError, ApiResult, ConstraintCase, OnConstraint};
use crate::i18n::msg;
use crate::routes::crud::child::{self, Child};
use crate::routes::crud::{self, Creatable, Deletable, ListResponses, Readable, Updatable};
use crate::routes::export::fetch;
use crate::routes::pagination::{PageParams, Paging, bad_query, format};
use crate::routes::resource::{load, load_for_update};
use crate::routes::{body::JsonObject, responses};

/// A partner or project that is missing, or deleted meanwhile, fails its foreign key.
const UNKNOWN_REFERENCES: &[ConstraintCase<'static>] = &[
    ("event_presentations_partner_id_fkey", || {
        ApiError::invalid("partner_id", "unknown", msg!("no-such-partner"))
    }),
    ("event_presentations_project_id_fkey", || {
        ApiError::invalid("project_id", "unknown", msg!("no-such-project"))
    }),
];

impl Readable for Presentation {
    type Row = PresentationRow;

    fn may_read(caller: &Caller) -> ApiResult<()> {
        Event::may_read(caller)
    }
}

impl Child for Presentation {
    type ParentId = EventId;

    fn parent_of(row: &PresentationRow) -> EventId {
        row.event_id
    }
}

impl Creatable for Presentation {
    type Parent = EventId;
    type New = PresentationProfile;

    fn may_create(caller: &Caller) -> ApiResult<()> {
        caller.require(&[Role::Admin], msg!("may-record-presentations"))
    }

    fn parse(body: Map<String, Value>) -> ApiResult<PresentationProfile> {
        crud::parse(body)
    }

    async fn insert(
        conn: &mut AsyncPgConnection,
        _: &Caller,
        event: EventId,
        new: PresentationProfile,
    ) -> ApiResult<PresentationRow> {
        // Locked so that the event is not deleted meanwhile.
        load_for_update::<EventRow>(conn, event).await?;
        db::events::insert_presentation(conn, event, new)
            .await
            .on_constraints(UNKNOWN_REFERENCES)
    }

    fn location(event: EventId, _: &PresentationRow) -> String {
        format!("/v1/events/{event}/presentations")
    }
}

impl Updatable for Presentation {
    type Profile = PresentationProfile;

    fn may_update(caller: &Caller, _: PresentationId) -> ApiResult<()> {
        caller.require(&[Role::Admin], msg!("may-edit-presentations"))
    }

    fn patched(
        _: &Caller,
        current: PresentationRow,
        patch: Map<String, Value>,
    ) -> ApiResult<PresentationProfile> {
        crud::patched::<Presentation, _>(current, patch)
    }

    async fn update(
        conn: &mut AsyncPgConnection,
        id: PresentationId,
        profile: PresentationProfile,
    ) -> ApiResult<PresentationRow> {
        db::events::update_presentation(conn, id, profile)
            .await
            .on_constraints(UNKNOWN_REFERENCES)
    }
}

impl Deletable for Presentation {
    fn may_delete(caller: &Caller) -> ApiResult<()> {
        caller.require(&[Role::Admin], msg!("may-delete-presentations"))
    }
}

/// List an event's presentations
///
/// In creation order. Admins, readers and co-op managers.
#[utoipa::path(
    tag = "events",
    params(("id" = Uuid, Path, description = "Event id"), PageParams),
    responses(
        ListResponses<Presentation>,
    ),
    security(("bearer" = ["admin", "reader", "coop_manager"]))
)]
#[get("/events/{id}/presentations")]
pub async fn list_event_presentations(
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
    let paging = Paging::<PresentationId>::parse(&mut errors, p.limit, p.cursor.as_deref(), "id");
    if !errors.is_empty() {
        return Err(bad_query(errors));
    }
    {
        let mut conn = db::conn(&pool).await?;
        load::<EventRow>(&mut conn, event).await?;
    }
    let fetch = fetch!(=> |conn, after, limit| {
        db::events::presentations(conn, event, after, limit)
    });
    let position = |row: &PresentationRow| row.id;
    paging
        .serve(
            &req,
            &pool,
            (format, "presentations"),
            fetch,
            position,
            Presentation::from,
        )
        .await
}

/// Record a presentation
///
/// Admins only. `partner_id` and `project_id`, when given, must name existing records (422).
#[utoipa::path(
    tag = "events",
    params(("id" = Uuid, Path, description = "Event id")),
    request_body = PresentationProfile,
    responses(
        (status = 201, description = "Recorded", body = Presentation,
            headers(("Location" = String, description = "The event's presentations"), ("ETag" = String))),
        (status = 409, response = responses::Conflict),
    ),
    security(("bearer" = ["admin"]))
)]
#[post("/events/{id}/presentations")]
pub async fn create_event_presentation(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<EventId>,
    body: web::Json<JsonObject>,
) -> ApiResult<HttpResponse> {
    crud::create::<Presentation>(caller, &pool, id.into_inner(), body.into_inner()).await
}

/// Update a presentation
///
/// Admins only. A JSON merge patch; honours `If-Match`.
#[utoipa::path(
    tag = "events",
    params(
        ("id" = Uuid, Path, description = "Event id"),
        ("presentation_id" = Uuid, Path, description = "Presentation id"),
    ),
    request_body(content = PresentationPatch, content_type = "application/merge-patch+json",
        example = json!({"presenter_role": "Directeur de comptes, SAGE"})),
    responses(
        (status = 200, description = "The updated presentation", body = Presentation, headers(("ETag" = String))),
        (status = 409, response = responses::Conflict),
    ),
    security(("bearer" = ["admin"]))
)]
#[patch("/events/{id}/presentations/{presentation_id}")]
pub async fn update_event_presentation(
    caller: Caller,
    pool: web::Data<DbPool>,
    path: web::Path<(EventId, PresentationId)>,
    req: HttpRequest,
    body: web::Json<JsonObject>,
) -> ApiResult<HttpResponse> {
    let (event, id) = path.into_inner();
    child::update_child::<Presentation>(caller, &pool, event, id, &req, body.into_inner()).await
}

/// Delete a presentation
///
/// Admins only. Honours `If-Match`.
#[utoipa::path(
    tag = "events",
    params(
        ("id" = Uuid, Path, description = "Event id"),
        ("presentation_id" = Uuid, Path, description = "Presentation id"),
    ),
    responses((status = 204, description = "Deleted")),
    security(("bearer" = ["admin"]))
)]
#[delete("/events/{id}/presentations/{presentation_id}")]
pub async fn delete_event_presentation(
    caller: Caller,
    pool: web::Data<DbPool>,
    path: web::Path<(EventId, PresentationId)>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    let (event, id) = path.into_inner();
    child::delete_child::<Presentation>(caller, &pool, event, id, &req).await
}
