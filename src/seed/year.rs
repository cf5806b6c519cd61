//! The federation's year 2019-2020 as its annual report and the national day's highlights
//! state it: events, their presentations, projects and their funders, representations and
//! their requests, the board. Nothing more: dates, figures and statuses the documents do not
//! give stay empty (a project's status stays `planned` until staff record its transitions).
//! Children (presentations, funders, requests) are added with their parent only, so a second
//! run changes nothing.

use diesel::result::Error;
use diesel_async::AsyncPgConnection;
use serde_json::{Value, json};

use super::{Report, invalid, object};
use crate::db;
use crate::domain::board::BoardTermProfile;
use crate::domain::event::{EventProfile, PresentationProfile};
use crate::domain::profile::Profile;
use crate::domain::project::{NewFunder, ProjectProfile};
use crate::domain::representation::{RepresentationProfile, RequestProfile};

const SAGE: &str = "SAGE, assurances et rentes collectives";
const AKIRA: &str = "Akira";
const SOS: &str = "SOS Cuisine";
const CQCM: &str = "Conseil québécois de la coopération et de la mutualité (CQCM)";
const MEI: &str = "Ministère de l'Économie et de l'Innovation (MEI)";

const CAREGIVERS: &str =
    "Étude de préfaisabilité sur la coordination des soins aux proches aidants";
const VULNERABLE: &str = "Étude sur le développement d'une entente de service pour la prise en charge de populations vulnérables";
const PRACTICES: &str = "Recueil des meilleures pratiques d'affaires (MPA)";
const GERIATRICS: &str = "Développement des services de gériatrie sociale";
const TELEMEDICINE: &str =
    "Déploiement du service de télémédecine pour les membres des coopératives de santé";
const PLANNING: &str = "Élaboration de la planification stratégique 2020-2023";

/// (project, funded by the CQCM and the MEI: the director's message says so of these)
fn projects() -> Vec<(Value, bool)> {
    vec![
        (
            json!({"title": CAREGIVERS, "kind": "study", "public": true,
            "objective": "Évaluer la possibilité de développer une offre de services pour les proches aidants, dans les coopératives de santé.",
            "context": "D’ici 2030, 25 % de la population québécoise sera âgée de plus de 65 ans. Dans la mesure où ce sont les proches aidants qui assument en grande partie les soins à domicile pour les personnes vieillissantes en perte d’autonomie, il est évident que cette situation aura un impact important sur la demande en lien avec ce type de service, mais aussi sur les proches aidants. En 2016, on estimait qu’il y avait environ 2,2 millions proches aidants au Québec.",
            "expected_outcomes": [
                "Développement de nouveaux services de coordination de rendez-vous médicaux et de services de commande ou de renouvellement de prescriptions de médicaments.",
                "Entente de référencement avec l’Appui pour les proches aidants d’aînés",
                "Développement d’une expertise dans les coopératives de santé au niveau du soutien aux proches aidants et aux aînés vulnérables",
                "Augmentation du membership",
                "Meilleure reconnaissance du milieu et augmentation de la notoriété des coopératives de santé",
                "Positionnement des coopératives de santé comme intervenants actifs et crédibles auprès des proches aidants",
                "Préparation des coopératives de santé à saisir les opportunités offertes par la nouvelle politique gouvernementale de soutien aux proches aidants"
            ]}),
            true,
        ),
        (
            json!({"title": VULNERABLE, "kind": "study", "public": true,
            "objective": "Évaluer la possibilité de développer une entente de services pour la prise en charge de populations vulnérables, dans les coopératives de santé.",
            "context": "Malgré le fait que de nombreux organismes proposent des services aux clientèles vulnérables, plusieurs obstacles limitent l’utilisation des services disponibles : absence de la carte d’assurance-maladie à jour et de pièces d’identité chez des citoyens, problèmes importants en santé mentale, manque de confiance envers les intervenants du réseau de la santé et de l’État, connaissance limitée des ressources disponibles et de l’organisation des services.",
            "expected_outcomes": [
                "Entente de collaboration avec le Centre intégré de votre territoire",
                "Développement d’un nouveau service",
                "Augmentation de la reconnaissance et de la notoriété des coopératives de santé",
                "Meilleur ancrage territorial des coopératives de santé",
                "Consolidation d’un service de santé de proximité",
                "Amélioration de la santé de la population vulnérable",
                "Meilleure connaissance des ressources du milieu dans les coopératives de santé",
                "Meilleure coordination des soins de santé et de services sociaux dans la communauté",
                "Augmentation de l’attractivité de la communauté",
                "Augmentation du membership",
                "Meilleur soutien des coopératives de santé par les instances gouvernementales"
            ]}),
            true,
        ),
        (
            json!({"title": PRACTICES, "kind": "guide", "public": true,
            "objective": "Soutenir les dirigeants des coopératives de santé, ainsi que leurs conseillers, lors de la réalisation des diverses étapes, en vue de démarrer de nouvelles coopératives, mais aussi pour assurer la pérennité de celles déjà en opération."}),
            true,
        ),
        (
            json!({"title": GERIATRICS, "kind": "committee", "public": true,
            "objective": "Implantation de pratiques en gériatrie sociale, dans le but d’améliorer les services offerts aux personnes plus vulnérables du Québec et de bonifier l’offre de services des coopératives de santé.",
            "context": "Comité consultatif du 9 janvier 2020; démarches temporairement mises de côté en raison de la COVID-19, elles reprendront dès que la situation le permettra."}),
            true,
        ),
        (
            json!({"title": TELEMEDICINE, "kind": "service_deployment", "public": true,
            "expected_outcomes": [
                "Répondre à un besoin grandissant des citoyens de toutes les régions du Québec en regard à l’accessibilité",
                "Bonifier l’offre de services des coopératives de santé, en offrant une alternative au problème de manque de médecins",
                "Positionner les coopératives de santé comme un acteur du numérique dans la dispensation des soins de santé au Québec",
                "Augmenter l’autonomie financière des coopératives de santé par une augmentation du membership",
                "Élaborer un modèle d’affaires concret, transférable aux autres coopératives de santé, en tenant compte de tous les aspects dont les partenariats à établir, les ressources humaines nécessaires, les coûts de démarrage et d’opération, les aspects légaux à considérer, etc."
            ]}),
            true,
        ),
        (
            json!({"title": PLANNING, "kind": "planning", "public": true,
            "objective": "Doter la FQCS d’une mission, d’une vision et de valeurs, et définir des orientations stratégiques et des objectifs à atteindre."}),
            false,
        ),
    ]
}

/// (event, its presentations as (title, presenter, role, partner, project))
type Talk = (
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
);

fn events() -> Vec<(Value, Vec<Talk>)> {
    vec![
        (
            json!({"title": "Journée santé des membres de la FQCS", "kind": "members_day",
                "starts_on": "2019-09-19", "municipality": "Drummondville",
                "description": "Participation à l’AGA de la FQCS, réseautage et conférences.",
                "reported_representatives": 17, "reported_cooperatives": 12,
                "attendance_note": "17 représentants de 12 coopératives de santé"}),
            vec![
                (
                    "Les diverses façons de consentir des avantages sociaux aux employés, pour contribuer à leur recrutement et à leur rétention",
                    None,
                    None,
                    Some(SAGE),
                    None,
                ),
                (
                    "Les avantages de la télémédecine pour les membres des coopératives de santé",
                    None,
                    None,
                    Some(AKIRA),
                    None,
                ),
                (
                    "Les nombreux services professionnels offerts par la FQCS",
                    None,
                    None,
                    None,
                    None,
                ),
                (
                    "Les actions entreprises par la FQCS auprès du cabinet du ministre de la Santé, de la Commission de la santé et des services sociaux, etc.",
                    None,
                    None,
                    None,
                    None,
                ),
            ],
        ),
        (
            json!({"title": "Comité consultatif en gériatrie sociale", "kind": "committee",
                "starts_on": "2020-01-09", "reported_representatives": 4,
                "attendance_note": "quatre représentants de coopératives de santé ainsi que des professionnels de la Fédération"}),
            vec![],
        ),
        (
            json!({"title": "Journée nationale des coopératives de santé", "kind": "national_day",
                "starts_on": "2020-03-04", "municipality": "Trois-Rivières",
                "approximate_representatives": 15,
                "attendance_note": "une quinzaine de représentants de coopératives membres de la FQCS"}),
            vec![
                (
                    "Le Plan stratégique 2019-2023 du MSSS et les opportunités pour les coopératives de santé",
                    Some("Simon Laboissonnière"),
                    Some("Conseiller aux affaires publiques, FQCS"),
                    None,
                    None,
                ),
                (
                    "Conclusions préliminaires de l’étude de préfaisabilité sur l’offre de services aux proches aidants",
                    Some("Maxime Tremblay"),
                    Some("Conseiller au développement stratégique des entreprises"),
                    None,
                    Some(CAREGIVERS),
                ),
                (
                    "Les meilleures pratiques d’affaires dans les coopératives de santé",
                    Some("François Allaire"),
                    Some("Directeur, FQCS"),
                    None,
                    Some(PRACTICES),
                ),
                (
                    "Une offre de services en assurance collective pour les employés des coopératives de santé",
                    Some("Simon Jomphe"),
                    Some("Directeur de comptes, SAGE"),
                    Some(SAGE),
                    None,
                ),
                (
                    "L’entente de services intervenue entre SOS Cuisine et la FQCS",
                    Some("Cinzia Cuneo"),
                    Some("Directrice, SOS Cuisine"),
                    Some(SOS),
                    None,
                ),
                (
                    "Les étapes du déploiement de la télémédecine pour les membres des coopératives de santé",
                    Some("Pascale Beauchemin"),
                    Some("Représentante, Akira (avec François Allaire, directeur de la FQCS)"),
                    Some(AKIRA),
                    Some(TELEMEDICINE),
                ),
                (
                    "Conclusions préliminaires de l’étude sur les soins aux populations vulnérables",
                    Some("Maxime Tremblay"),
                    Some("Conseiller au développement stratégique des entreprises"),
                    None,
                    Some(VULNERABLE),
                ),
                (
                    "La planification stratégique 2020-2023 de la FQCS",
                    Some("François Allaire"),
                    Some("Directeur, FQCS"),
                    None,
                    Some(PLANNING),
                ),
            ],
        ),
    ]
}

fn representations() -> Vec<(Value, Vec<&'static str>)> {
    vec![
        (
            json!({"title": "Consultations prébudgétaires 2019-2020", "kind": "brief",
                "authority": "ministère des Finances", "consultation": "Consultations prébudgétaires 2019-2020",
                "summary": "Demandes déposées dans le but de favoriser la pérennité des coopératives de santé. Des représentants de la FQCS et du cabinet du ministre des Finances se sont rencontrés pour en discuter."}),
            vec![
                "Mise sur pied d’un crédit d’impôt remboursable pour la contribution annuelle des membres des coopératives de santé.",
                "Favoriser l’émergence de meilleures pratiques d’affaires dans les coopératives de santé.",
            ],
        ),
        (
            json!({"title": "Mémoire sur le Plan d’action en économie sociale 2020-2025", "kind": "brief",
                "authority": "ministère de l’Économie et de l’Innovation", "consultation": "Plan d’action en économie sociale 2020-2025",
                "summary": "Mémoire de quatre recommandations, dans le but de favoriser la pérennité des coopératives de santé qui offrent des services essentiels aux communautés."}),
            vec![
                "Mettre sur pied un crédit d’impôt remboursable pour la contribution annuelle des membres des coopératives de santé.",
                "Favoriser l’émergence de meilleures pratiques d’affaires dans les coopératives de santé en finançant, notamment, des projets structurants liés à la croissance des entreprises, à l’innovation et au virage numérique.",
                "Reconduire l’entente de partenariat pour le développement des coopératives, dans la continuité du soutien accordé dans le Plan d’action gouvernemental en économie sociale 2015-2020.",
                "Reconnaître les coopératives de santé, au regard de l’importance qu’elles ont pour leur communauté et la vitalité des régions.",
            ],
        ),
    ]
}

/// The board as the annual report lists it (no dates: the report gives none).
const BOARD: [(&str, &str); 5] = [
    ("Chantal Dubuc", "president"),
    ("Nancie Allaire", "vice_president"),
    ("Nathalie Fréchette", "treasurer"),
    ("Gabriel Sansoucy", "secretary"),
    ("Josée Ouellet", "director"),
];

async fn partner(
    conn: &mut AsyncPgConnection,
    name: &str,
) -> Result<crate::domain::ids::PartnerId, Error> {
    db::partners::find_by_name(conn, name)
        .await?
        .map(|p| p.id)
        .ok_or_else(|| invalid("reference", format!("partner {name} is not seeded")))
}

pub async fn seed(conn: &mut AsyncPgConnection) -> Result<Report, Error> {
    let mut report = Report::default();
    for (body, funded) in projects() {
        let profile = ProjectProfile::from_json(object(body)).map_err(|e| invalid("project", e))?;
        if db::projects::find_by_title(conn, profile.title.as_str())
            .await?
            .is_some()
        {
            report.unchanged += 1;
            continue;
        }
        let row = db::projects::insert(conn, profile).await?;
        report.created += 1;
        if funded {
            for name in [CQCM, MEI] {
                let partner_id = partner(conn, name).await?;
                db::projects::insert_funder(
                    conn,
                    row.id,
                    NewFunder {
                        partner_id,
                        amount: None,
                    },
                )
                .await?;
                report.created += 1;
            }
        }
    }
    for (body, talks) in events() {
        let profile = EventProfile::from_json(object(body)).map_err(|e| invalid("event", e))?;
        if db::events::find_by_key(conn, profile.starts_on, profile.title.as_str())
            .await?
            .is_some()
        {
            report.unchanged += 1;
            continue;
        }
        let event = db::events::insert(conn, profile).await?;
        report.created += 1;
        for (title, presenter, role, partner_name, project_title) in talks {
            let partner_id = match partner_name {
                Some(name) => Some(partner(conn, name).await?.to_string()),
                None => None,
            };
            let project_id = match project_title {
                Some(t) => db::projects::find_by_title(conn, t)
                    .await?
                    .map(|p| p.id.to_string()),
                None => None,
            };
            let body = json!({"title": title, "presenter_name": presenter, "presenter_role": role,
                              "partner_id": partner_id, "project_id": project_id});
            let talk = PresentationProfile::from_json(object(body))
                .map_err(|e| invalid("presentation", e))?;
            db::events::insert_presentation(conn, event.id, talk).await?;
            report.created += 1;
        }
    }
    let far_future = chrono::NaiveDate::from_ymd_opt(2100, 1, 1).unwrap_or_default();
    for (body, requests) in representations() {
        let profile = RepresentationProfile::from_json(object(body), far_future)
            .map_err(|e| invalid("representation", e))?;
        if db::representations::find_by_title(conn, &profile.title)
            .await?
            .is_some()
        {
            report.unchanged += 1;
            continue;
        }
        let row = db::representations::insert(conn, profile).await?;
        report.created += 1;
        for (number, text) in (1..).zip(requests) {
            let request =
                RequestProfile::from_json(object(json!({"number": number, "text": text})))
                    .map_err(|e| invalid("request", e))?;
            db::representations::insert_request(conn, row.id, request).await?;
            report.created += 1;
        }
    }
    for (name, office) in BOARD {
        // The report is public: so is the board it lists.
        let profile = BoardTermProfile::from_json(object(
            json!({"person_name": name, "office": office, "public": true}),
        ))
        .map_err(|e| invalid("board term", e))?;
        if db::board::find_by_person(conn, name, profile.office)
            .await?
            .is_some()
        {
            report.unchanged += 1;
            continue;
        }
        db::board::insert(conn, profile).await?;
        report.created += 1;
    }
    Ok(report)
}
