use crate::i18n::msg;
use actix_web::{HttpRequest, HttpResponse, patch, web};

use super::respond;
use super::views::{BoardTerm, BoardTermPatch};
use crate::auth::{Caller, Role};
use crate::db::board::BoardTermRow;
use crate::db::{self, DbPool, Resource};
use crate::domain::board::BoardTermProfile;
use crate::domain::ids::BoardTermId;
use crate::error::{ApiError, ApiResult, OnConstraint, OrNotFound};
use crate::routes::body::JsonObject;
use crate::routes::conditional::IfMatch;

/// Update a board term
///
/// Admins only. A JSON merge patch (e.g. `until` when someone leaves); honours `If-Match`.
#[utoipa::path(
    tag = "board",
    params(("id" = Uuid, Path, description = "Board term id")),
    request_body(content = BoardTermPatch, content_type = "application/merge-patch+json",
        example = json!({"until": "2020-11-05"})),
    responses(
        (status = 200, description = "The updated term", body = BoardTerm, headers(("ETag" = String))),
    ),
    security(("bearer" = ["admin"]))
)]
#[patch("/board-terms/{id}")]
pub async fn update_board_term(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<BoardTermId>,
    req: HttpRequest,
    body: web::Json<JsonObject>,
) -> ApiResult<HttpResponse> {
    caller.require(&[Role::Admin], msg!("may-edit-board-terms"))?;
    let id = id.into_inner();
    let patch = body.into_inner().0;
    let if_match = IfMatch::of(&req);
    let mut conn = db::conn(&pool).await?;
    let row = db::write(&mut conn, &caller.actor(), async |conn| {
        let current = BoardTermRow::find_for_update(conn, id).await.or_404()?;
        if_match.check(current.version)?;
        let before = BoardTerm::from(current).writable_json();
        let profile = BoardTermProfile::patched(before, patch).map_err(ApiError::Validation)?;
        let unknown =
            || ApiError::invalid("cooperative_id", "unknown", msg!("no-such-cooperative"));
        db::board::update(conn, id, profile)
            .await
            .on_constraint("board_terms_cooperative_id_fkey", unknown)
    })
    .await?;
    Ok(respond(HttpResponse::Ok(), row))
}
