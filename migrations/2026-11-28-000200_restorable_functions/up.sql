-- pg_restore runs with an empty search_path: a function called by a generated column must
-- name what it calls with its schema, or restoring the table fails ("function
-- immutable_unaccent(text) does not exist"). Same result, so stored keys stay valid.
CREATE OR REPLACE FUNCTION search_key(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT regexp_replace(lower(public.immutable_unaccent($1)), '\mco-?op(erative)?s?\M', 'coop', 'g') $$;
