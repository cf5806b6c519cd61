//! The demonstration data's SQL: marking what `coopsante seed --demo` created, and removing
//! all of it (and only it). Demo records are the co-ops and agreements marked `demo`, and
//! what hangs from them: counts and enrolments of demo co-ops, enrolments in and transitions
//! of demo agreements.

use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::schema::{cooperatives, enrollments, membership_counts, service_agreements};
use crate::domain::ids::{AgreementId, CooperativeId};

pub async fn any(conn: &mut AsyncPgConnection) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        cooperatives::table.filter(cooperatives::demo),
    ))
    .get_result(conn)
    .await
}

pub async fn mark_cooperatives(
    conn: &mut AsyncPgConnection,
    ids: &[CooperativeId],
) -> QueryResult<usize> {
    diesel::update(cooperatives::table.filter(cooperatives::id.eq_any(ids)))
        .set(cooperatives::demo.eq(true))
        .execute(conn)
        .await
}

pub async fn mark_agreement(conn: &mut AsyncPgConnection, id: AgreementId) -> QueryResult<usize> {
    diesel::update(service_agreements::table.find(id))
        .set(service_agreements::demo.eq(true))
        .execute(conn)
        .await
}

/// What a removal deleted.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Removed {
    pub cooperatives: usize,
    pub counts: usize,
    pub agreements: usize,
    pub enrollments: usize,
}

/// Deletes every demo record. A real record that points at a demo co-op (a participation,
/// a board term, an API client) makes it fail on its foreign key, deleting nothing: such a
/// record is not the demo's to remove.
pub async fn remove(conn: &mut AsyncPgConnection) -> QueryResult<Removed> {
    let demo_coops = cooperatives::table
        .filter(cooperatives::demo)
        .select(cooperatives::id);
    let demo_agreements = service_agreements::table
        .filter(service_agreements::demo)
        .select(service_agreements::id);
    let enrollments = diesel::delete(
        enrollments::table.filter(
            enrollments::cooperative_id
                .eq_any(demo_coops)
                .or(enrollments::agreement_id.eq_any(demo_agreements)),
        ),
    )
    .execute(conn)
    .await?;
    let counts = diesel::delete(
        membership_counts::table.filter(membership_counts::cooperative_id.eq_any(demo_coops)),
    )
    .execute(conn)
    .await?;
    // Transitions go with their agreement (ON DELETE CASCADE).
    let agreements = diesel::delete(service_agreements::table.filter(service_agreements::demo))
        .execute(conn)
        .await?;
    let cooperatives = diesel::delete(cooperatives::table.filter(cooperatives::demo))
        .execute(conn)
        .await?;
    Ok(Removed {
        cooperatives,
        counts,
        agreements,
        enrollments,
    })
}
