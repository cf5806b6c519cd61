//! Federation statistics: membership on one or many dates, from the register and the counts.
//!
//! Membership on a date D for a co-op is its latest count at or before D, counted only if the
//! co-op was a member on D (`member_since <= D` and, if it left, `left_on > D`). One query
//! evaluates any number of dates. For each date, the counts holding on it (each co-op's
//! latest at or before D) come from one search of `membership_spans_holding_idx`: every
//! count's span runs from its date to the co-op's next count (kept by triggers, see the
//! migration `membership_spans`). They are hash-joined with the co-ops that were members
//! on D, so a date costs one pass over the co-ops rather than one index probe per co-op.

use chrono::NaiveDate;
use diesel::sql_types::{Array, BigInt, Date, Nullable, Text};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::domain::text_enum;

text_enum! {
    /// How statistics are broken down.
    pub enum GroupBy {
        None = "none",
        Region = "region",
        Province = "province",
        LegalForm = "legal_form",
    }
}

impl GroupBy {
    /// The grouping expression. Only these fixed strings ever reach the SQL text.
    fn column(self) -> &'static str {
        match self {
            GroupBy::None => "NULL::text",
            GroupBy::Region => "c.region",
            GroupBy::Province => "c.province",
            GroupBy::LegalForm => "c.legal_form",
        }
    }
}

/// The figures of one group (or of everything, with `GroupBy::None`) on one date.
#[derive(Debug, Clone, PartialEq, Eq, diesel::QueryableByName)]
pub struct Figures {
    #[diesel(sql_type = Date)]
    pub as_of: NaiveDate,
    #[diesel(sql_type = Nullable<Text>)]
    pub key: Option<String>,
    #[diesel(sql_type = BigInt)]
    pub member_cooperatives: i64,
    #[diesel(sql_type = BigInt)]
    pub cooperatives_with_count: i64,
    #[diesel(sql_type = BigInt)]
    pub users: i64,
    #[diesel(sql_type = BigInt)]
    pub workers: i64,
    #[diesel(sql_type = BigInt)]
    pub supporting: i64,
    #[diesel(sql_type = Nullable<Date>)]
    pub oldest_count: Option<NaiveDate>,
}

/// Figures for every date in `dates` and every group, ordered by date then key (NULL last).
/// Groups with no member co-op on a date are absent.
pub async fn membership(
    conn: &mut AsyncPgConnection,
    dates: &[NaiveDate],
    group: GroupBy,
) -> diesel::QueryResult<Vec<Figures>> {
    let sql = format!(
        "SELECT d.as_of, g.key, g.member_cooperatives, g.cooperatives_with_count,
                g.users, g.workers, g.supporting, g.oldest_count
           FROM unnest($1::date[]) AS d(as_of)
          CROSS JOIN LATERAL (
                SELECT {key} AS key,
                       count(*) AS member_cooperatives,
                       count(s.as_of) AS cooperatives_with_count,
                       coalesce(sum(s.users), 0)::bigint AS users,
                       coalesce(sum(s.workers), 0)::bigint AS workers,
                       coalesce(sum(s.supporting), 0)::bigint AS supporting,
                       min(s.as_of) AS oldest_count
                  FROM cooperatives c
                  LEFT JOIN membership_spans s
                    ON s.cooperative_id = c.id AND daterange(s.as_of, s.valid_until) @> d.as_of
                 WHERE c.member_since <= d.as_of AND (c.left_on IS NULL OR c.left_on > d.as_of)
                 GROUP BY {key}) g
          ORDER BY d.as_of, g.key NULLS LAST",
        key = group.column()
    );
    diesel::sql_query(sql)
        .bind::<Array<Date>, _>(dates)
        .load(conn)
        .await
}
