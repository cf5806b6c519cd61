//! `/v1/stats/membership`: federation membership on any date, and over time.
//!
//! The definition (see `db::stats`): on a date D, each co-op that was a member on D counts
//! with its latest count at or before D; co-ops that had not joined yet or had left are not
//! counted, and no count is ever counted twice.

mod as_of;
mod series;
pub mod views;

use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::{Caller, Role};
use crate::error::ApiError;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(as_of::get_membership_stats)
        .service(series::get_membership_series);
}

/// Aggregates carry no co-op's details: every role may read them.
fn may_read(caller: &Caller) -> Result<(), ApiError> {
    caller.require(
        &[Role::Admin, Role::Reader, Role::CoopManager, Role::Partner],
        "read statistics",
    )
}
