//! `/v1/cooperatives`: the federation's register of member cooperatives.

mod list;
pub mod views;

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use serde_json::{Map, Value};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::{Caller, Role};
use crate::db::cooperatives::CooperativeRow;
use crate::db::{self, AsyncPgConnection, DbPool};
use crate::domain::change::ResourceType;
use crate::domain::cooperative::CooperativeProfile;
use crate::domain::ids::CooperativeId;
use crate::error::{ApiError, ApiResult};
use crate::i18n::{Message, msg};
use crate::routes::crud::{
    self, Creatable, Deletable, HistoryResponses, Readable, Tracked, Updatable,
};
use crate::routes::pagination::PageParams;
use crate::routes::{body::JsonObject, responses, today};
use views::{Cooperative, CooperativeInput, CooperativePatch};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list::list_cooperatives)
        .service(create_cooperative)
        .service(get_cooperative)
        .service(update_cooperative)
        .service(delete_cooperative)
        .service(cooperative_history);
}

impl Readable for Cooperative {
    type Row = CooperativeRow;

    fn may_read(caller: &Caller) -> ApiResult<()> {
        caller.require(
            &[Role::Admin, Role::Reader, Role::CoopManager],
            msg!("may-read-the-register"),
        )
    }
}

impl Creatable for Cooperative {
    type Parent = ();
    type New = CooperativeProfile;

    fn may_create(caller: &Caller) -> ApiResult<()> {
        caller.require(&[Role::Admin], msg!("may-register-cooperatives"))
    }

    fn parse(body: Map<String, Value>) -> ApiResult<CooperativeProfile> {
        CooperativeProfile::from_json(body, today()).map_err(ApiError::Validation)
    }

    async fn insert(
        conn: &mut AsyncPgConnection,
        _: &Caller,
        (): (),
        new: CooperativeProfile,
    ) -> ApiResult<CooperativeRow> {
        Ok(db::cooperatives::insert(conn, new).await?)
    }

    fn location((): (), row: &CooperativeRow) -> String {
        format!("/v1/cooperatives/{}", row.id)
    }
}

impl Updatable for Cooperative {
    type Profile = CooperativeProfile;

    fn may_update(caller: &Caller, id: CooperativeId) -> ApiResult<()> {
        if caller.is_admin() || caller.manages(id) {
            return Ok(());
        }
        Err(ApiError::Forbidden(msg!(
            "forbidden-edit-cooperative",
            role = caller.role_name()
        )))
    }

    /// A co-op manager may change its own co-op's profile but not its standing.
    fn patched(
        caller: &Caller,
        current: CooperativeRow,
        patch: Map<String, Value>,
    ) -> ApiResult<CooperativeProfile> {
        let standing = (
            current.federation_status,
            current.member_since,
            current.left_on,
        );
        let before = Cooperative::from(current).writable_json();
        let profile =
            CooperativeProfile::patched(before, patch, today()).map_err(ApiError::Validation)?;
        if !caller.is_admin() && profile.changes_standing(standing.0, standing.1, standing.2) {
            return Err(ApiError::Forbidden(msg!("forbidden-standing")));
        }
        Ok(profile)
    }

    async fn update(
        conn: &mut AsyncPgConnection,
        id: CooperativeId,
        profile: CooperativeProfile,
    ) -> ApiResult<CooperativeRow> {
        Ok(db::cooperatives::update(conn, id, profile).await?)
    }
}

impl Deletable for Cooperative {
    fn may_delete(caller: &Caller) -> ApiResult<()> {
        caller.require(&[Role::Admin], msg!("may-delete-cooperatives"))
    }

    fn in_use() -> Message {
        msg!("cooperative-referenced")
    }
}

impl Tracked for Cooperative {
    const TYPE: ResourceType = ResourceType::Cooperative;
}

/// Register a cooperative
///
/// Admins only. Every invalid field is reported in one 422.
#[utoipa::path(
    tag = "cooperatives",
    request_body = CooperativeInput,
    responses(
        (status = 201, description = "Registered", body = Cooperative,
            headers(("Location" = String, description = "URL of the new cooperative"), ("ETag" = String))),
        (status = 409, response = responses::Conflict),
    ),
    security(("bearer" = ["admin"]))
)]
#[post("/cooperatives")]
pub async fn create_cooperative(
    caller: Caller,
    pool: web::Data<DbPool>,
    body: web::Json<JsonObject>,
) -> ApiResult<HttpResponse> {
    crud::create::<Cooperative>(caller, &pool, (), body.into_inner()).await
}

/// Read a cooperative
///
/// Admins, readers and co-op managers. Send `If-None-Match` with a previous `ETag` to get a
/// 304 when nothing changed.
#[utoipa::path(
    tag = "cooperatives",
    params(("id" = Uuid, Path, description = "Cooperative id")),
    responses(
        (status = 200, description = "The cooperative", body = Cooperative, headers(("ETag" = String))),
        (status = 304, description = "Not modified since the version named in `If-None-Match`"),
    ),
    security(("bearer" = ["admin", "reader", "coop_manager"]))
)]
#[get("/cooperatives/{id}")]
pub async fn get_cooperative(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<CooperativeId>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    crud::read::<Cooperative>(caller, &pool, id.into_inner(), &req).await
}

/// Update a cooperative
///
/// A JSON merge patch (`application/merge-patch+json`; `application/json` is accepted too).
/// Admins may change anything; a co-op manager may change its own co-op's profile but not
/// its standing in the federation (`federation_status`, `member_since`, `left_on`).
/// Send `If-Match` with the `ETag` you read to be told (412) if someone changed it meanwhile.
#[utoipa::path(
    tag = "cooperatives",
    params(
        ("id" = Uuid, Path, description = "Cooperative id"),
    ),
    request_body(content = CooperativePatch, content_type = "application/merge-patch+json",
        example = json!({"phone": "514 555-0100", "services": ["family_medicine", "nursing"], "legal_name": null})),
    responses(
        (status = 200, description = "The updated cooperative", body = Cooperative, headers(("ETag" = String))),
        (status = 409, response = responses::Conflict),
    ),
    security(("bearer" = ["admin", "coop_manager"]))
)]
#[patch("/cooperatives/{id}")]
pub async fn update_cooperative(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<CooperativeId>,
    req: HttpRequest,
    body: web::Json<JsonObject>,
) -> ApiResult<HttpResponse> {
    crud::update::<Cooperative>(caller, &pool, id.into_inner(), &req, body.into_inner()).await
}

/// Delete a cooperative
///
/// Admins only. Refused with 409 while other records (membership counts, enrolments, …)
/// refer to the co-op: set its `federation_status` to `former` instead.
#[utoipa::path(
    tag = "cooperatives",
    params(("id" = Uuid, Path, description = "Cooperative id")),
    responses((status = 204, description = "Deleted"), (status = 409, response = responses::Conflict)),
    security(("bearer" = ["admin"]))
)]
#[delete("/cooperatives/{id}")]
pub async fn delete_cooperative(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<CooperativeId>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    crud::delete::<Cooperative>(caller, &pool, id.into_inner(), &req).await
}

/// A cooperative's history
///
/// Every change to the cooperative, newest first: who made it, when, and each changed
/// field's old and new value. For whoever may read the cooperative.
#[utoipa::path(
    tag = "cooperatives",
    params(("id" = Uuid, Path, description = "Cooperative id"), PageParams),
    responses(HistoryResponses),
    security(("bearer" = ["admin", "reader", "coop_manager"]))
)]
#[get("/cooperatives/{id}/history")]
pub async fn cooperative_history(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<CooperativeId>,
    params: web::Query<PageParams>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    crud::history::<Cooperative>(caller, pool, id.into_inner(), params.into_inner(), &req).await
}
