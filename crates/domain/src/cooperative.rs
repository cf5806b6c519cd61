//! A member cooperative's profile, validated as a whole: every field on its own, then the
//! rules that tie fields together (region and province, postal code and province, dates in
//! order, federation status and its dates).

use crate::i18n::msg;
use chrono::NaiveDate;
use serde_json::{Map, Value};

use super::FieldError;
use super::address::{Location, PostalCode, Province, Region};
use super::contact::{Email, Neq, Phone, Website};
use super::fields::{self, Fields};
use super::text::{Line, Name};
use super::{Invalid, text_enum};

text_enum! {
    /// Legal form under Québec's Loi sur les coopératives.
    pub enum LegalForm {
        Consumer = "consumer",
        Producer = "producer",
        Worker = "worker",
        WorkerShareholder = "worker_shareholder",
        Solidarity = "solidarity",
    }
}

text_enum! {
    /// Standing in the federation.
    pub enum FederationStatus {
        Prospect = "prospect",
        Member = "member",
        Former = "former",
    }
}

text_enum! {
    /// Services a co-op offers.
    pub enum Service {
        FamilyMedicine = "family_medicine",
        NursePractitioner = "nurse_practitioner",
        Nursing = "nursing",
        BloodSampling = "blood_sampling",
        Vaccination = "vaccination",
        Physiotherapy = "physiotherapy",
        OccupationalTherapy = "occupational_therapy",
        Kinesiology = "kinesiology",
        Psychology = "psychology",
        SocialWork = "social_work",
        Nutrition = "nutrition",
        FootCare = "foot_care",
        DentalCare = "dental_care",
        Pharmacy = "pharmacy",
        HomeCare = "home_care",
        Telemedicine = "telemedicine",
    }
}

/// Federation status with the dates it implies; no other combination can be built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Membership {
    Prospect,
    Member {
        since: NaiveDate,
    },
    Former {
        since: NaiveDate,
        left_on: NaiveDate,
    },
}

impl Membership {
    pub fn status(self) -> FederationStatus {
        match self {
            Membership::Prospect => FederationStatus::Prospect,
            Membership::Member { .. } => FederationStatus::Member,
            Membership::Former { .. } => FederationStatus::Former,
        }
    }

    pub fn member_since(self) -> Option<NaiveDate> {
        match self {
            Membership::Prospect => None,
            Membership::Member { since } | Membership::Former { since, .. } => Some(since),
        }
    }

    pub fn left_on(self) -> Option<NaiveDate> {
        match self {
            Membership::Former { left_on, .. } => Some(left_on),
            _ => None,
        }
    }

    fn new(
        status: FederationStatus,
        since: Option<NaiveDate>,
        left_on: Option<NaiveDate>,
    ) -> Result<Self, (&'static str, Invalid)> {
        let required = |field, status: &str| {
            (
                field,
                Invalid::new("required", msg!("required-for-status", status = status)),
            )
        };
        let absent = |field, status: &str| {
            (
                field,
                Invalid::new("not_applicable", msg!("absent-for-status", status = status)),
            )
        };
        match (status, since, left_on) {
            (FederationStatus::Prospect, None, None) => Ok(Membership::Prospect),
            (FederationStatus::Prospect, Some(_), _) => Err(absent("member_since", "prospect")),
            (FederationStatus::Prospect, None, Some(_)) => Err(absent("left_on", "prospect")),
            (FederationStatus::Member, Some(since), None) => Ok(Membership::Member { since }),
            (FederationStatus::Member, None, _) => Err(required("member_since", "member")),
            (FederationStatus::Member, Some(_), Some(_)) => Err(absent("left_on", "member")),
            (FederationStatus::Former, Some(since), Some(left_on)) if left_on > since => {
                Ok(Membership::Former { since, left_on })
            }
            (FederationStatus::Former, Some(_), Some(_)) => Err((
                "left_on",
                Invalid::new("date_order", msg!("must-be-after", other = "member_since")),
            )),
            (FederationStatus::Former, None, _) => Err(required("member_since", "former")),
            (FederationStatus::Former, Some(_), None) => Err(required("left_on", "former")),
        }
    }
}

/// Every field a client may write, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CooperativeProfile {
    pub name: Name,
    pub legal_name: Option<Name>,
    pub legal_form: LegalForm,
    pub neq: Option<Neq>,
    pub street: Option<Line<200>>,
    pub municipality: Line<100>,
    pub location: Location,
    pub postal_code: Option<PostalCode>,
    pub phone: Option<Phone>,
    pub email: Option<Email>,
    pub website: Option<Website>,
    pub founded_on: Option<NaiveDate>,
    /// Sorted, without duplicates.
    pub services: Vec<Service>,
    pub hosts_gmf: bool,
    pub membership: Membership,
}

/// Fields a client may write, in the order the spec lists them.
pub const WRITABLE: &[&str] = &[
    "name",
    "legal_name",
    "legal_form",
    "neq",
    "street",
    "municipality",
    "province",
    "postal_code",
    "region",
    "phone",
    "email",
    "website",
    "founded_on",
    "services",
    "hosts_gmf",
    "federation_status",
    "member_since",
    "left_on",
];

/// Fields the server sets.
pub const READ_ONLY: &[&str] = &["id", "created_at", "updated_at", "version", "demo"];

impl CooperativeProfile {
    /// Parses a whole profile (a create body, or a stored profile with a merge patch applied).
    /// `today` bounds dates that cannot be in the future.
    pub fn from_json(map: Map<String, Value>, today: NaiveDate) -> Result<Self, Vec<FieldError>> {
        let mut f = Fields::new(map, WRITABLE, READ_ONLY);
        let name = f.required("name", fields::string(Name::parse));
        let legal_name = f.optional("legal_name", fields::string(Name::parse));
        let legal_form = f.required("legal_form", fields::string(LegalForm::parse));
        let neq = f.optional("neq", fields::string(Neq::parse));
        let street = f.optional("street", fields::string(Line::parse));
        let municipality = f.required("municipality", fields::string(Line::parse));
        let province = f.required("province", fields::string(Province::parse));
        let postal_code = f.optional("postal_code", fields::string(PostalCode::parse));
        let region = f.optional("region", fields::string(Region::parse));
        let phone = f.optional("phone", fields::string(Phone::parse));
        let email = f.optional("email", fields::string(Email::parse));
        let website = f.optional("website", fields::string(Website::parse));
        let founded_on = f.optional("founded_on", fields::date);
        let services = f.list("services", fields::string(Service::parse));
        let hosts_gmf = f.optional("hosts_gmf", fields::boolean);
        let status = f.optional("federation_status", fields::string(FederationStatus::parse));
        let member_since = f.optional("member_since", fields::date);
        let left_on = f.optional("left_on", fields::date);

        // Cross-field rules, checked only where their inputs are valid.
        let location = match (province, region) {
            (Some(p), Ok(r)) => Location::new(p, r)
                .map_err(|(field, e)| f.error(field, e))
                .ok(),
            _ => None,
        };
        if let (Some(loc), Ok(Some(pc))) = (&location, &postal_code)
            && !loc.accepts(pc)
        {
            f.error(
                "postal_code",
                Invalid::new(
                    "province_mismatch",
                    msg!(
                        "postal-code-province",
                        postal_code = pc.as_str(),
                        province = loc.province().to_string()
                    ),
                ),
            );
        }
        if let Ok(Some(founded)) = founded_on
            && founded > today
        {
            f.error(
                "founded_on",
                Invalid::new("future_date", msg!("future-date")),
            );
        }
        let membership = match (status, member_since, left_on) {
            (Ok(status), Ok(since), Ok(left)) => {
                Membership::new(status.unwrap_or(FederationStatus::Prospect), since, left)
                    .map_err(|(field, e)| f.error(field, e))
                    .ok()
            }
            _ => None,
        };
        if let (Some(m), Ok(Some(founded))) = (membership, founded_on)
            && m.member_since().is_some_and(|since| since < founded)
        {
            f.error(
                "member_since",
                Invalid::new("date_order", msg!("not-before", other = "founded_on")),
            );
        }

        if f.has_errors() {
            return Err(f.into_errors());
        }
        // Every field parsed (no errors were recorded), so these cannot fail.
        let (
            Some(name),
            Some(legal_form),
            Some(municipality),
            Some(location),
            Some(services),
            Some(membership),
        ) = (
            name,
            legal_form,
            municipality,
            location,
            services,
            membership,
        )
        else {
            unreachable!("a missing required field is always reported");
        };
        let mut services = services;
        services.sort();
        services.dedup();
        Ok(Self {
            name,
            legal_name: legal_name.unwrap_or_default(),
            legal_form,
            neq: neq.unwrap_or_default(),
            street: street.unwrap_or_default(),
            municipality,
            location,
            postal_code: postal_code.unwrap_or_default(),
            phone: phone.unwrap_or_default(),
            email: email.unwrap_or_default(),
            website: website.unwrap_or_default(),
            founded_on: founded_on.unwrap_or_default(),
            services,
            hosts_gmf: hosts_gmf.unwrap_or_default().unwrap_or(false),
            membership,
        })
    }
}

impl CooperativeProfile {
    /// Whether this profile moves the co-op from the standing stored as `status`, `since`
    /// and `left_on` (its federation status and dates), which only the federation may do.
    pub fn changes_standing(
        &self,
        status: FederationStatus,
        since: Option<NaiveDate>,
        left_on: Option<NaiveDate>,
    ) -> bool {
        let m = self.membership;
        (m.status(), m.member_since(), m.left_on()) != (status, since, left_on)
    }

    /// Applies a JSON merge patch (RFC 7386) to the stored profile and validates the result
    /// as a whole. Keys of the patch are checked first, so `{"nmae": null}` is not lost.
    pub fn patched(
        current: Map<String, Value>,
        patch: Map<String, Value>,
        today: NaiveDate,
    ) -> Result<Self, Vec<FieldError>> {
        super::patch::merge_patch(current, patch, WRITABLE, READ_ONLY)
            .validate(|doc| Self::from_json(doc, today))
    }
}

#[cfg(test)]
mod tests;
