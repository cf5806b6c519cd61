use crate::db::partners::PartnerRow;
use crate::domain::ids::PartnerId;
use crate::routes::resource::delete_route;

delete_route! {
    /// Delete a partner
    ///
    /// Admins only. Refused with 409 while the partner has service agreements.
    delete_partner: DELETE "/partners/{id}", PartnerRow, PartnerId,
    tag: "partners",
    id: "Partner id",
    may_not: "delete partners",
    in_use: "the partner has service agreements; terminate them instead of deleting it",
}
