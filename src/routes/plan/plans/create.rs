use crate::i18n::msg;
use actix_web::http::header;
use actix_web::{HttpResponse, post, web};

use super::views::{StrategicPlan, StrategicPlanInput};
use crate::auth::{Caller, Role};
use crate::db::{self, DbPool};
use crate::domain::plans::PlanProfile;
use crate::error::{ApiError, ApiResult};
use crate::routes::plan::shared::respond;
use crate::routes::{body::JsonObject, responses, today};

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
    caller.require(&[Role::Admin], msg!("may-create-strategic-plans"))?;
    let input =
        PlanProfile::from_json(body.into_inner().0, today()).map_err(ApiError::Validation)?;
    let mut conn = db::conn(&pool).await?;
    let row = db::write(&mut conn, &caller.actor(), async |conn| {
        db::plans::insert_plan(conn, input).await
    })
    .await?;
    let mut response = HttpResponse::Created();
    response.insert_header((header::LOCATION, format!("/v1/strategic-plans/{}", row.id)));
    Ok(respond(response, row.version, StrategicPlan::from(row)))
}
