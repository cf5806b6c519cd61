use crate::i18n::msg;
use actix_web::http::header;
use actix_web::{HttpResponse, post, web};

use super::respond;
use super::views::{Representation, RepresentationInput};
use crate::auth::{Caller, Role};
use crate::db::{self, DbPool};
use crate::domain::representation::RepresentationProfile;
use crate::error::{ApiError, ApiResult};
use crate::routes::{body::JsonObject, responses, today};

/// Create a representation
///
/// Admins only. A brief has a `filed_on`, a meeting a `held_on` (422 otherwise); neither in
/// the future.
#[utoipa::path(
    tag = "representations",
    request_body = RepresentationInput,
    responses(
        (status = 201, description = "Created", body = Representation,
            headers(("Location" = String, description = "URL of the new representation"), ("ETag" = String))),
        (status = 409, response = responses::Conflict),
    ),
    security(("bearer" = ["admin"]))
)]
#[post("/representations")]
pub async fn create_representation(
    caller: Caller,
    pool: web::Data<DbPool>,
    body: web::Json<JsonObject>,
) -> ApiResult<HttpResponse> {
    caller.require(&[Role::Admin], msg!("may-create-representations"))?;
    let profile = RepresentationProfile::from_json(body.into_inner().0, today())
        .map_err(ApiError::Validation)?;
    let mut conn = db::conn(&pool).await?;
    let row = db::write(&mut conn, &caller.actor(), async |conn| {
        Ok::<_, ApiError>(db::representations::insert(conn, profile).await?)
    })
    .await?;
    let mut response = HttpResponse::Created();
    response.insert_header((header::LOCATION, format!("/v1/representations/{}", row.id)));
    Ok(respond(response, row))
}
