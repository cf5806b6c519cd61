use crate::db;
use crate::domain::change::ResourceType;
use crate::domain::ids::AgreementId;
use crate::error::OrNotFound;
use crate::routes::audit::history_route;

history_route! {
    /// A service agreement's history
    ///
    /// Every change to the agreement (its transitions included, as changes of `status`),
    /// newest first. For whoever may read the agreement.
    service_agreement_history: GET "/service-agreements/{id}/history", AgreementId,
    ResourceType::ServiceAgreement,
    tag: "service-agreements", id: "Agreement id",
    roles: ["admin", "reader", "coop_manager", "partner"],
    check: |caller, conn, id| async {
        db::agreements::find_visible(conn, id, super::scope(&caller)).await.or_404().map(drop)
    },
}
