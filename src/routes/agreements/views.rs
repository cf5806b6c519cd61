//! What clients send and receive for service agreements and their transitions.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use serde_json::{Map, Value};
use utoipa::openapi::{RefOr, Schema};
use utoipa::{PartialSchema, ToSchema};

use crate::db::agreements::AgreementRow;
use crate::db::transitions::TransitionRow;
use crate::domain::agreement::{Beneficiaries, Category, WRITABLE};
use crate::domain::ids::{AgreementId, PartnerId, TransitionId};
use crate::domain::lifecycle::AgreementStatus;
use crate::domain::patch::writable_part;
use crate::routes::pagination::{Listed, Page};
use crate::routes::today;

/// A service agreement (entente de services) with a partner.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0b2a",
    "partner_id": "01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0b1e",
    "title": "Télémédecine pour les membres des coopératives de santé",
    "category": "telemedicine",
    "beneficiaries": "members",
    "terms": "Consultation médicale à distance par l'application Akira, offerte aux membres des coopératives participantes.",
    "pricing": "Abonnement mensuel par membre",
    "signed_on": "2020-02-20",
    "starts_on": "2020-04-01",
    "ends_on": "2023-03-31",
    "status": "active",
    "created_at": "2026-11-25T14:00:00Z",
    "updated_at": "2026-11-25T14:00:00Z",
    "version": 3,
    "demo": false
}))]
pub struct Agreement {
    /// Identifier (UUID v7).
    pub id: AgreementId,
    /// The partner party to the agreement (never changes).
    pub partner_id: PartnerId,
    /// Unique per partner.
    pub title: String,
    pub category: Category,
    /// Who is covered: the co-ops' employees, their members, or both.
    pub beneficiaries: Beneficiaries,
    /// Summary of the terms.
    pub terms: Option<String>,
    pub pricing: Option<String>,
    #[serde(serialize_with = "crate::routes::json_dates::opt_day")]
    pub signed_on: Option<NaiveDate>,
    /// First day covered.
    #[serde(serialize_with = "crate::routes::json_dates::opt_day")]
    pub starts_on: Option<NaiveDate>,
    /// Last day covered (inclusive); an active agreement reads `expired` after it.
    #[serde(serialize_with = "crate::routes::json_dates::opt_day")]
    pub ends_on: Option<NaiveDate>,
    /// The status today: the last transition's, or `expired` when an active agreement's
    /// `ends_on` has passed. New agreements are `draft`; it changes only through
    /// `POST /v1/service-agreements/{id}/transitions`.
    pub status: AgreementStatus,
    #[serde(serialize_with = "crate::routes::json_dates::instant")]
    pub created_at: DateTime<Utc>,
    #[serde(serialize_with = "crate::routes::json_dates::instant")]
    pub updated_at: DateTime<Utc>,
    /// Incremented by every change (transitions included); the `ETag` is this number in quotes.
    pub version: i32,
    /// Synthetic demonstration data (`coopsante seed --demo`), never real: removed with
    /// `coopsante seed --remove-demo`.
    pub demo: bool,
}

impl From<AgreementRow> for Agreement {
    fn from(r: AgreementRow) -> Self {
        Self {
            id: r.id,
            partner_id: r.partner_id,
            title: r.title,
            category: r.category,
            beneficiaries: r.beneficiaries,
            terms: r.terms,
            pricing: r.pricing,
            signed_on: r.signed_on,
            starts_on: r.starts_on,
            status: r.status.seen_on(r.ends_on, today()),
            ends_on: r.ends_on,
            created_at: r.created_at,
            updated_at: r.updated_at,
            version: r.version,
            demo: r.demo,
        }
    }
}

impl Agreement {
    /// The fields a merge patch applies to (`partner_id` excluded: it never changes).
    pub fn writable_json(&self) -> Map<String, Value> {
        writable_part(self, &WRITABLE[1..])
    }
}

/// A new agreement; it starts as a `draft` (`status` cannot be written).
#[derive(ToSchema)]
#[schema(example = json!({
    "partner_id": "01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0b1e",
    "title": "Assurance collective des employés",
    "category": "group_insurance",
    "beneficiaries": "employees",
    "terms": "Assurance collective et régime de retraite pour le personnel des coopératives participantes.",
    "pricing": "Selon la taille du groupe",
    "signed_on": "2020-03-04",
    "starts_on": "2020-04-01",
    "ends_on": "2025-03-31"
}))]
#[expect(
    dead_code,
    reason = "documents the request; bodies are parsed by NewAgreement"
)]
pub struct AgreementInput {
    /// An existing partner (422 otherwise). Cannot be changed afterwards.
    partner_id: PartnerId,
    /// 1–200 characters, unique per partner.
    #[schema(min_length = 1, max_length = 200)]
    title: String,
    category: Category,
    beneficiaries: Beneficiaries,
    /// Summary of the terms, up to 5000 characters.
    #[schema(max_length = 5000)]
    terms: Option<String>,
    /// Up to 2000 characters.
    #[schema(max_length = 2000)]
    pricing: Option<String>,
    /// Not in the future.
    signed_on: Option<NaiveDate>,
    starts_on: Option<NaiveDate>,
    /// Last day covered, inclusive; not before `starts_on`.
    ends_on: Option<NaiveDate>,
}

/// A JSON merge patch (RFC 7386) of an agreement.
pub struct AgreementPatch;

impl PartialSchema for AgreementPatch {
    fn schema() -> RefOr<Schema> {
        crate::routes::merge_patch_schema(
            AgreementInput::schema(),
            "an agreement: any subset of its writable fields but `partner_id`. Naming `status` is a 422: the status changes only through transitions",
            &["partner_id"],
        )
    }
}

impl ToSchema for AgreementPatch {}

/// One page of agreements.
pub type AgreementPage = Page<Agreement>;

impl Listed for Agreement {
    const PAGE: &'static str = "AgreementPage";
    const PLURAL: &'static str = "agreements";
}

/// A recorded change of an agreement's status.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0b3c",
    "agreement_id": "01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0b2a",
    "from": "negotiating",
    "to": "active",
    "reason": "Entente signée; lancement du service",
    "effective_on": "2020-04-01",
    "recorded_by": "fqcs-admin",
    "recorded_at": "2026-11-25T14:00:00Z"
}))]
pub struct Transition {
    pub id: TransitionId,
    pub agreement_id: AgreementId,
    /// The status on `effective_on`, before the change.
    pub from: AgreementStatus,
    pub to: AgreementStatus,
    pub reason: String,
    /// The day the change took effect (may be earlier than `recorded_at`).
    #[serde(serialize_with = "crate::routes::json_dates::day")]
    pub effective_on: NaiveDate,
    /// The `sub` of the token that recorded it.
    pub recorded_by: String,
    #[serde(serialize_with = "crate::routes::json_dates::instant")]
    pub recorded_at: DateTime<Utc>,
}

impl From<TransitionRow> for Transition {
    fn from(r: TransitionRow) -> Self {
        Self {
            id: r.id,
            agreement_id: r.agreement_id,
            from: r.from_status,
            to: r.to_status,
            reason: r.reason,
            effective_on: r.effective_on,
            recorded_by: r.recorded_by,
            recorded_at: r.recorded_at,
        }
    }
}

/// A change of status to record.
#[derive(ToSchema)]
#[schema(example = json!({
    "to": "negotiating",
    "reason": "Offre de services présentée à la Journée nationale",
    "effective_on": "2020-03-04"
}))]
#[expect(
    dead_code,
    reason = "documents the request; bodies are parsed by TransitionRequest"
)]
pub struct TransitionInput {
    /// The new status: draft → negotiating → active ⇄ suspended; draft, negotiating,
    /// active or suspended → terminated. `expired` is never recorded: an active agreement
    /// expires by itself after `ends_on`.
    to: AgreementStatus,
    /// Why, 1–2000 characters.
    #[schema(min_length = 1, max_length = 2000)]
    reason: String,
    /// Defaults to today; may be in the past but not before the previous transition, nor in
    /// the future.
    effective_on: Option<NaiveDate>,
}

/// An agreement's history, oldest first.
#[derive(Serialize, ToSchema)]
pub struct TransitionList {
    pub items: Vec<Transition>,
}
