use crate::i18n::msg;
use actix_web::{HttpRequest, HttpResponse, get, post, web};

use super::views::Delivery;
use crate::auth::{Caller, Role};
use crate::db::webhooks::{DeliveryRow, WebhookRow};
use crate::db::{self, DbPool};
use crate::domain::ids::{DeliveryId, WebhookId};
use crate::error::{ApiError, ApiResult};
use crate::routes::crud::ListResponses;
use crate::routes::export::fetch;
use crate::routes::pagination::{PageParams, Paging, bad_query, format};
use crate::routes::resource::load;

/// List a subscription's deliveries
///
/// Newest first: each change sent or to send, its status, attempts, the receiver's last
/// answer and when the next attempt is due.
#[utoipa::path(
    tag = "webhooks",
    params(("id" = Uuid, Path, description = "Webhook subscription id"), PageParams),
    responses(
        ListResponses<Delivery>,
    ),
    security(("bearer" = ["admin"]))
)]
#[get("/webhooks/{id}/deliveries")]
pub async fn list_webhook_deliveries(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<WebhookId>,
    params: web::Query<PageParams>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    caller.require(&[Role::Admin], msg!("may-manage-webhooks"))?;
    let mut errors = Vec::new();
    let paging = Paging::<(i64, i64)>::parse(
        &mut errors,
        params.limit.clone(),
        params.cursor.as_deref(),
        "newest",
    );
    let format = format(&mut errors, &req, params.format.as_deref())?;
    if !errors.is_empty() {
        return Err(bad_query(errors));
    }
    let subscription = {
        let mut conn = db::conn(&pool).await?;
        load::<WebhookRow>(&mut conn, id.into_inner()).await?.id
    };
    let fetch =
        fetch!(=> |conn, after, limit| db::webhooks::deliveries(conn, subscription, after, limit));
    let position = |row: &DeliveryRow| (row.sequence, row.position);
    paging
        .serve(
            &req,
            &pool,
            (format, "deliveries"),
            fetch,
            position,
            Delivery::from,
        )
        .await
}

/// Deliver again
///
/// Sends the delivery again, next for its subscription, whatever happened to it before (a
/// receiver that lost it, or one that failed every retry while down).
#[utoipa::path(
    tag = "webhooks",
    params(
        ("id" = Uuid, Path, description = "Webhook subscription id"),
        ("delivery_id" = Uuid, Path, description = "Delivery id"),
    ),
    responses(
        (status = 202, description = "Queued to be sent next", body = Delivery),
    ),
    security(("bearer" = ["admin"]))
)]
#[post("/webhooks/{id}/deliveries/{delivery_id}/redeliver")]
pub async fn redeliver_webhook_delivery(
    caller: Caller,
    pool: web::Data<DbPool>,
    path: web::Path<(WebhookId, DeliveryId)>,
) -> ApiResult<HttpResponse> {
    caller.require(&[Role::Admin], msg!("may-manage-webhooks"))?;
    let (subscription, delivery) = path.into_inner();
    let mut conn = db::conn(&pool).await?;
    let row = db::webhooks::redeliver(&mut conn, subscription, delivery)
        .await?
        .ok_or_else(|| ApiError::not_found(DeliveryId::RESOURCE))?;
    Ok(HttpResponse::Accepted().json(Delivery::from(row)))
}
