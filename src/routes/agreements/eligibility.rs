//! Is a co-op covered by an agreement on a date? What a partner's system asks.

use crate::i18n::msg;
use actix_web::{HttpResponse, get, web};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::scope;
use crate::auth::{Caller, Role};
use crate::db::cooperatives::CooperativeRow;
use crate::db::{self, DbPool, Resource};
use crate::domain::FieldError;
use crate::domain::fields::parse_id;
use crate::domain::ids::{AgreementId, CooperativeId, EnrollmentId};
use crate::domain::lifecycle::{AgreementStatus, Lifecycle};
use crate::error::{ApiError, ApiResult, OrNotFound};
use crate::routes::pagination::bad_query;
use crate::routes::today;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct EligibilityParams {
    /// The co-op to check (required; its absence is a 400 naming it).
    #[param(required = true, value_type = Uuid, example = "01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0b1d")]
    cooperative_id: Option<String>,
    /// The date to check (`YYYY-MM-DD`); defaults to today.
    #[param(value_type = Option<NaiveDate>, example = "2021-01-15")]
    on: Option<String>,
}

/// Why a co-op is, or is not, covered: `enrolled` (covered: enrolled on that date in an
/// agreement in force, as a member co-op), `unknown_cooperative` (no co-op has this id),
/// `agreement_not_active` (the agreement was not in force on that date, by its transition
/// history and its `starts_on`..`ends_on` dates), `cooperative_not_member` (the co-op was not
/// a member of the federation on that date), `not_enrolled` (no enrolment of the co-op in
/// the agreement covers that date).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EligibilityReason {
    /// Covered: enrolled on that date in an agreement in force, as a member co-op.
    Enrolled,
    /// No cooperative has this id.
    UnknownCooperative,
    /// The agreement was not in force on that date (by its transition history and its
    /// `starts_on`..`ends_on` dates).
    AgreementNotActive,
    /// The co-op was not a member of the federation on that date.
    CooperativeNotMember,
    /// The co-op had no enrolment covering that date.
    NotEnrolled,
}

/// The answer: covered or not, and why, as a code and a sentence.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "agreement_id": "01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0b2a",
    "cooperative_id": "01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0b1d",
    "on": "2021-01-15",
    "eligible": false,
    "reason": "not_enrolled",
    "message": "the cooperative has no enrolment in this agreement covering 2021-01-15",
    "agreement_status": "active",
    "enrollment_id": null
}))]
pub struct Eligibility {
    pub agreement_id: AgreementId,
    pub cooperative_id: CooperativeId,
    #[serde(serialize_with = "crate::routes::json_dates::day")]
    pub on: NaiveDate,
    pub eligible: bool,
    pub reason: EligibilityReason,
    pub message: String,
    /// The agreement's status on `on`, by its history.
    pub agreement_status: AgreementStatus,
    /// The enrolment that covers `on`, when eligible.
    pub enrollment_id: Option<EnrollmentId>,
}

/// Check a co-op's eligibility
///
/// Whether a co-op is covered by the agreement on a date (default today), and if not, why:
/// `unknown_cooperative`, `agreement_not_active`, `cooperative_not_member` or
/// `not_enrolled` (checked in this order); `enrolled` when covered. Visible to whoever may
/// read the agreement (404 otherwise); a co-op manager may ask about its own co-op only.
#[utoipa::path(
    tag = "service-agreements",
    params(("id" = Uuid, Path, description = "Agreement id"), EligibilityParams),
    responses(
        (status = 200, description = "The answer", body = Eligibility),
    ),
    security(("bearer" = ["admin", "reader", "coop_manager", "partner"]))
)]
#[get("/service-agreements/{id}/eligibility")]
pub async fn get_agreement_eligibility(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<AgreementId>,
    params: web::Query<EligibilityParams>,
) -> ApiResult<HttpResponse> {
    let p = params.into_inner();
    let mut errors = Vec::new();
    let cooperative_id = match p.cooperative_id {
        Some(raw) => parse_id(&raw)
            .map_err(|e| errors.push(FieldError::new("cooperative_id", e.code, e.message)))
            .ok(),
        None => {
            errors.push(FieldError::new(
                "cooperative_id",
                "required",
                msg!("required"),
            ));
            None
        }
    };
    let on = crate::routes::query::date(&mut errors, "on", p.on).unwrap_or_else(today);
    let Some(cooperative_id) = cooperative_id.filter(|_| errors.is_empty()) else {
        return Err(bad_query(errors));
    };
    let mut conn = db::conn(&pool).await?;
    let agreement = db::agreements::find_visible(&mut conn, id.into_inner(), scope(&caller))
        .await
        .or_404()?;
    if caller.role() == Role::CoopManager && !caller.manages(cooperative_id) {
        return Err(ApiError::Forbidden(msg!("coop-manager-own-eligibility")));
    }
    let history = db::transitions::history(&conn, agreement.id).await?;
    let lifecycle: Lifecycle<_> = history.iter().map(|t| t.step()).collect();
    let lifecycle = lifecycle.ending_on(agreement.ends_on);
    let agreement_status = lifecycle.status_on(on);
    let coop = CooperativeRow::find(&mut conn, cooperative_id).await?;
    let enrollment = db::enrollments::covering(&mut conn, agreement.id, cooperative_id, on).await?;
    let (reason, message) = match coop {
        None => (
            EligibilityReason::UnknownCooperative,
            "no cooperative has this id".to_owned(),
        ),
        Some(_) if !lifecycle.in_force(agreement.starts_on, on) => (
            EligibilityReason::AgreementNotActive,
            format!("the agreement was not in force on {on} (status: {agreement_status})"),
        ),
        Some(c)
            if !(c.member_since.is_some_and(|s| s <= on) && c.left_on.is_none_or(|l| on < l)) =>
        {
            (
                EligibilityReason::CooperativeNotMember,
                format!("the cooperative was not a member of the federation on {on}"),
            )
        }
        Some(_) if enrollment.is_none() => (
            EligibilityReason::NotEnrolled,
            format!("the cooperative has no enrolment in this agreement covering {on}"),
        ),
        Some(_) => (
            EligibilityReason::Enrolled,
            format!("the cooperative is enrolled in this agreement on {on}"),
        ),
    };
    let eligible = reason == EligibilityReason::Enrolled;
    Ok(HttpResponse::Ok().json(Eligibility {
        agreement_id: agreement.id,
        cooperative_id,
        on,
        eligible,
        reason,
        message,
        agreement_status,
        enrollment_id: enrollment.filter(|_| eligible).map(|e| e.id),
    }))
}
