use crate::db;
use crate::domain::change::ResourceType;
use crate::domain::ids::ProjectId;
use crate::error::OrNotFound;
use crate::i18n::msg;
use crate::routes::audit::history_route;

history_route! {
    /// A project's history
    ///
    /// Every change to the project (its transitions included, as changes of `status`),
    /// newest first. Admins and readers.
    project_history: GET "/projects/{id}/history", ProjectId,
    ResourceType::Project,
    tag: "projects", id: "Project id",
    roles: ["admin", "reader"],
    check: |caller, conn, id| async {
        caller.require(&[crate::auth::Role::Admin, crate::auth::Role::Reader], msg!("may-read-project-history"))?;
        db::projects::find_visible(conn, id, super::scope(&caller)).await.or_404().map(drop)
    },
}
