//! `/v1/service-agreements`: the agreements the federation negotiates with partners, their
//! life cycle (transitions and their history), and whether a co-op is covered on a date.
//!
//! Visibility is resolved in the query: an agreement outside the caller's [`Scope`] is a
//! 404, never a 403, so a partner cannot even learn that another partner's agreement exists.

mod create;
mod delete;
mod eligibility;
mod history;
pub mod list;
mod read;
mod transitions;
mod update;
pub mod views;

use actix_web::HttpResponse;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::Caller;
use crate::db::agreements::{AgreementRow, Scope};
use crate::domain::api_client::Binding;
use crate::routes::conditional::with_etag;
use views::Agreement;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list::list_service_agreements)
        .service(create::create_service_agreement)
        .service(read::get_service_agreement)
        .service(update::update_service_agreement)
        .service(delete::delete_service_agreement)
        .service(transitions::list_agreement_transitions)
        .service(transitions::create_agreement_transition)
        .service(eligibility::get_agreement_eligibility)
        .service(history::service_agreement_history);
}

/// An agreement with its `ETag`.
fn respond(response: actix_web::HttpResponseBuilder, row: AgreementRow) -> HttpResponse {
    with_etag(response, row.version, Agreement::from(row))
}

/// The agreements a caller may see: every role sees some.
pub fn scope(caller: &Caller) -> Scope {
    match caller.binding() {
        Binding::Admin | Binding::Reader => Scope::All,
        Binding::Partner(partner) => Scope::Partner(partner),
        Binding::CoopManager(coop) => Scope::Cooperative(coop),
    }
}
