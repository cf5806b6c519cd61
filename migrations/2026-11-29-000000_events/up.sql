-- The federation's events (members' days, national days, AGMs, committees), who came from
-- which co-op, and who presented what.
--
-- Attendance comes from one of three sources, never mixed up: per-co-op participations
-- (when the co-ops are known), totals reported without names ("17 representatives of 12
-- co-ops"), or an approximate head count ("une quinzaine"), which is stored as approximate
-- and never as an exact total.
CREATE TABLE events (
  id            uuid PRIMARY KEY,
  title         text NOT NULL CONSTRAINT events_title_length CHECK (char_length(title) BETWEEN 1 AND 200),
  kind          text NOT NULL CONSTRAINT events_kind_check
    CHECK (kind IN ('agm', 'members_day', 'national_day', 'committee', 'webinar', 'other')),
  starts_on     date NOT NULL,
  ends_on       date,
  municipality  text CONSTRAINT events_municipality_length CHECK (char_length(municipality) BETWEEN 1 AND 100),
  description   text CONSTRAINT events_description_length CHECK (char_length(description) <= 5000),
  -- Totals a document reports without naming the co-ops.
  reported_representatives  integer CONSTRAINT events_reported_representatives_range
    CHECK (reported_representatives BETWEEN 0 AND 100000),
  reported_cooperatives     integer CONSTRAINT events_reported_cooperatives_range
    CHECK (reported_cooperatives BETWEEN 0 AND 100000),
  -- "About N": an estimate, never an exact total.
  approximate_representatives integer CONSTRAINT events_approximate_representatives_range
    CHECK (approximate_representatives BETWEEN 1 AND 100000),
  -- The document's own words for the attendance ("une quinzaine de représentants").
  attendance_note text CONSTRAINT events_attendance_note_length CHECK (char_length(attendance_note) <= 500),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  version       integer NOT NULL DEFAULT 1 CHECK (version >= 1),

  CONSTRAINT events_dates_order CHECK (ends_on >= starts_on),
  CONSTRAINT events_exact_or_approximate
    CHECK (reported_representatives IS NULL OR approximate_representatives IS NULL),
  CONSTRAINT events_title_key UNIQUE (starts_on, title)
);

CREATE INDEX events_starts_on_idx ON events (starts_on, id);

CREATE TABLE event_participations (
  id              uuid PRIMARY KEY,
  event_id        uuid NOT NULL
    CONSTRAINT event_participations_event_id_fkey REFERENCES events (id) ON DELETE CASCADE,
  cooperative_id  uuid NOT NULL
    CONSTRAINT event_participations_cooperative_id_fkey REFERENCES cooperatives (id) ON DELETE RESTRICT,
  representatives integer NOT NULL CONSTRAINT event_participations_representatives_range
    CHECK (representatives BETWEEN 1 AND 1000),
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  version         integer NOT NULL DEFAULT 1 CHECK (version >= 1),

  CONSTRAINT event_participations_cooperative_key UNIQUE (event_id, cooperative_id)
);

CREATE INDEX event_participations_cooperative_idx ON event_participations (cooperative_id);

-- `project_id` gets its foreign key with the projects table.
CREATE TABLE event_presentations (
  id              uuid PRIMARY KEY,
  event_id        uuid NOT NULL
    CONSTRAINT event_presentations_event_id_fkey REFERENCES events (id) ON DELETE CASCADE,
  title           text NOT NULL CONSTRAINT event_presentations_title_length CHECK (char_length(title) BETWEEN 1 AND 500),
  presenter_name  text CONSTRAINT event_presentations_presenter_name_length CHECK (char_length(presenter_name) BETWEEN 1 AND 200),
  presenter_role  text CONSTRAINT event_presentations_presenter_role_length CHECK (char_length(presenter_role) BETWEEN 1 AND 200),
  partner_id      uuid
    CONSTRAINT event_presentations_partner_id_fkey REFERENCES partners (id) ON DELETE RESTRICT,
  project_id      uuid,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  version         integer NOT NULL DEFAULT 1 CHECK (version >= 1),

  CONSTRAINT event_presentations_title_key UNIQUE (event_id, title)
);

CREATE INDEX event_presentations_event_idx ON event_presentations (event_id, id);
CREATE INDEX event_presentations_partner_idx ON event_presentations (partner_id);

CREATE TRIGGER events_changes AFTER INSERT OR UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION record_change('event');
CREATE TRIGGER event_participations_changes AFTER INSERT OR UPDATE OR DELETE ON event_participations
    FOR EACH ROW EXECUTE FUNCTION record_change('event_participation');
CREATE TRIGGER event_presentations_changes AFTER INSERT OR UPDATE OR DELETE ON event_presentations
    FOR EACH ROW EXECUTE FUNCTION record_change('event_presentation');
