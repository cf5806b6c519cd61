use crate::db::cooperatives::CooperativeRow;
use crate::domain::ids::CooperativeId;
use crate::i18n::msg;
use crate::routes::resource::delete_route;

delete_route! {
    /// Delete a cooperative
    ///
    /// Admins only. Refused with 409 while other records (membership counts, enrolments, …)
    /// refer to the co-op: set its `federation_status` to `former` instead.
    delete_cooperative: DELETE "/cooperatives/{id}", CooperativeRow, CooperativeId,
    tag: "cooperatives",
    id: "Cooperative id",
    may_not: msg!("may-delete-cooperatives"),
    in_use: msg!("cooperative-referenced"),
}
