use crate::i18n::msg;
use actix_web::{HttpRequest, HttpResponse, patch, web};

use super::views::{Measurement, MeasurementPatch};
use crate::auth::{Caller, Role};
use crate::db::objectives::MeasurementRow;
use crate::db::objectives::ObjectiveRow;
use crate::db::{self, DbPool, Resource};
use crate::domain::ids::MeasurementId;
use crate::domain::objectives::{MEASUREMENT_WRITABLE, MeasurementProfile};
use crate::domain::patch::writable_part;
use crate::domain::plans::merge_patch;
use crate::error::{ApiError, ApiResult, OrNotFound};
use crate::routes::conditional::IfMatch;
use crate::routes::plan::shared::respond;
use crate::routes::{body::JsonObject, responses, today};

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
    caller.require(&[Role::Admin], msg!("may-record-measurements"))?;
    let id = id.into_inner();
    let patch = body.into_inner().0;
    let if_match = IfMatch::of(&req);
    let today = today();
    let mut conn = db::conn(&pool).await?;
    let row = db::write(&mut conn, &caller.actor(), async |conn| {
        let current = MeasurementRow::find_for_update(conn, id).await.or_404()?;
        if_match.check(current.version)?;
        let objective = ObjectiveRow::find(conn, current.objective_id)
            .await
            .or_404()?;
        let input = merge_patch(
            writable_part(&Measurement::from(current), MEASUREMENT_WRITABLE),
            patch,
            MEASUREMENT_WRITABLE,
        )
        .validate(|doc| MeasurementProfile::from_json(doc, objective.baseline_date, today))
        .map_err(ApiError::Validation)?;
        Ok::<_, ApiError>(db::objectives::update_measurement(conn, id, input).await?)
    })
    .await?;
    Ok(respond(
        HttpResponse::Ok(),
        row.version,
        Measurement::from(row),
    ))
}
