use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use diesel_async::AsyncConnection;

use super::views::{Orientation, OrientationInput, OrientationPage};
use crate::auth::{Caller, Role};
use crate::db::Resource;
use crate::db::plans::PlanRow;
use crate::db::{self, DbPool};
use crate::domain::ids::PlanId;
use crate::domain::plans;
use crate::error::OnConstraint;
use crate::error::OrNotFound;
use crate::error::{ApiError, ApiResult};
use crate::routes::pagination::{PageParams, Paging, bad_query};
use crate::routes::plans::{READERS, respond};
use crate::routes::{body::JsonObject, responses};

const SORT: &str = "number";

/// List a plan's orientations
///
/// Admins, readers and co-op managers. Ordered by number.
#[utoipa::path(
    tag = "strategic-plans",
    params(("id" = Uuid, Path, description = "Strategic plan id"), PageParams),
    responses(
        (status = 200, description = "One page of orientations", body = OrientationPage,
            headers(("Link" = String, description = "`<…>; rel=\"next\"` when there is a next page"))),
    ),
    security(("bearer" = []))
)]
#[get("/strategic-plans/{id}/orientations")]
pub async fn list_orientations(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<PlanId>,
    params: web::Query<PageParams>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    caller.require(READERS, "read strategic plans")?;
    let mut errors = Vec::new();
    let paging = Paging::<i32>::parse(&mut errors, params.limit, params.cursor.as_deref(), SORT);
    if !errors.is_empty() {
        return Err(bad_query(errors));
    }
    let mut conn = db::conn(&pool).await?;
    let plan = PlanRow::find(&mut conn, id.into_inner()).await.or_404()?;
    let rows =
        db::plans::list_orientations(&mut conn, plan.id, paging.after, paging.fetch()).await?;
    Ok(paging.respond(&req, rows, |last| last.number, Orientation::from))
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
    security(("bearer" = []))
)]
#[post("/strategic-plans/{id}/orientations")]
pub async fn create_orientation(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<PlanId>,
    body: web::Json<JsonObject>,
) -> ApiResult<HttpResponse> {
    caller.require(&[Role::Admin], "edit strategic plans")?;
    let id = id.into_inner();
    let input =
        plans::OrientationProfile::from_json(body.into_inner().0).map_err(ApiError::Validation)?;
    let mut conn = db::conn(&pool).await?;
    let row = conn
        .transaction(async |conn| {
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
