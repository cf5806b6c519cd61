use actix_web::{HttpRequest, HttpResponse, get, web};

use super::public_only;
use super::views::BoardTerm;
use crate::auth::Caller;
use crate::db::board::BoardTermRow;
use crate::db::{self, DbPool};
use crate::domain::ids::BoardTermId;
use crate::error::{ApiError, ApiResult};
use crate::routes::conditional;
use crate::routes::resource::load;

/// Read a board term
///
/// Admins and readers read any; co-op managers and partners a public one (404 otherwise).
#[utoipa::path(
    tag = "board",
    params(("id" = Uuid, Path, description = "Board term id")),
    responses(
        (status = 200, description = "The term", body = BoardTerm, headers(("ETag" = String))),
        (status = 304, description = "Not modified since the version named in `If-None-Match`"),
    ),
    security(("bearer" = ["admin", "reader", "coop_manager", "partner"]))
)]
#[get("/board-terms/{id}")]
pub async fn get_board_term(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<BoardTermId>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    let mut conn = db::conn(&pool).await?;
    let row = load::<BoardTermRow>(&mut conn, id.into_inner()).await?;
    if public_only(&caller) && !row.public {
        return Err(ApiError::not_found(BoardTermId::RESOURCE));
    }
    Ok(conditional::read(&req, row.version, BoardTerm::from(row)))
}
