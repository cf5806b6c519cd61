//! `/v1/stats/membership`: federation membership on any date, and over time.
//!
//! The definition (see `db::stats`): on a date D, each co-op that was a member on D counts
//! with its latest count at or before D; co-ops that had not joined yet or had left are not
//! counted, and no count is ever counted twice.

mod as_of;
mod series;
pub mod views;

use crate::i18n::msg;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::{Caller, Role};
use crate::domain::privacy;
use crate::error::ApiError;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(as_of::get_membership_stats)
        .service(series::get_membership_series);
}

/// Aggregates carry no co-op's details: every role may read them.
fn may_read(caller: &Caller) -> Result<(), ApiError> {
    caller.require(
        &[Role::Admin, Role::Reader, Role::CoopManager, Role::Partner],
        msg!("may-read-statistics"),
    )
}

/// A group of statistics whose figures may have to be withheld.
trait Withholdable {
    fn cooperatives(&self) -> i64;
    fn withhold(&mut self);
}

impl Withholdable for views::Group {
    fn cooperatives(&self) -> i64 {
        self.figures.as_ref().map_or(0, |f| f.member_cooperatives)
    }

    fn withhold(&mut self) {
        self.suppressed = true;
        self.figures = None;
    }
}

impl Withholdable for views::SeriesGroup {
    fn cooperatives(&self) -> i64 {
        self.figures.as_ref().map_or(0, |f| f.member_cooperatives)
    }

    fn withhold(&mut self) {
        self.suppressed = true;
        self.figures = None;
        self.change = None;
    }
}

/// The federation's staff see every group; partners and co-op managers do not see the
/// figures of groups too small to hide one co-op (see `domain::privacy`).
fn withhold_small_groups(caller: &Caller, groups: &mut [impl Withholdable]) {
    if matches!(caller.role(), Role::Admin | Role::Reader) {
        return;
    }
    let sizes: Vec<i64> = groups.iter().map(Withholdable::cooperatives).collect();
    for (group, withheld) in groups.iter_mut().zip(privacy::withheld(&sizes)) {
        if withheld {
            group.withhold();
        }
    }
}
