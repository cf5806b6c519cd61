use crate::db::events::EventRow;
use crate::domain::ids::EventId;
use crate::i18n::msg;
use crate::routes::resource::delete_route;

delete_route! {
    /// Delete an event
    ///
    /// Admins only, for events entered by mistake: its participations and presentations go
    /// with it.
    delete_event: DELETE "/events/{id}", EventRow, EventId,
    tag: "events",
    id: "Event id",
    may_not: msg!("may-delete-events"),
}
