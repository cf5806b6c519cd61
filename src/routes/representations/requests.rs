//! `/v1/representations/{id}/requests`: the numbered requests of a representation, and
//! what came of each (`outcome`, recorded later).

use crate::i18n::msg;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, patch, post, web};

use super::READERS;
use super::views::{Request, RequestInput, RequestList, RequestPatch};
use crate::auth::{Caller, Role};
use crate::db::representations::{RepresentationRow, RequestRow};
use crate::db::{self, DbPool, Resource};
use crate::domain::ids::{RepresentationId, RequestId};
use crate::domain::representation::RequestProfile;
use crate::error::{ApiError, ApiResult, OrNotFound};
use crate::routes::conditional::{IfMatch, with_etag};
use crate::routes::resource::load;
use crate::routes::{body::JsonObject, responses};

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
    request_body = RequestInput,
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
    caller.require(&[Role::Admin], msg!("may-record-requests"))?;
    let representation = id.into_inner();
    let profile = RequestProfile::from_json(body.into_inner().0).map_err(ApiError::Validation)?;
    let mut conn = db::conn(&pool).await?;
    let row = db::write(&mut conn, &caller.actor(), async |conn| {
        RepresentationRow::find_for_update(conn, representation)
            .await
            .or_404()?;
        Ok::<_, ApiError>(db::representations::insert_request(conn, representation, profile).await?)
    })
    .await?;
    let mut response = HttpResponse::Created();
    response.insert_header((
        header::LOCATION,
        format!("/v1/representations/{representation}/requests"),
    ));
    Ok(with_etag(response, row.version, Request::from(row)))
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
    caller.require(&[Role::Admin], msg!("may-edit-requests"))?;
    let (representation, id) = path.into_inner();
    let patch = body.into_inner().0;
    let if_match = IfMatch::of(&req);
    let mut conn = db::conn(&pool).await?;
    let row = db::write(&mut conn, &caller.actor(), async |conn| {
        let current = RequestRow::find_for_update(conn, id)
            .await?
            .filter(|r| r.representation_id == representation)
            .ok_or_else(|| ApiError::not_found(RequestId::RESOURCE))?;
        if_match.check(current.version)?;
        let before = Request::from(current).writable_json();
        let profile = RequestProfile::patched(before, patch).map_err(ApiError::Validation)?;
        Ok::<_, ApiError>(db::representations::update_request(conn, id, profile).await?)
    })
    .await?;
    Ok(with_etag(
        HttpResponse::Ok(),
        row.version,
        Request::from(row),
    ))
}
