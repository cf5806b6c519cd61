DROP TRIGGER membership_counts_spans_truncate ON membership_counts;
DROP TRIGGER membership_counts_spans ON membership_counts;
DROP FUNCTION membership_spans_rebuild();
DROP FUNCTION membership_spans_clear();
DROP FUNCTION membership_spans_follow();
DROP TABLE membership_spans;
