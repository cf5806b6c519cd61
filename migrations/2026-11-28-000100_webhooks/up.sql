-- Webhook subscriptions and their deliveries. Deliveries are made from the change feed:
-- each subscription keeps the feed position up to which its deliveries have been queued.
CREATE TABLE webhook_subscriptions (
    id uuid PRIMARY KEY,
    url text NOT NULL CONSTRAINT webhook_subscriptions_url_length
        CHECK (char_length(url) BETWEEN 1 AND 2000),
    -- `resource.action` (`cooperative.updated`) or `resource.*`.
    events text[] NOT NULL CONSTRAINT webhook_subscriptions_events_not_empty
        CHECK (cardinality(events) > 0),
    -- A partner's subscription gets only what that partner may read.
    partner_id uuid CONSTRAINT webhook_subscriptions_partner_fkey
        REFERENCES partners (id) ON DELETE CASCADE,
    description text CONSTRAINT webhook_subscriptions_description_length
        CHECK (char_length(description) <= 500),
    -- Signs deliveries (Standard Webhooks): needed in clear to sign, never shown again.
    secret text NOT NULL,
    status text NOT NULL DEFAULT 'active' CONSTRAINT webhook_subscriptions_status_check
        CHECK (status IN ('active', 'paused', 'disabled')),
    disabled_reason text,
    -- Feed position up to which deliveries have been queued.
    queued_sequence bigint NOT NULL,
    queued_position bigint NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version integer NOT NULL DEFAULT 1
);

CREATE TABLE webhook_deliveries (
    id uuid PRIMARY KEY,
    subscription_id uuid NOT NULL CONSTRAINT webhook_deliveries_subscription_fkey
        REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
    sequence bigint NOT NULL,
    position bigint NOT NULL,
    event text NOT NULL,
    payload jsonb NOT NULL,
    status text NOT NULL DEFAULT 'pending' CONSTRAINT webhook_deliveries_status_check
        CHECK (status IN ('pending', 'succeeded', 'failed')),
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    -- A worker that claimed the delivery holds it until then; if it dies, another retries.
    leased_until timestamptz,
    last_status_code integer,
    last_error text,
    created_at timestamptz NOT NULL DEFAULT now(),
    completed_at timestamptz,
    CONSTRAINT webhook_deliveries_one_per_change UNIQUE (subscription_id, sequence, position)
);

-- The oldest pending delivery of each subscription is the next one sent (in order).
CREATE INDEX webhook_deliveries_pending_idx ON webhook_deliveries (subscription_id, sequence, position)
    WHERE status = 'pending';
CREATE INDEX webhook_deliveries_list_idx ON webhook_deliveries (subscription_id, created_at DESC, id);

-- Subscriptions are part of the audit trail (without their secret); deliveries are not.
CREATE TRIGGER webhook_subscriptions_changes
    AFTER INSERT OR UPDATE OR DELETE ON webhook_subscriptions
    FOR EACH ROW EXECUTE FUNCTION record_change('webhook_subscription', 'secret', 'queued_sequence', 'queued_position');
