//! Queries on `objectives` and `measurements`.

use crate::i18n::msg;
use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::list::{ListConn, LoadList};
use super::schema::measurements::{self, dsl as m};
use super::schema::objectives::{self, dsl as ob};
use super::schema::orientations::dsl as o;
use super::{Constraint, keyset};
use crate::domain::ids::{MeasurementId, ObjectiveId, OrientationId, PlanId};
use crate::domain::objectives::{
    Direction, IndicatorSource, MeasurementProfile, ObjectiveProfile, ObjectiveStatus, code_key,
};

/// What the tables' named constraints mean to a client.
pub const CONSTRAINTS: &[Constraint] = &[
    Constraint {
        name: "objectives_code_key",
        field: "code",
        message: || msg!("constraint-objective-code"),
    },
    Constraint {
        name: "objectives_code_format",
        field: "code",
        message: || msg!("constraint-objective-code-format"),
    },
    Constraint {
        name: "objectives_dates_order",
        field: "target_date",
        message: || msg!("must-be-after", other = "baseline_date"),
    },
    Constraint {
        name: "objectives_target_direction",
        field: "target_value",
        message: || msg!("constraint-objective-direction"),
    },
    Constraint {
        name: "measurements_as_of_key",
        field: "as_of",
        message: || msg!("constraint-measurement-day"),
    },
];

/// A stored objective.
#[derive(Debug, Clone, Queryable, Selectable, serde::Deserialize)]
#[diesel(table_name = objectives, check_for_backend(diesel::pg::Pg))]
pub struct ObjectiveRow {
    pub id: ObjectiveId,
    pub orientation_id: OrientationId,
    pub code: String,
    pub title: String,
    pub description: Option<String>,
    pub owner: Option<String>,
    pub indicator: String,
    pub indicator_source: Option<IndicatorSource>,
    pub unit: Option<String>,
    pub direction: Direction,
    pub baseline_value: f64,
    pub baseline_date: NaiveDate,
    pub target_value: f64,
    pub target_date: NaiveDate,
    pub status: ObjectiveStatus,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

super::resource!(ObjectiveRow, objectives, ObjectiveId);

#[derive(Debug, Insertable, AsChangeset)]
#[diesel(table_name = objectives, treat_none_as_null = true)]
struct ObjectiveColumns {
    code: String,
    title: String,
    description: Option<String>,
    owner: Option<String>,
    indicator: String,
    indicator_source: Option<IndicatorSource>,
    unit: Option<String>,
    direction: Direction,
    baseline_value: f64,
    baseline_date: NaiveDate,
    target_value: f64,
    target_date: NaiveDate,
    status: ObjectiveStatus,
}

impl From<ObjectiveProfile> for ObjectiveColumns {
    fn from(i: ObjectiveProfile) -> Self {
        Self {
            code: i.code,
            title: i.title.into_inner(),
            description: i.description,
            owner: i.owner.map(|x| x.into_inner()),
            indicator: i.indicator.into_inner(),
            indicator_source: i.indicator_source,
            unit: i.unit.map(|x| x.into_inner()),
            direction: i.direction,
            baseline_value: i.baseline_value,
            baseline_date: i.baseline_date,
            target_value: i.target_value,
            target_date: i.target_date,
            status: i.status,
        }
    }
}

pub async fn insert_objective(
    conn: &mut AsyncPgConnection,
    orientation: OrientationId,
    input: ObjectiveProfile,
) -> QueryResult<ObjectiveRow> {
    diesel::insert_into(objectives::table)
        .values((
            ob::id.eq(ObjectiveId::generate()),
            ob::orientation_id.eq(orientation),
            ObjectiveColumns::from(input),
        ))
        .returning(ObjectiveRow::as_returning())
        .get_result(conn)
        .await
}

pub async fn update_objective(
    conn: &mut AsyncPgConnection,
    id: ObjectiveId,
    input: ObjectiveProfile,
) -> QueryResult<ObjectiveRow> {
    diesel::update(ob::objectives.find(id))
        .set((
            ObjectiveColumns::from(input),
            ob::version.eq(ob::version + 1),
            ob::updated_at.eq(diesel::dsl::now),
        ))
        .returning(ObjectiveRow::as_returning())
        .get_result(conn)
        .await
}

pub async fn list_objectives(
    conn: &ListConn<'_>,
    orientation: OrientationId,
    after: Option<(String, ObjectiveId)>,
    limit: i64,
) -> QueryResult<Vec<ObjectiveRow>> {
    let mut q = ob::objectives
        .filter(ob::orientation_id.eq(orientation))
        .into_boxed();
    if let Some((code, id)) = after {
        q = q.filter(keyset::after((ob::code_key, ob::id), (code_key(&code), id)));
    }
    q.order((ob::code_key.asc(), ob::id.asc()))
        .select(ObjectiveRow::as_select())
        .limit(limit)
        .load_list(conn)
        .await
}

/// Every objective of a plan, by code.
pub async fn objectives_of_plan(
    conn: &mut AsyncPgConnection,
    plan: PlanId,
) -> QueryResult<Vec<ObjectiveRow>> {
    ob::objectives
        .inner_join(o::orientations)
        .filter(o::plan_id.eq(plan))
        .order((ob::code_key.asc(), ob::id.asc()))
        .select(ObjectiveRow::as_select())
        .load(conn)
        .await
}

/// A stored measurement.
#[derive(Debug, Clone, Queryable, Selectable, serde::Deserialize)]
#[diesel(table_name = measurements, check_for_backend(diesel::pg::Pg))]
pub struct MeasurementRow {
    pub id: MeasurementId,
    pub objective_id: ObjectiveId,
    pub as_of: NaiveDate,
    pub value: f64,
    pub comment: Option<String>,
    pub source: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

super::resource!(MeasurementRow, measurements, MeasurementId);

pub async fn insert_measurement(
    conn: &mut AsyncPgConnection,
    objective: ObjectiveId,
    input: MeasurementProfile,
) -> QueryResult<MeasurementRow> {
    diesel::insert_into(measurements::table)
        .values((
            m::id.eq(MeasurementId::generate()),
            m::objective_id.eq(objective),
            m::as_of.eq(input.as_of),
            m::value.eq(input.value),
            m::comment.eq(input.comment),
            m::source.eq(input.source.map(|s| s.into_inner())),
        ))
        .returning(MeasurementRow::as_returning())
        .get_result(conn)
        .await
}

pub async fn update_measurement(
    conn: &mut AsyncPgConnection,
    id: MeasurementId,
    input: MeasurementProfile,
) -> QueryResult<MeasurementRow> {
    diesel::update(m::measurements.find(id))
        .set((
            m::as_of.eq(input.as_of),
            m::value.eq(input.value),
            m::comment.eq(input.comment),
            m::source.eq(input.source.map(|s| s.into_inner())),
            m::version.eq(m::version + 1),
            m::updated_at.eq(diesel::dsl::now),
        ))
        .returning(MeasurementRow::as_returning())
        .get_result(conn)
        .await
}

/// An objective's measurements by date, after `after`, at most `limit`.
pub async fn list_measurements(
    conn: &ListConn<'_>,
    objective: ObjectiveId,
    after: Option<NaiveDate>,
    limit: i64,
) -> QueryResult<Vec<MeasurementRow>> {
    let mut q = m::measurements
        .filter(m::objective_id.eq(objective))
        .into_boxed();
    if let Some(day) = after {
        q = q.filter(m::as_of.gt(day));
    }
    q.order(m::as_of.asc())
        .select(MeasurementRow::as_select())
        .limit(limit)
        .load_list(conn)
        .await
}

/// The measured history of objectives up to `until` (included): (objective, day, value),
/// oldest first.
pub async fn history(
    conn: &mut AsyncPgConnection,
    objectives: &[ObjectiveId],
    until: NaiveDate,
) -> QueryResult<Vec<(ObjectiveId, NaiveDate, f64)>> {
    m::measurements
        .filter(m::objective_id.eq_any(objectives))
        .filter(m::as_of.le(until))
        .order((m::objective_id.asc(), m::as_of.asc()))
        .select((m::objective_id, m::as_of, m::value))
        .load(conn)
        .await
}
