//! `/v1/projects/{id}/funders`: the partners (of kind `funder`) that fund a project.

use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use serde_json::{Map, Value};

use super::views::{Funder, FunderList, Project};
use super::{READERS, scope};
use crate::auth::{Caller, Role};
use crate::db::partners::PartnerRow;
use crate::db::projects::{FunderRow, ProjectRow};
use crate::db::{self, AsyncPgConnection, DbPool, Resource};
use crate::domain::ids::{ProjectFunderId, ProjectId};
use crate::domain::partner::PartnerKind;
use crate::domain::project::NewFunder;
use crate::error::{ApiError, ApiResult, OrNotFound};
use crate::i18n::msg;
use crate::routes::crud::child::{self, Child};
use crate::routes::crud::{self, Creatable, Deletable, Readable};
use crate::routes::resource::load_for_update;
use crate::routes::{body::JsonObject, responses};

impl Readable for Funder {
    type Row = FunderRow;

    fn may_read(caller: &Caller) -> ApiResult<()> {
        Project::may_read(caller)
    }
}

impl Child for Funder {
    type ParentId = ProjectId;

    fn parent_of(row: &FunderRow) -> ProjectId {
        row.project_id
    }
}

impl Creatable for Funder {
    type Parent = ProjectId;
    type New = NewFunder;

    fn may_create(caller: &Caller) -> ApiResult<()> {
        caller.require(&[Role::Admin], msg!("may-record-funders"))
    }

    fn parse(body: Map<String, Value>) -> ApiResult<NewFunder> {
        crud::parse(body)
    }

    async fn insert(
        conn: &mut AsyncPgConnection,
        _: &Caller,
        project: ProjectId,
        new: NewFunder,
    ) -> ApiResult<FunderRow> {
        load_for_update::<ProjectRow>(conn, project).await?;
        // Locked so that the partner is neither deleted nor changes kind meanwhile.
        let partner = PartnerRow::find_for_update(conn, new.partner_id).await?;
        match partner {
            None => {
                return Err(ApiError::invalid(
                    "partner_id",
                    "unknown",
                    msg!("no-such-partner"),
                ));
            }
            Some(p) if p.kind != PartnerKind::Funder => {
                return Err(ApiError::invalid(
                    "partner_id",
                    "not_funder",
                    msg!("partner-not-funder", kind = p.kind.as_str()),
                ));
            }
            Some(_) => {}
        }
        Ok(db::projects::insert_funder(conn, project, new).await?)
    }

    fn location(project: ProjectId, _: &FunderRow) -> String {
        format!("/v1/projects/{project}/funders")
    }
}

impl Deletable for Funder {
    fn may_delete(caller: &Caller) -> ApiResult<()> {
        caller.require(&[Role::Admin], msg!("may-remove-funders"))
    }
}

/// List a project's funders
///
/// Visible to whoever may read the project (404 otherwise).
#[utoipa::path(
    tag = "projects",
    params(("id" = Uuid, Path, description = "Project id")),
    responses((status = 200, description = "The funders, in the order recorded", body = FunderList)),
    security(("bearer" = ["admin", "reader", "coop_manager"]))
)]
#[get("/projects/{id}/funders")]
pub async fn list_project_funders(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<ProjectId>,
) -> ApiResult<HttpResponse> {
    caller.require(READERS, msg!("may-read-projects"))?;
    let mut conn = db::conn(&pool).await?;
    let project = db::projects::find_visible(&mut conn, id.into_inner(), scope(&caller))
        .await
        .or_404()?;
    let rows = db::projects::funders(&mut conn, project.id).await?;
    let items = rows.into_iter().map(Funder::from).collect();
    Ok(HttpResponse::Ok().json(FunderList { items }))
}

/// Record a funder
///
/// Admins only. The partner must exist and be of kind `funder` (422); once per project (409).
#[utoipa::path(
    tag = "projects",
    params(("id" = Uuid, Path, description = "Project id")),
    request_body = NewFunder,
    responses(
        (status = 201, description = "Recorded", body = Funder,
            headers(("Location" = String, description = "The project's funders"), ("ETag" = String))),
        (status = 409, response = responses::Conflict),
    ),
    security(("bearer" = ["admin"]))
)]
#[post("/projects/{id}/funders")]
pub async fn create_project_funder(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<ProjectId>,
    body: web::Json<JsonObject>,
) -> ApiResult<HttpResponse> {
    crud::create::<Funder>(caller, &pool, id.into_inner(), body.into_inner()).await
}

/// Remove a funder
///
/// Admins only. Honours `If-Match`.
#[utoipa::path(
    tag = "projects",
    params(
        ("id" = Uuid, Path, description = "Project id"),
        ("funder_id" = Uuid, Path, description = "Funder id"),
    ),
    responses((status = 204, description = "Deleted")),
    security(("bearer" = ["admin"]))
)]
#[delete("/projects/{id}/funders/{funder_id}")]
pub async fn delete_project_funder(
    caller: Caller,
    pool: web::Data<DbPool>,
    path: web::Path<(ProjectId, ProjectFunderId)>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    let (project, id) = path.into_inner();
    child::delete_child::<Funder>(caller, &pool, project, id, &req).await
}
