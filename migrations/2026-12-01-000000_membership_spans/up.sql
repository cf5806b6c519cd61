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

-- "Which counts hold on D": daterange(as_of, valid_until) @> D. INCLUDE carries what the
-- statistics sum.
CREATE INDEX membership_spans_holding_idx ON membership_spans
    USING gist (daterange(as_of, valid_until)) INCLUDE (cooperative_id, users, workers, supporting);

-- Keeps the spans of the co-op(s) a count write touches: the written count's own span, and
-- its predecessor's, which now ends at the written count (or, after a deletion or a move,
-- at the next one).
CREATE FUNCTION membership_spans_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.cooperative_id = NEW.cooperative_id AND OLD.as_of = NEW.as_of THEN
        UPDATE membership_spans
           SET users = NEW.users, workers = NEW.workers, supporting = NEW.supporting
         WHERE cooperative_id = NEW.cooperative_id AND as_of = NEW.as_of;
        RETURN NULL;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        DELETE FROM membership_spans
         WHERE cooperative_id = OLD.cooperative_id AND as_of = OLD.as_of;
        UPDATE membership_spans p
           SET valid_until = (SELECT min(n.as_of) FROM membership_spans n
                               WHERE n.cooperative_id = OLD.cooperative_id AND n.as_of > OLD.as_of)
         WHERE p.cooperative_id = OLD.cooperative_id
           AND p.as_of = (SELECT max(b.as_of) FROM membership_spans b
                           WHERE b.cooperative_id = OLD.cooperative_id AND b.as_of < OLD.as_of);
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        INSERT INTO membership_spans (cooperative_id, as_of, valid_until, users, workers, supporting)
        VALUES (NEW.cooperative_id, NEW.as_of,
                (SELECT min(n.as_of) FROM membership_spans n
                  WHERE n.cooperative_id = NEW.cooperative_id AND n.as_of > NEW.as_of),
                NEW.users, NEW.workers, NEW.supporting);
        UPDATE membership_spans p
           SET valid_until = NEW.as_of
         WHERE p.cooperative_id = NEW.cooperative_id
           AND p.as_of = (SELECT max(b.as_of) FROM membership_spans b
                           WHERE b.cooperative_id = NEW.cooperative_id AND b.as_of < NEW.as_of);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER membership_counts_spans AFTER INSERT OR UPDATE OR DELETE ON membership_counts
    FOR EACH ROW EXECUTE FUNCTION membership_spans_follow();

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
