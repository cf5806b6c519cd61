use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, post, web};

use super::period_of;
use super::views::{Objective, ObjectiveInput, ObjectivePage};
use crate::auth::{Caller, Role};
use crate::db::Resource;
use crate::db::plans::OrientationRow;
use crate::db::{self, DbPool};
use crate::domain::ids::{ObjectiveId, OrientationId};
use crate::domain::objectives;
use crate::error::OnConstraint;
use crate::error::OrNotFound;
use crate::error::{ApiError, ApiResult};
use crate::routes::pagination::{PageParams, Paging, bad_query};
use crate::routes::plans::{READERS, respond};
use crate::routes::{body::JsonObject, responses};

const SORT: &str = "code";

/// List an orientation's objectives
///
/// Admins, readers and co-op managers. Ordered by code.
#[utoipa::path(
    tag = "strategic-plans",
    params(("id" = Uuid, Path, description = "Orientation id"), PageParams),
    responses(
        (status = 200, description = "One page of objectives", body = ObjectivePage,
            headers(("Link" = String, description = "`<…>; rel=\"next\"` when there is a next page"))),
    ),
    security(("bearer" = []))
)]
#[get("/orientations/{id}/objectives")]
pub async fn list_objectives(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<OrientationId>,
    params: web::Query<PageParams>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    caller.require(READERS, "read strategic plans")?;
    let params = params.into_inner();
    let mut errors = Vec::new();
    let paging = Paging::<(String, ObjectiveId)>::parse(
        &mut errors,
        params.limit,
        params.cursor.as_deref(),
        SORT,
    );
    if !errors.is_empty() {
        return Err(bad_query(errors));
    }
    let mut conn = db::conn(&pool).await?;
    let orientation = OrientationRow::find(&mut conn, id.into_inner())
        .await
        .or_404()?;
    let rows = db::objectives::list_objectives(
        &mut conn,
        orientation.id,
        paging.after.clone(),
        paging.fetch(),
    )
    .await?;
    Ok(paging.respond(
        &req,
        rows,
        |last| (last.code.clone(), last.id),
        Objective::from,
    ))
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
    security(("bearer" = []))
)]
#[post("/orientations/{id}/objectives")]
pub async fn create_objective(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<OrientationId>,
    body: web::Json<JsonObject>,
) -> ApiResult<HttpResponse> {
    caller.require(&[Role::Admin], "edit strategic plans")?;
    let id = id.into_inner();
    let mut conn = db::conn(&pool).await?;
    let period = period_of(&mut conn, id).await?;
    let input = objectives::ObjectiveProfile::from_json(body.into_inner().0, period)
        .map_err(ApiError::Validation)?;
    let row = db::objectives::insert_objective(&mut conn, id, input)
        .await
        .on_constraint("objectives_orientation_fkey", || {
            ApiError::not_found(OrientationId::RESOURCE)
        })?;
    let mut response = HttpResponse::Created();
    response.insert_header((header::LOCATION, format!("/v1/objectives/{}", row.id)));
    Ok(respond(response, row.version, Objective::from(row)))
}
