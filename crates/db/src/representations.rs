//! Queries on `representations` and `representation_requests`.

use crate::i18n::msg;
use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::Constraint;
use super::list::{ListConn, LoadList};
use super::schema::representation_requests::{self, dsl as q};
use super::schema::representations::{self, dsl as r};
use crate::domain::ids::{RepresentationId, RequestId};
use crate::domain::representation::{RepresentationKind, RepresentationProfile, RequestProfile};

pub const CONSTRAINTS: &[Constraint] = &[
    Constraint {
        name: "representations_title_key",
        field: "title",
        message: || msg!("constraint-representation-title"),
    },
    Constraint {
        name: "representation_requests_number_key",
        field: "number",
        message: || msg!("constraint-request-number"),
    },
];

#[derive(Debug, Clone, Queryable, Selectable, serde::Deserialize)]
#[diesel(table_name = representations, check_for_backend(diesel::pg::Pg))]
pub struct RepresentationRow {
    pub id: RepresentationId,
    pub title: String,
    pub kind: RepresentationKind,
    pub authority: String,
    pub consultation: Option<String>,
    pub filed_on: Option<NaiveDate>,
    pub held_on: Option<NaiveDate>,
    pub summary: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

super::resource!(RepresentationRow, representations, RepresentationId);

#[derive(Debug, Clone, Queryable, Selectable, serde::Deserialize)]
#[diesel(table_name = representation_requests, check_for_backend(diesel::pg::Pg))]
pub struct RequestRow {
    pub id: RequestId,
    pub representation_id: RepresentationId,
    pub number: i32,
    pub text: String,
    pub outcome: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

super::resource!(RequestRow, representation_requests, RequestId);

#[derive(Debug, Insertable, AsChangeset)]
#[diesel(table_name = representations, treat_none_as_null = true)]
struct Columns {
    title: String,
    kind: RepresentationKind,
    authority: String,
    consultation: Option<String>,
    filed_on: Option<NaiveDate>,
    held_on: Option<NaiveDate>,
    summary: Option<String>,
}

impl From<RepresentationProfile> for Columns {
    fn from(p: RepresentationProfile) -> Self {
        Self {
            title: p.title,
            kind: p.kind,
            authority: p.authority,
            consultation: p.consultation,
            filed_on: p.filed_on,
            held_on: p.held_on,
            summary: p.summary,
        }
    }
}

pub async fn insert(
    conn: &mut AsyncPgConnection,
    profile: RepresentationProfile,
) -> QueryResult<RepresentationRow> {
    diesel::insert_into(representations::table)
        .values((
            r::id.eq(RepresentationId::generate()),
            Columns::from(profile),
        ))
        .returning(RepresentationRow::as_returning())
        .get_result(conn)
        .await
}

pub async fn update(
    conn: &mut AsyncPgConnection,
    id: RepresentationId,
    profile: RepresentationProfile,
) -> QueryResult<RepresentationRow> {
    diesel::update(r::representations.find(id))
        .set((
            Columns::from(profile),
            r::version.eq(r::version + 1),
            r::updated_at.eq(diesel::dsl::now),
        ))
        .returning(RepresentationRow::as_returning())
        .get_result(conn)
        .await
}

pub async fn find_by_title(
    conn: &mut AsyncPgConnection,
    title: &str,
) -> QueryResult<Option<RepresentationRow>> {
    r::representations
        .filter(r::title.eq(title))
        .select(RepresentationRow::as_select())
        .first(conn)
        .await
        .optional()
}

#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub kind: Vec<RepresentationKind>,
    /// Filed or held on or after this date.
    pub from: Option<NaiveDate>,
    /// Filed or held on or before this date.
    pub to: Option<NaiveDate>,
}

/// Representations in creation order; a date range matches `filed_on` or `held_on`
/// (undated ones are left out of a dated range).
pub async fn list(
    conn: &ListConn<'_>,
    filter: &Filter,
    after: Option<RepresentationId>,
    limit: i64,
) -> QueryResult<Vec<RepresentationRow>> {
    let mut query = r::representations.into_boxed();
    if !filter.kind.is_empty() {
        query = query.filter(r::kind.eq_any(filter.kind.clone()));
    }
    if let Some(from) = filter.from {
        query = query.filter(
            diesel::dsl::sql::<diesel::sql_types::Bool>("coalesce(filed_on, held_on) >= ")
                .bind::<diesel::sql_types::Date, _>(from),
        );
    }
    if let Some(to) = filter.to {
        query = query.filter(
            diesel::dsl::sql::<diesel::sql_types::Bool>("coalesce(filed_on, held_on) <= ")
                .bind::<diesel::sql_types::Date, _>(to),
        );
    }
    if let Some(id) = after {
        query = query.filter(r::id.gt(id));
    }
    query
        .order(r::id.asc())
        .select(RepresentationRow::as_select())
        .limit(limit)
        .load_list(conn)
        .await
}

pub async fn insert_request(
    conn: &mut AsyncPgConnection,
    representation: RepresentationId,
    profile: RequestProfile,
) -> QueryResult<RequestRow> {
    diesel::insert_into(representation_requests::table)
        .values((
            q::id.eq(RequestId::generate()),
            q::representation_id.eq(representation),
            profile,
        ))
        .returning(RequestRow::as_returning())
        .get_result(conn)
        .await
}

pub async fn update_request(
    conn: &mut AsyncPgConnection,
    id: RequestId,
    profile: RequestProfile,
) -> QueryResult<RequestRow> {
    diesel::update(q::representation_requests.find(id))
        .set((
            profile,
            q::version.eq(q::version + 1),
            q::updated_at.eq(diesel::dsl::now),
        ))
        .returning(RequestRow::as_returning())
        .get_result(conn)
        .await
}

/// A representation's requests by number.
pub async fn requests(
    conn: &mut AsyncPgConnection,
    representation: RepresentationId,
) -> QueryResult<Vec<RequestRow>> {
    q::representation_requests
        .filter(q::representation_id.eq(representation))
        .order(q::number.asc())
        .select(RequestRow::as_select())
        .load(conn)
        .await
}
