//! `coopsante seed --demo`: an invented federation to look at, never to be mistaken for the
//! real one. Forty co-ops across Québec's seventeen regions, named "(exemple)", with phone
//! numbers in the 555-01xx range kept for fiction and `.example` addresses; ten years of
//! counts; two demonstration agreements with the seeded partners, active, and enrolments in
//! them. Every co-op and agreement is marked `demo` (visible in the API), and
//! `coopsante seed --remove-demo` deletes exactly that. The figures come from a fixed seed:
//! every run invents the same federation (relative to today's date).
//!
//! Everything goes through the domain's validation, as an API client's data would.

use chrono::{Datelike, NaiveDate};
use diesel::result::Error;
use diesel_async::AsyncPgConnection;
use serde_json::{Value, json};

use super::{Report, invalid, object};
use crate::db;
use crate::db::transitions::NewTransition;
use crate::domain::agreement::NewAgreement;
use crate::domain::cooperative::{CooperativeProfile, LegalForm};
use crate::domain::enrollment::NewEnrollment;
use crate::domain::ids::CooperativeId;
use crate::domain::lifecycle::{AgreementStatus, Lifecycle, Step};
use crate::domain::membership::{CoopFacts, MembershipCount};

/// (municipality, region, postal code's first three characters, area code)
const PLACES: [(&str, &str, &str, &str); 40] = [
    ("Rimouski", "01", "G5L", "418"),
    ("Rivière-du-Loup", "01", "G5R", "418"),
    ("Matane", "01", "G4W", "418"),
    ("Saguenay", "02", "G7H", "418"),
    ("Alma", "02", "G8B", "418"),
    ("Roberval", "02", "G8H", "418"),
    ("Québec", "03", "G1R", "418"),
    ("Baie-Saint-Paul", "03", "G3Z", "418"),
    ("Donnacona", "03", "G3M", "418"),
    ("Trois-Rivières", "04", "G9A", "819"),
    ("Shawinigan", "04", "G9N", "819"),
    ("La Tuque", "04", "G9X", "819"),
    ("Sherbrooke", "05", "J1H", "819"),
    ("Magog", "05", "J1X", "819"),
    ("Coaticook", "05", "J1A", "819"),
    ("Montréal", "06", "H2L", "514"),
    ("Verdun", "06", "H4G", "514"),
    ("Gatineau", "07", "J8X", "819"),
    ("Maniwaki", "07", "J9E", "819"),
    ("Rouyn-Noranda", "08", "J9X", "819"),
    ("Val-d'Or", "08", "J9P", "819"),
    ("Amos", "08", "J9T", "819"),
    ("Baie-Comeau", "09", "G4Z", "418"),
    ("Sept-Îles", "09", "G4R", "418"),
    ("Chibougamau", "10", "G8P", "418"),
    ("Gaspé", "11", "G4X", "418"),
    ("Les Îles-de-la-Madeleine", "11", "G4T", "418"),
    ("Lévis", "12", "G6V", "418"),
    ("Saint-Georges", "12", "G5Y", "418"),
    ("Thetford Mines", "12", "G6G", "418"),
    ("Laval", "13", "H7N", "450"),
    ("Joliette", "14", "J6E", "450"),
    ("Terrebonne", "14", "J6W", "450"),
    ("Saint-Jérôme", "15", "J7Z", "450"),
    ("Mont-Laurier", "15", "J9L", "819"),
    ("Longueuil", "16", "J4K", "450"),
    ("Saint-Hyacinthe", "16", "J2S", "450"),
    ("Granby", "16", "J2G", "450"),
    ("Drummondville", "17", "J2B", "819"),
    ("Victoriaville", "17", "G6P", "819"),
];

const SERVICES: [&str; 8] = [
    "family_medicine",
    "nursing",
    "psychology",
    "physiotherapy",
    "nutrition",
    "home_care",
    "social_work",
    "pharmacy",
];

/// How many yearly counts each co-op gets (March 31, the fiscal year's end).
const YEARS: i32 = 10;

/// A small deterministic generator (xorshift64*): the same federation on every run.
struct Dice(u64);

impl Dice {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n
    }
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// One invented co-op: its profile as a client would send it.
fn cooperative(i: usize, dice: &mut Dice, today: NaiveDate) -> Value {
    let (town, region, postal, area) = PLACES[i];
    let consumer = i % 5 == 4;
    let joined = day(2008 + (i % 9) as i32, 1 + (dice.below(12) as u32), 1);
    let founded = day(joined.year() - 1 - dice.below(3) as i32, 6, 15);
    let former = i % 10 == 7;
    let mut services: Vec<&str> = SERVICES
        .iter()
        .copied()
        .filter(|_| dice.below(3) > 0)
        .collect();
    if services.is_empty() {
        services.push("nursing");
    }
    let mut body = json!({
        "name": format!("Coop de santé {town} (exemple)"),
        "legal_form": if consumer { "consumer" } else { "solidarity" },
        "street": format!("{}, rue Principale", 10 + dice.below(990)),
        "municipality": town,
        "province": "QC",
        "postal_code": format!("{postal} {}A{}", dice.below(10), dice.below(10)),
        "region": region,
        "phone": format!("{area} 555-01{:02}", i + 10),
        "email": format!("info@coop-exemple-{:02}.example", i + 1),
        "website": format!("https://coop-exemple-{:02}.example", i + 1),
        "founded_on": founded.to_string(),
        "services": services,
        "hosts_gmf": dice.below(2) == 0,
        "federation_status": if former { "former" } else { "member" },
        "member_since": joined.to_string(),
    });
    if former {
        // Left three years ago, on the last day of a fiscal year.
        body["left_on"] = json!(day(today.year() - 3, 3, 31).to_string());
    }
    body
}

/// The March 31sts of the last `YEARS` fiscal years ended by `today`.
fn year_ends(today: NaiveDate) -> Vec<NaiveDate> {
    let last = if today >= day(today.year(), 3, 31) {
        today.year()
    } else {
        today.year() - 1
    };
    (last - YEARS + 1..=last).map(|y| day(y, 3, 31)).collect()
}

/// A co-op's yearly counts: a membership that grows a few per cent a year, with noise.
fn counts(
    profile: &CooperativeProfile,
    dice: &mut Dice,
    today: NaiveDate,
) -> Result<Vec<MembershipCount>, Error> {
    let consumer = profile.legal_form == LegalForm::Consumer;
    let facts = CoopFacts {
        legal_form: profile.legal_form,
        founded_on: profile.founded_on,
    };
    let left = profile.membership.left_on();
    let mut users = 600 + dice.below(4000) as i64;
    let mut workers = 6 + dice.below(30) as i64;
    let supporting = dice.below(60) as i64;
    let mut out = Vec::new();
    for as_of in year_ends(today) {
        users += users * (dice.below(9) as i64 - 2) / 100;
        workers += dice.below(3) as i64 - 1;
        if profile.founded_on.is_some_and(|f| as_of < f) || left.is_some_and(|l| as_of >= l) {
            continue;
        }
        let body = json!({
            "as_of": as_of.to_string(),
            "users": users,
            "workers": if consumer { 0 } else { workers.max(1) },
            "supporting": if consumer { 0 } else { supporting },
            "source": "agm",
            "note": "Données de démonstration (inventées)",
        });
        let count = MembershipCount::from_json(object(body), None, facts, today)
            .map_err(|e| invalid("demo count", e))?;
        out.push(count);
    }
    Ok(out)
}

/// (partner as seeded, the demo agreement's profile)
fn agreements(starts_on: NaiveDate) -> [(&'static str, Value); 2] {
    [
        (
            "SAGE, assurances et rentes collectives",
            json!({
                "title": "Assurance collective — entente d'exemple (démonstration)",
                "category": "group_insurance",
                "beneficiaries": "employees",
                "terms": "Entente inventée pour la démonstration : elle n'existe pas.",
                "signed_on": starts_on.pred_opt().unwrap_or(starts_on).to_string(),
                "starts_on": starts_on.to_string(),
            }),
        ),
        (
            "Akira",
            json!({
                "title": "Télémédecine — entente d'exemple (démonstration)",
                "category": "telemedicine",
                "beneficiaries": "members",
                "terms": "Entente inventée pour la démonstration : elle n'existe pas.",
                "starts_on": starts_on.to_string(),
            }),
        ),
    ]
}

/// Loads the demonstration data unless some is there already (then changes nothing).
/// Needs the reference data (the partners) first.
pub async fn seed(conn: &mut AsyncPgConnection, today: NaiveDate) -> Result<Report, Error> {
    if db::demo::any(conn).await? {
        return Ok(Report {
            created: 0,
            unchanged: PLACES.len(),
        });
    }
    let mut dice = Dice(0x00C0_0B5A_17E5_2026);
    let mut members = Vec::new();
    let mut ids = Vec::new();
    let mut all_counts = Vec::new();
    for i in 0..PLACES.len() {
        let body = cooperative(i, &mut dice, today);
        let profile = CooperativeProfile::from_json(object(body), today)
            .map_err(|e| invalid("demo cooperative", e))?;
        let coop_counts = counts(&profile, &mut dice, today)?;
        let joined = profile.membership.member_since();
        let is_member = profile.membership.left_on().is_none();
        let row = db::cooperatives::insert(conn, profile).await?;
        ids.push(row.id);
        all_counts.extend(coop_counts.into_iter().map(|c| (row.id, c)));
        if is_member {
            members.push((row.id, joined));
        }
    }
    db::demo::mark_cooperatives(conn, &ids).await?;
    let latest_users = |id: CooperativeId| {
        all_counts
            .iter()
            .rev()
            .find(|(c, _)| *c == id)
            .map_or(100, |(_, count)| count.users)
    };
    let starts_on = day(today.year() - 4, 4, 1);
    for (n, (partner, body)) in agreements(starts_on).into_iter().enumerate() {
        let partner = db::partners::find_by_name(conn, partner)
            .await?
            .ok_or_else(|| invalid("demo agreement", format!("{partner} is not seeded")))?;
        let mut body = object(body);
        body.insert("partner_id".into(), json!(partner.id));
        let new = NewAgreement::from_json(body, today).map_err(|e| invalid("demo agreement", e))?;
        let agreement = db::agreements::insert(conn, new).await?;
        db::demo::mark_agreement(conn, agreement.id).await?;
        // A draft is negotiated before it becomes active.
        let negotiated = starts_on - chrono::Days::new(60);
        for (from, to, on, reason) in [
            (
                AgreementStatus::Draft,
                AgreementStatus::Negotiating,
                negotiated,
                "Démonstration : négociation inventée",
            ),
            (
                AgreementStatus::Negotiating,
                AgreementStatus::Active,
                starts_on,
                "Démonstration : entente inventée, en vigueur",
            ),
        ] {
            let history = if from == AgreementStatus::Draft {
                Vec::new()
            } else {
                vec![Step {
                    to: from,
                    effective_on: negotiated,
                }]
            };
            Lifecycle::new(history)
                .check_move(to, on)
                .map_err(|e| invalid("demo transition", e))?;
            let transition = NewTransition {
                from,
                to,
                reason: reason.into(),
                effective_on: on,
                recorded_by: "seed --demo".into(),
            };
            db::transitions::record(conn, agreement.id, transition).await?;
        }
        // Every second member in the first agreement, every third in the second.
        for (k, (coop, joined)) in members.iter().enumerate() {
            if k % (n + 2) != 0 {
                continue;
            }
            let from = joined.map_or(starts_on, |j| j.max(starts_on));
            let mut body = json!({
                "cooperative_id": coop,
                "starts_on": from.to_string(),
            });
            if n == 1 {
                body["people_covered"] = json!(latest_users(*coop));
            }
            let new =
                NewEnrollment::from_json(object(body)).map_err(|e| invalid("demo enrolment", e))?;
            db::enrollments::insert(conn, agreement.id, new).await?;
        }
    }
    db::membership::upsert_many(conn, all_counts).await?;
    Ok(Report {
        created: PLACES.len(),
        unchanged: 0,
    })
}
