//! Queries on the `partners` table.

use crate::i18n::msg;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::list::{ListConn, LoadList};
use super::schema::partners::{self, dsl as p};
use super::{Constraint, keyset};
use crate::domain::ids::PartnerId;
use crate::domain::partner::{PartnerKind, PartnerProfile};

diesel::define_sql_function! {
    /// Accent folding, as the generated `sort_name` column does it (see the migrations).
    fn immutable_unaccent(t: diesel::sql_types::Text) -> diesel::sql_types::Text;
}

diesel::define_sql_function! {
    fn lower(t: diesel::sql_types::Text) -> diesel::sql_types::Text;
}

/// What the table's named constraints mean to a client.
pub const CONSTRAINTS: &[Constraint] = &[
    Constraint {
        name: "partners_name_key",
        field: "name",
        message: || msg!("constraint-partner-name"),
    },
    Constraint {
        name: "partners_kind_check",
        field: "kind",
        message: || msg!("constraint-partner-kind"),
    },
    Constraint {
        name: "partners_name_length",
        field: "name",
        message: || msg!("constraint-name-length"),
    },
];

/// A stored partner.
#[derive(Debug, Clone, Queryable, Selectable, serde::Deserialize)]
#[diesel(table_name = partners, check_for_backend(diesel::pg::Pg))]
pub struct PartnerRow {
    pub id: PartnerId,
    pub name: String,
    pub kind: PartnerKind,
    pub website: Option<String>,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    pub notes: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
    pub sort_name: String,
}

super::resource!(PartnerRow, partners, PartnerId);

pub async fn insert(
    conn: &mut AsyncPgConnection,
    profile: PartnerProfile,
) -> QueryResult<PartnerRow> {
    diesel::insert_into(partners::table)
        .values((p::id.eq(PartnerId::generate()), profile))
        .returning(PartnerRow::as_returning())
        .get_result(conn)
        .await
}

/// The partner whose name folds (case and accents aside) to the same as `name`.
pub async fn find_by_name(
    conn: &mut AsyncPgConnection,
    name: &str,
) -> QueryResult<Option<PartnerRow>> {
    p::partners
        .filter(p::sort_name.eq(lower(immutable_unaccent(name.to_owned()))))
        .select(PartnerRow::as_select())
        .first(conn)
        .await
        .optional()
}

pub async fn update(
    conn: &mut AsyncPgConnection,
    id: PartnerId,
    profile: PartnerProfile,
) -> QueryResult<PartnerRow> {
    diesel::update(p::partners.find(id))
        .set((
            profile,
            p::version.eq(p::version + 1),
            p::updated_at.eq(diesel::dsl::now),
        ))
        .returning(PartnerRow::as_returning())
        .get_result(conn)
        .await
}

#[derive(Debug, Default, Clone)]
pub struct Filter {
    pub kind: Vec<PartnerKind>,
    /// Only this partner (a partner token sees itself only).
    pub only: Option<PartnerId>,
}

/// Lists partners by folded name, after `(sort_name, id)` of the previous page.
pub async fn list(
    conn: &ListConn<'_>,
    filter: &Filter,
    after: Option<(String, PartnerId)>,
    limit: i64,
) -> QueryResult<Vec<PartnerRow>> {
    let mut q = p::partners.into_boxed();
    if !filter.kind.is_empty() {
        q = q.filter(p::kind.eq_any(filter.kind.clone()));
    }
    if let Some(id) = filter.only {
        q = q.filter(p::id.eq(id));
    }
    if let Some((name, id)) = after {
        q = q.filter(keyset::after((p::sort_name, p::id), (name, id)));
    }
    q.order((p::sort_name.asc(), p::id.asc()))
        .select(PartnerRow::as_select())
        .limit(limit)
        .load_list(conn)
        .await
}
