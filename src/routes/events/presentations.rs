//! `/v1/events/{id}/presentations`: the talks given at an event, by whom, for which partner
//! or about which project. Admins write; whoever reads events reads them.

use crate::i18n::msg;
use crate::routes::crud::ListResponses;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};

use super::READERS;
use super::views::{Presentation, PresentationInput, PresentationPatch};
use crate::auth::{Caller, Role};
use crate::db::events::{EventRow, PresentationRow};
use crate::db::{self, DbPool, Resource};
use crate::domain::event::PresentationProfile;
use crate::domain::ids::{EventId, PresentationId};
use crate::error::{ApiError, ApiResult, ConstraintCase, OnConstraint, OrNotFound};
use crate::routes::conditional::{IfMatch, with_etag};
use crate::routes::export::fetch;
use crate::routes::pagination::{PageParams, Paging, bad_query, format};
use crate::routes::resource::{delete_if, load};
use crate::routes::{body::JsonObject, responses};

/// The presentation, if it belongs to the event.
fn of_event(row: Option<PresentationRow>, event: EventId) -> ApiResult<PresentationRow> {
    row.filter(|p| p.event_id == event)
        .ok_or_else(|| ApiError::not_found(PresentationId::RESOURCE))
}

/// A partner or project that is missing, or deleted meanwhile, fails its foreign key.
const UNKNOWN_REFERENCES: &[ConstraintCase<'static>] = &[
    ("event_presentations_partner_id_fkey", || {
        ApiError::invalid("partner_id", "unknown", msg!("no-such-partner"))
    }),
    ("event_presentations_project_id_fkey", || {
        ApiError::invalid("project_id", "unknown", msg!("no-such-project"))
    }),
];

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
    let format = format(&mut errors, &req, p.format.as_deref());
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
    request_body = PresentationInput,
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
    caller.require(&[Role::Admin], msg!("may-record-presentations"))?;
    let event = id.into_inner();
    let profile =
        PresentationProfile::from_json(body.into_inner().0).map_err(ApiError::Validation)?;
    let mut conn = db::conn(&pool).await?;
    let row = db::write(&mut conn, &caller.actor(), async |conn| {
        EventRow::find_for_update(conn, event).await.or_404()?;
        db::events::insert_presentation(conn, event, profile)
            .await
            .on_constraints(UNKNOWN_REFERENCES)
    })
    .await?;
    let mut response = HttpResponse::Created();
    response.insert_header((
        header::LOCATION,
        format!("/v1/events/{event}/presentations"),
    ));
    Ok(with_etag(response, row.version, Presentation::from(row)))
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
    caller.require(&[Role::Admin], msg!("may-edit-presentations"))?;
    let (event, id) = path.into_inner();
    let patch = body.into_inner().0;
    let if_match = IfMatch::of(&req);
    let mut conn = db::conn(&pool).await?;
    let row = db::write(&mut conn, &caller.actor(), async |conn| {
        let current = of_event(PresentationRow::find_for_update(conn, id).await?, event)?;
        if_match.check(current.version)?;
        let before = Presentation::from(current).writable_json();
        let profile = PresentationProfile::patched(before, patch).map_err(ApiError::Validation)?;
        db::events::update_presentation(conn, id, profile)
            .await
            .on_constraints(UNKNOWN_REFERENCES)
    })
    .await?;
    Ok(with_etag(
        HttpResponse::Ok(),
        row.version,
        Presentation::from(row),
    ))
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
    caller.require(&[Role::Admin], msg!("may-delete-presentations"))?;
    let (event, id) = path.into_inner();
    delete_if::<PresentationRow>(&pool, &req, id, msg!("delete-referenced"), |row| {
        of_event(Some(row.clone()), event).map(drop)
    })
    .await
}
