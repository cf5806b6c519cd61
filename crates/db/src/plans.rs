//! Queries on `strategic_plans` and `orientations`.

use crate::i18n::msg;
use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::list::{ListConn, LoadList};
use super::schema::objectives::dsl as ob;
use super::schema::orientations::{self, dsl as o};
use super::schema::strategic_plans::{self, dsl as p};
use super::{Constraint, keyset};
use crate::domain::ids::{OrientationId, PlanId};
use crate::domain::plans::{OrientationProfile, Period, PlanProfile, PlanStatus};

/// What the tables' named constraints mean to a client.
pub const CONSTRAINTS: &[Constraint] = &[
    Constraint {
        name: "strategic_plans_title_key",
        field: "title",
        message: || msg!("constraint-plan-title"),
    },
    Constraint {
        name: "strategic_plans_adopted_overlap",
        field: "period_start",
        message: || msg!("constraint-plan-overlap"),
    },
    Constraint {
        name: "strategic_plans_period_order",
        field: "period_end",
        message: || msg!("must-be-after", other = "period_start"),
    },
    Constraint {
        name: "strategic_plans_adoption",
        field: "adopted_on",
        message: || msg!("constraint-plan-adoption"),
    },
    Constraint {
        name: "orientations_number_key",
        field: "number",
        message: || msg!("constraint-orientation-number"),
    },
    Constraint {
        name: "orientations_number_range",
        field: "number",
        message: || msg!("whole-number-between", min = 1, max = 99),
    },
];

/// A stored plan.
#[derive(Debug, Clone, Queryable, Selectable, serde::Deserialize)]
#[diesel(table_name = strategic_plans, check_for_backend(diesel::pg::Pg))]
pub struct PlanRow {
    pub id: PlanId,
    pub title: String,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub adopted_on: Option<NaiveDate>,
    pub status: PlanStatus,
    pub mission: Option<String>,
    pub vision: Option<String>,
    pub core_values: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

super::resource!(PlanRow, strategic_plans, PlanId);

impl PlanRow {
    pub fn period(&self) -> Period {
        Period {
            start: self.period_start,
            end: self.period_end,
        }
    }

    /// Adopted and closed plans are public; drafts are not.
    pub fn is_public(&self) -> bool {
        self.status != PlanStatus::Draft
    }
}

#[derive(Debug, Insertable, AsChangeset)]
#[diesel(table_name = strategic_plans, treat_none_as_null = true)]
struct PlanColumns {
    title: String,
    period_start: NaiveDate,
    period_end: NaiveDate,
    adopted_on: Option<NaiveDate>,
    status: PlanStatus,
    mission: Option<String>,
    vision: Option<String>,
    core_values: Vec<String>,
}

impl From<PlanProfile> for PlanColumns {
    fn from(i: PlanProfile) -> Self {
        Self {
            title: i.title.into_inner(),
            period_start: i.period.start,
            period_end: i.period.end,
            adopted_on: i.adopted_on,
            status: i.status,
            mission: i.mission,
            vision: i.vision,
            core_values: i.values,
        }
    }
}

pub async fn insert_plan(conn: &mut AsyncPgConnection, input: PlanProfile) -> QueryResult<PlanRow> {
    diesel::insert_into(strategic_plans::table)
        .values((p::id.eq(PlanId::generate()), PlanColumns::from(input)))
        .returning(PlanRow::as_returning())
        .get_result(conn)
        .await
}

pub async fn find_plan_by_title(
    conn: &mut AsyncPgConnection,
    title: &str,
) -> QueryResult<Option<PlanRow>> {
    p::strategic_plans
        .filter(p::title.eq(title))
        .select(PlanRow::as_select())
        .first(conn)
        .await
        .optional()
}

pub async fn update_plan(
    conn: &mut AsyncPgConnection,
    id: PlanId,
    input: PlanProfile,
) -> QueryResult<PlanRow> {
    diesel::update(p::strategic_plans.find(id))
        .set((
            PlanColumns::from(input),
            p::version.eq(p::version + 1),
            p::updated_at.eq(diesel::dsl::now),
        ))
        .returning(PlanRow::as_returning())
        .get_result(conn)
        .await
}

/// Plans by `period_start`, then id; `after` is where the previous page ended.
pub async fn list_plans(
    conn: &ListConn<'_>,
    status: Vec<PlanStatus>,
    after: Option<(NaiveDate, PlanId)>,
    limit: i64,
) -> QueryResult<Vec<PlanRow>> {
    let mut q = p::strategic_plans.into_boxed();
    if !status.is_empty() {
        q = q.filter(p::status.eq_any(status));
    }
    if let Some((start, id)) = after {
        q = q.filter(keyset::after((p::period_start, p::id), (start, id)));
    }
    q.order((p::period_start.asc(), p::id.asc()))
        .select(PlanRow::as_select())
        .limit(limit)
        .load_list(conn)
        .await
}

/// Codes of the plan's objectives whose baseline or target date falls outside `period`.
pub async fn objectives_outside(
    conn: &mut AsyncPgConnection,
    plan: PlanId,
    period: Period,
) -> QueryResult<Vec<String>> {
    ob::objectives
        .inner_join(o::orientations)
        .filter(o::plan_id.eq(plan))
        .filter(
            ob::baseline_date
                .lt(period.start)
                .or(ob::target_date.gt(period.end)),
        )
        .order(ob::code_key.asc())
        .select(ob::code)
        .load(conn)
        .await
}

/// A stored orientation.
#[derive(Debug, Clone, Queryable, Selectable, serde::Deserialize)]
#[diesel(table_name = orientations, check_for_backend(diesel::pg::Pg))]
pub struct OrientationRow {
    pub id: OrientationId,
    pub plan_id: PlanId,
    pub number: i32,
    pub title: String,
    pub description: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

super::resource!(OrientationRow, orientations, OrientationId);

/// The number the next orientation of a plan gets when none is given.
pub async fn next_orientation_number(
    conn: &mut AsyncPgConnection,
    plan: PlanId,
) -> QueryResult<i32> {
    let max: Option<i32> = o::orientations
        .filter(o::plan_id.eq(plan))
        .select(diesel::dsl::max(o::number))
        .first(conn)
        .await?;
    Ok(max.unwrap_or(0) + 1)
}

pub async fn insert_orientation(
    conn: &mut AsyncPgConnection,
    plan: PlanId,
    number: i32,
    input: OrientationProfile,
) -> QueryResult<OrientationRow> {
    diesel::insert_into(o::orientations)
        .values((
            o::id.eq(OrientationId::generate()),
            o::plan_id.eq(plan),
            o::number.eq(number),
            o::title.eq(input.title.into_inner()),
            o::description.eq(input.description),
        ))
        .returning(OrientationRow::as_returning())
        .get_result(conn)
        .await
}

pub async fn update_orientation(
    conn: &mut AsyncPgConnection,
    id: OrientationId,
    number: i32,
    input: OrientationProfile,
) -> QueryResult<OrientationRow> {
    diesel::update(o::orientations.find(id))
        .set((
            o::number.eq(number),
            o::title.eq(input.title.into_inner()),
            o::description.eq(input.description),
            o::version.eq(o::version + 1),
            o::updated_at.eq(diesel::dsl::now),
        ))
        .returning(OrientationRow::as_returning())
        .get_result(conn)
        .await
}

/// A plan's orientations by number, after `after_number`, at most `limit`.
pub async fn list_orientations(
    conn: &ListConn<'_>,
    plan: PlanId,
    after_number: Option<i32>,
    limit: i64,
) -> QueryResult<Vec<OrientationRow>> {
    let mut q = o::orientations.filter(o::plan_id.eq(plan)).into_boxed();
    if let Some(n) = after_number {
        q = q.filter(o::number.gt(n));
    }
    q.order(o::number.asc())
        .select(OrientationRow::as_select())
        .limit(limit)
        .load_list(conn)
        .await
}
