//! What the item routes of every resource share: loading by id (404 naming the resource)
//! and deleting under `If-Match`.

use actix_web::{HttpRequest, HttpResponse};
use diesel_async::AsyncConnection;

use crate::db::{self, AsyncPgConnection, DbPool, Resource};
use crate::error::{ApiResult, OnConstraint, OrNotFound};
use crate::routes::conditional::IfMatch;

/// Reads a resource by id, or 404.
pub async fn load<R: Resource>(conn: &mut AsyncPgConnection, id: R::Id) -> ApiResult<R> {
    R::find(conn, id).await.or_404()
}

/// Reads and locks a resource by id for the rest of the transaction, or 404.
pub async fn load_for_update<R: Resource>(conn: &mut AsyncPgConnection, id: R::Id) -> ApiResult<R> {
    R::find_for_update(conn, id).await.or_404()
}

/// Deletes a resource: 404 when there is none, 412 when `If-Match` names another version,
/// 409 with `in_use` while other records refer to it, else 204.
pub async fn delete<R: Resource>(
    pool: &DbPool,
    req: &HttpRequest,
    id: R::Id,
    in_use: &str,
) -> ApiResult<HttpResponse> {
    delete_if(pool, req, id, in_use, |_: &R| Ok(())).await
}

/// [`delete`], once `allowed` has accepted the current (locked) row.
pub async fn delete_if<R: Resource>(
    pool: &DbPool,
    req: &HttpRequest,
    id: R::Id,
    in_use: &str,
    allowed: impl FnOnce(&R) -> ApiResult<()> + Send,
) -> ApiResult<HttpResponse> {
    let if_match = IfMatch::of(req);
    let mut conn = db::conn(pool).await?;
    conn.transaction(async |conn| {
        let current = load_for_update::<R>(conn, id).await?;
        if_match.check(current.version())?;
        allowed(&current)?;
        R::delete(conn, id).await.still_referenced(in_use)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
