//! A term on the federation's board: a person's name, an office, the co-op they come from
//! when known, and the dates when known. Names and offices only: no other personal data.

use crate::i18n::msg;
use chrono::NaiveDate;
use serde_json::{Map, Value};

use super::FieldError;
use super::fields::{self, Fields};
use super::ids::CooperativeId;
use super::patch::merge_patch;
use super::text::Name;
use super::{Invalid, text_enum};

text_enum! {
    /// The office held.
    pub enum Office {
        President = "president",
        VicePresident = "vice_president",
        Treasurer = "treasurer",
        Secretary = "secretary",
        Director = "director",
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoardTermProfile {
    pub person_name: Name,
    pub office: Office,
    pub cooperative_id: Option<CooperativeId>,
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    pub public: bool,
}

pub const WRITABLE: &[&str] = &[
    "person_name",
    "office",
    "cooperative_id",
    "from",
    "until",
    "public",
];
pub const READ_ONLY: &[&str] = &["id", "created_at", "updated_at", "version"];

impl BoardTermProfile {
    pub fn from_json(map: Map<String, Value>) -> Result<Self, Vec<FieldError>> {
        let mut f = Fields::new(map, WRITABLE, READ_ONLY);
        let person_name = f.required("person_name", fields::string(Name::parse));
        let office = f.required("office", fields::string(Office::parse));
        let cooperative_id = f.optional("cooperative_id", fields::id);
        let from = f.optional("from", fields::date);
        let until = f.optional("until", fields::date);
        let public = f.optional("public", fields::boolean);
        if let (Ok(Some(from)), Ok(Some(until))) = (from, until)
            && until < from
        {
            f.error(
                "until",
                Invalid::new("date_order", msg!("not-before", other = "from")),
            );
        }
        match (person_name, office, cooperative_id, from, until, public) {
            (
                Some(person_name),
                Some(office),
                Ok(cooperative_id),
                Ok(from),
                Ok(until),
                Ok(public),
            ) if !f.has_errors() => Ok(Self {
                person_name,
                office,
                cooperative_id,
                from,
                until,
                public: public.unwrap_or(false),
            }),
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
