//! `/v1/representations`: the federation's briefs and meetings with authorities, and their
//! numbered requests. Admins write; readers read.

mod list;
mod requests;
pub mod views;

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use serde_json::{Map, Value};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::{Caller, Role};
use crate::db::representations::RepresentationRow;
use crate::db::{self, AsyncPgConnection, DbPool};
use crate::domain::change::ResourceType;
use crate::domain::ids::RepresentationId;
use crate::domain::representation::RepresentationProfile;
use crate::error::{ApiError, ApiResult};
use crate::i18n::msg;
use crate::routes::crud::{
    self, Creatable, Deletable, HistoryResponses, Readable, Tracked, Updatable,
};
use crate::routes::pagination::PageParams;
use crate::routes::{body::JsonObject, responses, today};
use views::{Representation, RepresentationInput, RepresentationPatch};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list::list_representations)
        .service(create_representation)
        .service(get_representation)
        .service(update_representation)
        .service(delete_representation)
        .service(representation_history)
        .service(requests::list_representation_requests)
        .service(requests::create_representation_request)
        .service(requests::update_representation_request);
}

const READERS: &[Role] = &[Role::Admin, Role::Reader];

impl Readable for Representation {
    type Row = RepresentationRow;

    fn may_read(caller: &Caller) -> ApiResult<()> {
        caller.require(READERS, msg!("may-read-representations"))
    }
}

impl Creatable for Representation {
    type Parent = ();
    type New = RepresentationProfile;

    fn may_create(caller: &Caller) -> ApiResult<()> {
        caller.require(&[Role::Admin], msg!("may-create-representations"))
    }

    fn parse(body: Map<String, Value>) -> ApiResult<RepresentationProfile> {
        RepresentationProfile::from_json(body, today()).map_err(ApiError::Validation)
    }

    async fn insert(
        conn: &mut AsyncPgConnection,
        _: &Caller,
        (): (),
        new: RepresentationProfile,
    ) -> ApiResult<RepresentationRow> {
        Ok(db::representations::insert(conn, new).await?)
    }

    fn location((): (), row: &RepresentationRow) -> String {
        format!("/v1/representations/{}", row.id)
    }
}

impl Updatable for Representation {
    type Profile = RepresentationProfile;

    fn may_update(caller: &Caller, _: RepresentationId) -> ApiResult<()> {
        caller.require(&[Role::Admin], msg!("may-edit-representations"))
    }

    fn patched(
        _: &Caller,
        current: RepresentationRow,
        patch: Map<String, Value>,
    ) -> ApiResult<RepresentationProfile> {
        let before = Representation::from(current).writable_json();
        RepresentationProfile::patched(before, patch, today()).map_err(ApiError::Validation)
    }

    async fn update(
        conn: &mut AsyncPgConnection,
        id: RepresentationId,
        profile: RepresentationProfile,
    ) -> ApiResult<RepresentationRow> {
        Ok(db::representations::update(conn, id, profile).await?)
    }
}

impl Deletable for Representation {
    fn may_delete(caller: &Caller) -> ApiResult<()> {
        caller.require(&[Role::Admin], msg!("may-delete-representations"))
    }
}

impl Tracked for Representation {
    const TYPE: ResourceType = ResourceType::Representation;
}

/// Create a representation
///
/// Admins only. A brief has a `filed_on`, a meeting a `held_on` (422 otherwise); neither in
/// the future.
#[utoipa::path(
    tag = "representations",
    request_body = RepresentationInput,
    responses(
        (status = 201, description = "Created", body = Representation,
            headers(("Location" = String, description = "URL of the new representation"), ("ETag" = String))),
        (status = 409, response = responses::Conflict),
    ),
    security(("bearer" = ["admin"]))
)]
#[post("/representations")]
pub async fn create_representation(
    caller: Caller,
    pool: web::Data<DbPool>,
    body: web::Json<JsonObject>,
) -> ApiResult<HttpResponse> {
    crud::create::<Representation>(caller, &pool, (), body.into_inner()).await
}

/// Read a representation
///
/// Admins and readers.
#[utoipa::path(
    tag = "representations",
    params(("id" = Uuid, Path, description = "Representation id")),
    responses(
        (status = 200, description = "The representation", body = Representation, headers(("ETag" = String))),
        (status = 304, description = "Not modified since the version named in `If-None-Match`"),
    ),
    security(("bearer" = ["admin", "reader"]))
)]
#[get("/representations/{id}")]
pub async fn get_representation(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<RepresentationId>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    crud::read::<Representation>(caller, &pool, id.into_inner(), &req).await
}

/// Update a representation
///
/// Admins only. A JSON merge patch; honours `If-Match` (412 when stale).
#[utoipa::path(
    tag = "representations",
    params(("id" = Uuid, Path, description = "Representation id")),
    request_body(content = RepresentationPatch, content_type = "application/merge-patch+json",
        example = json!({"summary": "Quatre recommandations."})),
    responses(
        (status = 200, description = "The updated representation", body = Representation, headers(("ETag" = String))),
        (status = 409, response = responses::Conflict),
    ),
    security(("bearer" = ["admin"]))
)]
#[patch("/representations/{id}")]
pub async fn update_representation(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<RepresentationId>,
    req: HttpRequest,
    body: web::Json<JsonObject>,
) -> ApiResult<HttpResponse> {
    crud::update::<Representation>(caller, &pool, id.into_inner(), &req, body.into_inner()).await
}

/// Delete a representation
///
/// Admins only, for one entered by mistake: its requests go with it.
#[utoipa::path(
    tag = "representations",
    params(("id" = Uuid, Path, description = "Representation id")),
    responses((status = 204, description = "Deleted")),
    security(("bearer" = ["admin"]))
)]
#[delete("/representations/{id}")]
pub async fn delete_representation(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<RepresentationId>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    crud::delete::<Representation>(caller, &pool, id.into_inner(), &req).await
}

/// A representation's history
///
/// Every change to the representation itself, newest first. Admins and readers.
#[utoipa::path(
    tag = "representations",
    params(("id" = Uuid, Path, description = "Representation id"), PageParams),
    responses(HistoryResponses),
    security(("bearer" = ["admin", "reader"]))
)]
#[get("/representations/{id}/history")]
pub async fn representation_history(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<RepresentationId>,
    params: web::Query<PageParams>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    crud::history::<Representation>(caller, pool, id.into_inner(), params.into_inner(), &req).await
}
