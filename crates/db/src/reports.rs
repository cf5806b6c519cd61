//! Queries of the annual report: what the year's records hold, read in one snapshot (the
//! caller runs them in one REPEATABLE READ transaction). Each resource's own module keeps
//! its single-record queries; these read a whole year at once.

use chrono::NaiveDate;
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Date};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::agreements::AgreementRow;
use super::enrollments::EnrollmentRow;
use super::events::PresentationRow;
use super::plans::PlanRow;
use super::projects::{ProjectRow, ProjectTransitionRow};
use super::representations::{RepresentationRow, RequestRow};
use super::schema::agreement_transitions::dsl as at;
use super::schema::cooperatives::dsl as c;
use super::schema::enrollments::dsl as en;
use super::schema::event_presentations::dsl as s;
use super::schema::partners::dsl as pa;
use super::schema::project_funders::dsl as f;
use super::schema::project_transitions::dsl as t;
use super::schema::projects::dsl as p;
use super::schema::representation_requests::dsl as q;
use super::schema::representations::dsl as r;
use super::schema::service_agreements::dsl as a;
use super::schema::strategic_plans::dsl as sp;
use super::transitions::TransitionRow;
use crate::domain::ids::{
    AgreementId, CooperativeId, EventId, PartnerId, ProjectId, RepresentationId,
};

/// A co-op that joined or left, and when.
pub type Dated = (CooperativeId, String, NaiveDate);

/// Co-ops that joined the federation between `from` and `to` (inclusive), by date then name.
pub async fn joined(
    conn: &mut AsyncPgConnection,
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Vec<Dated>> {
    c::cooperatives
        .filter(c::member_since.between(from, to))
        .order((c::member_since.asc(), c::sort_name.asc(), c::id.asc()))
        .select((c::id, c::name, c::member_since.assume_not_null()))
        .load(conn)
        .await
}

/// Co-ops that left the federation between `from` and `to` (inclusive), by date then name.
pub async fn left(
    conn: &mut AsyncPgConnection,
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Vec<Dated>> {
    c::cooperatives
        .filter(c::left_on.between(from, to))
        .order((c::left_on.asc(), c::sort_name.asc(), c::id.asc()))
        .select((c::id, c::name, c::left_on.assume_not_null()))
        .load(conn)
        .await
}

#[derive(Debug, QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// How many co-ops that were members on `to` have no count dated `from`..=`to`: their
/// figure in the year-end statistics, if any, is older than the year.
pub async fn members_without_count_in(
    conn: &mut AsyncPgConnection,
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<i64> {
    let row: Count = diesel::sql_query(
        "SELECT count(*) AS n
           FROM cooperatives c
          WHERE c.member_since <= $2 AND (c.left_on IS NULL OR c.left_on > $2)
            AND NOT EXISTS (SELECT 1 FROM membership_counts mc
                             WHERE mc.cooperative_id = c.id AND mc.as_of BETWEEN $1 AND $2)",
    )
    .bind::<Date, _>(from)
    .bind::<Date, _>(to)
    .get_result(conn)
    .await?;
    Ok(row.n)
}

/// The names of these co-ops.
pub async fn cooperative_names(
    conn: &mut AsyncPgConnection,
    ids: &[CooperativeId],
) -> QueryResult<Vec<(CooperativeId, String)>> {
    c::cooperatives
        .filter(c::id.eq_any(ids))
        .select((c::id, c::name))
        .load(conn)
        .await
}

/// The names of these partners.
pub async fn partner_names(
    conn: &mut AsyncPgConnection,
    ids: &[PartnerId],
) -> QueryResult<Vec<(PartnerId, String)>> {
    pa::partners
        .filter(pa::id.eq_any(ids))
        .select((pa::id, pa::name))
        .load(conn)
        .await
}

/// The titles of these projects.
pub async fn project_titles(
    conn: &mut AsyncPgConnection,
    ids: &[ProjectId],
) -> QueryResult<Vec<(ProjectId, String)>> {
    p::projects
        .filter(p::id.eq_any(ids))
        .select((p::id, p::title))
        .load(conn)
        .await
}

/// The presentations of these events, in creation order.
pub async fn presentations(
    conn: &mut AsyncPgConnection,
    events: &[EventId],
) -> QueryResult<Vec<PresentationRow>> {
    s::event_presentations
        .filter(s::event_id.eq_any(events))
        .order(s::id.asc())
        .select(PresentationRow::as_select())
        .load(conn)
        .await
}

/// Projects whose recorded dates do not put them wholly outside `from`..=`to`: started by
/// `to` (or start not recorded) and not completed before `from` (or completion not
/// recorded), or with a transition in the year. By title.
pub async fn projects(
    conn: &mut AsyncPgConnection,
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Vec<ProjectRow>> {
    let moved_in_year = sql::<diesel::sql_types::Bool>(
        "EXISTS (SELECT 1 FROM project_transitions x WHERE x.project_id = projects.id \
         AND x.effective_on BETWEEN ",
    )
    .bind::<Date, _>(from)
    .sql(" AND ")
    .bind::<Date, _>(to)
    .sql(")");
    p::projects
        .filter(
            p::started_on
                .is_null()
                .or(p::started_on.assume_not_null().le(to))
                .and(
                    p::completed_on
                        .is_null()
                        .or(p::completed_on.assume_not_null().ge(from)),
                )
                .or(moved_in_year),
        )
        .order((p::title.asc(), p::id.asc()))
        .select(ProjectRow::as_select())
        .load(conn)
        .await
}

/// The transitions of these projects, in order for each.
pub async fn project_transitions(
    conn: &mut AsyncPgConnection,
    projects: &[ProjectId],
) -> QueryResult<Vec<ProjectTransitionRow>> {
    t::project_transitions
        .filter(t::project_id.eq_any(projects))
        .order((t::project_id, t::effective_on.asc(), t::recorded_at.asc()))
        .select(ProjectTransitionRow::as_select())
        .load(conn)
        .await
}

/// A project's funder: (project, partner, partner's name, amount).
pub type Funder = (ProjectId, PartnerId, String, Option<i32>);

/// The funders of these projects, by name.
pub async fn funders(
    conn: &mut AsyncPgConnection,
    projects: &[ProjectId],
) -> QueryResult<Vec<Funder>> {
    f::project_funders
        .inner_join(pa::partners)
        .filter(f::project_id.eq_any(projects))
        .order((pa::sort_name.asc(), f::id.asc()))
        .select((f::project_id, f::partner_id, pa::name, f::amount))
        .load(conn)
        .await
}

/// Every agreement with its partner's name, by title. (A federation has few; the report
/// decides from each one's history what it was during the year.)
pub async fn agreements(conn: &mut AsyncPgConnection) -> QueryResult<Vec<(AgreementRow, String)>> {
    a::service_agreements
        .inner_join(pa::partners)
        .order((a::title.asc(), a::id.asc()))
        .select((AgreementRow::as_select(), pa::name))
        .load(conn)
        .await
}

/// The transitions of these agreements, in order for each.
pub async fn agreement_transitions(
    conn: &mut AsyncPgConnection,
    agreements: &[AgreementId],
) -> QueryResult<Vec<TransitionRow>> {
    at::agreement_transitions
        .filter(at::agreement_id.eq_any(agreements))
        .order((
            at::agreement_id,
            at::effective_on.asc(),
            at::recorded_at.asc(),
        ))
        .select(TransitionRow::as_select())
        .load(conn)
        .await
}

/// Enrolments that overlap `from`..=`to`.
pub async fn enrollments(
    conn: &mut AsyncPgConnection,
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Vec<EnrollmentRow>> {
    en::enrollments
        .filter(en::starts_on.le(to))
        .filter(
            en::ends_on
                .is_null()
                .or(en::ends_on.assume_not_null().ge(from)),
        )
        .order((en::starts_on.asc(), en::id.asc()))
        .select(EnrollmentRow::as_select())
        .load(conn)
        .await
}

/// Plans whose period overlaps `from`..=`to` or that were adopted in it, by start.
pub async fn plans(
    conn: &mut AsyncPgConnection,
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Vec<PlanRow>> {
    sp::strategic_plans
        .filter(
            sp::period_start
                .le(to)
                .and(sp::period_end.ge(from))
                .or(sp::adopted_on.assume_not_null().between(from, to)),
        )
        .order((sp::period_start.asc(), sp::id.asc()))
        .select(PlanRow::as_select())
        .load(conn)
        .await
}

/// Representations filed or held in `from`..=`to`, and those with neither date recorded
/// (they cannot be placed in any year), by date then title.
pub async fn representations(
    conn: &mut AsyncPgConnection,
    from: NaiveDate,
    to: NaiveDate,
) -> QueryResult<Vec<RepresentationRow>> {
    r::representations
        .filter(
            r::filed_on
                .assume_not_null()
                .between(from, to)
                .or(r::held_on.assume_not_null().between(from, to))
                .or(r::filed_on.is_null().and(r::held_on.is_null())),
        )
        .order((
            r::filed_on.asc().nulls_last(),
            r::held_on.asc().nulls_last(),
            r::title.asc(),
            r::id.asc(),
        ))
        .select(RepresentationRow::as_select())
        .load(conn)
        .await
}

/// The requests of these representations, by number.
pub async fn requests(
    conn: &mut AsyncPgConnection,
    representations: &[RepresentationId],
) -> QueryResult<Vec<RequestRow>> {
    q::representation_requests
        .filter(q::representation_id.eq_any(representations))
        .order((q::representation_id, q::number.asc()))
        .select(RequestRow::as_select())
        .load(conn)
        .await
}
