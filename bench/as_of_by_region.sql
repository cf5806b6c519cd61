-- The figures of GET /v1/stats/membership?as_of=2024-12-31&group_by=region
-- written by hand against the counts alone, as one would without the API: each member
-- co-op's latest count found by its own backward scan of the (cooperative_id, as_of) index.
-- (The service reads the spans the triggers keep instead: see crates/db/src/stats.rs.)
SELECT d.as_of, c.region AS key, count(*) AS member_cooperatives, count(l.as_of) AS cooperatives_with_count,
       coalesce(sum(l.users), 0)::bigint AS users, coalesce(sum(l.workers), 0)::bigint AS workers,
       coalesce(sum(l.supporting), 0)::bigint AS supporting, min(l.as_of) AS oldest_count
  FROM unnest('{2024-12-31}'::date[]) AS d(as_of)
  JOIN cooperatives c ON c.member_since <= d.as_of AND (c.left_on IS NULL OR c.left_on > d.as_of)
  LEFT JOIN LATERAL (SELECT mc.as_of, mc.users, mc.workers, mc.supporting FROM membership_counts mc
                      WHERE mc.cooperative_id = c.id AND mc.as_of <= d.as_of
                      ORDER BY mc.as_of DESC LIMIT 1) l ON true
 GROUP BY d.as_of, c.region ORDER BY d.as_of, c.region NULLS LAST;
