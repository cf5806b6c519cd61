//! One id type per resource, so that a partner's id passed where a co-op's is expected is a
//! compile error rather than a wrong row. Each is a UUID on the wire (serde), in a path
//! (actix deserialises it), in a query and cursor, and in the database (diesel `Uuid`).

/// Declares `pub struct $name(Uuid)` with everything a resource id needs.
macro_rules! id_type {
    ($($(#[$meta:meta])* $name:ident = $what:literal;)+) => {$(
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
                 serde::Serialize, serde::Deserialize,
                 diesel::expression::AsExpression, diesel::deserialize::FromSqlRow)]
        #[serde(transparent)]
        #[diesel(sql_type = diesel::sql_types::Uuid)]
        pub struct $name(uuid::Uuid);

        impl $name {
            /// What this id names, as the API's messages say it ("no cooperative with this id").
            pub const RESOURCE: &'static str = $what;

            /// A new id: a UUID v7, time-ordered so that inserts stay at the end of the index.
            pub fn generate() -> Self {
                Self(uuid::Uuid::now_v7())
            }

            pub const fn from_uuid(id: uuid::Uuid) -> Self {
                Self(id)
            }

            pub const fn as_uuid(self) -> uuid::Uuid {
                self.0
            }
        }

        impl From<uuid::Uuid> for $name {
            fn from(id: uuid::Uuid) -> Self {
                Self(id)
            }
        }

        impl $crate::profile::FieldValue for $name {
            fn from_json(v: &serde_json::Value) -> Result<Self, $crate::Invalid> {
                $crate::fields::id(v)
            }
        }

        impl From<$name> for uuid::Uuid {
            fn from(id: $name) -> Self {
                id.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = uuid::Error;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                uuid::Uuid::parse_str(s).map(Self)
            }
        }

        impl diesel::deserialize::FromSql<diesel::sql_types::Uuid, diesel::pg::Pg> for $name {
            fn from_sql(bytes: diesel::pg::PgValue<'_>) -> diesel::deserialize::Result<Self> {
                <uuid::Uuid as diesel::deserialize::FromSql<diesel::sql_types::Uuid, diesel::pg::Pg>>::from_sql(bytes).map(Self)
            }
        }

        impl diesel::serialize::ToSql<diesel::sql_types::Uuid, diesel::pg::Pg> for $name {
            fn to_sql<'b>(&'b self, out: &mut diesel::serialize::Output<'b, '_, diesel::pg::Pg>) -> diesel::serialize::Result {
                <uuid::Uuid as diesel::serialize::ToSql<diesel::sql_types::Uuid, diesel::pg::Pg>>::to_sql(&self.0, out)
            }
        }

        // One named schema per id type, so that the spec says which resource an id names.
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .format(Some(SchemaFormat::KnownFormat(KnownFormat::Uuid)))
                    .description(Some(concat!("Identifies one ", $what, " (a UUID).")))
                    .into()
            }
        }

        impl utoipa::ToSchema for $name {}
    )+};
}

id_type! {
    /// A cooperative of the register.
    CooperativeId = "cooperative";
    /// One dated membership count of a co-op.
    MembershipCountId = "membership count";
    /// A strategic plan.
    PlanId = "strategic plan";
    /// An orientation of a strategic plan.
    OrientationId = "orientation";
    /// An objective of an orientation.
    ObjectiveId = "objective";
    /// A measurement of an objective's indicator.
    MeasurementId = "measurement";
    /// A partner of the federation.
    PartnerId = "partner";
    /// A service agreement with a partner.
    AgreementId = "service agreement";
    /// One step of a service agreement's life cycle.
    TransitionId = "transition";
    /// A co-op's enrolment in a service agreement.
    EnrollmentId = "enrolment";
    /// An outside system's credentials; also its OAuth `client_id`.
    ApiClientId = "API client";
    /// A webhook subscription.
    WebhookId = "webhook subscription";
    /// One change sent (or to send) to one webhook subscription.
    DeliveryId = "webhook delivery";
    /// An event of the federation (members' day, national day, AGM, committee …).
    EventId = "event";
    /// A co-op's attendance at an event.
    ParticipationId = "participation";
    /// A talk given at an event.
    PresentationId = "presentation";
    /// A project or study of the federation.
    ProjectId = "project";
    /// One step of a project's life cycle.
    ProjectTransitionId = "project transition";
    /// A partner's funding of a project.
    ProjectFunderId = "funder";
    /// A brief or meeting with an authority.
    RepresentationId = "representation";
    /// A numbered request of a representation.
    RequestId = "request";
    /// A term on the federation's board.
    BoardTermId = "board term";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_is_a_bare_uuid_in_json_and_paths() {
        let raw = "01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0b1d";
        let id: CooperativeId = serde_json::from_value(serde_json::json!(raw)).unwrap();
        assert_eq!(serde_json::to_value(id).unwrap(), serde_json::json!(raw));
        assert_eq!(raw.parse::<CooperativeId>().unwrap(), id);
        assert_eq!(id.to_string(), raw);
    }

    #[test]
    fn a_malformed_id_is_refused() {
        for bad in [
            "",
            "not-a-uuid",
            "01937a4c-5f6e-7c3a-9d1b",
            "01937a4c5f6e7c3a9d1b2f4e6a8c0b1dff",
        ] {
            assert!(bad.parse::<PartnerId>().is_err(), "{bad:?} was accepted");
            assert!(
                serde_json::from_value::<PartnerId>(serde_json::json!(bad)).is_err(),
                "{bad:?} was accepted from JSON"
            );
        }
    }

    #[test]
    fn new_ids_are_uuid_v7() {
        assert_eq!(AgreementId::generate().as_uuid().get_version_num(), 7);
    }
}
