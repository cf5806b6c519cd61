//! Queries on `enrollments`: which co-ops are enrolled in which agreements, and when.
//! Overlapping enrolments of one co-op in one agreement are refused by the database itself
//! (`enrollments_no_overlap`, an exclusion constraint on the date range).

use crate::i18n::msg;
use chrono::{DateTime, NaiveDate, Utc};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::Constraint;
use super::list::{ListConn, LoadList};
use super::schema::enrollments::{self, dsl as e};
use super::schema::service_agreements::dsl as a;
use crate::domain::cooperative::FederationStatus;
use crate::domain::enrollment::{EnrollmentProfile, NewEnrollment};
use crate::domain::ids::{AgreementId, CooperativeId, EnrollmentId, PartnerId};

pub const CONSTRAINTS: &[Constraint] = &[
    Constraint {
        name: "enrollments_no_overlap",
        field: "starts_on",
        message: || msg!("constraint-enrollment-overlap"),
    },
    Constraint {
        name: "enrollments_dates_order",
        field: "ends_on",
        message: || msg!("not-before", other = "starts_on"),
    },
    Constraint {
        name: "enrollments_people_covered_range",
        field: "people_covered",
        message: || msg!("not-negative"),
    },
];

#[derive(Debug, Clone, Queryable, Selectable, serde::Deserialize)]
#[diesel(table_name = enrollments, check_for_backend(diesel::pg::Pg))]
pub struct EnrollmentRow {
    pub id: EnrollmentId,
    pub agreement_id: AgreementId,
    pub cooperative_id: CooperativeId,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub people_covered: Option<i32>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

super::resource!(EnrollmentRow, enrollments, EnrollmentId);

#[derive(Debug, Insertable, AsChangeset)]
#[diesel(table_name = enrollments, treat_none_as_null = true)]
struct TermsColumns {
    starts_on: NaiveDate,
    ends_on: Option<NaiveDate>,
    people_covered: Option<i32>,
}

impl From<EnrollmentProfile> for TermsColumns {
    fn from(t: EnrollmentProfile) -> Self {
        Self {
            starts_on: t.starts_on,
            ends_on: t.ends_on,
            people_covered: t.people_covered,
        }
    }
}

pub async fn insert(
    conn: &mut AsyncPgConnection,
    agreement_id: AgreementId,
    new: NewEnrollment,
) -> QueryResult<EnrollmentRow> {
    diesel::insert_into(enrollments::table)
        .values((
            e::id.eq(EnrollmentId::generate()),
            e::agreement_id.eq(agreement_id),
            e::cooperative_id.eq(new.cooperative_id),
            TermsColumns::from(new.terms),
        ))
        .returning(EnrollmentRow::as_returning())
        .get_result(conn)
        .await
}

/// The enrolment `id` of agreement `agreement_id` (an enrolment is reached through its
/// agreement: under another agreement it does not exist).
pub async fn find_in(
    conn: &mut AsyncPgConnection,
    agreement_id: AgreementId,
    id: EnrollmentId,
) -> QueryResult<Option<EnrollmentRow>> {
    e::enrollments
        .filter(e::agreement_id.eq(agreement_id))
        .filter(e::id.eq(id))
        .select(EnrollmentRow::as_select())
        .first(conn)
        .await
        .optional()
}

/// [`find_in`], locked for the rest of the transaction.
pub async fn find_in_for_update(
    conn: &mut AsyncPgConnection,
    agreement_id: AgreementId,
    id: EnrollmentId,
) -> QueryResult<Option<EnrollmentRow>> {
    e::enrollments
        .filter(e::agreement_id.eq(agreement_id))
        .filter(e::id.eq(id))
        .select(EnrollmentRow::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

pub async fn update(
    conn: &mut AsyncPgConnection,
    id: EnrollmentId,
    terms: EnrollmentProfile,
) -> QueryResult<EnrollmentRow> {
    diesel::update(e::enrollments.find(id))
        .set((
            TermsColumns::from(terms),
            e::version.eq(e::version + 1),
            e::updated_at.eq(diesel::dsl::now),
        ))
        .returning(EnrollmentRow::as_returning())
        .get_result(conn)
        .await
}

/// The enrolment of `cooperative_id` in `agreement_id` that covers `on`, if any (at most
/// one can, since enrolments of a co-op in an agreement never overlap).
pub async fn covering(
    conn: &mut AsyncPgConnection,
    agreement_id: AgreementId,
    cooperative_id: CooperativeId,
    on: NaiveDate,
) -> QueryResult<Option<EnrollmentRow>> {
    e::enrollments
        .filter(e::agreement_id.eq(agreement_id))
        .filter(e::cooperative_id.eq(cooperative_id))
        .filter(e::starts_on.le(on))
        .filter(e::ends_on.is_null().or(e::ends_on.assume_not_null().ge(on)))
        .select(EnrollmentRow::as_select())
        .first(conn)
        .await
        .optional()
}

#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Enrolments in this agreement.
    pub agreement_id: Option<AgreementId>,
    /// Enrolments of this co-op.
    pub cooperative_id: Option<CooperativeId>,
    /// Enrolments in agreements of this partner only.
    pub partner_id: Option<PartnerId>,
    /// Enrolments covering this date.
    pub covering: Option<NaiveDate>,
}

/// Lists enrolments in creation order, after the id of the previous page's last row.
pub async fn list(
    conn: &ListConn<'_>,
    filter: &Filter,
    after: Option<EnrollmentId>,
    limit: i64,
) -> QueryResult<Vec<EnrollmentRow>> {
    let mut q: enrollments::BoxedQuery<'_, Pg> = e::enrollments.into_boxed();
    if let Some(id) = filter.agreement_id {
        q = q.filter(e::agreement_id.eq(id));
    }
    if let Some(id) = filter.cooperative_id {
        q = q.filter(e::cooperative_id.eq(id));
    }
    if let Some(partner) = filter.partner_id {
        q = q.filter(
            e::agreement_id.eq_any(
                a::service_agreements
                    .filter(a::partner_id.eq(partner))
                    .select(a::id),
            ),
        );
    }
    if let Some(on) = filter.covering {
        q = q
            .filter(e::starts_on.le(on))
            .filter(e::ends_on.is_null().or(e::ends_on.assume_not_null().ge(on)));
    }
    if let Some(id) = after {
        q = q.filter(e::id.gt(id));
    }
    q.order(e::id.asc())
        .select(EnrollmentRow::as_select())
        .limit(limit)
        .load_list(conn)
        .await
}

/// A co-op's standing in the federation, locked against change until the transaction ends
/// (so it cannot stop being a member while it is being enrolled).
pub async fn lock_cooperative(
    conn: &mut AsyncPgConnection,
    id: CooperativeId,
) -> QueryResult<Option<(FederationStatus, Option<NaiveDate>, Option<NaiveDate>)>> {
    use super::schema::cooperatives::dsl as c;
    c::cooperatives
        .find(id)
        .select((c::federation_status, c::member_since, c::left_on))
        .for_share()
        .first(conn)
        .await
        .optional()
}
