//! A brief or meeting with an authority, and its numbered requests: what a client may write.

use crate::i18n::msg;
use chrono::NaiveDate;
use serde_json::{Map, Value};

use diesel::prelude::{AsChangeset, Insertable};
use utoipa::ToSchema;

use super::FieldError;
use super::fields::{self, Fields};
use super::patch::merge_patch;
use super::profile::{Whole, profile};
use super::text::{self, Text};
use super::{Invalid, text_enum};

text_enum! {
    /// A brief filed (`filed_on`) or a meeting held (`held_on`).
    pub enum RepresentationKind {
        Brief = "brief",
        Meeting = "meeting",
    }
}

/// Every field a client may write on a representation, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepresentationProfile {
    pub title: String,
    pub kind: RepresentationKind,
    pub authority: String,
    pub consultation: Option<String>,
    pub filed_on: Option<NaiveDate>,
    pub held_on: Option<NaiveDate>,
    pub summary: Option<String>,
}

pub const WRITABLE: &[&str] = &[
    "title",
    "kind",
    "authority",
    "consultation",
    "filed_on",
    "held_on",
    "summary",
];
pub const READ_ONLY: &[&str] = &["id", "created_at", "updated_at", "version"];

impl RepresentationProfile {
    pub fn from_json(map: Map<String, Value>, today: NaiveDate) -> Result<Self, Vec<FieldError>> {
        let mut f = Fields::new(map, WRITABLE, READ_ONLY);
        let line = |max| fields::string(move |s| text::clean_line(s, max));
        let title = f.required("title", line(300));
        let kind = f.required("kind", fields::string(RepresentationKind::parse));
        let authority = f.required("authority", line(300));
        let consultation = f.optional("consultation", line(300));
        let filed_on = f.optional("filed_on", fields::date);
        let held_on = f.optional("held_on", fields::date);
        let summary = f.optional("summary", fields::string(|s| text::clean(s, 5000)));
        for (name, date) in [("filed_on", filed_on), ("held_on", held_on)] {
            if let Ok(Some(d)) = date
                && d > today
            {
                f.error(name, Invalid::new("future_date", msg!("future-date")));
            }
        }
        if kind == Some(RepresentationKind::Brief) && held_on.is_ok_and(|d| d.is_some()) {
            f.error("held_on", Invalid::new("kind", msg!("brief-is-filed")));
        }
        if kind == Some(RepresentationKind::Meeting) && filed_on.is_ok_and(|d| d.is_some()) {
            f.error("filed_on", Invalid::new("kind", msg!("meeting-is-held")));
        }
        match (
            title,
            kind,
            authority,
            consultation,
            filed_on,
            held_on,
            summary,
        ) {
            (
                Some(title),
                Some(kind),
                Some(authority),
                Ok(consultation),
                Ok(filed_on),
                Ok(held_on),
                Ok(summary),
            ) if !f.has_errors() => Ok(Self {
                title,
                kind,
                authority,
                consultation,
                filed_on,
                held_on,
                summary,
            }),
            _ => Err(f.into_errors()),
        }
    }

    pub fn patched(
        current: Map<String, Value>,
        patch: Map<String, Value>,
        today: NaiveDate,
    ) -> Result<Self, Vec<FieldError>> {
        merge_patch(current, patch, WRITABLE, READ_ONLY).validate(|doc| Self::from_json(doc, today))
    }
}

profile! {
    /// A request to record.
    #[derive(Debug, Clone, PartialEq, Eq, ToSchema, Insertable, AsChangeset)]
    #[schema(as = RequestInput, example = json!({"number": 2, "text": "Favoriser l'émergence de meilleures pratiques d'affaires dans les coopératives de santé."}))]
    #[diesel(table_name = crate::schema::representation_requests, treat_none_as_null = true)]
    pub struct RequestProfile {
        /// 1–1000, unique per representation.
        #[schema(value_type = i32, minimum = 1, maximum = 1000)]
        pub number: Whole<1, 1000>,
        #[schema(value_type = String, min_length = 1, max_length = 5000)]
        pub text: Text<5000>,
        #[schema(value_type = Option<String>, max_length = 5000)]
        pub outcome: Option<Text<5000>>,
    }
    read_only: ["id", "representation_id", "created_at", "updated_at", "version"];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_brief_is_filed_and_a_meeting_held_never_in_the_future() {
        let today: NaiveDate = "2020-11-05".parse().unwrap();
        let map = |v: Value| v.as_object().cloned().unwrap();
        let ok = RepresentationProfile::from_json(
            map(
                serde_json::json!({"title": "Mémoire", "kind": "brief", "authority": "ministère des Finances"}),
            ),
            today,
        );
        assert!(ok.is_ok());
        let errors = RepresentationProfile::from_json(
            map(
                serde_json::json!({"title": "Mémoire", "kind": "brief", "authority": "MEI",
                                   "held_on": "2020-01-01", "filed_on": "2021-01-01"}),
            ),
            today,
        )
        .unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["filed_on", "held_on"]);
    }
}
