CREATE OR REPLACE FUNCTION search_key(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT regexp_replace(lower(immutable_unaccent($1)), '\mco-?op(erative)?s?\M', 'coop', 'g') $$;
