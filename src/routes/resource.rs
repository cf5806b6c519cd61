//! What the item routes of every resource share: loading by id (404 naming the resource)
//! and deleting under `If-Match`.

use actix_web::{HttpRequest, HttpResponse};

use crate::auth::Caller;
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

/// Deletes a resource once `allowed` has accepted the current (locked) row: 404 when there
/// is none, 412 when `If-Match` names another version, 409 with `in_use` while other records
/// refer to it, else 204.
pub async fn delete_if<R: Resource>(
    pool: &DbPool,
    req: &HttpRequest,
    id: R::Id,
    in_use: crate::i18n::Message,
    allowed: impl FnOnce(&R) -> ApiResult<()> + Send,
) -> ApiResult<HttpResponse> {
    let if_match = IfMatch::of(req);
    let caller = Caller::of(req)?;
    let mut conn = db::conn(pool).await?;
    db::write(&mut conn, &caller.actor(), async |conn| {
        let current = load_for_update::<R>(conn, id).await?;
        if_match.check(current.version())?;
        allowed(&current)?;
        R::delete(conn, id).await.still_referenced(in_use)
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Declares the `DELETE` handler of a resource that only admins delete, under `If-Match`:
/// every such handler is this one, with its own names and sentences. With `in_use`, a
/// delete that other records block is a documented 409 with that sentence; with `allowed`,
/// a rule on the current row may refuse it too (its own 409).
macro_rules! delete_route {
    (
        $(#[doc = $doc:literal])*
        $name:ident: DELETE $path:literal, $row:ty, $id:ty,
        tag: $tag:literal, id: $id_doc:literal, may_not: $action:expr,
        in_use: $in_use:expr $(, allowed: $allowed:expr)? $(,)?
    ) => {
        $crate::routes::resource::delete_route!(@handler
            [$(#[doc = $doc])*] $name $path $row, $id, $tag, $id_doc, $action, $in_use,
            [(status = 409, response = $crate::routes::responses::Conflict),]
            $(, $allowed)?
        );
    };
    (
        $(#[doc = $doc:literal])*
        $name:ident: DELETE $path:literal, $row:ty, $id:ty,
        tag: $tag:literal, id: $id_doc:literal, may_not: $action:expr $(,)?
    ) => {
        $crate::routes::resource::delete_route!(@handler
            [$(#[doc = $doc])*] $name $path $row, $id, $tag, $id_doc, $action,
            $crate::i18n::msg!("delete-referenced"), []
        );
    };
    (@allowed $row:ty) => {
        |_: &$row| $crate::error::ApiResult::Ok(())
    };
    (@allowed $row:ty, $allowed:expr) => {
        $allowed
    };
    (@handler
        [$($doc:tt)*] $name:ident $path:literal $row:ty, $id:ty, $tag:literal, $id_doc:literal,
        $action:expr, $in_use:expr, [$($conflict:tt)*] $(, $allowed:expr)?
    ) => {
        // utoipa pairs with actix's route attribute by its bare name.
        use actix_web::delete;

        $($doc)*
        #[utoipa::path(
            tag = $tag,
            params(("id" = Uuid, Path, description = $id_doc)),
            responses((status = 204, description = "Deleted"), $($conflict)*),
            security(("bearer" = ["admin"]))
        )]
        #[delete($path)]
        pub async fn $name(
            caller: $crate::auth::Caller,
            pool: actix_web::web::Data<$crate::db::DbPool>,
            id: actix_web::web::Path<$id>,
            req: actix_web::HttpRequest,
        ) -> $crate::error::ApiResult<actix_web::HttpResponse> {
            caller.require(&[$crate::auth::Role::Admin], $action)?;
            let allowed = $crate::routes::resource::delete_route!(@allowed $row $(, $allowed)?);
            $crate::routes::resource::delete_if::<$row>(
                &pool,
                &req,
                id.into_inner(),
                $in_use,
                allowed,
            )
            .await
        }
    };
}
pub(crate) use delete_route;
