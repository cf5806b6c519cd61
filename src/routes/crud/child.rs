//! The item routes of a resource addressed under its parent
//! (`/events/{id}/participations/{participation_id}`): the same reads and writes as
//! [`crud`](super), and a 404 naming the child when the row belongs to another parent, so
//! that a child is never reached through a parent it is not under. Creating one under its
//! parent is [`crud::create`](super::create) with `Creatable::Parent` the parent's id.

use actix_web::{HttpRequest, HttpResponse};

use super::{Deletable, IdOf, Readable, Updatable};
use crate::auth::Caller;
use crate::db::{self, DbPool, Resource};
use crate::error::{ApiError, ApiResult};
use crate::routes::body::JsonObject;
use crate::routes::conditional;

/// A resource whose rows each belong to one parent.
pub trait Child: Readable {
    type ParentId: Copy + PartialEq + Send + Sync;

    /// The parent the row belongs to.
    fn parent_of(row: &Self::Row) -> Self::ParentId;

    /// 403 when the caller may not change or delete this row (a co-op manager, another
    /// co-op's): asked once the row is known to be the parent's, before `If-Match`.
    fn may_write(_caller: &Caller, _row: &Self::Row) -> ApiResult<()> {
        Ok(())
    }
}

/// The row, if it belongs to `parent`; else the child's 404, as if there were none.
fn under<V: Child>(parent: V::ParentId, row: V::Row) -> ApiResult<V::Row> {
    if V::parent_of(&row) == parent {
        Ok(row)
    } else {
        Err(ApiError::not_found(<V::Row as Resource>::NAME))
    }
}

/// 200 with the child and its `ETag`, or 304 when `If-None-Match` names its version.
pub async fn read_child<V: Child>(
    caller: Caller,
    pool: &DbPool,
    parent: V::ParentId,
    id: IdOf<V>,
    req: &HttpRequest,
) -> ApiResult<HttpResponse> {
    V::may_read(&caller)?;
    let mut conn = db::conn(pool).await?;
    let row = under::<V>(parent, V::load(&mut conn, &caller, id).await?)?;
    Ok(conditional::read(req, row.version(), V::from(row)))
}

/// 200 with the patched child: read and locked, checked to be the parent's (404) and the
/// caller's to write (403), against `If-Match` (412), the patch applied and validated,
/// stored, in one transaction.
pub async fn update_child<V: Child + Updatable>(
    caller: Caller,
    pool: &DbPool,
    parent: V::ParentId,
    id: IdOf<V>,
    req: &HttpRequest,
    body: JsonObject,
) -> ApiResult<HttpResponse> {
    super::update_checked::<V>(caller, pool, id, req, body, |caller, row| {
        mine::<V>(caller, parent, row)
    })
    .await
}

/// 204 once deleted, with the checks of [`update_child`] in the same order, then the
/// resource's own rule and the 409 while other records refer to it.
pub async fn delete_child<V: Child + Deletable>(
    caller: Caller,
    pool: &DbPool,
    parent: V::ParentId,
    id: IdOf<V>,
    req: &HttpRequest,
) -> ApiResult<HttpResponse> {
    super::delete_checked::<V>(caller, pool, id, req, |caller, row| {
        mine::<V>(caller, parent, row)
    })
    .await
}

/// The row is the parent's (else the child's 404) and the caller's to write (else 403).
fn mine<V: Child>(caller: &Caller, parent: V::ParentId, row: &V::Row) -> ApiResult<()> {
    if V::parent_of(row) != parent {
        return Err(ApiError::not_found(<V::Row as Resource>::NAME));
    }
    V::may_write(caller, row)
}
