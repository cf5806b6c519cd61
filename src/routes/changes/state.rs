//! A change's recorded row as the API shows the resource: the state in the feed has the
//! schema of the resource's `GET`. The triggers record rows (`to_jsonb`), whose keys are the
//! columns, which are the row structs' fields; each type goes through its row and view.
//!
//! A migration that adds a column without a default to one of these tables must give the
//! recorded states of that type the new key too, or they no longer read back.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::db;
use crate::domain::change::ResourceType;
use crate::error::ApiError;
use crate::routes::{
    agreements::views::{Agreement, Transition},
    board::views::BoardTerm,
    cooperatives::views::Cooperative,
    enrollments::views::Enrollment,
    events::views::{Event, Participation, Presentation},
    membership::views::MembershipCount,
    partners::views::Partner,
    plan::{
        measurements::views::Measurement, objectives::views::Objective,
        orientations::views::Orientation, plans::views::StrategicPlan,
    },
    projects::views::{Funder, Project, ProjectTransition},
    representations::views::{Representation, Request},
};

fn through<R: DeserializeOwned, V: From<R> + Serialize>(row: Value) -> Result<Value, ApiError> {
    let row: R = serde_json::from_value(row).map_err(ApiError::internal)?;
    serde_json::to_value(V::from(row)).map_err(ApiError::internal)
}

/// The resource as the API shows it, from its recorded row.
pub fn view(resource_type: ResourceType, row: Value) -> Result<Value, ApiError> {
    use ResourceType as T;
    match resource_type {
        T::Cooperative => through::<db::cooperatives::CooperativeRow, Cooperative>(row),
        T::MembershipCount => through::<db::membership::CountRow, MembershipCount>(row),
        T::StrategicPlan => through::<db::plans::PlanRow, StrategicPlan>(row),
        T::Orientation => through::<db::plans::OrientationRow, Orientation>(row),
        T::Objective => through::<db::objectives::ObjectiveRow, Objective>(row),
        T::Measurement => through::<db::objectives::MeasurementRow, Measurement>(row),
        T::Partner => through::<db::partners::PartnerRow, Partner>(row),
        T::ServiceAgreement => through::<db::agreements::AgreementRow, Agreement>(row),
        T::AgreementTransition => through::<db::transitions::TransitionRow, Transition>(row),
        T::Enrollment => through::<db::enrollments::EnrollmentRow, Enrollment>(row),
        T::Event => through::<db::events::EventRow, Event>(row),
        T::EventParticipation => through::<db::events::ParticipationRow, Participation>(row),
        T::EventPresentation => through::<db::events::PresentationRow, Presentation>(row),
        T::Project => through::<db::projects::ProjectRow, Project>(row),
        T::ProjectTransition => {
            through::<db::projects::ProjectTransitionRow, ProjectTransition>(row)
        }
        T::ProjectFunder => through::<db::projects::FunderRow, Funder>(row),
        T::Representation => through::<db::representations::RepresentationRow, Representation>(row),
        T::RepresentationRequest => through::<db::representations::RequestRow, Request>(row),
        T::BoardTerm => through::<db::board::BoardTermRow, BoardTerm>(row),
        // Not in the feed (see `ResourceType::followable_by`).
        T::ApiClient | T::WebhookSubscription => Err(ApiError::internal(format!(
            "{resource_type} is not in the change feed"
        ))),
    }
}
