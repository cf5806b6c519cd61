//! `/v1/api-clients`: credentials of outside systems (partners' integrations, co-ops' front
//! ends, scripts), managed by the federation's admins. A secret is shown once, when the
//! client is created or its secret rotated, and stored only as an argon2id hash.

mod create;
mod list;
mod read;
mod revoke;
mod rotate;
pub mod views;

use actix_web::{HttpResponse, HttpResponseBuilder, http::header, web};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::{Caller, Role, secret};
use crate::db::api_clients::ApiClientRow;
use crate::error::{ApiError, ApiResult};
use crate::i18n::msg;
use crate::routes::conditional::with_etag;
use crate::routes::crud::Readable;
use views::{ApiClient, ApiClientWithSecret};

/// How long the secret a rotation replaces keeps working, so that the client can redeploy
/// with the new one without downtime.
pub const ROTATION_GRACE: chrono::TimeDelta = chrono::TimeDelta::hours(24);

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list::list_api_clients)
        .service(create::create_api_client)
        .service(read::get_api_client)
        .service(rotate::rotate_api_client_secret)
        .service(revoke::revoke_api_client);
}

impl Readable for ApiClient {
    type Row = ApiClientRow;

    fn may_read(caller: &Caller) -> ApiResult<()> {
        caller.require(&[Role::Admin], msg!("may-manage-api-clients"))
    }
}

/// A new secret and its hash, computed off the async workers (argon2 is slow on purpose).
async fn new_secret() -> ApiResult<(String, String)> {
    web::block(|| {
        let secret = secret::generate()?;
        let hash = secret::hash(&secret)?;
        Ok::<_, String>((secret, hash))
    })
    .await
    .map_err(ApiError::internal)?
    .map_err(ApiError::internal)
}

/// A client with its `ETag`.
fn respond(response: HttpResponseBuilder, row: ApiClientRow) -> HttpResponse {
    with_etag(response, row.version, ApiClient::from(row))
}

/// A client with its secret, which no cache may keep.
fn respond_with_secret(
    mut response: HttpResponseBuilder,
    row: ApiClientRow,
    client_secret: String,
) -> HttpResponse {
    response.insert_header((header::CACHE_CONTROL, "no-store"));
    let version = row.version;
    let client = ApiClient::from(row);
    with_etag(
        response,
        version,
        ApiClientWithSecret {
            client,
            client_secret,
        },
    )
}
