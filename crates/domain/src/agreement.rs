//! A service agreement (entente de services) between the federation and a partner: what
//! a client may write. Its status is not among it: see [`super::lifecycle`].

use super::ids::PartnerId;
use crate::i18n::msg;
use chrono::NaiveDate;
use serde_json::{Map, Value};

use super::FieldError;
use super::fields::{self, Fields};
use super::patch::merge_patch;
use super::text::{self, Name};
use super::{Invalid, text_enum};

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
pub const READ_ONLY: &[&str] = &[
    "id",
    "status",
    "created_at",
    "updated_at",
    "version",
    "demo",
];
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
            Invalid::new("future_date", msg!("future-date")),
        );
    }
    if let (Ok(Some(start)), Ok(Some(end))) = (starts_on, ends_on)
        && end < start
    {
        f.error(
            "ends_on",
            Invalid::new("date_order", msg!("not-before", other = "starts_on")),
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
        merge_patch(current, patch, writable, READ_ONLY_ON_PATCH).validate(|doc| {
            let mut f = Fields::new(doc, writable, READ_ONLY_ON_PATCH);
            match profile(&mut f, today) {
                Some(p) if !f.has_errors() => Ok(p),
                _ => Err(f.into_errors()),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: &str = "2024-01-01";

    fn today() -> NaiveDate {
        TODAY.parse().expect("a date")
    }

    fn object(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(map) => map,
            other => panic!("not an object: {other}"),
        }
    }

    /// A valid agreement, with `changes` merged in (a `null` removes the field).
    fn agreement(changes: Value) -> Map<String, Value> {
        let mut body = serde_json::json!({
            "partner_id": "01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0b1d",
            "title": "Télémédecine pour les membres",
            "category": "telemedicine",
            "beneficiaries": "members",
            "signed_on": "2020-03-01",
            "starts_on": "2020-04-01"
        });
        json_patch::merge(&mut body, &changes);
        object(body)
    }

    fn refused(result: Result<impl Sized, Vec<FieldError>>) -> Vec<String> {
        match result {
            Ok(_) => Vec::new(),
            Err(errors) => errors.into_iter().map(|e| e.field).collect(),
        }
    }

    #[test]
    fn every_invalid_field_of_a_new_agreement_is_named() {
        // (changes to a valid agreement, the fields refused in the order they are reported)
        let cases: &[(Value, &[&str])] = &[
            (serde_json::json!({}), &[]),
            (serde_json::json!({"signed_on": TODAY}), &[]),
            (
                serde_json::json!({"signed_on": "2024-01-02"}),
                &["signed_on"],
            ),
            (serde_json::json!({"ends_on": "2020-04-01"}), &[]),
            (serde_json::json!({"ends_on": "2020-03-31"}), &["ends_on"]),
            (
                serde_json::json!({"starts_on": null, "ends_on": "2000-01-01"}),
                &[],
            ),
            (
                serde_json::json!({"partner_id": "not-a-uuid"}),
                &["partner_id"],
            ),
            (serde_json::json!({"partner_id": null}), &["partner_id"]),
            (serde_json::json!({"title": null}), &["title"]),
            (
                serde_json::json!({"category": "food", "beneficiaries": "all"}),
                &["category", "beneficiaries"],
            ),
            (serde_json::json!({"terms": "x".repeat(TERMS_MAX)}), &[]),
            (
                serde_json::json!({"terms": "x".repeat(TERMS_MAX + 1)}),
                &["terms"],
            ),
            (
                serde_json::json!({"pricing": "x".repeat(PRICING_MAX + 1)}),
                &["pricing"],
            ),
            (serde_json::json!({"pricing": "a\u{0}b"}), &["pricing"]),
            (serde_json::json!({"status": "active"}), &["status"]),
            (
                serde_json::json!({"id": "x", "partner": "y"}),
                &["id", "partner"],
            ),
            (
                serde_json::json!({"partner_id": 3, "title": "", "starts_on": "2021-01-01", "ends_on": "2020-12-31", "signed_on": "2999-01-01"}),
                &["partner_id", "title", "signed_on", "ends_on"],
            ),
        ];
        for (changes, fields) in cases {
            let result = NewAgreement::from_json(agreement(changes.clone()), today());
            assert_eq!(refused(result), *fields, "changes {changes}");
        }
    }

    #[test]
    fn a_patch_may_not_move_an_agreement_to_another_partner_or_set_its_status() {
        let mut stored = agreement(serde_json::json!({}));
        stored.remove("partner_id");
        // (patch, the fields refused)
        let cases: &[(Value, &[&str])] = &[
            (
                serde_json::json!({"pricing": null, "ends_on": "2023-03-31"}),
                &[],
            ),
            (serde_json::json!({"title": null}), &["title"]),
            (serde_json::json!({"ends_on": "2020-01-01"}), &["ends_on"]),
            (
                serde_json::json!({"partner_id": "01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0b1e"}),
                &["partner_id"],
            ),
            (serde_json::json!({"status": "active"}), &["status"]),
            (serde_json::json!({"tilte": null}), &["tilte"]),
        ];
        for (patch, fields) in cases {
            let result = AgreementProfile::patched(stored.clone(), object(patch.clone()), today());
            assert_eq!(refused(result), *fields, "patch {patch}");
        }
    }
}
