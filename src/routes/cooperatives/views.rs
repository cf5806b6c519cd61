//! What clients send and receive for cooperatives.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use serde_json::{Map, Value};
use utoipa::openapi::{RefOr, Schema};
use utoipa::{PartialSchema, ToSchema};

use crate::db::cooperatives::CooperativeRow;
use crate::domain::address::Province;
use crate::domain::cooperative::{FederationStatus, LegalForm, Service};
use crate::domain::ids::CooperativeId;
use crate::routes::pagination::{Listed, Page};

/// A cooperative in the federation's register.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0b1d",
    "name": "Coop solidarité santé Montréal",
    "legal_name": "Coopérative de solidarité santé Montréal",
    "legal_form": "solidarity",
    "neq": "1170000001",
    "street": "1234, rue Sainte-Catherine Est",
    "municipality": "Montréal",
    "province": "QC",
    "postal_code": "H2L 2H5",
    "region": "06",
    "phone": "514 555-0199",
    "email": "info@coopsantemontreal.example",
    "website": "https://coopsantemontreal.example",
    "founded_on": "2009-04-15",
    "services": ["family_medicine", "nursing", "psychology"],
    "hosts_gmf": true,
    "federation_status": "member",
    "member_since": "2018-06-12",
    "left_on": null,
    "created_at": "2026-11-25T14:00:00Z",
    "updated_at": "2026-11-25T14:00:00Z",
    "version": 1,
    "demo": false
}))]
pub struct Cooperative {
    /// Identifier (UUID v7).
    pub id: CooperativeId,
    /// Usual name.
    pub name: String,
    /// Name registered with the Registraire des entreprises, when it differs.
    pub legal_name: Option<String>,
    pub legal_form: LegalForm,
    /// Québec enterprise number (NEQ): 10 digits, unique.
    pub neq: Option<String>,
    pub street: Option<String>,
    pub municipality: String,
    pub province: Province,
    /// Canadian postal code, `A1A 1A1`, matching the province.
    pub postal_code: Option<String>,
    /// Québec administrative region "01"–"17"; present exactly when the province is QC.
    pub region: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    /// Date the co-op was founded (not in the future).
    #[serde(serialize_with = "crate::routes::json_dates::opt_day")]
    pub founded_on: Option<NaiveDate>,
    /// Services offered, sorted, without duplicates.
    pub services: Vec<Service>,
    /// Hosts or works with a GMF (groupe de médecine de famille).
    pub hosts_gmf: bool,
    pub federation_status: FederationStatus,
    /// First day of membership; required for members and former members.
    #[serde(serialize_with = "crate::routes::json_dates::opt_day")]
    pub member_since: Option<NaiveDate>,
    /// Day the co-op left (no longer a member from that day); only for former members.
    #[serde(serialize_with = "crate::routes::json_dates::opt_day")]
    pub left_on: Option<NaiveDate>,
    #[serde(serialize_with = "crate::routes::json_dates::instant")]
    pub created_at: DateTime<Utc>,
    #[serde(serialize_with = "crate::routes::json_dates::instant")]
    pub updated_at: DateTime<Utc>,
    /// Incremented by every change; the `ETag` is this number in quotes.
    pub version: i32,
    /// Synthetic demonstration data (`coopsante seed --demo`), never real: removed with
    /// `coopsante seed --remove-demo`.
    pub demo: bool,
}

impl From<CooperativeRow> for Cooperative {
    fn from(r: CooperativeRow) -> Self {
        Self {
            id: r.id,
            name: r.name,
            legal_name: r.legal_name,
            legal_form: r.legal_form,
            neq: r.neq,
            street: r.street,
            municipality: r.municipality,
            province: r.province,
            postal_code: r.postal_code,
            region: r.region,
            phone: r.phone,
            email: r.email,
            website: r.website,
            founded_on: r.founded_on,
            services: r.services,
            hosts_gmf: r.hosts_gmf,
            federation_status: r.federation_status,
            member_since: r.member_since,
            left_on: r.left_on,
            created_at: r.created_at,
            updated_at: r.updated_at,
            version: r.version,
            demo: r.demo,
        }
    }
}

impl Cooperative {
    /// The writable fields as a JSON object: the document a merge patch applies to.
    pub fn writable_json(&self) -> Map<String, Value> {
        crate::domain::patch::writable_part(self, crate::domain::cooperative::WRITABLE)
    }
}

/// A new cooperative. Unknown fields are refused by name; text is trimmed and stored in NFC.
#[derive(ToSchema)]
#[schema(example = json!({
    "name": "Coop solidarité santé Montréal",
    "legal_form": "solidarity",
    "neq": "1170000001",
    "street": "1234, rue Sainte-Catherine Est",
    "municipality": "Montréal",
    "province": "QC",
    "postal_code": "H2L 2H5",
    "region": "06",
    "phone": "514 555-0199",
    "email": "info@coopsantemontreal.example",
    "website": "https://coopsantemontreal.example",
    "founded_on": "2009-04-15",
    "services": ["family_medicine", "nursing", "psychology"],
    "hosts_gmf": true,
    "federation_status": "member",
    "member_since": "2018-06-12"
}))]
#[expect(
    dead_code,
    reason = "documents the request; bodies are parsed by CooperativeProfile"
)]
pub struct CooperativeInput {
    /// 1–200 characters.
    #[schema(min_length = 1, max_length = 200)]
    name: String,
    /// 1–200 characters.
    #[schema(min_length = 1, max_length = 200)]
    legal_name: Option<String>,
    legal_form: LegalForm,
    /// 10 digits (spaces are ignored).
    #[schema(pattern = "^[0-9 ]+$")]
    neq: Option<String>,
    #[schema(max_length = 200)]
    street: Option<String>,
    #[schema(min_length = 1, max_length = 100)]
    municipality: String,
    province: Province,
    /// Canadian postal code (`H2L 2H5`, `h2l2h5` is accepted and normalised); its first
    /// letter must belong to the province.
    postal_code: Option<String>,
    /// "01"–"17"; required when the province is QC, refused otherwise.
    #[schema(pattern = "^(0[1-9]|1[0-7])$")]
    region: Option<String>,
    /// 10 to 15 digits, with an optional extension (`poste 12`).
    phone: Option<String>,
    #[schema(format = Email)]
    email: Option<String>,
    /// Absolute http(s) URL.
    website: Option<String>,
    /// Not in the future.
    founded_on: Option<NaiveDate>,
    /// Defaults to none.
    services: Option<Vec<Service>>,
    /// Defaults to false.
    hosts_gmf: Option<bool>,
    /// Defaults to `prospect`. Only admins may set or change it.
    federation_status: Option<FederationStatus>,
    /// Required for `member` and `former`, absent for `prospect`; not before `founded_on`.
    member_since: Option<NaiveDate>,
    /// Required for `former` (after `member_since`), absent otherwise.
    left_on: Option<NaiveDate>,
}

/// A JSON merge patch (RFC 7386) of a cooperative: any subset of the writable fields; `null`
/// clears an optional field. The patched profile must satisfy every rule of a new one.
pub struct CooperativePatch;

impl PartialSchema for CooperativePatch {
    fn schema() -> RefOr<Schema> {
        crate::routes::merge_patch_schema(
            CooperativeInput::schema(),
            "a cooperative: any subset of its writable fields",
            &[],
        )
    }
}

impl ToSchema for CooperativePatch {}

/// One page of cooperatives.
pub type CooperativePage = Page<Cooperative>;

impl Listed for Cooperative {
    const PAGE: &'static str = "CooperativePage";
    const PLURAL: &'static str = "cooperatives";
}
