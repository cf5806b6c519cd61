use crate::i18n::msg;
use actix_web::http::header;
use actix_web::{HttpResponse, post, web};

use super::respond;
use super::views::{Event, EventInput};
use crate::auth::{Caller, Role};
use crate::db::{self, DbPool};
use crate::domain::event::EventProfile;
use crate::error::{ApiError, ApiResult};
use crate::routes::{body::JsonObject, responses};

/// Create an event
///
/// Admins only. Attendance is recorded either as co-ops' participations, or (when the co-ops
/// are not known) as reported totals, or as an approximate head count; every invalid field is
/// reported in one 422.
#[utoipa::path(
    tag = "events",
    request_body = EventInput,
    responses(
        (status = 201, description = "Created", body = Event,
            headers(("Location" = String, description = "URL of the new event"), ("ETag" = String))),
        (status = 409, response = responses::Conflict),
    ),
    security(("bearer" = ["admin"]))
)]
#[post("/events")]
pub async fn create_event(
    caller: Caller,
    pool: web::Data<DbPool>,
    body: web::Json<JsonObject>,
) -> ApiResult<HttpResponse> {
    caller.require(&[Role::Admin], msg!("may-create-events"))?;
    let profile = EventProfile::from_json(body.into_inner().0).map_err(ApiError::Validation)?;
    let mut conn = db::conn(&pool).await?;
    let row = db::write(&mut conn, &caller.actor(), async |conn| {
        Ok::<_, ApiError>(db::events::insert(conn, profile).await?)
    })
    .await?;
    let mut response = HttpResponse::Created();
    response.insert_header((header::LOCATION, format!("/v1/events/{}", row.id)));
    Ok(respond(response, (row, 0, 0)))
}
