//! Federation statistics: membership on one or many dates, from the register and the counts.
//!
//! Membership on a date D for a co-op is its latest count at or before D, counted only if the
//! co-op was a member on D (`member_since <= D` and, if it left, `left_on > D`). One query
//! evaluates any number of dates: for each date, the member co-ops are selected through
//! `cooperatives_membership_period_idx`, and each one's latest count is a single backward
//! index-only scan of `membership_counts_one_per_date`.

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;

use chrono::NaiveDate;
use diesel::sql_types::{Array, BigInt, Date, Integer, Nullable, Text};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::DbPool;
use crate::domain::text_enum;

/// In how many concurrent slices statistics are computed (see [`membership_parallel`]).
#[derive(Debug, Clone, Copy)]
pub struct StatsParallelism(pub u8);

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
    membership_part(conn, dates, group, 0, 1).await
}

/// [`membership`] computed in `parts` slices of the co-ops, each on its own pooled
/// connection and at the same time: the work is one index probe per member co-op and date,
/// so on a database with several cores the answer comes about `parts` times sooner.
pub async fn membership_parallel(
    pool: &DbPool,
    dates: &[NaiveDate],
    group: GroupBy,
    parts: u8,
) -> Result<Vec<Figures>, super::Error> {
    let parts = parts.max(1);
    let slices = (0..parts).map(|part| async move {
        let mut conn = super::conn(pool).await?;
        Ok::<_, super::Error>(membership_part(&mut conn, dates, group, part, parts).await?)
    });
    let mut merged: BTreeMap<(NaiveDate, Option<String>), Figures> = BTreeMap::new();
    for row in futures_util::future::try_join_all(slices)
        .await?
        .into_iter()
        .flatten()
    {
        match merged.entry((row.as_of, row.key.clone())) {
            Entry::Vacant(slot) => {
                slot.insert(row);
            }
            Entry::Occupied(mut slot) => {
                let f = slot.get_mut();
                f.member_cooperatives += row.member_cooperatives;
                f.cooperatives_with_count += row.cooperatives_with_count;
                f.users += row.users;
                f.workers += row.workers;
                f.supporting += row.supporting;
                f.oldest_count = match (f.oldest_count, row.oldest_count) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
            }
        }
    }
    // BTreeMap orders None first; the API lists co-ops without a key last.
    let (mut keyed, unkeyed): (Vec<Figures>, Vec<Figures>) =
        merged.into_values().partition(|f| f.key.is_some());
    keyed.extend(unkeyed);
    keyed.sort_by_key(|f| (f.as_of, f.key.is_none()));
    Ok(keyed)
}

/// The figures of the co-ops in slice `part` of `parts` (by the last, random byte of their
/// UUID v7, so slices are even).
async fn membership_part(
    conn: &mut AsyncPgConnection,
    dates: &[NaiveDate],
    group: GroupBy,
    part: u8,
    parts: u8,
) -> diesel::QueryResult<Vec<Figures>> {
    let sql = format!(
        "SELECT d.as_of, {key} AS key,
                count(*) AS member_cooperatives,
                count(l.as_of) AS cooperatives_with_count,
                coalesce(sum(l.users), 0)::bigint AS users,
                coalesce(sum(l.workers), 0)::bigint AS workers,
                coalesce(sum(l.supporting), 0)::bigint AS supporting,
                min(l.as_of) AS oldest_count
           FROM unnest($1::date[]) AS d(as_of)
           JOIN cooperatives c
             ON c.member_since <= d.as_of AND (c.left_on IS NULL OR c.left_on > d.as_of)
            AND get_byte(uuid_send(c.id), 15) % $2 = $3
           LEFT JOIN LATERAL (
                SELECT mc.as_of, mc.users, mc.workers, mc.supporting
                  FROM membership_counts mc
                 WHERE mc.cooperative_id = c.id AND mc.as_of <= d.as_of
                 ORDER BY mc.as_of DESC
                 LIMIT 1) l ON true
          GROUP BY d.as_of, {key}
          ORDER BY d.as_of, {key} NULLS LAST",
        key = group.column()
    );
    diesel::sql_query(sql)
        .bind::<Array<Date>, _>(dates)
        .bind::<Integer, _>(i32::from(parts))
        .bind::<Integer, _>(i32::from(part))
        .load(conn)
        .await
}
