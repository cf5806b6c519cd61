use crate::i18n::msg;
use actix_web::http::header;
use actix_web::{HttpResponse, post, web};

use super::respond;
use super::views::{Cooperative, CooperativeInput};
use crate::auth::{Caller, Role};
use crate::db::{self, DbPool};
use crate::domain::cooperative::CooperativeProfile;
use crate::error::{ApiError, ApiResult};
use crate::routes::{body::JsonObject, responses, today};

/// Register a cooperative
///
/// Admins only. Every invalid field is reported in one 422.
#[utoipa::path(
    tag = "cooperatives",
    request_body = CooperativeInput,
    responses(
        (status = 201, description = "Registered", body = Cooperative,
            headers(("Location" = String, description = "URL of the new cooperative"), ("ETag" = String))),
        (status = 409, response = responses::Conflict),
    ),
    security(("bearer" = ["admin"]))
)]
#[post("/cooperatives")]
pub async fn create_cooperative(
    caller: Caller,
    pool: web::Data<DbPool>,
    body: web::Json<JsonObject>,
) -> ApiResult<HttpResponse> {
    caller.require(&[Role::Admin], msg!("may-register-cooperatives"))?;
    let profile = CooperativeProfile::from_json(body.into_inner().0, today())
        .map_err(ApiError::Validation)?;
    let mut conn = db::conn(&pool).await?;
    let row = db::write(&mut conn, &caller.actor(), async |conn| {
        db::cooperatives::insert(conn, profile).await
    })
    .await?;
    let mut response = HttpResponse::Created();
    response.insert_header((header::LOCATION, format!("/v1/cooperatives/{}", row.id)));
    Ok(respond(response, row))
}
