//! Queries on `membership_counts`.

use crate::i18n::msg;
use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel::upsert::excluded;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::list::{ListConn, LoadList};
use super::schema::cooperatives::dsl as co;
use super::schema::membership_counts::{self, dsl as m};
use super::{Constraint, keyset};
use crate::domain::cooperative::LegalForm;
use crate::domain::ids::{CooperativeId, MembershipCountId};
use crate::domain::membership::{CoopFacts, CountSource, MembershipCount};

pub const CONSTRAINTS: &[Constraint] = &[
    Constraint {
        name: "membership_counts_one_per_date",
        field: "as_of",
        message: || msg!("constraint-count-date"),
    },
    Constraint {
        name: "membership_counts_total_positive",
        field: "users",
        message: || msg!("membership-total-positive"),
    },
];

#[derive(Debug, Clone, Queryable, Selectable, serde::Deserialize)]
#[diesel(table_name = membership_counts, check_for_backend(diesel::pg::Pg))]
pub struct CountRow {
    pub id: MembershipCountId,
    pub cooperative_id: CooperativeId,
    pub as_of: NaiveDate,
    pub users: i32,
    pub workers: i32,
    pub supporting: i32,
    pub total: i32,
    pub source: CountSource,
    pub note: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

super::resource!(CountRow, membership_counts, MembershipCountId);

#[derive(Insertable, AsChangeset)]
#[diesel(table_name = membership_counts, treat_none_as_null = true)]
struct CountColumns {
    users: i32,
    workers: i32,
    supporting: i32,
    source: CountSource,
    note: Option<String>,
}

impl From<MembershipCount> for CountColumns {
    fn from(c: MembershipCount) -> Self {
        Self {
            users: c.users,
            workers: c.workers,
            supporting: c.supporting,
            source: c.source,
            note: c.note,
        }
    }
}

/// What the count rules need to know about these co-ops (absent ids are unknown co-ops).
pub async fn coop_facts(
    conn: &mut AsyncPgConnection,
    ids: &[CooperativeId],
) -> QueryResult<HashMap<CooperativeId, CoopFacts>> {
    let rows: Vec<(CooperativeId, LegalForm, Option<NaiveDate>)> = co::cooperatives
        .filter(co::id.eq_any(ids))
        .select((co::id, co::legal_form, co::founded_on))
        .load(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, legal_form, founded_on)| {
            (
                id,
                CoopFacts {
                    legal_form,
                    founded_on,
                },
            )
        })
        .collect())
}

pub async fn insert(
    conn: &mut AsyncPgConnection,
    cooperative: CooperativeId,
    count: MembershipCount,
) -> QueryResult<CountRow> {
    let as_of = count.as_of;
    diesel::insert_into(membership_counts::table)
        .values((
            m::id.eq(MembershipCountId::generate()),
            m::cooperative_id.eq(cooperative),
            m::as_of.eq(as_of),
            CountColumns::from(count),
        ))
        .returning(CountRow::as_returning())
        .get_result(conn)
        .await
}

/// The count of a co-op on a date (its natural key).
pub async fn find_on(
    conn: &mut AsyncPgConnection,
    cooperative: CooperativeId,
    as_of: NaiveDate,
) -> QueryResult<Option<CountRow>> {
    m::membership_counts
        .filter(m::cooperative_id.eq(cooperative).and(m::as_of.eq(as_of)))
        .select(CountRow::as_select())
        .first(conn)
        .await
        .optional()
}

/// Reads and locks one count for the rest of the transaction.
pub async fn find_on_for_update(
    conn: &mut AsyncPgConnection,
    cooperative: CooperativeId,
    as_of: NaiveDate,
) -> QueryResult<Option<CountRow>> {
    m::membership_counts
        .filter(m::cooperative_id.eq(cooperative).and(m::as_of.eq(as_of)))
        .select(CountRow::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

pub async fn replace(
    conn: &mut AsyncPgConnection,
    id: MembershipCountId,
    count: MembershipCount,
) -> QueryResult<CountRow> {
    diesel::update(m::membership_counts.find(id))
        .set((
            CountColumns::from(count),
            m::version.eq(m::version + 1),
            m::updated_at.eq(diesel::dsl::now),
        ))
        .returning(CountRow::as_returning())
        .get_result(conn)
        .await
}

/// The latest count of a co-op at or before a date.
pub async fn latest(
    conn: &mut AsyncPgConnection,
    cooperative: CooperativeId,
    on: NaiveDate,
) -> QueryResult<Option<CountRow>> {
    m::membership_counts
        .filter(m::cooperative_id.eq(cooperative))
        .filter(m::as_of.le(on))
        .order(m::as_of.desc())
        .select(CountRow::as_select())
        .first(conn)
        .await
        .optional()
}

pub struct ListQuery {
    pub cooperative: CooperativeId,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub descending: bool,
    /// The `as_of` of the last row of the previous page (one count per date, so it is a key).
    pub after: Option<NaiveDate>,
    pub limit: i64,
}

pub async fn list(conn: &ListConn<'_>, q: ListQuery) -> QueryResult<Vec<CountRow>> {
    let mut query = m::membership_counts
        .filter(m::cooperative_id.eq(q.cooperative))
        .into_boxed();
    if let Some(from) = q.from {
        query = query.filter(m::as_of.ge(from));
    }
    if let Some(to) = q.to {
        query = query.filter(m::as_of.le(to));
    }
    query = match (q.after, q.descending) {
        (Some(after), false) => query.filter(m::as_of.gt(after)).order(m::as_of.asc()),
        (Some(after), true) => query.filter(m::as_of.lt(after)).order(m::as_of.desc()),
        (None, false) => query.order(m::as_of.asc()),
        (None, true) => query.order(m::as_of.desc()),
    };
    query
        .select(CountRow::as_select())
        .limit(q.limit)
        .load_list(conn)
        .await
}

/// Filters of the federation-wide list of counts; empty lists filter nothing.
#[derive(Debug, Clone, Default)]
pub struct AllFilter {
    pub cooperatives: Vec<CooperativeId>,
    /// Two-digit codes of Québec's administrative regions.
    pub regions: Vec<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// Every co-op's counts, by co-op then date (the order of the `(cooperative_id, as_of)`
/// unique index, so an export of millions of rows is one index walk), after a position.
pub async fn list_all(
    conn: &ListConn<'_>,
    f: &AllFilter,
    after: Option<(CooperativeId, NaiveDate)>,
    limit: i64,
) -> QueryResult<Vec<CountRow>> {
    let mut q = m::membership_counts.into_boxed();
    if !f.cooperatives.is_empty() {
        q = q.filter(m::cooperative_id.eq_any(f.cooperatives.clone()));
    }
    if !f.regions.is_empty() {
        let in_regions = co::cooperatives
            .filter(co::region.eq_any(f.regions.clone()))
            .select(co::id);
        q = q.filter(m::cooperative_id.eq_any(in_regions));
    }
    if let Some(from) = f.from {
        q = q.filter(m::as_of.ge(from));
    }
    if let Some(to) = f.to {
        q = q.filter(m::as_of.le(to));
    }
    if let Some((coop, as_of)) = after {
        q = q.filter(keyset::after((m::cooperative_id, m::as_of), (coop, as_of)));
    }
    q.order((m::cooperative_id.asc(), m::as_of.asc()))
        .select(CountRow::as_select())
        .limit(limit)
        .load_list(conn)
        .await
}

/// Inserts or replaces many counts; run it inside a transaction for all-or-nothing.
/// Returns how many rows were written.
pub async fn upsert_many(
    conn: &mut AsyncPgConnection,
    rows: Vec<(CooperativeId, MembershipCount)>,
) -> QueryResult<usize> {
    // PostgreSQL takes at most 65,535 bind parameters per statement (8 per row here).
    const CHUNK: usize = 5_000;
    let mut written = 0;
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<_> = rows
            .by_ref()
            .take(CHUNK)
            .map(|(cooperative, count)| {
                let as_of = count.as_of;
                (
                    m::id.eq(MembershipCountId::generate()),
                    m::cooperative_id.eq(cooperative),
                    m::as_of.eq(as_of),
                    CountColumns::from(count),
                )
            })
            .collect();
        written += diesel::insert_into(membership_counts::table)
            .values(chunk)
            .on_conflict((m::cooperative_id, m::as_of))
            .do_update()
            .set((
                m::users.eq(excluded(m::users)),
                m::workers.eq(excluded(m::workers)),
                m::supporting.eq(excluded(m::supporting)),
                m::source.eq(excluded(m::source)),
                m::note.eq(excluded(m::note)),
                m::version.eq(m::version + 1),
                m::updated_at.eq(diesel::dsl::now),
            ))
            .execute(conn)
            .await?;
    }
    Ok(written)
}
