use crate::db::board::BoardTermRow;
use crate::domain::ids::BoardTermId;
use crate::i18n::msg;
use crate::routes::resource::delete_route;

delete_route! {
    /// Delete a board term
    ///
    /// Admins only, for terms entered by mistake (record `until` when someone leaves).
    delete_board_term: DELETE "/board-terms/{id}", BoardTermRow, BoardTermId,
    tag: "board",
    id: "Board term id",
    may_not: msg!("may-delete-board-terms"),
}
