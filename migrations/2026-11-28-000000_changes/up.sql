-- One append-only record of every write, serving both the audit trail (who changed which
-- fields, old and new) and the change feed partners follow (each resource's new state).
--
-- Rows are written by triggers, in the transaction that makes the change, so no write path
-- can forget one and a rolled-back write records nothing. The application names the actor
-- with transaction-local settings (`coopsante.actor`, `coopsante.actor_role`,
-- `coopsante.request_id`); a write that names none is refused.
CREATE TABLE changes (
    position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tx xid8 NOT NULL DEFAULT pg_current_xact_id(),
    at timestamptz NOT NULL DEFAULT now(),
    actor text NOT NULL,
    actor_role text NOT NULL,
    request_id text,
    resource_type text NOT NULL,
    resource_id uuid NOT NULL,
    action text NOT NULL CONSTRAINT changes_action_check
        CHECK (action IN ('created', 'updated', 'deleted')),
    -- {"field": {"old": …, "new": …}} for every field the write changed.
    changed jsonb NOT NULL,
    -- The row after the write (secrets removed); NULL for a deletion.
    state jsonb,
    -- Whose data this is, for scoping the feed to a co-op manager or a partner.
    cooperative_id uuid,
    partner_id uuid
);

CREATE INDEX changes_tx_idx ON changes (tx, position);
CREATE INDEX changes_resource_idx ON changes (resource_type, resource_id, position);
CREATE INDEX changes_at_idx ON changes (at);

-- Commit order. A transaction takes the next number at COMMIT (a deferred trigger) from a
-- one-row clock whose lock it holds until it has committed, so numbers become visible in
-- exactly the order they were taken, with no gaps: a reader that has seen number n has seen
-- every number below it. Ordering by transaction id alone would not do: a transaction that
-- started first may commit last, after a later one changed the same resource.
CREATE TABLE change_clock (
    only_row boolean PRIMARY KEY DEFAULT true CONSTRAINT change_clock_one_row CHECK (only_row),
    sequence bigint NOT NULL,
    -- Commits up to this number have been purged (older than the retention period).
    purged_through bigint NOT NULL DEFAULT 0
);
INSERT INTO change_clock (sequence) VALUES (0);

CREATE TABLE change_commits (
    tx xid8 PRIMARY KEY,
    sequence bigint NOT NULL CONSTRAINT change_commits_sequence_key UNIQUE
);

CREATE FUNCTION record_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    -- TG_ARGV[0]: the resource type; the other arguments: columns never recorded (secrets).
    hidden text[] := TG_ARGV[1:];
    old_row jsonb;
    new_row jsonb;
    changed jsonb;
    subject jsonb;
    coop uuid;
    partner uuid;
BEGIN
    IF TG_OP <> 'INSERT' THEN old_row := to_jsonb(OLD) - hidden; END IF;
    IF TG_OP <> 'DELETE' THEN new_row := to_jsonb(NEW) - hidden; END IF;
    subject := coalesce(new_row, old_row);
    -- Bookkeeping and derived columns (sort and search keys) are not changes of their own.
    SELECT coalesce(jsonb_object_agg(key, jsonb_build_object('old', old_row -> key, 'new', new_row -> key)), '{}')
      INTO changed
      FROM jsonb_object_keys(subject) AS key
     WHERE key NOT IN ('id', 'version', 'created_at', 'updated_at', 'last_used_at',
                       'search_text', 'sort_name', 'code_key')
       AND coalesce(old_row -> key, 'null') IS DISTINCT FROM coalesce(new_row -> key, 'null');
    IF TG_OP = 'UPDATE' AND changed = '{}' THEN
        RETURN NULL;
    END IF;
    IF nullif(current_setting('coopsante.actor', true), '') IS NULL THEN
        RAISE EXCEPTION 'a write to % names no actor', TG_TABLE_NAME
            USING HINT = 'set coopsante.actor and coopsante.actor_role in the transaction';
    END IF;
    CASE TG_TABLE_NAME
        WHEN 'cooperatives' THEN coop := (subject ->> 'id')::uuid;
        WHEN 'membership_counts' THEN coop := (subject ->> 'cooperative_id')::uuid;
        WHEN 'partners' THEN partner := (subject ->> 'id')::uuid;
        WHEN 'service_agreements' THEN partner := (subject ->> 'partner_id')::uuid;
        WHEN 'agreement_transitions' THEN
            SELECT a.partner_id INTO partner
              FROM service_agreements a WHERE a.id = (subject ->> 'agreement_id')::uuid;
        WHEN 'enrollments' THEN
            coop := (subject ->> 'cooperative_id')::uuid;
            SELECT a.partner_id INTO partner
              FROM service_agreements a WHERE a.id = (subject ->> 'agreement_id')::uuid;
        ELSE NULL;
    END CASE;
    INSERT INTO changes (actor, actor_role, request_id, resource_type, resource_id, action,
                         changed, state, cooperative_id, partner_id)
    VALUES (current_setting('coopsante.actor'),
            coalesce(nullif(current_setting('coopsante.actor_role', true), ''), 'unknown'),
            nullif(current_setting('coopsante.request_id', true), ''),
            TG_ARGV[0], (subject ->> 'id')::uuid,
            CASE TG_OP WHEN 'INSERT' THEN 'created' WHEN 'UPDATE' THEN 'updated' ELSE 'deleted' END,
            changed, new_row, coop, partner);
    RETURN NULL;
END
$$;

CREATE FUNCTION stamp_commit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    next bigint;
BEGIN
    -- Once per transaction, however many changes it made.
    IF current_setting('coopsante.stamped', true) = 'yes' THEN
        RETURN NULL;
    END IF;
    PERFORM set_config('coopsante.stamped', 'yes', true);
    UPDATE change_clock SET sequence = sequence + 1 RETURNING sequence INTO next;
    INSERT INTO change_commits (tx, sequence) VALUES (pg_current_xact_id(), next);
    RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER changes_stamp_commit
    AFTER INSERT ON changes
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION stamp_commit();

CREATE TRIGGER cooperatives_changes AFTER INSERT OR UPDATE OR DELETE ON cooperatives
    FOR EACH ROW EXECUTE FUNCTION record_change('cooperative');
CREATE TRIGGER membership_counts_changes AFTER INSERT OR UPDATE OR DELETE ON membership_counts
    FOR EACH ROW EXECUTE FUNCTION record_change('membership_count');
CREATE TRIGGER strategic_plans_changes AFTER INSERT OR UPDATE OR DELETE ON strategic_plans
    FOR EACH ROW EXECUTE FUNCTION record_change('strategic_plan');
CREATE TRIGGER orientations_changes AFTER INSERT OR UPDATE OR DELETE ON orientations
    FOR EACH ROW EXECUTE FUNCTION record_change('orientation');
CREATE TRIGGER objectives_changes AFTER INSERT OR UPDATE OR DELETE ON objectives
    FOR EACH ROW EXECUTE FUNCTION record_change('objective');
CREATE TRIGGER measurements_changes AFTER INSERT OR UPDATE OR DELETE ON measurements
    FOR EACH ROW EXECUTE FUNCTION record_change('measurement');
CREATE TRIGGER partners_changes AFTER INSERT OR UPDATE OR DELETE ON partners
    FOR EACH ROW EXECUTE FUNCTION record_change('partner');
CREATE TRIGGER service_agreements_changes AFTER INSERT OR UPDATE OR DELETE ON service_agreements
    FOR EACH ROW EXECUTE FUNCTION record_change('service_agreement');
CREATE TRIGGER agreement_transitions_changes
    AFTER INSERT OR UPDATE OR DELETE ON agreement_transitions
    FOR EACH ROW EXECUTE FUNCTION record_change('agreement_transition');
CREATE TRIGGER enrollments_changes AFTER INSERT OR UPDATE OR DELETE ON enrollments
    FOR EACH ROW EXECUTE FUNCTION record_change('enrollment');
CREATE TRIGGER api_clients_changes AFTER INSERT OR UPDATE OR DELETE ON api_clients
    FOR EACH ROW EXECUTE FUNCTION record_change('api_client', 'secret_hash', 'previous_secret_hash');
