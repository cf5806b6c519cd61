//! `GET /v1/changes`: the change feed partners and scripts follow to keep their copies in
//! step. Read from the `changes` table the database writes in every writing transaction
//! (see `db::changes` for why it is complete and in commit order).

mod feed;
mod state;
pub mod views;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(feed::list_changes);
}
