-- Responses to POST requests sent with an Idempotency-Key, replayed when the same caller
-- retries the same request with the same key. Kept 24 hours.
CREATE TABLE idempotency_keys (
  owner         text NOT NULL,
  key           text NOT NULL CHECK (char_length(key) BETWEEN 1 AND 255),
  request_hash  text NOT NULL,
  -- NULL while the first request is being served.
  status        integer,
  headers       jsonb,
  body          bytea,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (owner, key)
);
CREATE INDEX idempotency_keys_created_at_idx ON idempotency_keys (created_at);
