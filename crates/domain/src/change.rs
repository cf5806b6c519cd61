//! What the audit trail and the change feed say about a write.

use super::text_enum;
use crate::api_client::Binding;

text_enum! {
    /// The kind of resource a change is about (as in webhook event names,
    /// `cooperative.updated`).
    pub enum ResourceType {
        Cooperative = "cooperative",
        MembershipCount = "membership_count",
        StrategicPlan = "strategic_plan",
        Orientation = "orientation",
        Objective = "objective",
        Measurement = "measurement",
        Partner = "partner",
        ServiceAgreement = "service_agreement",
        AgreementTransition = "agreement_transition",
        Enrollment = "enrollment",
        Event = "event",
        EventParticipation = "event_participation",
        EventPresentation = "event_presentation",
        Project = "project",
        ProjectTransition = "project_transition",
        ProjectFunder = "project_funder",
        Representation = "representation",
        RepresentationRequest = "representation_request",
        BoardTerm = "board_term",
        ApiClient = "api_client",
        WebhookSubscription = "webhook_subscription",
    }
}

text_enum! {
    /// What a write did to a resource.
    pub enum ChangeAction {
        Created = "created",
        Updated = "updated",
        Deleted = "deleted",
    }
}

impl ResourceType {
    /// The types whose changes a role may follow in the feed: what it may read. API clients
    /// and webhook subscriptions are in the audit trail only.
    pub fn followable_by(binding: Binding) -> &'static [ResourceType] {
        use ResourceType::*;
        match binding {
            Binding::Admin | Binding::Reader => &[
                Cooperative,
                MembershipCount,
                StrategicPlan,
                Orientation,
                Objective,
                Measurement,
                Partner,
                ServiceAgreement,
                AgreementTransition,
                Enrollment,
                Event,
                EventParticipation,
                EventPresentation,
                Project,
                ProjectTransition,
                ProjectFunder,
                Representation,
                RepresentationRequest,
                BoardTerm,
            ],
            Binding::CoopManager(_) => &[Cooperative, MembershipCount, Enrollment],
            Binding::Partner(_) => &[Partner, ServiceAgreement, AgreementTransition, Enrollment],
        }
    }
}
