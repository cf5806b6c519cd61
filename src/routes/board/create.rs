use crate::i18n::msg;
use actix_web::http::header;
use actix_web::{HttpResponse, post, web};

use super::respond;
use super::views::{BoardTerm, BoardTermInput};
use crate::auth::{Caller, Role};
use crate::db::{self, DbPool};
use crate::domain::board::BoardTermProfile;
use crate::error::{ApiError, ApiResult, OnConstraint};
use crate::routes::body::JsonObject;

/// Record a board term
///
/// Admins only.
#[utoipa::path(
    tag = "board",
    request_body = BoardTermInput,
    responses(
        (status = 201, description = "Created", body = BoardTerm,
            headers(("Location" = String, description = "URL of the new term"), ("ETag" = String))),
    ),
    security(("bearer" = ["admin"]))
)]
#[post("/board-terms")]
pub async fn create_board_term(
    caller: Caller,
    pool: web::Data<DbPool>,
    body: web::Json<JsonObject>,
) -> ApiResult<HttpResponse> {
    caller.require(&[Role::Admin], msg!("may-record-board-terms"))?;
    let profile = BoardTermProfile::from_json(body.into_inner().0).map_err(ApiError::Validation)?;
    let mut conn = db::conn(&pool).await?;
    let row = db::write(&mut conn, &caller.actor(), async |conn| {
        let unknown =
            || ApiError::invalid("cooperative_id", "unknown", msg!("no-such-cooperative"));
        db::board::insert(conn, profile)
            .await
            .on_constraint("board_terms_cooperative_id_fkey", unknown)
    })
    .await?;
    let mut response = HttpResponse::Created();
    response.insert_header((header::LOCATION, format!("/v1/board-terms/{}", row.id)));
    Ok(respond(response, row))
}
