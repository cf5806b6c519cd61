DROP TRIGGER webhook_subscriptions_changes_insert ON webhook_subscriptions;
DROP TRIGGER webhook_subscriptions_changes_update ON webhook_subscriptions;
DROP TRIGGER webhook_subscriptions_changes_delete ON webhook_subscriptions;
SELECT track_changes('webhook_subscriptions', 'webhook_subscription', 'secret', 'queued_sequence',
                     'queued_position');
ALTER TABLE webhook_subscriptions
    DROP CONSTRAINT webhook_subscriptions_previous_secret_until,
    DROP COLUMN secret_rotated_at,
    DROP COLUMN previous_secret_until,
    DROP COLUMN previous_secret;
