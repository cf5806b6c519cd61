//! `GET /v1/changes`: the change feed partners and scripts follow to keep their copies in
//! step. Read from the `changes` table the database writes in every writing transaction
//! (see `db::changes` for why it is complete and in commit order).

mod feed;
mod state;
pub mod views;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(feed::list_changes);
}

/// A recorded change as the feed (and webhooks) show it.
pub fn view(
    row: crate::db::changes::ChangeRow,
) -> Result<views::FeedChange, crate::error::ApiError> {
    let position = row.place().to_string();
    let state = match row.state {
        Some(s) => Some(state::view(row.resource_type, s)?),
        None => None,
    };
    Ok(views::FeedChange {
        position,
        resource_type: row.resource_type,
        resource_id: row.resource_id,
        action: row.action,
        at: row.at,
        state,
    })
}
