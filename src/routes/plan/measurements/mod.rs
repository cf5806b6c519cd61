//! Measurements of an objective's indicator: `/v1/objectives/{id}/measurements` and
//! `/v1/measurements/{id}`.

mod list;
pub mod views;

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use serde_json::{Map, Value};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::{Caller, Role};
use crate::db::objectives::{MeasurementRow, ObjectiveRow};
use crate::db::{self, AsyncPgConnection, DbPool};
use crate::domain::ids::{MeasurementId, ObjectiveId};
use crate::domain::objectives::{MEASUREMENT_WRITABLE, MeasurementProfile};
use crate::domain::patch::{Merged, writable_part};
use crate::domain::plans::merge_patch;
use crate::error::{ApiError, ApiResult, OnConstraint};
use crate::i18n::msg;
use crate::routes::crud::{self, Creatable, Deletable, Readable, Updatable};
use crate::routes::plan::shared;
use crate::routes::resource::load;
use crate::routes::{body::JsonObject, responses, today};
use views::{Measurement, MeasurementInput, MeasurementPatch};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list::list_measurements)
        .service(create_measurement)
        .service(get_measurement)
        .service(update_measurement)
        .service(delete_measurement);
}

/// 403 unless the caller may record measurements (admins).
fn may_record(caller: &Caller) -> ApiResult<()> {
    caller.require(&[Role::Admin], msg!("may-record-measurements"))
}

impl Readable for Measurement {
    type Row = MeasurementRow;

    fn may_read(caller: &Caller) -> ApiResult<()> {
        shared::may_read(caller)
    }
}

impl Creatable for Measurement {
    type Parent = ObjectiveId;
    /// The body as sent: it is judged against the objective (its baseline date, whether its
    /// indicator is computed), read in `insert`.
    type New = Map<String, Value>;

    fn may_create(caller: &Caller) -> ApiResult<()> {
        may_record(caller)
    }

    fn parse(body: Map<String, Value>) -> ApiResult<Map<String, Value>> {
        Ok(body)
    }

    async fn insert(
        conn: &mut AsyncPgConnection,
        _: &Caller,
        objective: ObjectiveId,
        body: Map<String, Value>,
    ) -> ApiResult<MeasurementRow> {
        let objective = load::<ObjectiveRow>(conn, objective).await?;
        if let Some(source) = objective.indicator_source {
            return Err(ApiError::Conflict(msg!(
                "measurements-computed",
                source = source.to_string()
            )));
        }
        let input = MeasurementProfile::from_json(body, objective.baseline_date, today())
            .map_err(ApiError::Validation)?;
        db::objectives::insert_measurement(conn, objective.id, input)
            .await
            .on_constraint("measurements_objective_fkey", || {
                ApiError::not_found(ObjectiveId::RESOURCE)
            })
    }

    fn location(_: ObjectiveId, row: &MeasurementRow) -> String {
        format!("/v1/measurements/{}", row.id)
    }
}

impl Updatable for Measurement {
    /// The patched document and its objective, whose baseline date it is validated against
    /// in `update`.
    type Profile = (ObjectiveId, Merged);

    fn may_update(caller: &Caller, _: MeasurementId) -> ApiResult<()> {
        may_record(caller)
    }

    fn patched(
        _: &Caller,
        current: MeasurementRow,
        patch: Map<String, Value>,
    ) -> ApiResult<(ObjectiveId, Merged)> {
        let objective = current.objective_id;
        let merged = merge_patch(
            writable_part(&Measurement::from(current), MEASUREMENT_WRITABLE),
            patch,
            MEASUREMENT_WRITABLE,
        );
        Ok((objective, merged))
    }

    async fn update(
        conn: &mut AsyncPgConnection,
        id: MeasurementId,
        (objective, merged): (ObjectiveId, Merged),
    ) -> ApiResult<MeasurementRow> {
        let objective = load::<ObjectiveRow>(conn, objective).await?;
        let input = merged
            .validate(|doc| MeasurementProfile::from_json(doc, objective.baseline_date, today()))
            .map_err(ApiError::Validation)?;
        Ok(db::objectives::update_measurement(conn, id, input).await?)
    }
}

impl Deletable for Measurement {
    fn may_delete(caller: &Caller) -> ApiResult<()> {
        may_record(caller)
    }
}

/// Record a measurement
///
/// Admins only. `as_of` may be neither in the future nor before the objective's baseline date;
/// a second measurement on the same day is a 409, and so is any measurement of an objective
/// whose indicator is computed from the register (`indicator_source`).
#[utoipa::path(
    tag = "strategic-plans",
    params(("id" = Uuid, Path, description = "Objective id")),
    request_body = MeasurementInput,
    responses(
        (status = 201, description = "Recorded", body = Measurement,
            headers(("Location" = String, description = "URL of the new measurement"), ("ETag" = String))),
        (status = 409, response = responses::Conflict),
    ),
    security(("bearer" = ["admin"]))
)]
#[post("/objectives/{id}/measurements")]
pub async fn create_measurement(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<ObjectiveId>,
    body: web::Json<JsonObject>,
) -> ApiResult<HttpResponse> {
    crud::create::<Measurement>(caller, &pool, id.into_inner(), body.into_inner()).await
}

/// Read a measurement
///
/// Admins, readers and co-op managers. Honours `If-None-Match` (304).
#[utoipa::path(
    tag = "strategic-plans",
    params(("id" = Uuid, Path, description = "Measurement id")),
    responses(
        (status = 200, description = "The measurement", body = Measurement, headers(("ETag" = String))),
        (status = 304, description = "Not modified since the version named in `If-None-Match`"),
    ),
    security(("bearer" = ["admin", "reader", "coop_manager"]))
)]
#[get("/measurements/{id}")]
pub async fn get_measurement(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<MeasurementId>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    crud::read::<Measurement>(caller, &pool, id.into_inner(), &req).await
}

/// Correct a measurement
///
/// Admins only. A JSON merge patch; the same rules as a new measurement.
#[utoipa::path(
    tag = "strategic-plans",
    params(
        ("id" = Uuid, Path, description = "Measurement id"),
    ),
    request_body(content = MeasurementPatch, content_type = "application/merge-patch+json",
        example = json!({"value": 12750, "comment": "Chiffre révisé après audit"})),
    responses(
        (status = 200, description = "The corrected measurement", body = Measurement, headers(("ETag" = String))),
        (status = 409, response = responses::Conflict),
    ),
    security(("bearer" = ["admin"]))
)]
#[patch("/measurements/{id}")]
pub async fn update_measurement(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<MeasurementId>,
    req: HttpRequest,
    body: web::Json<JsonObject>,
) -> ApiResult<HttpResponse> {
    crud::update::<Measurement>(caller, &pool, id.into_inner(), &req, body.into_inner()).await
}

/// Delete a measurement
///
/// Admins only.
#[utoipa::path(
    tag = "strategic-plans",
    params(("id" = Uuid, Path, description = "Measurement id")),
    responses((status = 204, description = "Deleted")),
    security(("bearer" = ["admin"]))
)]
#[delete("/measurements/{id}")]
pub async fn delete_measurement(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<MeasurementId>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    crud::delete::<Measurement>(caller, &pool, id.into_inner(), &req).await
}
