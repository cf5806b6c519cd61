//! A project or study of the federation: what a client may write. Its status changes only
//! through transitions: see [`super::lifecycle`].

use crate::i18n::msg;
use chrono::NaiveDate;
use serde_json::{Map, Value};

use super::FieldError;
use super::contact::Website;
use super::fields::{self, Fields};
use super::ids::{ObjectiveId, OrientationId, PartnerId};
use super::patch::merge_patch;
use super::text;
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

/// Every field a client may write on a project, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectProfile {
    pub title: String,
    pub kind: ProjectKind,
    pub objective: Option<String>,
    pub context: Option<String>,
    pub expected_outcomes: Vec<String>,
    pub started_on: Option<NaiveDate>,
    pub completed_on: Option<NaiveDate>,
    pub document_url: Option<String>,
    pub orientation_ids: Vec<OrientationId>,
    pub objective_ids: Vec<ObjectiveId>,
    pub public: bool,
}

pub const WRITABLE: &[&str] = &[
    "title",
    "kind",
    "objective",
    "context",
    "expected_outcomes",
    "started_on",
    "completed_on",
    "document_url",
    "orientation_ids",
    "objective_ids",
    "public",
];

pub const READ_ONLY: &[&str] = &["id", "status", "created_at", "updated_at", "version"];

const TEXT_MAX: usize = 5000;
const OUTCOMES_MAX: usize = 50;

fn profile(f: &mut Fields) -> Option<ProjectProfile> {
    let title = f.required("title", fields::string(|s| text::clean_line(s, 300)));
    let kind = f.required("kind", fields::string(ProjectKind::parse));
    let objective = f.optional("objective", fields::string(|s| text::clean(s, TEXT_MAX)));
    let context = f.optional("context", fields::string(|s| text::clean(s, TEXT_MAX)));
    let expected_outcomes = f.list(
        "expected_outcomes",
        fields::string(|s| text::clean_line(s, 1000)),
    );
    let started_on = f.optional("started_on", fields::date);
    let completed_on = f.optional("completed_on", fields::date);
    let document_url = f.optional("document_url", fields::string(Website::parse));
    let orientation_ids = f.list("orientation_ids", fields::id);
    let objective_ids = f.list("objective_ids", fields::id);
    let public = f.optional("public", fields::boolean);
    if expected_outcomes
        .as_ref()
        .is_some_and(|o| o.len() > OUTCOMES_MAX)
    {
        f.error(
            "expected_outcomes",
            Invalid::new("length", msg!("outcomes-at-most", max = OUTCOMES_MAX)),
        );
    }
    if let (Ok(Some(start)), Ok(Some(end))) = (started_on, completed_on)
        && end < start
    {
        f.error(
            "completed_on",
            Invalid::new("date_order", msg!("not-before", other = "started_on")),
        );
    }
    Some(ProjectProfile {
        title: title?,
        kind: kind?,
        objective: objective.ok()?,
        context: context.ok()?,
        expected_outcomes: expected_outcomes?,
        started_on: started_on.ok()?,
        completed_on: completed_on.ok()?,
        document_url: document_url.ok()?.map(Website::into_inner),
        orientation_ids: orientation_ids?,
        objective_ids: objective_ids?,
        public: public.ok()?.unwrap_or(false),
    })
}

impl ProjectProfile {
    pub fn from_json(map: Map<String, Value>) -> Result<Self, Vec<FieldError>> {
        let mut f = Fields::new(map, WRITABLE, READ_ONLY);
        match profile(&mut f) {
            Some(p) if !f.has_errors() => Ok(p),
            _ => Err(f.into_errors()),
        }
    }

    pub fn patched(
        current: Map<String, Value>,
        patch: Map<String, Value>,
    ) -> Result<Self, Vec<FieldError>> {
        merge_patch(current, patch, WRITABLE, READ_ONLY).validate(Self::from_json)
    }
}

/// A funder of a project: a partner of kind `funder`, with the amount when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFunder {
    pub partner_id: PartnerId,
    pub amount: Option<i32>,
}

pub const FUNDER_WRITABLE: &[&str] = &["partner_id", "amount"];
pub const FUNDER_READ_ONLY: &[&str] = &["id", "project_id", "created_at", "updated_at", "version"];

impl NewFunder {
    pub fn from_json(map: Map<String, Value>) -> Result<Self, Vec<FieldError>> {
        let mut f = Fields::new(map, FUNDER_WRITABLE, FUNDER_READ_ONLY);
        let partner_id = f.required("partner_id", fields::id);
        let amount = f.optional("amount", fields::whole(0, 100_000_000));
        match (partner_id, amount) {
            (Some(partner_id), Ok(amount)) if !f.has_errors() => Ok(Self { partner_id, amount }),
            _ => Err(f.into_errors()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
