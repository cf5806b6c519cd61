//! A partner of the federation (a broker, an insurer, a service provider, a sponsor),
//! validated as a whole.

use serde_json::{Map, Value};

use super::FieldError;
use super::contact::{Email, Phone, Website};
use super::fields::{self, Fields};
use super::patch::merge_patch;
use super::text::{self, Name};
use super::text_enum;

text_enum! {
    /// What the partner is to the federation.
    pub enum PartnerKind {
        InsuranceBroker = "insurance_broker",
        Insurer = "insurer",
        Telemedicine = "telemedicine",
        Nutrition = "nutrition",
        Sponsor = "sponsor",
        Funder = "funder",
        Other = "other",
    }
}

/// Every field a client may write, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartnerProfile {
    pub name: Name,
    pub kind: PartnerKind,
    pub website: Option<Website>,
    pub contact_name: Option<Name>,
    pub contact_email: Option<Email>,
    pub contact_phone: Option<Phone>,
    /// Free text, several lines allowed.
    pub notes: Option<String>,
}

/// Fields a client may write, in the order the spec lists them.
pub const WRITABLE: &[&str] = &[
    "name",
    "kind",
    "website",
    "contact_name",
    "contact_email",
    "contact_phone",
    "notes",
];

/// Fields the server sets.
pub const READ_ONLY: &[&str] = &["id", "created_at", "updated_at", "version"];

pub const NOTES_MAX: usize = 5000;

impl PartnerProfile {
    pub fn from_json(map: Map<String, Value>) -> Result<Self, Vec<FieldError>> {
        let mut f = Fields::new(map, WRITABLE, READ_ONLY);
        let name = f.required("name", fields::string(Name::parse));
        let kind = f.required("kind", fields::string(PartnerKind::parse));
        let website = f.optional("website", fields::string(Website::parse));
        let contact_name = f.optional("contact_name", fields::string(Name::parse));
        let contact_email = f.optional("contact_email", fields::string(Email::parse));
        let contact_phone = f.optional("contact_phone", fields::string(Phone::parse));
        let notes = f.optional("notes", fields::string(|s| text::clean(s, NOTES_MAX)));
        if f.has_errors() {
            return Err(f.into_errors());
        }
        let (Some(name), Some(kind)) = (name, kind) else {
            unreachable!("a missing required field is always reported");
        };
        Ok(Self {
            name,
            kind,
            website: website.unwrap_or_default(),
            contact_name: contact_name.unwrap_or_default(),
            contact_email: contact_email.unwrap_or_default(),
            contact_phone: contact_phone.unwrap_or_default(),
            notes: notes.unwrap_or_default(),
        })
    }

    /// Applies a JSON merge patch to the stored partner and validates the result.
    pub fn patched(
        current: Map<String, Value>,
        patch: Map<String, Value>,
    ) -> Result<Self, Vec<FieldError>> {
        merge_patch(current, patch, WRITABLE, READ_ONLY).validate(Self::from_json)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn obj(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap()
    }

    #[test]
    fn every_invalid_field_is_reported_at_once() {
        let errors = PartnerProfile::from_json(obj(json!({
            "kind": "bank", "contact_email": "nope", "website": "sage.ca", "nmae": "x"
        })))
        .unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        for f in ["nmae", "name", "kind", "website", "contact_email"] {
            assert!(fields.contains(&f), "{f} in {fields:?}");
        }
    }

    #[test]
    fn a_patch_naming_a_read_only_field_is_refused() {
        let current = obj(json!({"name": "SOS Cuisine", "kind": "nutrition"}));
        let errors = PartnerProfile::patched(current, obj(json!({"version": 3}))).unwrap_err();
        assert_eq!(errors[0].code, "read_only");
    }
}
