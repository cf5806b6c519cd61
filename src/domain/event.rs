//! An event of the federation and what a client may write about it: the event itself, a
//! co-op's participation, a presentation. Attendance has three sources that are never
//! mixed up (see [`AttendanceSource`]).

use crate::i18n::msg;
use chrono::NaiveDate;
use serde_json::{Map, Value};

use super::FieldError;
use super::fields::{self, Fields};
use super::ids::{CooperativeId, PartnerId, ProjectId};
use super::patch::merge_patch;
use super::text::{self, Name};
use super::{Invalid, text_enum};

text_enum! {
    /// What kind of gathering it is.
    pub enum EventKind {
        Agm = "agm",
        MembersDay = "members_day",
        NationalDay = "national_day",
        Committee = "committee",
        Webinar = "webinar",
        Other = "other",
    }
}

text_enum! {
    /// Where an event's attendance figures come from: `participations` (the co-ops are known,
    /// one participation each), `reported` (totals a document states without naming the
    /// co-ops), `approximate` (an estimated head count such as "une quinzaine"), or `unknown`.
    pub enum AttendanceSource {
        Participations = "participations",
        Reported = "reported",
        Approximate = "approximate",
        Unknown = "unknown",
    }
}

/// The event's attendance, from the best source recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attendance {
    pub source: AttendanceSource,
    pub representatives: Option<i32>,
    pub cooperatives: Option<i32>,
    /// True when `representatives` is an estimate.
    pub approximate: bool,
}

/// Participations when there are any, else the reported totals, else the approximate head
/// count: an estimate is never presented as exact.
pub fn attendance(
    known: Option<(i32, i32)>,
    reported: (Option<i32>, Option<i32>),
    approximate: Option<i32>,
) -> Attendance {
    match (known, reported, approximate) {
        (Some((cooperatives, representatives)), _, _) if cooperatives > 0 => Attendance {
            source: AttendanceSource::Participations,
            representatives: Some(representatives),
            cooperatives: Some(cooperatives),
            approximate: false,
        },
        (_, (representatives, cooperatives), _)
            if representatives.is_some() || cooperatives.is_some() =>
        {
            Attendance {
                source: AttendanceSource::Reported,
                representatives,
                cooperatives,
                approximate: false,
            }
        }
        (_, _, Some(about)) => Attendance {
            source: AttendanceSource::Approximate,
            representatives: Some(about),
            cooperatives: None,
            approximate: true,
        },
        _ => Attendance {
            source: AttendanceSource::Unknown,
            representatives: None,
            cooperatives: None,
            approximate: false,
        },
    }
}

/// Every field a client may write on an event, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventProfile {
    pub title: Name,
    pub kind: EventKind,
    pub starts_on: NaiveDate,
    pub ends_on: Option<NaiveDate>,
    pub municipality: Option<String>,
    pub description: Option<String>,
    pub reported_representatives: Option<i32>,
    pub reported_cooperatives: Option<i32>,
    pub approximate_representatives: Option<i32>,
    pub attendance_note: Option<String>,
}

pub const WRITABLE: &[&str] = &[
    "title",
    "kind",
    "starts_on",
    "ends_on",
    "municipality",
    "description",
    "reported_representatives",
    "reported_cooperatives",
    "approximate_representatives",
    "attendance_note",
];

pub const READ_ONLY: &[&str] = &[
    "id",
    "attendance_source",
    "attendance_representatives",
    "attendance_cooperatives",
    "attendance_approximate",
    "created_at",
    "updated_at",
    "version",
];

pub const DESCRIPTION_MAX: usize = 5000;
pub const NOTE_MAX: usize = 500;
const HEADCOUNT_MAX: i64 = 100_000;

fn profile(f: &mut Fields) -> Option<EventProfile> {
    let title = f.required("title", fields::string(Name::parse));
    let kind = f.required("kind", fields::string(EventKind::parse));
    let starts_on = f.required("starts_on", fields::date);
    let ends_on = f.optional("ends_on", fields::date);
    let municipality = f.optional("municipality", fields::string(|s| text::clean_line(s, 100)));
    let description = f.optional(
        "description",
        fields::string(|s| text::clean(s, DESCRIPTION_MAX)),
    );
    let reported_representatives =
        f.optional("reported_representatives", fields::whole(0, HEADCOUNT_MAX));
    let reported_cooperatives =
        f.optional("reported_cooperatives", fields::whole(0, HEADCOUNT_MAX));
    let approximate_representatives = f.optional(
        "approximate_representatives",
        fields::whole(1, HEADCOUNT_MAX),
    );
    let attendance_note = f.optional(
        "attendance_note",
        fields::string(|s| text::clean(s, NOTE_MAX)),
    );
    if let (Some(start), Ok(Some(end))) = (starts_on, ends_on)
        && end < start
    {
        f.error(
            "ends_on",
            Invalid::new("date_order", msg!("not-before", other = "starts_on")),
        );
    }
    if let (Ok(Some(_)), Ok(Some(_))) = (reported_representatives, approximate_representatives) {
        f.error(
            "approximate_representatives",
            Invalid::new("exclusive", msg!("event-head-count-exclusive")),
        );
    }
    if let (Ok(Some(reps)), Ok(Some(coops))) = (reported_representatives, reported_cooperatives)
        && coops > reps
    {
        f.error(
            "reported_cooperatives",
            Invalid::new("too_many", msg!("event-more-coops-than-representatives")),
        );
    }
    Some(EventProfile {
        title: title?,
        kind: kind?,
        starts_on: starts_on?,
        ends_on: ends_on.ok()?,
        municipality: municipality.ok()?,
        description: description.ok()?,
        reported_representatives: reported_representatives.ok()?,
        reported_cooperatives: reported_cooperatives.ok()?,
        approximate_representatives: approximate_representatives.ok()?,
        attendance_note: attendance_note.ok()?,
    })
}

impl EventProfile {
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

/// A co-op's participation in an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewParticipation {
    pub cooperative_id: CooperativeId,
    pub representatives: i32,
}

pub const PARTICIPATION_WRITABLE: &[&str] = &["cooperative_id", "representatives"];
pub const PARTICIPATION_READ_ONLY: &[&str] =
    &["id", "event_id", "created_at", "updated_at", "version"];
const PARTICIPATION_READ_ONLY_ON_PATCH: &[&str] = &[
    "id",
    "event_id",
    "cooperative_id",
    "created_at",
    "updated_at",
    "version",
];

fn representatives(f: &mut Fields) -> Option<i32> {
    f.required("representatives", fields::whole(1, 1000))
}

impl NewParticipation {
    pub fn from_json(map: Map<String, Value>) -> Result<Self, Vec<FieldError>> {
        let mut f = Fields::new(map, PARTICIPATION_WRITABLE, PARTICIPATION_READ_ONLY);
        let cooperative_id = f.required("cooperative_id", fields::id);
        let representatives = representatives(&mut f);
        match (cooperative_id, representatives) {
            (Some(cooperative_id), Some(representatives)) if !f.has_errors() => Ok(Self {
                cooperative_id,
                representatives,
            }),
            _ => Err(f.into_errors()),
        }
    }

    /// The number of representatives after a merge patch (the co-op never changes).
    pub fn patched(
        current: Map<String, Value>,
        patch: Map<String, Value>,
    ) -> Result<i32, Vec<FieldError>> {
        let writable = &PARTICIPATION_WRITABLE[1..];
        merge_patch(current, patch, writable, PARTICIPATION_READ_ONLY_ON_PATCH).validate(|doc| {
            let mut f = Fields::new(doc, writable, PARTICIPATION_READ_ONLY_ON_PATCH);
            match representatives(&mut f) {
                Some(n) if !f.has_errors() => Ok(n),
                _ => Err(f.into_errors()),
            }
        })
    }
}

/// A talk at an event: what, by whom, on behalf of which partner or about which project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresentationProfile {
    pub title: String,
    pub presenter_name: Option<Name>,
    pub presenter_role: Option<Name>,
    pub partner_id: Option<PartnerId>,
    pub project_id: Option<ProjectId>,
}

pub const PRESENTATION_WRITABLE: &[&str] = &[
    "title",
    "presenter_name",
    "presenter_role",
    "partner_id",
    "project_id",
];
pub const PRESENTATION_READ_ONLY: &[&str] =
    &["id", "event_id", "created_at", "updated_at", "version"];

impl PresentationProfile {
    pub fn from_json(map: Map<String, Value>) -> Result<Self, Vec<FieldError>> {
        let mut f = Fields::new(map, PRESENTATION_WRITABLE, PRESENTATION_READ_ONLY);
        let title = f.required("title", fields::string(|s| text::clean_line(s, 500)));
        let presenter_name = f.optional("presenter_name", fields::string(Name::parse));
        let presenter_role = f.optional("presenter_role", fields::string(Name::parse));
        let partner_id = f.optional("partner_id", fields::id);
        let project_id = f.optional("project_id", fields::id);
        match (
            title,
            presenter_name,
            presenter_role,
            partner_id,
            project_id,
        ) {
            (
                Some(title),
                Ok(presenter_name),
                Ok(presenter_role),
                Ok(partner_id),
                Ok(project_id),
            ) if !f.has_errors() => Ok(Self {
                title,
                presenter_name,
                presenter_role,
                partner_id,
                project_id,
            }),
            _ => Err(f.into_errors()),
        }
    }

    pub fn patched(
        current: Map<String, Value>,
        patch: Map<String, Value>,
    ) -> Result<Self, Vec<FieldError>> {
        merge_patch(
            current,
            patch,
            PRESENTATION_WRITABLE,
            PRESENTATION_READ_ONLY,
        )
        .validate(Self::from_json)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn object(v: Value) -> Map<String, Value> {
        v.as_object().cloned().expect("an object")
    }

    fn refused(result: Result<impl Sized, Vec<FieldError>>) -> Vec<String> {
        result
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| e.field)
            .collect()
    }

    #[test]
    fn every_invalid_field_of_an_event_is_named() {
        let valid = serde_json::json!({"title": "Journée nationale", "kind": "national_day",
                                       "starts_on": "2020-03-04"});
        // (changes to a valid event, the fields refused)
        let cases: &[(Value, &[&str])] = &[
            (serde_json::json!({}), &[]),
            (serde_json::json!({"approximate_representatives": 15}), &[]),
            (
                serde_json::json!({"reported_representatives": 17, "reported_cooperatives": 12}),
                &[],
            ),
            (
                serde_json::json!({"reported_representatives": 15, "approximate_representatives": 15}),
                &["approximate_representatives"],
            ),
            (
                serde_json::json!({"reported_representatives": 3, "reported_cooperatives": 12}),
                &["reported_cooperatives"],
            ),
            (
                serde_json::json!({"approximate_representatives": 0}),
                &["approximate_representatives"],
            ),
            (
                serde_json::json!({"reported_representatives": 1.5}),
                &["reported_representatives"],
            ),
            (serde_json::json!({"ends_on": "2020-03-03"}), &["ends_on"]),
            (
                serde_json::json!({"starts_on": "1899-12-31"}),
                &["starts_on"],
            ),
            (
                serde_json::json!({"kind": "party", "title": "a\u{0}b"}),
                &["title", "kind"],
            ),
            (
                serde_json::json!({"attendance_source": "reported"}),
                &["attendance_source"],
            ),
        ];
        for (changes, fields) in cases {
            let mut body = valid.clone();
            json_patch::merge(&mut body, changes);
            assert_eq!(
                refused(EventProfile::from_json(object(body))),
                *fields,
                "{changes}"
            );
        }
    }

    #[test]
    fn attendance_prefers_participations_then_reported_totals_then_an_estimate() {
        let a = attendance(Some((3, 5)), (Some(17), Some(12)), None);
        assert_eq!(
            (a.source, a.representatives, a.cooperatives),
            (AttendanceSource::Participations, Some(5), Some(3))
        );
        let r = attendance(Some((0, 0)), (Some(17), Some(12)), None);
        assert_eq!(
            (r.source, r.representatives, r.cooperatives, r.approximate),
            (AttendanceSource::Reported, Some(17), Some(12), false)
        );
        let e = attendance(None, (None, None), Some(15));
        assert_eq!(
            (e.source, e.representatives, e.approximate),
            (AttendanceSource::Approximate, Some(15), true)
        );
        assert_eq!(
            attendance(None, (None, None), None).source,
            AttendanceSource::Unknown
        );
    }
}
