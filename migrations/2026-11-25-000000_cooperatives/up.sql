-- The register of member cooperatives.
-- Enumerations are text with CHECK constraints (not PG enums) so that adding a value is a
-- one-line migration; the application validates first, the constraints are the last line.

CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- unaccent() is only STABLE (its dictionary could change), so it cannot back an index;
-- pinning the dictionary makes this wrapper safe to declare IMMUTABLE.
CREATE FUNCTION immutable_unaccent(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;

-- The search key of a text: lower case, no accents, and every spelling of "coopérative"
-- ("coop", "co-op", "coopératives") folded to "coop", so that "cooperative sante montreal"
-- finds "Coop solidarité santé Montréal". Queries must fold their words the same way.
CREATE FUNCTION search_key(text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  AS $$ SELECT regexp_replace(lower(immutable_unaccent($1)), '\mco-?op(erative)?s?\M', 'coop', 'g') $$;

CREATE TABLE cooperatives (
  id                uuid PRIMARY KEY,
  name              text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
  legal_name        text CHECK (char_length(legal_name) BETWEEN 1 AND 200),
  legal_form        text NOT NULL
    CHECK (legal_form IN ('consumer', 'producer', 'worker', 'worker_shareholder', 'solidarity')),
  neq               text CONSTRAINT cooperatives_neq_format CHECK (neq ~ '^[0-9]{10}$'),
  street            text,
  municipality      text NOT NULL CHECK (char_length(municipality) BETWEEN 1 AND 100),
  province          text NOT NULL
    CHECK (province IN ('AB','BC','MB','NB','NL','NS','NT','NU','ON','PE','QC','SK','YT')),
  postal_code       text CHECK (postal_code ~ '^[ABCEGHJ-NPRSTVXY][0-9][ABCEGHJ-NPRSTV-Z] [0-9][ABCEGHJ-NPRSTV-Z][0-9]$'),
  region            text CHECK (region ~ '^(0[1-9]|1[0-7])$'),
  phone             text,
  email             text,
  website           text,
  founded_on        date,
  services          text[] NOT NULL DEFAULT '{}',
  hosts_gmf         boolean NOT NULL DEFAULT false,
  federation_status text NOT NULL CHECK (federation_status IN ('prospect', 'member', 'former')),
  member_since      date,
  left_on           date,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  version           integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  -- Derived columns for search and for accent-insensitive ordering by name.
  search_text       text NOT NULL GENERATED ALWAYS AS (search_key(name || ' ' || municipality)) STORED,
  sort_name         text NOT NULL GENERATED ALWAYS AS (lower(immutable_unaccent(name))) STORED,

  CONSTRAINT cooperatives_neq_key UNIQUE (neq),
  CONSTRAINT cooperatives_region_iff_quebec CHECK ((province = 'QC') = (region IS NOT NULL)),
  CONSTRAINT cooperatives_status_dates CHECK (
    CASE federation_status
      WHEN 'prospect' THEN member_since IS NULL AND left_on IS NULL
      WHEN 'member'   THEN member_since IS NOT NULL AND left_on IS NULL
      WHEN 'former'   THEN member_since IS NOT NULL AND left_on IS NOT NULL AND left_on > member_since
    END),
  CONSTRAINT cooperatives_founded_before_joining CHECK (founded_on <= member_since)
);

CREATE INDEX cooperatives_search_idx ON cooperatives USING gin (search_text gin_trgm_ops);
CREATE INDEX cooperatives_sort_name_idx ON cooperatives (sort_name, id);
CREATE INDEX cooperatives_updated_at_idx ON cooperatives (updated_at, id);
CREATE INDEX cooperatives_member_since_idx ON cooperatives (member_since, id);
CREATE INDEX cooperatives_services_idx ON cooperatives USING gin (services);
