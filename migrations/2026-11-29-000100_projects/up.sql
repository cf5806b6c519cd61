-- The federation's projects and studies, the history of their status, and who funds them.
-- Funders are partners of the new kind `funder` (the CQCM, the MEI).

ALTER TABLE partners DROP CONSTRAINT partners_kind_check;
ALTER TABLE partners ADD CONSTRAINT partners_kind_check
  CHECK (kind IN ('insurance_broker', 'insurer', 'telemedicine', 'nutrition', 'sponsor', 'funder', 'other'));

-- The stored status is the last one recorded by a transition.
CREATE TABLE projects (
  id                uuid PRIMARY KEY,
  title             text NOT NULL CONSTRAINT projects_title_length CHECK (char_length(title) BETWEEN 1 AND 300),
  kind              text NOT NULL CONSTRAINT projects_kind_check
    CHECK (kind IN ('study', 'guide', 'service_deployment', 'committee', 'planning', 'other')),
  objective         text CONSTRAINT projects_objective_length CHECK (char_length(objective) <= 5000),
  context           text CONSTRAINT projects_context_length CHECK (char_length(context) <= 5000),
  expected_outcomes text[] NOT NULL DEFAULT '{}'
    CONSTRAINT projects_expected_outcomes_count CHECK (cardinality(expected_outcomes) <= 50),
  status            text NOT NULL DEFAULT 'planned' CONSTRAINT projects_status_check
    CHECK (status IN ('planned', 'in_progress', 'completed', 'paused', 'abandoned')),
  started_on        date,
  completed_on      date,
  document_url      text CONSTRAINT projects_document_url_length CHECK (char_length(document_url) <= 2000),
  -- The plan's orientations and objectives it serves (checked on write).
  orientation_ids   uuid[] NOT NULL DEFAULT '{}',
  objective_ids     uuid[] NOT NULL DEFAULT '{}',
  public            boolean NOT NULL DEFAULT false,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  version           integer NOT NULL DEFAULT 1 CHECK (version >= 1),

  CONSTRAINT projects_dates_order CHECK (completed_on >= started_on),
  CONSTRAINT projects_title_key UNIQUE (title)
);

CREATE TABLE project_transitions (
  id            uuid PRIMARY KEY,
  project_id    uuid NOT NULL
    CONSTRAINT project_transitions_project_id_fkey REFERENCES projects (id) ON DELETE CASCADE,
  from_status   text NOT NULL
    CHECK (from_status IN ('planned', 'in_progress', 'completed', 'paused', 'abandoned')),
  to_status     text NOT NULL
    CHECK (to_status IN ('planned', 'in_progress', 'completed', 'paused', 'abandoned')),
  reason        text NOT NULL CHECK (char_length(reason) BETWEEN 1 AND 2000),
  effective_on  date NOT NULL,
  recorded_by   text NOT NULL,
  recorded_at   timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX project_transitions_history_idx ON project_transitions (project_id, effective_on, id);

CREATE TABLE project_funders (
  id          uuid PRIMARY KEY,
  project_id  uuid NOT NULL
    CONSTRAINT project_funders_project_id_fkey REFERENCES projects (id) ON DELETE CASCADE,
  partner_id  uuid NOT NULL
    CONSTRAINT project_funders_partner_id_fkey REFERENCES partners (id) ON DELETE RESTRICT,
  -- Whole Canadian dollars; NULL when the amount is not known.
  amount      integer CONSTRAINT project_funders_amount_range CHECK (amount BETWEEN 0 AND 100000000),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  version     integer NOT NULL DEFAULT 1 CHECK (version >= 1),

  CONSTRAINT project_funders_partner_key UNIQUE (project_id, partner_id)
);

CREATE INDEX project_funders_partner_idx ON project_funders (partner_id);

ALTER TABLE event_presentations ADD CONSTRAINT event_presentations_project_id_fkey
  FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE RESTRICT;

CREATE TRIGGER projects_changes AFTER INSERT OR UPDATE OR DELETE ON projects
    FOR EACH ROW EXECUTE FUNCTION record_change('project');
CREATE TRIGGER project_transitions_changes AFTER INSERT OR UPDATE OR DELETE ON project_transitions
    FOR EACH ROW EXECUTE FUNCTION record_change('project_transition');
CREATE TRIGGER project_funders_changes AFTER INSERT OR UPDATE OR DELETE ON project_funders
    FOR EACH ROW EXECUTE FUNCTION record_change('project_funder');
