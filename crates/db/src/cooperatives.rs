//! Queries on the `cooperatives` table.

use crate::i18n::msg;
use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel::sql_types::Text;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::list::{ListConn, LoadList};
use super::schema::cooperatives::{self, dsl as c};
use super::{Constraint, keyset};
use crate::domain::address::Province;
use crate::domain::cooperative::{CooperativeProfile, FederationStatus, LegalForm, Service};
use crate::domain::ids::CooperativeId;

/// What the table's named constraints mean to a client.
pub const CONSTRAINTS: &[Constraint] = &[
    Constraint {
        name: "cooperatives_neq_key",
        field: "neq",
        message: || msg!("constraint-neq-taken"),
    },
    Constraint {
        name: "cooperatives_neq_format",
        field: "neq",
        message: || msg!("constraint-neq-format"),
    },
    Constraint {
        name: "cooperatives_region_iff_quebec",
        field: "region",
        message: || msg!("constraint-region"),
    },
    Constraint {
        name: "cooperatives_status_dates",
        field: "federation_status",
        message: || msg!("constraint-status-dates"),
    },
    Constraint {
        name: "cooperatives_founded_before_joining",
        field: "member_since",
        message: || msg!("not-before", other = "founded_on"),
    },
];

diesel::define_sql_function! {
    /// The folded form used by the search index (see the migration).
    fn search_key(t: Text) -> Text;
}

/// A stored cooperative.
#[derive(Debug, Clone, Queryable, Selectable, serde::Deserialize)]
#[diesel(table_name = cooperatives, check_for_backend(diesel::pg::Pg))]
pub struct CooperativeRow {
    pub id: CooperativeId,
    pub name: String,
    pub legal_name: Option<String>,
    pub legal_form: LegalForm,
    pub neq: Option<String>,
    pub street: Option<String>,
    pub municipality: String,
    pub province: Province,
    pub postal_code: Option<String>,
    pub region: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub founded_on: Option<NaiveDate>,
    pub services: Vec<Service>,
    pub hosts_gmf: bool,
    pub federation_status: FederationStatus,
    pub member_since: Option<NaiveDate>,
    pub left_on: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
    pub sort_name: String,
    /// Synthetic demonstration data (`coopsante seed --demo`); absent in records kept
    /// before it existed.
    #[serde(default)]
    pub demo: bool,
}

super::resource!(CooperativeRow, cooperatives, CooperativeId);

/// The writable columns, from a validated profile. `None` writes NULL.
#[derive(Debug, Insertable, AsChangeset)]
#[diesel(table_name = cooperatives, treat_none_as_null = true)]
struct ProfileColumns {
    name: String,
    legal_name: Option<String>,
    legal_form: LegalForm,
    neq: Option<String>,
    street: Option<String>,
    municipality: String,
    province: Province,
    postal_code: Option<String>,
    region: Option<String>,
    phone: Option<String>,
    email: Option<String>,
    website: Option<String>,
    founded_on: Option<NaiveDate>,
    services: Vec<Service>,
    hosts_gmf: bool,
    federation_status: FederationStatus,
    member_since: Option<NaiveDate>,
    left_on: Option<NaiveDate>,
}

impl From<CooperativeProfile> for ProfileColumns {
    fn from(p: CooperativeProfile) -> Self {
        Self {
            name: p.name.into_inner(),
            legal_name: p.legal_name.map(|n| n.into_inner()),
            legal_form: p.legal_form,
            neq: p.neq.map(|n| n.into_inner()),
            street: p.street.map(|s| s.into_inner()),
            municipality: p.municipality.into_inner(),
            province: p.location.province(),
            postal_code: p.postal_code.map(|pc| pc.into_inner()),
            region: p.location.region().map(|r| r.code()),
            phone: p.phone.map(|x| x.into_inner()),
            email: p.email.map(|x| x.into_inner()),
            website: p.website.map(|x| x.into_inner()),
            founded_on: p.founded_on,
            services: p.services,
            hosts_gmf: p.hosts_gmf,
            federation_status: p.membership.status(),
            member_since: p.membership.member_since(),
            left_on: p.membership.left_on(),
        }
    }
}

pub async fn insert(
    conn: &mut AsyncPgConnection,
    profile: CooperativeProfile,
) -> QueryResult<CooperativeRow> {
    diesel::insert_into(cooperatives::table)
        .values((
            c::id.eq(CooperativeId::generate()),
            ProfileColumns::from(profile),
        ))
        .returning(CooperativeRow::as_returning())
        .get_result(conn)
        .await
}

pub async fn update(
    conn: &mut AsyncPgConnection,
    id: CooperativeId,
    profile: CooperativeProfile,
) -> QueryResult<CooperativeRow> {
    diesel::update(c::cooperatives.find(id))
        .set((
            ProfileColumns::from(profile),
            c::version.eq(c::version + 1),
            c::updated_at.eq(diesel::dsl::now),
        ))
        .returning(CooperativeRow::as_returning())
        .get_result(conn)
        .await
}

/// How a list is ordered; each key is followed by `id` to make the order total.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    Name,
    MemberSince,
    UpdatedAt,
}

/// Where the previous page ended: the sort value and id of its last row.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum After {
    Name(String, CooperativeId),
    MemberSince(Option<NaiveDate>, CooperativeId),
    UpdatedAt(DateTime<Utc>, CooperativeId),
}

impl After {
    /// The position of a row under a sort key.
    pub fn of(row: &CooperativeRow, key: SortKey) -> Self {
        match key {
            SortKey::Name => After::Name(row.sort_name.clone(), row.id),
            SortKey::MemberSince => After::MemberSince(row.member_since, row.id),
            SortKey::UpdatedAt => After::UpdatedAt(row.updated_at, row.id),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub federation_status: Vec<FederationStatus>,
    pub region: Vec<String>,
    pub province: Vec<Province>,
    pub legal_form: Vec<LegalForm>,
    /// Co-ops offering any of these.
    pub services: Vec<Service>,
    /// Every word must appear (folded) in the name or municipality.
    pub words: Vec<String>,
}

pub struct ListQuery {
    pub filter: Filter,
    pub sort: SortKey,
    pub descending: bool,
    pub after: Option<After>,
    pub limit: i64,
}

type Boxed<'a> = cooperatives::BoxedQuery<'a, diesel::pg::Pg>;

/// Escapes LIKE wildcards so that a user's `%` or `_` match themselves.
fn like_escape(word: &str) -> String {
    word.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

fn filtered(filter: &Filter) -> Boxed<'static> {
    let mut q = c::cooperatives.into_boxed();
    if !filter.federation_status.is_empty() {
        q = q.filter(c::federation_status.eq_any(filter.federation_status.clone()));
    }
    if !filter.region.is_empty() {
        q = q.filter(c::region.eq_any(filter.region.clone()));
    }
    if !filter.province.is_empty() {
        q = q.filter(c::province.eq_any(filter.province.clone()));
    }
    if !filter.legal_form.is_empty() {
        q = q.filter(c::legal_form.eq_any(filter.legal_form.clone()));
    }
    if !filter.services.is_empty() {
        q = q.filter(c::services.overlaps_with(filter.services.clone()));
    }
    for word in &filter.words {
        // `search_key` folds the word exactly as the indexed column was folded.
        // A scalar subquery, evaluated once per execution: in the generic plan PostgreSQL
        // settles on after five runs of a prepared statement, `search_key($1)` inline was
        // computed again for every row the index could not rule out (39 ms instead of 6).
        let pattern = diesel::select(search_key(format!("%{}%", like_escape(word))))
            .single_value()
            .assume_not_null();
        q = q.filter(c::search_text.like(pattern));
    }
    q
}

/// Keyset condition and order for a sort key that is never NULL (name, last update). Plain
/// `DESC` rather than `DESC NULLS LAST`: the same order on such a column, and the one a
/// backward scan of its `(key, id)` index gives.
macro_rules! keyset {
    ($q:expr, $col:expr, $desc:expr, $after:expr) => {{
        let mut q = $q;
        if let Some((value, id)) = $after {
            q = if $desc {
                q.filter(keyset::before(($col, c::id), (value, id)))
            } else {
                q.filter(keyset::after(($col, c::id), (value, id)))
            };
        }
        if $desc {
            q.order(($col.desc(), c::id.desc()))
        } else {
            q.order(($col.asc(), c::id.asc()))
        }
    }};
}

/// Keyset condition and order by date of joining, undated co-ops (never members) last in
/// both directions: after a date come the rest of the dated ones, then every undated one
/// (which a row comparison alone would leave out, being unknown on NULL).
fn by_member_since(
    q: Boxed<'static>,
    descending: bool,
    after: Option<(Option<NaiveDate>, CooperativeId)>,
) -> Boxed<'static> {
    let key = (c::member_since, c::id);
    let q = match (after, descending) {
        (Some((Some(day), id)), false) => {
            q.filter(keyset::after(key, (day, id)).or(c::member_since.is_null()))
        }
        (Some((Some(day), id)), true) => {
            q.filter(keyset::before(key, (day, id)).or(c::member_since.is_null()))
        }
        (Some((None, id)), false) => q.filter(c::member_since.is_null().and(c::id.gt(id))),
        (Some((None, id)), true) => q.filter(c::member_since.is_null().and(c::id.lt(id))),
        (None, _) => q,
    };
    if descending {
        q.order((c::member_since.desc().nulls_last(), c::id.desc()))
    } else {
        q.order((c::member_since.asc().nulls_last(), c::id.asc()))
    }
}

pub async fn list(conn: &ListConn<'_>, query: ListQuery) -> QueryResult<Vec<CooperativeRow>> {
    let q = filtered(&query.filter);
    let q = match (query.sort, query.after) {
        (SortKey::Name, after) => {
            let after = after.and_then(|a| match a {
                After::Name(v, id) => Some((v, id)),
                _ => None,
            });
            keyset!(q, c::sort_name, query.descending, after)
        }
        (SortKey::MemberSince, after) => {
            let after = after.and_then(|a| match a {
                After::MemberSince(v, id) => Some((v, id)),
                _ => None,
            });
            by_member_since(q, query.descending, after)
        }
        (SortKey::UpdatedAt, after) => {
            let after = after.and_then(|a| match a {
                After::UpdatedAt(v, id) => Some((v, id)),
                _ => None,
            });
            keyset!(q, c::updated_at, query.descending, after)
        }
    };
    q.select(CooperativeRow::as_select())
        .limit(query.limit)
        .load_list(conn)
        .await
}
