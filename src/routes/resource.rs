//! Loading a resource by id, with the 404 that names it.

use crate::db::{AsyncPgConnection, Resource};
use crate::error::{ApiResult, OrNotFound};

/// Reads a resource by id, or 404.
pub async fn load<R: Resource>(conn: &mut AsyncPgConnection, id: R::Id) -> ApiResult<R> {
    R::find(conn, id).await.or_404()
}

/// Reads and locks a resource by id for the rest of the transaction, or 404.
pub async fn load_for_update<R: Resource>(conn: &mut AsyncPgConnection, id: R::Id) -> ApiResult<R> {
    R::find_for_update(conn, id).await.or_404()
}
