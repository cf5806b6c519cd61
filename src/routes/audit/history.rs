//! `GET /v1/{resources}/{id}/history`: one resource's audit events, for front ends that show
//! "changed by … on …". Each resource declares its route (who may read it decides who may
//! read its history); this is what they share.

use actix_web::{HttpRequest, HttpResponse, web};
use uuid::Uuid;

use crate::db::DbPool;
use crate::db::changes::audit::AuditFilter;
use crate::domain::change::ResourceType;
use crate::error::ApiResult;
use crate::routes::pagination::PageParams;

/// The resource's changes, newest first, in pages.
pub async fn respond(
    pool: web::Data<DbPool>,
    req: &HttpRequest,
    resource_type: ResourceType,
    id: Uuid,
    params: PageParams,
) -> ApiResult<HttpResponse> {
    let filter = AuditFilter {
        resource_type: Some(resource_type),
        resource_id: Some(id),
        ..AuditFilter::default()
    };
    super::list::respond(
        pool,
        req,
        Vec::new(),
        filter,
        params.limit,
        params.cursor.as_deref(),
        params.format.as_deref(),
    )
    .await
}

/// Declares a resource's history route: `$check` (an async block given the caller, the
/// pool and the id) answers 403/404 when the caller may not read the resource.
macro_rules! history_route {
    (
        $(#[doc = $doc:literal])*
        $name:ident: GET $path:literal, $id:ty, $resource_type:expr,
        tag: $tag:literal, id: $id_doc:literal, roles: [$($role:literal),+],
        check: |$caller:ident, $conn:ident, $idv:ident| $check:expr $(,)?
    ) => {
        // utoipa pairs with actix's route attribute by its bare name.
        use actix_web::get;

        $(#[doc = $doc])*
        #[utoipa::path(
            tag = $tag,
            params(("id" = Uuid, Path, description = $id_doc), $crate::routes::pagination::PageParams),
            responses(
                (status = 200, description = "One page of the resource's audit events, newest first, or with `format=csv|ndjson` every one",
                    content(
                        ($crate::routes::audit::views::AuditEventPage = "application/json"),
                        (String = "text/csv"),
                        ($crate::routes::audit::views::AuditEvent = "application/x-ndjson"),
                    ),
                    headers(("Link" = String, description = "`<…>; rel=\"next\"` when there is a next page"))),
            ),
            security(("bearer" = [$($role),+]))
        )]
        #[get($path)]
        pub async fn $name(
            $caller: $crate::auth::Caller,
            pool: actix_web::web::Data<$crate::db::DbPool>,
            id: actix_web::web::Path<$id>,
            params: actix_web::web::Query<$crate::routes::pagination::PageParams>,
            req: actix_web::HttpRequest,
        ) -> $crate::error::ApiResult<actix_web::HttpResponse> {
            let $idv = id.into_inner();
            {
                let mut conn = $crate::db::conn(&pool).await?;
                let $conn = &mut *conn;
                $check.await?;
            }
            $crate::routes::audit::history::respond(
                pool,
                &req,
                $resource_type,
                $idv.as_uuid(),
                params.into_inner(),
            )
            .await
        }
    };
}
pub(crate) use history_route;
