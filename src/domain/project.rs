//! A project or study of the federation: what a client may write, and its life cycle:
//! planned → in_progress ⇄ paused → completed, and abandoned from any open status. The
//! status on any date follows from the dated history of transitions.

use crate::i18n::{Message, msg};
use chrono::NaiveDate;
use serde_json::{Map, Value};

use super::FieldError;
use super::contact::Website;
use super::fields::{self, Fields};
use super::ids::{ObjectiveId, OrientationId, PartnerId};
use super::patch::merge_patch;
use super::text;
use super::{Invalid, text_enum};

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

text_enum! {
    /// Where the project stands.
    pub enum ProjectStatus {
        Planned = "planned",
        InProgress = "in_progress",
        Completed = "completed",
        Paused = "paused",
        Abandoned = "abandoned",
    }
}

impl ProjectStatus {
    pub fn allowed_moves(self) -> &'static [ProjectStatus] {
        use ProjectStatus::*;
        match self {
            Planned => &[InProgress, Abandoned],
            InProgress => &[Paused, Completed, Abandoned],
            Paused => &[InProgress, Abandoned],
            Completed | Abandoned => &[],
        }
    }
}

/// One recorded change of status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    pub effective_on: NaiveDate,
    pub to: ProjectStatus,
}

/// The status on `on`: the last transition at or before it, `planned` before the first.
pub fn status_on(history: &[Step], on: NaiveDate) -> ProjectStatus {
    history
        .iter()
        .rev()
        .find(|s| s.effective_on <= on)
        .map_or(ProjectStatus::Planned, |s| s.to)
}

/// Why a transition cannot be recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MoveError {
    /// Not a move of the life cycle from the status on `effective_on` (409).
    Illegal {
        from: ProjectStatus,
        to: ProjectStatus,
    },
    /// Before the last recorded transition (422).
    BeforePrevious(NaiveDate),
}

impl MoveError {
    pub fn message(&self) -> Message {
        match self {
            MoveError::Illegal { from, to } => {
                let allowed: Vec<&str> = from.allowed_moves().iter().map(|s| s.as_str()).collect();
                // "none" is selected on in the messages.
                let allowed = if allowed.is_empty() {
                    "none".to_owned()
                } else {
                    allowed.join(", ")
                };
                msg!(
                    "project-illegal-move",
                    from = from.as_str(),
                    to = to.as_str(),
                    allowed = allowed
                )
            }
            MoveError::BeforePrevious(last) => {
                msg!("before-previous-transition", last = last.to_string())
            }
        }
    }
}

/// Checks a move to `to` on `effective_on`; returns the status it leaves.
pub fn check_move(
    history: &[Step],
    to: ProjectStatus,
    effective_on: NaiveDate,
) -> Result<ProjectStatus, MoveError> {
    if let Some(last) = history.last()
        && effective_on < last.effective_on
    {
        return Err(MoveError::BeforePrevious(last.effective_on));
    }
    let from = status_on(history, effective_on);
    if !from.allowed_moves().contains(&to) {
        return Err(MoveError::Illegal { from, to });
    }
    Ok(from)
}

/// A requested transition, validated on its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransitionRequest {
    pub to: ProjectStatus,
    pub reason: String,
    pub effective_on: NaiveDate,
}

impl TransitionRequest {
    /// `effective_on` defaults to `today` and may not be later.
    pub fn from_json(map: Map<String, Value>, today: NaiveDate) -> Result<Self, Vec<FieldError>> {
        let mut f = Fields::new(map, &["to", "reason", "effective_on"], &[]);
        let to = f.required("to", fields::string(ProjectStatus::parse));
        let reason = f.required("reason", fields::string(|s| text::clean(s, 2000)));
        let effective_on = f.optional("effective_on", fields::date);
        if let Ok(Some(on)) = effective_on
            && on > today
        {
            f.error(
                "effective_on",
                Invalid::new("future_date", msg!("future-date")),
            );
        }
        match (to, reason, effective_on) {
            (Some(to), Some(reason), Ok(on)) if !f.has_errors() => Ok(Self {
                to,
                reason,
                effective_on: on.unwrap_or(today),
            }),
            _ => Err(f.into_errors()),
        }
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
    use super::ProjectStatus::*;
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_project_may_pause_and_resume_but_not_reopen_once_closed() {
        let h = [
            Step {
                effective_on: d("2019-10-01"),
                to: InProgress,
            },
            Step {
                effective_on: d("2020-03-13"),
                to: Paused,
            },
        ];
        assert_eq!(status_on(&h, d("2019-09-30")), Planned);
        assert_eq!(status_on(&h, d("2020-03-13")), Paused);
        assert_eq!(check_move(&h, InProgress, d("2020-09-01")), Ok(Paused));
        assert_eq!(
            check_move(&h, Completed, d("2020-09-01")),
            Err(MoveError::Illegal {
                from: Paused,
                to: Completed
            })
        );
        assert_eq!(
            check_move(&h, Abandoned, d("2020-01-01")),
            Err(MoveError::BeforePrevious(d("2020-03-13")))
        );
        assert!(Completed.allowed_moves().is_empty() && Abandoned.allowed_moves().is_empty());
    }

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
