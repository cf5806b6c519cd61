use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use chrono::NaiveDate;

use super::views::{Measurement, MeasurementInput, MeasurementPage};
use crate::auth::{Caller, Role};
use crate::db::Resource;
use crate::db::objectives::ObjectiveRow;
use crate::db::{self, DbPool};
use crate::domain::ids::ObjectiveId;
use crate::domain::objectives;
use crate::error::OnConstraint;
use crate::error::OrNotFound;
use crate::error::{ApiError, ApiResult};
use crate::routes::pagination::{PageParams, Paging, bad_query};
use crate::routes::plans::{READERS, respond};
use crate::routes::{body::JsonObject, responses, today};

const SORT: &str = "as_of";

/// List an objective's measurements
///
/// Admins, readers and co-op managers. Oldest first. An objective with an `indicator_source`
/// has no measurements: its history is in its progress.
#[utoipa::path(
    tag = "strategic-plans",
    params(("id" = Uuid, Path, description = "Objective id"), PageParams),
    responses(
        (status = 200, description = "One page of measurements", body = MeasurementPage,
            headers(("Link" = String, description = "`<…>; rel=\"next\"` when there is a next page"))),
    ),
    security(("bearer" = []))
)]
#[get("/objectives/{id}/measurements")]
pub async fn list_measurements(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<ObjectiveId>,
    params: web::Query<PageParams>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    caller.require(READERS, "read strategic plans")?;
    let params = params.into_inner();
    let mut errors = Vec::new();
    let paging =
        Paging::<NaiveDate>::parse(&mut errors, params.limit, params.cursor.as_deref(), SORT);
    if !errors.is_empty() {
        return Err(bad_query(errors));
    }
    let mut conn = db::conn(&pool).await?;
    let objective = ObjectiveRow::find(&mut conn, id.into_inner())
        .await
        .or_404()?;
    let rows =
        db::objectives::list_measurements(&mut conn, objective.id, paging.after, paging.fetch())
            .await?;
    Ok(paging.respond(&req, rows, |last| last.as_of, Measurement::from))
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
    security(("bearer" = []))
)]
#[post("/objectives/{id}/measurements")]
pub async fn create_measurement(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<ObjectiveId>,
    body: web::Json<JsonObject>,
) -> ApiResult<HttpResponse> {
    caller.require(&[Role::Admin], "record measurements")?;
    let mut conn = db::conn(&pool).await?;
    let objective = ObjectiveRow::find(&mut conn, id.into_inner())
        .await
        .or_404()?;
    if let Some(source) = objective.indicator_source {
        return Err(ApiError::Conflict(format!(
            "this objective's values are computed from {source}; measurements cannot be recorded"
        )));
    }
    let input = objectives::MeasurementProfile::from_json(
        body.into_inner().0,
        objective.baseline_date,
        today(),
    )
    .map_err(ApiError::Validation)?;
    let row = db::objectives::insert_measurement(&mut conn, objective.id, input)
        .await
        .on_constraint("measurements_objective_fkey", || {
            ApiError::not_found(ObjectiveId::RESOURCE)
        })?;
    let mut response = HttpResponse::Created();
    response.insert_header((header::LOCATION, format!("/v1/measurements/{}", row.id)));
    Ok(respond(response, row.version, Measurement::from(row)))
}
