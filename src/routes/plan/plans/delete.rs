use crate::db::plans::PlanRow;
use crate::domain::ids::PlanId;
use crate::domain::plans::PlanStatus;
use crate::error::ApiError;
use crate::i18n::msg;
use crate::routes::resource::delete_route;

delete_route! {
    /// Delete a strategic plan
    ///
    /// Admins only, and only a draft without orientations (409 otherwise): an adopted plan is a
    /// record of the federation; close it instead.
    delete_strategic_plan: DELETE "/strategic-plans/{id}", PlanRow, PlanId,
    tag: "strategic-plans",
    id: "Strategic plan id",
    may_not: msg!("may-delete-strategic-plans"),
    in_use: msg!("plan-has-orientations"),
    allowed: |plan: &PlanRow| match plan.status {
        PlanStatus::Draft => Ok(()),
        status => Err(ApiError::Conflict(msg!(
            "plan-delete-not-draft",
            status = status.as_str()
        ))),
    },
}
