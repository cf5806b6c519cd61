//! Liveness and readiness, for load balancers and orchestrators.

use actix_web::{HttpResponse, get, web};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::db::{self, DbPool};
use crate::error::ApiError;
use crate::routes::responses;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(healthz).service(readyz);
}

#[derive(Serialize, ToSchema)]
#[schema(example = json!({"status": "ok"}))]
pub struct Health {
    #[schema(example = "ok")]
    status: &'static str,
}

/// Liveness
///
/// The process is up. Touches nothing else.
#[utoipa::path(tag = "operations", responses((status = 200, description = "The process is up", body = Health)), security(()))]
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(Health { status: "ok" })
}

/// Readiness
///
/// The database answers; 503 otherwise, so a load balancer stops sending traffic here.
#[utoipa::path(
    tag = "operations",
    responses(
        (status = 200, description = "The database answers", body = Health),
        (status = 503, response = responses::Unavailable)
    ),
    security(())
)]
#[get("/readyz")]
pub async fn readyz(
    pool: web::Data<DbPool>,
    url: web::Data<Option<db::DatabaseUrl>>,
) -> Result<HttpResponse, ApiError> {
    if db::ping(&pool, url.as_ref().as_ref()).await {
        Ok(HttpResponse::Ok().json(Health { status: "ready" }))
    } else {
        Err(ApiError::Unavailable)
    }
}
