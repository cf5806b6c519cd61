//! `/v1/partners`: the federation's partners (brokers, insurers, service providers,
//! sponsors). A partner token sees its own record only.

mod create;
mod delete;
mod history;
mod list;
mod read;
mod update;
pub mod views;

use crate::i18n::msg;
use actix_web::HttpResponse;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::{Caller, Role};
use crate::db::partners::PartnerRow;
use crate::domain::ids::PartnerId;
use crate::error::ApiError;
use crate::routes::conditional::with_etag;
use views::Partner;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list::list_partners)
        .service(create::create_partner)
        .service(read::get_partner)
        .service(update::update_partner)
        .service(delete::delete_partner)
        .service(history::partner_history);
}

/// A partner with its `ETag`.
fn respond(response: actix_web::HttpResponseBuilder, row: PartnerRow) -> HttpResponse {
    with_etag(response, row.version, Partner::from(row))
}

/// The only partner a caller may see, or `None` for every partner; 403 for no role here.
fn visible_to(caller: &Caller) -> Result<Option<PartnerId>, ApiError> {
    caller.require(
        &[Role::Admin, Role::Reader, Role::CoopManager, Role::Partner],
        msg!("may-read-partners"),
    )?;
    Ok(caller.binding().partner_id())
}
