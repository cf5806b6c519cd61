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
