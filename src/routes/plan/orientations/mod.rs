//! Orientations of a plan: `/v1/strategic-plans/{id}/orientations` and `/v1/orientations/{id}`.

mod list;
pub mod views;

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use serde_json::{Map, Value};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::db::plans::{OrientationRow, PlanRow};
use crate::db::{self, AsyncPgConnection, DbPool};
use crate::domain::ids::{OrientationId, PlanId};
use crate::domain::patch::writable_part;
use crate::domain::plans::{ORIENTATION_WRITABLE, OrientationProfile, merge_patch};
use crate::error::{ApiError, ApiResult, OnConstraint};
use crate::i18n::{Message, msg};
use crate::routes::crud::{self, Creatable, Deletable, Readable, Updatable};
use crate::routes::plan::shared;
use crate::routes::resource::load_for_update;
use crate::routes::{body::JsonObject, responses};
use views::{Orientation, OrientationInput, OrientationPatch};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list::list_orientations)
        .service(create_orientation)
        .service(get_orientation)
        .service(update_orientation)
        .service(delete_orientation);
}

impl Readable for Orientation {
    type Row = OrientationRow;

    fn may_read(caller: &Caller) -> ApiResult<()> {
        shared::may_read(caller)
    }
}

impl Creatable for Orientation {
    type Parent = PlanId;
    type New = OrientationProfile;

    fn may_create(caller: &Caller) -> ApiResult<()> {
        shared::may_edit(caller)
    }

    fn parse(body: Map<String, Value>) -> ApiResult<OrientationProfile> {
        OrientationProfile::from_json(body).map_err(ApiError::Validation)
    }

    async fn insert(
        conn: &mut AsyncPgConnection,
        _: &Caller,
        plan: PlanId,
        new: OrientationProfile,
    ) -> ApiResult<OrientationRow> {
        // Locking the plan serialises numbering among concurrent additions.
        load_for_update::<PlanRow>(conn, plan).await?;
        let number = match new.number {
            Some(n) => n,
            None => db::plans::next_orientation_number(conn, plan).await?,
        };
        db::plans::insert_orientation(conn, plan, number, new)
            .await
            .on_constraint("orientations_plan_fkey", || {
                ApiError::not_found(PlanId::RESOURCE)
            })
    }

    fn location(_: PlanId, row: &OrientationRow) -> String {
        format!("/v1/orientations/{}", row.id)
    }
}

impl Updatable for Orientation {
    /// The number it will have (its own unless the patch gives another), and the profile.
    type Profile = (i32, OrientationProfile);

    fn may_update(caller: &Caller, _: OrientationId) -> ApiResult<()> {
        shared::may_edit(caller)
    }

    fn patched(
        _: &Caller,
        current: OrientationRow,
        patch: Map<String, Value>,
    ) -> ApiResult<(i32, OrientationProfile)> {
        let number = current.number;
        let input = merge_patch(
            writable_part(&Orientation::from(current), ORIENTATION_WRITABLE),
            patch,
            ORIENTATION_WRITABLE,
        )
        .validate(OrientationProfile::from_json)
        .map_err(ApiError::Validation)?;
        Ok((input.number.unwrap_or(number), input))
    }

    async fn update(
        conn: &mut AsyncPgConnection,
        id: OrientationId,
        (number, input): (i32, OrientationProfile),
    ) -> ApiResult<OrientationRow> {
        Ok(db::plans::update_orientation(conn, id, number, input).await?)
    }
}

impl Deletable for Orientation {
    fn may_delete(caller: &Caller) -> ApiResult<()> {
        shared::may_edit(caller)
    }

    fn in_use() -> Message {
        msg!("orientation-has-objectives")
    }
}

/// Add an orientation to a plan
///
/// Admins only. Without `number`, the orientation comes after the plan's last one; a number
/// already used in the plan is a 409.
#[utoipa::path(
    tag = "strategic-plans",
    params(("id" = Uuid, Path, description = "Strategic plan id")),
    request_body = OrientationInput,
    responses(
        (status = 201, description = "Created", body = Orientation,
            headers(("Location" = String, description = "URL of the new orientation"), ("ETag" = String))),
        (status = 409, response = responses::Conflict),
    ),
    security(("bearer" = ["admin"]))
)]
#[post("/strategic-plans/{id}/orientations")]
pub async fn create_orientation(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<PlanId>,
    body: web::Json<JsonObject>,
) -> ApiResult<HttpResponse> {
    crud::create::<Orientation>(caller, &pool, id.into_inner(), body.into_inner()).await
}

/// Read an orientation
///
/// Admins, readers and co-op managers. Honours `If-None-Match` (304).
#[utoipa::path(
    tag = "strategic-plans",
    params(("id" = Uuid, Path, description = "Orientation id")),
    responses(
        (status = 200, description = "The orientation", body = Orientation, headers(("ETag" = String))),
        (status = 304, description = "Not modified since the version named in `If-None-Match`"),
    ),
    security(("bearer" = ["admin", "reader", "coop_manager"]))
)]
#[get("/orientations/{id}")]
pub async fn get_orientation(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<OrientationId>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    crud::read::<Orientation>(caller, &pool, id.into_inner(), &req).await
}

/// Update an orientation
///
/// Admins only. A JSON merge patch of `number`, `title`, `description`; a number already used
/// in the plan is a 409.
#[utoipa::path(
    tag = "strategic-plans",
    params(
        ("id" = Uuid, Path, description = "Orientation id"),
    ),
    request_body(content = OrientationPatch, content_type = "application/merge-patch+json",
        example = json!({"description": "Faire croître le nombre de membres des coopératives."})),
    responses(
        (status = 200, description = "The updated orientation", body = Orientation, headers(("ETag" = String))),
        (status = 409, response = responses::Conflict),
    ),
    security(("bearer" = ["admin"]))
)]
#[patch("/orientations/{id}")]
pub async fn update_orientation(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<OrientationId>,
    req: HttpRequest,
    body: web::Json<JsonObject>,
) -> ApiResult<HttpResponse> {
    crud::update::<Orientation>(caller, &pool, id.into_inner(), &req, body.into_inner()).await
}

/// Delete an orientation
///
/// Admins only; refused with 409 while it has objectives. Other orientations keep their numbers.
#[utoipa::path(
    tag = "strategic-plans",
    params(("id" = Uuid, Path, description = "Orientation id")),
    responses((status = 204, description = "Deleted"), (status = 409, response = responses::Conflict)),
    security(("bearer" = ["admin"]))
)]
#[delete("/orientations/{id}")]
pub async fn delete_orientation(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<OrientationId>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    crud::delete::<Orientation>(caller, &pool, id.into_inner(), &req).await
}
