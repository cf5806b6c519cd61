//! Queries on `projects`, `project_transitions` and `project_funders`. Who may see a project
//! is decided here ([`Scope`]): a co-op manager sees public projects only.

use crate::i18n::msg;
use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::Constraint;
use super::list::{ListConn, LoadList};
use super::schema::project_funders::{self, dsl as f};
use super::schema::project_transitions::{self, dsl as t};
use super::schema::projects::{self, dsl as p};
use crate::domain::ids::{
    ObjectiveId, OrientationId, PartnerId, ProjectFunderId, ProjectId, ProjectTransitionId,
};
use crate::domain::lifecycle::Step;
use crate::domain::project::{NewFunder, ProjectKind, ProjectProfile, ProjectStatus};

pub const CONSTRAINTS: &[Constraint] = &[
    Constraint {
        name: "projects_title_key",
        field: "title",
        message: || msg!("constraint-project-title"),
    },
    Constraint {
        name: "projects_dates_order",
        field: "completed_on",
        message: || msg!("not-before", other = "started_on"),
    },
    Constraint {
        name: "project_funders_partner_key",
        field: "partner_id",
        message: || msg!("constraint-funder"),
    },
];

/// Which projects a caller may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    All,
    PublicOnly,
}

#[derive(Debug, Clone, Queryable, Selectable, serde::Deserialize)]
#[diesel(table_name = projects, check_for_backend(diesel::pg::Pg))]
pub struct ProjectRow {
    pub id: ProjectId,
    pub title: String,
    pub kind: ProjectKind,
    pub objective: Option<String>,
    pub context: Option<String>,
    pub expected_outcomes: Vec<String>,
    pub status: ProjectStatus,
    pub started_on: Option<NaiveDate>,
    pub completed_on: Option<NaiveDate>,
    pub document_url: Option<String>,
    pub orientation_ids: Vec<OrientationId>,
    pub objective_ids: Vec<ObjectiveId>,
    pub public: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

super::resource!(ProjectRow, projects, ProjectId);

#[derive(Debug, Clone, Queryable, Selectable, serde::Deserialize)]
#[diesel(table_name = project_transitions, check_for_backend(diesel::pg::Pg))]
pub struct ProjectTransitionRow {
    pub id: ProjectTransitionId,
    pub project_id: ProjectId,
    pub from_status: ProjectStatus,
    pub to_status: ProjectStatus,
    pub reason: String,
    pub effective_on: NaiveDate,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
}

impl ProjectTransitionRow {
    pub fn step(&self) -> Step<ProjectStatus> {
        Step {
            effective_on: self.effective_on,
            to: self.to_status,
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable, serde::Deserialize)]
#[diesel(table_name = project_funders, check_for_backend(diesel::pg::Pg))]
pub struct FunderRow {
    pub id: ProjectFunderId,
    pub project_id: ProjectId,
    pub partner_id: PartnerId,
    pub amount: Option<i32>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

super::resource!(FunderRow, project_funders, ProjectFunderId);

pub async fn insert(
    conn: &mut AsyncPgConnection,
    profile: ProjectProfile,
) -> QueryResult<ProjectRow> {
    diesel::insert_into(projects::table)
        .values((p::id.eq(ProjectId::generate()), profile))
        .returning(ProjectRow::as_returning())
        .get_result(conn)
        .await
}

pub async fn update(
    conn: &mut AsyncPgConnection,
    id: ProjectId,
    profile: ProjectProfile,
) -> QueryResult<ProjectRow> {
    diesel::update(p::projects.find(id))
        .set((
            profile,
            p::version.eq(p::version + 1),
            p::updated_at.eq(diesel::dsl::now),
        ))
        .returning(ProjectRow::as_returning())
        .get_result(conn)
        .await
}

pub async fn find_visible(
    conn: &mut AsyncPgConnection,
    id: ProjectId,
    scope: Scope,
) -> QueryResult<Option<ProjectRow>> {
    let mut q = p::projects.filter(p::id.eq(id)).into_boxed();
    if scope == Scope::PublicOnly {
        q = q.filter(p::public.eq(true));
    }
    q.select(ProjectRow::as_select())
        .first(conn)
        .await
        .optional()
}

pub async fn find_by_title(
    conn: &mut AsyncPgConnection,
    title: &str,
) -> QueryResult<Option<ProjectRow>> {
    p::projects
        .filter(p::title.eq(title))
        .select(ProjectRow::as_select())
        .first(conn)
        .await
        .optional()
}

/// How many of `orientations` and of `objectives` exist (to refuse unknown links).
pub async fn unknown_links(
    conn: &mut AsyncPgConnection,
    orientations: &[OrientationId],
    objectives: &[ObjectiveId],
) -> QueryResult<(Vec<OrientationId>, Vec<ObjectiveId>)> {
    use super::schema::objectives::dsl as ob;
    use super::schema::orientations::dsl as or;
    let found_o: Vec<OrientationId> = or::orientations
        .filter(or::id.eq_any(orientations.to_vec()))
        .select(or::id)
        .load(conn)
        .await?;
    let found_b: Vec<ObjectiveId> = ob::objectives
        .filter(ob::id.eq_any(objectives.to_vec()))
        .select(ob::id)
        .load(conn)
        .await?;
    Ok((
        orientations
            .iter()
            .filter(|i| !found_o.contains(i))
            .copied()
            .collect(),
        objectives
            .iter()
            .filter(|i| !found_b.contains(i))
            .copied()
            .collect(),
    ))
}

#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub kind: Vec<ProjectKind>,
    pub status: Vec<ProjectStatus>,
    /// Projects not completed before this date (or never dated).
    pub from: Option<NaiveDate>,
    /// Projects not started after this date (or never dated).
    pub to: Option<NaiveDate>,
}

/// Projects in creation order.
pub async fn list(
    conn: &ListConn<'_>,
    scope: Scope,
    filter: &Filter,
    after: Option<ProjectId>,
    limit: i64,
) -> QueryResult<Vec<ProjectRow>> {
    let mut q = p::projects.into_boxed();
    if scope == Scope::PublicOnly {
        q = q.filter(p::public.eq(true));
    }
    if !filter.kind.is_empty() {
        q = q.filter(p::kind.eq_any(filter.kind.clone()));
    }
    if !filter.status.is_empty() {
        q = q.filter(p::status.eq_any(filter.status.clone()));
    }
    if let Some(from) = filter.from {
        q = q.filter(
            p::completed_on
                .is_null()
                .or(p::completed_on.assume_not_null().ge(from)),
        );
    }
    if let Some(to) = filter.to {
        q = q.filter(
            p::started_on
                .is_null()
                .or(p::started_on.assume_not_null().le(to)),
        );
    }
    if let Some(id) = after {
        q = q.filter(p::id.gt(id));
    }
    q.order(p::id.asc())
        .select(ProjectRow::as_select())
        .limit(limit)
        .load_list(conn)
        .await
}

/// The project's history, oldest first.
pub async fn history(
    conn: &mut AsyncPgConnection,
    project: ProjectId,
) -> QueryResult<Vec<ProjectTransitionRow>> {
    t::project_transitions
        .filter(t::project_id.eq(project))
        .order((t::effective_on.asc(), t::id.asc()))
        .select(ProjectTransitionRow::as_select())
        .load(conn)
        .await
}

pub struct NewTransition {
    pub from: ProjectStatus,
    pub to: ProjectStatus,
    pub reason: String,
    pub effective_on: NaiveDate,
    pub recorded_by: String,
}

/// Records a transition and makes its target the project's stored status.
pub async fn record(
    conn: &mut AsyncPgConnection,
    project: ProjectId,
    new: NewTransition,
) -> QueryResult<(ProjectTransitionRow, ProjectRow)> {
    let row = diesel::insert_into(project_transitions::table)
        .values((
            t::id.eq(ProjectTransitionId::generate()),
            t::project_id.eq(project),
            t::from_status.eq(new.from),
            t::to_status.eq(new.to),
            t::reason.eq(new.reason),
            t::effective_on.eq(new.effective_on),
            t::recorded_by.eq(new.recorded_by),
        ))
        .returning(ProjectTransitionRow::as_returning())
        .get_result(conn)
        .await?;
    let project = diesel::update(p::projects.find(project))
        .set((
            p::status.eq(new.to),
            p::version.eq(p::version + 1),
            p::updated_at.eq(diesel::dsl::now),
        ))
        .returning(ProjectRow::as_returning())
        .get_result(conn)
        .await?;
    Ok((row, project))
}

pub async fn insert_funder(
    conn: &mut AsyncPgConnection,
    project: ProjectId,
    new: NewFunder,
) -> QueryResult<FunderRow> {
    diesel::insert_into(project_funders::table)
        .values((
            f::id.eq(ProjectFunderId::generate()),
            f::project_id.eq(project),
            f::partner_id.eq(new.partner_id),
            f::amount.eq(new.amount),
        ))
        .returning(FunderRow::as_returning())
        .get_result(conn)
        .await
}

/// A project's funders in creation order.
pub async fn funders(
    conn: &mut AsyncPgConnection,
    project: ProjectId,
) -> QueryResult<Vec<FunderRow>> {
    f::project_funders
        .filter(f::project_id.eq(project))
        .order(f::id.asc())
        .select(FunderRow::as_select())
        .load(conn)
        .await
}
