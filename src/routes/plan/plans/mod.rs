//! `/v1/strategic-plans`: the federation's three-year plans, and their board-report summary.

mod list;
pub mod summary;
pub mod views;

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use serde_json::{Map, Value};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::{Caller, Role};
use crate::db::plans::PlanRow;
use crate::db::{self, AsyncPgConnection, DbPool};
use crate::domain::FieldError;
use crate::domain::change::ResourceType;
use crate::domain::ids::PlanId;
use crate::domain::patch::writable_part;
use crate::domain::plans::{PLAN_WRITABLE, Period, PlanProfile, PlanStatus, merge_patch};
use crate::error::{ApiError, ApiResult};
use crate::i18n::{Message, msg};
use crate::routes::crud::{
    self, Creatable, Deletable, HistoryResponses, Readable, Tracked, Updatable,
};
use crate::routes::pagination::PageParams;
use crate::routes::plan::shared;
use crate::routes::{body::JsonObject, responses, today};
use views::{StrategicPlan, StrategicPlanInput, StrategicPlanPatch};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list::list_strategic_plans)
        .service(create_strategic_plan)
        .service(get_strategic_plan)
        .service(update_strategic_plan)
        .service(delete_strategic_plan)
        .service(summary::get_strategic_plan_summary)
        .service(strategic_plan_history);
}

impl Readable for StrategicPlan {
    type Row = PlanRow;

    fn may_read(caller: &Caller) -> ApiResult<()> {
        shared::may_read(caller)
    }
}

impl Creatable for StrategicPlan {
    type Parent = ();
    type New = PlanProfile;

    fn may_create(caller: &Caller) -> ApiResult<()> {
        caller.require(&[Role::Admin], msg!("may-create-strategic-plans"))
    }

    fn parse(body: Map<String, Value>) -> ApiResult<PlanProfile> {
        PlanProfile::from_json(body, today()).map_err(ApiError::Validation)
    }

    async fn insert(
        conn: &mut AsyncPgConnection,
        _: &Caller,
        (): (),
        new: PlanProfile,
    ) -> ApiResult<PlanRow> {
        Ok(db::plans::insert_plan(conn, new).await?)
    }

    fn location((): (), row: &PlanRow) -> String {
        format!("/v1/strategic-plans/{}", row.id)
    }
}

impl Updatable for StrategicPlan {
    /// The patched plan, and the period it had: objectives are checked against a new one.
    type Profile = (PlanProfile, Period);

    fn may_update(caller: &Caller, _: PlanId) -> ApiResult<()> {
        shared::may_edit(caller)
    }

    fn patched(
        _: &Caller,
        current: PlanRow,
        patch: Map<String, Value>,
    ) -> ApiResult<(PlanProfile, Period)> {
        let (before_status, before_period) = (current.status, current.period());
        let input = merge_patch(
            writable_part(&StrategicPlan::from(current), PLAN_WRITABLE),
            patch,
            PLAN_WRITABLE,
        )
        .validate(|doc| PlanProfile::from_json(doc, today()))
        .map_err(ApiError::Validation)?;
        if !before_status.can_become(input.status) {
            return Err(ApiError::Conflict(msg!(
                "plan-status-backwards",
                from = before_status.as_str(),
                to = input.status.as_str()
            )));
        }
        Ok((input, before_period))
    }

    async fn update(
        conn: &mut AsyncPgConnection,
        id: PlanId,
        (input, before_period): (PlanProfile, Period),
    ) -> ApiResult<PlanRow> {
        if input.period != before_period {
            let outside = db::plans::objectives_outside(conn, id, input.period).await?;
            if !outside.is_empty() {
                let message = msg!("plan-objectives-outside", objectives = outside.join(", "));
                return Err(ApiError::Validation(vec![
                    FieldError::new("period_start", "objectives_outside", message.clone()),
                    FieldError::new("period_end", "objectives_outside", message),
                ]));
            }
        }
        Ok(db::plans::update_plan(conn, id, input).await?)
    }
}

impl Deletable for StrategicPlan {
    fn may_delete(caller: &Caller) -> ApiResult<()> {
        caller.require(&[Role::Admin], msg!("may-delete-strategic-plans"))
    }

    fn in_use() -> Message {
        msg!("plan-has-orientations")
    }

    /// An adopted plan is a record of the federation: it is closed, not deleted.
    fn deletable(plan: &PlanRow) -> ApiResult<()> {
        match plan.status {
            PlanStatus::Draft => Ok(()),
            status => Err(ApiError::Conflict(msg!(
                "plan-delete-not-draft",
                status = status.as_str()
            ))),
        }
    }
}

impl Tracked for StrategicPlan {
    const TYPE: ResourceType = ResourceType::StrategicPlan;
}

/// Create a strategic plan
///
/// Admins only. Every invalid field is reported in one 422; an adopted plan overlapping
/// another adopted plan, or a title already used, is a 409.
#[utoipa::path(
    tag = "strategic-plans",
    request_body = StrategicPlanInput,
    responses(
        (status = 201, description = "Created", body = StrategicPlan,
            headers(("Location" = String, description = "URL of the new plan"), ("ETag" = String))),
        (status = 409, response = responses::Conflict),
    ),
    security(("bearer" = ["admin"]))
)]
#[post("/strategic-plans")]
pub async fn create_strategic_plan(
    caller: Caller,
    pool: web::Data<DbPool>,
    body: web::Json<JsonObject>,
) -> ApiResult<HttpResponse> {
    crud::create::<StrategicPlan>(caller, &pool, (), body.into_inner()).await
}

/// Read a strategic plan
///
/// Admins, readers and co-op managers. Honours `If-None-Match` (304).
#[utoipa::path(
    tag = "strategic-plans",
    params(("id" = Uuid, Path, description = "Strategic plan id")),
    responses(
        (status = 200, description = "The plan", body = StrategicPlan, headers(("ETag" = String))),
        (status = 304, description = "Not modified since the version named in `If-None-Match`"),
    ),
    security(("bearer" = ["admin", "reader", "coop_manager"]))
)]
#[get("/strategic-plans/{id}")]
pub async fn get_strategic_plan(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<PlanId>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    crud::read::<StrategicPlan>(caller, &pool, id.into_inner(), &req).await
}

/// Update a strategic plan
///
/// Admins only. A JSON merge patch; the patched plan must satisfy every rule of a new one.
/// `status` moves forward only (409 otherwise); adopting a plan that overlaps another adopted
/// plan is a 409; a period that would leave an objective's dates outside it is a 422.
#[utoipa::path(
    tag = "strategic-plans",
    params(
        ("id" = Uuid, Path, description = "Strategic plan id"),
    ),
    request_body(content = StrategicPlanPatch, content_type = "application/merge-patch+json",
        example = json!({"status": "adopted", "adopted_on": "2023-06-01"})),
    responses(
        (status = 200, description = "The updated plan", body = StrategicPlan, headers(("ETag" = String))),
        (status = 409, response = responses::Conflict),
    ),
    security(("bearer" = ["admin"]))
)]
#[patch("/strategic-plans/{id}")]
pub async fn update_strategic_plan(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<PlanId>,
    req: HttpRequest,
    body: web::Json<JsonObject>,
) -> ApiResult<HttpResponse> {
    crud::update::<StrategicPlan>(caller, &pool, id.into_inner(), &req, body.into_inner()).await
}

/// Delete a strategic plan
///
/// Admins only, and only a draft without orientations (409 otherwise): an adopted plan is a
/// record of the federation; close it instead.
#[utoipa::path(
    tag = "strategic-plans",
    params(("id" = Uuid, Path, description = "Strategic plan id")),
    responses((status = 204, description = "Deleted"), (status = 409, response = responses::Conflict)),
    security(("bearer" = ["admin"]))
)]
#[delete("/strategic-plans/{id}")]
pub async fn delete_strategic_plan(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<PlanId>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    crud::delete::<StrategicPlan>(caller, &pool, id.into_inner(), &req).await
}

/// A strategic plan's history
///
/// Every change to the plan itself (its orientations and objectives have their own
/// events in `/v1/audit-events`), newest first.
#[utoipa::path(
    tag = "strategic-plans",
    params(("id" = Uuid, Path, description = "Strategic plan id"), PageParams),
    responses(HistoryResponses),
    security(("bearer" = ["admin", "reader", "coop_manager"]))
)]
#[get("/strategic-plans/{id}/history")]
pub async fn strategic_plan_history(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<PlanId>,
    params: web::Query<PageParams>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    crud::history::<StrategicPlan>(caller, pool, id.into_inner(), params.into_inner(), &req).await
}
