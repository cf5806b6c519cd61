use crate::i18n::msg;
use actix_web::http::header;
use actix_web::{HttpResponse, post, web};

use super::respond;
use super::views::{Agreement, AgreementInput};
use crate::auth::{Caller, Role};
use crate::db::{self, DbPool};
use crate::domain::agreement::NewAgreement;
use crate::error::{ApiError, ApiResult, OnConstraint};
use crate::routes::{body::JsonObject, responses, today};

/// Create a service agreement
///
/// Admins only. The agreement starts as a `draft`; its status then changes only through
/// transitions. Every invalid field is reported in one 422.
#[utoipa::path(
    tag = "service-agreements",
    request_body = AgreementInput,
    responses(
        (status = 201, description = "Created", body = Agreement,
            headers(("Location" = String, description = "URL of the new agreement"), ("ETag" = String))),
        (status = 409, response = responses::Conflict),
    ),
    security(("bearer" = ["admin"]))
)]
#[post("/service-agreements")]
pub async fn create_service_agreement(
    caller: Caller,
    pool: web::Data<DbPool>,
    body: web::Json<JsonObject>,
) -> ApiResult<HttpResponse> {
    caller.require(&[Role::Admin], msg!("may-create-service-agreements"))?;
    let new =
        NewAgreement::from_json(body.into_inner().0, today()).map_err(ApiError::Validation)?;
    let mut conn = db::conn(&pool).await?;
    let row = db::write(&mut conn, &caller.actor(), async |conn| {
        // A partner that is missing, or deleted meanwhile, fails the foreign key.
        let unknown_partner =
            || ApiError::invalid("partner_id", "unknown", msg!("no-such-partner"));
        db::agreements::insert(conn, new)
            .await
            .on_constraint("service_agreements_partner_id_fkey", unknown_partner)
    })
    .await?;
    let mut response = HttpResponse::Created();
    response.insert_header((
        header::LOCATION,
        format!("/v1/service-agreements/{}", row.id),
    ));
    Ok(respond(response, row))
}
