use super::visible_to;
use crate::db::Resource;
use crate::db::partners::PartnerRow;
use crate::domain::change::ResourceType;
use crate::domain::ids::PartnerId;
use crate::error::{ApiError, OrNotFound};
use crate::routes::audit::history_route;

history_route! {
    /// A partner's history
    ///
    /// Every change to the partner's record, newest first. For whoever may read the partner
    /// (a partner token, its own record only).
    partner_history: GET "/partners/{id}/history", PartnerId, ResourceType::Partner,
    tag: "partners", id: "Partner id", roles: ["admin", "reader", "coop_manager", "partner"],
    check: |caller, conn, id| async {
        if visible_to(&caller)?.is_some_and(|own| own != id) {
            return Err(ApiError::not_found(PartnerId::RESOURCE));
        }
        PartnerRow::find(conn, id).await.or_404().map(drop)
    },
}
