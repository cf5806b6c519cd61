//! Queries on `events`, `event_participations` and `event_presentations`.

use crate::i18n::msg;
use chrono::{DateTime, NaiveDate, Utc};
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::Int4;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::Resource;
use super::list::{ListConn, LoadList};
use super::schema::event_participations::{self, dsl as p};
use super::schema::event_presentations::{self, dsl as s};
use super::schema::events::{self, dsl as e};
use super::{Constraint, keyset};
use crate::domain::event::{EventKind, EventProfile, NewParticipation, PresentationProfile};
use crate::domain::ids::{
    CooperativeId, EventId, ParticipationId, PartnerId, PresentationId, ProjectId,
};

pub const CONSTRAINTS: &[Constraint] = &[
    Constraint {
        name: "events_title_key",
        field: "title",
        message: || msg!("constraint-event-title"),
    },
    Constraint {
        name: "events_dates_order",
        field: "ends_on",
        message: || msg!("not-before", other = "starts_on"),
    },
    Constraint {
        name: "events_exact_or_approximate",
        field: "approximate_representatives",
        message: || msg!("event-head-count-exclusive"),
    },
    Constraint {
        name: "event_participations_cooperative_key",
        field: "cooperative_id",
        message: || msg!("constraint-participation"),
    },
    Constraint {
        name: "event_presentations_title_key",
        field: "title",
        message: || msg!("constraint-presentation-title"),
    },
];

#[derive(Debug, Clone, Queryable, Selectable, serde::Deserialize)]
#[diesel(table_name = events, check_for_backend(diesel::pg::Pg))]
pub struct EventRow {
    pub id: EventId,
    pub title: String,
    pub kind: EventKind,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub municipality: Option<String>,
    pub description: Option<String>,
    pub reported_representatives: Option<i32>,
    pub reported_cooperatives: Option<i32>,
    pub approximate_representatives: Option<i32>,
    pub attendance_note: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

super::resource!(EventRow, events, EventId);

/// An event with its known participations: (co-ops, representatives).
pub type TalliedEvent = (EventRow, i32, i32);

#[derive(Debug, Clone, Queryable, Selectable, serde::Deserialize)]
#[diesel(table_name = event_participations, check_for_backend(diesel::pg::Pg))]
pub struct ParticipationRow {
    pub id: ParticipationId,
    pub event_id: EventId,
    pub cooperative_id: CooperativeId,
    pub representatives: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

super::resource!(ParticipationRow, event_participations, ParticipationId);

#[derive(Debug, Clone, Queryable, Selectable, serde::Deserialize)]
#[diesel(table_name = event_presentations, check_for_backend(diesel::pg::Pg))]
pub struct PresentationRow {
    pub id: PresentationId,
    pub event_id: EventId,
    pub title: String,
    pub presenter_name: Option<String>,
    pub presenter_role: Option<String>,
    pub partner_id: Option<PartnerId>,
    pub project_id: Option<ProjectId>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

super::resource!(PresentationRow, event_presentations, PresentationId);

pub async fn insert(conn: &mut AsyncPgConnection, profile: EventProfile) -> QueryResult<EventRow> {
    diesel::insert_into(events::table)
        .values((e::id.eq(EventId::generate()), profile))
        .returning(EventRow::as_returning())
        .get_result(conn)
        .await
}

pub async fn update(
    conn: &mut AsyncPgConnection,
    id: EventId,
    profile: EventProfile,
) -> QueryResult<EventRow> {
    diesel::update(e::events.find(id))
        .set((
            profile,
            e::version.eq(e::version + 1),
            e::updated_at.eq(diesel::dsl::now),
        ))
        .returning(EventRow::as_returning())
        .get_result(conn)
        .await
}

/// The event titled `title` that starts on `starts_on` (the natural key).
pub async fn find_by_key(
    conn: &mut AsyncPgConnection,
    starts_on: NaiveDate,
    title: &str,
) -> QueryResult<Option<EventRow>> {
    e::events
        .filter(e::starts_on.eq(starts_on))
        .filter(e::title.eq(title))
        .select(EventRow::as_select())
        .first(conn)
        .await
        .optional()
}

#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub kind: Vec<EventKind>,
    /// Events that end on or after this date.
    pub from: Option<NaiveDate>,
    /// Events that start on or before this date.
    pub to: Option<NaiveDate>,
}

fn tallies() -> (
    diesel::expression::SqlLiteral<Int4>,
    diesel::expression::SqlLiteral<Int4>,
) {
    (
        sql::<Int4>(
            "(SELECT count(*)::int4 FROM event_participations x WHERE x.event_id = events.id)",
        ),
        sql::<Int4>(
            "(SELECT coalesce(sum(x.representatives), 0)::int4 FROM event_participations x \
             WHERE x.event_id = events.id)",
        ),
    )
}

/// One event with its tally of participations.
pub async fn find_tallied(
    conn: &mut AsyncPgConnection,
    id: EventId,
) -> QueryResult<Option<TalliedEvent>> {
    let (coops, reps) = tallies();
    e::events
        .find(id)
        .select((EventRow::as_select(), coops, reps))
        .first(conn)
        .await
        .optional()
}

/// Events in date order (then creation order), after `after`, with their tallies.
pub async fn list(
    conn: &ListConn<'_>,
    filter: &Filter,
    after: Option<(NaiveDate, EventId)>,
    limit: i64,
) -> QueryResult<Vec<TalliedEvent>> {
    let mut q = e::events.into_boxed();
    if !filter.kind.is_empty() {
        q = q.filter(e::kind.eq_any(filter.kind.clone()));
    }
    if let Some(from) = filter.from {
        q = q.filter(
            e::starts_on
                .ge(from)
                .or(e::ends_on.assume_not_null().ge(from)),
        );
    }
    if let Some(to) = filter.to {
        q = q.filter(e::starts_on.le(to));
    }
    if let Some((on, id)) = after {
        q = q.filter(keyset::after((e::starts_on, e::id), (on, id)));
    }
    let (coops, reps) = tallies();
    q.order((e::starts_on.asc(), e::id.asc()))
        .select((EventRow::as_select(), coops, reps))
        .limit(limit)
        .load_list(conn)
        .await
}

pub async fn insert_participation(
    conn: &mut AsyncPgConnection,
    event_id: EventId,
    new: NewParticipation,
) -> QueryResult<ParticipationRow> {
    diesel::insert_into(event_participations::table)
        .values((
            p::id.eq(ParticipationId::generate()),
            p::event_id.eq(event_id),
            p::cooperative_id.eq(new.cooperative_id),
            p::representatives.eq(new.representatives),
        ))
        .returning(ParticipationRow::as_returning())
        .get_result(conn)
        .await
}

pub async fn update_participation(
    conn: &mut AsyncPgConnection,
    id: ParticipationId,
    representatives: i32,
) -> QueryResult<ParticipationRow> {
    diesel::update(p::event_participations.find(id))
        .set((
            p::representatives.eq(representatives),
            p::version.eq(p::version + 1),
            p::updated_at.eq(diesel::dsl::now),
        ))
        .returning(ParticipationRow::as_returning())
        .get_result(conn)
        .await
}

/// An event's participations in creation order; only `cooperative`'s when given.
pub async fn participations(
    conn: &ListConn<'_>,
    event_id: EventId,
    cooperative: Option<CooperativeId>,
    after: Option<ParticipationId>,
    limit: i64,
) -> QueryResult<Vec<ParticipationRow>> {
    let mut q = p::event_participations
        .filter(p::event_id.eq(event_id))
        .into_boxed();
    if let Some(coop) = cooperative {
        q = q.filter(p::cooperative_id.eq(coop));
    }
    if let Some(id) = after {
        q = q.filter(p::id.gt(id));
    }
    q.order(p::id.asc())
        .select(ParticipationRow::as_select())
        .limit(limit)
        .load_list(conn)
        .await
}

pub async fn insert_presentation(
    conn: &mut AsyncPgConnection,
    event_id: EventId,
    profile: PresentationProfile,
) -> QueryResult<PresentationRow> {
    diesel::insert_into(event_presentations::table)
        .values((
            s::id.eq(PresentationId::generate()),
            s::event_id.eq(event_id),
            profile,
        ))
        .returning(PresentationRow::as_returning())
        .get_result(conn)
        .await
}

pub async fn update_presentation(
    conn: &mut AsyncPgConnection,
    id: PresentationId,
    profile: PresentationProfile,
) -> QueryResult<PresentationRow> {
    diesel::update(s::event_presentations.find(id))
        .set((
            profile,
            s::version.eq(s::version + 1),
            s::updated_at.eq(diesel::dsl::now),
        ))
        .returning(PresentationRow::as_returning())
        .get_result(conn)
        .await
}

/// An event's presentations in creation order.
pub async fn presentations(
    conn: &ListConn<'_>,
    event_id: EventId,
    after: Option<PresentationId>,
    limit: i64,
) -> QueryResult<Vec<PresentationRow>> {
    let mut q = s::event_presentations
        .filter(s::event_id.eq(event_id))
        .into_boxed();
    if let Some(id) = after {
        q = q.filter(s::id.gt(id));
    }
    q.order(s::id.asc())
        .select(PresentationRow::as_select())
        .limit(limit)
        .load_list(conn)
        .await
}

/// An event is shown with the tally of its participations, so its item routes read the
/// tallied row; the lock and the delete are the event row's.
impl Resource for TalliedEvent {
    type Id = EventId;

    const NAME: &'static str = EventRow::NAME;

    async fn find(conn: &mut AsyncPgConnection, id: EventId) -> QueryResult<Option<Self>> {
        find_tallied(conn, id).await
    }

    async fn find_for_update(
        conn: &mut AsyncPgConnection,
        id: EventId,
    ) -> QueryResult<Option<Self>> {
        if EventRow::find_for_update(conn, id).await?.is_none() {
            return Ok(None);
        }
        find_tallied(conn, id).await
    }

    async fn delete(conn: &mut AsyncPgConnection, id: EventId) -> QueryResult<bool> {
        EventRow::delete(conn, id).await
    }

    fn version(&self) -> i32 {
        self.0.version
    }
}
