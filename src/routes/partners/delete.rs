use crate::db::partners::PartnerRow;
use crate::domain::ids::PartnerId;
use crate::i18n::msg;
use crate::routes::resource::delete_route;

delete_route! {
    /// Delete a partner
    ///
    /// Admins only. Refused with 409 while the partner has service agreements.
    delete_partner: DELETE "/partners/{id}", PartnerRow, PartnerId,
    tag: "partners",
    id: "Partner id",
    may_not: msg!("may-delete-partners"),
    in_use: msg!("partner-has-agreements"),
}
