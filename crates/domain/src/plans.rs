//! Strategic plans and their orientations, validated as a whole: a plan's period, its status
//! and adoption date, its statement of mission, vision and values.

use crate::i18n::msg;
use chrono::NaiveDate;
use serde_json::{Map, Value};

use super::FieldError;
use super::fields::{self, Fields};
use super::text::{Line, clean};
use super::{Invalid, text_enum};

text_enum! {
    /// Life cycle of a plan: drafted, adopted (by the board or the AGM), then closed.
    pub enum PlanStatus {
        Draft = "draft",
        Adopted = "adopted",
        Closed = "closed",
    }
}

impl PlanStatus {
    /// Plans move forward only: draft -> adopted -> closed.
    pub fn can_become(self, next: Self) -> bool {
        self <= next
    }
}

/// Multi-line free text (mission, descriptions): trimmed, NFC, at most `max` characters.
pub fn long_text(max: usize) -> impl Fn(&str) -> Result<String, Invalid> {
    move |raw| clean(raw, max)
}

/// The first and last days a plan covers (both included).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Period {
    pub fn contains(self, date: NaiveDate) -> bool {
        self.start <= date && date <= self.end
    }
}

/// Every field of a plan a client may write, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanProfile {
    pub title: Line<200>,
    pub period: Period,
    pub status: PlanStatus,
    pub adopted_on: Option<NaiveDate>,
    pub mission: Option<String>,
    pub vision: Option<String>,
    /// In the order given, without duplicates.
    pub values: Vec<String>,
}

pub const PLAN_WRITABLE: &[&str] = &[
    "title",
    "period_start",
    "period_end",
    "adopted_on",
    "status",
    "mission",
    "vision",
    "values",
];

/// Fields the server sets, on every resource of this module.
pub const READ_ONLY: &[&str] = &[
    "id",
    "plan_id",
    "orientation_id",
    "objective_id",
    "created_at",
    "updated_at",
    "version",
];

/// At most this many values, each one line of at most 100 characters.
pub const MAX_VALUES: usize = 20;

impl PlanProfile {
    pub fn from_json(map: Map<String, Value>, today: NaiveDate) -> Result<Self, Vec<FieldError>> {
        let mut f = Fields::new(map, PLAN_WRITABLE, READ_ONLY);
        let title = f.required("title", fields::string(Line::parse));
        let start = f.required("period_start", fields::date);
        let end = f.required("period_end", fields::date);
        let adopted_on = f.optional("adopted_on", fields::date);
        let status = f.optional("status", fields::string(PlanStatus::parse));
        let mission = f.optional("mission", fields::string(long_text(4000)));
        let vision = f.optional("vision", fields::string(long_text(4000)));
        let values = f.list("values", fields::string(Line::<100>::parse));

        let period = match (start, end) {
            (Some(start), Some(end)) if end > start => Some(Period { start, end }),
            (Some(_), Some(_)) => {
                f.error(
                    "period_end",
                    Invalid::new("date_order", msg!("must-be-after", other = "period_start")),
                );
                None
            }
            _ => None,
        };
        let status = status.map(|s| s.unwrap_or(PlanStatus::Draft));
        match (status, adopted_on) {
            (Ok(PlanStatus::Draft), Ok(Some(_))) => f.error(
                "adopted_on",
                Invalid::new("not_applicable", msg!("plan-adopted-on-draft")),
            ),
            (Ok(PlanStatus::Adopted | PlanStatus::Closed), Ok(None)) => f.error(
                "adopted_on",
                Invalid::new("required", msg!("plan-adopted-on-required")),
            ),
            (_, Ok(Some(day))) if day > today => f.error(
                "adopted_on",
                Invalid::new("future_date", msg!("future-date")),
            ),
            _ => {}
        }
        let values = values.map(|values| {
            let values: Vec<String> = values.into_iter().map(Line::into_inner).collect();
            if values.len() > MAX_VALUES {
                f.error(
                    "values",
                    Invalid::new("length", msg!("values-at-most", max = MAX_VALUES)),
                );
            }
            for (i, v) in values.iter().enumerate() {
                if values[..i].contains(v) {
                    f.error(
                        &format!("values[{i}]"),
                        Invalid::new("duplicate", msg!("listed-twice")),
                    );
                }
            }
            values
        });

        if f.has_errors() {
            return Err(f.into_errors());
        }
        let (
            Some(title),
            Some(period),
            Ok(status),
            Ok(adopted_on),
            Ok(mission),
            Ok(vision),
            Some(values),
        ) = (title, period, status, adopted_on, mission, vision, values)
        else {
            unreachable!("an invalid field is always reported");
        };
        Ok(Self {
            title,
            period,
            status,
            adopted_on,
            mission,
            vision,
            values,
        })
    }
}

/// [`super::patch::merge_patch`] with the read-only fields of plans and their parts.
pub fn merge_patch(
    current: Map<String, Value>,
    patch: Map<String, Value>,
    writable: &[&str],
) -> super::patch::Merged {
    super::patch::merge_patch(current, patch, writable, READ_ONLY)
}

/// An orientation of a plan. `number` is `None` on creation when the client lets the server
/// pick the next one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrientationProfile {
    pub number: Option<i32>,
    pub title: Line<300>,
    pub description: Option<String>,
}

pub const ORIENTATION_WRITABLE: &[&str] = &["number", "title", "description"];

fn orientation_number(v: &Value) -> Result<i32, Invalid> {
    match v.as_i64() {
        Some(n @ 1..=99) => Ok(i32::try_from(n).unwrap_or(1)),
        _ => Err(Invalid::new(
            "range",
            msg!("whole-number-between", min = 1, max = 99),
        )),
    }
}

impl OrientationProfile {
    pub fn from_json(map: Map<String, Value>) -> Result<Self, Vec<FieldError>> {
        let mut f = Fields::new(map, ORIENTATION_WRITABLE, READ_ONLY);
        let number = f.optional("number", orientation_number);
        let title = f.required("title", fields::string(Line::parse));
        let description = f.optional("description", fields::string(long_text(4000)));
        if f.has_errors() {
            return Err(f.into_errors());
        }
        let (Ok(number), Some(title), Ok(description)) = (number, title, description) else {
            unreachable!("an invalid field is always reported");
        };
        Ok(Self {
            number,
            title,
            description,
        })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn plan(body: Value) -> Result<PlanProfile, Vec<FieldError>> {
        PlanProfile::from_json(body.as_object().unwrap().clone(), day("2026-11-25"))
    }

    fn fields_of(r: Result<PlanProfile, Vec<FieldError>>) -> Vec<String> {
        r.unwrap_err().into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn a_minimal_plan_is_a_draft() {
        let p =
            plan(json!({"title": "P", "period_start": "2020-04-01", "period_end": "2023-03-31"}))
                .unwrap();
        assert_eq!(p.status, PlanStatus::Draft);
        assert!(p.values.is_empty());
    }

    #[test]
    fn adoption_needs_a_past_date_and_drafts_have_none() {
        let base = json!({"title": "P", "period_start": "2020-04-01", "period_end": "2023-03-31"});
        let with = |extra: Value| {
            let mut b = base.clone();
            json_patch::merge(&mut b, &extra);
            plan(b)
        };
        assert_eq!(
            fields_of(with(json!({"status": "adopted"}))),
            ["adopted_on"]
        );
        assert_eq!(
            fields_of(with(json!({"adopted_on": "2020-06-01"}))),
            ["adopted_on"]
        );
        assert_eq!(
            fields_of(with(
                json!({"status": "adopted", "adopted_on": "2027-01-01"})
            )),
            ["adopted_on"]
        );
        assert!(with(json!({"status": "closed", "adopted_on": "2020-06-01"})).is_ok());
    }

    #[test]
    fn edges_a_period_of_one_day_adoption_today_and_the_most_values() {
        let base = json!({"title": "P", "period_start": "2020-04-01", "period_end": "2020-04-01"});
        // A period must end after it starts: the same day is refused, the next one is not.
        assert_eq!(fields_of(plan(base.clone())), ["period_end"]);
        assert!(
            plan(json!({"title": "P", "period_start": "2020-04-01", "period_end": "2020-04-02"}))
                .is_ok()
        );
        // Adopted today (2026-11-25 here) is not in the future; tomorrow is.
        let adopted = |on: &str| {
            plan(
                json!({"title": "P", "period_start": "2020-04-01", "period_end": "2023-03-31",
                "status": "adopted", "adopted_on": on}),
            )
        };
        assert!(adopted("2026-11-25").is_ok());
        assert_eq!(fields_of(adopted("2026-11-26")), ["adopted_on"]);
        // Exactly MAX_VALUES values are accepted; one more is refused.
        let values = |n: usize| {
            let values: Vec<String> = (0..n).map(|i| format!("Valeur {i}")).collect();
            plan(
                json!({"title": "P", "period_start": "2020-04-01", "period_end": "2023-03-31",
                "values": values}),
            )
        };
        assert_eq!(values(MAX_VALUES).unwrap().values.len(), MAX_VALUES);
        assert_eq!(fields_of(values(MAX_VALUES + 1)), ["values"]);
    }

    #[test]
    fn duplicate_values_and_reversed_periods_are_refused() {
        let r = plan(
            json!({"title": "P", "period_start": "2023-01-01", "period_end": "2020-01-01",
            "values": ["Solidarité", "Solidarité"]}),
        );
        assert_eq!(fields_of(r), ["period_end", "values[1]"]);
    }

    #[test]
    fn plans_only_move_forward() {
        assert!(PlanStatus::Draft.can_become(PlanStatus::Adopted));
        assert!(PlanStatus::Adopted.can_become(PlanStatus::Closed));
        assert!(!PlanStatus::Closed.can_become(PlanStatus::Adopted));
        assert!(!PlanStatus::Adopted.can_become(PlanStatus::Draft));
    }
}
