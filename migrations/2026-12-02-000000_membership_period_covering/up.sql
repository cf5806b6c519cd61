-- Statistics pick, for each date, the co-ops that were members on it, with their groups:
-- with the groups and the id in the index, that is an index-only scan (no heap visit per
-- co-op and date).
DROP INDEX cooperatives_membership_period_idx;
CREATE INDEX cooperatives_membership_period_idx ON cooperatives (member_since, left_on)
  INCLUDE (id, region, province, legal_form)
  WHERE member_since IS NOT NULL;
