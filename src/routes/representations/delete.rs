use crate::db::representations::RepresentationRow;
use crate::domain::ids::RepresentationId;
use crate::i18n::msg;
use crate::routes::resource::delete_route;

delete_route! {
    /// Delete a representation
    ///
    /// Admins only, for one entered by mistake: its requests go with it.
    delete_representation: DELETE "/representations/{id}", RepresentationRow, RepresentationId,
    tag: "representations",
    id: "Representation id",
    may_not: msg!("may-delete-representations"),
}
