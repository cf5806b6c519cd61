//! A project or study of the federation: what a client may write. Its status changes only
//! through transitions: see [`super::lifecycle`].

use crate::i18n::msg;
use chrono::NaiveDate;
use diesel::prelude::{AsChangeset, Insertable};
use utoipa::ToSchema;

use super::contact::Website;
use super::fields::Fields;
use super::ids::{ObjectiveId, OrientationId, PartnerId};
use super::profile::{Whole, profile};
use super::text::{Line, Text};
use super::{Invalid, text_enum};

pub use super::lifecycle::ProjectStatus;

text_enum! {
    /// What the project is.
    pub enum ProjectKind {
        Study = "study",
        Guide = "guide",
        ServiceDeployment = "service_deployment",
        Committee = "committee",
        Planning = "planning",
        Other = "other",
    }
}

const OUTCOMES_MAX: usize = 50;

profile! {
    /// A new project; it starts as `planned`.
    #[derive(Debug, Clone, PartialEq, Eq, ToSchema, Insertable, AsChangeset)]
    #[schema(as = ProjectInput, example = json!({
        "title": "Étude de préfaisabilité sur la coordination des soins aux proches aidants",
        "kind": "study",
        "objective": "Évaluer la possibilité de développer une offre de services pour les proches aidants, dans les coopératives de santé.",
        "expected_outcomes": ["Augmentation du membership"],
        "public": true
    }))]
    #[diesel(table_name = crate::schema::projects, treat_none_as_null = true)]
    pub struct ProjectProfile {
        /// 1–300 characters, one line, unique.
        #[schema(value_type = String, min_length = 1, max_length = 300)]
        pub title: Line<300>,
        pub kind: ProjectKind,
        #[schema(value_type = Option<String>, max_length = 5000)]
        pub objective: Option<Text<5000>>,
        #[schema(value_type = Option<String>, max_length = 5000)]
        pub context: Option<Text<5000>>,
        /// Up to 50 lines of up to 1000 characters.
        #[schema(value_type = Option<Vec<String>>)]
        pub expected_outcomes: Vec<Line<1000>>,
        pub started_on: Option<NaiveDate>,
        /// Not before `started_on`.
        pub completed_on: Option<NaiveDate>,
        /// An http(s) URL.
        #[schema(value_type = Option<String>, max_length = 2000)]
        pub document_url: Option<Website>,
        /// Existing orientations (422 otherwise).
        #[schema(value_type = Option<Vec<OrientationId>>)]
        pub orientation_ids: Vec<OrientationId>,
        /// Existing objectives (422 otherwise).
        #[schema(value_type = Option<Vec<ObjectiveId>>)]
        pub objective_ids: Vec<ObjectiveId>,
        /// Defaults to false.
        #[schema(value_type = Option<bool>)]
        pub public: bool = false,
    }
    read_only: ["id", "status", "created_at", "updated_at", "version"];
    check(ProjectDraft): ProjectDraft::check;
}

impl ProjectDraft {
    fn check(&self, f: &mut Fields) {
        if self
            .expected_outcomes
            .as_ref()
            .is_some_and(|o| o.len() > OUTCOMES_MAX)
        {
            f.error(
                "expected_outcomes",
                Invalid::new("length", msg!("outcomes-at-most", max = OUTCOMES_MAX)),
            );
        }
        if let (Some(Some(start)), Some(Some(end))) = (self.started_on, self.completed_on)
            && end < start
        {
            f.error(
                "completed_on",
                Invalid::new("date_order", msg!("not-before", other = "started_on")),
            );
        }
    }
}

profile! {
    /// A funder to record: a partner of kind `funder`, with the amount when known.
    #[derive(Debug, Clone, PartialEq, Eq, ToSchema)]
    #[schema(
        as = FunderInput,
        example = json!({"partner_id": "01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0b30", "amount": 25000})
    )]
    pub struct NewFunder {
        /// An existing partner of kind `funder` (422 otherwise).
        pub partner_id: PartnerId,
        /// 0–100000000 whole dollars; omit when not known.
        #[schema(value_type = Option<i32>, minimum = 0, maximum = 100000000)]
        pub amount: Option<Whole<0, 100_000_000>>,
    }
    read_only: ["id", "project_id", "created_at", "updated_at", "version"];
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::Profile;
    use serde_json::Value;

    #[test]
    fn every_invalid_field_of_a_project_is_named() {
        let map = |v: Value| v.as_object().cloned().unwrap();
        let errors = ProjectProfile::from_json(map(serde_json::json!({
            "kind": "party", "expected_outcomes": ["ok", 3], "started_on": "2020-02-01",
            "completed_on": "2020-01-01", "document_url": "ftp://x", "orientation_ids": ["x"],
            "status": "completed"
        })))
        .unwrap_err();
        let mut fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        fields.sort_unstable();
        assert_eq!(
            fields,
            [
                "completed_on",
                "document_url",
                "expected_outcomes[1]",
                "kind",
                "orientation_ids[0]",
                "status",
                "title"
            ]
        );
    }
}
