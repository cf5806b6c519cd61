//! A partner of the federation (a broker, an insurer, a service provider, a sponsor),
//! validated as a whole.

use diesel::prelude::{AsChangeset, Insertable};
use utoipa::ToSchema;

use super::contact::{Email, Phone, Website};
use super::profile::profile;
use super::text::{Name, Notes};
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

profile! {
    /// A new partner. Unknown fields are refused by name; text is trimmed and stored in NFC.
    #[derive(Debug, Clone, PartialEq, Eq, ToSchema, Insertable, AsChangeset)]
    #[schema(as = PartnerInput, example = json!({
        "name": "SOS Cuisine",
        "kind": "nutrition",
        "website": "https://www.soscuisine.com",
        "contact_name": "Cinzia Cuneo",
        "contact_email": "cinzia@soscuisine.example",
        "contact_phone": "514 555-0123",
        "notes": "Service de planification de repas, promu par les professionnels de la santé."
    }))]
    #[diesel(table_name = crate::schema::partners, treat_none_as_null = true)]
    pub struct PartnerProfile {
        /// 1–200 characters, unique ignoring case and accents.
        #[schema(value_type = String, min_length = 1, max_length = 200)]
        pub name: Name,
        pub kind: PartnerKind,
        /// Absolute http(s) URL.
        #[schema(value_type = Option<String>)]
        pub website: Option<Website>,
        /// 1–200 characters.
        #[schema(value_type = Option<String>, min_length = 1, max_length = 200)]
        pub contact_name: Option<Name>,
        #[schema(value_type = Option<String>, format = Email)]
        pub contact_email: Option<Email>,
        /// 10 to 15 digits, with an optional extension (`poste 12`).
        #[schema(value_type = Option<String>)]
        pub contact_phone: Option<Phone>,
        /// Up to 5000 characters, several lines allowed.
        #[schema(value_type = Option<String>, max_length = 5000)]
        pub notes: Option<Notes>,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::Profile;
    use serde_json::{Map, Value, json};

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
