use crate::db::plans::PlanRow;
use crate::domain::ids::PlanId;
use crate::domain::plans::PlanStatus;
use crate::error::ApiError;
use crate::routes::resource::delete_route;

delete_route! {
    /// Delete a strategic plan
    ///
    /// Admins only, and only a draft without orientations (409 otherwise): an adopted plan is a
    /// record of the federation; close it instead.
    delete_strategic_plan: DELETE "/strategic-plans/{id}", PlanRow, PlanId,
    tag: "strategic-plans",
    id: "Strategic plan id",
    may_not: "delete strategic plans",
    in_use: "the plan still has orientations; delete them first",
    allowed: |plan: &PlanRow| match plan.status {
        PlanStatus::Draft => Ok(()),
        status => Err(ApiError::Conflict(format!(
            "only draft plans can be deleted and this one is {status}; an adopted plan is closed instead"
        ))),
    },
}
