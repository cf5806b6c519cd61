//! `/v1/partners`: the federation's partners (brokers, insurers, service providers,
//! sponsors). A partner token sees its own record only.

mod list;
pub mod views;

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use serde_json::{Map, Value};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::{Caller, Role};
use crate::db::partners::PartnerRow;
use crate::db::{self, AsyncPgConnection, DbPool};
use crate::domain::change::ResourceType;
use crate::domain::ids::PartnerId;
use crate::domain::partner::PartnerProfile;
use crate::error::{ApiError, ApiResult};
use crate::i18n::{Message, msg};
use crate::routes::crud::{
    self, Creatable, Deletable, HistoryResponses, Readable, Tracked, Updatable,
};
use crate::routes::pagination::PageParams;
use crate::routes::resource::load;
use crate::routes::{body::JsonObject, responses};
use views::{Partner, PartnerPatch};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list::list_partners)
        .service(create_partner)
        .service(get_partner)
        .service(update_partner)
        .service(delete_partner)
        .service(partner_history);
}

/// The only partner a caller may see, or `None` for every partner; 403 for no role here.
fn visible_to(caller: &Caller) -> Result<Option<PartnerId>, ApiError> {
    Partner::may_read(caller)?;
    Ok(caller.binding().partner_id())
}

impl Readable for Partner {
    type Row = PartnerRow;

    fn may_read(caller: &Caller) -> ApiResult<()> {
        caller.require(
            &[Role::Admin, Role::Reader, Role::CoopManager, Role::Partner],
            msg!("may-read-partners"),
        )
    }

    async fn load(
        conn: &mut AsyncPgConnection,
        caller: &Caller,
        id: PartnerId,
    ) -> ApiResult<PartnerRow> {
        if caller.binding().partner_id().is_some_and(|own| own != id) {
            return Err(ApiError::not_found(PartnerId::RESOURCE));
        }
        load::<PartnerRow>(conn, id).await
    }
}

impl Creatable for Partner {
    type Parent = ();
    type New = PartnerProfile;

    fn may_create(caller: &Caller) -> ApiResult<()> {
        caller.require(&[Role::Admin], msg!("may-register-partners"))
    }

    fn parse(body: Map<String, Value>) -> ApiResult<PartnerProfile> {
        crud::parse(body)
    }

    async fn insert(
        conn: &mut AsyncPgConnection,
        _: &Caller,
        (): (),
        new: PartnerProfile,
    ) -> ApiResult<PartnerRow> {
        Ok(db::partners::insert(conn, new).await?)
    }

    fn location((): (), row: &PartnerRow) -> String {
        format!("/v1/partners/{}", row.id)
    }
}

impl Updatable for Partner {
    type Profile = PartnerProfile;

    fn may_update(caller: &Caller, _: PartnerId) -> ApiResult<()> {
        caller.require(&[Role::Admin], msg!("may-edit-partners"))
    }

    fn patched(
        _: &Caller,
        current: PartnerRow,
        patch: Map<String, Value>,
    ) -> ApiResult<PartnerProfile> {
        crud::patched::<Partner, _>(current, patch)
    }

    async fn update(
        conn: &mut AsyncPgConnection,
        id: PartnerId,
        profile: PartnerProfile,
    ) -> ApiResult<PartnerRow> {
        Ok(db::partners::update(conn, id, profile).await?)
    }
}

impl Deletable for Partner {
    fn may_delete(caller: &Caller) -> ApiResult<()> {
        caller.require(&[Role::Admin], msg!("may-delete-partners"))
    }

    fn in_use() -> Message {
        msg!("partner-has-agreements")
    }
}

impl Tracked for Partner {
    const TYPE: ResourceType = ResourceType::Partner;
}

/// Register a partner
///
/// Admins only. Names are unique, ignoring case and accents (409 otherwise).
#[utoipa::path(
    tag = "partners",
    request_body = PartnerProfile,
    responses(
        (status = 201, description = "Registered", body = Partner,
            headers(("Location" = String, description = "URL of the new partner"), ("ETag" = String))),
        (status = 409, response = responses::Conflict),
    ),
    security(("bearer" = ["admin"]))
)]
#[post("/partners")]
pub async fn create_partner(
    caller: Caller,
    pool: web::Data<DbPool>,
    body: web::Json<JsonObject>,
) -> ApiResult<HttpResponse> {
    crud::create::<Partner>(caller, &pool, (), body.into_inner()).await
}

/// Read a partner
///
/// Admins, readers and co-op managers read any partner; a partner token reads its own
/// record only (any other is a 404). Honours `If-None-Match`.
#[utoipa::path(
    tag = "partners",
    params(("id" = Uuid, Path, description = "Partner id")),
    responses(
        (status = 200, description = "The partner", body = Partner, headers(("ETag" = String))),
        (status = 304, description = "Not modified since the version named in `If-None-Match`"),
    ),
    security(("bearer" = ["admin", "reader", "coop_manager", "partner"]))
)]
#[get("/partners/{id}")]
pub async fn get_partner(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<PartnerId>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    crud::read::<Partner>(caller, &pool, id.into_inner(), &req).await
}

/// Update a partner
///
/// Admins only. A JSON merge patch (`application/merge-patch+json`; `application/json` is
/// accepted too). Send `If-Match` with the `ETag` you read to be told (412) of a concurrent
/// change.
#[utoipa::path(
    tag = "partners",
    params(
        ("id" = Uuid, Path, description = "Partner id"),
    ),
    request_body(content = PartnerPatch, content_type = "application/merge-patch+json",
        example = json!({"contact_phone": "418 555-0199 poste 3", "notes": null})),
    responses(
        (status = 200, description = "The updated partner", body = Partner, headers(("ETag" = String))),
        (status = 409, response = responses::Conflict),
    ),
    security(("bearer" = ["admin"]))
)]
#[patch("/partners/{id}")]
pub async fn update_partner(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<PartnerId>,
    req: HttpRequest,
    body: web::Json<JsonObject>,
) -> ApiResult<HttpResponse> {
    crud::update::<Partner>(caller, &pool, id.into_inner(), &req, body.into_inner()).await
}

/// Delete a partner
///
/// Admins only. Refused with 409 while the partner has service agreements.
#[utoipa::path(
    tag = "partners",
    params(("id" = Uuid, Path, description = "Partner id")),
    responses((status = 204, description = "Deleted"), (status = 409, response = responses::Conflict)),
    security(("bearer" = ["admin"]))
)]
#[delete("/partners/{id}")]
pub async fn delete_partner(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<PartnerId>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    crud::delete::<Partner>(caller, &pool, id.into_inner(), &req).await
}

/// A partner's history
///
/// Every change to the partner's record, newest first. For whoever may read the partner
/// (a partner token, its own record only).
#[utoipa::path(
    tag = "partners",
    params(("id" = Uuid, Path, description = "Partner id"), PageParams),
    responses(HistoryResponses),
    security(("bearer" = ["admin", "reader", "coop_manager", "partner"]))
)]
#[get("/partners/{id}/history")]
pub async fn partner_history(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<PartnerId>,
    params: web::Query<PageParams>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    crud::history::<Partner>(caller, pool, id.into_inner(), params.into_inner(), &req).await
}
