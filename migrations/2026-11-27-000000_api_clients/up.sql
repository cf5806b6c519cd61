-- Credentials of outside systems (partners' integrations, co-ops' front ends, scripts).
-- The secret is stored only as an argon2id hash; after a rotation the previous one keeps
-- working until previous_secret_until, so a client can redeploy without downtime.
CREATE TABLE api_clients (
    id uuid PRIMARY KEY,
    name text NOT NULL
        CONSTRAINT api_clients_name_length CHECK (char_length(name) BETWEEN 1 AND 200),
    role text NOT NULL
        CONSTRAINT api_clients_role_check
        CHECK (role IN ('admin', 'reader', 'coop_manager', 'partner')),
    cooperative_id uuid
        CONSTRAINT api_clients_cooperative_fkey REFERENCES cooperatives (id) ON DELETE RESTRICT,
    partner_id uuid
        CONSTRAINT api_clients_partner_fkey REFERENCES partners (id) ON DELETE RESTRICT,
    secret_hash text NOT NULL,
    previous_secret_hash text,
    previous_secret_until timestamptz,
    expires_at timestamptz,
    revoked_at timestamptz,
    last_used_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version integer NOT NULL DEFAULT 1,
    CONSTRAINT api_clients_binding CHECK (
        (role = 'coop_manager') = (cooperative_id IS NOT NULL)
        AND (role = 'partner') = (partner_id IS NOT NULL)
    ),
    CONSTRAINT api_clients_previous_secret CHECK (
        (previous_secret_hash IS NULL) = (previous_secret_until IS NULL)
    )
);

CREATE INDEX api_clients_cooperative_idx ON api_clients (cooperative_id)
    WHERE cooperative_id IS NOT NULL;
CREATE INDEX api_clients_partner_idx ON api_clients (partner_id) WHERE partner_id IS NOT NULL;

-- Every running instance keeps the set of revoked clients in memory (no query per request);
-- a revocation, however it is made, tells them at once.
CREATE FUNCTION notify_api_client_revoked() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('api_client_revoked', NEW.id::text);
    RETURN NEW;
END
$$;

CREATE TRIGGER api_clients_revoked
    AFTER UPDATE OF revoked_at ON api_clients
    FOR EACH ROW
    WHEN (OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL)
    EXECUTE FUNCTION notify_api_client_revoked();
