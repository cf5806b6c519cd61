//! `/v1/cooperatives/{id}/membership-counts` and `/v1/membership-counts:batch`: how many
//! members each co-op had, by category, over time.

mod all;
mod batch;
mod create;
mod delete;
mod list;
mod read;
mod replace;
pub mod views;

use crate::i18n::msg;
use actix_web::HttpResponse;
use diesel_async::AsyncPgConnection;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::{Caller, Role};
use crate::db::membership::CountRow;
use crate::domain::ids::CooperativeId;
use crate::domain::membership::CoopFacts;
use crate::error::ApiError;
use crate::routes::conditional::with_etag;
use views::MembershipCount;

pub fn configure(cfg: &mut ServiceConfig) {
    // `latest` before `{as_of}`: the more specific path must be tried first.
    cfg.service(list::list_membership_counts)
        .service(create::create_membership_count)
        .service(read::get_latest_membership_count)
        .service(read::get_membership_count)
        .service(replace::replace_membership_count)
        .service(delete::delete_membership_count)
        .service(batch::batch_membership_counts)
        .service(all::list_all_membership_counts);
}

/// Admins and readers read every co-op's counts; a co-op manager reads its own.
fn may_read(caller: &Caller, cooperative: CooperativeId) -> Result<(), ApiError> {
    if matches!(caller.role(), Role::Admin | Role::Reader) || caller.manages(cooperative) {
        Ok(())
    } else {
        Err(ApiError::Forbidden(msg!(
            "forbidden-read-counts",
            role = caller.role_name()
        )))
    }
}

/// Admins write every co-op's counts; a co-op manager writes its own.
fn may_write(caller: &Caller, cooperative: CooperativeId) -> Result<(), ApiError> {
    if caller.is_admin() || caller.manages(cooperative) {
        Ok(())
    } else {
        Err(ApiError::Forbidden(msg!(
            "forbidden-write-counts",
            role = caller.role_name()
        )))
    }
}

/// The co-op the counts belong to, or 404.
async fn facts(
    conn: &mut AsyncPgConnection,
    cooperative: CooperativeId,
) -> Result<CoopFacts, ApiError> {
    crate::db::membership::coop_facts(conn, &[cooperative])
        .await?
        .remove(&cooperative)
        .ok_or_else(|| ApiError::not_found(CooperativeId::RESOURCE))
}

fn respond(response: actix_web::HttpResponseBuilder, row: CountRow) -> HttpResponse {
    with_etag(response, row.version, MembershipCount::from(row))
}

fn location(row: &CountRow) -> String {
    format!(
        "/v1/cooperatives/{}/membership-counts/{}",
        row.cooperative_id, row.as_of
    )
}
