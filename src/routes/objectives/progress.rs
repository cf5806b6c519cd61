//! Progress of objectives: latest value, share of the way to the target, and tracking.

use crate::i18n::msg;
use std::collections::HashMap;

use actix_web::{HttpResponse, get, web};
use chrono::NaiveDate;
use diesel_async::AsyncPgConnection;
use serde::Deserialize;
use utoipa::IntoParams;

use super::views::{ObjectiveProgress, Point};
use crate::auth::Caller;
use crate::db::objectives::ObjectiveRow;
use crate::db::{self, DbPool, Resource};
use crate::domain::FieldError;
use crate::domain::fields::Day;
use crate::domain::ids::ObjectiveId;
use crate::domain::objectives::assess;
use crate::error::{ApiError, ApiResult, OrNotFound};
use crate::routes::plans::READERS;
use crate::routes::today;

/// The day progress is read for.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AsOfParams {
    /// Read progress as it stood on this day (`YYYY-MM-DD`, not in the future; default today):
    /// only measurements up to that day count, computed indicators are evaluated on it.
    #[param(example = "2021-11-04", value_type = Option<NaiveDate>)]
    as_of: Option<String>,
}

impl AsOfParams {
    /// The requested day, or today; a malformed or future day is a 400.
    pub fn day(&self) -> Result<NaiveDate, ApiError> {
        let today = today();
        let Some(raw) = &self.as_of else {
            return Ok(today);
        };
        let bad =
            |code, message| ApiError::InvalidQuery(vec![FieldError::new("as_of", code, message)]);
        let day = Day::parse(raw).map_err(|e| bad(e.code, e.message))?.get();
        if day > today {
            return Err(bad("future", msg!("future-date")));
        }
        Ok(day)
    }
}

/// The progress of each objective as it stood on `today`, in the order given.
pub async fn progress_of(
    conn: &mut AsyncPgConnection,
    objectives: Vec<ObjectiveRow>,
    today: NaiveDate,
) -> Result<Vec<ObjectiveProgress>, ApiError> {
    let typed: Vec<ObjectiveId> = objectives
        .iter()
        .filter(|o| o.indicator_source.is_none())
        .map(|o| o.id)
        .collect();
    let mut measured: HashMap<ObjectiveId, Vec<Point>> = HashMap::new();
    for (id, as_of, value) in db::objectives::history(conn, &typed, today).await? {
        measured.entry(id).or_default().push(Point { as_of, value });
    }
    let mut out = Vec::with_capacity(objectives.len());
    for o in objectives {
        let (history, latest) = match o.indicator_source {
            None => {
                let history = measured.remove(&o.id).unwrap_or_default();
                let latest = history.last().copied();
                (history, latest)
            }
            Some(source) => {
                let history: Vec<Point> =
                    db::indicators::series(conn, source, o.baseline_date, today)
                        .await?
                        .into_iter()
                        .map(|(as_of, value)| Point { as_of, value })
                        .collect();
                // A computed value is known today, not only on the day it last changed.
                let latest = history.last().map(|p| Point {
                    as_of: today,
                    value: p.value,
                });
                (history, latest)
            }
        };
        let assessment = latest.map(|l| {
            assess(
                (o.baseline_date, o.baseline_value),
                (o.target_date, o.target_value),
                (l.as_of, l.value),
            )
        });
        out.push(ObjectiveProgress {
            objective_id: o.id,
            code: o.code,
            title: o.title,
            status: o.status,
            indicator: o.indicator,
            indicator_source: o.indicator_source,
            unit: o.unit,
            direction: o.direction,
            baseline: Point {
                as_of: o.baseline_date,
                value: o.baseline_value,
            },
            target: Point {
                as_of: o.target_date,
                value: o.target_value,
            },
            latest,
            percent_complete: assessment.map(|a| a.percent_complete),
            expected_percent: assessment.map(|a| a.expected_percent),
            tracking: assessment.map(|a| a.tracking),
            history,
        });
    }
    Ok(out)
}

/// Read an objective's progress
///
/// Admins, readers and co-op managers. The latest value, the share of the way from baseline
/// to target, the share expected by then on the straight line from baseline (at its date) to
/// target (at its date), and `tracking`: `on_track` when at most 10 points behind the line,
/// `at_risk` when at most 25 points behind, `off_track` beyond (see `ObjectiveProgress`).
#[utoipa::path(
    tag = "strategic-plans",
    params(("id" = Uuid, Path, description = "Objective id"), AsOfParams),
    responses(
        (status = 200, description = "The objective's progress", body = ObjectiveProgress),
    ),
    security(("bearer" = ["admin", "reader", "coop_manager"]))
)]
#[get("/objectives/{id}/progress")]
pub async fn get_objective_progress(
    caller: Caller,
    pool: web::Data<DbPool>,
    id: web::Path<ObjectiveId>,
    params: web::Query<AsOfParams>,
) -> ApiResult<HttpResponse> {
    caller.require(READERS, msg!("may-read-strategic-plans"))?;
    let day = params.day()?;
    let mut conn = db::conn(&pool).await?;
    let row = ObjectiveRow::find(&mut conn, id.into_inner())
        .await
        .or_404()?;
    let progress = progress_of(&mut conn, vec![row], day)
        .await?
        .pop()
        .ok_or_else(|| ApiError::Internal("no progress computed for an objective".into()))?;
    Ok(HttpResponse::Ok().json(progress))
}
