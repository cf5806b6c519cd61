-- The change log is written by statement-level triggers over transition tables: a batch of
-- 10,000 counts records its changes in one INSERT … SELECT instead of 10,000 calls of a
-- row trigger (the row trigger was half of a 10,000-count batch's time). One row per
-- created, updated (with at least one changed field) or deleted row, in the order the
-- statement wrote them, as before; `changed` is now '{}' for a creation (see below).

-- Raised from inside the INSERT below, only when there is something to record.
CREATE FUNCTION changes_no_actor(table_name text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'a write to % names no actor', table_name
        USING HINT = 'set coopsante.actor and coopsante.actor_role in the transaction';
END
$$;

CREATE FUNCTION record_changes() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    -- TG_ARGV[0]: the resource type; the other arguments: columns never recorded (secrets).
    hidden text[] := TG_ARGV[1:];
    olds jsonb[];
    news jsonb[];
BEGIN
    -- Each branch names only the transition tables its event has.
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(to_jsonb(n) - hidden) INTO news FROM new_rows n;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(to_jsonb(o) - hidden) INTO olds FROM old_rows o;
    ELSE
        -- Both aggregates read the joined rows in the same order, so the arrays pair up.
        SELECT array_agg(to_jsonb(o) - hidden), array_agg(to_jsonb(n) - hidden)
          INTO olds, news
          FROM old_rows o JOIN new_rows n ON n.id = o.id;
    END IF;
    IF olds IS NULL AND news IS NULL THEN
        RETURN NULL;
    END IF;
    INSERT INTO changes (actor, actor_role, request_id, resource_type, resource_id, action,
                         changed, state, cooperative_id, partner_id)
    SELECT coalesce(nullif(current_setting('coopsante.actor', true), ''),
                    changes_no_actor(TG_TABLE_NAME)),
           coalesce(nullif(current_setting('coopsante.actor_role', true), ''), 'unknown'),
           nullif(current_setting('coopsante.request_id', true), ''),
           TG_ARGV[0], (r.subject ->> 'id')::uuid,
           CASE TG_OP WHEN 'INSERT' THEN 'created' WHEN 'UPDATE' THEN 'updated' ELSE 'deleted' END,
           d.changed, r.new_row,
           -- Whose data this is, for scoping the feed to a co-op manager or a partner.
           CASE TG_TABLE_NAME
               WHEN 'cooperatives' THEN (r.subject ->> 'id')::uuid
               WHEN 'membership_counts' THEN (r.subject ->> 'cooperative_id')::uuid
               WHEN 'enrollments' THEN (r.subject ->> 'cooperative_id')::uuid
           END,
           CASE
               WHEN TG_TABLE_NAME = 'partners' THEN (r.subject ->> 'id')::uuid
               WHEN TG_TABLE_NAME = 'service_agreements' THEN (r.subject ->> 'partner_id')::uuid
               WHEN TG_TABLE_NAME IN ('agreement_transitions', 'enrollments') THEN
                   (SELECT a.partner_id FROM service_agreements a
                     WHERE a.id = (r.subject ->> 'agreement_id')::uuid)
           END
      FROM (SELECT u.old_row, u.new_row, coalesce(u.new_row, u.old_row) AS subject, u.ord
              FROM unnest(olds, news) WITH ORDINALITY AS u(old_row, new_row, ord)) r
     CROSS JOIN LATERAL (
           -- A creation's fields are its state, recorded beside: the API derives its changes
           -- from that (`routes/audit/views.rs`), which takes a third off a 10,000-count
           -- batch's change log and half off the size of a creation's row.
           SELECT CASE WHEN TG_OP = 'INSERT' THEN '{}'::jsonb ELSE (
               -- Bookkeeping and derived columns (sort and search keys) are not changes of
               -- their own (the same list as `NOT_CHANGES` in `routes/audit/views.rs`).
               -- jsonb_each rather than the keys and two lookups each: half the time.
               SELECT coalesce(jsonb_object_agg(e.key, jsonb_build_object('old', r.old_row -> e.key,
                                                                         'new', r.new_row -> e.key)),
                               '{}')
                 FROM jsonb_each(r.subject) AS e
                WHERE e.key NOT IN ('id', 'version', 'created_at', 'updated_at', 'last_used_at',
                                    'search_text', 'sort_name', 'code_key')
                  AND coalesce(r.old_row -> e.key, 'null') IS DISTINCT FROM coalesce(r.new_row -> e.key, 'null')
           ) END AS changed
           ) d
     WHERE TG_OP <> 'UPDATE' OR d.changed <> '{}'
     ORDER BY r.ord;
    RETURN NULL;
END
$$;

-- Records every write to a table in the change log as the given resource type, leaving out
-- the hidden columns. Transition tables allow one event per trigger, hence three.
CREATE FUNCTION track_changes(target regclass, resource text, VARIADIC hidden text[] DEFAULT '{}')
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    name text := (SELECT relname FROM pg_class WHERE oid = target);
    args text := array_to_string(
        (SELECT array_agg(quote_literal(a)) FROM unnest(resource || hidden) AS a), ', ');
BEGIN
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %s REFERENCING NEW TABLE AS new_rows '
                   'FOR EACH STATEMENT EXECUTE FUNCTION record_changes(%s)',
                   name || '_changes_insert', target, args);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %s REFERENCING OLD TABLE AS old_rows '
                   'NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION record_changes(%s)',
                   name || '_changes_update', target, args);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %s REFERENCING OLD TABLE AS old_rows '
                   'FOR EACH STATEMENT EXECUTE FUNCTION record_changes(%s)',
                   name || '_changes_delete', target, args);
END
$$;

-- Every table the row triggers recorded, with the same resource types and hidden columns.
DROP TRIGGER cooperatives_changes ON cooperatives;
DROP TRIGGER membership_counts_changes ON membership_counts;
DROP TRIGGER strategic_plans_changes ON strategic_plans;
DROP TRIGGER orientations_changes ON orientations;
DROP TRIGGER objectives_changes ON objectives;
DROP TRIGGER measurements_changes ON measurements;
DROP TRIGGER partners_changes ON partners;
DROP TRIGGER service_agreements_changes ON service_agreements;
DROP TRIGGER agreement_transitions_changes ON agreement_transitions;
DROP TRIGGER enrollments_changes ON enrollments;
DROP TRIGGER api_clients_changes ON api_clients;
DROP TRIGGER webhook_subscriptions_changes ON webhook_subscriptions;
DROP TRIGGER events_changes ON events;
DROP TRIGGER event_participations_changes ON event_participations;
DROP TRIGGER event_presentations_changes ON event_presentations;
DROP TRIGGER projects_changes ON projects;
DROP TRIGGER project_transitions_changes ON project_transitions;
DROP TRIGGER project_funders_changes ON project_funders;
DROP TRIGGER representations_changes ON representations;
DROP TRIGGER representation_requests_changes ON representation_requests;
DROP TRIGGER board_terms_changes ON board_terms;
SELECT track_changes('cooperatives', 'cooperative');
SELECT track_changes('membership_counts', 'membership_count');
SELECT track_changes('strategic_plans', 'strategic_plan');
SELECT track_changes('orientations', 'orientation');
SELECT track_changes('objectives', 'objective');
SELECT track_changes('measurements', 'measurement');
SELECT track_changes('partners', 'partner');
SELECT track_changes('service_agreements', 'service_agreement');
SELECT track_changes('agreement_transitions', 'agreement_transition');
SELECT track_changes('enrollments', 'enrollment');
SELECT track_changes('api_clients', 'api_client', 'secret_hash', 'previous_secret_hash');
SELECT track_changes('webhook_subscriptions', 'webhook_subscription', 'secret', 'queued_sequence', 'queued_position');
SELECT track_changes('events', 'event');
SELECT track_changes('event_participations', 'event_participation');
SELECT track_changes('event_presentations', 'event_presentation');
SELECT track_changes('projects', 'project');
SELECT track_changes('project_transitions', 'project_transition');
SELECT track_changes('project_funders', 'project_funder');
SELECT track_changes('representations', 'representation');
SELECT track_changes('representation_requests', 'representation_request');
SELECT track_changes('board_terms', 'board_term');

DROP FUNCTION record_change();

COMMENT ON COLUMN changes.changed IS
    '{"field": {"old": …, "new": …}} for every field an update or deletion changed; {} for a creation, whose fields are its state';
