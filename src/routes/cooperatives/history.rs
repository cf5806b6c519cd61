use crate::auth::Role;
use crate::db::cooperatives::CooperativeRow;
use crate::domain::change::ResourceType;
use crate::domain::ids::CooperativeId;
use crate::i18n::msg;
use crate::routes::audit::history_route;
use crate::routes::resource::load;

history_route! {
    /// A cooperative's history
    ///
    /// Every change to the cooperative, newest first: who made it, when, and each changed
    /// field's old and new value. For whoever may read the cooperative.
    cooperative_history: GET "/cooperatives/{id}/history", CooperativeId, ResourceType::Cooperative,
    tag: "cooperatives", id: "Cooperative id", roles: ["admin", "reader", "coop_manager"],
    check: |caller, conn, id| async {
        caller.require(&[Role::Admin, Role::Reader, Role::CoopManager], msg!("may-read-the-register"))?;
        load::<CooperativeRow>(conn, id).await.map(drop)
    },
}
