//! The annual report as clients receive it. Every section carries a `completeness` object:
//! what the records do not say, counted, so that no missing figure reads as a zero.

use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::agreement::Category;
use crate::domain::board::Office;
use crate::domain::event::{AttendanceSource, EventKind};
use crate::domain::ids::{
    AgreementId, BoardTermId, CooperativeId, EventId, PartnerId, PlanId, ProjectId,
    RepresentationId,
};
use crate::domain::lifecycle::AgreementStatus;
use crate::domain::plans::PlanStatus;
use crate::domain::project::{ProjectKind, ProjectStatus};
use crate::domain::representation::RepresentationKind;
use crate::routes::plan::shared::progress::Counts;
use crate::routes::stats::views::Figures;

/// The federation's year assembled from its records, for the annual report.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "fiscal_year": "2019-2020", "starts_on": "2019-04-01", "ends_on": "2020-03-31", "as_of": "2020-03-31",
    "membership": {
        "members_at_start": 11, "members_at_end": 12,
        "joined": [{"cooperative_id": "01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0a01", "name": "Coopérative de santé de Lac-Mégantic", "on": "2019-10-01"}],
        "left": [],
        "at_year_end": {"member_cooperatives": 12, "cooperatives_with_count": 11, "cooperatives_without_count": 1,
            "total_members": 48210, "users": 47000, "workers": 310, "supporting": 900, "oldest_count_as_of": "2018-12-31"},
        "completeness": {"cooperatives_without_count": 1, "cooperatives_without_count_in_year": 3}
    },
    "events": {
        "items": [{"id": "01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0b01", "title": "Journée nationale des coopératives de santé",
            "kind": "national_day", "starts_on": "2020-03-04", "ends_on": null, "municipality": "Trois-Rivières",
            "attendance": {"source": "approximate", "representatives": 15, "cooperatives": null, "approximate": true,
                "note": "une quinzaine de représentants de coopératives membres de la FQCS"},
            "presentations": [{"title": "Une offre de services en assurance collective pour les employés des coopératives de santé",
                "presenter_name": "Simon Jomphe", "presenter_role": "Directeur de comptes, SAGE",
                "partner_id": "01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0c01", "partner_name": "SAGE, assurances et rentes collectives",
                "project_id": null, "project_title": null}]}],
        "completeness": {"events": 1, "from_participations": 0, "from_reported_totals": 0, "approximate": 1, "without_attendance": 0}
    },
    "projects": {
        "items": [{"id": "01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0d01", "title": "Recueil des meilleures pratiques d'affaires (MPA)",
            "kind": "guide", "status": "completed", "status_at_year_end": "completed", "started_on": "2019-05-01", "completed_on": "2020-02-15",
            "started_in_year": true, "completed_in_year": true,
            "funders": [{"partner_id": "01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0c02", "name": "Ministère de l'Économie et de l'Innovation (MEI)", "amount": null}]}],
        "started": 1, "completed": 1, "in_progress_at_year_end": 0,
        "completeness": {"projects": 1, "without_dated_status": 0, "without_dates": 0, "funders_without_amount": 1}
    },
    "agreements": {
        "items": [{"id": "01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0e01", "title": "Télémédecine pour les membres", "partner_id": "01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0c03",
            "partner_name": "Akira", "category": "telemedicine", "signed_on": "2019-11-01", "starts_on": "2019-11-15", "ends_on": null,
            "status_at_year_end": "active", "signed_in_year": true, "ended_in_year": false}],
        "signed": 1, "active_at_year_end": 1, "ended": 0,
        "enrollments": {"started": 4, "ended": 0, "active_at_year_end": 4, "people_covered_at_year_end": 5200, "without_people_covered": 1},
        "completeness": {"agreements": 1, "without_transitions": 0, "without_signed_on": 0, "not_placed": 0}
    },
    "plans": {"items": [], "completeness": {"plans": 0, "objectives_unmeasured": 0}},
    "representations": {
        "items": [{"id": "01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0f01", "title": "Consultations prébudgétaires 2019-2020", "kind": "brief",
            "authority": "ministère des Finances", "consultation": "Consultations prébudgétaires 2019-2020", "filed_on": null, "held_on": null,
            "summary": null, "dated": false,
            "requests": [{"number": 1, "text": "Mise sur pied d’un crédit d’impôt remboursable pour la contribution annuelle des membres des coopératives de santé.", "outcome": null}]}],
        "completeness": {"representations": 1, "undated": 1, "requests": 1, "requests_without_outcome": 1}
    },
    "board": {
        "on": "2020-03-31",
        "members": [{"id": "01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0f02", "person_name": "Chantal Dubuc", "office": "president",
            "cooperative_id": null, "cooperative_name": null, "from": null, "until": null}],
        "completeness": {"members": 1, "without_dates": 1}
    }
}))]
pub struct AnnualReport {
    /// `YYYY-YYYY`.
    pub fiscal_year: String,
    /// First day of the year (April 1 unless configured otherwise).
    #[serde(serialize_with = "crate::routes::json_dates::day")]
    pub starts_on: NaiveDate,
    /// Last day of the year.
    #[serde(serialize_with = "crate::routes::json_dates::day")]
    pub ends_on: NaiveDate,
    /// The day "year end" figures are read for: `ends_on`, or today while the year runs.
    #[serde(serialize_with = "crate::routes::json_dates::day")]
    pub as_of: NaiveDate,
    pub membership: MembershipSection,
    pub events: EventsSection,
    pub projects: ProjectsSection,
    pub agreements: AgreementsSection,
    pub plans: PlansSection,
    pub representations: RepresentationsSection,
    pub board: BoardSection,
}

/// A co-op and a date (it joined or left on it).
#[derive(Debug, Serialize, ToSchema)]
pub struct CooperativeOn {
    pub cooperative_id: CooperativeId,
    pub name: String,
    #[serde(serialize_with = "crate::routes::json_dates::day")]
    pub on: NaiveDate,
}

/// Member co-ops over the year, from the register (`member_since`, `left_on`) and counts.
#[derive(Debug, Serialize, ToSchema)]
pub struct MembershipSection {
    /// Members on the eve of the year's first day.
    pub members_at_start: i64,
    /// Members on `as_of`: `members_at_start` + `joined` − `left`.
    pub members_at_end: i64,
    /// Joined during the year, by date.
    pub joined: Vec<CooperativeOn>,
    /// Left during the year, by date.
    pub left: Vec<CooperativeOn>,
    /// Members by category on `as_of`, as `GET /v1/stats/membership?as_of=` gives them.
    pub at_year_end: Figures,
    pub completeness: MembershipCompleteness,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MembershipCompleteness {
    /// Member co-ops at year end with no count at all (not in the totals).
    pub cooperatives_without_count: i64,
    /// Member co-ops at year end with no count dated in the year (their figure, if any, is older).
    pub cooperatives_without_count_in_year: i64,
}

/// An event's attendance and where it comes from.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportAttendance {
    /// `participations` (co-ops named), `reported` (a document's totals), `approximate`
    /// (an estimate such as "une quinzaine") or `unknown`.
    pub source: AttendanceSource,
    pub representatives: Option<i32>,
    pub cooperatives: Option<i32>,
    /// True when `representatives` is an estimate.
    pub approximate: bool,
    /// The source's own words.
    pub note: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReportPresentation {
    pub title: String,
    pub presenter_name: Option<String>,
    pub presenter_role: Option<String>,
    pub partner_id: Option<PartnerId>,
    pub partner_name: Option<String>,
    pub project_id: Option<ProjectId>,
    pub project_title: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReportEvent {
    pub id: EventId,
    pub title: String,
    pub kind: EventKind,
    #[serde(serialize_with = "crate::routes::json_dates::day")]
    pub starts_on: NaiveDate,
    #[serde(serialize_with = "crate::routes::json_dates::opt_day")]
    pub ends_on: Option<NaiveDate>,
    pub municipality: Option<String>,
    pub attendance: ReportAttendance,
    /// In creation order.
    pub presentations: Vec<ReportPresentation>,
}

/// Events held (at least partly) in the year, by date.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventsSection {
    pub items: Vec<ReportEvent>,
    pub completeness: EventsCompleteness,
}

#[derive(Debug, Default, Serialize, ToSchema)]
pub struct EventsCompleteness {
    pub events: usize,
    /// Attendance from recorded participations (exact, co-ops named).
    pub from_participations: usize,
    /// Attendance from totals a document reports (exact, co-ops not named).
    pub from_reported_totals: usize,
    /// Attendance estimated only.
    pub approximate: usize,
    /// No attendance recorded.
    pub without_attendance: usize,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReportFunder {
    pub partner_id: PartnerId,
    pub name: String,
    /// Dollars, when recorded.
    pub amount: Option<i32>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReportProject {
    pub id: ProjectId,
    pub title: String,
    pub kind: ProjectKind,
    /// The status recorded today.
    pub status: ProjectStatus,
    /// The status on `as_of` from the dated transitions; null when none is recorded.
    pub status_at_year_end: Option<ProjectStatus>,
    #[serde(serialize_with = "crate::routes::json_dates::opt_day")]
    pub started_on: Option<NaiveDate>,
    #[serde(serialize_with = "crate::routes::json_dates::opt_day")]
    pub completed_on: Option<NaiveDate>,
    /// Started during the year by `started_on` or a transition to `in_progress`.
    pub started_in_year: bool,
    /// Completed during the year by `completed_on` or a transition to `completed`.
    pub completed_in_year: bool,
    pub funders: Vec<ReportFunder>,
}

/// Projects the records do not place wholly outside the year (projects with no date and no
/// transition cannot be placed, and are listed), by title.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProjectsSection {
    pub items: Vec<ReportProject>,
    pub started: usize,
    pub completed: usize,
    /// With a dated status `in_progress` on `as_of`.
    pub in_progress_at_year_end: usize,
    pub completeness: ProjectsCompleteness,
}

#[derive(Debug, Default, Serialize, ToSchema)]
pub struct ProjectsCompleteness {
    pub projects: usize,
    /// Projects whose status has no dated transition: their status at year end is unknown.
    pub without_dated_status: usize,
    /// Projects with no `started_on`, no `completed_on` and no transition: they may belong to
    /// another year.
    pub without_dates: usize,
    /// Funders recorded without an amount.
    pub funders_without_amount: usize,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReportAgreement {
    pub id: AgreementId,
    pub title: String,
    pub partner_id: PartnerId,
    pub partner_name: String,
    pub category: Category,
    #[serde(serialize_with = "crate::routes::json_dates::opt_day")]
    pub signed_on: Option<NaiveDate>,
    #[serde(serialize_with = "crate::routes::json_dates::opt_day")]
    pub starts_on: Option<NaiveDate>,
    #[serde(serialize_with = "crate::routes::json_dates::opt_day")]
    pub ends_on: Option<NaiveDate>,
    /// From the dated transitions (`draft` before the first).
    pub status_at_year_end: AgreementStatus,
    pub signed_in_year: bool,
    /// Expired or terminated during the year.
    pub ended_in_year: bool,
}

#[derive(Debug, Default, Serialize, ToSchema)]
pub struct EnrollmentFigures {
    /// Enrolments that started during the year.
    pub started: usize,
    /// Enrolments that ended during the year.
    pub ended: usize,
    /// Enrolments covering `as_of`.
    pub active_at_year_end: usize,
    /// People covered by those, where recorded.
    pub people_covered_at_year_end: i64,
    /// Of the active ones, how many have no `people_covered`.
    pub without_people_covered: usize,
}

/// Agreements signed, active at year end or ended during the year, by title.
#[derive(Debug, Serialize, ToSchema)]
pub struct AgreementsSection {
    pub items: Vec<ReportAgreement>,
    pub signed: usize,
    pub active_at_year_end: usize,
    pub ended: usize,
    pub enrollments: EnrollmentFigures,
    pub completeness: AgreementsCompleteness,
}

#[derive(Debug, Default, Serialize, ToSchema)]
pub struct AgreementsCompleteness {
    pub agreements: usize,
    /// Listed agreements with no recorded transition (their status is `draft` by default).
    pub without_transitions: usize,
    /// Listed agreements with no `signed_on`.
    pub without_signed_on: usize,
    /// Agreements in the register that no dated record places in the year (not listed).
    pub not_placed: usize,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReportPlan {
    pub id: PlanId,
    pub title: String,
    #[serde(serialize_with = "crate::routes::json_dates::day")]
    pub period_start: NaiveDate,
    #[serde(serialize_with = "crate::routes::json_dates::day")]
    pub period_end: NaiveDate,
    #[serde(serialize_with = "crate::routes::json_dates::opt_day")]
    pub adopted_on: Option<NaiveDate>,
    pub status: PlanStatus,
    /// Its objectives' progress on `as_of` (see `GET /v1/strategic-plans/{id}/summary`).
    pub counts: Counts,
}

/// Plans whose period overlaps the year or adopted in it.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlansSection {
    pub items: Vec<ReportPlan>,
    pub completeness: PlansCompleteness,
}

#[derive(Debug, Default, Serialize, ToSchema)]
pub struct PlansCompleteness {
    pub plans: usize,
    /// Objectives (not abandoned) with no value on `as_of`.
    pub objectives_unmeasured: usize,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReportRequest {
    pub number: i32,
    pub text: String,
    pub outcome: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReportRepresentation {
    pub id: RepresentationId,
    pub title: String,
    pub kind: RepresentationKind,
    pub authority: String,
    pub consultation: Option<String>,
    #[serde(serialize_with = "crate::routes::json_dates::opt_day")]
    pub filed_on: Option<NaiveDate>,
    #[serde(serialize_with = "crate::routes::json_dates::opt_day")]
    pub held_on: Option<NaiveDate>,
    pub summary: Option<String>,
    /// False when neither `filed_on` nor `held_on` is recorded: it may belong to another year.
    pub dated: bool,
    /// By number.
    pub requests: Vec<ReportRequest>,
}

/// Representations filed or held in the year, then the undated ones.
#[derive(Debug, Serialize, ToSchema)]
pub struct RepresentationsSection {
    pub items: Vec<ReportRepresentation>,
    pub completeness: RepresentationsCompleteness,
}

#[derive(Debug, Default, Serialize, ToSchema)]
pub struct RepresentationsCompleteness {
    pub representations: usize,
    /// With neither `filed_on` nor `held_on`.
    pub undated: usize,
    pub requests: usize,
    pub requests_without_outcome: usize,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReportBoardMember {
    pub id: BoardTermId,
    pub person_name: String,
    pub office: Office,
    pub cooperative_id: Option<CooperativeId>,
    pub cooperative_name: Option<String>,
    #[serde(serialize_with = "crate::routes::json_dates::opt_day")]
    pub from: Option<NaiveDate>,
    #[serde(serialize_with = "crate::routes::json_dates::opt_day")]
    pub until: Option<NaiveDate>,
}

/// Who was on the board on `on` (a term whose bounds are not recorded counts), by office.
#[derive(Debug, Serialize, ToSchema)]
pub struct BoardSection {
    #[serde(serialize_with = "crate::routes::json_dates::day")]
    pub on: NaiveDate,
    pub members: Vec<ReportBoardMember>,
    pub completeness: BoardCompleteness,
}

#[derive(Debug, Default, Serialize, ToSchema)]
pub struct BoardCompleteness {
    pub members: usize,
    /// Terms whose start (`from`) is not recorded: counted as covering the date.
    pub without_dates: usize,
}
