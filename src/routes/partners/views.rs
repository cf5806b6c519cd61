//! What clients send and receive for partners.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{Map, Value};
use utoipa::openapi::{RefOr, Schema};
use utoipa::{PartialSchema, ToSchema};

use crate::db::partners::PartnerRow;
use crate::domain::ids::PartnerId;
use crate::domain::partner::{PartnerKind, WRITABLE};
use crate::domain::patch::writable_part;
use crate::routes::pagination::{Listed, Page};

/// A partner of the federation.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0b1e",
    "name": "SAGE, assurances et rentes collectives",
    "kind": "insurance_broker",
    "website": "https://sage-assurances.example",
    "contact_name": "Simon Jomphe",
    "contact_email": "sjomphe@sage-assurances.example",
    "contact_phone": "418 555-0142",
    "notes": "Directeur de comptes; a présenté l'offre à la Journée nationale du 4 mars 2020.",
    "created_at": "2026-11-25T14:00:00Z",
    "updated_at": "2026-11-25T14:00:00Z",
    "version": 1
}))]
pub struct Partner {
    /// Identifier (UUID v7).
    pub id: PartnerId,
    /// Unique, ignoring case and accents.
    pub name: String,
    pub kind: PartnerKind,
    pub website: Option<String>,
    /// The person the federation deals with.
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    /// Free text.
    pub notes: Option<String>,
    #[serde(serialize_with = "crate::routes::json_dates::instant")]
    pub created_at: DateTime<Utc>,
    #[serde(serialize_with = "crate::routes::json_dates::instant")]
    pub updated_at: DateTime<Utc>,
    /// Incremented by every change; the `ETag` is this number in quotes.
    pub version: i32,
}

impl From<PartnerRow> for Partner {
    fn from(r: PartnerRow) -> Self {
        Self {
            id: r.id,
            name: r.name,
            kind: r.kind,
            website: r.website,
            contact_name: r.contact_name,
            contact_email: r.contact_email,
            contact_phone: r.contact_phone,
            notes: r.notes,
            created_at: r.created_at,
            updated_at: r.updated_at,
            version: r.version,
        }
    }
}

impl Partner {
    /// The writable fields: the document a merge patch applies to.
    pub fn writable_json(&self) -> Map<String, Value> {
        writable_part(self, WRITABLE)
    }
}

/// A new partner. Unknown fields are refused by name; text is trimmed and stored in NFC.
#[derive(ToSchema)]
#[schema(example = json!({
    "name": "SOS Cuisine",
    "kind": "nutrition",
    "website": "https://www.soscuisine.com",
    "contact_name": "Cinzia Cuneo",
    "contact_email": "cinzia@soscuisine.example",
    "contact_phone": "514 555-0123",
    "notes": "Service de planification de repas, promu par les professionnels de la santé."
}))]
#[expect(
    dead_code,
    reason = "documents the request; bodies are parsed by PartnerProfile"
)]
pub struct PartnerInput {
    /// 1–200 characters, unique ignoring case and accents.
    #[schema(min_length = 1, max_length = 200)]
    name: String,
    kind: PartnerKind,
    /// Absolute http(s) URL.
    website: Option<String>,
    /// 1–200 characters.
    #[schema(min_length = 1, max_length = 200)]
    contact_name: Option<String>,
    #[schema(format = Email)]
    contact_email: Option<String>,
    /// 10 to 15 digits, with an optional extension (`poste 12`).
    contact_phone: Option<String>,
    /// Up to 5000 characters, several lines allowed.
    #[schema(max_length = 5000)]
    notes: Option<String>,
}

/// A JSON merge patch (RFC 7386) of a partner.
pub struct PartnerPatch;

impl PartialSchema for PartnerPatch {
    fn schema() -> RefOr<Schema> {
        crate::routes::merge_patch_schema(
            PartnerInput::schema(),
            "a partner: any subset of its writable fields",
            &[],
        )
    }
}

impl ToSchema for PartnerPatch {}

/// One page of partners.
pub type PartnerPage = Page<Partner>;

impl Listed for Partner {
    const PAGE: &'static str = "PartnerPage";
    const PLURAL: &'static str = "partners";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_input_lists_exactly_the_writable_fields() {
        let RefOr::T(Schema::Object(o)) = PartnerInput::schema() else {
            panic!("expected an object schema")
        };
        let documented: Vec<_> = o.properties.keys().cloned().collect();
        assert_eq!(documented, WRITABLE);
    }
}
