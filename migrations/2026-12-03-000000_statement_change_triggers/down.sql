-- Creations recorded meanwhile keep {} in `changed`; their fields are in `state`.
COMMENT ON COLUMN changes.changed IS NULL;
-- Back to one row trigger per table.
DROP TRIGGER cooperatives_changes_insert ON cooperatives;
DROP TRIGGER cooperatives_changes_update ON cooperatives;
DROP TRIGGER cooperatives_changes_delete ON cooperatives;
DROP TRIGGER membership_counts_changes_insert ON membership_counts;
DROP TRIGGER membership_counts_changes_update ON membership_counts;
DROP TRIGGER membership_counts_changes_delete ON membership_counts;
DROP TRIGGER strategic_plans_changes_insert ON strategic_plans;
DROP TRIGGER strategic_plans_changes_update ON strategic_plans;
DROP TRIGGER strategic_plans_changes_delete ON strategic_plans;
DROP TRIGGER orientations_changes_insert ON orientations;
DROP TRIGGER orientations_changes_update ON orientations;
DROP TRIGGER orientations_changes_delete ON orientations;
DROP TRIGGER objectives_changes_insert ON objectives;
DROP TRIGGER objectives_changes_update ON objectives;
DROP TRIGGER objectives_changes_delete ON objectives;
DROP TRIGGER measurements_changes_insert ON measurements;
DROP TRIGGER measurements_changes_update ON measurements;
DROP TRIGGER measurements_changes_delete ON measurements;
DROP TRIGGER partners_changes_insert ON partners;
DROP TRIGGER partners_changes_update ON partners;
DROP TRIGGER partners_changes_delete ON partners;
DROP TRIGGER service_agreements_changes_insert ON service_agreements;
DROP TRIGGER service_agreements_changes_update ON service_agreements;
DROP TRIGGER service_agreements_changes_delete ON service_agreements;
DROP TRIGGER agreement_transitions_changes_insert ON agreement_transitions;
DROP TRIGGER agreement_transitions_changes_update ON agreement_transitions;
DROP TRIGGER agreement_transitions_changes_delete ON agreement_transitions;
DROP TRIGGER enrollments_changes_insert ON enrollments;
DROP TRIGGER enrollments_changes_update ON enrollments;
DROP TRIGGER enrollments_changes_delete ON enrollments;
DROP TRIGGER api_clients_changes_insert ON api_clients;
DROP TRIGGER api_clients_changes_update ON api_clients;
DROP TRIGGER api_clients_changes_delete ON api_clients;
DROP TRIGGER webhook_subscriptions_changes_insert ON webhook_subscriptions;
DROP TRIGGER webhook_subscriptions_changes_update ON webhook_subscriptions;
DROP TRIGGER webhook_subscriptions_changes_delete ON webhook_subscriptions;
DROP TRIGGER events_changes_insert ON events;
DROP TRIGGER events_changes_update ON events;
DROP TRIGGER events_changes_delete ON events;
DROP TRIGGER event_participations_changes_insert ON event_participations;
DROP TRIGGER event_participations_changes_update ON event_participations;
DROP TRIGGER event_participations_changes_delete ON event_participations;
DROP TRIGGER event_presentations_changes_insert ON event_presentations;
DROP TRIGGER event_presentations_changes_update ON event_presentations;
DROP TRIGGER event_presentations_changes_delete ON event_presentations;
DROP TRIGGER projects_changes_insert ON projects;
DROP TRIGGER projects_changes_update ON projects;
DROP TRIGGER projects_changes_delete ON projects;
DROP TRIGGER project_transitions_changes_insert ON project_transitions;
DROP TRIGGER project_transitions_changes_update ON project_transitions;
DROP TRIGGER project_transitions_changes_delete ON project_transitions;
DROP TRIGGER project_funders_changes_insert ON project_funders;
DROP TRIGGER project_funders_changes_update ON project_funders;
DROP TRIGGER project_funders_changes_delete ON project_funders;
DROP TRIGGER representations_changes_insert ON representations;
DROP TRIGGER representations_changes_update ON representations;
DROP TRIGGER representations_changes_delete ON representations;
DROP TRIGGER representation_requests_changes_insert ON representation_requests;
DROP TRIGGER representation_requests_changes_update ON representation_requests;
DROP TRIGGER representation_requests_changes_delete ON representation_requests;
DROP TRIGGER board_terms_changes_insert ON board_terms;
DROP TRIGGER board_terms_changes_update ON board_terms;
DROP TRIGGER board_terms_changes_delete ON board_terms;
DROP FUNCTION track_changes(regclass, text, text[]);
DROP FUNCTION record_changes();
DROP FUNCTION changes_no_actor(text);

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
CREATE TRIGGER agreement_transitions_changes AFTER INSERT OR UPDATE OR DELETE ON agreement_transitions
    FOR EACH ROW EXECUTE FUNCTION record_change('agreement_transition');
CREATE TRIGGER enrollments_changes AFTER INSERT OR UPDATE OR DELETE ON enrollments
    FOR EACH ROW EXECUTE FUNCTION record_change('enrollment');
CREATE TRIGGER api_clients_changes AFTER INSERT OR UPDATE OR DELETE ON api_clients
    FOR EACH ROW EXECUTE FUNCTION record_change('api_client', 'secret_hash', 'previous_secret_hash');
CREATE TRIGGER webhook_subscriptions_changes AFTER INSERT OR UPDATE OR DELETE ON webhook_subscriptions
    FOR EACH ROW EXECUTE FUNCTION record_change('webhook_subscription', 'secret', 'queued_sequence', 'queued_position');
CREATE TRIGGER events_changes AFTER INSERT OR UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION record_change('event');
CREATE TRIGGER event_participations_changes AFTER INSERT OR UPDATE OR DELETE ON event_participations
    FOR EACH ROW EXECUTE FUNCTION record_change('event_participation');
CREATE TRIGGER event_presentations_changes AFTER INSERT OR UPDATE OR DELETE ON event_presentations
    FOR EACH ROW EXECUTE FUNCTION record_change('event_presentation');
CREATE TRIGGER projects_changes AFTER INSERT OR UPDATE OR DELETE ON projects
    FOR EACH ROW EXECUTE FUNCTION record_change('project');
CREATE TRIGGER project_transitions_changes AFTER INSERT OR UPDATE OR DELETE ON project_transitions
    FOR EACH ROW EXECUTE FUNCTION record_change('project_transition');
CREATE TRIGGER project_funders_changes AFTER INSERT OR UPDATE OR DELETE ON project_funders
    FOR EACH ROW EXECUTE FUNCTION record_change('project_funder');
CREATE TRIGGER representations_changes AFTER INSERT OR UPDATE OR DELETE ON representations
    FOR EACH ROW EXECUTE FUNCTION record_change('representation');
CREATE TRIGGER representation_requests_changes AFTER INSERT OR UPDATE OR DELETE ON representation_requests
    FOR EACH ROW EXECUTE FUNCTION record_change('representation_request');
CREATE TRIGGER board_terms_changes AFTER INSERT OR UPDATE OR DELETE ON board_terms
    FOR EACH ROW EXECUTE FUNCTION record_change('board_term');
