//! Queries on `board_terms`: who held which office, and who was on the board on a date.

use crate::i18n::msg;
use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::Constraint;
use super::list::{ListConn, LoadList};
use super::schema::board_terms::{self, dsl as b};
use crate::domain::board::{BoardTermProfile, Office};
use crate::domain::ids::{BoardTermId, CooperativeId};

pub const CONSTRAINTS: &[Constraint] = &[Constraint {
    name: "board_terms_dates_order",
    field: "until",
    message: || msg!("not-before", other = "from"),
}];

#[derive(Debug, Clone, Queryable, Selectable, serde::Deserialize)]
#[diesel(table_name = board_terms, check_for_backend(diesel::pg::Pg))]
pub struct BoardTermRow {
    pub id: BoardTermId,
    pub person_name: String,
    pub office: Office,
    pub cooperative_id: Option<CooperativeId>,
    pub from_on: Option<NaiveDate>,
    pub until_on: Option<NaiveDate>,
    pub public: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

super::resource!(BoardTermRow, board_terms, BoardTermId);

pub async fn insert(
    conn: &mut AsyncPgConnection,
    profile: BoardTermProfile,
) -> QueryResult<BoardTermRow> {
    diesel::insert_into(board_terms::table)
        .values((b::id.eq(BoardTermId::generate()), profile))
        .returning(BoardTermRow::as_returning())
        .get_result(conn)
        .await
}

pub async fn update(
    conn: &mut AsyncPgConnection,
    id: BoardTermId,
    profile: BoardTermProfile,
) -> QueryResult<BoardTermRow> {
    diesel::update(b::board_terms.find(id))
        .set((
            profile,
            b::version.eq(b::version + 1),
            b::updated_at.eq(diesel::dsl::now),
        ))
        .returning(BoardTermRow::as_returning())
        .get_result(conn)
        .await
}

/// The term of `person_name` in `office`, if one is recorded (the seed's natural key).
pub async fn find_by_person(
    conn: &mut AsyncPgConnection,
    person_name: &str,
    office: Office,
) -> QueryResult<Option<BoardTermRow>> {
    b::board_terms
        .filter(b::person_name.eq(person_name))
        .filter(b::office.eq(office))
        .select(BoardTermRow::as_select())
        .first(conn)
        .await
        .optional()
}

#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Terms covering this date; a term whose dates are not recorded is counted as covering
    /// it (the view says its dates are unknown).
    pub on: Option<NaiveDate>,
    pub public_only: bool,
}

pub async fn list(
    conn: &ListConn<'_>,
    filter: &Filter,
    after: Option<BoardTermId>,
    limit: i64,
) -> QueryResult<Vec<BoardTermRow>> {
    let mut q = b::board_terms.into_boxed();
    if filter.public_only {
        q = q.filter(b::public.eq(true));
    }
    if let Some(on) = filter.on {
        q = q
            .filter(b::from_on.is_null().or(b::from_on.assume_not_null().le(on)))
            .filter(
                b::until_on
                    .is_null()
                    .or(b::until_on.assume_not_null().ge(on)),
            );
    }
    if let Some(id) = after {
        q = q.filter(b::id.gt(id));
    }
    q.order(b::id.asc())
        .select(BoardTermRow::as_select())
        .limit(limit)
        .load_list(conn)
        .await
}
