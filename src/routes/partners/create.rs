use crate::i18n::msg;
use actix_web::http::header;
use actix_web::{HttpResponse, post, web};

use super::respond;
use super::views::{Partner, PartnerInput};
use crate::auth::{Caller, Role};
use crate::db::{self, DbPool};
use crate::domain::partner::PartnerProfile;
use crate::error::{ApiError, ApiResult};
use crate::routes::{body::JsonObject, responses};

/// Register a partner
///
/// Admins only. Names are unique, ignoring case and accents (409 otherwise).
#[utoipa::path(
    tag = "partners",
    request_body = PartnerInput,
    responses(
        (status = 201, description = "Registered", body = Partner,
            headers(("Location" = String, description = "URL of the new partner"), ("ETag" = String))),
        (status = 409, response = responses::Conflict),
    ),
    security(("bearer" = ["admin"]))
)]
#[post("/partners")]
pub async fn create_partner(
    caller: Caller,
    pool: web::Data<DbPool>,
    body: web::Json<JsonObject>,
) -> ApiResult<HttpResponse> {
    caller.require(&[Role::Admin], msg!("may-register-partners"))?;
    let profile = PartnerProfile::from_json(body.into_inner().0).map_err(ApiError::Validation)?;
    let mut conn = db::conn(&pool).await?;
    let row = db::write(&mut conn, &caller.actor(), async |conn| {
        db::partners::insert(conn, profile).await
    })
    .await?;
    let mut response = HttpResponse::Created();
    response.insert_header((header::LOCATION, format!("/v1/partners/{}", row.id)));
    Ok(respond(response, row))
}
