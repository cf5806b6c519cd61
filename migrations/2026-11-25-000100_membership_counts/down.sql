DROP INDEX cooperatives_membership_period_idx;
DROP TABLE membership_counts;
