//! `/v1/representations/{id}/requests`: the numbered requests of a representation, and
//! what came of each (`outcome`, recorded later).

use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};
use serde_json::{Map, Value};

use super::READERS;
use super::views::{Representation, Request, RequestList, RequestPatch};
use crate::auth::{Caller, Role};
use crate::db::representations::{RepresentationRow, RequestRow};
use crate::db::{self, AsyncPgConnection, DbPool};
use crate::domain::ids::{RepresentationId, RequestId};
use crate::domain::representation::RequestProfile;
use crate::error::ApiResult;
use crate::i18n::msg;
use crate::routes::crud::child::{self, Child};
use crate::routes::crud::{self, Creatable, Readable, Updatable};
use crate::routes::resource::{load, load_for_update};
use crate::routes::{body::JsonObject, responses};

impl Readable for Request {
    type Row = RequestRow;

    fn may_read(caller: &Caller) -> ApiResult<()> {
        Representation::may_read(caller)
    }
}

impl Child for Request {
    type ParentId = RepresentationId;

    fn parent_of(row: &RequestRow) -> RepresentationId {
        row.representation_id
    }
}

impl Creatable for Request {
    type Parent = RepresentationId;
    type New = RequestProfile;

    fn may_create(caller: &Caller) -> ApiResult<()> {
        caller.require(&[Role::Admin], msg!("may-record-requests"))
    }

    fn parse(body: Map<String, Value>) -> ApiResult<RequestProfile> {
        crud::parse(body)
    }

    async fn insert(
        conn: &mut AsyncPgConnection,
        _: &Caller,
        representation: RepresentationId,
        new: RequestProfile,
    ) -> ApiResult<RequestRow> {
        // Locked so that the representation is not deleted meanwhile.
        load_for_update::<RepresentationRow>(conn, representation).await?;
        Ok(db::representations::insert_request(conn, representation, new).await?)
    }

    fn location(representation: RepresentationId, _: &RequestRow) -> String {
        format!("/v1/representations/{representation}/requests")
    }
}

impl Updatable for Request {
    type Profile = RequestProfile;

    fn may_update(caller: &Caller, _: RequestId) -> ApiResult<()> {
        caller.require(&[Role::Admin], msg!("may-edit-requests"))
    }

    fn patched(
        _: &Caller,
        current: RequestRow,
        patch: Map<String, Value>,
    ) -> ApiResult<RequestProfile> {
        crud::patched::<Request, _>(current, patch)
    }

    async fn update(
        conn: &mut AsyncPgConnection,
        id: RequestId,
        profile: RequestProfile,
    ) -> ApiResult<RequestRow> {
        Ok(db::representations::update_request(conn, id, profile).await?)
    }
}

/// List a representation's requests
///
/// By number. Admins and readers.
#[utoipa::path(
    tag = "representations",
    params(("id" = Uuid, Path, description = "Representation id")),
    responses((status = 200, description = "The requests, by number", body = RequestList)),
    security(("bearer" = ["admin", "reader"]))
)]
#[get("/representations/{id}/requests")]
pub async fn list_representation_requests(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<RepresentationId>,
) -> ApiResult<HttpResponse> {
    caller.require(READERS, msg!("may-read-representations"))?;
    let mut conn = db::conn(&pool).await?;
    let representation = load::<RepresentationRow>(&mut conn, id.into_inner()).await?;
    let rows = db::representations::requests(&mut conn, representation.id).await?;
    let items = rows.into_iter().map(Request::from).collect();
    Ok(HttpResponse::Ok().json(RequestList { items }))
}

/// Record a request
///
/// Admins only. Numbers are unique per representation (409).
#[utoipa::path(
    tag = "representations",
    params(("id" = Uuid, Path, description = "Representation id")),
    request_body = RequestProfile,
    responses(
        (status = 201, description = "Recorded", body = Request,
            headers(("Location" = String, description = "The representation's requests"), ("ETag" = String))),
        (status = 409, response = responses::Conflict),
    ),
    security(("bearer" = ["admin"]))
)]
#[post("/representations/{id}/requests")]
pub async fn create_representation_request(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<RepresentationId>,
    body: web::Json<JsonObject>,
) -> ApiResult<HttpResponse> {
    crud::create::<Request>(caller, &pool, id.into_inner(), body.into_inner()).await
}

/// Update a request
///
/// Admins only; typically to record its `outcome`. A JSON merge patch; honours `If-Match`.
#[utoipa::path(
    tag = "representations",
    params(
        ("id" = Uuid, Path, description = "Representation id"),
        ("request_id" = Uuid, Path, description = "Request id"),
    ),
    request_body(content = RequestPatch, content_type = "application/merge-patch+json",
        example = json!({"outcome": "Retenue dans le budget 2021-2022."})),
    responses(
        (status = 200, description = "The updated request", body = Request, headers(("ETag" = String))),
        (status = 409, response = responses::Conflict),
    ),
    security(("bearer" = ["admin"]))
)]
#[patch("/representations/{id}/requests/{request_id}")]
pub async fn update_representation_request(
    caller: Caller,
    pool: web::Data<DbPool>,
    path: web::Path<(RepresentationId, RequestId)>,
    req: HttpRequest,
    body: web::Json<JsonObject>,
) -> ApiResult<HttpResponse> {
    let (representation, id) = path.into_inner();
    child::update_child::<Request>(caller, &pool, representation, id, &req, body.into_inner()).await
}
