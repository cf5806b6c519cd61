use crate::i18n::msg;
use actix_web::http::header;
use actix_web::{HttpResponse, post, web};

use super::views::{Orientation, OrientationInput};
use crate::auth::{Caller, Role};
use crate::db::plans::PlanRow;
use crate::db::{self, DbPool, Resource};
use crate::domain::ids::PlanId;
use crate::domain::plans;
use crate::error::{ApiError, ApiResult, OnConstraint, OrNotFound};
use crate::routes::plan::shared::respond;
use crate::routes::{body::JsonObject, responses};

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
    caller.require(&[Role::Admin], msg!("may-edit-strategic-plans"))?;
    let id = id.into_inner();
    let input =
        plans::OrientationProfile::from_json(body.into_inner().0).map_err(ApiError::Validation)?;
    let mut conn = db::conn(&pool).await?;
    let row = db::write(&mut conn, &caller.actor(), async |conn| {
        // Locking the plan serialises numbering among concurrent additions.
        PlanRow::find_for_update(conn, id).await.or_404()?;
        let number = match input.number {
            Some(n) => n,
            None => db::plans::next_orientation_number(conn, id).await?,
        };
        db::plans::insert_orientation(conn, id, number, input)
            .await
            .on_constraint("orientations_plan_fkey", || {
                ApiError::not_found(PlanId::RESOURCE)
            })
    })
    .await?;
    let mut response = HttpResponse::Created();
    response.insert_header((header::LOCATION, format!("/v1/orientations/{}", row.id)));
    Ok(respond(response, row.version, Orientation::from(row)))
}
