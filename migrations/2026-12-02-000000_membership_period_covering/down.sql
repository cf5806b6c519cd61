DROP INDEX cooperatives_membership_period_idx;
CREATE INDEX cooperatives_membership_period_idx ON cooperatives (member_since, left_on)
  WHERE member_since IS NOT NULL;
