//! Queries on `service_agreements` (their history is in [`super::transitions`]).
//! Who may see an agreement is decided here, in the query ([`Scope`]): an agreement outside
//! the caller's scope is simply not found.

use crate::i18n::msg;
use chrono::{DateTime, NaiveDate, Utc};
use diesel::dsl::{exists, sql};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::sql_types::{Bool, Date};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::Constraint;
use super::list::{ListConn, LoadList};
use super::schema::enrollments::dsl as e;
use super::schema::service_agreements::{self, dsl as a};
use crate::domain::agreement::{AgreementProfile, Beneficiaries, Category, NewAgreement};
use crate::domain::ids::{AgreementId, CooperativeId, PartnerId};
use crate::domain::lifecycle::AgreementStatus;

pub const CONSTRAINTS: &[Constraint] = &[
    Constraint {
        name: "service_agreements_title_key",
        field: "title",
        message: || msg!("constraint-agreement-title"),
    },
    Constraint {
        name: "service_agreements_dates_order",
        field: "ends_on",
        message: || msg!("not-before", other = "starts_on"),
    },
    Constraint {
        name: "service_agreements_status_check",
        field: "status",
        message: || msg!("constraint-status"),
    },
];

/// Which agreements a caller may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Federation staff and readers.
    All,
    /// A partner: its own agreements only.
    Partner(PartnerId),
    /// A co-op's manager: agreements open to co-ops (active or suspended) and those the
    /// co-op is or was enrolled in.
    Cooperative(CooperativeId),
}

/// A stored agreement; `status` is the last recorded one (never `expired`).
#[derive(Debug, Clone, Queryable, Selectable, serde::Deserialize)]
#[diesel(table_name = service_agreements, check_for_backend(diesel::pg::Pg))]
pub struct AgreementRow {
    pub id: AgreementId,
    pub partner_id: PartnerId,
    pub title: String,
    pub category: Category,
    pub beneficiaries: Beneficiaries,
    pub terms: Option<String>,
    pub pricing: Option<String>,
    pub signed_on: Option<NaiveDate>,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    pub status: AgreementStatus,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
    /// Synthetic demonstration data (`coopsante seed --demo`); absent in records kept
    /// before it existed.
    #[serde(default)]
    pub demo: bool,
}

super::resource!(AgreementRow, service_agreements, AgreementId);

#[derive(Debug, Insertable, AsChangeset)]
#[diesel(table_name = service_agreements, treat_none_as_null = true)]
struct ProfileColumns {
    title: String,
    category: Category,
    beneficiaries: Beneficiaries,
    terms: Option<String>,
    pricing: Option<String>,
    signed_on: Option<NaiveDate>,
    starts_on: Option<NaiveDate>,
    ends_on: Option<NaiveDate>,
}

impl From<AgreementProfile> for ProfileColumns {
    fn from(p: AgreementProfile) -> Self {
        Self {
            title: p.title.into_inner(),
            category: p.category,
            beneficiaries: p.beneficiaries,
            terms: p.terms,
            pricing: p.pricing,
            signed_on: p.signed_on,
            starts_on: p.starts_on,
            ends_on: p.ends_on,
        }
    }
}

type Boxed<'a> = service_agreements::BoxedQuery<'a, Pg>;

fn scoped(q: Boxed<'_>, scope: Scope) -> Boxed<'_> {
    match scope {
        Scope::All => q,
        Scope::Partner(partner) => q.filter(a::partner_id.eq(partner)),
        Scope::Cooperative(coop) => q.filter(
            a::status
                .eq_any([AgreementStatus::Active, AgreementStatus::Suspended])
                .or(exists(
                    e::enrollments
                        .filter(e::agreement_id.eq(a::id))
                        .filter(e::cooperative_id.eq(coop)),
                )),
        ),
    }
}

pub async fn insert(conn: &mut AsyncPgConnection, new: NewAgreement) -> QueryResult<AgreementRow> {
    diesel::insert_into(service_agreements::table)
        .values((
            a::id.eq(AgreementId::generate()),
            a::partner_id.eq(new.partner_id),
            ProfileColumns::from(new.profile),
        ))
        .returning(AgreementRow::as_returning())
        .get_result(conn)
        .await
}

/// The agreement, if the scope lets the caller see it.
pub async fn find_visible(
    conn: &mut AsyncPgConnection,
    id: AgreementId,
    scope: Scope,
) -> QueryResult<Option<AgreementRow>> {
    scoped(a::service_agreements.into_boxed(), scope)
        .filter(a::id.eq(id))
        .select(AgreementRow::as_select())
        .first(conn)
        .await
        .optional()
}

/// The agreement of `partner_id` titled `title`, if any (the natural key).
pub async fn find_by_title(
    conn: &mut AsyncPgConnection,
    partner_id: PartnerId,
    title: &str,
) -> QueryResult<Option<AgreementRow>> {
    a::service_agreements
        .filter(a::partner_id.eq(partner_id))
        .filter(a::title.eq(title))
        .select(AgreementRow::as_select())
        .first(conn)
        .await
        .optional()
}

pub async fn update(
    conn: &mut AsyncPgConnection,
    id: AgreementId,
    profile: AgreementProfile,
) -> QueryResult<AgreementRow> {
    diesel::update(a::service_agreements.find(id))
        .set((
            ProfileColumns::from(profile),
            a::version.eq(a::version + 1),
            a::updated_at.eq(diesel::dsl::now),
        ))
        .returning(AgreementRow::as_returning())
        .get_result(conn)
        .await
}

#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub partner_id: Vec<PartnerId>,
    pub category: Vec<Category>,
    /// Statuses as seen on `today` (`expired` included).
    pub status: Vec<AgreementStatus>,
    /// In force on this date: active by the history, within `starts_on`..=`ends_on`.
    pub active_on: Option<NaiveDate>,
}

type Condition = Box<dyn BoxableExpression<service_agreements::table, Pg, SqlType = Bool>>;

/// The agreements whose status seen on `today` is `status`.
fn status_is(status: AgreementStatus, today: NaiveDate) -> Condition {
    let not_over = a::ends_on
        .is_null()
        .or(a::ends_on.assume_not_null().ge(today));
    match status {
        AgreementStatus::Active => Box::new(a::status.eq(status).and(not_over)),
        AgreementStatus::Expired => Box::new(
            a::status
                .eq(AgreementStatus::Active)
                .and(a::ends_on.assume_not_null().lt(today)),
        ),
        other => Box::new(a::status.eq(other)),
    }
}

/// In force on `on`: the last transition at or before `on` leads to `active`, and `on` is
/// within the agreement's dates.
fn in_force_on(on: NaiveDate) -> Condition {
    Box::new(
        sql::<Bool>(
            "(SELECT t.to_status FROM agreement_transitions t \
             WHERE t.agreement_id = service_agreements.id AND t.effective_on <= ",
        )
        .bind::<Date, _>(on)
        .sql(" ORDER BY t.effective_on DESC, t.id DESC LIMIT 1) IS NOT DISTINCT FROM 'active' AND (service_agreements.starts_on IS NULL OR service_agreements.starts_on <= ")
        .bind::<Date, _>(on)
        .sql(") AND (service_agreements.ends_on IS NULL OR service_agreements.ends_on >= ")
        .bind::<Date, _>(on)
        .sql(")"),
    )
}

/// Lists agreements in creation order (ids are time-ordered), after the id of the previous
/// page's last row.
pub async fn list(
    conn: &ListConn<'_>,
    scope: Scope,
    filter: &Filter,
    today: NaiveDate,
    after: Option<AgreementId>,
    limit: i64,
) -> QueryResult<Vec<AgreementRow>> {
    let mut q = scoped(a::service_agreements.into_boxed(), scope);
    if !filter.partner_id.is_empty() {
        q = q.filter(a::partner_id.eq_any(filter.partner_id.clone()));
    }
    if !filter.category.is_empty() {
        q = q.filter(a::category.eq_any(filter.category.clone()));
    }
    if let Some((first, rest)) = filter.status.split_first() {
        let any = rest.iter().fold(status_is(*first, today), |acc, s| {
            Box::new(acc.or(status_is(*s, today)))
        });
        q = q.filter(any);
    }
    if let Some(on) = filter.active_on {
        q = q.filter(in_force_on(on));
    }
    if let Some(id) = after {
        q = q.filter(a::id.gt(id));
    }
    q.order(a::id.asc())
        .select(AgreementRow::as_select())
        .limit(limit)
        .load_list(conn)
        .await
}
