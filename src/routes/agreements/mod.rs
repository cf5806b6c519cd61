//! `/v1/service-agreements`: the agreements the federation negotiates with partners, their
//! life cycle (transitions and their history), and whether a co-op is covered on a date.
//!
//! Visibility is resolved in the query: an agreement outside the caller's [`Scope`] is a
//! 404, never a 403, so a partner cannot even learn that another partner's agreement exists.

mod eligibility;
pub mod list;
mod transitions;
pub mod views;

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use serde_json::{Map, Value};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::{Caller, Role};
use crate::db::agreements::{AgreementRow, Scope};
use crate::db::{self, AsyncPgConnection, DbPool};
use crate::domain::agreement::{AgreementProfile, NewAgreement};
use crate::domain::api_client::Binding;
use crate::domain::change::ResourceType;
use crate::domain::ids::AgreementId;
use crate::error::{ApiError, ApiResult, OnConstraint, OrNotFound};
use crate::i18n::{Message, msg};
use crate::routes::crud::{
    self, Creatable, Deletable, HistoryResponses, Readable, Tracked, Updatable,
};
use crate::routes::pagination::PageParams;
use crate::routes::{body::JsonObject, responses, today};
use views::{Agreement, AgreementInput, AgreementPatch};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list::list_service_agreements)
        .service(create_service_agreement)
        .service(get_service_agreement)
        .service(update_service_agreement)
        .service(delete_service_agreement)
        .service(transitions::list_agreement_transitions)
        .service(transitions::create_agreement_transition)
        .service(eligibility::get_agreement_eligibility)
        .service(service_agreement_history);
}

/// The agreements a caller may see: every role sees some.
pub fn scope(caller: &Caller) -> Scope {
    match caller.binding() {
        Binding::Admin | Binding::Reader => Scope::All,
        Binding::Partner(partner) => Scope::Partner(partner),
        Binding::CoopManager(coop) => Scope::Cooperative(coop),
    }
}

impl Readable for Agreement {
    type Row = AgreementRow;

    /// Every role sees some agreements: which ones, the query decides.
    fn may_read(_: &Caller) -> ApiResult<()> {
        Ok(())
    }

    async fn load(
        conn: &mut AsyncPgConnection,
        caller: &Caller,
        id: AgreementId,
    ) -> ApiResult<AgreementRow> {
        db::agreements::find_visible(conn, id, scope(caller))
            .await
            .or_404()
    }
}

impl Creatable for Agreement {
    type Parent = ();
    type New = NewAgreement;

    fn may_create(caller: &Caller) -> ApiResult<()> {
        caller.require(&[Role::Admin], msg!("may-create-service-agreements"))
    }

    fn parse(body: Map<String, Value>) -> ApiResult<NewAgreement> {
        NewAgreement::from_json(body, today()).map_err(ApiError::Validation)
    }

    async fn insert(
        conn: &mut AsyncPgConnection,
        _: &Caller,
        (): (),
        new: NewAgreement,
    ) -> ApiResult<AgreementRow> {
        // A partner that is missing, or deleted meanwhile, fails the foreign key.
        db::agreements::insert(conn, new)
            .await
            .on_constraint("service_agreements_partner_id_fkey", || {
                ApiError::invalid("partner_id", "unknown", msg!("no-such-partner"))
            })
    }

    fn location((): (), row: &AgreementRow) -> String {
        format!("/v1/service-agreements/{}", row.id)
    }
}

impl Updatable for Agreement {
    type Profile = AgreementProfile;

    fn may_update(caller: &Caller, _: AgreementId) -> ApiResult<()> {
        caller.require(&[Role::Admin], msg!("may-edit-service-agreements"))
    }

    fn patched(
        _: &Caller,
        current: AgreementRow,
        patch: Map<String, Value>,
    ) -> ApiResult<AgreementProfile> {
        let before = Agreement::from(current).writable_json();
        AgreementProfile::patched(before, patch, today()).map_err(ApiError::Validation)
    }

    async fn update(
        conn: &mut AsyncPgConnection,
        id: AgreementId,
        profile: AgreementProfile,
    ) -> ApiResult<AgreementRow> {
        Ok(db::agreements::update(conn, id, profile).await?)
    }
}

impl Deletable for Agreement {
    fn may_delete(caller: &Caller) -> ApiResult<()> {
        caller.require(&[Role::Admin], msg!("may-delete-service-agreements"))
    }

    fn in_use() -> Message {
        msg!("agreement-has-enrollments")
    }
}

impl Tracked for Agreement {
    const TYPE: ResourceType = ResourceType::ServiceAgreement;
}

/// Create a service agreement
///
/// Admins only. The agreement starts as a `draft`; its status then changes only through
/// transitions. Every invalid field is reported in one 422.
#[utoipa::path(
    tag = "service-agreements",
    request_body = AgreementInput,
    responses(
        (status = 201, description = "Created", body = Agreement,
            headers(("Location" = String, description = "URL of the new agreement"), ("ETag" = String))),
        (status = 409, response = responses::Conflict),
    ),
    security(("bearer" = ["admin"]))
)]
#[post("/service-agreements")]
pub async fn create_service_agreement(
    caller: Caller,
    pool: web::Data<DbPool>,
    body: web::Json<JsonObject>,
) -> ApiResult<HttpResponse> {
    crud::create::<Agreement>(caller, &pool, (), body.into_inner()).await
}

/// Read a service agreement
///
/// Admins and readers read any agreement; a partner its own; a co-op manager those open to
/// co-ops (active or suspended) and those its co-op is enrolled in. Any other is a 404.
#[utoipa::path(
    tag = "service-agreements",
    params(("id" = Uuid, Path, description = "Agreement id")),
    responses(
        (status = 200, description = "The agreement", body = Agreement, headers(("ETag" = String))),
        (status = 304, description = "Not modified since the version named in `If-None-Match`"),
    ),
    security(("bearer" = ["admin", "reader", "coop_manager", "partner"]))
)]
#[get("/service-agreements/{id}")]
pub async fn get_service_agreement(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<AgreementId>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    crud::read::<Agreement>(caller, &pool, id.into_inner(), &req).await
}

/// Update a service agreement
///
/// Admins only. A JSON merge patch (`application/merge-patch+json`; `application/json` is
/// accepted too). `status` is not writable (422): use transitions. `partner_id` never
/// changes. Send `If-Match` with the `ETag` you read to be told (412) of a concurrent change.
#[utoipa::path(
    tag = "service-agreements",
    params(
        ("id" = Uuid, Path, description = "Agreement id"),
    ),
    request_body(content = AgreementPatch, content_type = "application/merge-patch+json",
        example = json!({"ends_on": "2030-03-31", "pricing": "12 $ par membre par mois"})),
    responses(
        (status = 200, description = "The updated agreement", body = Agreement, headers(("ETag" = String))),
        (status = 409, response = responses::Conflict),
    ),
    security(("bearer" = ["admin"]))
)]
#[patch("/service-agreements/{id}")]
pub async fn update_service_agreement(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<AgreementId>,
    req: HttpRequest,
    body: web::Json<JsonObject>,
) -> ApiResult<HttpResponse> {
    crud::update::<Agreement>(caller, &pool, id.into_inner(), &req, body.into_inner()).await
}

/// Delete a service agreement
///
/// Admins only, for agreements entered by mistake: its history goes with it. Refused with
/// 409 while co-ops are enrolled; record a `terminated` transition instead.
#[utoipa::path(
    tag = "service-agreements",
    params(("id" = Uuid, Path, description = "Agreement id")),
    responses((status = 204, description = "Deleted"), (status = 409, response = responses::Conflict)),
    security(("bearer" = ["admin"]))
)]
#[delete("/service-agreements/{id}")]
pub async fn delete_service_agreement(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<AgreementId>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    crud::delete::<Agreement>(caller, &pool, id.into_inner(), &req).await
}

/// A service agreement's history
///
/// Every change to the agreement (its transitions included, as changes of `status`),
/// newest first. For whoever may read the agreement.
#[utoipa::path(
    tag = "service-agreements",
    params(("id" = Uuid, Path, description = "Agreement id"), PageParams),
    responses(HistoryResponses),
    security(("bearer" = ["admin", "reader", "coop_manager", "partner"]))
)]
#[get("/service-agreements/{id}/history")]
pub async fn service_agreement_history(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<AgreementId>,
    params: web::Query<PageParams>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    crud::history::<Agreement>(caller, pool, id.into_inner(), params.into_inner(), &req).await
}
