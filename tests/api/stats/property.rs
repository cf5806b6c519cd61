//! The statistics agree with their definition on random data: a property test against a
//! plain in-memory computation.
//!
//! Cases: `PROPTEST_CASES` (default 64). A failing case is saved, shrunk, to
//! `tests/api/stats.proptest-regressions` (commit it) and replayed first on every later run;
//! its first seed is a co-op counted on the day it left (`left_on >= D`, a mutant it caught).
//! The dates asked about are mostly the days co-ops join or leave and the days of counts, and
//! the day before and after each: the edges of the definition, where an off-by-one lives.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use serde_json::{Value, json};

use crate::fixtures::cooperatives::create;
use crate::helpers::spawn_app;

/// Where a co-op is: (region, province, postal code); no region outside Québec.
const PLACES: [(Option<&str>, &str, &str); 4] = [
    (Some("03"), "QC", "G1R 4P5"),
    (Some("06"), "QC", "H2L 2H5"),
    (Some("12"), "QC", "G6V 1A1"),
    (None, "ON", "K1A 0B1"),
];

/// Consumer co-ops count users only.
const FORMS: [&str; 3] = ["consumer", "solidarity", "worker"];

const GROUP_BYS: [&str; 4] = ["none", "region", "province", "legal_form"];

#[derive(Debug, Clone)]
struct Coop {
    place: usize,
    form: usize,
    member_since: Option<u64>,
    left_after: Option<u64>,
}

impl Coop {
    fn left_on(&self) -> Option<u64> {
        Some(self.member_since? + self.left_after?)
    }

    fn key(&self, group_by: &str) -> Option<String> {
        let (region, province, _) = PLACES[self.place];
        match group_by {
            "region" => region.map(str::to_owned),
            "province" => Some(province.to_owned()),
            "legal_form" => Some(FORMS[self.form].to_owned()),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
struct Count {
    coop: usize,
    day: u64,
    users: i64,
    workers: i64,
    supporting: i64,
}

fn day(offset: u64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2010, 1, 1).unwrap() + Days::new(offset)
}

fn coops() -> impl Strategy<Value = Vec<Coop>> {
    prop::collection::vec(
        (
            0..PLACES.len(),
            0..FORMS.len(),
            prop::option::weighted(0.8, 0..3000u64),
            prop::option::of(1..2000u64),
        )
            .prop_map(|(place, form, member_since, left_after)| Coop {
                place,
                form,
                member_since,
                left_after,
            }),
        1..7,
    )
}

/// Counts of these co-ops, on any day or near the days they join and leave.
fn counts(coops: Vec<Coop>) -> impl Strategy<Value = Vec<Count>> {
    let n = coops.len();
    prop::collection::vec(
        (
            0..n,
            prop_oneof![2 => 0..4000u64, 1 => (0..3u64).prop_map(|d| d + 10_000)],
            0..500i64,
            0..20i64,
            0..20i64,
        ),
        0..30,
    )
    .prop_map(move |raw| {
        raw.into_iter()
            .map(|(coop, day, users, workers, supporting)| {
                let c = &coops[coop];
                // 10,000 + k: the day before, of, or after the co-op joins (or left, if it did).
                let day = match day.checked_sub(10_000) {
                    Some(k) => c
                        .left_on()
                        .or(c.member_since)
                        .map_or(k, |edge| (edge + k).saturating_sub(1)),
                    None => day,
                };
                let (workers, supporting) = if FORMS[c.form] == "consumer" {
                    (0, 0)
                } else {
                    (workers, supporting)
                };
                let users = if users + workers + supporting == 0 {
                    1
                } else {
                    users
                };
                Count {
                    coop,
                    day,
                    users,
                    workers,
                    supporting,
                }
            })
            .collect()
    })
}

/// The days worth asking about: every join, leave and count day, and the days around them.
fn edges(coops: &[Coop], counts: &[Count]) -> Vec<u64> {
    let days = coops
        .iter()
        .flat_map(|c| [c.member_since, c.left_on()])
        .flatten()
        .chain(counts.iter().map(|c| c.day));
    let mut out: Vec<u64> = days.flat_map(|d| [d.saturating_sub(1), d, d + 1]).collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Dates to ask about: four in five on an edge.
fn dates(edges: Vec<u64>) -> BoxedStrategy<Vec<u64>> {
    if edges.is_empty() {
        return prop::collection::vec(0..5000u64, 1..4).boxed();
    }
    prop::collection::vec(
        prop_oneof![4 => prop::sample::select(edges), 1 => 0..5000u64],
        1..4,
    )
    .boxed()
}

/// A series: its first day, its length in days, its interval and its grouping.
fn series(edges: Vec<u64>) -> impl Strategy<Value = (u64, u64, &'static str, &'static str)> {
    let from = if edges.is_empty() {
        (0..5000u64).boxed()
    } else {
        prop_oneof![prop::sample::select(edges), 0..5000u64].boxed()
    };
    (
        from,
        prop::sample::select(vec!["month", "quarter", "year"]),
        prop::sample::select(GROUP_BYS.to_vec()),
    )
        .prop_flat_map(|(from, interval, group_by)| {
            let longest = match interval {
                "month" => 400u64,
                "quarter" => 1200,
                _ => 4000,
            };
            (Just(from), 0..longest, Just(interval), Just(group_by))
        })
}

/// Every figure the API gives for a set of co-ops.
#[derive(Debug, Clone, Default, PartialEq)]
struct Figures {
    member_cooperatives: i64,
    cooperatives_with_count: i64,
    cooperatives_without_count: i64,
    users: i64,
    workers: i64,
    supporting: i64,
    total_members: i64,
    oldest_count_as_of: Option<String>,
}

impl Figures {
    fn of(v: &Value) -> Self {
        let n = |k: &str| {
            v[k].as_i64()
                .unwrap_or_else(|| panic!("{k} is a number in {v}"))
        };
        Figures {
            member_cooperatives: n("member_cooperatives"),
            cooperatives_with_count: n("cooperatives_with_count"),
            cooperatives_without_count: n("cooperatives_without_count"),
            users: n("users"),
            workers: n("workers"),
            supporting: n("supporting"),
            total_members: n("total_members"),
            oldest_count_as_of: v["oldest_count_as_of"].as_str().map(str::to_owned),
        }
    }

    fn add(&mut self, count: Option<&Count>) {
        self.member_cooperatives += 1;
        match count {
            None => self.cooperatives_without_count += 1,
            Some(c) => {
                self.cooperatives_with_count += 1;
                self.users += c.users;
                self.workers += c.workers;
                self.supporting += c.supporting;
                self.total_members += c.users + c.workers + c.supporting;
                let as_of = day(c.day).to_string();
                if self.oldest_count_as_of.as_ref().is_none_or(|o| as_of < *o) {
                    self.oldest_count_as_of = Some(as_of);
                }
            }
        }
    }
}

/// The definition, computed plainly: the co-ops that were members on D (joined on or before
/// D, and left after D if they left), each with its latest count on or before D; the total
/// and the figures of each group (groups without a member are absent).
fn expected(
    coops: &[Coop],
    counts: &BTreeMap<(usize, u64), Count>,
    on: u64,
    group_by: &str,
) -> (Figures, BTreeMap<Option<String>, Figures>) {
    let mut total = Figures::default();
    let mut groups: BTreeMap<Option<String>, Figures> = BTreeMap::new();
    for (i, c) in coops.iter().enumerate() {
        let Some(since) = c.member_since else {
            continue;
        };
        let member = since <= on && c.left_on().is_none_or(|left| left > on);
        if !member {
            continue;
        }
        let latest = counts.range((i, 0)..=(i, on)).next_back().map(|(_, c)| c);
        total.add(latest);
        if group_by != "none" {
            groups.entry(c.key(group_by)).or_default().add(latest);
        }
    }
    (total, groups)
}

/// The total and the groups of a response (of `/v1/stats/membership` or a series point).
fn got(v: &Value) -> (Figures, BTreeMap<Option<String>, Figures>) {
    let groups = v["groups"]
        .as_array()
        .unwrap_or_else(|| panic!("groups in {v}"))
        .iter()
        .map(|g| {
            assert_eq!(g["suppressed"], false, "an admin sees every group: {g}");
            (g["key"].as_str().map(str::to_owned), Figures::of(g))
        })
        .collect();
    (Figures::of(v), groups)
}

async fn check(
    coops: Vec<Coop>,
    counts: Vec<Count>,
    dates: Vec<u64>,
    (from, length, interval, series_group_by): (u64, u64, &str, &str),
) {
    let app = spawn_app().await;
    let mut ids = Vec::new();
    for (i, c) in coops.iter().enumerate() {
        let (region, province, postal) = PLACES[c.place];
        let (status, since, left) = match (c.member_since, c.left_on()) {
            (None, _) => ("prospect", None, None),
            (Some(s), None) => ("member", Some(day(s)), None),
            (Some(s), Some(l)) => ("former", Some(day(s)), Some(day(l))),
        };
        // `create` merges into a valid member co-op: nulls remove its fields.
        let body = json!({"name": format!("Coop {i}"), "neq": null, "founded_on": null,
            "region": region, "province": province, "postal_code": postal,
            "legal_form": FORMS[c.form], "federation_status": status,
            "member_since": since, "left_on": left});
        ids.push(create(&app, body).await["id"].as_str().unwrap().to_owned());
    }
    // One count per co-op and day: the last one generated wins, as a batch refuses doubles.
    let mut by_key = BTreeMap::new();
    for c in counts {
        by_key.insert((c.coop, c.day), c);
    }
    if !by_key.is_empty() {
        let items: Vec<Value> = by_key
            .values()
            .map(|c| {
                json!({"cooperative_id": ids[c.coop], "as_of": day(c.day).to_string(),
                "users": c.users, "workers": c.workers, "supporting": c.supporting,
                "source": "estimate"})
            })
            .collect();
        app.admin_post("/v1/membership-counts:batch", &json!({ "items": items }))
            .await
            .assert_status(200);
    }
    for on in dates {
        for group_by in GROUP_BYS {
            let res = app
                .get(
                    &format!("/v1/stats/membership?as_of={}&group_by={group_by}", day(on)),
                    &app.admin(),
                )
                .await;
            res.assert_status(200);
            assert_eq!(res.body["as_of"], day(on).to_string());
            assert_eq!(
                got(&res.body),
                expected(&coops, &by_key, on, group_by),
                "on {} by {group_by}",
                day(on)
            );
        }
    }

    // A series: consecutive periods from `from` to `to`, each with the figures on its last day.
    let (from, to) = (day(from), day(from + length));
    let res = app
        .get(
            &format!(
                "/v1/stats/membership/series?from={from}&to={to}&interval={interval}&group_by={series_group_by}"
            ),
            &app.admin(),
        )
        .await;
    res.assert_status(200);
    let points = res.body["points"].as_array().unwrap();
    assert_eq!(points[0]["period_start"], from.to_string());
    assert_eq!(points.last().unwrap()["as_of"], to.to_string());
    let mut previous: Option<(NaiveDate, i64)> = None;
    for point in points {
        let as_of: NaiveDate = point["as_of"].as_str().unwrap().parse().unwrap();
        let start: NaiveDate = point["period_start"].as_str().unwrap().parse().unwrap();
        assert!(start <= as_of, "{point}");
        let on = u64::try_from((as_of - day(0)).num_days()).unwrap();
        let want = expected(&coops, &by_key, on, series_group_by);
        assert_eq!(
            got(point),
            want,
            "series by {series_group_by}, period ending {as_of}"
        );
        match previous {
            None => assert_eq!(point["change"], Value::Null),
            Some((end, total)) => {
                assert_eq!(start, end.succ_opt().unwrap(), "periods follow each other");
                assert_eq!(
                    point["change"]["absolute"].as_i64(),
                    Some(want.0.total_members - total),
                    "{point}"
                );
            }
        }
        previous = Some((as_of, want.0.total_members));
    }
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(64)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(),
        failure_persistence: Some(Box::new(prop::test_runner::FileFailurePersistence::Direct(
            concat!(env!("CARGO_MANIFEST_DIR"), "/tests/api/stats.proptest-regressions"),
        ))),
        // Each step of shrinking spawns an app: a minute of it finds a small enough case.
        max_shrink_time: 60_000,
        ..ProptestConfig::default()
    })]

    #[test]
    fn statistics_equal_a_plain_computation_of_the_definition(
        (coops, counts, dates, series) in coops()
            .prop_flat_map(|c| (Just(c.clone()), counts(c)))
            .prop_flat_map(|(coops, counts)| {
                let edges = edges(&coops, &counts);
                (Just(coops), Just(counts), dates(edges.clone()), series(edges))
            }),
    ) {
        actix_web::rt::System::new().block_on(check(coops, counts, dates, series));
    }
}
