use crate::db::projects::ProjectRow;
use crate::domain::ids::ProjectId;
use crate::i18n::msg;
use crate::routes::resource::delete_route;

delete_route! {
    /// Delete a project
    ///
    /// Admins only, for projects entered by mistake: its transitions and funders go with it.
    /// Refused with 409 while a presentation refers to it.
    delete_project: DELETE "/projects/{id}", ProjectRow, ProjectId,
    tag: "projects",
    id: "Project id",
    may_not: msg!("may-delete-projects"),
    in_use: msg!("project-has-presentations"),
}
