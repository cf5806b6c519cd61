use crate::db::representations::RepresentationRow;
use crate::domain::change::ResourceType;
use crate::domain::ids::RepresentationId;
use crate::i18n::msg;
use crate::routes::audit::history_route;
use crate::routes::resource::load;

history_route! {
    /// A representation's history
    ///
    /// Every change to the representation itself, newest first. Admins and readers.
    representation_history: GET "/representations/{id}/history", RepresentationId,
    ResourceType::Representation,
    tag: "representations", id: "Representation id",
    roles: ["admin", "reader"],
    check: |caller, conn, id| async {
        caller.require(super::READERS, msg!("may-read-representations"))?;
        load::<RepresentationRow>(conn, id).await.map(drop)
    },
}
