//! The FQCS strategic plan 2020-2023 and its four orientations, worded exactly as in the
//! annual report 2019-2020 (`shared/seeds/rapport-annuel-2019-2020.txt`).
//!
//! The report states the mission and the four orientations; it mentions a vision, values and
//! twelve objectives without stating them, so none are invented here. It gives no adoption
//! date, so the plan is loaded as a draft. Its period follows the federation's fiscal year
//! (the year 2019-2020 ended three weeks into the COVID-19 crisis, i.e. on 31 March 2020):
//! the "trois (3) prochaines années" run from 1 April 2020 to 31 March 2023.

use chrono::NaiveDate;
use diesel::result::Error;
use diesel_async::AsyncPgConnection;
use serde_json::json;

use super::{Report, invalid};
use crate::db;
use crate::db::list::ListConn;
use crate::domain::plans::{OrientationProfile, PlanProfile};

pub const TITLE: &str = "Planification stratégique 2020-2023";

const MISSION: &str = "La mission de la FQCS est de promouvoir, défendre et protéger les intérêts de l’ensemble des coopératives de santé et de chacun de ses membres afin qu’elles soient reconnues comme des piliers de l’offre de soins de santé de proximité au bénéfice des communautés. Sa mission consiste également à soutenir ses membres en leur offrant des services professionnels de qualité à juste coût.";

pub const ORIENTATIONS: [&str; 4] = [
    "Augmenter la notoriété des coopératives de santé et accroître l’attrait du modèle coopératif en santé",
    "Poursuivre le développement du membership",
    "Mettre en place les conditions qui permettront d’augmenter les revenus autonomes de la FQCS",
    "Développer l’innovation à la FQCS pour les coopératives de santé membres",
];

/// Creates the plan (matched by title) and each orientation (matched by number) if missing.
pub async fn seed(conn: &mut AsyncPgConnection) -> Result<Report, Error> {
    let mut report = Report::default();
    let plan = match db::plans::find_plan_by_title(conn, TITLE).await? {
        Some(plan) => {
            report.unchanged += 1;
            plan
        }
        None => {
            let body = json!({
                "title": TITLE,
                "period_start": "2020-04-01",
                "period_end": "2023-03-31",
                "status": "draft",
                "mission": MISSION,
            });
            let today = NaiveDate::from_ymd_opt(2100, 1, 1).unwrap_or_default();
            let input =
                PlanProfile::from_json(body.as_object().cloned().unwrap_or_default(), today)
                    .map_err(|e| invalid("plan", e))?;
            report.created += 1;
            db::plans::insert_plan(conn, input).await?
        }
    };
    let existing: Vec<i32> =
        db::plans::list_orientations(&ListConn::plain(conn), plan.id, None, 100)
            .await?
            .into_iter()
            .map(|o| o.number)
            .collect();
    for (number, title) in (1..).zip(ORIENTATIONS) {
        if existing.contains(&number) {
            report.unchanged += 1;
            continue;
        }
        let body = json!({"number": number, "title": title});
        let input = OrientationProfile::from_json(body.as_object().cloned().unwrap_or_default())
            .map_err(|e| invalid("orientation", e))?;
        db::plans::insert_orientation(conn, plan.id, number, input).await?;
        report.created += 1;
    }
    Ok(report)
}
