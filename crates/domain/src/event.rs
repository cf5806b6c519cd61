//! An event of the federation and what a client may write about it: the event itself, a
//! co-op's participation, a presentation. Attendance has three sources that are never
//! mixed up (see [`AttendanceSource`]).

use crate::i18n::msg;
use chrono::NaiveDate;
use serde_json::{Map, Value};

use diesel::prelude::{AsChangeset, Insertable};
use utoipa::ToSchema;

use super::FieldError;
use super::fields::{self, Fields};
use super::ids::{CooperativeId, PartnerId, ProjectId};
use super::patch::merge_patch;
use super::profile::{Whole, profile};
use super::text::{Line, Name, Text};
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

/// Headcounts a document may state.
type Headcount<const MIN: i64> = Whole<MIN, 100_000>;

profile! {
    /// A new event.
    #[derive(Debug, Clone, PartialEq, Eq, ToSchema, Insertable, AsChangeset)]
    #[schema(as = EventInput, example = json!({
        "title": "Journée nationale des coopératives de santé",
        "kind": "national_day",
        "starts_on": "2020-03-04",
        "municipality": "Trois-Rivières",
        "approximate_representatives": 15,
        "attendance_note": "une quinzaine de représentants de coopératives membres"
    }))]
    #[diesel(table_name = crate::schema::events, treat_none_as_null = true)]
    pub struct EventProfile {
        /// 1–200 characters; unique per start date.
        #[schema(value_type = String, min_length = 1, max_length = 200)]
        pub title: Name,
        pub kind: EventKind,
        pub starts_on: NaiveDate,
        /// Not before `starts_on`.
        pub ends_on: Option<NaiveDate>,
        #[schema(value_type = Option<String>, max_length = 100)]
        pub municipality: Option<Line<100>>,
        #[schema(value_type = Option<String>, max_length = 5000)]
        pub description: Option<Text<5000>>,
        /// 0–100000: an exact total reported without the co-ops' names.
        #[schema(value_type = Option<i32>, minimum = 0, maximum = 100000)]
        pub reported_representatives: Option<Headcount<0>>,
        /// 0–100000, at most `reported_representatives`.
        #[schema(value_type = Option<i32>, minimum = 0, maximum = 100000)]
        pub reported_cooperatives: Option<Headcount<0>>,
        /// 1–100000: an estimate ("about fifteen"); not with `reported_representatives`.
        #[schema(value_type = Option<i32>, minimum = 1, maximum = 100000)]
        pub approximate_representatives: Option<Headcount<1>>,
        #[schema(value_type = Option<String>, max_length = 500)]
        pub attendance_note: Option<Text<500>>,
    }
    read_only: [
        "id",
        "attendance_source",
        "attendance_representatives",
        "attendance_cooperatives",
        "attendance_approximate",
        "created_at",
        "updated_at",
        "version",
    ];
    check(EventDraft): EventDraft::check;
}

impl EventDraft {
    fn check(&self, f: &mut Fields) {
        if let (Some(start), Some(Some(end))) = (self.starts_on, self.ends_on)
            && end < start
        {
            f.error(
                "ends_on",
                Invalid::new("date_order", msg!("not-before", other = "starts_on")),
            );
        }
        if let (Some(Some(_)), Some(Some(_))) = (
            self.reported_representatives,
            self.approximate_representatives,
        ) {
            f.error(
                "approximate_representatives",
                Invalid::new("exclusive", msg!("event-head-count-exclusive")),
            );
        }
        if let (Some(Some(reps)), Some(Some(coops))) =
            (self.reported_representatives, self.reported_cooperatives)
            && coops.get() > reps.get()
        {
            f.error(
                "reported_cooperatives",
                Invalid::new("too_many", msg!("event-more-coops-than-representatives")),
            );
        }
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

profile! {
    /// A presentation to record.
    #[derive(Debug, Clone, PartialEq, Eq, ToSchema, Insertable, AsChangeset)]
    #[schema(as = PresentationInput, example = json!({
        "title": "L'application de télémédecine Akira",
        "presenter_name": "Pascale Beauchemin",
        "presenter_role": "Représentante, Akira",
        "partner_id": "01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0b1f"
    }))]
    #[diesel(table_name = crate::schema::event_presentations, treat_none_as_null = true)]
    pub struct PresentationProfile {
        /// 1–500 characters, one line; unique per event.
        #[schema(value_type = String, min_length = 1, max_length = 500)]
        pub title: Line<500>,
        #[schema(value_type = Option<String>, max_length = 200)]
        pub presenter_name: Option<Name>,
        /// The presenter's role and organisation.
        #[schema(value_type = Option<String>, max_length = 200)]
        pub presenter_role: Option<Name>,
        /// An existing partner (422 otherwise).
        pub partner_id: Option<PartnerId>,
        /// An existing project (422 otherwise).
        pub project_id: Option<ProjectId>,
    }
    read_only: ["id", "event_id", "created_at", "updated_at", "version"];
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::Profile;

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
