//! Queries on `agreement_transitions`: the history of each agreement's status.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::agreements::AgreementRow;
use super::schema::agreement_transitions::{self, dsl as t};
use super::schema::service_agreements::dsl as a;
use crate::domain::ids::{AgreementId, TransitionId};
use crate::domain::lifecycle::{AgreementStatus, Step};

/// One recorded change of status.
#[derive(Debug, Clone, Queryable, Selectable, serde::Deserialize)]
#[diesel(table_name = agreement_transitions, check_for_backend(diesel::pg::Pg))]
pub struct TransitionRow {
    pub id: TransitionId,
    pub agreement_id: AgreementId,
    pub from_status: AgreementStatus,
    pub to_status: AgreementStatus,
    pub reason: String,
    pub effective_on: NaiveDate,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
}

impl TransitionRow {
    pub fn step(&self) -> Step<AgreementStatus> {
        Step {
            effective_on: self.effective_on,
            to: self.to_status,
        }
    }
}

/// The agreement's history, oldest first.
pub async fn history(
    mut conn: &AsyncPgConnection,
    agreement_id: AgreementId,
) -> QueryResult<Vec<TransitionRow>> {
    t::agreement_transitions
        .filter(t::agreement_id.eq(agreement_id))
        .order((t::effective_on.asc(), t::id.asc()))
        .select(TransitionRow::as_select())
        .load(&mut conn)
        .await
}

pub struct NewTransition {
    pub from: AgreementStatus,
    pub to: AgreementStatus,
    pub reason: String,
    pub effective_on: NaiveDate,
    pub recorded_by: String,
}

/// Records a transition and makes its target the agreement's stored status.
pub async fn record(
    conn: &mut AsyncPgConnection,
    agreement_id: AgreementId,
    new: NewTransition,
) -> QueryResult<(TransitionRow, AgreementRow)> {
    let row = diesel::insert_into(agreement_transitions::table)
        .values((
            t::id.eq(TransitionId::generate()),
            t::agreement_id.eq(agreement_id),
            t::from_status.eq(new.from),
            t::to_status.eq(new.to),
            t::reason.eq(new.reason),
            t::effective_on.eq(new.effective_on),
            t::recorded_by.eq(new.recorded_by),
        ))
        .returning(TransitionRow::as_returning())
        .get_result(conn)
        .await?;
    let agreement = diesel::update(a::service_agreements.find(agreement_id))
        .set((
            a::status.eq(new.to),
            a::version.eq(a::version + 1),
            a::updated_at.eq(diesel::dsl::now),
        ))
        .returning(AgreementRow::as_returning())
        .get_result(conn)
        .await?;
    Ok((row, agreement))
}
