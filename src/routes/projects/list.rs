use crate::i18n::msg;
use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::Deserialize;
use utoipa::IntoParams;

use super::views::Project;
use super::{READERS, scope};
use crate::auth::Caller;
use crate::db::projects::{Filter, ProjectRow};
use crate::db::{self, DbPool};
use crate::domain::FieldError;
use crate::domain::ids::ProjectId;
use crate::domain::project::{ProjectKind, ProjectStatus};
use crate::error::ApiResult;
use crate::routes::crud::ListResponses;
use crate::routes::export::fetch;
use crate::routes::pagination::{Paging, bad_query, format};
use crate::routes::query;

/// Filters and page of the project list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListProjectsParams {
    /// Page size, 1–500 (default 50).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 500, example = 50)]
    limit: Option<crate::routes::pagination::Limit>,
    /// `next_cursor` of the previous page.
    #[param(min_length = 1)]
    cursor: Option<String>,
    /// Kinds, comma-separated.
    #[param(example = "study")]
    kind: Option<String>,
    /// Current statuses, comma-separated.
    #[param(example = "in_progress,paused")]
    status: Option<String>,
    /// Only projects not completed before this date (undated ones included).
    #[param(value_type = Option<chrono::NaiveDate>, example = "2019-04-01")]
    from: Option<String>,
    /// Only projects not started after this date (undated ones included).
    #[param(value_type = Option<chrono::NaiveDate>, example = "2020-03-31")]
    to: Option<String>,
    /// `json` (pages, default), or `csv` / `ndjson`: every matching project, streamed.
    #[param(example = "csv", value_type = Option<crate::routes::export::Format>)]
    format: Option<String>,
}

/// List projects
///
/// In creation order. Admins and readers see every project; a co-op manager public ones.
#[utoipa::path(
    tag = "projects",
    params(ListProjectsParams),
    responses(
        ListResponses<Project>,
    ),
    security(("bearer" = ["admin", "reader", "coop_manager"]))
)]
#[get("/projects")]
pub async fn list_projects(
    caller: Caller,
    pool: web::Data<DbPool>,
    params: web::Query<ListProjectsParams>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    caller.require(READERS, msg!("may-read-projects"))?;
    let p = params.into_inner();
    let mut errors = Vec::new();
    let format = format(&mut errors, &req, p.format.as_deref())?;
    let paging = Paging::<ProjectId>::parse(&mut errors, p.limit, p.cursor.as_deref(), "id");
    let filter = Filter {
        kind: query::list(&mut errors, "kind", p.kind, ProjectKind::parse),
        status: query::list(&mut errors, "status", p.status, ProjectStatus::parse),
        from: query::date(&mut errors, "from", p.from),
        to: query::date(&mut errors, "to", p.to),
    };
    if let (Some(from), Some(to)) = (filter.from, filter.to)
        && to < from
    {
        errors.push(FieldError::new(
            "to",
            "date_order",
            msg!("not-before", other = "from"),
        ));
    }
    if !errors.is_empty() {
        return Err(bad_query(errors));
    }
    let scope = scope(&caller);
    let fetch = fetch!(filter => |conn, after, limit| {
        db::projects::list(conn, scope, &filter, after, limit)
    });
    let position = |row: &ProjectRow| row.id;
    paging
        .serve(
            &req,
            &pool,
            (format, "projects"),
            fetch,
            position,
            Project::from,
        )
        .await
}
