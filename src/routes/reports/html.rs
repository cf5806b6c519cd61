//! The annual report as a printable French page, rendered by minijinja from
//! `templates/annual_report.html` with HTML autoescaping: every recorded text is escaped.

use std::sync::LazyLock;

use minijinja::{AutoEscape, Environment, context};

use super::views::AnnualReport;

const TEMPLATE: &str = include_str!("../../../templates/annual_report.html");

static ENV: LazyLock<Result<Environment<'static>, minijinja::Error>> = LazyLock::new(|| {
    let mut env = Environment::new();
    // Whatever the template's name, escape: the page shows text clients wrote.
    env.set_auto_escape_callback(|_| AutoEscape::Html);
    env.add_filter("fr", label);
    env.add_filter("jour", day);
    env.add_template("annual_report.html", TEMPLATE)?;
    Ok(env)
});

pub fn render(report: &AnnualReport) -> Result<String, minijinja::Error> {
    let env = ENV
        .as_ref()
        .map_err(|e| minijinja::Error::new(e.kind(), e.to_string()))?;
    env.get_template("annual_report.html")?
        .render(context! { r => report })
}

/// The French label of a code the API sends (kinds, statuses, offices, sources).
fn label(code: String) -> String {
    match code.as_str() {
        "agm" => "Assemblée générale annuelle",
        "members_day" => "Journée des membres",
        "national_day" => "Journée nationale",
        "committee" => "Comité",
        "webinar" => "Webinaire",
        "other" => "Autre",
        "study" => "Étude",
        "guide" => "Guide",
        "service_deployment" => "Déploiement de service",
        "planning" => "Planification",
        "planned" => "Prévu",
        "in_progress" => "En cours",
        "completed" => "Terminé",
        "paused" => "En pause",
        "abandoned" => "Abandonné",
        "draft" => "Ébauche",
        "negotiating" => "En négociation",
        "active" => "En vigueur",
        "suspended" => "Suspendue",
        "expired" => "Échue",
        "terminated" => "Résiliée",
        "adopted" => "Adopté",
        "closed" => "Clos",
        "brief" => "Mémoire",
        "meeting" => "Rencontre",
        "president" => "Présidence",
        "vice_president" => "Vice-présidence",
        "treasurer" => "Trésorerie",
        "secretary" => "Secrétariat",
        "director" => "Administration",
        "participations" => "participations enregistrées",
        "reported" => "totaux rapportés",
        "approximate" => "nombre approximatif",
        "unknown" => "non enregistrée",
        "group_insurance" => "Assurance collective",
        "property_insurance" => "Assurance de biens",
        "telemedicine" => "Télémédecine",
        "nutrition" => "Nutrition",
        _ => return code,
    }
    .to_owned()
}

/// `2020-03-04` as `4 mars 2020`; anything else unchanged.
fn day(iso: String) -> String {
    const MONTHS: [&str; 12] = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    match chrono::NaiveDate::parse_from_str(&iso, "%Y-%m-%d") {
        Ok(d) => {
            use chrono::Datelike;
            let month = MONTHS[d.month0() as usize];
            let first = if d.day() == 1 {
                "1er".to_owned()
            } else {
                d.day().to_string()
            };
            format!("{first} {month} {}", d.year())
        }
        Err(_) => iso,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_and_codes_read_in_french() {
        assert_eq!(super::day("2020-03-04".into()), "4 mars 2020");
        assert_eq!(super::day("2019-04-01".into()), "1er avril 2019");
        assert_eq!(super::label("vice_president".into()), "Vice-présidence");
        assert_eq!(super::label("not_a_code".into()), "not_a_code");
    }
}
