//! Objectives (`/v1/orientations/{id}/objectives`, `/v1/objectives/{id}`) and their
//! progress (`/v1/objectives/{id}/progress`).

mod list;
pub mod views;

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use serde_json::{Map, Value};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::db::objectives::ObjectiveRow;
use crate::db::plans::{OrientationRow, PlanRow};
use crate::db::{self, AsyncPgConnection, DbPool};
use crate::domain::ids::{ObjectiveId, OrientationId};
use crate::domain::objectives::{OBJECTIVE_WRITABLE, ObjectiveProfile};
use crate::domain::patch::{Merged, writable_part};
use crate::domain::plans::{Period, merge_patch};
use crate::error::{ApiError, ApiResult, OnConstraint};
use crate::routes::crud::{self, Creatable, Deletable, Readable, Updatable};
use crate::routes::plan::shared;
use crate::routes::plan::shared::progress::{AsOfParams, ObjectiveProgress, progress_of};
use crate::routes::resource::load;
use crate::routes::{body::JsonObject, responses};
use views::{Objective, ObjectiveInput, ObjectivePatch};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list::list_objectives)
        .service(create_objective)
        .service(get_objective)
        .service(update_objective)
        .service(delete_objective)
        .service(get_objective_progress);
}

/// The period of the plan an orientation belongs to: an objective's dates must lie within it.
async fn period_of(conn: &mut AsyncPgConnection, orientation: OrientationId) -> ApiResult<Period> {
    let orientation = load::<OrientationRow>(conn, orientation).await?;
    let plan = load::<PlanRow>(conn, orientation.plan_id).await?;
    Ok(plan.period())
}

impl Readable for Objective {
    type Row = ObjectiveRow;

    fn may_read(caller: &Caller) -> ApiResult<()> {
        shared::may_read(caller)
    }
}

impl Creatable for Objective {
    type Parent = OrientationId;
    /// The body as sent: its dates are judged against the plan's period, read in `insert`
    /// (a missing orientation is a 404 before any 422).
    type New = Map<String, Value>;

    fn may_create(caller: &Caller) -> ApiResult<()> {
        shared::may_edit(caller)
    }

    fn parse(body: Map<String, Value>) -> ApiResult<Map<String, Value>> {
        Ok(body)
    }

    async fn insert(
        conn: &mut AsyncPgConnection,
        _: &Caller,
        orientation: OrientationId,
        body: Map<String, Value>,
    ) -> ApiResult<ObjectiveRow> {
        let period = period_of(conn, orientation).await?;
        let input = ObjectiveProfile::from_json(body, period).map_err(ApiError::Validation)?;
        db::objectives::insert_objective(conn, orientation, input)
            .await
            .on_constraint("objectives_orientation_fkey", || {
                ApiError::not_found(OrientationId::RESOURCE)
            })
    }

    fn location(_: OrientationId, row: &ObjectiveRow) -> String {
        format!("/v1/objectives/{}", row.id)
    }
}

impl Updatable for Objective {
    /// The patched document and the orientation: it is validated against the plan's period,
    /// read in `update`.
    type Profile = (OrientationId, Merged);

    fn may_update(caller: &Caller, _: ObjectiveId) -> ApiResult<()> {
        shared::may_edit(caller)
    }

    fn patched(
        _: &Caller,
        current: ObjectiveRow,
        patch: Map<String, Value>,
    ) -> ApiResult<(OrientationId, Merged)> {
        let orientation = current.orientation_id;
        let merged = merge_patch(
            writable_part(&Objective::from(current), OBJECTIVE_WRITABLE),
            patch,
            OBJECTIVE_WRITABLE,
        );
        Ok((orientation, merged))
    }

    async fn update(
        conn: &mut AsyncPgConnection,
        id: ObjectiveId,
        (orientation, merged): (OrientationId, Merged),
    ) -> ApiResult<ObjectiveRow> {
        let period = period_of(conn, orientation).await?;
        let input = merged
            .validate(|doc| ObjectiveProfile::from_json(doc, period))
            .map_err(ApiError::Validation)?;
        Ok(db::objectives::update_objective(conn, id, input).await?)
    }
}

impl Deletable for Objective {
    fn may_delete(caller: &Caller) -> ApiResult<()> {
        shared::may_edit(caller)
    }
}

/// Add an objective to an orientation
///
/// Admins only. Baseline and target dates must lie within the plan's period, the target must
/// differ from the baseline in the objective's direction; a code already used in the
/// orientation is a 409.
#[utoipa::path(
    tag = "strategic-plans",
    params(("id" = Uuid, Path, description = "Orientation id")),
    request_body = ObjectiveInput,
    responses(
        (status = 201, description = "Created", body = Objective,
            headers(("Location" = String, description = "URL of the new objective"), ("ETag" = String))),
        (status = 409, response = responses::Conflict),
    ),
    security(("bearer" = ["admin"]))
)]
#[post("/orientations/{id}/objectives")]
pub async fn create_objective(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<OrientationId>,
    body: web::Json<JsonObject>,
) -> ApiResult<HttpResponse> {
    crud::create::<Objective>(caller, &pool, id.into_inner(), body.into_inner()).await
}

/// Read an objective
///
/// Admins, readers and co-op managers. Honours `If-None-Match` (304).
#[utoipa::path(
    tag = "strategic-plans",
    params(("id" = Uuid, Path, description = "Objective id")),
    responses(
        (status = 200, description = "The objective", body = Objective, headers(("ETag" = String))),
        (status = 304, description = "Not modified since the version named in `If-None-Match`"),
    ),
    security(("bearer" = ["admin", "reader", "coop_manager"]))
)]
#[get("/objectives/{id}")]
pub async fn get_objective(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<ObjectiveId>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    crud::read::<Objective>(caller, &pool, id.into_inner(), &req).await
}

/// Update an objective
///
/// Admins only. A JSON merge patch; the patched objective must satisfy every rule of a new one.
#[utoipa::path(
    tag = "strategic-plans",
    params(
        ("id" = Uuid, Path, description = "Objective id"),
    ),
    request_body(content = ObjectivePatch, content_type = "application/merge-patch+json",
        example = json!({"status": "in_progress", "owner": "Conseil d'administration"})),
    responses(
        (status = 200, description = "The updated objective", body = Objective, headers(("ETag" = String))),
        (status = 409, response = responses::Conflict),
    ),
    security(("bearer" = ["admin"]))
)]
#[patch("/objectives/{id}")]
pub async fn update_objective(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<ObjectiveId>,
    req: HttpRequest,
    body: web::Json<JsonObject>,
) -> ApiResult<HttpResponse> {
    crud::update::<Objective>(caller, &pool, id.into_inner(), &req, body.into_inner()).await
}

/// Delete an objective
///
/// Admins only. Its measurements go with it.
#[utoipa::path(
    tag = "strategic-plans",
    params(("id" = Uuid, Path, description = "Objective id")),
    responses((status = 204, description = "Deleted")),
    security(("bearer" = ["admin"]))
)]
#[delete("/objectives/{id}")]
pub async fn delete_objective(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<ObjectiveId>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    crud::delete::<Objective>(caller, &pool, id.into_inner(), &req).await
}

/// Read an objective's progress
///
/// Admins, readers and co-op managers. The latest value, the share of the way from baseline
/// to target, the share expected by then on the straight line from baseline (at its date) to
/// target (at its date), and `tracking`: `on_track` when at most 10 points behind the line,
/// `at_risk` when at most 25 points behind, `off_track` beyond (see `ObjectiveProgress`).
#[utoipa::path(
    tag = "strategic-plans",
    params(("id" = Uuid, Path, description = "Objective id"), AsOfParams),
    responses(
        (status = 200, description = "The objective's progress", body = ObjectiveProgress),
    ),
    security(("bearer" = ["admin", "reader", "coop_manager"]))
)]
#[get("/objectives/{id}/progress")]
pub async fn get_objective_progress(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<ObjectiveId>,
    params: web::Query<AsOfParams>,
) -> ApiResult<HttpResponse> {
    shared::may_read(&caller)?;
    let day = params.day()?;
    let mut conn = db::conn(&pool).await?;
    let row = load::<ObjectiveRow>(&mut conn, id.into_inner()).await?;
    let progress = progress_of(&mut conn, vec![row], day)
        .await?
        .pop()
        .ok_or_else(|| ApiError::Internal("no progress computed for an objective".into()))?;
    Ok(HttpResponse::Ok().json(progress))
}
