use crate::db::plans::OrientationRow;
use crate::domain::ids::OrientationId;
use crate::i18n::msg;
use crate::routes::resource::delete_route;

delete_route! {
    /// Delete an orientation
    ///
    /// Admins only; refused with 409 while it has objectives. Other orientations keep their numbers.
    delete_orientation: DELETE "/orientations/{id}", OrientationRow, OrientationId,
    tag: "strategic-plans",
    id: "Orientation id",
    may_not: msg!("may-edit-strategic-plans"),
    in_use: msg!("orientation-has-objectives"),
}
