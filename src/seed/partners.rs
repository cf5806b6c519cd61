//! The federation's partners and the service agreements its 2019-2020 annual report and the
//! national day of 4 March 2020 describe. The documents give no dates and no formal status,
//! so every agreement is entered as a draft without dates; staff record the rest through
//! transitions. Natural keys: a partner's name, an agreement's (partner, title).

use chrono::NaiveDate;
use diesel::QueryResult;
use diesel_async::AsyncPgConnection;
use serde_json::{Value, json};

use super::{Report, invalid, object};
use crate::db;
use crate::domain::agreement::NewAgreement;
use crate::domain::partner::PartnerProfile;
use crate::domain::profile::Profile;

/// (partner, its agreements)
fn data() -> Vec<(Value, Vec<Value>)> {
    vec![
        (
            json!({
                "name": "SAGE, assurances et rentes collectives",
                "kind": "insurance_broker",
                "contact_name": "Simon Jomphe",
                "notes": "Courtier en assurance et rentes collectives. M. Simon Jomphe, directeur de comptes, a présenté son offre de services à la Journée nationale du 4 mars 2020."
            }),
            vec![json!({
                "title": "Assurances collectives pour le personnel des coopératives",
                "category": "group_insurance",
                "beneficiaries": "employees",
                "terms": "Entente de services avec le courtier SAGE pour permettre aux coopératives de santé d'offrir une assurance collective et des rentes collectives à leurs employés, pour contribuer à leur recrutement et à leur rétention."
            })],
        ),
        (
            json!({
                "name": "SOS Cuisine",
                "kind": "nutrition",
                "contact_name": "Cinzia Cuneo",
                "notes": "Mme Cinzia Cuneo, directrice, a rappelé les éléments de l'entente de services à la Journée nationale du 4 mars 2020."
            }),
            vec![json!({
                "title": "Entente de services SOS Cuisine",
                "category": "nutrition",
                "beneficiaries": "both",
                "terms": "Service de nutrition et de planification de repas offert aux membres des coopératives de santé, promu par l'entremise des professionnels de la santé concernés."
            })],
        ),
        (
            json!({
                "name": "Akira",
                "kind": "telemedicine",
                "contact_name": "Pascale Beauchemin",
                "notes": "Application de télémédecine; Mme Pascale Beauchemin, représentante, l'a présentée à la Journée nationale du 4 mars 2020."
            }),
            vec![json!({
                "title": "Télémédecine pour les membres des coopératives de santé",
                "category": "telemedicine",
                "beneficiaries": "members",
                "terms": "Déploiement du service de télémédecine d'Akira pour les membres des coopératives de santé : accès à distance à une consultation médicale par une application."
            })],
        ),
        (
            json!({"name": "Co-operators", "kind": "insurer"}),
            vec![json!({
                "title": "Assurance auto et habitation pour le personnel des coopératives",
                "category": "property_insurance",
                "beneficiaries": "employees",
                "terms": "Entente de services avec Co-operators pour offrir l'assurance auto et habitation au personnel des coopératives de santé."
            })],
        ),
        (
            json!({
                "name": "Desjardins",
                "kind": "sponsor",
                "notes": "Commanditaire (mouvement Desjardins)."
            }),
            vec![],
        ),
        (
            json!({
                "name": "Conseil québécois de la coopération et de la mutualité (CQCM)",
                "kind": "funder",
                "notes": "Aide financière aux projets de la FQCS en 2019-2020."
            }),
            vec![],
        ),
        (
            json!({
                "name": "Ministère de l'Économie et de l'Innovation (MEI)",
                "kind": "funder",
                "notes": "Aide financière aux projets de la FQCS en 2019-2020."
            }),
            vec![],
        ),
        (
            json!({
                "name": "Caisse d'économie solidaire",
                "kind": "sponsor",
                "notes": "Commanditaire."
            }),
            vec![],
        ),
    ]
}

/// A date no seeded value can be after: the seeds carry no dates to check against it.
fn far_future() -> NaiveDate {
    NaiveDate::MAX
}

pub async fn seed(conn: &mut AsyncPgConnection) -> QueryResult<Report> {
    let mut report = Report::default();
    for (partner, agreements) in data() {
        let profile =
            PartnerProfile::from_json(object(partner)).map_err(|e| invalid("partner", &e))?;
        let name = profile.name.as_str().to_owned();
        let row = match db::partners::find_by_name(conn, &name).await? {
            Some(row) => {
                report.unchanged += 1;
                row
            }
            None => {
                report.created += 1;
                db::partners::insert(conn, profile).await?
            }
        };
        for agreement in agreements {
            let mut body = object(agreement);
            body.insert("partner_id".into(), Value::String(row.id.to_string()));
            let new = NewAgreement::from_json(body, far_future())
                .map_err(|e| invalid("agreement", &e))?;
            let title = new.profile.title.as_str().to_owned();
            if db::agreements::find_by_title(conn, row.id, &title)
                .await?
                .is_some()
            {
                report.unchanged += 1;
            } else {
                report.created += 1;
                db::agreements::insert(conn, new).await?;
            }
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seeded_records_are_valid() {
        for (partner, agreements) in data() {
            assert!(PartnerProfile::from_json(object(partner)).is_ok());
            for agreement in agreements {
                let mut body = object(agreement);
                body.insert(
                    "partner_id".into(),
                    Value::String(uuid::Uuid::nil().to_string()),
                );
                assert!(NewAgreement::from_json(body, far_future()).is_ok());
            }
        }
    }
}
