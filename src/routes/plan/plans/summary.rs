//! The board report of a plan in one call: every orientation with its objectives' progress.

use crate::db::list::ListConn;
use crate::i18n::msg;
use std::collections::BTreeMap;

use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, HttpResponse, get, web};
use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

use super::views::StrategicPlan;
use crate::auth::Caller;
use crate::db::plans::PlanRow;
use crate::db::{self, Resource};
use crate::domain::ids::{ObjectiveId, OrientationId, PlanId};
use crate::error::{ApiError, ApiResult, OrNotFound};
use crate::routes::plan::shared::READERS;
use crate::routes::plan::shared::progress::{AsOfParams, Counts, ObjectiveProgress, progress_of};

/// An orientation with its objectives' progress.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrientationSummary {
    pub id: OrientationId,
    pub number: i32,
    pub title: String,
    pub description: Option<String>,
    pub counts: Counts,
    /// By code.
    pub objectives: Vec<ObjectiveProgress>,
}

/// Where a plan stands: what a board report or the AGM needs in one call.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "plan": {
        "id": "01937a4c-5f6e-7c3a-9d1b-2f4e6a8c0b1d",
        "title": "Planification stratégique 2020-2023",
        "period_start": "2020-04-01",
        "period_end": "2023-03-31",
        "adopted_on": "2020-06-15",
        "status": "adopted",
        "mission": "La mission de la FQCS est de promouvoir, défendre et protéger les intérêts de l’ensemble des coopératives de santé…",
        "vision": null,
        "values": [],
        "created_at": "2026-11-25T14:00:00Z",
        "updated_at": "2026-11-25T14:00:00Z",
        "version": 2
    },
    "as_of": "2021-10-01",
    "counts": {
        "objectives": 1,
        "by_status": {"not_started": 0, "in_progress": 1, "achieved": 0, "abandoned": 0},
        "by_tracking": {"on_track": 1, "at_risk": 0, "off_track": 0, "unmeasured": 0}
    },
    "orientations": [{
        "id": "01937a4c-6a10-7c3a-9d1b-2f4e6a8c0b1d",
        "number": 2,
        "title": "Poursuivre le développement du membership",
        "description": null,
        "counts": {
            "objectives": 1,
            "by_status": {"not_started": 0, "in_progress": 1, "achieved": 0, "abandoned": 0},
            "by_tracking": {"on_track": 1, "at_risk": 0, "off_track": 0, "unmeasured": 0}
        },
        "objectives": [{
            "objective_id": "01937a4c-7b20-7c3a-9d1b-2f4e6a8c0b1d",
            "code": "2.1",
            "title": "Accroître le nombre de coopératives membres",
            "status": "in_progress",
            "indicator": "Coopératives membres de la FQCS",
            "indicator_source": "member_cooperatives",
            "unit": "coopératives",
            "direction": "increase",
            "baseline": {"as_of": "2020-04-01", "value": 30.0},
            "target": {"as_of": "2023-03-31", "value": 40.0},
            "latest": {"as_of": "2021-10-01", "value": 35.0},
            "percent_complete": 50.0,
            "expected_percent": 50.09,
            "tracking": "on_track",
            "history": [{"as_of": "2020-04-01", "value": 30.0}, {"as_of": "2021-02-15", "value": 35.0}]
        }]
    }]
}))]
pub struct PlanSummary {
    pub plan: StrategicPlan,
    /// The day progress is read for: `as_of` if given, else today (UTC).
    #[serde(serialize_with = "crate::routes::json_dates::day")]
    pub as_of: NaiveDate,
    /// Over the whole plan.
    pub counts: Counts,
    /// By number.
    pub orientations: Vec<OrientationSummary>,
}

/// Who may see a plan's summary: anyone for an adopted or closed plan; for a draft, a token
/// of a reading role (401 without one). A token that is sent must be valid, even where none
/// is needed.
async fn authorize(req: &HttpRequest, public: bool) -> Result<(), ApiError> {
    if req.headers().contains_key(header::AUTHORIZATION) {
        let caller = Caller::extract(req).await?;
        if !public {
            caller.require(READERS, msg!("may-read-draft-strategic-plans"))?;
        }
        return Ok(());
    }
    if public {
        Ok(())
    } else {
        Err(ApiError::Unauthorized(msg!("plan-summary-draft")))
    }
}

/// Read a plan's progress summary
///
/// Every orientation with its objectives' progress, and counts per status and tracking for
/// each orientation and the whole plan (abandoned objectives are left out of the tracking
/// counts). Tracking is defined in `ObjectiveProgress`. `as_of` gives the report as it
/// stood on a past day (a board meeting, the AGM). Public (no token) for an adopted or closed plan; a
/// draft needs an admin, reader or co-op manager token (401 without a token, 403 for others).
#[utoipa::path(
    tag = "strategic-plans",
    params(("id" = Uuid, Path, description = "Strategic plan id"), AsOfParams),
    responses(
        (status = 200, description = "The plan's summary", body = PlanSummary),
    ),
    security((), ("bearer" = ["admin", "reader", "coop_manager"]))
)]
#[get("/strategic-plans/{id}/summary")]
pub async fn get_strategic_plan_summary(
    pool: web::Data<db::ReadPool>,
    id: web::Path<PlanId>,
    params: web::Query<AsOfParams>,
    req: HttpRequest,
) -> ApiResult<HttpResponse> {
    let day = params.day()?;
    let mut conn = db::conn(&pool).await?;
    let plan = PlanRow::find(&mut conn, id.into_inner()).await.or_404()?;
    authorize(&req, plan.is_public()).await?;
    let orientations =
        db::plans::list_orientations(&ListConn::plain(&conn), plan.id, None, 100).await?;
    let objectives = db::objectives::objectives_of_plan(&mut conn, plan.id).await?;
    let mut by_orientation: BTreeMap<OrientationId, Vec<ObjectiveProgress>> = BTreeMap::new();
    let orientation_of: BTreeMap<ObjectiveId, OrientationId> = objectives
        .iter()
        .map(|o| (o.id, o.orientation_id))
        .collect();
    for p in progress_of(&mut conn, objectives, day).await? {
        if let Some(orientation) = orientation_of.get(&p.objective_id) {
            by_orientation.entry(*orientation).or_default().push(p);
        }
    }
    let mut counts = Counts::default();
    let orientations = orientations
        .into_iter()
        .map(|o| {
            let objectives = by_orientation.remove(&o.id).unwrap_or_default();
            let mut own = Counts::default();
            for p in &objectives {
                own.add(p);
                counts.add(p);
            }
            OrientationSummary {
                id: o.id,
                number: o.number,
                title: o.title,
                description: o.description,
                counts: own,
                objectives,
            }
        })
        .collect();
    Ok(HttpResponse::Ok().json(PlanSummary {
        plan: plan.into(),
        as_of: day,
        counts,
        orientations,
    }))
}
