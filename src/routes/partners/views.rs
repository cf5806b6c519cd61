//! What clients send and receive for partners.

use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::openapi::{RefOr, Schema};
use utoipa::{PartialSchema, ToSchema};

use crate::db::partners::PartnerRow;
use crate::domain::ids::PartnerId;
use crate::domain::partner::{PartnerKind, PartnerProfile};
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

/// A JSON merge patch (RFC 7386) of a partner.
pub struct PartnerPatch;

impl PartialSchema for PartnerPatch {
    fn schema() -> RefOr<Schema> {
        crate::routes::merge_patch_schema(
            PartnerProfile::schema(),
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
