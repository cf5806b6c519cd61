use crate::i18n::msg;
use actix_web::http::header;
use actix_web::{HttpResponse, post, web};

use super::period_of;
use super::views::{Objective, ObjectiveInput};
use crate::auth::{Caller, Role};
use crate::db::{self, DbPool};
use crate::domain::ids::OrientationId;
use crate::domain::objectives;
use crate::error::{ApiError, ApiResult, OnConstraint};
use crate::routes::plan::shared::respond;
use crate::routes::{body::JsonObject, responses};

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
    caller.require(&[Role::Admin], msg!("may-edit-strategic-plans"))?;
    let id = id.into_inner();
    let mut conn = db::conn(&pool).await?;
    let period = period_of(&mut conn, id).await?;
    let input = objectives::ObjectiveProfile::from_json(body.into_inner().0, period)
        .map_err(ApiError::Validation)?;
    let row = db::write(&mut conn, &caller.actor(), async |conn| {
        db::objectives::insert_objective(conn, id, input).await
    })
    .await
    .on_constraint("objectives_orientation_fkey", || {
        ApiError::not_found(OrientationId::RESOURCE)
    })?;
    let mut response = HttpResponse::Created();
    response.insert_header((header::LOCATION, format!("/v1/objectives/{}", row.id)));
    Ok(respond(response, row.version, Objective::from(row)))
}
