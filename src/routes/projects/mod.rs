//! `/v1/projects`: the federation's projects and studies, their dated status transitions and
//! their funders. Admins write; readers read all; a co-op manager reads public projects
//! (any other is a 404).

mod funders;
mod list;
mod transitions;
pub mod views;

use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use serde_json::{Map, Value};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::{Caller, Role};
use crate::db::projects::{ProjectRow, Scope};
use crate::db::{self, AsyncPgConnection, DbPool};
use crate::domain::FieldError;
use crate::domain::change::ResourceType;
use crate::domain::ids::ProjectId;
use crate::domain::project::ProjectProfile;
use crate::error::{ApiError, ApiResult, OrNotFound};
use crate::i18n::{Message, msg};
use crate::routes::crud::{
    self, Creatable, Deletable, HistoryResponses, Readable, Tracked, Updatable,
};
use crate::routes::pagination::PageParams;
use crate::routes::{body::JsonObject, responses};
use views::{Project, ProjectPatch};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list::list_projects)
        .service(create_project)
        .service(get_project)
        .service(update_project)
        .service(delete_project)
        .service(project_history)
        .service(transitions::list_project_transitions)
        .service(transitions::create_project_transition)
        .service(funders::list_project_funders)
        .service(funders::create_project_funder)
        .service(funders::delete_project_funder);
}

const READERS: &[Role] = &[Role::Admin, Role::Reader, Role::CoopManager];

/// The projects a caller may see.
pub fn scope(caller: &Caller) -> Scope {
    match caller.role() {
        Role::Admin | Role::Reader => Scope::All,
        _ => Scope::PublicOnly,
    }
}

/// Every orientation and objective the project names must exist (422 naming each one).
async fn check_links(conn: &mut AsyncPgConnection, profile: &ProjectProfile) -> ApiResult<()> {
    let (orientations, objectives) =
        db::projects::unknown_links(conn, &profile.orientation_ids, &profile.objective_ids).await?;
    let mut errors = Vec::new();
    for (i, id) in profile.orientation_ids.iter().enumerate() {
        if orientations.contains(id) {
            errors.push(FieldError::new(
                format!("orientation_ids[{i}]"),
                "unknown",
                msg!("no-such-orientation"),
            ));
        }
    }
    for (i, id) in profile.objective_ids.iter().enumerate() {
        if objectives.contains(id) {
            errors.push(FieldError::new(
                format!("objective_ids[{i}]"),
                "unknown",
                msg!("no-such-objective"),
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Validation(errors))
    }
}

impl Readable for Project {
    type Row = ProjectRow;

    fn may_read(caller: &Caller) -> ApiResult<()> {
        caller.require(READERS, msg!("may-read-projects"))
    }

    /// A project the caller may not see is a 404, as if there were none.
    async fn load(
        conn: &mut AsyncPgConnection,
        caller: &Caller,
        id: ProjectId,
    ) -> ApiResult<ProjectRow> {
        db::projects::find_visible(conn, id, scope(caller))
            .await
            .or_404()
    }
}

impl Creatable for Project {
    type Parent = ();
    type New = ProjectProfile;

    fn may_create(caller: &Caller) -> ApiResult<()> {
        caller.require(&[Role::Admin], msg!("may-create-projects"))
    }

    fn parse(body: Map<String, Value>) -> ApiResult<ProjectProfile> {
        crud::parse(body)
    }

    async fn insert(
        conn: &mut AsyncPgConnection,
        _: &Caller,
        (): (),
        new: ProjectProfile,
    ) -> ApiResult<ProjectRow> {
        check_links(conn, &new).await?;
        Ok(db::projects::insert(conn, new).await?)
    }

    fn location((): (), row: &ProjectRow) -> String {
        format!("/v1/projects/{}", row.id)
    }
}

impl Updatable for Project {
    type Profile = ProjectProfile;

    fn may_update(caller: &Caller, _: ProjectId) -> ApiResult<()> {
        caller.require(&[Role::Admin], msg!("may-edit-projects"))
    }

    fn patched(
        _: &Caller,
        current: ProjectRow,
        patch: Map<String, Value>,
    ) -> ApiResult<ProjectProfile> {
        crud::patched::<Project, _>(current, patch)
    }

    async fn update(
        conn: &mut AsyncPgConnection,
        id: ProjectId,
        profile: ProjectProfile,
    ) -> ApiResult<ProjectRow> {
        check_links(conn, &profile).await?;
        Ok(db::projects::update(conn, id, profile).await?)
    }
}

impl Deletable for Project {
    fn may_delete(caller: &Caller) -> ApiResult<()> {
        caller.require(&[Role::Admin], msg!("may-delete-projects"))
    }

    fn in_use() -> Message {
        msg!("project-has-presentations")
    }
}

impl Tracked for Project {
    const TYPE: ResourceType = ResourceType::Project;

    fn may_read_history(caller: &Caller) -> ApiResult<()> {
        caller.require(
            &[Role::Admin, Role::Reader],
            msg!("may-read-project-history"),
        )
    }
}

/// Create a project
///
/// Admins only. It starts as `planned`; its status then changes only through transitions.
/// Every invalid field is reported in one 422, unknown orientations and objectives included.
#[utoipa::path(
    tag = "projects",
    request_body = ProjectProfile,
    responses(
        (status = 201, description = "Created", body = Project,
            headers(("Location" = String, description = "URL of the new project"), ("ETag" = String))),
        (status = 409, response = responses::Conflict),
    ),
    security(("bearer" = ["admin"]))
)]
#[post("/projects")]
pub async fn create_project(
    caller: Caller,
    pool: web::Data<DbPool>,
    body: web::Json<JsonObject>,
) -> ApiResult<HttpResponse> {
    crud::create::<Project>(caller, &pool, (), body.into_inner()).await
}

/// Read a project
///
/// Admins and readers read any project; a co-op manager a public one (404 otherwise).
#[utoipa::path(
    tag = "projects",
    params(("id" = Uuid, Path, description = "Project id")),
    responses(
        (status = 200, description = "The project", body = Project, headers(("ETag" = String))),
        (status = 304, description = "Not modified since the version named in `If-None-Match`"),
    ),
    security(("bearer" = ["admin", "reader", "coop_manager"]))
)]
#[get("/projects/{id}")]
pub async fn get_project(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<ProjectId>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    crud::read::<Project>(caller, &pool, id.into_inner(), &req).await
}

/// Update a project
///
/// Admins only. A JSON merge patch; `status` is not writable (422): use transitions.
/// Honours `If-Match` (412 when stale).
#[utoipa::path(
    tag = "projects",
    params(("id" = Uuid, Path, description = "Project id")),
    request_body(content = ProjectPatch, content_type = "application/merge-patch+json",
        example = json!({"completed_on": "2020-03-04", "public": true})),
    responses(
        (status = 200, description = "The updated project", body = Project, headers(("ETag" = String))),
        (status = 409, response = responses::Conflict),
    ),
    security(("bearer" = ["admin"]))
)]
#[patch("/projects/{id}")]
pub async fn update_project(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<ProjectId>,
    req: HttpRequest,
    body: web::Json<JsonObject>,
) -> ApiResult<HttpResponse> {
    crud::update::<Project>(caller, &pool, id.into_inner(), &req, body.into_inner()).await
}

/// Delete a project
///
/// Admins only, for projects entered by mistake: its transitions and funders go with it.
/// Refused with 409 while a presentation refers to it.
#[utoipa::path(
    tag = "projects",
    params(("id" = Uuid, Path, description = "Project id")),
    responses((status = 204, description = "Deleted"), (status = 409, response = responses::Conflict)),
    security(("bearer" = ["admin"]))
)]
#[delete("/projects/{id}")]
pub async fn delete_project(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<ProjectId>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    crud::delete::<Project>(caller, &pool, id.into_inner(), &req).await
}

/// A project's history
///
/// Every change to the project (its transitions included, as changes of `status`),
/// newest first. Admins and readers.
#[utoipa::path(
    tag = "projects",
    params(("id" = Uuid, Path, description = "Project id"), PageParams),
    responses(HistoryResponses),
    security(("bearer" = ["admin", "reader"]))
)]
#[get("/projects/{id}/history")]
pub async fn project_history(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<ProjectId>,
    params: web::Query<PageParams>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    crud::history::<Project>(caller, pool, id.into_inner(), params.into_inner(), &req).await
}
