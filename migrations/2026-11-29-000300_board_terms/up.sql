-- Who held which office on the federation's board, and when. Names and offices only.
CREATE TABLE board_terms (
  id              uuid PRIMARY KEY,
  person_name     text NOT NULL CONSTRAINT board_terms_person_name_length CHECK (char_length(person_name) BETWEEN 1 AND 200),
  office          text NOT NULL CONSTRAINT board_terms_office_check
    CHECK (office IN ('president', 'vice_president', 'treasurer', 'secretary', 'director')),
  cooperative_id  uuid
    CONSTRAINT board_terms_cooperative_id_fkey REFERENCES cooperatives (id) ON DELETE RESTRICT,
  -- NULL when the documents do not say.
  from_on         date,
  until_on        date,
  public          boolean NOT NULL DEFAULT false,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  version         integer NOT NULL DEFAULT 1 CHECK (version >= 1),

  CONSTRAINT board_terms_dates_order CHECK (until_on >= from_on)
);

CREATE INDEX board_terms_dates_idx ON board_terms (from_on, until_on);

CREATE TRIGGER board_terms_changes AFTER INSERT OR UPDATE OR DELETE ON board_terms
    FOR EACH ROW EXECUTE FUNCTION record_change('board_term');
