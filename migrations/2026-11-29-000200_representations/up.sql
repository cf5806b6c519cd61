-- The federation's briefs and meetings with authorities, and their numbered requests.
CREATE TABLE representations (
  id             uuid PRIMARY KEY,
  title          text NOT NULL CONSTRAINT representations_title_length CHECK (char_length(title) BETWEEN 1 AND 300),
  kind           text NOT NULL CONSTRAINT representations_kind_check CHECK (kind IN ('brief', 'meeting')),
  authority      text NOT NULL CONSTRAINT representations_authority_length CHECK (char_length(authority) BETWEEN 1 AND 300),
  consultation   text CONSTRAINT representations_consultation_length CHECK (char_length(consultation) <= 300),
  filed_on       date,
  held_on        date,
  summary        text CONSTRAINT representations_summary_length CHECK (char_length(summary) <= 5000),
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  version        integer NOT NULL DEFAULT 1 CHECK (version >= 1),

  CONSTRAINT representations_title_key UNIQUE (title)
);

CREATE TABLE representation_requests (
  id                 uuid PRIMARY KEY,
  representation_id  uuid NOT NULL
    CONSTRAINT representation_requests_representation_id_fkey REFERENCES representations (id) ON DELETE CASCADE,
  number             integer NOT NULL CONSTRAINT representation_requests_number_range CHECK (number BETWEEN 1 AND 1000),
  text               text NOT NULL CONSTRAINT representation_requests_text_length CHECK (char_length(text) BETWEEN 1 AND 5000),
  -- What came of it, once known.
  outcome            text CONSTRAINT representation_requests_outcome_length CHECK (char_length(outcome) <= 5000),
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  version            integer NOT NULL DEFAULT 1 CHECK (version >= 1),

  CONSTRAINT representation_requests_number_key UNIQUE (representation_id, number)
);

CREATE TRIGGER representations_changes AFTER INSERT OR UPDATE OR DELETE ON representations
    FOR EACH ROW EXECUTE FUNCTION record_change('representation');
CREATE TRIGGER representation_requests_changes AFTER INSERT OR UPDATE OR DELETE ON representation_requests
    FOR EACH ROW EXECUTE FUNCTION record_change('representation_request');
