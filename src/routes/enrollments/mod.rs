//! Enrolments of co-ops in service agreements, under both of their parents:
//! `/v1/service-agreements/{id}/enrollments` and `/v1/cooperatives/{id}/enrollments`.

mod create;
mod delete;
mod list;
mod read;
mod update;
pub mod views;

use crate::i18n::msg;
use actix_web::HttpResponse;
use chrono::NaiveDate;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::db::agreements::AgreementRow;
use crate::db::enrollments::EnrollmentRow;
use crate::domain::FieldError;
use crate::domain::enrollment::EnrollmentProfile;
use crate::error::ApiError;
use crate::routes::conditional::with_etag;
use views::Enrollment;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list::list_agreement_enrollments)
        .service(list::list_cooperative_enrollments)
        .service(create::create_enrollment)
        .service(read::get_enrollment)
        .service(update::update_enrollment)
        .service(delete::delete_enrollment);
}

/// An enrolment with its `ETag`.
fn respond(response: actix_web::HttpResponseBuilder, row: EnrollmentRow) -> HttpResponse {
    with_etag(response, row.version, Enrollment::from(row))
}

/// An enrolment must lie within the agreement's dates, where they are set.
fn check_within(agreement: &AgreementRow, terms: &EnrollmentProfile) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    let date = |d: Option<NaiveDate>| d.map_or_else(String::new, |d| d.to_string());
    if let Some(start) = agreement.starts_on
        && terms.starts_on < start
    {
        errors.push(FieldError::new(
            "starts_on",
            "outside_agreement",
            msg!("before-agreement-start", start = date(Some(start))),
        ));
    }
    if let Some(end) = agreement.ends_on {
        if terms.starts_on > end {
            errors.push(FieldError::new(
                "starts_on",
                "outside_agreement",
                msg!("after-agreement-end-date", end = end.to_string()),
            ));
        }
        if terms.ends_on.is_some_and(|e| e > end) {
            errors.push(FieldError::new(
                "ends_on",
                "outside_agreement",
                msg!("after-agreement-end-date", end = end.to_string()),
            ));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Validation(errors))
    }
}
