use crate::db::events::EventRow;
use crate::domain::change::ResourceType;
use crate::domain::ids::EventId;
use crate::i18n::msg;
use crate::routes::audit::history_route;
use crate::routes::resource::load;

history_route! {
    /// An event's history
    ///
    /// Every change to the event itself, newest first. Admins and readers.
    event_history: GET "/events/{id}/history", EventId,
    ResourceType::Event,
    tag: "events", id: "Event id",
    roles: ["admin", "reader"],
    check: |caller, conn, id| async {
        caller.require(&[crate::auth::Role::Admin, crate::auth::Role::Reader], msg!("may-read-event-history"))?;
        load::<EventRow>(conn, id).await.map(drop)
    },
}
