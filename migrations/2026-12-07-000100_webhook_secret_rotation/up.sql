-- A rotated signing secret: the one it replaced keeps signing deliveries (beside the new one)
-- until `previous_secret_until`, so that a receiver can switch without losing any. Both are
-- secrets (the end of the grace says when the old one stops working): never recorded, never
-- shown. `secret_rotated_at` is recorded, so that the audit trail shows each rotation.
ALTER TABLE webhook_subscriptions
    ADD COLUMN previous_secret text,
    ADD COLUMN previous_secret_until timestamptz,
    ADD COLUMN secret_rotated_at timestamptz,
    ADD CONSTRAINT webhook_subscriptions_previous_secret_until
        CHECK ((previous_secret IS NULL) = (previous_secret_until IS NULL));

DROP TRIGGER webhook_subscriptions_changes_insert ON webhook_subscriptions;
DROP TRIGGER webhook_subscriptions_changes_update ON webhook_subscriptions;
DROP TRIGGER webhook_subscriptions_changes_delete ON webhook_subscriptions;
SELECT track_changes('webhook_subscriptions', 'webhook_subscription', 'secret', 'previous_secret',
                     'previous_secret_until', 'queued_sequence', 'queued_position');
