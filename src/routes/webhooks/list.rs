use crate::i18n::msg;
use actix_web::{HttpRequest, HttpResponse, get, web};

use super::views::Webhook;
use crate::auth::{Caller, Role};
use crate::db::webhooks::WebhookRow;
use crate::db::{self, DbPool};
use crate::domain::ids::WebhookId;
use crate::error::ApiResult;
use crate::routes::crud::ListResponses;
use crate::routes::export::fetch;
use crate::routes::pagination::{PageParams, Paging, bad_query, format};

/// List webhook subscriptions
///
/// In creation order, without their secrets.
#[utoipa::path(
    tag = "webhooks",
    params(PageParams),
    responses(
        ListResponses<Webhook>,
    ),
    security(("bearer" = ["admin"]))
)]
#[get("/webhooks")]
pub async fn list_webhooks(
    caller: Caller,
    pool: web::Data<DbPool>,
    params: web::Query<PageParams>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    caller.require(&[Role::Admin], msg!("may-manage-webhooks"))?;
    let mut errors = Vec::new();
    let paging = Paging::<WebhookId>::parse(
        &mut errors,
        params.limit.clone(),
        params.cursor.as_deref(),
        "id",
    );
    let format = format(&mut errors, &req, params.format.as_deref())?;
    if !errors.is_empty() {
        return Err(bad_query(errors));
    }
    let fetch = fetch!(=> |conn, after, limit| db::webhooks::list(conn, after, limit));
    let position = |row: &WebhookRow| row.id;
    paging
        .serve(
            &req,
            &pool,
            (format, "webhooks"),
            fetch,
            position,
            Webhook::from,
        )
        .await
}
