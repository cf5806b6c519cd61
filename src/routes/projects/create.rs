use crate::i18n::msg;
use actix_web::http::header;
use actix_web::{HttpResponse, post, web};

use super::views::{Project, ProjectInput};
use super::{check_links, respond};
use crate::auth::{Caller, Role};
use crate::db::{self, DbPool};
use crate::domain::project::ProjectProfile;
use crate::error::{ApiError, ApiResult};
use crate::routes::{body::JsonObject, responses};

/// Create a project
///
/// Admins only. It starts as `planned`; its status then changes only through transitions.
/// Every invalid field is reported in one 422, unknown orientations and objectives included.
#[utoipa::path(
    tag = "projects",
    request_body = ProjectInput,
    responses(
        (status = 201, description = "Created", body = Project,
            headers(("Location" = String, description = "URL of the new project"), ("ETag" = String))),
        (status = 409, response = responses::Conflict),
    ),
    security(("bearer" = ["admin"]))
)]
#[post("/projects")]
pub async fn create_project(
    caller: Caller,
    pool: web::Data<DbPool>,
    body: web::Json<JsonObject>,
) -> ApiResult<HttpResponse> {
    caller.require(&[Role::Admin], msg!("may-create-projects"))?;
    let profile = ProjectProfile::from_json(body.into_inner().0).map_err(ApiError::Validation)?;
    let mut conn = db::conn(&pool).await?;
    let row = db::write(&mut conn, &caller.actor(), async |conn| {
        check_links(conn, &profile).await?;
        Ok::<_, ApiError>(db::projects::insert(conn, profile).await?)
    })
    .await?;
    let mut response = HttpResponse::Created();
    response.insert_header((header::LOCATION, format!("/v1/projects/{}", row.id)));
    Ok(respond(response, row))
}
