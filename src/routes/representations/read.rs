use crate::i18n::msg;
use actix_web::{HttpRequest, HttpResponse, get, web};

use super::READERS;
use super::views::Representation;
use crate::auth::Caller;
use crate::db::representations::RepresentationRow;
use crate::db::{self, DbPool};
use crate::domain::ids::RepresentationId;
use crate::error::ApiResult;
use crate::routes::conditional;
use crate::routes::resource::load;

/// Read a representation
///
/// Admins and readers.
#[utoipa::path(
    tag = "representations",
    params(("id" = Uuid, Path, description = "Representation id")),
    responses(
        (status = 200, description = "The representation", body = Representation, headers(("ETag" = String))),
        (status = 304, description = "Not modified since the version named in `If-None-Match`"),
    ),
    security(("bearer" = ["admin", "reader"]))
)]
#[get("/representations/{id}")]
pub async fn get_representation(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<RepresentationId>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    caller.require(READERS, msg!("may-read-representations"))?;
    let mut conn = db::conn(&pool).await?;
    let row = load::<RepresentationRow>(&mut conn, id.into_inner()).await?;
    Ok(conditional::read(
        &req,
        row.version,
        Representation::from(row),
    ))
}
