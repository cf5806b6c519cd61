use crate::db::objectives::ObjectiveRow;
use crate::domain::ids::ObjectiveId;
use crate::i18n::msg;
use crate::routes::resource::delete_route;

delete_route! {
    /// Delete an objective
    ///
    /// Admins only. Its measurements go with it.
    delete_objective: DELETE "/objectives/{id}", ObjectiveRow, ObjectiveId,
    tag: "strategic-plans",
    id: "Objective id",
    may_not: msg!("may-edit-strategic-plans"),
}
