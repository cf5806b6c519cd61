use crate::i18n::msg;
use actix_web::{HttpRequest, HttpResponse, get, web};

use super::views::Cooperative;
use crate::auth::{Caller, Role};
use crate::db::cooperatives::CooperativeRow;
use crate::db::{self, DbPool};
use crate::domain::ids::CooperativeId;
use crate::error::ApiResult;
use crate::routes::conditional;
use crate::routes::resource::load;

/// Read a cooperative
///
/// Admins, readers and co-op managers. Send `If-None-Match` with a previous `ETag` to get a
/// 304 when nothing changed.
#[utoipa::path(
    tag = "cooperatives",
    params(("id" = Uuid, Path, description = "Cooperative id")),
    responses(
        (status = 200, description = "The cooperative", body = Cooperative, headers(("ETag" = String))),
        (status = 304, description = "Not modified since the version named in `If-None-Match`"),
    ),
    security(("bearer" = ["admin", "reader", "coop_manager"]))
)]
#[get("/cooperatives/{id}")]
pub async fn get_cooperative(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<CooperativeId>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    caller.require(
        &[Role::Admin, Role::Reader, Role::CoopManager],
        msg!("may-read-the-register"),
    )?;
    let mut conn = db::conn(&pool).await?;
    let row = load::<CooperativeRow>(&mut conn, id.into_inner()).await?;
    Ok(conditional::read(&req, row.version, Cooperative::from(row)))
}
