use crate::db::Resource;
use crate::db::plans::PlanRow;
use crate::domain::change::ResourceType;
use crate::domain::ids::PlanId;
use crate::error::OrNotFound;
use crate::i18n::msg;
use crate::routes::audit::history_route;
use crate::routes::plan::shared::READERS;

history_route! {
    /// A strategic plan's history
    ///
    /// Every change to the plan itself (its orientations and objectives have their own
    /// events in `/v1/audit-events`), newest first.
    strategic_plan_history: GET "/strategic-plans/{id}/history", PlanId,
    ResourceType::StrategicPlan,
    tag: "strategic-plans", id: "Strategic plan id", roles: ["admin", "reader", "coop_manager"],
    check: |caller, conn, id| async {
        caller.require(READERS, msg!("may-read-strategic-plans"))?;
        PlanRow::find(conn, id).await.or_404().map(drop)
    },
}
