-- Strategic plans: a plan has ordered orientations, an orientation has objectives, an
-- objective has dated measurements of its indicator (unless a built-in source computes them).

CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE strategic_plans (
  id           uuid PRIMARY KEY,
  title        text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
  period_start date NOT NULL,
  period_end   date NOT NULL,
  adopted_on   date,
  status       text NOT NULL CHECK (status IN ('draft', 'adopted', 'closed')),
  mission      text CHECK (char_length(mission) BETWEEN 1 AND 4000),
  vision       text CHECK (char_length(vision) BETWEEN 1 AND 4000),
  core_values  text[] NOT NULL DEFAULT '{}',
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  version      integer NOT NULL DEFAULT 1 CHECK (version >= 1),

  CONSTRAINT strategic_plans_title_key UNIQUE (title),
  CONSTRAINT strategic_plans_period_order CHECK (period_end > period_start),
  CONSTRAINT strategic_plans_adoption CHECK ((status = 'draft') = (adopted_on IS NULL)),
  -- Two adopted plans never steer the same day.
  CONSTRAINT strategic_plans_adopted_overlap EXCLUDE USING gist (
    daterange(period_start, period_end, '[]') WITH &&
  ) WHERE (status = 'adopted')
);

CREATE INDEX strategic_plans_period_idx ON strategic_plans (period_start, id);

CREATE TABLE orientations (
  id          uuid PRIMARY KEY,
  plan_id     uuid NOT NULL
    CONSTRAINT orientations_plan_fkey REFERENCES strategic_plans (id) ON DELETE RESTRICT,
  number      integer NOT NULL CONSTRAINT orientations_number_range CHECK (number BETWEEN 1 AND 99),
  title       text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 300),
  description text CHECK (char_length(description) BETWEEN 1 AND 4000),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  version     integer NOT NULL DEFAULT 1 CHECK (version >= 1),

  CONSTRAINT orientations_number_key UNIQUE (plan_id, number)
);

CREATE TABLE objectives (
  id               uuid PRIMARY KEY,
  orientation_id   uuid NOT NULL
    CONSTRAINT objectives_orientation_fkey REFERENCES orientations (id) ON DELETE RESTRICT,
  code             text NOT NULL
    CONSTRAINT objectives_code_format CHECK (code ~ '^[1-9][0-9]?(\.(0|[1-9][0-9]?)){1,2}$'),
  -- The code as numbers, so that 1.10 sorts after 1.9.
  code_key         integer[] NOT NULL GENERATED ALWAYS AS (string_to_array(code, '.')::integer[]) STORED,
  title            text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 300),
  description      text CHECK (char_length(description) BETWEEN 1 AND 4000),
  owner            text CHECK (char_length(owner) BETWEEN 1 AND 200),
  indicator        text NOT NULL CHECK (char_length(indicator) BETWEEN 1 AND 300),
  indicator_source text CHECK (indicator_source IN ('member_cooperatives')),
  unit             text CHECK (char_length(unit) BETWEEN 1 AND 50),
  direction        text NOT NULL CHECK (direction IN ('increase', 'decrease')),
  baseline_value   double precision NOT NULL,
  baseline_date    date NOT NULL,
  target_value     double precision NOT NULL,
  target_date      date NOT NULL,
  status           text NOT NULL
    CHECK (status IN ('not_started', 'in_progress', 'achieved', 'abandoned')),
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  version          integer NOT NULL DEFAULT 1 CHECK (version >= 1),

  CONSTRAINT objectives_code_key UNIQUE (orientation_id, code),
  CONSTRAINT objectives_dates_order CHECK (target_date > baseline_date),
  CONSTRAINT objectives_target_direction CHECK (
    CASE direction
      WHEN 'increase' THEN target_value > baseline_value
      WHEN 'decrease' THEN target_value < baseline_value
    END)
);

CREATE INDEX objectives_orientation_order_idx ON objectives (orientation_id, code_key, id);

CREATE TABLE measurements (
  id           uuid PRIMARY KEY,
  objective_id uuid NOT NULL
    CONSTRAINT measurements_objective_fkey REFERENCES objectives (id) ON DELETE CASCADE,
  as_of        date NOT NULL,
  value        double precision NOT NULL,
  comment      text CHECK (char_length(comment) BETWEEN 1 AND 2000),
  source       text CHECK (char_length(source) BETWEEN 1 AND 200),
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  version      integer NOT NULL DEFAULT 1 CHECK (version >= 1),

  CONSTRAINT measurements_as_of_key UNIQUE (objective_id, as_of)
);
