//! The audit trail: every write, who made it and what it changed (`GET /v1/audit-events`,
//! and each main resource's `/history`). Recorded by the database in the writing
//! transaction; see `db::changes`.

pub mod history;
mod list;
pub mod views;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list::list_audit_events);
}
