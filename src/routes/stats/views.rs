//! Statistics as clients receive them.

use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

use crate::db::stats::{Figures as Row, GroupBy};
use crate::domain::periods::Interval;

/// Membership figures of a set of co-ops on a date.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
pub struct Figures {
    /// Co-ops that were federation members on the date.
    #[schema(example = 42)]
    pub member_cooperatives: i64,
    /// Of those, how many had a count on or before the date.
    #[schema(example = 40)]
    pub cooperatives_with_count: i64,
    /// Member co-ops with no count on or before the date (not in the totals).
    #[schema(example = 2)]
    pub cooperatives_without_count: i64,
    /// users + workers + supporting.
    #[schema(example = 85210)]
    pub total_members: i64,
    #[schema(example = 83000)]
    pub users: i64,
    #[schema(example = 810)]
    pub workers: i64,
    #[schema(example = 1400)]
    pub supporting: i64,
    /// The date of the oldest count used: how stale the figures may be.
    #[schema(example = "2018-06-30")]
    #[serde(serialize_with = "crate::routes::json_dates::opt_day")]
    pub oldest_count_as_of: Option<NaiveDate>,
}

impl Figures {
    pub fn from_row(r: &Row) -> Self {
        Self {
            member_cooperatives: r.member_cooperatives,
            cooperatives_with_count: r.cooperatives_with_count,
            cooperatives_without_count: r.member_cooperatives - r.cooperatives_with_count,
            total_members: r.users + r.workers + r.supporting,
            users: r.users,
            workers: r.workers,
            supporting: r.supporting,
            oldest_count_as_of: r.oldest_count,
        }
    }

    /// The figures of several groups together.
    pub fn sum<'a>(parts: impl IntoIterator<Item = &'a Figures>) -> Self {
        parts
            .into_iter()
            .fold(Figures::default(), |acc, f| Figures {
                member_cooperatives: acc.member_cooperatives + f.member_cooperatives,
                cooperatives_with_count: acc.cooperatives_with_count + f.cooperatives_with_count,
                cooperatives_without_count: acc.cooperatives_without_count
                    + f.cooperatives_without_count,
                total_members: acc.total_members + f.total_members,
                users: acc.users + f.users,
                workers: acc.workers + f.workers,
                supporting: acc.supporting + f.supporting,
                oldest_count_as_of: match (acc.oldest_count_as_of, f.oldest_count_as_of) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                },
            })
    }
}

/// The figures of a group, all absent when the group is `suppressed`.
pub struct FiguresUnlessSuppressed;

impl utoipa::PartialSchema for FiguresUnlessSuppressed {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
        use utoipa::openapi::{RefOr, Schema};
        let mut schema = <Figures as utoipa::PartialSchema>::schema();
        if let RefOr::T(Schema::Object(object)) = &mut schema {
            object.required.clear();
            object.description =
                Some("The group's figures; all absent when the group is `suppressed`.".into());
        }
        schema
    }
}

impl ToSchema for FiguresUnlessSuppressed {}

/// The figures of one group.
#[derive(Debug, Serialize, ToSchema)]
pub struct Group {
    /// The region code, province code or legal form; null for co-ops without one (a region
    /// outside Québec).
    #[schema(example = "06")]
    pub key: Option<String>,
    /// True when the figures are withheld: for partner and coop_manager tokens, a group of
    /// fewer than 3 co-ops, and the smallest others needed so that the withheld ones add up
    /// to at least 3 (the total minus the shown groups would reveal them otherwise).
    pub suppressed: bool,
    #[serde(flatten)]
    #[schema(value_type = FiguresUnlessSuppressed)]
    pub figures: Option<Figures>,
}

/// Federation membership on a date, in total and per group.
#[derive(Debug, Serialize, ToSchema)]
pub struct MembershipStats {
    #[serde(serialize_with = "crate::routes::json_dates::day")]
    pub as_of: NaiveDate,
    pub group_by: GroupBy,
    #[serde(flatten)]
    pub figures: Figures,
    /// One entry per group with at least one member co-op (empty for `group_by=none`).
    pub groups: Vec<Group>,
}

/// Change of `total_members` since the previous period.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, ToSchema)]
pub struct Change {
    #[schema(example = 1250)]
    pub absolute: i64,
    /// Percent of the previous total, rounded to 2 decimals; null when that total was 0.
    #[schema(example = 1.49)]
    pub percent: Option<f64>,
}

impl Change {
    pub fn between(previous: i64, current: i64) -> Self {
        let absolute = current - previous;
        let percent =
            (previous != 0).then(|| (absolute as f64 * 10_000.0 / previous as f64).round() / 100.0);
        Self { absolute, percent }
    }
}

/// One group at the end of a period.
#[derive(Debug, Serialize, ToSchema)]
pub struct SeriesGroup {
    pub key: Option<String>,
    /// True when the figures are withheld (see the groups of `/v1/stats/membership`).
    pub suppressed: bool,
    #[serde(flatten)]
    #[schema(value_type = FiguresUnlessSuppressed)]
    pub figures: Option<Figures>,
    /// Null for the first period, and when `suppressed`.
    pub change: Option<Change>,
}

/// The federation at the end of one period.
#[derive(Debug, Serialize, ToSchema)]
pub struct SeriesPoint {
    /// First day of the period (or `from`).
    #[serde(serialize_with = "crate::routes::json_dates::day")]
    pub period_start: NaiveDate,
    /// Last day of the period (or `to`): the date the figures are taken on.
    #[serde(serialize_with = "crate::routes::json_dates::day")]
    pub as_of: NaiveDate,
    #[serde(flatten)]
    pub figures: Figures,
    /// Null for the first period.
    pub change: Option<Change>,
    pub groups: Vec<SeriesGroup>,
}

/// Federation membership at the end of each period.
#[derive(Debug, Serialize, ToSchema)]
pub struct MembershipSeries {
    #[serde(serialize_with = "crate::routes::json_dates::day")]
    pub from: NaiveDate,
    #[serde(serialize_with = "crate::routes::json_dates::day")]
    pub to: NaiveDate,
    pub interval: Interval,
    pub group_by: GroupBy,
    pub points: Vec<SeriesPoint>,
}
