use crate::i18n::msg;
use actix_web::http::header;
use actix_web::{HttpResponse, post, web};

use super::views::{Measurement, MeasurementInput};
use crate::auth::{Caller, Role};
use crate::db::objectives::ObjectiveRow;
use crate::db::{self, DbPool, Resource};
use crate::domain::ids::ObjectiveId;
use crate::domain::objectives;
use crate::error::{ApiError, ApiResult, OnConstraint, OrNotFound};
use crate::routes::plan::shared::respond;
use crate::routes::{body::JsonObject, responses, today};

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
    caller.require(&[Role::Admin], msg!("may-record-measurements"))?;
    let mut conn = db::conn(&pool).await?;
    let objective = ObjectiveRow::find(&mut conn, id.into_inner())
        .await
        .or_404()?;
    if let Some(source) = objective.indicator_source {
        return Err(ApiError::Conflict(msg!(
            "measurements-computed",
            source = source.to_string()
        )));
    }
    let input = objectives::MeasurementProfile::from_json(
        body.into_inner().0,
        objective.baseline_date,
        today(),
    )
    .map_err(ApiError::Validation)?;
    let row = db::write(&mut conn, &caller.actor(), async |conn| {
        db::objectives::insert_measurement(conn, objective.id, input).await
    })
    .await
    .on_constraint("measurements_objective_fkey", || {
        ApiError::not_found(ObjectiveId::RESOURCE)
    })?;
    let mut response = HttpResponse::Created();
    response.insert_header((header::LOCATION, format!("/v1/measurements/{}", row.id)));
    Ok(respond(response, row.version, Measurement::from(row)))
}
