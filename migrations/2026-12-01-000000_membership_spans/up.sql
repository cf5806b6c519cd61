-- Each membership count with the date until which it holds (the co-op's next count, or
-- none), kept beside the counts by triggers in the transaction of each write. Statistics on
-- a date D then read the counts holding on D through one GiST index range search, instead
-- of looking up each member co-op's latest count before D (one index probe per co-op).
-- A separate table rather than a column of membership_counts: the counts' change feed,
-- history and restores stay exactly the rows the API writes.
CREATE TABLE membership_spans (
    cooperative_id uuid NOT NULL,
    as_of date NOT NULL,
    -- The next count's date; NULL while this is the co-op's latest count.
    valid_until date,
    users integer NOT NULL,
    workers integer NOT NULL,
    supporting integer NOT NULL,
    PRIMARY KEY (cooperative_id, as_of),
    CONSTRAINT membership_spans_ordered CHECK (valid_until > as_of)
);

-- Every new count rewrites the span before it, so dead rows gather quickly around recent dates,
-- where statistics are asked most; the default (vacuum at 20 % dead) let a date's figures take
-- twice as long (19.5 ms instead of 9.1 ms with 210,000 dead spans of 1,000,000).
ALTER TABLE membership_spans SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_analyze_scale_factor = 0.02);

-- "Which counts hold on D": daterange(as_of, valid_until) @> D. INCLUDE carries what the
-- statistics sum.
CREATE INDEX membership_spans_holding_idx ON membership_spans
    USING gist (daterange(as_of, valid_until)) INCLUDE (cooperative_id, users, workers, supporting);

CREATE TYPE membership_span_key AS (cooperative_id uuid, as_of date);

-- After a removal or a move, sets the end of every span it may have changed to the date of
-- the co-op's next count: the spans at the given keys, and the span before each of them.
CREATE FUNCTION membership_spans_close(keys membership_span_key[]) RETURNS void
LANGUAGE sql AS $$
    WITH written AS MATERIALIZED (
        SELECT DISTINCT cooperative_id, as_of FROM unnest(keys)
    ), touched AS MATERIALIZED (
        SELECT cooperative_id, as_of FROM written
         UNION
        SELECT w.cooperative_id, p.as_of
          FROM written w
         CROSS JOIN LATERAL (SELECT b.as_of FROM membership_spans b
                              WHERE b.cooperative_id = w.cooperative_id AND b.as_of < w.as_of
                              ORDER BY b.as_of DESC LIMIT 1) p
    ), ends AS MATERIALIZED (
        SELECT t.cooperative_id, t.as_of, n.as_of AS next
          FROM touched t
          LEFT JOIN LATERAL (SELECT n.as_of FROM membership_spans n
                              WHERE n.cooperative_id = t.cooperative_id AND n.as_of > t.as_of
                              ORDER BY n.as_of LIMIT 1) n ON true
    )
    UPDATE membership_spans s
       SET valid_until = e.next
      FROM ends e
     WHERE s.cooperative_id = e.cooperative_id AND s.as_of = e.as_of
       AND s.valid_until IS DISTINCT FROM e.next;
$$;

-- Statement-level triggers with transition tables: a batch of 10,000 counts keeps its spans
-- in a few set-based statements rather than 10,000 trigger calls.
CREATE FUNCTION membership_spans_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- In one statement, so that every lookup sees the spans as they were before it: each
    -- new span ends at the next count, new or already there; each span that preceded a new
    -- count now ends at the first new one after it.
    WITH added AS MATERIALIZED (
        SELECT cooperative_id, as_of, users, workers, supporting,
               lead(as_of) OVER (PARTITION BY cooperative_id ORDER BY as_of) AS next_added
          FROM new_counts
    ), inserted AS (
        INSERT INTO membership_spans (cooperative_id, as_of, valid_until, users, workers, supporting)
        SELECT a.cooperative_id, a.as_of, least(a.next_added, n.as_of), a.users, a.workers, a.supporting
          FROM added a
          LEFT JOIN LATERAL (SELECT s.as_of FROM membership_spans s
                              WHERE s.cooperative_id = a.cooperative_id AND s.as_of > a.as_of
                              ORDER BY s.as_of LIMIT 1) n ON true
    ), preceding AS (
        SELECT p.cooperative_id, p.as_of, min(a.as_of) AS first_added
          FROM added a
         CROSS JOIN LATERAL (SELECT s.cooperative_id, s.as_of FROM membership_spans s
                              WHERE s.cooperative_id = a.cooperative_id AND s.as_of < a.as_of
                              ORDER BY s.as_of DESC LIMIT 1) p
         GROUP BY p.cooperative_id, p.as_of
    )
    UPDATE membership_spans s
       SET valid_until = p.first_added
      FROM preceding p
     WHERE s.cooperative_id = p.cooperative_id AND s.as_of = p.as_of
       AND (s.valid_until IS NULL OR s.valid_until > p.first_added);
    RETURN NULL;
END
$$;

CREATE FUNCTION membership_spans_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Keys (co-op, date) no count holds any more lose their span; every updated count's
    -- span takes its numbers (a new span if its key is new).
    DELETE FROM membership_spans s USING old_counts o
     WHERE s.cooperative_id = o.cooperative_id AND s.as_of = o.as_of
       AND NOT EXISTS (SELECT 1 FROM new_counts n
                        WHERE n.cooperative_id = o.cooperative_id AND n.as_of = o.as_of);
    INSERT INTO membership_spans (cooperative_id, as_of, users, workers, supporting)
    SELECT cooperative_id, as_of, users, workers, supporting FROM new_counts
        ON CONFLICT (cooperative_id, as_of) DO UPDATE
       SET users = excluded.users, workers = excluded.workers, supporting = excluded.supporting;
    -- Only when a count moved (to another date or co-op) do spans start or end elsewhere.
    IF EXISTS (SELECT cooperative_id, as_of FROM old_counts
               EXCEPT SELECT cooperative_id, as_of FROM new_counts)
       OR EXISTS (SELECT cooperative_id, as_of FROM new_counts
                  EXCEPT SELECT cooperative_id, as_of FROM old_counts) THEN
        PERFORM membership_spans_close(ARRAY(
            SELECT (cooperative_id, as_of)::membership_span_key FROM old_counts
             UNION ALL
            SELECT (cooperative_id, as_of)::membership_span_key FROM new_counts));
    END IF;
    RETURN NULL;
END
$$;

CREATE FUNCTION membership_spans_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM membership_spans s USING old_counts o
     WHERE s.cooperative_id = o.cooperative_id AND s.as_of = o.as_of;
    PERFORM membership_spans_close(
        ARRAY(SELECT (cooperative_id, as_of)::membership_span_key FROM old_counts));
    RETURN NULL;
END
$$;

CREATE TRIGGER membership_counts_spans_insert AFTER INSERT ON membership_counts
    REFERENCING NEW TABLE AS new_counts
    FOR EACH STATEMENT EXECUTE FUNCTION membership_spans_inserted();
CREATE TRIGGER membership_counts_spans_update AFTER UPDATE ON membership_counts
    REFERENCING OLD TABLE AS old_counts NEW TABLE AS new_counts
    FOR EACH STATEMENT EXECUTE FUNCTION membership_spans_updated();
CREATE TRIGGER membership_counts_spans_delete AFTER DELETE ON membership_counts
    REFERENCING OLD TABLE AS old_counts
    FOR EACH STATEMENT EXECUTE FUNCTION membership_spans_deleted();

CREATE FUNCTION membership_spans_clear() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE membership_spans;
    RETURN NULL;
END
$$;

CREATE TRIGGER membership_counts_spans_truncate AFTER TRUNCATE ON membership_counts
    FOR EACH STATEMENT EXECUTE FUNCTION membership_spans_clear();

-- Rebuilds every span from the counts in one pass (after a bulk load with the trigger
-- disabled). Written in date order, as counts arrive in life, so that the counts holding on
-- one date sit in few pages.
CREATE FUNCTION membership_spans_rebuild() RETURNS void LANGUAGE sql AS $$
    TRUNCATE membership_spans;
    INSERT INTO membership_spans (cooperative_id, as_of, valid_until, users, workers, supporting)
    SELECT cooperative_id, as_of,
           lead(as_of) OVER (PARTITION BY cooperative_id ORDER BY as_of),
           users, workers, supporting
      FROM membership_counts
     ORDER BY as_of, cooperative_id;
$$;

SELECT membership_spans_rebuild();
