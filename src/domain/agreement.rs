//! A service agreement (entente de services) between the federation and a partner: what
//! a client may write. Its status is not among it: see [`super::lifecycle`].

use super::ids::PartnerId;
use chrono::NaiveDate;
use serde_json::{Map, Value};

use super::fields::{self, Fields};
use super::patch::merge_patch;
use super::text::{self, Name};
use super::{Invalid, text_enum};
use crate::error::FieldError;

text_enum! {
    /// What the agreement provides.
    pub enum Category {
        GroupInsurance = "group_insurance",
        PropertyInsurance = "property_insurance",
        Telemedicine = "telemedicine",
        Nutrition = "nutrition",
        Other = "other",
    }
}

text_enum! {
    /// Who benefits: the co-ops' employees, their members, or both.
    pub enum Beneficiaries {
        Employees = "employees",
        Members = "members",
        Both = "both",
    }
}

/// Every field a client may write on an agreement, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreementProfile {
    pub title: Name,
    pub category: Category,
    pub beneficiaries: Beneficiaries,
    pub terms: Option<String>,
    pub pricing: Option<String>,
    pub signed_on: Option<NaiveDate>,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
}

/// A new agreement: its partner and its profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAgreement {
    pub partner_id: PartnerId,
    pub profile: AgreementProfile,
}

/// Fields a client may write, in the order the spec lists them.
pub const WRITABLE: &[&str] = &[
    "partner_id",
    "title",
    "category",
    "beneficiaries",
    "terms",
    "pricing",
    "signed_on",
    "starts_on",
    "ends_on",
];

/// Fields the server sets; `status` changes only through transitions, and an agreement
/// never changes partner.
pub const READ_ONLY: &[&str] = &["id", "status", "created_at", "updated_at", "version"];
const READ_ONLY_ON_PATCH: &[&str] = &[
    "id",
    "partner_id",
    "status",
    "created_at",
    "updated_at",
    "version",
];

pub const TERMS_MAX: usize = 5000;
pub const PRICING_MAX: usize = 2000;

fn profile(f: &mut Fields, today: NaiveDate) -> Option<AgreementProfile> {
    let title = f.required("title", fields::string(Name::parse));
    let category = f.required("category", fields::string(Category::parse));
    let beneficiaries = f.required("beneficiaries", fields::string(Beneficiaries::parse));
    let terms = f.optional("terms", fields::string(|s| text::clean(s, TERMS_MAX)));
    let pricing = f.optional("pricing", fields::string(|s| text::clean(s, PRICING_MAX)));
    let signed_on = f.optional("signed_on", fields::date);
    let starts_on = f.optional("starts_on", fields::date);
    let ends_on = f.optional("ends_on", fields::date);
    if let Ok(Some(signed)) = signed_on
        && signed > today
    {
        f.error(
            "signed_on",
            Invalid::new("future_date", "must not be in the future"),
        );
    }
    if let (Ok(Some(start)), Ok(Some(end))) = (starts_on, ends_on)
        && end < start
    {
        f.error(
            "ends_on",
            Invalid::new("date_order", "must not be before starts_on"),
        );
    }
    Some(AgreementProfile {
        title: title?,
        category: category?,
        beneficiaries: beneficiaries?,
        terms: terms.ok()?,
        pricing: pricing.ok()?,
        signed_on: signed_on.ok()?,
        starts_on: starts_on.ok()?,
        ends_on: ends_on.ok()?,
    })
}

impl NewAgreement {
    pub fn from_json(map: Map<String, Value>, today: NaiveDate) -> Result<Self, Vec<FieldError>> {
        let mut f = Fields::new(map, WRITABLE, READ_ONLY);
        let partner_id = f.required("partner_id", fields::id);
        let profile = profile(&mut f, today);
        match (partner_id, profile) {
            (Some(partner_id), Some(profile)) if !f.has_errors() => Ok(Self {
                partner_id,
                profile,
            }),
            _ => Err(f.into_errors()),
        }
    }
}

impl AgreementProfile {
    /// Applies a JSON merge patch to the stored agreement (without `partner_id`) and
    /// validates the result.
    pub fn patched(
        current: Map<String, Value>,
        patch: Map<String, Value>,
        today: NaiveDate,
    ) -> Result<Self, Vec<FieldError>> {
        let writable = &WRITABLE[1..];
        let doc = merge_patch(current, patch, writable, READ_ONLY_ON_PATCH)?;
        let mut f = Fields::new(doc, writable, READ_ONLY_ON_PATCH);
        match profile(&mut f, today) {
            Some(p) if !f.has_errors() => Ok(p),
            _ => Err(f.into_errors()),
        }
    }
}
